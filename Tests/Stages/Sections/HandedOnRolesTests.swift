import GalleyCore
import GalleyText
import SectionsStage
import Testing

/// `sections` reads the line roles an earlier stage handed on (``PageRoles`` in the document's
/// ``TextNotes``) instead of running the model, but only for the very text they describe.
@Suite struct HandedOnRolesTests {
    static let page = """
        The farmers of the county met on Tuesday at the court house to hear the plans for new roads.

        The meeting was well attended and many spoke in favor of the plan for the north district.

        The new bridge over the river was opened on Saturday with a parade and a band concert.
        """

    /// Roles that read the second paragraph as furniture (the model would not).
    static func notes(describing text: String) -> PageRoles {
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var furniture: Set<Int> = []
        var offset = 0
        for (number, paragraph) in text.components(separatedBy: "\n\n").enumerated() {
            roles[offset] = number == 1 ? (.furniture, 1) : (.body, 1)
            if number == 1 { furniture.insert(offset) }
            offset += paragraph.utf8.count + 2
        }
        return PageRoles(roles: roles, furniture: furniture)
    }

    func run(_ document: Document, _ options: [String: OptionValue] = [:]) throws -> Document {
        try #require(try StageHarness.run([try StageHarness.make(SectionsStage.self, options)], on: document))
    }

    func mentionsTheMeeting(_ document: Document) -> Bool {
        document.sections.contains { $0.text.contains("The meeting was well attended") }
    }

    @Test func rolesHandedOnForTheTextAreRead() throws {
        var document = Document(id: "a", source: "a", text: Self.page)
        #expect(mentionsTheMeeting(try run(document)))
        document.notes.set(Self.notes(describing: Self.page), describing: document.text)
        let read = try run(document)
        #expect(!mentionsTheMeeting(read))
        #expect(read.sections.map(\.text).joined().contains("The new bridge"))
        // The note is used up.
        #expect(read.notes.isEmpty)
    }

    @Test func rolesHandedOnForAnotherTextAreNot() throws {
        // A note left for a text that a stage in between has since changed (here: one word).
        let earlier = Self.page.replacingOccurrences(of: "Saturday", with: "Thursday")
        var document = Document(id: "a", source: "a", text: Self.page)
        document.notes.set(Self.notes(describing: earlier), describing: earlier)
        #expect(mentionsTheMeeting(try run(document)))
        #expect(try run(document).sections == (try run(Document(id: "a", source: "a", text: Self.page))).sections)
    }

    @Test func withoutTheModelHandedOnRolesAreNotRead() throws {
        var document = Document(id: "a", source: "a", text: Self.page)
        document.notes.set(Self.notes(describing: Self.page), describing: document.text)
        #expect(mentionsTheMeeting(try run(document, ["line_roles": .bool(false)])))
    }

    /// A headline's first line in capitals that the model is not sure of (here furniture at 0.6, as
    /// under a masthead) goes on the headline line in capitals below it.
    @Test(arguments: [(Float(0.6), true), (Float(0.95), false)])
    func anUnsureLineInCapitalsOpensTheHeadlineBelowIt(confidence: Float, joined: Bool) throws {
        let text = """
            QUESTION OF LIGHTS

            IMPORTANT ONE

            We do not mean to declare that the town is a dead one, but some things have worked together to make it at present a dark town.

            Those who like the town best are those who are best acquainted with it, and no one is stronger for its home town than we are.
            """
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var offset = 0
        for (number, paragraph) in text.components(separatedBy: "\n\n").enumerated() {
            roles[offset] = [(LineRole.furniture, confidence), (.title, 0.91), (.body, 1), (.body, 1)][number]
            offset += paragraph.utf8.count + 2
        }
        var document = Document(id: "a", source: "a", text: text)
        document.notes.set(PageRoles(roles: roles), describing: document.text)
        let titles = try run(document).sections.compactMap(\.title)
        #expect(titles.contains("QUESTION OF LIGHTS IMPORTANT ONE") == joined)
    }

    /// Two headline lines that were one block on the raw page are one title, whatever their case;
    /// lines a blank line set apart there are not joined on that account.
    @Test(arguments: [true, false]) func headlineLinesOfOneRawBlockAreOneTitle(oneBlock: Bool) throws {
        let text = """
            Iselin People

            Have New Hall

            The fine new hall at Iselin was dedicated in the presence of a large crowd on Saturday evening, with music by the band.

            The building cost four thousand dollars and will be used by the lodges and the school for their meetings.
            """
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var continued: Set<Int> = []
        var offset = 0
        for (number, paragraph) in text.components(separatedBy: "\n\n").enumerated() {
            roles[offset] = number < 2 ? (.title, 0.97) : (.body, 1)
            if number == 1 && oneBlock { continued.insert(offset) }
            offset += paragraph.utf8.count + 2
        }
        var document = Document(id: "a", source: "a", text: text)
        document.notes.set(PageRoles(roles: roles, continued: continued), describing: document.text)
        let titles = try run(document).sections.compactMap(\.title)
        #expect(titles.contains("Iselin People Have New Hall") == oneBlock)
    }
}
