import GalleyText

/// What the stage knows about words beyond the document: a spelling dictionary with affix rules
/// (Hunspell), hyphenation patterns (libhyphen) and a user's word list. Each part is optional;
/// with none, the stage decides from the document and the shape of the break alone.
struct Lexicon: Sendable {
    var spelling: SpellingDictionary?
    var patterns: HyphenationPatterns?
    /// Words of the user's own (`lexicon:`), counted as spelled right.
    var words: WordList?

    static let none = Lexicon()

    /// Whether anything can say that a string is a word.
    var knowsWords: Bool { spelling != nil || words != nil }

    /// Whether `word` (as written: Hunspell accepts `Legislature` and `LEGISLATURE` for
    /// `legislature`, but not `london` for `London`) is a word.
    func isWord(_ word: String) -> Bool {
        if let words, words.contains(word) { return true }
        return spelling?.accepts(word) ?? false
    }

    /// Whether `first` followed by `second` is a word, without building a string when the
    /// dictionary has been asked before.
    func isWord(_ first: ArraySlice<Unicode.Scalar>, _ second: ArraySlice<Unicode.Scalar> = []) -> Bool {
        if let words {
            var word = String.UnicodeScalarView()
            word.append(contentsOf: first)
            word.append(contentsOf: second)
            if words.contains(String(word)) { return true }
        }
        return spelling?.accepts(first, second) ?? false
    }

    /// Whether the hyphenation patterns allow a break between `left` and `right`; true when
    /// there are no patterns (they cannot say no).
    func allowsBreak(left: String, right: String) -> Bool {
        patterns?.allowsBreak(left: left, right: right) ?? true
    }
}
