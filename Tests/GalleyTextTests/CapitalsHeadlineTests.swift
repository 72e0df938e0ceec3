@testable import GalleyText
import Testing

/// Lines in capitals that the model reads as running text, between running text, are read as a
/// headline's lines on a page mostly not in capitals (``LineRoleLayout/markCapitalsHeadlines(_:_:roles:confidence:)``).
@Suite struct CapitalsHeadlineTests {
    /// The roles after the rule, for a page whose lines the model read as `roles`.
    func marked(_ page: [String], _ roles: [LineRole]) -> [LineRole] {
        var text = page.joined(separator: "\n")
        text.makeContiguousUTF8()
        return text.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            var found = roles
            var confidence = roles.map { _ in Float(0.9) }
            LineRoleLayout.markCapitalsHeadlines(bytes, lines, roles: &found, confidence: &confidence)
            for index in found.indices where found[index] != roles[index] {
                #expect(confidence[index] == LineRoleLayout.capitalsConfidence)
            }
            return found
        }
    }

    static let story = [
        "And to talk street lights is the only",
        "way to talk progress into the town.",
        "ENTERTAINS PASTIME CLUB",
        "The Pastimers met Thursday afternoon",
        "as the guests of Mrs. Bell. The after",
        "noon was spent in needlework and a",
        "varied program of readings was given.",
        "Refreshments of sandwiches followed.",
    ]

    @Test func aLineInCapitalsBetweenStoriesIsAHeadlineLine() {
        let roles = marked(Self.story, Array(repeating: .body, count: Self.story.count))
        #expect(roles[2] == .title)
        #expect(roles.enumerated().allSatisfy { $0.offset == 2 || $0.element == .body })
    }

    @Test func aHeadlineOnTwoLinesInCapitals() {
        var page = Self.story
        page.insert("SHIPMENTS LARGE", at: 3)
        page[2] = "NEW MEXICO CATTLE"
        let roles = marked(page, Array(repeating: .body, count: page.count))
        #expect(roles[2] == .title && roles[3] == .title)
    }

    @Test func notWhereTheModelReadsSomethingElseNorAtTheEdgesNorNextToANumber() {
        let body = Array(repeating: LineRole.body, count: Self.story.count)
        // The model reads the line as a deck: left as it is.
        var deck = body
        deck[2] = .subtitle
        #expect(marked(Self.story, deck) == deck)
        // The line after it is a heading of the model's.
        var heading = body
        heading[3] = .title
        #expect(marked(Self.story, heading) == heading)
        // A section number printed apart above it.
        var numbered = Self.story
        numbered[1] = "2"
        #expect(marked(numbered, body) == body)
        // The first line of the page.
        let top = ["ENTERTAINS PASTIME CLUB"] + Self.story.filter { $0 != "ENTERTAINS PASTIME CLUB" }
        #expect(marked(top, body) == body)
    }

    @Test func notARunOfFourNorAPageOfCapitals() {
        var long = Self.story
        long.insert(contentsOf: ["THE TOWN COUNCIL MET", "ON MONDAY NIGHT AND", "VOTED FOR THE LIGHTS"], at: 3)
        let body = Array(repeating: LineRole.body, count: long.count)
        #expect(marked(long, body) == body)
        // A telegram set in capitals: most lines are.
        let telegram = ["THE COUNCIL MET TODAY AND", "VOTED FOR NEW STREET LIGHTS", "IN EVERY WARD OF THE TOWN",
                        "the mayor said the cost would", "be met by a tax on property", "THE WORK BEGINS IN MARCH"]
        let roles = Array(repeating: LineRole.body, count: telegram.count)
        #expect(marked(telegram, roles) == roles)
    }
}
