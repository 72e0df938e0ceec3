@testable import DehyphenateStage
import GalleyText
import Testing

/// The character pairs found inside a document's lines, asked about at breaks between blocks,
/// must be exactly those a plain scan finds, whatever characters share a bit of the filter that
/// skips the rest.
@Suite struct CJKBigramsTests {
    /// The pairs that continue, by a plain scan: each block's last character with the first of
    /// the next block, both CJK letters, the left one of the Basic Multilingual Plane, that also
    /// stand side by side inside some line.
    static func referencePairs(_ text: String) -> Set<[Unicode.Scalar]> {
        let lines = DocumentLinesTests.referenceLines(text)
        var wanted = Set<[Unicode.Scalar]>()
        var lastOfBlock: Unicode.Scalar?
        var previousBlank = true
        for line in lines {
            if line.isEmpty {
                previousBlank = true
                continue
            }
            if previousBlank, let left = lastOfBlock, let right = line.first, left.isCJKLetter, right.isCJKLetter {
                wanted.insert([left, right])
            }
            lastOfBlock = line.last
            previousBlank = false
        }
        var inside = Set<[Unicode.Scalar]>()
        for line in lines where line.count >= 2 {
            for index in 1..<line.count where line[index - 1].value < 0x10000 {
                inside.insert([line[index - 1], line[index]])
            }
        }
        return wanted.intersection(inside)
    }

    /// `外` U+5916 shares its low 12 bits with `椖` U+6916 and `䤖` U+4916; `𠀀` U+20000 is beyond
    /// the Basic Multilingual Plane.
    static let texts = [
        "利用外\n\n资总体平稳。外资企业",
        "利用外\n\n资总体平稳。椖资企业䤖资",
        "利用外\n\n资总体平稳。\n椖\n\n资",
        "前面𠀀\n\n资本。𠀀资",
        "甲乙\n\n丙丁\n\n戊己。乙丙丁戊\r\n",
        "abc\n\n外资", "", "外\n\n\n\n资\n外资",
    ]

    @Test(arguments: texts) func pairsMatchAPlainScan(_ text: String) {
        let expected = Self.referencePairs(text)
        let scalars = Array(text.unicodeScalars)
        var text = text
        text.withUTF8 { bytes in
            let bigrams = CJKBigrams(DocumentLines(bytes))
            for left in scalars {
                for right in scalars {
                    #expect(bigrams.continues(left, right) == expected.contains([left, right]), "\(left)\(right)")
                }
            }
        }
    }

    /// Many breaks make a larger filter: 80 and 1,100 blocks, each ending with a character of its
    /// own, half of whose pairs occur inside some line.
    @Test(arguments: [80, 1100]) func manyBreaksMatchAPlainScan(_ blocks: Int) {
        let characters = (0..<blocks).map { Unicode.Scalar(0x4E00 + UInt32($0) * 7)! }
        var text = characters.map { "甲\($0)" }.joined(separator: "\n\n")
        text += "\n" + stride(from: 0, to: blocks - 1, by: 2).map { "\(characters[$0])甲" }.joined()
        let expected = Self.referencePairs(text)
        #expect(expected.count == blocks / 2)
        text.withUTF8 { bytes in
            let bigrams = CJKBigrams(DocumentLines(bytes))
            for left in characters {
                for right in ["甲", "乙"] as [Unicode.Scalar] {
                    #expect(bigrams.continues(left, right) == expected.contains([left, right]))
                }
            }
        }
    }

    @Test func aPairSeenInsideALineContinues() {
        var text = "利用外\n\n资总体平稳。外资企业"
        text.withUTF8 { bytes in
            #expect(CJKBigrams(DocumentLines(bytes)).continues("外", "资"))
        }
        var other = "利用外\n\n资总体平稳。椖资企业"
        other.withUTF8 { bytes in
            #expect(!CJKBigrams(DocumentLines(bytes)).continues("外", "资"))
        }
    }
}
