import CaptionsStage
import Foundation
import GalleyCore
import Testing

/// Captions on pages as OCR and PDF text give them: old newspapers' photo captions and credits,
/// captions joined into the running text, algorithm captions of Chinese documents.
@Suite struct PrintedPageCaptionsTests {
    func captions(_ text: String) throws -> Document {
        let stage = try StageHarness.make(CaptionsStage.self, [:])
        return try #require(try StageHarness.run([stage], on: text))
    }

    /// A wire service's credit at the foot of the photo: the caption is the block below it, not the
    /// headline-like line above.
    @Test func photoByCreditTakesTheBlockBelowIt() throws {
        let text = """
            The council met on Tuesday evening and passed the budget for the coming year without debate.

            NEW MAYOR TAKES OFFICE.

            Photo by Central News Service.

            Mr. Henry Walsh, who was sworn in yesterday as mayor of the borough, with his family at the city hall.

            The new mayor said in his address that the streets of the town would be paved before the autumn.
            """
        let document = try captions(text)
        #expect(document.captions == [Caption(
            text: "Mr. Henry Walsh, who was sworn in yesterday as mayor of the borough, with his family at the city hall.",
            credit: "Central News Service", section: 0, kind: "photo")])
        #expect(document.sections[0].text.contains("NEW MAYOR TAKES OFFICE."))
        #expect(!document.sections[0].text.contains("Photo by"))
    }

    @Test(arguments: [("© 1916 by Harbor Photo Company.", "Harbor Photo Company"), ("Copyright by Harris & Ewing.", "Harris & Ewing")])
    func otherCopyrightCredits(line: String, credit: String) throws {
        let text = "The steamer left the harbor at dawn with a cargo of grain bound for the southern ports.\n\n" + line
            + "\n\nTHE STEAMER LEAVING PORT.\n\nHer captain expects to return within the month, weather permitting."
        #expect(try captions(text).captions == [Caption(text: "THE STEAMER LEAVING PORT.", credit: credit, section: 0, kind: "photo")])
    }

    /// A modern copyright notice is no photo credit.
    @Test func copyrightNoticeIsNoCredit() throws {
        let text = "The talks will go on next week in Geneva.\n\nCopyright 2020 The Associated Press. All rights reserved.\n\nMORE NEWS."
        #expect(try captions(text).captions.isEmpty)
    }

    @Test func copyrightCreditWithAYearTakesACaptionInCapitals() throws {
        let text = """
            The steamer left the harbor at dawn with a cargo of grain bound for the southern ports of the coast.

            Copyright, 1915, by Harbor Photo Company.

            THE STEAMER LEAVING PORT.

            Her captain expects to return within the month, weather permitting, with a load of coal.
            """
        let document = try captions(text)
        #expect(document.captions == [Caption(text: "THE STEAMER LEAVING PORT.", credit: "Harbor Photo Company",
                                              section: 0, kind: "photo")])
    }

    /// OCR lines joined across the photo: body text runs on into the credit, and the caption's
    /// capitals into the body's next line; whichever marker opens the credit (the stage looks for
    /// the markers only in paragraphs that can hold one).
    @Test(arguments: [("Photo by Western Press Association.", "Western Press Association"),
                      ("Photograph by Western Press Association.", "Western Press Association"),
                      ("© 1916 by Harbor Photo Company.", "Harbor Photo Company")])
    func creditAndCaptionJoinedIntoTheBody(credit: String, source: String) throws {
        let text = """
            The governor declared that the new roads would be finished before the winter, and that the
            state would pay for them out of the \(credit)

            OLD TOLL BRIDGE tolls collected from the canal companies over the last ten years.
            """
        let document = try captions(text)
        #expect(document.captions == [Caption(text: "OLD TOLL BRIDGE", credit: source, section: 0, kind: "photo")])
        #expect(document.sections[0].text.hasSuffix("tolls collected from the canal companies over the last ten years."))
        #expect(document.sections[0].text.hasPrefix("The governor declared"))
        #expect(!document.sections[0].text.contains(credit))
        #expect(!document.sections[0].text.contains("OLD TOLL BRIDGE"))
    }

    /// A portrait's caption in capitals set into a column, cutting a sentence in two.
    @Test func nameInCapitalsInsideASentenceIsACaption() throws {
        let text = """
            The inventor has filed applications for a machine that, he says, will send power through
            the air to any point of the globe, and the in

            JOHN HARTLEY.

            ventor says it will be ready within the year.
            """
        let document = try captions(text)
        #expect(document.captions == [Caption(text: "JOHN HARTLEY.", section: 0, kind: "photo")])
    }

    /// Capitals after a finished sentence are a heading or a deck, not a caption; capitals without a
    /// full stop neither.
    @Test(arguments: [
        "The meeting ended at noon after the vote was taken by the members of the board present.\n\nTHE BOARD ADJOURNS.\n\nThe next meeting will be held in March.",
        "The meeting ended at noon after the vote was taken by the members of the board present and\n\nTHE BOARD ADJOURNS\n\nthe next meeting will be held in March.",
    ])
    func capitalsThatAreNoCaption(text: String) throws {
        #expect(try captions(text).captions.isEmpty)
    }

    /// Raw PDF text: the caption's lines joined into the paragraph around the figure.
    @Test func figureCaptionJoinedIntoRunningText() throws {
        let text = "Our method relies on the intuition that words of the same type Seattle , located in Washington Figure 2: Graphical model of the tagger. Shown is the case in which k = 2. Tokens are joined into a single unit. arguments of the proper type appear in similar contexts."
        let document = try captions(text)
        #expect(document.captions == [Caption(
            text: "Graphical model of the tagger. Shown is the case in which k = 2. Tokens are joined into a single unit.",
            section: 0, kind: "figure", label: "Figure 2")])
        #expect(document.sections[0].text == "Our method relies on the intuition that words of the same type Seattle , located in Washington arguments of the proper type appear in similar contexts.")
    }

    @Test(arguments: [
        "The results are shown in Figure 2 and the model of the tagger is described below, with the case k = 2 at 12:30 in the log.",
        "The meeting opened at 10:30 when the chair read the minutes of the last session aloud to the members.",
    ])
    func referencesAndTimesAreNoRunInCaption(text: String) throws {
        #expect(try captions(text).captions.isEmpty)
    }

    @Test func chineseAlgorithmCaptionIsItsFirstLine() throws {
        let text = "如见算法 1，详细使用方法请参见文档。\n\n算法 1 欧几里得算法\n1: procedure EUCLID(a, b)\n2: r ← a mod b"
        let document = try captions(text)
        #expect(document.captions == [Caption(text: "欧几里得算法", section: 0, kind: "figure", label: "算法 1")])
        #expect(document.sections[0].text == "如见算法 1，详细使用方法请参见文档。\n\n1: procedure EUCLID(a, b)\n2: r ← a mod b")
    }
}
