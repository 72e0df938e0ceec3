@testable import DehyphenateStage
import GalleyCore
import Testing

/// Blocks that stand on their own between CJK paragraphs: a separator of symbols, a note wholly
/// in brackets under a title, and the lines of a song without punctuation at their ends.
@Suite struct SeparatorAndNoteTests {
    @Test func aSeparatorOfSymbolsIsNeverJoined() throws {
        // Three characters before a long block would otherwise be a line's tail cut off.
        let text = "两家工厂的做法各有不同，结果也很不一样。\n\n＊＊＊\n\n总的来看，改制要从实际出发，不能一哄而上，更不能一改了之，各地应当认真总结经验。"
        let document = try dehyphenate(text)
        #expect(document.text == text)
        #expect(document.metadata.counter("dehyphenate.healed") == 0)
        // Three characters that are words are still joined.
        let cut = "两家工厂的做法各有不同，结果也很不一样。\n\n总的来\n\n看，改制要从实际出发，不能一哄而上，更不能一改了之，各地应当认真总结经验。"
        #expect(try dehyphenate(cut).metadata.counter("dehyphenate.healed") == 1)
    }

    @Test(arguments: [
        ("＊＊＊", true), ("◆ ◆ ◆", true), ("※", true),
        ("《", false), ("。", false), ("（", false), ("——", false), ("第三部分", false),
    ])
    func aSeparatorIsMadeOfSymbols(_ block: String, _ isSeparator: Bool) {
        #expect(BlockShape.isSeparator(Array(block.unicodeScalars)) == isSeparator)
    }

    @Test func aBracketedNoteUnderATitleStandsAlone() throws {
        // The title opens with a dateline, whose sentence would otherwise run on.
        let text = "新华社北京３月５日电关于召开全县农村工作会议的决定\n\n（２００１年３月２日县委常委会议通过）\n\n"
            + "县委常委会议决定：全县农村工作会议于４月１０日在县城召开，会期两天，请各乡镇负责同志按时参加。"
        let document = try dehyphenate(text)
        #expect(document.text == text)
        #expect(document.metadata.counter("dehyphenate.healed") == 0)
    }

    @Test(arguments: [
        ("（２００１年３月２日县委常委会议通过）", true),
        ("（下图）", true),
        ("（下图）为新修的公路", false),
        ("（上）和（下）", false),
        ("下图）", false),
    ])
    func aWhollyBracketedBlock(_ block: String, _ bracketed: Bool) {
        #expect(BlockShape.isWhollyBracketed(Array(block.unicodeScalars)) == bracketed)
    }

    @Test func theShortLinesOfASongStayApart() throws {
        // A song of my own: lines without punctuation at their ends, the last of a run closing
        // its sentence.
        let song = "山歌一首\n\n青石板\n\n小木桥\n\n弯弯的河水绕山腰\n\n唱一声\n\n哎！歌\n\n好歌！"
        let document = try dehyphenate(song)
        #expect(document.text == song)
        #expect(document.metadata.counter("dehyphenate.healed") == 0)
    }
}
