import GalleyCore
import GalleyText
import SummarizeStage
import Testing

/// A short news story: the lead and the sentences about profits are central; the weather and
/// the sports result are off topic.
let newsStory = """
    Quarterly profits at the bank rose sharply as lending grew and costs fell.

    The bank said profits rose because lending to small firms grew strongly. Its shares rose too. \
    It rained in the city on Tuesday.

    Analysts said the profits were better than expected, with lending and fees both growing. \
    The local football team lost on Saturday. Costs fell as the bank closed branches, helping profits.
    """

let chineseStory = """
    本报讯 今年全市经济运行总体平稳，工业生产稳步增长，外贸出口保持增长。

    统计局介绍，全市规模以上工业增加值增长８％，工业生产增长较快。昨天下午天气晴朗。\
    外贸出口增长１２％，出口增长主要来自机电产品。

    专家认为，经济运行总体平稳，工业和出口增长是主要动力。小区门口新开了一家面包店。
    """

@Suite struct SummarizeStageTests {
    func summarize(_ text: String, _ options: [String: OptionValue] = [:]) throws -> [String] {
        let stage = try StageHarness.make(SummarizeStage.self, options)
        let document = try #require(try StageHarness.run([stage], on: text))
        return try #require(document.sections.first?.summary)
    }

    func sentences(_ text: String) -> [String] { SentenceSplitter().sentences(in: text) }

    @Test func summaryIsVerbatimSentencesInDocumentOrder() throws {
        let all = sentences(newsStory)
        let summary = try summarize(newsStory)
        #expect(summary.count == 3)
        let positions = summary.map { sentence in all.firstIndex(of: sentence) }
        #expect(positions.allSatisfy { $0 != nil })
        #expect(positions.compactMap { $0 } == positions.compactMap { $0 }.sorted())
    }

    @Test func offTopicSentencesAreLeftOut() throws {
        for algorithm in ["textrank", "lexrank"] {
            let summary = try summarize(newsStory, ["algorithm": .string(algorithm), "sentences": .int(4)])
            #expect(!summary.contains("It rained in the city on Tuesday."), "\(algorithm)")
            #expect(!summary.contains("The local football team lost on Saturday."), "\(algorithm)")
            #expect(!summary.contains("Its shares rose too."), "\(algorithm)")
        }
        let chinese = try summarize(chineseStory, ["sentences": .int(3)])
        #expect(!chinese.contains("昨天下午天气晴朗。"))
        #expect(!chinese.contains("小区门口新开了一家面包店。"))
        #expect(chinese.allSatisfy { chineseStory.contains($0) })
    }

    @Test func theLeadIsKeptInANewsStory() throws {
        #expect(try summarize(newsStory, ["sentences": .int(1)]) ==
            ["Quarterly profits at the bank rose sharply as lending grew and costs fell."])
    }

    @Test func withoutThePositionPriorCentralityDecides() throws {
        let summary = try summarize(newsStory, ["sentences": .int(1), "lead_bias": .number(0)])
        #expect(summary.count == 1)
        #expect(summary[0].contains("profits"))
    }

    @Test func leadAlgorithmTakesTheFirstSentences() throws {
        #expect(try summarize(newsStory, ["algorithm": .string("lead"), "sentences": .int(2)]) ==
            Array(sentences(newsStory).prefix(2)))
    }

    @Test func ratioReplacesTheSentenceCount() throws {
        let count = sentences(newsStory).count
        #expect(count == 7)
        #expect(try summarize(newsStory, ["ratio": .number(0.4)]).count == 3)   // round(2.8)
        #expect(try summarize(newsStory, ["ratio": .number(0.5)]).count == 4)   // round(3.5)
        #expect(try summarize(newsStory, ["ratio": .number(0.3)]).count == 2)   // round(2.1)
        #expect(try summarize(newsStory, ["ratio": .number(0.01)]).count == 1)  // at least one
        #expect(try summarize(newsStory, ["ratio": .number(1)]) == sentences(newsStory))
    }

    @Test func askingForMoreSentencesThanThereAreGivesThemAll() throws {
        let text = "Only one sentence here, but it is long enough to pass the minimum size of a section easily."
        #expect(try summarize(text, ["sentences": .int(5), "min_chars": .int(10)]) == [text])
    }

    @Test func shortSectionsGetAnEmptySummary() throws {
        #expect(try summarize("Too short. Really.").isEmpty)
        #expect(try summarize("Too short. Really.", ["min_chars": .int(0)]) == ["Too short.", "Really."])
        #expect(try summarize("   ", ["min_chars": .int(0)]).isEmpty)
    }

    @Test func minCharsCountsCharactersNotBytes() throws {
        let text = String(repeating: "经济增长很快。", count: 10)   // 70 characters, 210 bytes
        #expect(try summarize(text, ["min_chars": .int(80), "sentences": .int(1)]).isEmpty)
        #expect(try summarize(text, ["min_chars": .int(70), "sentences": .int(1)]) == ["经济增长很快。"])
    }

    @Test func anUnknownAlgorithmIsAConfigurationError() {
        #expect(throws: StageError.self) {
            try StageHarness.make(SummarizeStage.self, ["algorithm": .string("bogus")])
        }
    }

    @Test func everySectionIsSummarizedAndCounted() throws {
        let stage = try StageHarness.make(SummarizeStage.self, ["sentences": .int(2)])
        var document = Document(id: "d", source: "d", text: "")
        document.sections = [Section(title: "A", text: newsStory), Section(title: "B", text: "短。"),
                             Section(title: "C", text: chineseStory)]
        #expect(try stage.process(&document) == .keep)
        #expect(document.sections.map { $0.summary?.count } == [2, 0, 2])
        #expect(document.metadata.counter("summarize.sections") == 3)
        #expect(document.metadata.counter("summarize.sentences") == 4)
    }

    @Test func aDocumentWithoutSectionsBecomesOneSection() throws {
        let document = try #require(try StageHarness.run([StageHarness.make(SummarizeStage.self)], on: newsStory))
        #expect(document.sections.count == 1)
        #expect(document.sections[0].text == newsStory)
        #expect(document.sections[0].summary?.count == 3)
    }

    @Test func summariesAreDeterministic() throws {
        var text = ""
        for index in 0..<300 {
            text += "Sentence \(index % 17) talks about topic \(index % 7) and theme \(index % 5) again. "
            if index % 9 == 8 { text += "\n\n" }
        }
        let first = try summarize(text, ["sentences": .int(10)])
        for _ in 0..<3 { #expect(try summarize(text, ["sentences": .int(10)]) == first) }
        #expect(first.count == 10)
    }

    @Test func descriptorDeclaresEveryOption() {
        let names = SummarizeStage.descriptor.options.map(\.name)
        #expect(names == ["sentences", "ratio", "algorithm", "min_chars", "window", "neighbours", "lead_bias", "redundancy"])
        #expect(SummarizeStage.descriptor.name == "summarize")
    }
}
