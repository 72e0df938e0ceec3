import GalleyText

/// What the stage knows about words beyond the document: a spelling dictionary with affix rules
/// (Hunspell), hyphenation patterns (libhyphen), word frequencies (wordfreq's, compiled in) and a
/// user's word list. Each part is optional; with none, the stage decides from the document and the
/// shape of the break alone.
struct Lexicon: Sendable {
    var spelling: SpellingDictionary?
    var patterns: HyphenationPatterns?
    /// Words of the user's own (`lexicon:`), counted as spelled right.
    var words: WordList?
    /// How common each word is (`word_frequencies:`, or the English list compiled in).
    var frequencies: WordFrequencies?

    /// A solid form this common (Zipf 3: once in a million words) is a word in use, whether the
    /// spelling dictionary lists it or not.
    static let commonZipf = 3.0

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

    /// How much more likely `left + right` is as one word than `left` and `right` as two words side
    /// by side, as a base-10 logarithm, from the words' frequencies taken as independent (the Zipf
    /// scale counts per billion words, hence the 9): `elect | ed` 4.8, `pro | vision` 3.6,
    /// `fairy | land` 2.1, `blue | stone` 1.5, `some | time` 0.7. Nil without frequencies.
    func oneWordOdds(left: String, right: String) -> Double? {
        guard let frequencies else { return nil }
        let joined = (left + right).lowercased()
        return frequencies.zipfOrAbsent(joined) - frequencies.zipfOrAbsent(left.lowercased())
            - frequencies.zipfOrAbsent(right.lowercased()) + 9
    }

    /// Whether `word` is written solid commonly enough to be a word in use (``commonZipf``).
    func isCommon(_ word: String) -> Bool {
        guard let frequencies, let zipf = frequencies.zipf(word.lowercased()) else { return false }
        return zipf >= Self.commonZipf
    }

    /// Whether the hyphenation patterns allow a break between `left` and `right`; true when
    /// there are no patterns (they cannot say no).
    func allowsBreak(left: String, right: String) -> Bool {
        patterns?.allowsBreak(left: left, right: right) ?? true
    }
}
