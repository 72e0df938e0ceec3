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
}
