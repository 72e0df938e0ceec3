import GalleyText
import Testing

@Suite struct ScriptTests {
    @Test func classifiesLettersByScript() {
        #expect(Script("中") == .han)
        #expect(Script("あ") == .hiragana)
        #expect(Script("カ") == .katakana)
        #expect(Script("한") == .hangul)
        #expect(Script("é") == .latin)
        #expect(Script("Ж") == .cyrillic)
        #expect(Script("7") == .other)
        #expect(Script("×") == .other)
    }

    @Test func cjkPunctuationIsNotALetter() {
        #expect(("，" as Unicode.Scalar).isCJKPunctuation)
        #expect(("。" as Unicode.Scalar).isCJKPunctuation)
        #expect(!("，" as Unicode.Scalar).isCJKLetter)
        #expect(("中" as Unicode.Scalar).isCJKLetter)
    }
}
