@testable import GalleyText

// The tokenizer and the sentence splitter as they were before they read UTF-8 bytes directly
// (over decoded scalars, one sentence at a time), kept here as the reference the byte-level
// versions must agree with: simple, slow, and the semantics that summaries depend on.

/// The tokens of `scalars[range]` as (kind, normalized text, UTF-8 offsets), by the old
/// scalar-by-scalar tokenizer.
func referenceTokens(_ text: DecodedText, scalars range: Range<Int>, cjk: Tokenizer.CJKUnit)
    -> [(TokenKind, String, Range<Int>)] {
    let scalars = text.scalars
    let offsets = text.utf8Offsets
    var tokens: [(TokenKind, String, Range<Int>)] = []
    let count = range.upperBound
    var index = range.lowerBound
    while index < count {
        let scalar = scalars[index]
        if scalar.value >= 0x80, Tokenizer.isIdeograph(scalar) {
            var runEnd = index + 1
            while runEnd < count, scalars[runEnd].value >= 0x80, Tokenizer.isIdeograph(scalars[runEnd]) { runEnd += 1 }
            let width = cjk == .characters || runEnd - index == 1 ? 1 : 2
            for position in index...(runEnd - width) {
                var token = ""
                for offset in position..<(position + width) { token.unicodeScalars.append(scalars[offset]) }
                tokens.append((.ideograph, token, offsets[position]..<offsets[position + width]))
            }
            index = runEnd
            continue
        }
        guard Tokenizer.isWordScalar(scalar) else {
            index += 1
            continue
        }
        let start = index
        var token = ""
        var last: Unicode.Scalar?
        var hasLetter = false
        var cursor = index
        while cursor < count {
            let current = scalars[cursor]
            if current.isASCII, let ascii = Tokenizer.asciiWordScalar(current) {
                hasLetter = hasLetter || ascii.value >= 0x61
                token.unicodeScalars.append(ascii)
                last = ascii
                cursor += 1
                continue
            }
            if !current.isASCII, Tokenizer.isWordScalar(current), !Tokenizer.isIdeograph(current) {
                let folded = Tokenizer.fold(current)
                if let ascii = Tokenizer.asciiWordScalar(folded) {
                    hasLetter = hasLetter || ascii.value >= 0x61
                    token.unicodeScalars.append(ascii)
                    last = ascii
                } else {
                    hasLetter = true
                    if folded.properties.changesWhenLowercased {
                        token += folded.properties.lowercaseMapping
                    } else {
                        token.unicodeScalars.append(folded)
                    }
                    last = folded
                }
                cursor += 1
                continue
            }
            let following = cursor + 1
            guard following < count, let last else { break }
            let nextScalar = Tokenizer.fold(scalars[following])
            let isApostrophe = (current == "'" || current == "’") && last.properties.isAlphabetic
                && nextScalar.properties.isAlphabetic && !Tokenizer.isIdeograph(nextScalar)
            let isNumberJoiner = (current == "." || current == ",") && Tokenizer.isDigit(last) && Tokenizer.isDigit(nextScalar)
            guard isApostrophe || isNumberJoiner else { break }
            token += current == "." ? "." : current == "," ? "," : "'"
            cursor = following
        }
        tokens.append((hasLetter ? .word : .number, token, offsets[start]..<offsets[cursor]))
        index = cursor
    }
    return tokens
}

/// The sentences of `text` as scalar ranges with their paragraph numbers, by the old splitter.
func referenceSentences(_ text: DecodedText, abbreviations: [String: Abbreviation] = Abbreviation.english)
    -> [(scalars: Range<Int>, paragraph: Int)] {
    let s = text.scalars
    typealias Splitter = SentenceSplitter
    var result: [(scalars: Range<Int>, paragraph: Int)] = []

    func abbreviation(_ token: ArraySlice<Unicode.Scalar>) -> Abbreviation? {
        abbreviations[String(String.UnicodeScalarView(token.map { ("A"..."Z").contains($0) ? Unicode.Scalar($0.value + 0x20)! : $0 }))]
    }
    func nextWord(from index: Int, end: Int) -> ArraySlice<Unicode.Scalar> {
        var cursor = index
        while cursor < end, Splitter.isSpace(s[cursor]) || Splitter.isOpener(s[cursor]) { cursor += 1 }
        let start = cursor
        while cursor < end, Splitter.isLetter(s[cursor]) || Splitter.isNumeric(s[cursor]) { cursor += 1 }
        return s[start..<cursor]
    }
    func periodEndsSentence(period: Int, nextWord: ArraySlice<Unicode.Scalar>) -> Bool {
        var tokenStart = period
        while tokenStart > 0, Splitter.isLetter(s[tokenStart - 1]) || s[tokenStart - 1] == "." { tokenStart -= 1 }
        let token = s[tokenStart..<period]
        guard !token.isEmpty else { return true }
        let nextIsNumber = nextWord.first.map(Splitter.isNumeric) ?? false
        let nextStarts = Abbreviation.sentenceStarters.contains(String(String.UnicodeScalarView(nextWord)))
        if let kind = abbreviation(token) {
            switch kind {
            case .title, .always: return false
            case .beforeNumber: return !nextIsNumber
            case .ambiguous: return nextStarts
            }
        }
        let isInitial = token.count == 1 && Splitter.isUppercase(token.first!)
        let isDotted = token.contains(".") && token.first != "." && token.last != "."
        if isInitial || isDotted { return nextStarts }
        return true
    }
    func endsSentence(run: Range<Int>, after: Int, end: Int) -> Bool {
        let next = after < end ? s[after] : nil
        if let next, Splitter.isContinuation(next) { return false }
        let runScalars = s[run]
        if runScalars.contains(where: Splitter.isCJKTerminator) { return true }
        let isEllipsis = runScalars.contains("…") || runScalars.count > 1 && runScalars.allSatisfy { $0 == "." }
        if isEllipsis && (run.lowerBound > 0 && Splitter.isCJKContext(s[run.lowerBound - 1])
                              || next.map(Splitter.isCJKContext) == true) {
            return true
        }
        guard let next else { return true }
        if next.isCJKLetter {
            guard runScalars.count == 1, runScalars.first == "." else { return true }
            return periodEndsSentence(period: run.lowerBound, nextWord: s[after..<after])
        }
        guard Splitter.isSpace(next) else { return false }
        let word = nextWord(from: after, end: end)
        guard let first = word.first else { return true }
        if Splitter.isLowercase(first) { return false }
        if isEllipsis { return Splitter.isUppercase(first) || Splitter.isNumeric(first) }
        guard runScalars.count == 1, runScalars.first == "." else { return true }
        return periodEndsSentence(period: run.lowerBound, nextWord: word)
    }

    // Paragraphs: maximal runs of lines that are not blank (only spaces), without the spaces
    // at their two ends.
    var lines: [Range<Int>] = []
    var lineStart = 0
    for (index, scalar) in s.enumerated() where scalar == "\n" {
        lines.append(lineStart..<index)
        lineStart = index + 1
    }
    lines.append(lineStart..<s.count)
    let isBlank = lines.map { line in s[line].allSatisfy(Splitter.isSpace) }
    var paragraphs: [Range<Int>] = []
    var lineIndex = 0
    while lineIndex < lines.count {
        guard !isBlank[lineIndex] else {
            lineIndex += 1
            continue
        }
        var lastLine = lineIndex
        while lastLine + 1 < lines.count, !isBlank[lastLine + 1] { lastLine += 1 }
        var lower = lines[lineIndex].lowerBound
        var upper = lines[lastLine].upperBound
        while Splitter.isSpace(s[lower]) { lower += 1 }
        while Splitter.isSpace(s[upper - 1]) { upper -= 1 }
        paragraphs.append(lower..<upper)
        lineIndex = lastLine + 1
    }

    for (number, paragraph) in paragraphs.enumerated() {
        var sentenceStart = paragraph.lowerBound
        var index = paragraph.lowerBound
        let end = paragraph.upperBound
        func emit(_ upper: Int) {
            var lower = sentenceStart
            while lower < upper, Splitter.isSpace(s[lower]) { lower += 1 }
            var top = upper
            while top > lower, Splitter.isSpace(s[top - 1]) { top -= 1 }
            if lower < top { result.append((lower..<top, number)) }
            sentenceStart = upper
        }
        while index < end {
            guard Splitter.isTerminator(s[index]) else {
                index += 1
                continue
            }
            let runStart = index
            var runEnd = index
            while runEnd < end, Splitter.isTerminator(s[runEnd]) { runEnd += 1 }
            var after = runEnd
            while after < end, Splitter.isCloser(s[after]) || Splitter.isTerminator(s[after]) { after += 1 }
            if endsSentence(run: runStart..<runEnd, after: after, end: end) { emit(after) }
            index = after
        }
        emit(end)
    }
    return result
}

/// Deterministic hostile text: pieces of English, Chinese, punctuation, abbreviations, numbers,
/// quotes, odd spaces and line breaks, laid end to end.
func hostileText(seed: UInt64, pieces: Int) -> String {
    let parts = [
        "a", "The", "word", "Profits", "ROSE", "don't", "firm's", "dogs'", "O'Brien", "rock’n’roll", " ", " ", "  ",
        "\n", "\n\n", "\r\n", "\t", "\u{00A0}", "\u{3000}", "\u{2003}", ".", ". ", "! ", "? ", "?!", "...", "… ",
        "……", ",", ";", ":", "'", "’", "\"", "“", "”", "(", ")", "[", "]", "「", "」", "《", "》", "（", "）",
        "Mr.", "Dr.", "Prof.", "U.S.", "U.S. ", "e.g.", "i.e.", "No. 5", "No.", "Fig. 2", "Jan.", "Inc.", "etc.",
        "a.m.", "p.m.", "J. K.", "Ph.D.", "vs.", "3.5", "1.13", "464,000", "2,5", "1.", "2004.", ".5", "$3.50.",
        "经济", "增长", "中国", "。", "！", "？", "；", "。”", "！）", "…，", "，", "、", "日本語", "カタカナ", "ひらがな",
        "한국어", "Привет", "Ελληνικά", "Ünïcödé", "café's", "naïve", "İstanbul", "Straße", "ẞ", "ǅ", "Å", "Ｆｕｌｌ",
        "ＡＢＣ１２３", "３．５", "😀", "𠀀𠀁", "٣٤٥", "abcdefgh", "abcdefghijklmnop", "ABCDEFGHI", "x1y2z3w4v5",
        "Meanwhile", "However", "And", "It", "He", "In",
    ]
    var state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1
    var text = ""
    for _ in 0..<pieces {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        text += parts[Int((state >> 33) % UInt64(parts.count))]
    }
    return text
}
