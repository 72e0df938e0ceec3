@testable import DehyphenateStage
import GalleyCore
import Testing

/// The short block under a chapter's number alone is the chapter's title, not the start of the
/// paragraph after it.
@Suite struct ChapterTitleTests {
    @Test func aChapterTitleIsNotHealedIntoTheParagraphBelow() throws {
        let text = "第四章\n\n工作职责\n\n工会在公司党支部的领导及公司行政的支持下，独立自主地开展工作，其职责是维护职工的合法权益。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test(arguments: [("第四章", true), ("第二节", true), ("第三部分", true), ("第12篇", true), ("第四条", false), ("第四", false), ("第一章总则", false)])
    func chapterNumbers(_ text: String, _ expected: Bool) {
        #expect(BlockShape.isChapterNumber(Array(text.unicodeScalars)) == expected)
    }
}
