@testable import DehyphenateStage
import Foundation
import GalleyCore
import Testing

/// A short block without punctuation after a closed sentence is a headline unless the evidence
/// says its sentence runs on. One kind of evidence is grammar: a block that names a subject but
/// has no verb or adjective (by the parts of speech of the Chinese word list), before a block
/// that opens with a verb, a preposition or an adverb, is one sentence cut in two.
@Suite struct PredicateEvidenceTests {
    @Test func aSubjectBeforeItsPredicateIsHealed() throws {
        let text = "国务院总理昨天会见了外国客人。\n\n代表团一行\n\n来到工厂，参观了新建的生产线和职工宿舍。"
        #expect(try dehyphenate(text).text
            == "国务院总理昨天会见了外国客人。\n\n代表团一行来到工厂，参观了新建的生产线和职工宿舍。")
    }

    @Test func aSubjectBeforeAPrepositionIsHealed() throws {
        let text = "这个项目去年开工。\n\n新建的水电站装机容量\n\n为一百二十万千瓦，是全省最大的水电站。"
        #expect(try dehyphenate(text).text
            == "这个项目去年开工。\n\n新建的水电站装机容量为一百二十万千瓦，是全省最大的水电站。")
    }

    @Test func aHeadlineThatSaysSomethingStaysApart() throws {
        // The headline has its predicate (`焕然一新`); the body opens with a verb of its own.
        let text = "村里修好了路。\n\n农村面貌焕然一新\n\n走进这个村子，新盖的楼房一排排整整齐齐。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test func aTitleBeforeASentenceWithItsOwnSubjectStaysApart() throws {
        let text = "年货备齐了。\n\n春节前的农贸市场\n\n市场里人来人往，摊主们忙着招呼顾客。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test func aKickerAndItsHeadlineStayApart() throws {
        // A colon inside sets a kicker before its headline: a headline, whatever its words.
        let text = "演出结束了。\n\n中国杂技：国外观众\n\n来到剧场，一次次报以热烈的掌声。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test func theWordListKnowsWhatAWordDoes() throws {
        let words = try ChineseWords(path: DehyphenateStage.defaultChineseWords)
        #expect(words.lacksPredicate(Array("代表团一行".unicodeScalars)))
        #expect(!words.lacksPredicate(Array("农村面貌焕然一新".unicodeScalars)))
        #expect(!words.lacksPredicate(Array("代表团".unicodeScalars)))   // one word: a label
        #expect(!words.lacksPredicate(Array("建设美丽家园".unicodeScalars)))   // a verbal noun first: a slogan
        #expect(words.lacksPredicate(Array("新建的水电站发电容量".unicodeScalars)))   // … inside: a noun
        #expect(words.opensWithPredicate(Array("来到工厂，".unicodeScalars)))
        #expect(words.opensWithPredicate(Array("为一百二十万千瓦".unicodeScalars)))
        #expect(!words.opensWithPredicate(Array("市场里人来人往".unicodeScalars)))
        let segments = words.segment(Array("来到工厂".unicodeScalars))
        #expect(segments.map { [$0.start, $0.end] } == [[0, 2], [2, 4]])
        #expect(segments.map(\.wordClass) == [.predicate, .other])
    }

    @Test(arguments: [("v", WordClass.predicate), ("vn", .verbalNoun), ("a", .predicate), ("an", .verbalNoun), ("ad", .predicate),
                      ("i", .predicate), ("l", .predicate), ("p", .preposition), ("d", .adverb), ("n", .other),
                      ("nr", .other), ("", .other), ("v\r", .predicate)])
    func tagsMapToClasses(_ tag: String, _ wordClass: WordClass) {
        let bytes = Array(tag.utf8)
        #expect(bytes.withUnsafeBufferPointer { WordClass(tag: $0) } == wordClass)
    }

    @Test func aListWithoutTagsStillSegments() throws {
        let path = try ChineseWordsTests.write(Array("来到 10\n工厂 10\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words = try ChineseWords(path: path)
        // Without tags no word is known to be a predicate, so this evidence never joins.
        #expect(words.segment(Array("来到工厂".unicodeScalars)).map(\.wordClass) == [.other, .other])
        #expect(!words.opensWithPredicate(Array("来到工厂".unicodeScalars)))
    }
}
