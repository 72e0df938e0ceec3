import Foundation
import GalleyText

/// What a user typed into `galley search`, split into terms that must all match.
///
/// Terms are separated by spaces; `"double quotes"` keep a phrase together. A term that
/// contains Chinese, Japanese or Korean letters is looked up in the trigram index (as a
/// substring, since those scripts put no spaces between words); any other term in the word
/// index, where `porter` stemming lets `vaccines` find `vaccinated`. The trigram index cannot
/// look up fewer than three characters, so a CJK term of one or two characters (`核酸`) is
/// found by scanning the passages.
public struct SearchQuery: Sendable, Hashable {
    /// One term of a query.
    public struct Term: Sendable, Hashable {
        public var text: String
        public var kind: Kind

        public init(text: String, kind: Kind) {
            self.text = text
            self.kind = kind
        }

        public enum Kind: Sendable, Hashable {
            /// Words for the `porter unicode61` index.
            case words
            /// CJK text of three characters or more, for the trigram index.
            case trigrams
            /// CJK text of one or two characters, found with a scan.
            case substring
        }
    }

    public var terms: [Term]

    public init(_ text: String) {
        terms = Self.split(text).compactMap { raw in
            let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { return nil }
            if trimmed.unicodeScalars.contains(where: \.isCJKLetter) {
                return Term(text: trimmed, kind: trimmed.unicodeScalars.count >= 3 ? .trigrams : .substring)
            }
            // A term of punctuation only has no words to look for.
            guard trimmed.unicodeScalars.contains(where: { $0.properties.isAlphabetic || $0.properties.numericType != nil })
            else { return nil }
            return Term(text: trimmed, kind: .words)
        }
    }

    public var isEmpty: Bool { terms.isEmpty }

    func terms(_ kind: Term.Kind) -> [String] {
        terms.filter { $0.kind == kind }.map(\.text)
    }

    /// An FTS5 query that matches every one of `terms`, each as a quoted string, so that
    /// nothing a user types is read as FTS5 syntax.
    ///
    /// Quotes are found and doubled by Unicode scalar, as FTS5 reads them, not by `Character`:
    /// a quote followed by a combining mark (`"\u{301}`) is one `Character` that is not `"`, and
    /// was left as it was, ending the string early (found by the fuzz target `search-query`).
    static func matchExpression(_ terms: [String]) -> String {
        terms.map { term in
            var quoted = String.UnicodeScalarView()
            quoted.append("\"")
            for scalar in term.unicodeScalars {
                if scalar == "\"" { quoted.append("\"") }
                quoted.append(scalar)
            }
            quoted.append("\"")
            return String(quoted)
        }.joined(separator: " AND ")
    }

    /// Splits on white space, keeping `"quoted phrases"` whole; by Unicode scalar, so that every
    /// quote counts, even one a combining mark follows.
    static func split(_ text: String) -> [String] {
        var terms: [String] = []
        var current = String.UnicodeScalarView()
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" {
                if !current.isEmpty { terms.append(String(current)) }
                current = String.UnicodeScalarView()
                quoted.toggle()
            } else if scalar.properties.isWhitespace && !quoted {
                if !current.isEmpty { terms.append(String(current)) }
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { terms.append(String(current)) }
        return terms
    }
}
