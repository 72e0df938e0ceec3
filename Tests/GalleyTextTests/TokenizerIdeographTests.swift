@testable import GalleyText
import Testing

/// The tokenizer's shortcuts for Han and the punctuation around it, against the general
/// answer from ``Script``, over every scalar.
@Suite struct TokenizerIdeographTests {
    static let allScalars: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test func isIdeographSaysWhatTheScriptSaysForEveryScalar() {
        let mismatches = Self.allScalars.filter {
            Tokenizer.isIdeograph($0) != Tokenizer.isIdeographByScript($0)
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).map { String($0.value, radix: 16) })")
    }

    /// The lead-byte test is true for exactly U+4E00–U+9FFF, every one of them an ideograph of
    /// 3 bytes, whatever follows the scalar.
    @Test func isCommonHanIsTheUnifiedIdeographsBlockForEveryScalar() {
        var matched = 0
        for scalar in Self.allScalars {
            // Followed by a space, so that a 1- or 2-byte scalar's next byte is readable.
            var bytes = Array(String(scalar).utf8) + [0x20]
            let common = bytes.withUnsafeMutableBufferPointer {
                Tokenizer.isCommonHan(UnsafePointer($0.baseAddress!), at: 0)
            }
            let expected = (0x4E00...0x9FFF).contains(scalar.value)
            if common != expected { Issue.record("U+\(String(scalar.value, radix: 16))") }
            if common {
                matched += 1
                #expect(bytes.count == 4 && Tokenizer.isIdeographByScript(scalar))
            }
        }
        #expect(matched == 0x5200)
    }

    /// Runs of common Han next to other Han, kana, punctuation and letters tokenize as the
    /// characters and bigrams of each run.
    @Test func runsEndWhereTheIdeographsEnd() {
        let text = "一丁㐀々〇中文，ひらがな。カタ𠀀字abc４丶﹁々丿"
        let characters = Tokenizer().tokens(in: text).map(\.text)
        #expect(characters == ["一", "丁", "㐀", "々", "〇", "中", "文", "ひ", "ら", "が", "な", "カ", "タ", "𠀀", "字",
                               "abc4", "丶", "々", "丿"])
        let bigrams = Tokenizer(cjk: .bigrams).tokens(in: "中文，一丁㐀。𠀀字丶")
        #expect(bigrams.map(\.text) == ["中文", "一丁", "丁㐀", "𠀀字", "字丶"])
        #expect(bigrams.map(\.kind).allSatisfy { $0 == .ideograph })
    }
}
