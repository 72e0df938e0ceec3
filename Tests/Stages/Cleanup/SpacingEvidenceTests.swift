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
    ]

    @Test(arguments: rightAsItIs)
    func correctTextIsLeftAlone(_ text: String) throws {
        let document = try clean(text)
        #expect(document.text == text)
        #expect(document.metadata.counter("cleanup.letter_spaced_joined") == 0)
    }

    @Test func spacedHeadingsAreStillJoined() throws {
        #expect(try clean("F i g u r e 1").text == "Figure 1")
        #expect(try clean("  A B S T R A C T  ").text == "ABSTRACT")
        #expect(try clean("I N T R O D U C T I O N").text == "INTRODUCTION")
        #expect(try clean("C H A P T E R  T W O S").text == "CHAPTER TWOS")
        #expect(try clean("1. I n t r o d u c t i o n").text == "1. Introduction")
        #expect(try clean("See  T A B L E  below").text == "See TABLE below")
    }

    @Test func aSpacedRunInsideASentenceStaysApart() throws {
        // Without a wider gap or the line's end around it, four single letters may be words.
        #expect(try clean("the words a b c d then").text == "the words a b c d then")
    }

    @Test func gapsInRunningTextAreStillCollapsed() throws {
        #expect(try clean("justified   text  with gaps,  then more.   Next").text == "justified text with gaps, then more. Next")
        #expect(try clean("第二\u{3000}\u{3000}行").text == "第二 行")
        #expect(try clean("  trimmed  ").text == "trimmed")
    }
}
