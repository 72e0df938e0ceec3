import CaptionsStage
import GalleyCore
import GalleyText
import Testing

/// `captions` takes the paragraphs the line-role model reads as captions: from the roles an earlier
/// stage handed on for the very text (``PageRoles``), never from a stale note.
@Suite struct ModelCaptionsTests {
    static let page = """
        The farmers of the county met on Tuesday at the court house to hear the plans for new roads.

        GENERAL SIR DOUGLAS HAIG.

        The meeting was well attended and many spoke in favor of the plan for the north district.

        tn the north district the roads are the worst in the county, the farmers say.

        N N S

        The new bridge over the river was opened on Saturday with a parade and a band concert.
        """

    /// Handed-on roles: `caption` at `confidence` for the paragraphs numbered in `captions`, body else.
    static func roles(of text: String, captions: Set<Int>, confidence: Float = 0.95) -> PageRoles {
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var offset = 0
        for (number, paragraph) in text.components(separatedBy: "\n\n").enumerated() {
            roles[offset] = captions.contains(number) ? (.caption, confidence) : (.body, 1)
            offset += paragraph.utf8.count + 2
        }
        return PageRoles(roles: roles)
    }

    func run(_ document: Document, _ options: [String: OptionValue] = [:]) throws -> Document {
        try #require(try StageHarness.run([try StageHarness.make(CaptionsStage.self, options)], on: document))
    }

    @Test func aParagraphTheModelReadsAsACaptionIsOne() throws {
        var document = Document(id: "a", source: "a", text: Self.page)
        document.notes.set(Self.roles(of: Self.page, captions: [1]), describing: document.text)
        let result = try run(document)
        #expect(result.captions == [Caption(text: "GENERAL SIR DOUGLAS HAIG.", section: 0, kind: "photo")])
        #expect(!result.sections[0].text.contains("HAIG"))
        #expect(result.sections[0].text.contains("The meeting was well attended"))
    }

    /// Below the model's threshold, opening in lowercase (the text before goes on), or without a word
    /// (the labels inside a figure): not a caption.
    @Test func weakOrWordlessOrContinuingParagraphsStayInTheBody() throws {
        var document = Document(id: "a", source: "a", text: Self.page)
        document.notes.set(Self.roles(of: Self.page, captions: [1], confidence: 0.8), describing: document.text)
        #expect(try run(document).captions.isEmpty)
        document.notes.set(Self.roles(of: Self.page, captions: [3, 4]), describing: document.text)
        #expect(try run(document).captions.isEmpty)
    }

    @Test func aNoteForAnotherTextOrTheOptionOffIsIgnored() throws {
        var document = Document(id: "a", source: "a", text: Self.page)
        let stale = Self.page.replacingOccurrences(of: "Tuesday", with: "Monday")
        document.notes.set(Self.roles(of: stale, captions: [1]), describing: stale)
        #expect(try run(document).captions.isEmpty)
        document.notes.set(Self.roles(of: Self.page, captions: [1]), describing: document.text)
        #expect(try run(document, ["line_roles": .string("off")]).captions.isEmpty)
    }

    /// Captions printed one a line with no blank line between end at their credits.
    @Test func captionLinesEndAtTheirCredits() throws {
        let text = """
            北京市顺义区一家大型肉类加工企业最近通过了安全食用农产品体系认证。 杨文道摄
            辽宁省凌海市大业乡成立了农民书法协会，几年来有近百幅作品获奖。 李铁成摄
            """
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var offset = 0
        for line in text.components(separatedBy: "\n") {
            roles[offset] = (.caption, 0.95)
            offset += line.utf8.count + 1
        }
        var document = Document(id: "a", source: "a", text: text)
        document.notes.set(PageRoles(roles: roles), describing: document.text)
        let captions = try run(document).captions
        #expect(captions.map(\.credit) == ["杨文道", "李铁成"])
    }

    /// A figure caption broken by a blank line goes on in the model's caption paragraph below it,
    /// while it stops mid-sentence.
    @Test func aFigureCaptionGoesOnInTheModelsCaptionBelowIt() throws {
        let text = """
            The results are shown below for every site we measured in the survey of the year.

            Figure 3: Species distribution of the hybrids

            following the earlier survey, with the sites of the sequenced individuals.

            The sites were chosen to cover the range of both species in the whole of the region.
            """
        var document = Document(id: "a", source: "a", text: text)
        document.notes.set(Self.roles(of: text, captions: [1, 2]), describing: document.text)
        let captions = try run(document).captions
        #expect(captions.map(\.text) == ["Species distribution of the hybrids following the earlier survey, with the sites of the sequenced individuals."])
    }
}
