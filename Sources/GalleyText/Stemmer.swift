/// A light English stemmer: strips inflections so that the forms of a word meet
/// (`profits`/`profit`, `rated`/`rates`/`rate`, `companies`/`company`, `rising`/`rise`).
///
/// It removes possessives, plurals, `-ed`, `-ing`, `-ly` and a final `-e`, and undoubles a final
/// consonant left by `-ed`/`-ing` (`stopped` → `stop`). It does not touch derivations
/// (`national` stays apart from `nation`), words of three letters or fewer, or anything that is not
/// lower-case ASCII. Stems are keys, not words: `rate` becomes `rat`.
public enum LightStemmer {
    /// The stem of a lower-case word.
    public static func stem(_ word: String) -> String {
        let count = word.utf8.count
        guard count > 3 else { return word }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: count) { buffer in
            _ = buffer.initialize(fromContentsOf: word.utf8)
            let length = stem(buffer, count: count)
            let stem = length == count ? word : String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
            buffer.deinitialize()
            return stem
        }
    }

    /// Stems the word in `buffer[0..<count]` (UTF-8) in place and returns the stem's length; a word
    /// that is not lower-case ASCII (apostrophes allowed) is left as it is. For hot loops.
    public static func stem(_ buffer: UnsafeMutableBufferPointer<UInt8>, count: Int) -> Int {
        guard mayChange(UnsafeBufferPointer(rebasing: buffer[0..<count])) else { return count }
        guard (0..<count).allSatisfy({ buffer[$0] >= 0x61 && buffer[$0] <= 0x7A || buffer[$0] == 0x27 }) else {
            return count
        }
        var letters = Letters(buffer: buffer, count: count)
        letters.stem()
        return letters.count
    }

    /// Whether stemming might change the word in `word` (UTF-8): false for a word of three
    /// letters or fewer, and for one whose last letter no rule removes (every rule removes an
    /// ending in `s`, `d`, `g`, `y`, `e` or an apostrophe: possessives, plurals, `-ed`, `-ing`,
    /// `-ly`, `-e`), whose stem is the word itself. A quick test for callers that cache stems.
    @inlinable @inline(__always)
    public static func mayChange(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        guard word.count > 3 else { return false }
        switch word[word.count - 1] {
        case 0x73, 0x64, 0x67, 0x79, 0x65, 0x27: return true
        default: return false
        }
    }

    /// The word being stemmed: a buffer and how much of it is still the word.
    struct Letters {
        let buffer: UnsafeMutableBufferPointer<UInt8>
        var count: Int

        subscript(fromEnd offset: Int) -> UInt8 { buffer[count - 1 - offset] }

        func ends(_ suffix: StaticString) -> Bool {
            let length = suffix.utf8CodeUnitCount
            guard count >= length else { return false }
            return suffix.withUTF8Buffer { tail in
                (0..<length).allSatisfy { buffer[count - length + $0] == tail[$0] }
            }
        }

        mutating func replaceEnd(dropping length: Int, with letter: UInt8) {
            count -= length
            buffer[count] = letter
            count += 1
        }

        func hasVowel(before end: Int) -> Bool {
            (0..<end).contains { LightStemmer.isVowel(buffer[$0]) }
        }

        func containsApostrophe() -> Bool { (0..<count).contains { buffer[$0] == 0x27 } }

        mutating func stem() {
            // Possessives: `company's`, `companies'`.
            if self[fromEnd: 0] == 0x27 { count -= 1 }
            if count > 2, self[fromEnd: 1] == 0x27, self[fromEnd: 0] == ascii("s") { count -= 2 }
            guard !containsApostrophe() else { return }
            stripPlural()
            stripVerbEnding()
            if count > 5, ends("ly") { count -= 2 }
            if count > 3, self[fromEnd: 0] == ascii("e") { count -= 1 }
        }

        mutating func stripPlural() {
            if ends("sses") {
                count -= 2
            } else if count > 4, ends("ies") {
                replaceEnd(dropping: 3, with: ascii("y"))
            } else if count > 3, self[fromEnd: 0] == ascii("s"), !ends("ss"), !ends("us"), !ends("is") {
                count -= 1
            }
        }

        mutating func stripVerbEnding() {
            if count > 4, ends("ied") {
                replaceEnd(dropping: 3, with: ascii("y"))
                return
            } else if count > 4, ends("eed") {
                return
            } else if count > 4, ends("ed"), hasVowel(before: count - 2) {
                count -= 2
            } else if count > 5, ends("ing"), hasVowel(before: count - 3) {
                count -= 3
            } else {
                return
            }
            guard count > 2 else { return }
            let last = self[fromEnd: 0]
            if last == self[fromEnd: 1], !isVowel(last), last != ascii("l"), last != ascii("s"), last != ascii("z") {
                count -= 1
            }
        }
    }

    static func isVowel(_ letter: UInt8) -> Bool {
        letter == 0x61 || letter == 0x65 || letter == 0x69 || letter == 0x6F || letter == 0x75 || letter == 0x79
    }
}

private func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(character.value) }
private func isVowel(_ letter: UInt8) -> Bool { LightStemmer.isVowel(letter) }
