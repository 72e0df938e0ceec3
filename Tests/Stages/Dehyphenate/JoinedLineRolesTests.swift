@testable import DehyphenateStage
import GalleyCore
import GalleyText
import Testing

/// `dehyphenate` hands the roles the line-role model read on the raw page on to `sections`, mapped
/// onto the paragraphs it wrote (``JoinedLineRoles``).
@Suite struct JoinedLineRolesTests {
    /// A front page as OCR gives it: no blank lines, words broken at the margin with a hyphen.
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
        """

    func dehyphenate(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
        var document = Document(id: "a", source: "a", text: text)
        _ = try StageHarness.make(DehyphenateStage.self, options).process(&document)
        return document
    }

    /// The paragraphs of `text` by where each starts.
    func paragraphStarts(_ text: String) -> [Int: String] {
        var starts: [Int: String] = [:]
        var offset = 0
        for paragraph in text.components(separatedBy: "\n\n") {
            starts[offset] = paragraph
            offset += paragraph.utf8.count + 2
        }
        return starts
    }

    @Test func theJoinedParagraphsCarryTheRolesOfTheirFirstLines() throws {
        let document = try dehyphenate(Self.frontPage)
        #expect(document.text.contains("the north district. The meeting was well attended and"))
        let page = try #require(document.notes.note(PageRoles.self, describing: document.text))
        let paragraphs = paragraphStarts(document.text)
        // Every role is a paragraph's, and every paragraph has one.
        #expect(Set(page.roles.keys) == Set(paragraphs.keys))
        let bridge = try #require(paragraphs.first { $0.value == "BRIDGE IS OPENED" })
        #expect(page.roles[bridge.key]?.role == .title)
        let body = try #require(paragraphs.first { $0.value.hasPrefix("The new bridge") })
        #expect(page.roles[body.key]?.role == .body)
        // The raw page's reading, not the joined page's: the same as the model gives the raw lines.
        let raw = LineRoleLayout(Self.frontPage, removingFurniture: false, longestDecisive: 0)
        let rawBridge = try #require(raw.roles.first { raw.text.utf8.dropFirst($0.key).starts(with: "BRIDGE IS".utf8) })
        #expect(page.roles[bridge.key]?.confidence == rawBridge.value.confidence)
    }

    @Test func nothingIsHandedOnWithoutTheModelOrWhereItDidNotRun() throws {
        #expect(try dehyphenate(Self.frontPage, ["line_roles": .bool(false)]).notes.isEmpty)
        // Fewer lines than the model reads, and a page printed one paragraph a line.
        #expect(try dehyphenate("A HEADLINE\nThe first line of the\nstory under it.").notes.isEmpty)
        #expect(try dehyphenate((1...10).map { "Paragraph \($0) ends a sentence here." }.joined(separator: "\n\n")).notes.isEmpty)
    }

    @Test func linesThatCannotBeFollowedHandNothingOn() throws {
        let layout = LineRoleLayout(Self.frontPage, removingFurniture: false, longestDecisive: 0)
        #expect(!layout.roles.isEmpty)
        #expect(JoinedLineRoles.roles(of: layout, joined: "Some other text\n\nentirely") == nil)
        // A line left out, and one word changed.
        let joined = try dehyphenate(Self.frontPage).text
        #expect(JoinedLineRoles.roles(of: layout, joined: joined) != nil)
        #expect(JoinedLineRoles.roles(of: layout, joined: joined.replacingOccurrences(of: "BRIDGE IS OPENED\n\n", with: "")) == nil)
        #expect(JoinedLineRoles.roles(of: layout, joined: joined.replacingOccurrences(of: "parade", with: "parody")) == nil)
        #expect(JoinedLineRoles.roles(of: layout, joined: joined + "\n\nA paragraph more.") == nil)
    }

    @Test func aParagraphMadeOnlyOfFurnitureLinesStaysFurniture() throws {
        var layout = LineRoleLayout(Self.frontPage, removingFurniture: false, longestDecisive: 0)
        let joined = try dehyphenate(Self.frontPage).text
        let paragraphs = paragraphStarts(joined)
        // Every line furniture: every paragraph is.
        layout.furniture = Set(layout.roles.keys)
        #expect(try #require(JoinedLineRoles.roles(of: layout, joined: joined)).furniture == Set(paragraphs.keys))
        // All but one line: every paragraph but the one that line went into.
        let last = try #require(layout.roles.keys.max())
        layout.furniture.remove(last)
        let concert = try #require(paragraphs.first { $0.value.hasSuffix("a band concert in the afternoon.") })
        #expect(try #require(JoinedLineRoles.roles(of: layout, joined: joined)).furniture == Set(paragraphs.keys).subtracting([concert.key]))
    }

    /// A paragraph whose first line came right after the line before it on the page (one block
    /// there) is marked as continuing it; one after a blank line is not.
    @Test func paragraphsTheJoinerSplitFromOneBlockAreMarked() throws {
        let raw = "Iselin People\nHave New Hall\nThe fine new hall at Iselin was\ndedicated in the presence of a\n\nlarge crowd of people."
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var offset = 0
        for line in raw.components(separatedBy: "\n") {
            if !line.isEmpty { roles[offset] = (line.hasPrefix("I") || line.hasPrefix("H") ? .title : .body, 0.97) }
            offset += line.utf8.count + 1
        }
        let layout = LineRoleLayout(raw, handedOn: PageRoles(roles: roles), removingFurniture: false)
        let joined = "Iselin People\n\nHave New Hall\n\nThe fine new hall at Iselin was dedicated in the presence of a\n\nlarge crowd of people."
        let page = try #require(JoinedLineRoles.roles(of: layout, joined: joined))
        let starts = paragraphStarts(joined)
        let continued = Set(page.continued.compactMap { starts[$0] })
        #expect(continued == ["Have New Hall", "The fine new hall at Iselin was dedicated in the presence of a"])
        #expect(page.roles[0]?.role == .title)
    }
}
