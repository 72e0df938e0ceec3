/// Guesses the main language of a document from the statistics of its writing systems.
///
/// Letters are counted by script (``Script``). Han, kana and hangul count more than a Latin
/// letter, since one ideograph carries about as much text as a short word. The script with the
/// largest weight decides the language family; within it:
/// - Han with a noticeable share of kana is Japanese (`ja`); hangul is Korean (`ko`); Han alone
///   is Chinese (`zh`).
/// - Cyrillic is Russian (`ru`) unless letters proper to Ukrainian (`uk`) or Serbian (`sr`) occur.
/// - Latin is told apart by common function words (`en`, `fr`, `de`, `es`, `it`, `pt`, `nl`);
///   without evidence it is `en`.
/// - Greek `el`, Arabic `ar` (`fa` with Persian letters), Hebrew `he`, Thai `th`, Devanagari `hi`.
///
/// A document written mostly in one script with quotations or names in another gets the
/// language of the dominant script; ``LanguageProfile/isMixed`` says when a second script
/// holds a large share. Counting stops after `scalarLimit` scalars, so long documents cost a
/// bounded amount of time.
public enum LanguageDetector {
    /// The main language code of `text`, or nil when it has no letters.
    public static func detect(_ text: String, scalarLimit: Int = 200_000) -> String? {
        profile(text, scalarLimit: scalarLimit).language
    }

    /// The language and the share of each script in `text`.
    ///
    /// Reads the UTF-8 bytes directly: ASCII and the common Han block are counted without a
    /// table lookup, everything else goes through ``Script``.
    public static func profile(_ text: String, scalarLimit: Int = 200_000) -> LanguageProfile {
        var tally = Tally()
        var text = text
        text.withUTF8 { bytes in tally.read(bytes, scalarLimit: scalarLimit) }
        return tally.profile
    }

    /// The counts of one text, kept in local fields while the bytes are read.
    private struct Tally {
        var counts = ScriptCounts()
        var words = LatinWordCounter()
        var extra = ExtraLetters()
        var latin = 0
        var han = 0

        mutating func read(_ bytes: UnsafeBufferPointer<UInt8>, scalarLimit: Int) {
            var offset = 0
            var seen = 0
            let count = bytes.count
            while offset < count {
                seen += 1
                if seen > scalarLimit { break }
                let lead = UInt32(bytes[offset])
                if lead < 0x80 {
                    offset += 1
                    // ASCII letters, folded to lower case by setting bit 5.
                    if (0x61...0x7A).contains(lead | 0x20) {
                        latin += 1
                        words.addASCII(lead)
                    } else {
                        words.endWord()
                    }
                    continue
                }
                let value: UInt32
                if lead < 0xE0 {
                    value = (lead & 0x1F) << 6 | UInt32(bytes[offset + 1] & 0x3F)
                    offset += 2
                } else if lead < 0xF0 {
                    value = (lead & 0x0F) << 12 | UInt32(bytes[offset + 1] & 0x3F) << 6 | UInt32(bytes[offset + 2] & 0x3F)
                    offset += 3
                    if (0x4E00...0x9FFF).contains(value) {
                        han += 1
                        words.endWord()
                        // The ideographs that follow, told by their lead byte (E5…E9, or E4 with a
                        // second byte of B8 or more: U+4E00…U+9FFF) without decoding them.
                        while offset + 3 <= count, seen < scalarLimit {
                            let next = bytes[offset]
                            guard (0xE5...0xE9).contains(next) || (next == 0xE4 && bytes[offset + 1] >= 0xB8) else { break }
                            han += 1
                            seen += 1
                            offset += 3
                        }
                        continue
                    }
                    // Punctuation of Chinese text (，。、“”《》…—): `.other`, which no weight counts.
                    if (0x2000...0x206F).contains(value) || (0x3000...0x3006).contains(value)
                        || (0x3008...0x303F).contains(value) || (0xFF00...0xFF20).contains(value) {
                        words.endWord()
                        continue
                    }
                } else {
                    value = (lead & 0x07) << 18 | UInt32(bytes[offset + 1] & 0x3F) << 12
                        | UInt32(bytes[offset + 2] & 0x3F) << 6 | UInt32(bytes[offset + 3] & 0x3F)
                    offset += 4
                }
                // A String's UTF-8 is valid, so every value is a scalar.
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                let script = Script(scalar)
                counts.add(script)
                switch script {
                case .latin: words.add(scalar)
                case .cyrillic, .arabic: extra.add(scalar); words.endWord()
                default: words.endWord()
                }
            }
            words.endWord()
        }

        var profile: LanguageProfile {
            var counts = counts
            counts.add(.latin, count: latin)
            counts.add(.han, count: han)
            return LanguageProfile(counts: counts, words: words, extra: extra)
        }
    }
}

/// The result of ``LanguageDetector/profile(_:scalarLimit:)``.
public struct LanguageProfile: Sendable, Hashable {
    /// The main language code, nil when the text has no letters.
    public let language: String?
    /// The dominant script, `.other` when the text has no letters.
    public let script: Script
    /// The weighted share of each script that occurs, between 0 and 1.
    public let shares: [Script: Double]

    /// Whether a second script holds at least a quarter of the weighted letters.
    public var isMixed: Bool {
        shares.values.sorted(by: >).dropFirst().first.map { $0 >= 0.25 } ?? false
    }

    init(counts: ScriptCounts, words: LatinWordCounter, extra: ExtraLetters) {
        var weights: [Script: Double] = [:]
        for (script, count) in counts.values where count > 0 && script != .other {
            weights[script, default: 0] += Double(count) * (script.isCJK ? 2.5 : 1)
        }
        // Kana and Han together make Japanese; Han and hangul together make Korean.
        let kana = weights[.hiragana, default: 0] + weights[.katakana, default: 0]
        let han = weights[.han, default: 0]
        let hangul = weights[.hangul, default: 0]
        var families = weights
        families[.hiragana] = nil
        families[.katakana] = nil
        families[.hangul] = nil
        let cjk = han + kana + hangul
        if cjk > 0 { families[.han] = cjk }
        let total = weights.values.reduce(0, +)
        shares = total > 0 ? weights.mapValues { $0 / total } : [:]
        guard let (dominant, _) = families.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key.rawValue > $1.key.rawValue) }) else {
            language = nil
            script = .other
            return
        }
        switch dominant {
        case .han:
            if hangul >= max(han, kana) {
                script = .hangul
                language = "ko"
            } else if kana >= 0.05 * (han + kana) {
                script = kana > han ? .hiragana : .han
                language = "ja"
            } else {
                script = .han
                language = "zh"
            }
        case .latin:
            script = .latin
            language = words.bestLanguage
        case .cyrillic:
            script = .cyrillic
            language = extra.ukrainian > 0 ? "uk" : (extra.serbian > 0 ? "sr" : "ru")
        case .arabic:
            script = .arabic
            language = extra.persian > 0 ? "fa" : "ar"
        case .greek: script = .greek; language = "el"
        case .hebrew: script = .hebrew; language = "he"
        case .thai: script = .thai; language = "th"
        case .devanagari: script = .devanagari; language = "hi"
        default: script = dominant; language = nil
        }
    }
}

/// Letters counted per script.
struct ScriptCounts {
    private static let scripts = Script.allCases
    private var counts = [Int](repeating: 0, count: Script.allCases.count)

    @inline(__always)
    mutating func add(_ script: Script) {
        counts[Self.slot(script)] += 1
    }

    mutating func add(_ script: Script, count: Int) {
        counts[Self.slot(script)] += count
    }

    var values: [Script: Int] {
        var result: [Script: Int] = [:]
        for (index, script) in Self.scripts.enumerated() where counts[index] > 0 { result[script] = counts[index] }
        return result
    }

    private static func slot(_ script: Script) -> Int {
        switch script {
        case .han: 0
        case .hiragana: 1
        case .katakana: 2
        case .hangul: 3
        case .latin: 4
        case .cyrillic: 5
        case .greek: 6
        case .arabic: 7
        case .hebrew: 8
        case .thai: 9
        case .devanagari: 10
        case .other: 11
        }
    }
}

/// Letters that tell languages of one script apart.
struct ExtraLetters {
    var ukrainian = 0
    var serbian = 0
    var persian = 0

    mutating func add(_ scalar: Unicode.Scalar) {
        switch scalar.value {
        case 0x0454, 0x0456, 0x0457, 0x0491, 0x0404, 0x0406, 0x0407, 0x0490: ukrainian += 1   // є і ї ґ
        case 0x0452, 0x045B, 0x0458, 0x0459, 0x045A, 0x045F: serbian += 1                 // ђ ћ ј љ њ џ
        case 0x067E, 0x0686, 0x0698, 0x06AF: persian += 1                                  // پ چ ژ گ
        default: break
        }
    }
}

/// Counts frequent function words of Latin-script languages.
///
/// Words are packed into a 64-bit key as they are read (up to eight UTF-8 bytes), so counting
/// allocates nothing.
struct LatinWordCounter {
    private var key: UInt64 = 0
    private var length = 0
    /// Function words seen, per language of ``languages``.
    private var scores = (0, 0, 0, 0, 0, 0, 0)
    private var wordsSeen = 0
    /// ``table``, held by the counter so that lookups do not go through the global each time.
    private let keys = Self.table.keys
    private let slots = Self.table.slots

    static let lists: [(String, String)] = [
        ("en", "the and of to is that with for was are this have from which were"),
        ("fr", "le les des est une dans pour qui sur pas avec sont cette"),
        ("de", "der die und das ist nicht mit sich auf dem den ein eine wird"),
        ("es", "el los las del que por una con para como est\u{E1} pero"),
        ("it", "il della che di per non sono gli nel alla una questo"),
        ("pt", "os da do que em uma para com n\u{E3}o dos das ao"),
        ("nl", "het een van en niet zijn voor met dat wordt ook"),
    ]

    /// The language codes, in the order of ``scores``.
    static let languages: [String] = lists.map(\.0)

    /// Function words packed as words are read (see ``addASCII(_:)``), in an open-addressed
    /// table: a word's key and its language slot + 1 (0 for an empty slot). A word listed for two
    /// languages counts for the first.
    static let table: (keys: [UInt64], slots: [UInt8]) = {
        var keys = [UInt64](repeating: 0, count: tableSize)
        var slots = [UInt8](repeating: 0, count: tableSize)
        for (slot, (_, words)) in lists.enumerated() {
            for word in words.split(separator: " ") {
                var key: UInt64 = 0
                for byte in word.utf8 { key = key << 8 | UInt64(byte) }
                var index = bucket(key)
                while slots[index] != 0, keys[index] != key { index = (index + 1) & (tableSize - 1) }
                if slots[index] == 0 {
                    keys[index] = key
                    slots[index] = UInt8(slot + 1)
                }
            }
        }
        return (keys, slots)
    }()

    static let tableSize = 512

    @inline(__always)
    static func bucket(_ key: UInt64) -> Int {
        fibonacciSlot(key, shift: 55)
    }

    /// The language slot of a packed word, nil when it is not a function word.
    @inline(__always)
    func language(of key: UInt64) -> Int? {
        var index = Self.bucket(key)
        while true {
            let slot = slots[index]
            if slot == 0 { return nil }
            if keys[index] == key { return Int(slot) - 1 }
            index = (index + 1) & (Self.tableSize - 1)
        }
    }

    /// An ASCII letter.
    @inline(__always)
    mutating func addASCII(_ value: UInt32) {
        length += 1
        if length <= 8 { key = key << 8 | UInt64(value | 0x20) }
    }

    mutating func add(_ scalar: Unicode.Scalar) {
        var value = scalar.value
        if (0x41...0x5A).contains(value) || (0xC0...0xDE).contains(value) { value += 0x20 }
        guard let lowered = Unicode.Scalar(value) else { return }
        for byte in UTF8.encode(lowered)! {
            length += 1
            if length <= 8 { key = key << 8 | UInt64(byte) }
        }
    }

    @inline(__always)
    mutating func endWord() {
        guard length > 0 else { return }
        defer { key = 0; length = 0 }
        // Function words have two to six letters; other words cost no lookup.
        guard length >= 2, length <= 6, wordsSeen < 5_000 else { return }
        wordsSeen += 1
        if let language = language(of: key) {
            switch language {
            case 0: scores.0 += 1
            case 1: scores.1 += 1
            case 2: scores.2 += 1
            case 3: scores.3 += 1
            case 4: scores.4 += 1
            case 5: scores.5 += 1
            default: scores.6 += 1
            }
        }
    }

    /// The language with the most function words (the first code in alphabetical order on a
    /// tie); English when there is no evidence.
    var bestLanguage: String {
        let values = [scores.0, scores.1, scores.2, scores.3, scores.4, scores.5, scores.6]
        var best: (code: String, score: Int)?
        for (slot, score) in values.enumerated() where score > 0 {
            let code = Self.languages[slot]
            if let current = best, current.score > score || (current.score == score && current.code < code) { continue }
            best = (code, score)
        }
        guard let best, best.score >= 2 else { return "en" }
        return best.code
    }
}
