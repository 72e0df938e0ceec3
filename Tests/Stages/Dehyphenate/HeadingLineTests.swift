@testable import DehyphenateStage
import GalleyCore
import Testing

/// Papers printed without blank lines (`pdftotext -raw`): a heading line, or a section's number on
/// a line of its own, is not glued into the running text around it; table cells and the lines of a
/// wrapped paragraph still are joined as before.
@Suite struct HeadingLineTests {
    func paragraphs(_ text: String) throws -> [String] {
        try dehyphenate(text, ["line_roles": .bool(false)]).text.components(separatedBy: "\n\n")
    }

    @Test func aSentenceCaseHeadingStaysApartFromTextOpeningInLowerCase() throws {
        let text = """
            was tested in the Gamo highlands.
            Study area
            the study was carried out in the Chencha district of
            Gamo zone at Gircha highland Fruits and Vegetables
            research station in the year of the trials.
            """
        #expect(try paragraphs(text) == [
            "was tested in the Gamo highlands.",
            "Study area",
            "the study was carried out in the Chencha district of Gamo zone at Gircha highland Fruits and Vegetables research station in the year of the trials.",
        ])
    }

    @Test func aHeadingThatEndsBeforeTheWidthStaysApartFromTheTextBelow() throws {
        let text = """
            among the three groups (data not shown). Two-way
            ANOVA was applied to these.
            Organ Blood Flow in the Control Group
            The second measurements of organ blood flow were
            slightly lower than those of the first in every organ, with
            no difference between the two of them at all.
            """
        #expect(try paragraphs(text) == [
            "among the three groups (data not shown). Two-way ANOVA was applied to these.",
            "Organ Blood Flow in the Control Group",
            "The second measurements of organ blood flow were slightly lower than those of the first in every organ, with no difference between the two of them at all.",
        ])
    }

    @Test func aSectionNumberOnItsOwnLineGoesWithItsHeading() throws {
        let text = """
            the method was shown to be reliable in all of the cases
            that had been tested elsewhere before now [13, 18].
            3
            Results and discussion
            The synthetic route leading to the formation of the target
            compounds is outlined in the scheme shown below here.
            """
        #expect(try paragraphs(text) == [
            "the method was shown to be reliable in all of the cases that had been tested elsewhere before now [13, 18].",
            "3 Results and discussion",
            "The synthetic route leading to the formation of the target compounds is outlined in the scheme shown below here.",
        ])
    }

    @Test func aLineThatRunsOnIsStillJoined() throws {
        // A short first line ending with a function word, and one above table cells, are no headings.
        let text = """
            Removal of Libraries as Key Providers of
            Structured Access and Archiving for all of the readers of the
            journal in the years to come after the change.
            """
        #expect(try paragraphs(text).count == 1)
    }

    @Test func aStorysOpeningWordsInCapitalsAreNoHeading() throws {
        let text = """
            He is gone.
            SAMUEL FINLEY MORSE died
            in the city of New York at seventeen minutes before eight
            o'clock on the evening of the second instant, aged eighty.
            """
        #expect(try paragraphs(text) == [
            "He is gone.",
            "SAMUEL FINLEY MORSE died in the city of New York at seventeen minutes before eight o'clock on the evening of the second instant, aged eighty.",
        ])
    }

    @Test func tableNumbersAreNoSectionNumbers() {
        for (text, isNumber) in [("3", true), ("2.1", true), ("4.", true), ("3.2.1.", true), ("18.05", false), ("123", false), ("3..1", false), ("", false)] {
            #expect(BlockShape.isSectionNumberOnly(Array(text.unicodeScalars)) == isNumber, "\(text)")
        }
    }

    @Test func headingShapes() {
        for (text, shaped) in [("Study area", true), ("Organ Blood Flow in the Control Group", true), ("2.1 Sample preparation", true),
                               ("Public Medical", false), ("Conclusion", false), ("Time Courses of Blood Pressure During", false),
                               ("Variable costs: 49.39", false), ("Mandibular molars 2 1 6", false), ("the study was", false),
                               ("RESULTS AND DISCUSSION", false)] {
            #expect(BlockShape.isHeadingShaped(Array(text.unicodeScalars)) == shaped, "\(text)")
        }
    }
}
