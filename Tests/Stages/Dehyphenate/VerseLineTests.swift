@testable import DehyphenateStage
import GalleyCore
import Testing

/// Verse set one line a block: a run of short lines that end with punctuation stays apart, while
/// a long paragraph that the layout broke after a comma is still healed.
@Suite struct VerseLineTests {
    /// A poem of my own, its lines separated by blank lines the way a page sets them.
    static let poem = """
        山间的早晨

        雾从溪谷里升起，

        慢慢爬上松林，

        鸟声湿漉漉的。

        石阶上的青苔，

        记得昨夜的雨。
        """

    @Test func shortLinesEndingWithPunctuationStayApart() throws {
        let document = try dehyphenate(Self.poem)
        #expect(document.text == Self.poem)
        #expect(document.metadata.counter("dehyphenate.healed") == 0)
    }

    @Test func aLongParagraphBrokenAfterACommaIsStillHealed() throws {
        let text = "今年春天，县里组织了三十多名农业技术员，\n\n分头走进各个乡镇的村子，帮助农民选种、育苗和防治病虫害。"
        #expect(try dehyphenate(text).text
            == "今年春天，县里组织了三十多名农业技术员，分头走进各个乡镇的村子，帮助农民选种、育苗和防治病虫害。")
    }

    @Test func aShortClauseBeforeALongLineIsStillHealed() throws {
        // Short before the break, but what follows is no line of verse.
        let text = "据介绍，这个县\n\n去年新修的乡村公路有一百二十多公里，全部通了客车，农民进城不再难。"
        #expect(try dehyphenate(text).text
            == "据介绍，这个县去年新修的乡村公路有一百二十多公里，全部通了客车，农民进城不再难。")
    }

    @Test(arguments: [
        ("雾从溪谷里升起，", true),
        ("记得昨夜的雨。", false),
        ("今年春天，县里组织了三十多名农业技术员，", false),
    ])
    func aVerseClauseIsShortAndEndsWithACommaOrSemicolon(_ line: String, _ isClause: Bool) {
        #expect(BlockShape.isVerseClause(Array(line.unicodeScalars)) == isClause)
    }
}
