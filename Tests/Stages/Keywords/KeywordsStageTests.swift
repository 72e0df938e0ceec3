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

@Suite struct TermExtractorTests {
    let extractor = TermExtractor(maximumNGram: 4, minimumCJKCount: 2, extraStopWords: [])

    @Test func wordsAreLowerCasedAndApostrophesKeptInside() {
        #expect(TermExtractor.runs(of: "Don’t STOP O'Brien's rock' 2024") == [
            .word("don't"), .word("stop"), .word("o'brien's"), .word("rock"), .word("2024"),
        ])
        #expect(TermExtractor.runs(of: "'quoted' ÉCOLE Straße") == [.word("quoted"), .word("école"), .word("straße")])
    }

    @Test func marksStayWithTheCharacterTheyExtend() {
        // A decomposed é stays in its word; a mark after a separator is part of the separator.
        #expect(TermExtractor.runs(of: "e\u{301}le\u{300}ve -\u{301}x") == [.word("e\u{301}le\u{300}ve"), .word("x")])
        // An apostrophe with a mark on it is no apostrophe.
        #expect(TermExtractor.runs(of: "don'\u{301}t") == [.word("don"), .word("t")])
        // A variation selector after an ideograph is left out of the run.
        #expect(TermExtractor.runs(of: "葛\u{E0100}城市") == [.cjk([0x845B, 0x57CE, 0x5E02])])
    }

    @Test func cjkRunsEndAtPunctuationLatinAndHiragana() {
        #expect(TermExtractor.runs(of: "利用外资，ABC企业。東京都の予算") == [
            .cjk([0x5229, 0x7528, 0x5916, 0x8D44]), .word("abc"), .cjk([0x4F01, 0x4E1A]),
            .cjk([0x6771, 0x4EAC, 0x90FD]), .cjk([0x4E88, 0x7B97]),
        ])
        #expect(TermExtractor.runs(of: "").isEmpty)
        #expect(TermExtractor.runs(of: "，。！ ... ").isEmpty)
    }

    @Test func nGramKeysHoldUpToNineScalars() throws {
        let scalars: [UInt32] = [0x4E00, 0x9FFF, 0x20000, 0x2EBEF, 0x3007, 0xAC00, 0x30A2, 0x1, 0x10FFFF]
        let gram = try #require(NGram(scalars))
        #expect(gram.scalars == scalars)
        #expect(gram.count == 9)
        #expect(NGram(Array(scalars.prefix(2)))?.string == "一鿿")
        #expect(NGram(scalars + [0x4E00]) == nil)
        #expect(NGram([]) == nil)
        #expect(NGram([0x4E00, 0]) == nil)
        #expect(NGram([0x4E00, 0x4E01]) != NGram([0x4E01, 0x4E00]))
        #expect(NGram([0x4E00, 0x4E01]) != NGram([0x4E00, 0x4E01, 0x4E02]))
    }

    @Test func theNGramTableCountsAndGrowsPastItsFirstSize() throws {
        var table = NGramTable(expected: 0)
        for round in 1...3 {
            for value in UInt32(0x4E00)..<0x4E00 + 500 {
                table.count(try #require(NGram([value, value + 1])), offset: Int(value) * round)
            }
        }
        #expect(table.entries.count == 500)
        #expect(table.entries.allSatisfy { $0.count == 3 })
        let gram = try #require(NGram([0x4E10, 0x4E11]))
        let index = try #require(table.index(of: gram))
        #expect(table.entries[index].firstOffset == 0x4E10)
        let reversed = try #require(NGram([0x4E11, 0x4E10]))
        #expect(table.index(of: reversed) == nil)
    }

    /// The terms as the first version of the stage found them: n-grams as strings, and every
    /// candidate checked against every longer kept one.
    func slowCJKTerms(_ text: String, maximum: Int, minimum: Int) -> [String: Int] {
        var counts: [String: Int] = [:]
        for case .cjk(let run) in TermExtractor.runs(of: text) {
            let characters = run.map { Character(Unicode.Scalar($0)!) }
            for start in characters.indices where !StopWords.isCJKBoundary(run[start]) {
                for length in 2...maximum where start + length <= characters.count {
                    if StopWords.isCJKBoundary(run[start + length - 1]) { continue }
                    counts[String(characters[start..<(start + length)]), default: 0] += 1
                }
            }
        }
        var kept: [String: Int] = [:]
        for (term, count) in counts.filter({ $0.value >= minimum }).sorted(by: { $0.key.count > $1.key.count }) {
            let covered = kept.contains { $0.value >= count && $0.key.count > term.count && $0.key.contains(term) }
            if !covered { kept[term] = count }
        }
        return kept
    }

    @Test(arguments: [(4, 2), (8, 1), (2, 1), (6, 3)])
    func cjkTermsMatchTheStraightforwardCount(maximum: Int, minimum: Int) {
        var state: UInt64 = 7
        let alphabet = Array("外资企业利用的发展区政府支持是了在。，京")
        var text = ""
        for _ in 0..<2_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1
            text.append(alphabet[Int(state >> 59) % alphabet.count])
        }
        let extractor = TermExtractor(maximumNGram: maximum, minimumCJKCount: minimum, extraStopWords: [])
        let fast = Dictionary(uniqueKeysWithValues: extractor.terms(in: [text]).map { ($0.term, $0.count) })
        #expect(fast == slowCJKTerms(text, maximum: maximum, minimum: minimum))
    }

    @Test func termsComeInTheOrderTheyFirstOccur() {
        let terms = extractor.terms(in: ["外资企业 council", "council 外资企业 harbour"])
        #expect(terms.map(\.term) == ["外资企业", "council", "harbour"])
        #expect(terms.map(\.count) == [2, 2, 1])
    }
}
