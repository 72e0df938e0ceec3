@testable import GalleyText
import Testing

/// Headings the layout sets apart beyond the model's sure lines: lines in capitals and section names
/// at a lower probability of `title`, and two headings on consecutive lines of a paper.
@Suite struct LineRoleLayoutHeadingTests {
    func isCapitals(_ line: String) -> Bool {
        var text = line
        text.makeContiguousUTF8()
        return text.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            return lines.count == 1 && LineRoleLayout.isCapitalsLine(bytes, lines[0])
        }
    }

    @Test func headlinesInCapitals() {
        #expect(isCapitals("TAKE CONVICTS TO PRISON"))
        #expect(isCapitals("WAS THE PERSIA AN ARMED VESSEL?"))
        #expect(isCapitals("PEACE OFFERED TO ITALY"))
    }

    @Test func otherLines() {
        // A word alone, too few letters, lower case, a line that runs on, another script.
        #expect(!isCapitals("CONVICTS"))
        #expect(!isCapitals("U. S. A."))
        #expect(!isCapitals("Take Convicts to Prison"))
        #expect(!isCapitals("BRISBANE, MONDAY, JULY 4,"))
        #expect(!isCapitals("THE PASSING OF THE OLD-"))
        #expect(!isCapitals("研究背景 INTRODUCTION"))
    }

    /// A paper as `pdftotext -raw` prints it: no blank lines.
    static let paper = """
        present study we explored the relations between the markers
        in serum and in the liver biopsies from both groups of the
        patients, searching for explanations of the strong reduction
        of the levels in serum that occur in parallel with the loss.
        The contribution of the different steps is discussed below.
        Results
        Patient characteristics
        A summary of the patient characteristics is found in Table 1.
        The negative patients had significantly lower levels of all
        the viral markers than the positive patients, except for a
        higher ratio of the two markers in the liver of the patients.
        Discussion
        This study of the markers in the liver and their correlation
        with each other and with the levels in serum may help us to
        understand how the replication is suppressed over the years.
        """

    @Test func aSectionNameOverASubsectionsHeadingAreTwoHeadings() {
        let layout = LineRoleLayout(Self.paper)
        #expect(layout.text.contains("\n\nResults\n\nPatient characteristics\n\nA summary"))
        #expect(layout.text.contains("\n\nDiscussion\n\nThis study"))
        // Set apart as one block by a blank line, they stay one block.
        let blocks = LineRoleLayout(Self.paper.replacingOccurrences(of: "below.\nResults", with: "below.\n\nResults"))
        #expect(blocks.text.contains("Results\nPatient characteristics"))
    }

    @Test func headingsInSentenceCase() {
        func check(_ line: String) -> Bool { LineRoleLayout.isSentenceCaseHeading(Array(line.unicodeScalars)) }
        #expect(check("Theoretical background"))
        #expect(check("Impact of sea level rise"))
        #expect(!check("Bomb Factory In New York City"))
        #expect(!check("THE PASSING OF"))
        #expect(!check("Results of the"))
        #expect(!check("Discussion"))
        #expect(!check("the model holds"))
    }
}
