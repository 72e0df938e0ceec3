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
        var letters = Array(word.utf8)
        guard letters.count > 3, letters.allSatisfy({ $0 >= 0x61 && $0 <= 0x7A || $0 == 0x27 }) else {
            return word
        }
        // Possessives: `company's`, `companies'`.
        if letters.last == 0x27 { letters.removeLast() }
        if letters.count > 2, letters[letters.count - 2] == 0x27, letters.last == ascii("s") {
            letters.removeLast(2)
        }
        guard !letters.contains(0x27) else { return String(decoding: letters, as: UTF8.self) }
        stripPlural(&letters)
        stripVerbEnding(&letters)
        if letters.count > 5, ends(letters, "ly") { letters.removeLast(2) }
        if letters.count > 3, letters.last == ascii("e") { letters.removeLast() }
        return String(decoding: letters, as: UTF8.self)
    }

    static func stripPlural(_ letters: inout [UInt8]) {
        if ends(letters, "sses") {
            letters.removeLast(2)
        } else if letters.count > 4, ends(letters, "ies") {
            letters.removeLast(3)
            letters.append(ascii("y"))
        } else if letters.count > 3, letters.last == ascii("s"),
                  !ends(letters, "ss"), !ends(letters, "us"), !ends(letters, "is") {
            letters.removeLast()
        }
    }

    static func stripVerbEnding(_ letters: inout [UInt8]) {
        var stripped = false
        if letters.count > 4, ends(letters, "ied") {
            letters.removeLast(3)
            letters.append(ascii("y"))
            return
        } else if letters.count > 4, ends(letters, "eed") {
            return
        } else if letters.count > 4, ends(letters, "ed"), hasVowel(letters.dropLast(2)) {
            letters.removeLast(2)
            stripped = true
        } else if letters.count > 5, ends(letters, "ing"), hasVowel(letters.dropLast(3)) {
            letters.removeLast(3)
            stripped = true
        }
        guard stripped, letters.count > 2 else { return }
        let last = letters[letters.count - 1]
        if last == letters[letters.count - 2], !isVowel(last), last != ascii("l"), last != ascii("s"), last != ascii("z") {
            letters.removeLast()
        }
    }

    static func ascii(_ character: Unicode.Scalar) -> UInt8 { UInt8(character.value) }

    static func ends(_ letters: [UInt8], _ suffix: StaticString) -> Bool {
        let count = suffix.utf8CodeUnitCount
        guard letters.count >= count else { return false }
        return suffix.withUTF8Buffer { tail in letters.suffix(count).elementsEqual(tail) }
    }

    static func isVowel(_ letter: UInt8) -> Bool {
        letter == 0x61 || letter == 0x65 || letter == 0x69 || letter == 0x6F || letter == 0x75 || letter == 0x79
    }

    static func hasVowel(_ letters: ArraySlice<UInt8>) -> Bool { letters.contains(where: isVowel) }
}
