@testable import GalleyText
import Testing

/// The tokenizer takes the punctuation blocks' word characters from a table; it must say what
/// the scalars' properties say, for every scalar of those blocks and around them.
@Suite struct TokenizerWordScalarTests {
    @Test func theTableSaysWhatThePropertiesSay() {
        var checked = 0
        for (start, end) in [(0x1FF0, 0x2080), (0x2FF0, 0x3050), (0xFEF0, 0x10010)] {
            for value in UInt32(start)..<UInt32(end) {
                guard let scalar = Unicode.Scalar(value) else { continue }
                #expect(Tokenizer.isWordScalar(scalar) == Tokenizer.isWordScalarByProperties(scalar), "U+\(String(value, radix: 16))")
                checked += 1
            }
        }
        #expect(checked > 500)
        // Fullwidth digits and letters are word characters; CJK and fullwidth punctuation is not.
        #expect(Tokenizer.isWordScalar("１") && Tokenizer.isWordScalar("Ａ") && Tokenizer.isWordScalar("々"))
        #expect(!Tokenizer.isWordScalar("，") && !Tokenizer.isWordScalar("。") && !Tokenizer.isWordScalar("“"))
    }
}
