@testable import DehyphenateStage
import GalleyCore
import Testing

/// The joiner reads the document's lines as byte ranges over its UTF-8 and writes its output
/// straight into the storage of the output string: both must read and write exactly what the
/// text holds, at the edges too.
@Suite struct DocumentLinesTests {
    /// The lines as the joiner must see them: split at `\n`, trailing spaces, tabs, `\r` and
    /// ideographic spaces trimmed, any other `\r` left out.
    static func referenceLines(_ text: String) -> [[Unicode.Scalar]] {
        // Split by scalar: `\r\n` is one Character.
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var scalars = Array(line)
            while let last = scalars.last, last == " " || last == "\t" || last == "\r" || last == "\u{3000}" {
                scalars.removeLast()
            }
            return scalars.filter { $0 != "\r" }
        }
    }

    static let texts = [
        "", "abc", "a\n", "\n\n", "a \t\r\nb", "第一行　　\n第二行", "\rx\ry\r", "𝒜𝒷\n😀 \n", "  \n\t\n　",
        "café\r\n\r\nnaïve – ok\u{3000}\u{3000}", "line\u{3000}x", "\r", "é\r\r \r\n",
    ]

    @Test(arguments: texts) func linesMatchASplitOfTheText(_ text: String) {
        let expected = Self.referenceLines(text)
        var text = text
        text.withUTF8 { bytes in
            let lines = DocumentLines(bytes)
            #expect(lines.count == expected.count)
            for (index, line) in expected.enumerated() where index < lines.count {
                #expect(lines.scalars(index) == line)
                #expect(lines.length(index) == line.count)
                #expect(lines.isEmpty(index) == line.isEmpty)
                #expect(lines.first(index) == line.first)
                #expect(lines.last(index) == line.last)
            }
        }
    }

    @Test func decodingIntoABufferReplacesWhatItHeld() {
        var text = "a long first line\nb"
        text.withUTF8 { bytes in
            let lines = DocumentLines(bytes)
            var buffer: [Unicode.Scalar] = []
            lines.decode(0, into: &buffer)
            lines.decode(1, into: &buffer)
            #expect(buffer == ["b"])
        }
    }

    /// Every line its own paragraph: the output is longer than the text by a byte a line, the
    /// most it can grow.
    @Test func everyLineAParagraphFitsTheOutput() throws {
        #expect(try dehyphenate("- a\n- b\n- c").text == "- a\n\n- b\n\n- c")
        #expect(try dehyphenate("- a\n- b\n- c\n").text == "- a\n\n- b\n\n- c")
        let items = (1...500).map { "- \($0)" }
        #expect(try dehyphenate(items.joined(separator: "\n")).text == items.joined(separator: "\n\n"))
    }

    @Test func aTextOfOneLineIsWrittenWhole() throws {
        #expect(try dehyphenate("abc").text == "abc")
        #expect(try dehyphenate("x").text == "x")
        #expect(try dehyphenate("").text == "")
        #expect(try dehyphenate("利用外资总体平稳").text == "利用外资总体平稳")
    }

    /// A text that shrinks by much (trailing spaces, runs of blank lines) comes out the same.
    @Test func aTextThatShrinksComesOutWhole() throws {
        let padding = String(repeating: " ", count: 200)
        let text = "First paragraph." + padding + "\n\n\n\n\n\n" + padding + "\nSecond paragraph.\r\n" + padding
        #expect(try dehyphenate(text).text == "First paragraph.\n\nSecond paragraph.")
    }
}
