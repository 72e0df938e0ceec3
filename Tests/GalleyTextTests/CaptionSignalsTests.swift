import Testing
@testable import GalleyText

@Suite struct CaptionSignalsTests {
    @Test func everyLabelAndOpenerPassesTheTwoScalarTest() {
        for word in CaptionSignals.latinLabelScalars.map(\.0) + CaptionSignals.photoOpeners {
            #expect(CaptionSignals.opensLabelOrOpener(word[0], word[1]), "\(String(String.UnicodeScalarView(word)))")
        }
        #expect(!CaptionSignals.opensLabelOrOpener("T", "h"))
    }

    static let samples = [
        "图 2.1 Q 判据等值面图。", "表1 工会委员介绍表",
        "Figure 3: Throughput of the parser.", "Fig. 2. Structures of the compounds", "FIGURE 1 — The site", "Table 2 Results",
        "F i g u r e 1 The letter-spaced label", "Table 3 (continued)", "Photo: Jane Doe/AP", "Pictured: the mayor",
        "The council voted on Tuesday.", "图为昨日上午，志愿者在公园栽种树苗。", "图１：春节临近", "１、图为…", "陆新 摄",
        "（新华社记者兰红光摄）", "Photo by Jane Doe", "AP Photo/Jane Doe", "Credit: NASA", "Courtesy of the museum",
        "Scheme 1.", "Map", "", "F", "Ta",
    ]

    /// The overloads that read scalars in place answer as the array ones do.
    @Test(arguments: samples) func bufferOverloadsAgreeWithArrayOnes(_ text: String) {
        let scalars = Array(text.unicodeScalars)
        scalars.withUnsafeBufferPointer { buffer in
            #expect(CaptionSignals.label(buffer) == CaptionSignals.label(scalars))
            #expect(CaptionSignals.startsCaption(buffer) == CaptionSignals.startsCaption(scalars))
            #expect(CaptionSignals.latinLabel(buffer) == CaptionSignals.latinLabel(scalars))
            #expect(CaptionSignals.cjkOpening(buffer) == CaptionSignals.cjkOpening(scalars))
            #expect(CaptionSignals.isCreditLine(buffer, isShort: true) == CaptionSignals.isCreditLine(scalars, isShort: true))
            #expect(CaptionSignals.mayHoldCredit(buffer[...]) == CaptionSignals.mayHoldCredit(scalars[...]))
        }
    }

    @Test func labelsAreFound() {
        #expect(CaptionSignals.label(Array("Figure 3: Throughput".unicodeScalars))?.kind == "figure")
        #expect(CaptionSignals.label(Array("F i g u r e 1 The letter-spaced label".unicodeScalars))?.label == "Figure 1")
        #expect(CaptionSignals.label(Array("The council voted.".unicodeScalars)) == nil)
        #expect(CaptionSignals.isCreditLine(Array("陆新 摄".unicodeScalars), isShort: true))
    }

    /// A Chinese document numbers its figures and tables: `图 2.1 …`, `表1 …`; a sentence that
    /// opens with 表 (`表明…`, `表1显示…`) is no label.
    @Test func numberedChineseLabelsAreFound() {
        let figure = CaptionSignals.label(Array("图 2.1 Q 判据等值面图。".unicodeScalars))
        #expect(figure?.kind == "figure")
        #expect(figure?.label == "图 2.1")
        let table = CaptionSignals.label(Array("表1 工会委员介绍表".unicodeScalars))
        #expect(table?.kind == "table")
        #expect(table?.label == "表1")
        #expect(CaptionSignals.label(Array("表 3-2：主要财务数据".unicodeScalars))?.label == "表 3-2")
        #expect(CaptionSignals.label(Array("表明这一方法有效。".unicodeScalars)) == nil)
        #expect(CaptionSignals.label(Array("表1显示了结果。".unicodeScalars)) == nil)
        #expect(CaptionSignals.mayOpenLabel("表", " "))
    }
}
