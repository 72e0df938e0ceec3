@testable import GalleyText
import Testing

/// The lines in capitals that stand apart at a lower probability of `title` (OCR front pages run a
/// headline between two paragraphs with nothing else to tell it).
@Suite struct LineRoleLayoutCapitalsTests {
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
}
