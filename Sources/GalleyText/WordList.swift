import Foundation

/// A word list for spelling decisions (the `dehyphenate` stage's `lexicon`: the names and terms of
/// a user's documents), held as lower-cased words. Loaded once and shared read-only between threads.
public struct WordList: Sendable {
    private let words: Set<String>

    public init<S: Sequence>(_ words: S) where S.Element == String {
        self.words = Set(words.map { $0.lowercased() })
    }

    /// Reads one word a line. Lines with an apostrophe (`Oxford's`) are left out: possessives are
    /// not words of their own.
    public init(contentsOf url: URL) throws {
        let text = try String(contentsOf: url, encoding: .utf8)
        var words = Set<String>()
        words.reserveCapacity(text.utf8.count / 9)
        for line in text.split(whereSeparator: \.isNewline) where !line.contains("'") {
            let word = line.trimmingCharacters(in: .whitespaces)
            if !word.isEmpty { words.insert(word.lowercased()) }
        }
        self.words = words
    }

    public var count: Int { words.count }

    /// Whether `word` (compared lower-cased) is in the list.
    public func contains(_ word: String) -> Bool {
        words.contains(word.lowercased())
    }

    /// Whether `word`, already in lower case, is in the list (spares lower-casing it again).
    public func contains(lowercased word: String) -> Bool {
        words.contains(word)
    }
}
