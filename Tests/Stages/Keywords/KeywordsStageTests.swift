import GalleyCore
@testable import KeywordsStage
import Testing

@Suite struct KeywordsStageTests {
    @Test func latinKeywordsAreFrequentWordsWithoutStopWords() throws {
        let stage = try StageHarness.make(KeywordsStage.self, ["count": .int(3)])
        let text = """
            The harbour council approved the harbour budget. The budget funds dredging of the harbour \
            and new cranes; dredging starts in May. Cranes arrive later.
            """
        let document = try #require(try StageHarness.run([stage], on: text))
        #expect(document.sections.count == 1, "keywords materializes the one section")
        #expect(document.sections[0].keywords == ["harbour", "dredging", "budget"], "ties go to the longer word")
        #expect(document.metadata.counter("keywords.terms") == 3)
    }

    @Test func cjkKeywordsAreRepeatedNGramsAndTheLongestWins() throws {
        let stage = try StageHarness.make(KeywordsStage.self, ["count": .int(3)])
        let text = "今年利用外资总体平稳。利用外资的结构继续优化，外资企业增多。区政府支持外资企业发展，外资企业反映良好。"
        let document = try #require(try StageHarness.run([stage], on: text))
        let keywords = try #require(document.sections[0].keywords)
        #expect(keywords == ["外资", "外资企业", "利用外资"])
        #expect(!keywords.contains("资企"), "a fragment of a longer term that never occurs alone is left out")
        #expect(!keywords.contains { $0.hasPrefix("的") || $0.hasSuffix("的") })
    }

    @Test func aTermEverySectionUsesRanksBelowOneOnlyThisSectionUses() {
        let ranked = TermRanking.rank([
            [TermCount(term: "council", count: 3, firstOffset: 1), TermCount(term: "harbour", count: 2, firstOffset: 2)],
            [TermCount(term: "council", count: 3, firstOffset: 1), TermCount(term: "school", count: 1, firstOffset: 2)],
            [TermCount(term: "council", count: 3, firstOffset: 1)],
        ], count: 2)
        #expect(ranked[0] == ["harbour", "council"])
        #expect(ranked[2] == ["council"])
    }

    @Test func everySectionGetsItsOwnKeywordsAndTitlesCount() throws {
        let stage = try StageHarness.make(KeywordsStage.self, ["count": .int(2)])
        var document = Document(id: "d", source: "d", text: "", sections: [
            Section(title: "Harbour dredging", text: "Dredging of the harbour begins. Harbour users agree."),
            Section(title: "School meals", text: "Meals at the school improve; school staff cook meals."),
        ])
        #expect(try stage.process(&document) == .keep)
        #expect(document.sections[0].keywords == ["harbour", "dredging"])
        #expect(document.sections[1].keywords == ["school", "meals"])
    }

    @Test func extraStopWordsAreNeverReturned() throws {
        let stage = try StageHarness.make(KeywordsStage.self, ["stop_words": .list([.string("Harbour"), .string("外资")])])
        let document = try #require(try StageHarness.run([stage], on: "harbour harbour harbour cranes cranes 利用外资。外资。外资。"))
        #expect(document.sections[0].keywords == ["cranes"])
    }

    @Test func japaneseHiraganaBreaksRuns() {
        let runs = TermExtractor.runs(of: "東京都の予算は")
        #expect(runs.count == 2)
    }

    @Test func noCandidatesGiveAnEmptyList() throws {
        let stage = try StageHarness.make(KeywordsStage.self)
        let document = try #require(try StageHarness.run([stage], on: "a an the 12 34"))
        #expect(document.sections[0].keywords == [])
    }
}
