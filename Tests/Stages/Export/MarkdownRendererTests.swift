@testable import ExportStage
import GalleyCore
import Testing
import Foundation

@Suite struct MarkdownRendererTests {
    @Test func theSeedPageReadsLikeThePrintedPage() {
        let markdown = MarkdownRenderer.render(Fixtures.chinese)
        #expect(markdown == """
            ---
            id: "000_a961b149a5844a09"
            source: "seeds/000_a961b149a5844a09.txt"
            language: "zh"
            ---

            *贯彻落实 十九届五中全会精神*

            # 释放叠加效应 聚合强大动能

            ## ——区人大常委会工作综述（下）

            *记者 王兴法*

            > 刚柔并济、组合出拳，充分释放人大监督叠加效应。区人大常委会坚持问题导向，创新工作方式。

            刚柔并济、组合出拳，充分释放人大监督叠加效应。区人大常委会坚持问题导向，创新工作方式。

            对标一流、奋勇争先，精心培植人大机关“三尚”文化。

            ---

            # 融入一体化 建设滨湖城

            为了确保疫情防控安全和“两会”的胜利召开，今年，区“两会”对与会代表委员和工作人员全部开展核酸检测。

            *图为昨日上午，医务工作者正在区行政中心进行核酸采样。* 陆新 摄

            """)
    }

    @Test func englishBylinesAndCreditsReadTheEnglishWay() {
        let markdown = MarkdownRenderer.render(Fixtures.english)
        #expect(markdown.contains("\n\n*Public health*\n\n# City opens three vaccination centres\n\n## Queues form before dawn\n\n*By Jane Doe*\n\n"))
        #expect(markdown.contains("\n\n*Nurses prepare doses at the Riverside centre.* (Photo: AP Photo/John Roe)\n"))
        var figure = Fixtures.english
        figure.captions = [Caption(text: "Rainfall by month.", credit: "Met Office", kind: "figure", label: "Figure 2")]
        figure.sections[0].byline = "By Jane Doe"
        let withFigure = MarkdownRenderer.render(figure)
        #expect(withFigure.contains("*By Jane Doe*"))
        #expect(!withFigure.contains("By By"))
        // A caption of no section comes at the end, after a rule.
        #expect(withFigure.hasSuffix("---\n\n*Figure 2: Rainfall by month.* (Source: Met Office)\n"))
    }

    @Test func onlyWhatStagesFilledInIsWritten() {
        let markdown = MarkdownRenderer.render(Document(id: "plain", source: "plain.txt", text: "One.\n\nTwo."))
        #expect(markdown == "---\nid: \"plain\"\nsource: \"plain.txt\"\n---\n\nOne.\n\nTwo.\n")
    }

    @Test func textThatLooksLikeMarkupIsEscaped() {
        let document = Document(
            id: "x", source: "x", text: "",
            sections: [Section(title: "Stars *and* [links]",
                               text: "# not a heading\n2020. A year\n    indented\n> not a quote\nuse a_b and <b>tags</b>\\")])
        let markdown = MarkdownRenderer.render(document)
        #expect(markdown.contains("# Stars \\*and\\* \\[links\\]\n"))
        #expect(markdown.contains("\\# not a heading\n2020\\. A year\nindented\n\\> not a quote\nuse a\\_b and \\<b>tags\\</b>\\\\\n"))
    }
}

@Suite struct MarkdownTextTests {
    @Test func inlineTurnsEveryKindOfLineBreakIntoOneSpace() {
        #expect(MarkdownText.inline("a\nb\r\nc\rd\u{0B}e\u{0C}f\u{85}g\u{2028}h\u{2029}i") == "a b c d e f g h i")
        #expect(MarkdownText.inline("\n") == " ")
        #expect(MarkdownText.inline("") == "")
    }

    @Test func inlineEscapesMarkupAndLeavesOtherScriptsAlone() {
        #expect(MarkdownText.inline("图为*昨日*上午_a_ [link](x) `code` <b> \\") == "图为\\*昨日\\*上午\\_a\\_ \\[link\\](x) \\`code\\` \\<b> \\\\")
        // Bytes of multi-byte characters that are not line breaks pass through: U+2027, U+0086.
        #expect(MarkdownText.inline("x\u{2027}y\u{86}z — é") == "x\u{2027}y\u{86}z — é")
        // Characters ending a text whose bytes start like a line break's: U+2000, U+00C2.
        #expect(MarkdownText.inline("end\u{2000}") == "end\u{2000}")
        #expect(MarkdownText.inline("end\u{C2}") == "end\u{C2}")
    }

    @Test func paragraphEscapesLineStartsOnEveryLine() {
        #expect(MarkdownText.paragraph("- item\n+ plus\n= eq\n| pipe\n~ tilde\n#tag") == "\\- item\n\\+ plus\n\\= eq\n\\| pipe\n\\~ tilde\n\\#tag")
        #expect(MarkdownText.paragraph("\t  > quoted\n   1) first\n12. twelve\n1234567890. long\n3.5 million\n7.") == "\\> quoted\n1\\) first\n12\\. twelve\n1234567890. long\n3.5 million\n7\\.")
        #expect(MarkdownText.paragraph("a\n\nb\n") == "a\n\nb\n")
        #expect(MarkdownText.paragraph("") == "")
        #expect(MarkdownText.paragraph("   ") == "")
    }

    @Test func aHugeOneLineParagraphIsEscapedWhole() {
        let text = String(repeating: "word *star* 中文 ", count: 100_000)
        let escaped = MarkdownText.paragraph(text)
        #expect(escaped.utf8.count == text.utf8.count + 200_000)
        #expect(escaped.hasPrefix("word \\*star\\* 中文 word"))
    }
}

@Suite struct MarkdownParagraphTests {
    @Test func paragraphsSplitAtBlankLinesAndAreTrimmed() {
        #expect(MarkdownRenderer.paragraphs("One.\n\nTwo.") == ["One.", "Two."])
        #expect(MarkdownRenderer.paragraphs("\n\n  One.\nstill one \n\n\n\n\u{3000}两。\u{A0}\n\n \t \n\nThree\n") == ["One.\nstill one", "两。", "Three"])
        #expect(MarkdownRenderer.paragraphs("a\n\n\nb") == ["a", "b"])
        #expect(MarkdownRenderer.paragraphs("").isEmpty)
        #expect(MarkdownRenderer.paragraphs("\n\n\n").isEmpty)
    }

    @Test func paragraphsMatchFoundationOnMixedText() {
        let text = " 标题\n\n正文第一段，\r\n继续。\n\n\n\u{2028}Second\u{2029} paragraph.\n\n\u{85}\n\n“引号”\n"
        let foundation = text.components(separatedBy: "\n\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty }
        #expect(MarkdownRenderer.paragraphs(text) == foundation)
    }
}

@Suite struct MarkdownStreamingTests {
    /// A large document's Markdown is written a block at a time: the same bytes as ``render``.
    @Test func markdownWrittenToASinkIsTheRenderedMarkdown() throws {
        var long = Fixtures.english
        long.sections.append(Section(title: "More", text: (0..<200).map { "Paragraph \($0) with *stars* and # marks." }
            .joined(separator: "\n\n")))
        long.captions.append(Caption(text: "A loose caption", credit: "Met Office", kind: "figure"))
        for document in [Fixtures.chinese, Fixtures.english, long,
                         Document(id: "plain", source: "plain.txt", text: "One.\n\nTwo.")] {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("galley-md-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: url) }
            let descriptor = open(url.path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            let sink = ByteSink(descriptor: descriptor)
            MarkdownRenderer.write(document, to: sink)
            close(descriptor)
            #expect(sink.failure == nil)
            #expect(try Data(contentsOf: url) == Data(MarkdownRenderer.render(document).utf8), "\(document.id)")
        }
    }
}
