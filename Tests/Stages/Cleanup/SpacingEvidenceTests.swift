import CleanupStage
import GalleyCore
import Testing

/// The letter-spacing and whitespace rules change a line only on evidence that its spacing came
/// from layout: text that is already right, with the default options, comes out as it went in.
@Suite struct SpacingEvidenceTests {
    /// Correct text with single-letter words in a row, spacing that is drawn, and ideographic
    /// spaces, written for these tests.
    static let rightAsItIs = [
        "Il y a à Paris un musée.",                      // French: y, a, à
        "Oni mieli i w z o psa, tak mówią.",             // Polish single-letter words in a row
        "Он сказал: а я и в лес пойду.",                 // Russian а, я, и, в
        "Let x y z w be the four unknowns.",             // variables in a sentence
        "grades A B C D F on the card",                  // a list inside a sentence
        "Answer: a B c D",                               // mixed case is no spaced word
        "(  ´ ▽ ｀ )  hello",                            // kaomoji: spacing beside symbols
        "（　´∀｀）　ｼﾗﾈｰﾖ",                              // ideographic spaces in a kaomoji
        "（　　゚Д゚）",                                   // two ideographic spaces after a bracket
        "第一章　总则",                                    // one ideographic space between CJK words
        "+---+   +---+\n|   |   |   |",                  // ASCII art
        "Total  =  42 ÷ 7",                              // spacing around signs
        "┌──┐  ┌──┐",                                    // box drawing with a gap
        "It rained.  Then it snowed!  \"Cold.\"  Yes.",   // two spaces after a full stop
        "و ب ت ث",                                       // letters without case stand alone
        "Q W E R T Y",                                   // a line of letters alone heads nothing
        "A B C D E F",
        "Q W E R T Y U I O P\nA S D F G H J K L\nZ X C V B N M",  // keyboard rows: nothing to head
        "a b c d e f g h\n8 . . . . . . . .",            // small letters: the files of a board
        "Hello  world, said the note.",                  // one wide gap is the writer's own
        "1337 h4x0r  5p34k",                             // leetspeak with a wide gap
        "Name    Age   City\nAlice   30    Paris\nBob     4     Rome",  // aligned columns
        "col1  col2  col3\nval1  val2  val3",             // columns of two spaces
        "┌──────┐\n│ box  │\n└──────┘",                  // box drawing with inner spacing
        "  /\\_/\\  \n ( o.o ) \n  > ^ <",                // ASCII art placed by its spaces
        "ÀÉÍÓÚ ÇÃÕ ÑÜ",                                  // accented capitals
        "Ã is a letter of Portuguese, â of French.",     // text merely containing Ã and â
        "第二\u{3000}\u{3000}行",                          // one wide gap between CJK words
        "x  =  1",                                       // spacing around a sign
    ]

    @Test(arguments: rightAsItIs)
    func correctTextIsLeftAlone(_ text: String) throws {
        let document = try clean(text)
        #expect(document.text == text)
        #expect(document.metadata.counter("cleanup.letter_spaced_joined") == 0)
    }

    @Test func spacedHeadingsAreStillJoined() throws {
        // A heading line heads the text after it.
        #expect(try clean("F i g u r e 1\nThe curve.").text == "Figure 1\nThe curve.")
        #expect(try clean("  A B S T R A C T  \nWe study.").text == "ABSTRACT\nWe study.")
        #expect(try clean("I N T R O D U C T I O N\n\nText.").text == "INTRODUCTION\n\nText.")
        #expect(try clean("C H A P T E R  T W O S\nIt began.").text == "CHAPTER TWOS\nIt began.")
        #expect(try clean("1. I n t r o d u c t i o n\nText.").text == "1. Introduction\nText.")
        // Gaps of two spaces on both sides are evidence within the line itself.
        #expect(try clean("See  T A B L E  below").text == "See TABLE below")
    }

    @Test func aSpacedLineAloneIsNoHeading() throws {
        #expect(try clean("F i g u r e 1").text == "F i g u r e 1")
        #expect(try clean("  A B S T R A C T  ").text == "A B S T R A C T")
    }

    @Test func columnsAlignedWithANeighbourKeepTheirGaps() throws {
        // The second line's gaps end where the first line's do; the third line's do not.
        let text = "Apples   12   red\nPears    40   green\na line that is  justified  by gaps"
        #expect(try clean(text).text == "Apples   12   red\nPears    40   green\na line that is justified by gaps")
    }

    @Test func aSpacedRunInsideASentenceStaysApart() throws {
        // Without a wider gap or the line's end around it, four single letters may be words.
        #expect(try clean("the words a b c d then").text == "the words a b c d then")
    }

    @Test func gapsInRunningTextAreStillCollapsed() throws {
        #expect(try clean("justified   text  with gaps,  then more.   Next").text == "justified text with gaps, then more. Next")
        #expect(try clean("第二\u{3000}\u{3000}行\u{3000}\u{3000}尾").text == "第二 行 尾")
        #expect(try clean("  trimmed  ").text == "trimmed")
        #expect(try clean("  indented text\n").text == "indented text")
        #expect(try clean("x = y + z\n        (3)").text == "x = y + z\n(3)")
    }
}
