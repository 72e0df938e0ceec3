import CaptionsStage
import Foundation
import GalleyCore
import Testing

@Suite struct CaptionsStageTests {
    /// Runs the captions stage on one untitled section holding `text`.
    func captions(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
        let stage = try StageHarness.make(CaptionsStage.self, options)
        return try #require(try StageHarness.run([stage], on: text))
    }

    // MARK: Chinese

    /// A Chinese document's numbered figure and table, each printed again in English below it.
    @Test func numberedChineseCaptionsTakeTheirEnglishTranslation() throws {
        let text = """
            如表 2.1 所示，样表的格式如下。

            表 2.1 这是一个样表。

            Table 2.1 This is a sample table.

            单图插入的效果如图 2.1。

            图 2.1 Q 判据等值面图。

            Figure 2.1 Isocontour of Q criteria.

            图 2.2 激波圆柱作用。

            Figure 2.3 Shock-cylinder interaction.
            """
        let document = try captions(text)
        #expect(document.captions == [
            Caption(text: "这是一个样表。 This is a sample table.", section: 0, kind: "table", label: "表 2.1"),
            Caption(text: "Q 判据等值面图。 Isocontour of Q criteria.", section: 0, kind: "figure", label: "图 2.1"),
            Caption(text: "激波圆柱作用。", section: 0, kind: "figure", label: "图 2.2"),
            // Another number: a caption of its own.
            Caption(text: "Shock-cylinder interaction.", section: 0, kind: "figure", label: "Figure 2.3"),
        ])
        #expect(document.sections[0].text == "如表 2.1 所示，样表的格式如下。\n\n单图插入的效果如图 2.1。")
    }

    @Test func creditOnItsOwnLineMakesThePreviousParagraphTheCaption() throws {
        let text = "前文一段。\n\n为了迎接植树节，各单位组织干部职工义务植树。图为昨日上午，志愿者在湖滨公园栽种树苗。\n\n周伟 摄"
        let document = try captions(text)
        #expect(document.captions == [Caption(text: "为了迎接植树节，各单位组织干部职工义务植树。图为昨日上午，志愿者在湖滨公园栽种树苗。",
                                              credit: "周伟", section: 0, kind: "photo")])
        #expect(document.sections[0].text == "前文一段。")
        #expect(document.metadata.counter("captions.found") == 1)
        #expect(document.metadata.counter("captions.credited") == 1)
    }

    @Test(arguments: [
        ("图为市民在广场上观看民俗表演。（本报记者 王强 摄）", "图为市民在广场上观看民俗表演。", "本报记者 王强"),
        ("１月２２日，代表们步入会场。（新华社记者兰红光摄）", "１月２２日，代表们步入会场。", "新华社记者兰红光"),
        ("春节临近，剪纸走俏市场。（郑卫摄）（新华社稿）", "春节临近，剪纸走俏市场。", "郑卫"),
        ("山区小学的孩子们在新教室上课。（赵勇傅山摄影报道）", "山区小学的孩子们在新教室上课。", "赵勇傅山"),
        ("老人在集市上挑选年货。（资料图片）", "老人在集市上挑选年货。", "资料图片"),
        ("两国领导人举行会谈。（传真照片）", "两国领导人举行会谈。", "传真照片"),
        ("图：工人们正在安装新设备。", "工人们正在安装新设备。", nil),
    ])
    func chineseCaptionsAndCredits(text: String, caption: String, credit: String?) throws {
        let document = try captions("正文第一段。\n\n" + text + "\n\n正文第二段。")
        #expect(document.captions.count == 1)
        #expect(document.captions.first?.text == caption)
        #expect(document.captions.first?.credit == credit)
        #expect(document.sections[0].text == "正文第一段。\n\n正文第二段。")
    }

    @Test(arguments: [
        ("新华社记者 李华 摄", "新华社记者 李华"),
        ("（本报记者陶明摄）", "本报记者陶明"),
        ("（本栏图片均为新华社记者郑宣摄）", "新华社记者郑宣"),
        ("（王彦摄于乌干达）", "王彦"),
    ])
    func standaloneCredits(line: String, credit: String) throws {
        let document = try captions("北京地坛庙会正加紧筹备，万盏红灯将点亮园区。\n\n" + line)
        #expect(document.captions.first?.credit == credit)
        #expect(document.captions.first?.text == "北京地坛庙会正加紧筹备，万盏红灯将点亮园区。")
        #expect(document.sections[0].text.isEmpty)
    }

    @Test func creditBelowACaptionThatHasNone() throws {
        let document = try captions("图为春节晚会剧组在演播厅排练。\n\n（杨飞摄）\n\n正文。")
        #expect(document.captions == [Caption(text: "图为春节晚会剧组在演播厅排练。", credit: "杨飞", section: 0, kind: "photo")])
        #expect(document.sections[0].text == "正文。")
    }

    @Test func bodyTextAboutPhotographyIsNotACaption() throws {
        let text = "旅游摄影\n\n他试图为每位游客拍下满意的照片，摄影已成为他生活的一部分。\n\n气温降到零下２０多摄氏度，晚会仍然吸引了不少乡亲。"
        let document = try captions(text)
        #expect(document.captions.isEmpty)
        #expect(document.sections[0].text == text)
    }

    // MARK: English

    @Test(arguments: [
        ("Figure 3: Throughput of the parser on long lines.", "figure", "Figure 3", "Throughput of the parser on long lines."),
        ("Fig. 2. Layout of the test page.", "figure", "Fig. 2", "Layout of the test page."),
        ("FIGURE 1 — Distribution of page lengths.", "figure", "FIGURE 1", "Distribution of page lengths."),
        ("Figure 4 The first line of a caption\nthat continues on the next line.", "figure", "Figure 4", "The first line of a caption that continues on the next line."),
        ("F i g u r e 5 Letter-spaced labels from PDF headings.", "figure", "Figure 5", "Letter-spaced labels from PDF headings."),
        ("Photo: Firefighters battle a blaze in the hills above the town.", "photo", nil, "Firefighters battle a blaze in the hills above the town."),
        ("Left: The mayor opens the new library on Saturday.", "photo", nil, "The mayor opens the new library on Saturday."),
    ])
    func labelledEnglishCaptions(text: String, kind: String, label: String?, caption: String) throws {
        let document = try captions("The study ran for two years.\n\n" + text + "\n\nWe then compared the results.")
        #expect(document.captions.count == 1)
        let found = try #require(document.captions.first)
        #expect(found.kind == kind)
        #expect(found.label == label)
        #expect(found.text == caption)
        #expect(document.sections[0].text == "The study ran for two years.\n\nWe then compared the results.")
    }

    @Test func tableCaptionEndsWithItsSentenceAndTheCellsStay() throws {
        let text = "Table 2\nResults of the survey by age group.\nAge\nShare\n18-30\n41%"
        let document = try captions(text)
        #expect(document.captions == [Caption(text: "Results of the survey by age group.", section: 0, kind: "table", label: "Table 2")])
        #expect(document.sections[0].text == "Age\nShare\n18-30\n41%")
    }

    @Test func labelAloneTakesTheNextParagraph() throws {
        let document = try captions("Scheme 1.\n\nSynthesis of the first intermediate.\n\nThe reaction was run overnight.")
        #expect(document.captions.first?.text == "Synthesis of the first intermediate.")
        #expect(document.captions.first?.label == "Scheme 1")
        #expect(document.sections[0].text == "The reaction was run overnight.")
    }

    @Test func tableLabelAloneTakesTheFirstLineOfTheCellsBelow() throws {
        // (The line-role layout sets `Table 1` apart from a block too long for a caption.)
        let cells = (1...60).map { "Group \($0)\n\($0 * 3) (\($0).\($0 % 10))" }.joined(separator: "\n")
        let document = try captions("Table 1\n\nTable showing the age and occupational groupings of responders\n" + cells + "\n\nThe survey ran for a month.")
        #expect(document.captions == [Caption(text: "Table showing the age and occupational groupings of responders", section: 0, kind: "table", label: "Table 1")])
        #expect(document.sections[0].text.hasPrefix("Group 1\n3 (1.1)"))
        #expect(document.sections[0].text.hasSuffix("The survey ran for a month."))
        // A figure's label alone keeps to the rule of a plain paragraph.
        let figure = try captions("Figure 1\n\nTable showing the age and occupational groupings of responders\n" + cells)
        #expect(figure.captions.isEmpty)
    }

    @Test func captionOnALaterLineOfAFigureBlock() throws {
        let text = "0.4\n0.2\nSerum albumin (g/dL)\nFig. 1. Correlation between compliance and albumin.\n\nBody text follows here."
        let document = try captions(text)
        #expect(document.captions.first?.label == "Fig. 1")
        #expect(document.captions.first?.text == "Correlation between compliance and albumin.")
        #expect(document.sections[0].text == "0.4\n0.2\nSerum albumin (g/dL)\n\nBody text follows here.")
    }

    @Test(arguments: [
        ("A woman waits for the bus in the snow. (AP Photo/Jane Doe)", "A woman waits for the bus in the snow.", "AP Photo/Jane Doe"),
        ("Crowds gather outside parliament on Monday. Photograph: Jane Doe/Agency", "Crowds gather outside parliament on Monday.", "Jane Doe/Agency"),
    ])
    func trailingEnglishCredits(text: String, caption: String, credit: String) throws {
        let document = try captions(text + "\n\nThe protest lasted all day.")
        #expect(document.captions == [Caption(text: caption, credit: credit, section: 0, kind: "photo")])
    }

    @Test(arguments: [("Credit: NASA", "NASA"), ("Courtesy of the City Museum", "the City Museum"), ("Photo: Jane Doe/Reuters", "Jane Doe/Reuters")])
    func englishCreditLines(line: String, credit: String) throws {
        let document = try captions("The comet over the desert at dawn.\n\n" + line)
        #expect(document.captions == [Caption(text: "The comet over the desert at dawn.", credit: credit, section: 0, kind: "photo")])
    }

    @Test func referencesToFiguresInTheBodyAreNotCaptions() throws {
        let text = """
            Figure 3 shows that throughput grows with line length.

            As shown in
            Figure 3. The parser keeps up with the input.

            Table 2 lists the results for each page.

            Table 3 (continued)
            More rows
            """
        let document = try captions(text)
        #expect(document.captions.isEmpty)
        #expect(document.sections[0].text == text)
    }

    // MARK: Sections and options

    @Test func captionsKnowTheirSectionAndLeaveEveryBody() throws {
        var document = Document(id: "d", source: "d", text: "")
        document.sections = [
            Section(title: "First", text: "Opening paragraph.\n\nFigure 1: A map of the area.\n\nClosing paragraph."),
            Section(title: "Second", text: "Another paragraph.\n\nTable 1: Counts by year.\n\nMore text."),
        ]
        let stage = try StageHarness.make(CaptionsStage.self)
        let result = try #require(try StageHarness.run([stage], on: document))
        #expect(result.captions.map(\.section) == [0, 1])
        #expect(result.captions.map(\.kind) == ["figure", "table"])
        #expect(result.sections[0].text == "Opening paragraph.\n\nClosing paragraph.")
        #expect(result.sections[1].text == "Another paragraph.\n\nMore text.")
    }

    @Test func withoutASectionsStageTheWholeTextIsSectionZero() throws {
        let document = try captions("一段正文。\n\n图为会场一角。（李新摄）")
        #expect(document.sections.count == 1)
        #expect(document.captions.first?.section == 0)
    }

    @Test func kindsOption() throws {
        let text = "Figure 1: A chart.\n\nA dog in the park. (AP Photo/Jane Doe)"
        let document = try captions(text, ["kinds": .list([.string("figure")])])
        #expect(document.captions.map(\.kind) == ["figure"])
        #expect(document.sections[0].text == "A dog in the park. (AP Photo/Jane Doe)")
    }

    @Test func removeFromBodyOption() throws {
        let text = "Body.\n\nFigure 1: A chart."
        let document = try captions(text, ["remove_from_body": .bool(false)])
        #expect(document.captions.count == 1)
        #expect(document.sections[0].text == text)
    }

    @Test func longLinesStayLinear() throws {
        // A 4 MB paragraph ending with a credit-like bracket is handled from its ends only.
        let text = String(repeating: "很长的正文没有标点", count: 150_000) + "（本报记者 王强 摄）"
        let document = try captions(text, ["max_caption_chars": .int(400)])
        #expect(document.captions.isEmpty)
    }
}
