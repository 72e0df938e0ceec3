@testable import DehyphenateStage
import Foundation
import GalleyCore
import Testing

/// The evidence `dehyphenate` decides from: the Hunspell dictionary and hyphenation patterns
/// that `.ci/run` installs (Debian's en_US, named by the stage's options), and the document's
/// own spellings, which win over the dictionary.
@Suite struct EvidenceTests {
    @Test func theDefaultDictionaryAndPatternsAreLoadedOnce() throws {
        let first = try StageHarness.make(DehyphenateStage.self, [:])
        let second = try StageHarness.make(DehyphenateStage.self, [:])
        #expect(first.hasLexicon)
        #expect(first.dictionaryLoadSeconds > 0)
        #expect(first.joiner.judge.lexicon.spelling === second.joiner.judge.lexicon.spelling)
        #expect(first.joiner.judge.lexicon.patterns === second.joiner.judge.lexicon.patterns)
    }

    @Test func hunspellKnowsInflectedFormsAndNotFragments() throws {
        let spelling = try SpellingDictionary.shared(base: DehyphenateStage.defaultDictionary)
        #expect(spelling.accepts("legislature"))
        #expect(spelling.accepts("superintendents"))
        #expect(spelling.accepts("Legislature"))
        #expect(!spelling.accepts("legis"))
        #expect(!spelling.accepts("rulebased"))
    }

    @Test func patternsGiveLegalBreakPoints() throws {
        let patterns = try HyphenationPatterns.shared(path: DehyphenateStage.defaultHyphenation)
        #expect(patterns.allowsBreak(left: "legis", right: "lature"))
        #expect(patterns.allowsBreak(left: "pro", right: "vision"))
        #expect(!patterns.allowsBreak(left: "th", right: "ere"))
    }

    @Test(arguments: [
        ("a rule-\nbased tagger", "a rule-based tagger"),
        ("the long-\nterm view", "the long-term view"),
        ("a trade-\noff between them", "a trade-off between them"),
    ])
    func twoWordsThatMakeNoWordKeepTheirHyphen(_ text: String, _ expected: String) throws {
        let document = try dehyphenate(text)
        #expect(document.text == expected)
        #expect(document.metadata.counter("dehyphenate.kept") == 1)
    }

    @Test(arguments: [
        ("the legis-\nlature met", "the legislature met"),
        ("an inter-\nnational body", "an international body"),
        ("the superin-\ntendent said", "the superintendent said"),
    ])
    func aBrokenWordIsJoined(_ text: String, _ expected: String) throws {
        #expect(try dehyphenate(text).text == expected)
    }

    @Test func theDocumentWinsOverTheDictionary() throws {
        // The dictionary knows `cooperation`, but this document writes it with a hyphen.
        #expect(try dehyphenate("co-operation matters, and co-\noperation pays").text
            == "co-operation matters, and co-operation pays")
        // The dictionary has no `rulebased`, but this document writes it solid.
        #expect(try dehyphenate("a rulebased parser and a rule-\nbased tagger").text
            == "a rulebased parser and a rulebased tagger")
    }

    @Test func aCapitalisedNameIsJoined() throws {
        #expect(try dehyphenate("he lived at Banks-\ntown then").text == "he lived at Bankstown then")
    }

    @Test(arguments: [
        ("the legis\nlature met today", "the legislature met today"),
        ("the superin\ntendent said so", "the superintendent said so"),
        ("a careful pro\nvision for repairs", "a careful provision for repairs"),
    ])
    func aBreakWithoutAHyphenIsJoinedOnEvidence(_ text: String, _ expected: String) throws {
        let document = try dehyphenate(text)
        #expect(document.text == expected)
        #expect(document.metadata.counter("dehyphenate.joined_unhyphenated") == 1)
    }

    @Test func aBreakWithoutAHyphenIsJoinedWhenTheDocumentWritesTheWordSolid() throws {
        // `Woolloomooloo` is in no dictionary; the document spells it solid elsewhere.
        #expect(try dehyphenate("ships at Woolloomooloo bay and at Wool\nloomooloo wharf").text
            == "ships at Woolloomooloo bay and at Woolloomooloo wharf")
    }

    @Test(arguments: [
        ("he saw the\nman at the door", "he saw the man at the door"),
        // `in` and `to` stand alone elsewhere in the document: `into` is not evidence enough.
        ("go in and out, to and fro, then in\nto the hall", "go in and out, to and fro, then in to the hall"),
        ("the Hunspell\nlibrary", "the Hunspell library"),
    ])
    func twoRealWordsAreNeverJoined(_ text: String, _ expected: String) throws {
        let document = try dehyphenate(text)
        #expect(document.text == expected)
        #expect(document.metadata.counter("dehyphenate.joined_unhyphenated") == 0)
    }

    @Test func breaksWithoutAHyphenCanBeLeftAlone() throws {
        #expect(try dehyphenate("the legis\nlature met", ["unhyphenated": .bool(false)]).text == "the legis lature met")
    }

    @Test(arguments: [
        ("see pages 312–\n319 of the report", "see pages 312–319 of the report"),
        ("in the years 1914-\n1918 the war", "in the years 1914-1918 the war"),
    ])
    func aPageRangeBrokenAfterItsDashStaysWhole(_ text: String, _ expected: String) throws {
        #expect(try dehyphenate(text).text == expected)
    }

    @Test func aMissingDictionaryIsAConfigurationError() {
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["dictionary": .string("/nonexistent/en_US")])
        }
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["hyphenation": .string("/nonexistent/hyph_en_US.dic")])
        }
    }

    /// The files are read side by side, but the error names the first missing one in the order
    /// of the options: the dictionary, the patterns, the Chinese word list.
    @Test func theFirstMissingFileIsTheOneReported() {
        func message(_ options: [String: OptionValue]) -> String? {
            do {
                _ = try StageHarness.make(DehyphenateStage.self, options)
                return nil
            } catch {
                return StageError.describe(error)
            }
        }
        let dictionary = ("dictionary", OptionValue.string("/nonexistent/en_US"))
        let patterns = ("hyphenation", OptionValue.string("/nonexistent/hyph_en_US.dic"))
        let words = ("cjk_words", OptionValue.string("/nonexistent/dict.txt"))
        let all = message(Dictionary(uniqueKeysWithValues: [dictionary, patterns, words]))
        #expect(all?.contains("spelling dictionary file /nonexistent/en_US.aff") == true)
        let last = message(Dictionary(uniqueKeysWithValues: [patterns, words]))
        #expect(last?.contains("hyphenation pattern file /nonexistent/hyph_en_US.dic") == true)
        #expect(message(Dictionary(uniqueKeysWithValues: [words]))?.contains("Chinese word list /nonexistent/dict.txt") == true)
        #expect(message(["cjk_words": .string("/nonexistent/dict.txt"), "cjk_paragraphs": .bool(false)]) == nil)
    }

    @Test func withoutDictionariesNoBreakWithoutAHyphenIsJoined() throws {
        #expect(try dehyphenate("the legis\nlature met", ["use_lexicon": .bool(false)]).text == "the legis lature met")
    }

    @Test(arguments: [
        ("万公", "里金刚线", true),
        ("活动名誉主", "任薄一波", true),
        ("关注切片代工利", "润释放", true),
        ("李鹏对两国", "军队公安", false),
        ("发电容量", "为五百万千瓦", false),
    ])
    func theChineseWordListTellsABreakInsideAWord(_ left: String, _ right: String, _ inside: Bool) throws {
        let words = try ChineseWords.shared(path: DehyphenateStage.defaultChineseWords)
        #expect(words.breaksAWord(left: Array(left.unicodeScalars)[...], right: Array(right.unicodeScalars)[...]) == inside)
    }

    @Test func aHalfSeenOnlyAtOtherBreaksIsNotUsedAlone() throws {
        // `Com` and `com` stand only at line ends, where a break may have cut a word each time:
        // that is no evidence that the text uses `com` on its own.
        let text = "The Federal Trade Com\nmission asked the court for a ruling, and the Trade Com\nmission was told "
            + "that a com\nbination of firms had broken the law."
        #expect(try dehyphenate(text).text == "The Federal Trade Commission asked the court for a ruling, and the Trade "
            + "Commission was told that a combination of firms had broken the law.")
        // A half the text uses inside a line stays apart, where the word frequencies leave it open
        // (`provision` is not so much likelier than `pro vision` as `Commission` is than `Com mission`).
        let apart = "The harbour board made a careful pro\nvision for repairs to the wharf, and its\nvision of the harbour was shared by all."
        #expect(try dehyphenate(apart).text == apart.replacingOccurrences(of: "\n", with: " "))
        let unused = "The harbour board made a careful pro\nvision for repairs to the wharf, and its\nplan for the harbour was shared by all."
        #expect(try dehyphenate(unused).text
            == "The harbour board made a careful provision for repairs to the wharf, and its plan for the harbour was shared by all.")
    }

    @Test func aNameOfTheDictionaryCutInTwoIsJoined() throws {
        // `Springfield` is in the dictionary only capitalised; `spring` is used alone, but two words
        // of running text make no name.
        let text = "He left on Monday for Spring\nfield, where the prisoner was held until the spring term of the court began."
        #expect(try dehyphenate(text).text
            == "He left on Monday for Springfield, where the prisoner was held until the spring term of the court began.")
    }

    @Test func aLineThatLeavesATitleMarkOpenIsNoHeading() throws {
        // One paragraph a line: a short line without clause punctuation ends its paragraph as a
        // heading would, but not when it opens a title mark (or a quotation, a bracket) that the
        // next line closes.
        let text = "本周要闻\n公司发布年度报告，营业收入同比增长三成，净利润同比增长四成以上。\n研究报告《光伏金刚线\n"
            + "及硅片切割业务推动业绩增长》已发布。\n分析师认为，公司的切割代工业务仍有较大增长空间。\n风险提示：行业竞争加剧。"
        #expect(try dehyphenate(text).text == "本周要闻\n\n公司发布年度报告，营业收入同比增长三成，净利润同比增长四成以上。\n\n"
            + "研究报告《光伏金刚线及硅片切割业务推动业绩增长》已发布。\n\n分析师认为，公司的切割代工业务仍有较大增长空间。\n\n风险提示：行业竞争加剧。")
        let closed = text.replacingOccurrences(of: "研究报告《光伏金刚线\n及", with: "研究报告光伏金刚线\n及")
        #expect(try dehyphenate(closed).text.contains("研究报告光伏金刚线\n\n及"))
    }

    @Test func noSpaceIsPutNextToCJKPunctuation() throws {
        #expect(try dehyphenate("乐山大硅片及配套项目、建湖二期项目）\n，客户包括通威、京运通。").text
            == "乐山大硅片及配套项目、建湖二期项目），客户包括通威、京运通。")
    }

    @Test func aMissingChineseWordListIsAConfigurationError() {
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["cjk_words": .string("/nonexistent/dict.txt")])
        }
    }
}
