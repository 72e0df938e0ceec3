@testable import GalleyText
import Testing

/// The byte-level tokenizer and splitter against the old scalar-level ones
/// (`ReferenceSegmentation.swift`) on tricky and generated text.
@Suite struct ByteSegmentationTests {
    static let tricky = [
        "", " ", "\n\n", ".", "。", "a", "A.", "他说：“好。”我们走吧！真的？是的；好……，然后。「行こう。」と言った。",
        "书名是《春天。》下一句。会议结束（完）。他说：“真的吗？！”然后离开了。",
        "Mr. Smith paid $3.50. He left. Dr. Who went to the U.S. The end. e.g. this. No. 5 is fine. J. K. Rowling wrote.",
        "Wait... What? Yes! Hello...world. Hi.中文。Ok!中文 … ok. ... Next. U.S.工作。",
        "It was Smith vs. Jones. Smith won. We met at 5 p.m. Monday. Then we left. Acme Inc. The firm. Acme Inc. rose.",
        "Fig. 2 shows it. See Fig. The end. Jan. 5 came. In Jan. It snowed.",
        "3.5 464,000 1.13 2,5. ３．５％ ＡＢＣ１２３ don't O'Brien's dogs'. rock’n’roll 'Quoted.' \"Double!\" (Paren.) [Brack?]",
        "\u{00A0}\u{3000}Spaces\u{2003}here.\u{00A0} Next\u{3000}sentence.\r\n\r\nCRLF paragraph. Another.\r\n",
        "First paragraph has no stop\n\nSecond one does. It has two.\n   \nThird.",
        "İstanbul Straße ẞ ǅ Å Ünïcödé café's naïve Привет Ελληνικά 한국어 😀 𠀀𠀁 ٣٤٥ ｶﾀｶﾅ",
        // ASCII runs across 8-byte boundaries, and words of every length up to 17.
        "abcdefg abcdefgh abcdefghi ABCDEFGHIJKLMNOP a1b2c3d4e5f6g7h8 x" + String(repeating: "Q", count: 17) + "!",
    ]

    static var generated: [String] { (0..<300).map { hostileText(seed: UInt64($0), pieces: 5 + $0 % 120) } }

    static var shiftedWords: [String] {
        // Every word length from 1 to 20 at every start offset from 0 to 15.
        (0..<16).flatMap { offset in
            (1...20).map { length in
                String(repeating: " ", count: offset) + String(repeating: "Ab", count: 10).prefix(length) + ".x é"
            }
        }
    }

    @Test func tokensAreTheOldTokensOfTheWholeText() {
        for text in Self.tricky + Self.generated + Self.shiftedWords {
            let decoded = DecodedText(text)
            for cjk in [Tokenizer.CJKUnit.characters, .bigrams] {
                var seen: [(TokenKind, String, Range<Int>)] = []
                Tokenizer(cjk: cjk).forEachToken(in: text) { kind, bytes, offsets in
                    seen.append((kind, String(decoding: bytes, as: UTF8.self), offsets))
                }
                let expected = referenceTokens(decoded, scalars: 0..<decoded.scalars.count, cjk: cjk)
                #expect(seen.map(\.0) == expected.map(\.0), "\(text.debugDescription)")
                #expect(seen.map(\.1) == expected.map(\.1), "\(text.debugDescription)")
                #expect(seen.map(\.2) == expected.map(\.2), "\(text.debugDescription)")
            }
        }
    }

    @Test func sentencesAreTheOldSentences() {
        let splitter = SentenceSplitter()
        for text in Self.tricky + Self.generated + Self.shiftedWords {
            let decoded = DecodedText(text)
            let expected = referenceSentences(decoded)
            let found = splitter.sentenceRanges(in: decoded)
            #expect(found.map(\.scalars) == expected.map(\.scalars), "\(text.debugDescription)")
            #expect(found.map(\.paragraph) == expected.map(\.paragraph), "\(text.debugDescription)")
            #expect(splitter.sentences(in: text) == expected.map { decoded.string($0.scalars) })
        }
    }

    /// What the summarizer relies on: tokenizing a text whole and handing each token to the
    /// sentence it starts in gives each sentence the tokens it has on its own.
    @Test func noTokenSpansTwoSentences() {
        let splitter = SentenceSplitter()
        for text in Self.tricky + Self.generated {
            var storage = text
            storage.withUTF8 { utf8 in
                let sentences = splitter.sentenceByteRanges(in: utf8)
                for cjk in [Tokenizer.CJKUnit.characters, .bigrams] {
                    let whole = TokenList()
                    if let first = sentences.first, let last = sentences.last {
                        Tokenizer(cjk: cjk).tokenize(utf8, range: first.lowerBound..<last.upperBound, into: whole)
                    }
                    var next = 0
                    for sentence in sentences {
                        let alone = TokenList()
                        Tokenizer(cjk: cjk).tokenize(utf8, range: sentence, into: alone)
                        for index in 0..<alone.count {
                            #expect(next < whole.count && whole[next].source == alone[index].source
                                        && whole[next].kind == alone[index].kind
                                        && Array(whole.normalized(next)) == Array(alone.normalized(index)),
                                    "\(text.debugDescription)")
                            next += 1
                        }
                    }
                    #expect(next == whole.count, "\(text.debugDescription)")
                }
            }
        }
    }

    @Test func eightByteChunksFindWordEndsAndLowerCase() {
        let chunk = Tokenizer.asciiWordChunk(0x2044_4342_4139_3061) // "a09ABCD "
        #expect(chunk.count == 7)
        #expect(chunk.hasLetter)
        #expect(chunk.folded & 0x00FF_FFFF_FFFF_FFFF == 0x0064_6362_6139_3061)             // "a09abcd"
        #expect(Tokenizer.asciiWordChunk(0x3938_3736_3534_3332).count == 8)
        #expect(!Tokenizer.asciiWordChunk(0x2020_2020_2020_3332).hasLetter)
        #expect(Tokenizer.asciiWordChunk(0x6161_6161_6161_A9C3).count == 0)  // "é…"
        for byte in 0..<256 {
            let expected = Tokenizer.byteClasses[byte]
            let chunk = Tokenizer.asciiWordChunk(UInt64(byte) | 0x2000)
            let isWordByte = expected >= 0x30 && expected < 0x80
            #expect(chunk.count == (isWordByte ? 1 : 0), "byte \(byte)")
            if isWordByte { #expect(UInt8(chunk.folded & 0xFF) == expected, "byte \(byte)") }
        }
    }
}
