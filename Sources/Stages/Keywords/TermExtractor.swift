import GalleyText

/// A candidate term of one section and how often it occurs there.
struct TermCount: Hashable, Sendable {
    var term: String
    var count: Int
    /// Position of the first occurrence, in terms seen, for stable tie-breaking.
    var firstOffset: Int
}

/// Cuts text into candidate terms: words for alphabetic scripts, character n-grams for CJK.
struct TermExtractor: Sendable {
    var maximumNGram: Int
    var minimumCJKCount: Int
    var extraStopWords: Set<String>

    /// The candidate terms of `texts` (title, subtitle and body of one section), counted.
    func terms(in texts: [String]) -> [TermCount] {
        var counts: [String: TermCount] = [:]
        var offset = 0
        func add(_ term: String) {
            offset += 1
            counts[term, default: TermCount(term: term, count: 0, firstOffset: offset)].count += 1
        }
        var cjkTerms: [String: TermCount] = [:]
        for text in texts {
            for run in Self.runs(of: text) {
                switch run {
                case .word(let word):
                    let lowered = word.lowercased()
                    if isUsefulWord(lowered) { add(lowered) }
                case .cjk(let characters):
                    for gram in ngrams(of: characters) {
                        offset += 1
                        cjkTerms[gram, default: TermCount(term: gram, count: 0, firstOffset: offset)].count += 1
                    }
                }
            }
        }
        for term in reduceSubstrings(cjkTerms.values.filter { $0.count >= minimumCJKCount }) {
            counts[term.term] = term
        }
        return counts.values.sorted { $0.firstOffset < $1.firstOffset }
    }

    func isUsefulWord(_ word: String) -> Bool {
        word.count >= 3 && !word.allSatisfy(\.isNumber) && !StopWords.latin.contains(word) && !extraStopWords.contains(word)
    }

    /// Every n-gram of 2…`maximumNGram` characters that neither starts nor ends with a
    /// function character (的, 了, 是, …).
    func ngrams(of characters: [Character]) -> [String] {
        var grams: [String] = []
        guard characters.count >= 2 else { return grams }
        for start in characters.indices {
            if StopWords.cjkBoundary.contains(characters[start]) { continue }
            for length in 2...maximumNGram where start + length <= characters.count {
                let last = characters[start + length - 1]
                if StopWords.cjkBoundary.contains(last) { continue }
                let gram = String(characters[start..<(start + length)])
                if !extraStopWords.contains(gram) { grams.append(gram) }
            }
        }
        return grams
    }

    /// Leaves out an n-gram that only ever occurs inside one longer kept n-gram (`外资总` when
    /// `利用外资总` occurs as often): the longer one says more.
    func reduceSubstrings(_ terms: [TermCount]) -> [TermCount] {
        let byLength = terms.sorted { $0.term.count > $1.term.count }
        var kept: [TermCount] = []
        for term in byLength {
            let covered = kept.contains { longer in
                longer.count >= term.count && longer.term.count > term.term.count && longer.term.contains(term.term)
            }
            if !covered { kept.append(term) }
        }
        return kept
    }

    enum Run {
        case word(String)
        case cjk([Character])
    }

    /// Words (letters and digits of non-CJK scripts) and runs of CJK characters. Hiragana
    /// breaks a run: in Japanese it is mostly particles and endings.
    static func runs(of text: String) -> [Run] {
        var runs: [Run] = []
        var word = ""
        var cjk: [Character] = []
        func flush() {
            if !word.isEmpty { runs.append(.word(word)); word = "" }
            if !cjk.isEmpty { runs.append(.cjk(cjk)); cjk = [] }
        }
        for character in text {
            let scalar = character.unicodeScalars.first!
            let script = Script(scalar)
            if script.isCJK && script != .hiragana {
                if !word.isEmpty { runs.append(.word(word)); word = "" }
                cjk.append(character)
            } else if (character.isLetter || character.isNumber) && script != .hiragana {
                if !cjk.isEmpty { runs.append(.cjk(cjk)); cjk = [] }
                word.append(character)
            } else if character == "'" || character == "’", !word.isEmpty {
                // "don't" stays one word; a closing quote is dropped when the word ends.
                word.append("'")
            } else {
                if word.hasSuffix("'") { word.removeLast() }
                flush()
            }
        }
        if word.hasSuffix("'") { word.removeLast() }
        flush()
        return runs
    }
}
