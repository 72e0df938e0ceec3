@testable import DehyphenateStage
import GalleyCore
import Testing

/// A word of a line of capitals hyphenated at the end of a block (a headline the layout or the
/// line-role model set apart) is joined with its other half in capitals after the blank line;
/// other Latin blocks stay apart across a blank line.
@Suite struct CapitalsAcrossBlankLineTests {
    @Test func aWordOfCapitalsCutAcrossABlankLineIsJoined() throws {
        let text = "THE HARBOUR COMMIS-\n\nSIONERS.\n\nThe board met on Tuesday."
        #expect(try dehyphenate(text).text == "THE HARBOUR COMMISSIONERS.\n\nThe board met on Tuesday.")
    }

    @Test func aCapitalisedBlockAfterAHyphenatedLowerCaseWordStaysApart() throws {
        // The hyphen ends a word in small letters; the next block is a heading of its own.
        let text = "the well-\n\nNEWS IN BRIEF"
        #expect(try dehyphenate(text).text == text)
    }

    @Test(arguments: [
        ("CIVIL SER-", "VANTS.", true),
        ("civil ser-", "VANTS.", false),
        ("CIVIL SER-", "Vants.", false),
        ("CIVIL S-", "VANTS.", false),
        ("CIVIL SER", "VANTS.", false),
    ])
    func capitalsOnBothSidesOfTheHyphen(_ before: String, _ after: String, _ breaks: Bool) {
        #expect(BrokenLineJoiner.breaksCapitals(Array(before.unicodeScalars), Array(after.unicodeScalars)) == breaks)
    }
}
