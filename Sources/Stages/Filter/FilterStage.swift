import Foundation
import GalleyCore

/// Drops documents by language, length or a regular expression on the text.
///
/// A dropped document leaves the run with a reason (`12 characters, fewer than min_chars 50`);
/// the runner counts it as `dropped` for this stage in `metrics.json`, so nothing is lost
/// silently. Checks run in the order language, length, pattern, and the first that fails
/// decides the reason.
public struct FilterStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "filter",
        summary: "Drops documents by language, length or a regular expression on the text.",
        options: [
            OptionSpec("languages", .list(.string), default: .list([]),
                       "Keep only these languages (ISO 639-1: zh, en, …); empty keeps every language. Uses the document's language, else a guess from its scripts and common words."),
            OptionSpec("min_chars", .integer(min: 0), default: .int(0),
                       "Drop documents with fewer characters than this (whitespace not counted)."),
            OptionSpec("max_chars", .integer(min: 1),
                       "Drop documents with more characters than this (whitespace not counted); unset means no limit."),
            OptionSpec("drop_if_matches", .regex,
                       "Drop documents whose text matches this regular expression (ICU syntax; (?m) for ^ and $ at line ends)."),
        ])

    let languages: [String]
    let minimumCharacters: Int
    let maximumCharacters: Int?
    let pattern: NSRegularExpression?

    public init(setup: StageSetup) throws {
        languages = (setup.options.strings("languages") ?? []).map { $0.lowercased() }
        for language in languages where !Self.looksLikeLanguageCode(language) {
            throw StageError("languages: '\(language)' is not a language code; use ISO 639-1 codes such as zh, en, ja")
        }
        minimumCharacters = setup.options.int("min_chars") ?? 0
        maximumCharacters = setup.options.int("max_chars")
        if let maximumCharacters, maximumCharacters < minimumCharacters {
            throw StageError("max_chars (\(maximumCharacters)) is smaller than min_chars (\(minimumCharacters)): every document would be dropped")
        }
        if let text = setup.options.string("drop_if_matches") {
            do {
                pattern = try NSRegularExpression(pattern: text)
            } catch {
                throw StageError("drop_if_matches is not a valid regular expression: \(text)")
            }
        } else {
            pattern = nil
        }
    }

    public func process(_ document: inout Document) throws -> Disposition {
        if !languages.isEmpty {
            let language = document.language ?? LanguageGuess.guess(document.text)
            guard let language, languages.contains(where: { Self.language(language, matches: $0) }) else {
                let shown = language.map { "'\($0)'" } ?? "unknown language"
                return .drop(reason: "\(shown) is not one of languages [\(languages.joined(separator: ", "))]")
            }
        }
        if minimumCharacters > 0 || maximumCharacters != nil {
            let count = Self.characterCount(document.text)
            if count < minimumCharacters {
                return .drop(reason: "\(count) characters, fewer than min_chars \(minimumCharacters)")
            }
            if let maximumCharacters, count > maximumCharacters {
                return .drop(reason: "\(count) characters, more than max_chars \(maximumCharacters)")
            }
        }
        if let pattern {
            let text = document.text
            if let range = try Self.firstMatch(of: pattern, in: text, budget: Self.matchBudget) {
                let line = text[..<range.lowerBound].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
                return .drop(reason: "matches drop_if_matches at line \(line): \"\(Self.excerpt(text[range]))\"")
            }
        }
        return .keep
    }

    /// Seconds one document's pattern match may take. ICU matches by backtracking, so a
    /// pattern such as `(a+)+$` can take exponential time on some texts; past this budget the
    /// document fails with a message naming the pattern instead of stalling the run.
    static let matchBudget = 2.0

    /// The first match of `regex` in `text`; throws when matching runs past `budget` seconds.
    static func firstMatch(of regex: NSRegularExpression, in text: String, budget: Double) throws -> Range<String.Index>? {
        let started = DispatchTime.now().uptimeNanoseconds
        let limit = UInt64(budget * 1e9)
        var found: NSRange?
        var overBudget = false
        regex.enumerateMatches(in: text, options: [.reportProgress], range: NSRange(text.startIndex..., in: text)) { match, _, stop in
            if let match {
                found = match.range
                stop.pointee = true
            } else if DispatchTime.now().uptimeNanoseconds - started > limit {
                overBudget = true
                stop.pointee = true
            }
        }
        if overBudget {
            throw StageError("drop_if_matches /\(regex.pattern)/ took more than \(budget) s on this document; simplify the pattern (nested repetition such as (a+)+ backtracks exponentially)")
        }
        return found.flatMap { Range($0, in: text) }
    }

    /// Characters of `text` that are not whitespace.
    static func characterCount(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + ($1.properties.isWhitespace ? 0 : 1) }
    }

    /// Two or three letters, optionally followed by subtags: `zh`, `yue`, `zh-hant`.
    static func looksLikeLanguageCode(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard let first = parts.first, (2...3).contains(first.count),
              first.allSatisfy({ $0.isASCII && $0.isLetter }) else { return false }
        return parts.dropFirst().allSatisfy { !$0.isEmpty && $0.count <= 8 && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) } }
    }

    /// `zh-Hans` and `ZH` match `zh`; `zh` does not match `zh-hant`.
    static func language(_ language: String, matches wanted: String) -> Bool {
        let language = language.lowercased().replacingOccurrences(of: "_", with: "-")
        return language == wanted || language.hasPrefix(wanted + "-")
    }

    static func excerpt(_ text: Substring) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "⏎")
        return flat.count > 40 ? String(flat.prefix(40)) + "…" : flat
    }
}
