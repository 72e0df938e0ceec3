import Foundation
import GalleyCore
import GalleyStages
import Testing

/// `dehyphenate` hands `sections` the line roles the model read on the raw page (in the document's
/// notes), so that the model runs once; `sections` reads the page itself whenever the note is not
/// there or no longer describes the text.
@Suite struct LineRoleHandoffTests {
    /// A front page as OCR gives it: no blank lines, headlines in capitals between the stories.
    static let frontPage = """
        THE WEEKLY HERALD
        VOL. XII NO. 7
        FARMERS MEET AT THE COUNTY SEAT
        The farmers of the county met on
        Tuesday at the court house to hear
        the plans for new roads and to vote
        on the question of a new school for
        the children of the north dis-
        trict. The meeting was well attend-
        ed and many spoke in favor of it.
        BRIDGE IS OPENED
        The new bridge over the river was
        opened on Saturday with a parade and
        a band concert in the afternoon.
        MILL WORKERS WIN
        HIGHER WAGES
        The mill workers of the town went
        back to work on Monday after the
        company agreed to raise the wages
        of every man by ten cents a day.
        """

    static func stage(_ name: String, _ options: [String: OptionValue] = [:]) throws -> any Stage {
        let type = try #require(BuiltinStages.catalog.type(named: name))
        let setup = StageSetup(options: StageOptions(specs: type.descriptor.options, values: options), instanceName: name)
        return try #require(try BuiltinStages.catalog.make(named: name, setup: setup))
    }

    /// A user's stage that edits the text.
    struct Reword: Stage {
        static let descriptor = StageDescriptor(name: "reword", summary: "Spells Saturday out as Sabbath.")
        init(setup: StageSetup) throws {}
        func process(_ document: inout Document) throws -> Disposition {
            document.text = document.text.replacingOccurrences(of: "Saturday", with: "Sabbath")
            return .keep
        }
    }

    /// A stage that leaves the text as it is but forgets the note (what `sections` sees when it
    /// has to read the page itself).
    struct Forget: Stage {
        static let descriptor = StageDescriptor(name: "forget", summary: "Drops the notes.")
        init(setup: StageSetup) throws {}
        func process(_ document: inout Document) throws -> Disposition {
            document.notes.removeAll()
            return .keep
        }
    }

    /// The sections `sections` (with `options`) gives for `text` on a document with no notes.
    func recomputed(_ text: String, _ options: [String: OptionValue] = [:]) throws -> [Section] {
        try #require(try StageHarness.run([try Self.stage("sections", options)], on: text)).sections
    }

    func titles(_ sections: [Section]) -> [String] { sections.compactMap(\.title) }

    @Test func dehyphenateHandsItsReadingToSections() throws {
        let dehyphenated = try #require(try StageHarness.run([try Self.stage("dehyphenate")], on: Self.frontPage))
        #expect(!dehyphenated.notes.isEmpty)
        let handedOn = try #require(try StageHarness.run([try Self.stage("sections")], on: dehyphenated))
        #expect(handedOn.notes.isEmpty)
        let recomputed = try recomputed(dehyphenated.text)
        // As good as reading the joined page again: every title found then is found now.
        #expect(Set(titles(recomputed)).isSubset(of: Set(titles(handedOn.sections))))
        #expect(titles(handedOn.sections).contains("BRIDGE IS OPENED"))
        #expect(titles(handedOn.sections).contains("MILL WORKERS WIN HIGHER WAGES"))
        #expect(handedOn.sections.contains { $0.title == "BRIDGE IS OPENED" && $0.text.hasPrefix("The new bridge over the river") })
        // The masthead's volume line is in no title and no body.
        #expect(!handedOn.sections.contains { $0.text.contains("VOL. XII") || ($0.title ?? "").contains("VOL. XII") })
    }

    @Test func withoutDehyphenateSectionsReadsThePageItself() throws {
        let document = try #require(try StageHarness.run([try Self.stage("cleanup"), try Self.stage("sections")], on: Self.frontPage))
        #expect(titles(document.sections).contains("BRIDGE IS OPENED"))
    }

    @Test func withoutTheModelInDehyphenateNothingIsHandedOn() throws {
        let dehyphenated = try #require(try StageHarness.run([try Self.stage("dehyphenate", ["line_roles": .bool(false)])], on: Self.frontPage))
        #expect(dehyphenated.notes.isEmpty)
        let document = try #require(try StageHarness.run([try Self.stage("sections")], on: dehyphenated))
        #expect(document.sections == (try recomputed(dehyphenated.text)))
    }

    @Test func withoutTheModelInSectionsTheNoteIsNotRead() throws {
        let options: [String: OptionValue] = ["line_roles": .bool(false)]
        let dehyphenated = try #require(try StageHarness.run([try Self.stage("dehyphenate")], on: Self.frontPage))
        let document = try #require(try StageHarness.run([try Self.stage("sections", options)], on: dehyphenated))
        #expect(document.sections == (try recomputed(dehyphenated.text, options)))
    }

    @Test func aStageThatEditsTheTextDropsTheNote() throws {
        let stages = [try Self.stage("dehyphenate"), try Reword(setup: StageSetup(options: StageOptions(), instanceName: "reword"))]
        let edited = try #require(try StageHarness.run(stages, on: Self.frontPage))
        #expect(edited.text.contains("Sabbath"))
        #expect(edited.notes.isEmpty)
        let document = try #require(try StageHarness.run([try Self.stage("sections")], on: edited))
        #expect(document.sections == (try recomputed(edited.text)))
    }

    @Test func aPluginStageInBetweenDropsTheNote() throws {
        // `cat` answers every document as it was sent: the same text, through JSON.
        let cat = try Self.stage("external", ["command": .list([.string("/bin/cat")])])
        let passed = try #require(try StageHarness.run([try Self.stage("dehyphenate"), cat], on: Self.frontPage))
        #expect(passed.notes.isEmpty)
        let document = try #require(try StageHarness.run([try Self.stage("sections")], on: passed))
        #expect(document.sections == (try recomputed(passed.text)))
    }

    /// A front page whose two-line headline the model reads better on the raw page than on the
    /// page `dehyphenate` wrote (where its first line, alone on a short line, reads as a kicker).
    static let deckPage = """
        CARRIZOZO NEWS
        Published Weekly in the Interest of Lincoln County
        VOL X. NO. 9
        CARRIZOZO, NEW MEXICO, FRIDAY, MARCH 3, 1916
        WATER QUESTION
        UP AGAIN
        Should Have the Attention
        of Every Citizen and Busi
        ness Man Who Wants a
        Better Town
        The council met on Monday night to
        talk over the plans for a new water
        system and heard the report of the
        engineer who was sent to look at the
        springs above the town last month.
        He reports that the flow is ample for
        a town of twice the present size.
        SCHOOL BOARD NAMES
        NEW PRINCIPAL
        The school board at its meeting on
        Tuesday chose Mr. Hall of Roswell as
        principal for the coming year.
        """

    @Test(arguments: [frontPage, deckPage]) func handingOnGivesTheSameOrBetterSectionsThanReadingAgain(page: String) throws {
        let handedOn = try #require(try StageHarness.run([try Self.stage("dehyphenate"), try Self.stage("sections")], on: page))
        let forget = try Forget(setup: StageSetup(options: StageOptions(), instanceName: "forget"))
        let readAgain = try #require(try StageHarness.run([try Self.stage("dehyphenate"), forget, try Self.stage("sections")], on: page))
        #expect(handedOn.text == readAgain.text)
        // Every title found by reading the joined page again is in a title found now (whole, or as
        // part of a headline found whole).
        for title in titles(readAgain.sections) {
            #expect(titles(handedOn.sections).contains { $0.contains(title) }, "lost: \(title)")
        }
        if page == Self.deckPage {
            let water = try #require(handedOn.sections.first { $0.title == "WATER QUESTION UP AGAIN" })
            #expect(water.kicker == nil)
            #expect(water.subtitle == "Should Have the Attention of Every Citizen and Business Man Who Wants a Better Town")
            #expect(titles(handedOn.sections).contains("SCHOOL BOARD NAMES NEW PRINCIPAL"))
        }
    }
}
