import Testing
@testable import GalleyText

/// The eight-bytes-at-a-time scans against plain byte-by-byte references.
@Suite struct CaptionScanTests {
    /// Byte by byte: `摄`, `供`, `图`, `Photo` or `Credit` overlapping `bytes[start..<end]`.
    static func referenceMayHoldCreditWord(_ bytes: [UInt8], from start: Int, to end: Int) -> Bool {
        let words: [[UInt8]] = ["摄", "供", "图", "Photo", "Credit"].map { Array($0.utf8) }
        for word in words {
            for position in 0..<bytes.count where position + word.count <= bytes.count
                && Array(bytes[position..<(position + word.count)]) == word {
                // The byte the scan stops at (second of a CJK scalar, first of a word) is in range.
                let probe = word.count == 3 ? position + 1 : position
                if probe >= start && probe < end { return true }
            }
        }
        return false
    }

    static func referenceHasLineOpening(_ bytes: [UInt8], from start: Int, to end: Int, where opens: (UInt8, UInt8) -> Bool) -> Bool {
        guard start < end else { return false }
        for offset in start..<end where bytes[offset] == 0x0A
            && opens(offset + 1 < end ? bytes[offset + 1] : 0, offset + 2 < end ? bytes[offset + 2] : 0) {
            return true
        }
        return false
    }

    /// A line opening with `F` or `T` and then a letter or a space.
    static func opensWithLabelLetter(_ first: UInt8, _ second: UInt8) -> Bool {
        (first == 0x46 || first == 0x54) && (second == 0x20 || (0x61...0x7A).contains(second))
    }

    static let samples: [String] = [
        "", "a", "plain ASCII text without anything in it at all, long enough for words",
        "今年以来，全区上下围绕高质量发展目标，扎实推进各项重点工作。",
        "…讲话。（新华社记者兰红光摄）", "陆新 摄", "李四 供图", "图为昨日上午，志愿者在公园栽种树苗。",
        "Crowds gather. (AP Photo/Jane Doe)", "on Monday. Credit: NASA", "Phot", "Credi", "PHOTO", "Cred it",
        "mixed 中文 and English Photo 摄 in one", "éèàü ÀÉ and ñ", "𠀀𠀁 emoji 😀 图",
        "line one\nFigure 2. Text\nTable 3", "first\n\nsecond\nthird\nSecond line\nPlain", "\n\n\n", "a\nF", "a\nT ", "a\nTX\nFi",
        // The CJK signals and words straddling every position of an eight-byte word.
    ] + (0..<16).flatMap { pad in
        ["摄", "供", "图", "Photo", "Credit", "\nFi", "\nT ", "\nx"].map { String(repeating: "x", count: pad) + $0 + String(repeating: "中", count: pad % 3) }
    } + [
        // Bytes that look like the signals' second bytes in other scalars: 𑄀 (F0 91 84 80), 龾 (E9 BE BE), 盛 (E7 9B 9B).
        "\u{11100}", "龾", "盛", "\u{11100}\u{11100}\u{11100}", "CPCPCPCPCPCP", "PPPPPPPPhoto",
    ]

    @Test(arguments: samples) func creditWordScanAgreesWithTheReference(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0...bytes.count {
                for end in start...bytes.count {
                    #expect(CaptionScan.mayHoldCreditWord(buffer, from: start, to: end)
                            == Self.referenceMayHoldCreditWord(bytes, from: start, to: end), "\(text) \(start)..<\(end)")
                }
            }
        }
    }

    @Test(arguments: samples) func lineOpeningScanAgreesWithTheReference(_ text: String) {
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { buffer in
            for start in 0...bytes.count {
                for end in start...bytes.count {
                    #expect(CaptionScan.hasLineOpening(buffer, from: start, to: end, where: Self.opensWithLabelLetter)
                            == Self.referenceHasLineOpening(bytes, from: start, to: end, where: Self.opensWithLabelLetter),
                            "\(text) \(start)..<\(end)")
                }
            }
        }
    }

    /// The start of the last `count` scalars (or of the text), as stepping back byte by byte finds it.
    @Test(arguments: samples) func startOfLastScalarsAgreesWithByteSteps(_ text: String) {
        let bytes = Array(text.utf8)
        let starts = bytes.indices.filter { bytes[$0] & 0xC0 != 0x80 }
        bytes.withUnsafeBufferPointer { buffer in
            for start in starts + [bytes.count] {
                for count in [0, 1, 2, 3, 5, 8, 13, 64] {
                    let within = starts.filter { $0 >= start }
                    let truth = count == 0 ? bytes.count : (within.count >= count ? within[within.count - count] : start)
                    #expect(UTF8Scalars.startOfLast(count, in: buffer, from: start, to: bytes.count) == truth, "\(text) \(start) \(count)")
                }
            }
        }
    }

    @Test func equalBytesAreFlaggedExactly() {
        for byte in [UInt8(0x00), 0x0A, 0x7F, 0x80, 0x91, 0xFF] {
            for pattern in [UInt64(0), .max, 0x0A0B_0C0D_0E0F_1011, 0x8091_7F00_FF0A_0A91, 0x0101_0101_0101_0101] {
                var expected: UInt64 = 0
                for index in 0..<8 where UInt8(truncatingIfNeeded: pattern >> (8 * index)) == byte { expected |= 0x80 << (8 * index) }
                #expect(CaptionScan.matching(pattern, byte) == expected)
            }
        }
    }

    /// Every head that opens a caption label opens with scalars that ``CaptionSignals/mayOpenLabel(_:_:)`` accepts.
    @Test(arguments: CaptionSignalsTests.samples + ["１、图为…", "２：图１：春节", "上图：…", "题图为", "照片：", "Left: the mayor", "Right: x",
                                                    "T a b l e 2 Values", "Above: the site", "Supplementary Figure 3. x", "Exhibit 4 The"])
    func everyLabelOpensWithAcceptedScalars(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        if CaptionSignals.label(scalars) != nil {
            #expect(CaptionSignals.mayOpenLabel(scalars[0], scalars.count > 1 ? scalars[1] : nil), "\(text)")
        }
    }

    @Test func ordinaryOpeningsAreNotLabels() {
        #expect(!CaptionSignals.mayOpenLabel("T", "h"))
        #expect(!CaptionSignals.mayOpenLabel("今", "年"))
        #expect(CaptionSignals.mayOpenLabel("T", " "))
        #expect(CaptionSignals.mayOpenLabel("F", "i"))
    }
}
