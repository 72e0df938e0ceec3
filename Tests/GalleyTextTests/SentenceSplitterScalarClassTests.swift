@testable import GalleyText
import Testing

/// The splitter's lookup-free shortcuts against the Unicode properties they stand for, over
/// every scalar.
@Suite struct SentenceSplitterScalarClassTests {
    static let allScalars: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    @Test func isSpaceIsWhiteSpaceForEveryScalar() {
        let mismatches = Self.allScalars.filter { SentenceSplitter.isSpace($0) != $0.properties.isWhitespace }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).map { String($0.value, radix: 16) })")
    }

    /// The main loop steps over a scalar whose lead byte is 0xC2–0xDF or 0xE4–0xEE without
    /// decoding it: none of them may be a terminator.
    @Test func noTerminatorHasASkippedLeadByte() {
        let skipped = Self.allScalars.filter { scalar in
            let lead = String(scalar).utf8.first!
            return (0xC2...0xDF).contains(lead) || (0xE4...0xEE).contains(lead)
        }
        #expect(skipped.count == (0x800 - 0x80) + (0xF000 - 0x4000) - 0x800)  // less the surrogates
        #expect(!skipped.contains(where: SentenceSplitter.isTerminator))
    }

    @Test func skippedScalarsStillSplitAroundThem() {
        let splitter = SentenceSplitter()
        #expect(splitter.sentences(in: "한국어 문장입니다. 다음 문장입니다.")
                == ["한국어 문장입니다.", "다음 문장입니다."])
        #expect(splitter.sentences(in: "Ελληνικά εδώ. Και άλλο.") == ["Ελληνικά εδώ.", "Και άλλο."])
    }
}
