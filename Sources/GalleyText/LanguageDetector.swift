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
    public static func profile(_ text: String, scalarLimit: Int = 200_000) -> LanguageProfile {
        var counts = ScriptCounts()
        var words = LatinWordCounter()
        var extra = ExtraLetters()
        var seen = 0
        for scalar in text.unicodeScalars {
            seen += 1
            if seen > scalarLimit { break }
            // Fast paths for ASCII and common Han; everything else goes through Script.
            let value = scalar.value
            if value < 0x80 {
                if (0x61...0x7A).contains(value) || (0x41...0x5A).contains(value) {
                    counts.add(.latin)
                    words.addASCII(value)
                } else {
                    words.endWord()
                }
                continue
            }
            if (0x4E00...0x9FFF).contains(value) {
                counts.add(.han)
                words.endWord()
                continue
            }
            let script = Script(scalar)
            counts.add(script)
            switch script {
            case .latin: words.add(scalar)
            case .cyrillic, .arabic: extra.add(scalar); words.endWord()
            default: words.endWord()
            }
        }
        words.endWord()
        return LanguageProfile(counts: counts, words: words, extra: extra)
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
    private var scores: [String: Int] = [:]
    private var wordsSeen = 0

    static let functionWords: [UInt64: String] = {
        var table: [UInt64: String] = [:]
        let lists: [(String, String)] = [
            ("en", "the and of to is that with for was are this have from which were"),
            ("fr", "le les des est une dans pour qui sur pas avec sont cette"),
            ("de", "der die und das ist nicht mit sich auf dem den ein eine wird"),
            ("es", "el los las del que por una con para como est\u{E1} pero"),
            ("it", "il della che di per non sono gli nel alla una questo"),
            ("pt", "os da do que em uma para com n\u{E3}o dos das ao"),
            ("nl", "het een van en niet zijn voor met dat wordt ook"),
        ]
        for (language, words) in lists {
            for word in words.split(separator: " ") {
                var key: UInt64 = 0
                for byte in word.utf8 { key = key << 8 | UInt64(byte) }
                if table[key] == nil { table[key] = language }
            }
        }
        return table
    }()

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
        guard length <= 8, wordsSeen < 5_000 else { return }
        wordsSeen += 1
        if let language = Self.functionWords[key] {
            scores[language, default: 0] += 1
        }
    }

    /// The language with the most function words; English when there is no evidence.
    var bestLanguage: String {
        guard let best = scores.max(by: { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }),
              best.value >= 2 else { return "en" }
        return best.key
    }
}
