import GalleyText

/// A coarse guess at a text's main language, for documents whose `language` no stage has set.
///
/// Scripts decide first: Han with kana is `ja`, Hangul `ko`, Han alone `zh`, and Cyrillic,
/// Greek, Arabic, Hebrew, Thai and Devanagari map to `ru`, `el`, `ar`, `he`, `th`, `hi`.
/// Latin text is told apart by counting common function words of English, French, German,
/// Spanish, Italian, Portuguese and Dutch. Returns nil when nothing decides (no letters, or
/// Latin text with none of those words).
enum LanguageGuess {
    static func guess(_ text: String) -> String? {
        var counts: [Script: Int] = [:]
        for scalar in text.unicodeScalars.prefix(20_000) {
            let script = Script(scalar)
            if script != .other { counts[script, default: 0] += 1 }
        }
        let han = counts[.han, default: 0]
        let kana = counts[.hiragana, default: 0] + counts[.katakana, default: 0]
        let hangul = counts[.hangul, default: 0]
        guard let (dominant, _) = counts.max(by: { $0.value < $1.value }) else { return nil }
        if dominant.isCJK {
            if hangul > han + kana { return "ko" }
            if kana * 10 >= han + kana, kana > 0 { return "ja" }
            return "zh"
        }
        switch dominant {
        case .cyrillic: return "ru"
        case .greek: return "el"
        case .arabic: return "ar"
        case .hebrew: return "he"
        case .thai: return "th"
        case .devanagari: return "hi"
        case .latin: return latinLanguage(text)
        default: return nil
        }
    }

    /// Function words that are frequent in one language and rare in the others.
    static let functionWords: [(language: String, words: Set<String>)] = [
        ("en", ["the", "and", "of", "to", "is", "that", "with", "for", "was", "this", "are", "from", "which"]),
        ("fr", ["le", "la", "les", "des", "et", "est", "une", "dans", "que", "qui", "pour", "pas", "sur", "du"]),
        ("de", ["der", "die", "das", "und", "ist", "nicht", "mit", "ein", "eine", "den", "dem", "auf", "sich", "zu"]),
        ("es", ["el", "los", "las", "y", "es", "una", "por", "con", "para", "del", "que", "se", "como", "pero"]),
        ("it", ["il", "gli", "della", "e", "che", "di", "una", "per", "non", "sono", "con", "nel", "anche", "del"]),
        ("pt", ["os", "as", "e", "uma", "não", "com", "para", "do", "da", "que", "em", "por", "mais", "são"]),
        ("nl", ["de", "het", "een", "en", "van", "is", "niet", "dat", "op", "met", "voor", "zijn", "ook", "die"]),
    ]

    static func latinLanguage(_ text: String) -> String? {
        var scores: [String: Int] = [:]
        var word = ""
        var seen = 0
        func flush() {
            guard !word.isEmpty else { return }
            let lowered = word.lowercased()
            for entry in functionWords where entry.words.contains(lowered) {
                scores[entry.language, default: 0] += 1
            }
            word = ""
            seen += 1
        }
        for character in text {
            if seen >= 5_000 { break }
            if character.isLetter { word.append(character) } else { flush() }
        }
        flush()
        let ranked = functionWords.map { ($0.language, scores[$0.language, default: 0]) }
        guard let best = ranked.max(by: { $0.1 < $1.1 }), best.1 > 0 else { return nil }
        return best.0
    }
}
