import GalleyCore
import SectionsStage
import Testing

/// Pages written for these tests: invented Chinese and English newspaper pages and papers.
enum Pages {
    /// A district newspaper page in the repaired form: paragraphs separated by one blank line.
    static let chinese = """
        推进乡村振兴 建设美丽家园

        □ 记者 李明

        今年以来，全县上下围绕乡村振兴目标，扎实推进农村人居环境整治，一批示范村相继建成。

        “村里的路宽了，灯亮了，大家的心气也足了。”村党支部书记王强说。

        学习贯彻 全会精神

        凝聚发展合力 奋力争先进位

        ——县政协常委会工作回顾（上）

        □ 记者 赵晓燕

        过去一年，县政协聚焦中心工作，深入开展调查研究，提出意见建议四十余条。

        委员们走进企业车间和田间地头，把群众的呼声带到协商会上。

        湖滨公园改造工程开工

        本报讯（陈东 刘佳 记者 孙悦）日前，湖滨公园改造工程正式开工，预计明年五月完工。

        改造后的公园将新增步道三公里，并配建儿童游乐区和健身广场。

        绿色发展 共建家园

        为了迎接植树节，各单位组织干部职工义务植树。图为昨日上午，志愿者在湖滨公园栽种树苗。

        周伟 摄
        """

    /// The same page as printed, before repair: layout breaks inside sentences, extra blank lines.
    static let chineseRaw = """


        推进乡村振兴 建设美丽家园

        □ 记者 李明

        今年以来，全县上下围绕乡村振兴目标，扎实推进农村人居环境整治，一批示范

        村相继建成。

        重点工程稳步推进，人居环

        境持续改善，“村里的路宽了，灯亮了，大家的心气也足了。”村党支部书记王强说。

        湖滨公园改造工程开工

        本报讯（陈东 刘佳 记者 孙悦）日前，湖滨公园改造工程正式开工，预计明年五月完工。



        绿色发展 共建家园



        为了迎接植树节，各单位组织干部职工义务植树。图为昨日上午，志愿者在湖滨公园栽种树苗。

        周伟 摄
        """

    static let englishNews = """
        Council Approves New Budget

        By Jane Doe

        SPRINGFIELD — The city council voted on Tuesday to approve a budget that raises spending on parks and libraries.

        The Vote

        Seven members supported the plan and two opposed it, saying the city should first repay its debts.

        Library Hours Extended

        By John Roe

        LONDON (Reuters) - Public libraries will stay open until nine in the evening from next month, the mayor said.
        """

    static let paper = """
        Abstract

        We describe a method for splitting digitized newspaper pages into articles.

        1. Introduction

        Newspaper archives hold millions of pages whose structure was lost when they were scanned.

        2.3 Results

        The method finds most headings on the test pages.

        IV. DISCUSSION

        Errors come mostly from captions that look like headings.

        References

        [1] A. Author. A paper about pages. Journal of Pages, 2001.
        """
}

@Suite struct SectionsStageTests {
    func sections(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
        let stage = try StageHarness.make(SectionsStage.self, options)
        return try #require(try StageHarness.run([stage], on: text))
    }

    // MARK: Chinese newspaper conventions

    @Test func headlineBylineAndBody() throws {
        let document = try sections(Pages.chinese)
        let first = document.sections[0]
        #expect(first.title == "推进乡村振兴 建设美丽家园")
        #expect(first.byline == "李明")
        #expect(first.kicker == nil)
        #expect(first.text.hasPrefix("今年以来"))
        #expect(first.text.components(separatedBy: "\n\n").count == 2)
        #expect(document.language == "zh")
    }

    @Test func bannerIsTheKickerOfTheArticleBelowAndDashLineTheSubtitle() throws {
        let second = try sections(Pages.chinese).sections[1]
        #expect(second.kicker == "学习贯彻 全会精神")
        #expect(second.title == "凝聚发展合力 奋力争先进位")
        #expect(second.subtitle == "——县政协常委会工作回顾（上）")
        #expect(second.byline == "赵晓燕")
        #expect(second.text.hasPrefix("过去一年"))
    }

    @Test func bylineInsideTheLeadGoesToBylineAndTheSentenceStaysInTheBody() throws {
        let third = try sections(Pages.chinese).sections[2]
        #expect(third.title == "湖滨公园改造工程开工")
        #expect(third.byline == "陈东 刘佳 记者 孙悦")
        #expect(third.text.hasPrefix("日前，湖滨公园改造工程正式开工"))
        #expect(!third.text.contains("本报讯"))
    }

    @Test func sloganStandingAloneIsItsOwnSectionAndDoesNotSwallowTheCaption() throws {
        let document = try sections(Pages.chinese)
        #expect(document.sections.count == 4)
        let slogan = document.sections[3]
        #expect(slogan.title == "绿色发展 共建家园")
        #expect(slogan.byline == nil)
        // The caption stays in the body for the captions stage; it is not a title.
        #expect(slogan.text.hasPrefix("为了迎接植树节"))
        #expect(document.sections.allSatisfy { $0.title?.contains("植树") != true })
    }

    @Test func rawPageWithLayoutBreaksGivesTheSameArticles() throws {
        let document = try sections(Pages.chineseRaw)
        #expect(document.sections.map(\.title) == ["推进乡村振兴 建设美丽家园", "湖滨公园改造工程开工", "绿色发展 共建家园"])
        #expect(document.sections[0].byline == "李明")
        // `重点工程稳步推进，人居环` is half a sentence, not a headline.
        #expect(document.sections[0].text.contains("重点工程稳步推进，人居环"))
        #expect(document.sections[1].byline == "陈东 刘佳 记者 孙悦")
    }

    @Test(arguments: [
        ("新华社北京3月5日电（记者 刘洋）国务院常务会议今天召开，部署春耕生产。", "刘洋", "国务院常务会议"),
        ("中广网唐山６月１２日消息（记者汤一亮　庄胜春）据中国之声报道，今天上午活动启动。", "汤一亮 庄胜春", "据中国之声报道"),
        ("中新社上海6月2日电 （记者 王磊）上海今天发布新规。", "王磊", "上海今天发布新规"),
        ("本报讯记者马力报道：全县文明家庭创建工作会议昨日召开。", "马力", "全县文明家庭"),
        ("晨报讯（记者　刘红　通讯员　陈平）昨天，市里发布了夏季用电方案。", "刘红 通讯员 陈平", "昨天，市里"),
    ])
    func leadsWithDatelines(lead: String, byline: String, bodyStart: String) throws {
        let document = try sections("春耕生产全面展开\n\n" + lead)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == "春耕生产全面展开")
        #expect(document.sections[0].byline == byline)
        #expect(document.sections[0].text.hasPrefix(bodyStart))
    }

    @Test(arguments: [
        ("□ 记者 范文", "范文"),
        ("■本报记者 陈静", "陈静"),
        ("本报记者 周涛 通讯员 吴敏", "周涛 通讯员 吴敏"),
        ("实习生 李想", "李想"),
        ("文/张三", "文/张三"),
    ])
    func standaloneBylines(line: String, byline: String) throws {
        let document = try sections("河道治理见成效\n\n\(line)\n\n经过一年治理，河水重新变清，鱼儿也回来了。")
        #expect(document.sections[0].byline == byline)
        #expect(document.sections[0].title == "河道治理见成效")
    }

    @Test func keepBylineRoleOption() throws {
        let document = try sections(Pages.chinese, ["keep_byline_role": .bool(true)])
        #expect(document.sections[0].byline == "记者 李明")
    }

    @Test func inArticleSubheadsStayInTheBody() throws {
        let text = """
            全力以赴抓好防汛工作

            □ 记者 高峰

            入汛以来，全区各部门密切配合，加强巡查值守，确保安全度汛。

            强化组织保障

            区里成立了防汛指挥部，各镇街道落实专人负责，做到责任到人。

            一、加强隐患排查

            对重点河段和低洼地区开展拉网式排查，发现问题立即整改。
            """
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].text.contains("\n\n强化组织保障\n\n"))
        #expect(document.sections[0].text.contains("一、加强隐患排查"))
        #expect(document.metadata.counter("sections.subheads_kept") == 2)
        // Asked for, subheads open sections.
        let split = try sections(text, ["subheads": .string("sections")])
        #expect(split.sections.map(\.title) == ["全力以赴抓好防汛工作", "强化组织保障", "一、加强隐患排查"])
    }

    @Test func pageWithoutBylinesTreatsEveryHeadlineAsAnArticle() throws {
        let text = """
            万盏红灯迎新春（图片）

            城区主要街道挂起了大红灯笼，节日气氛日渐浓厚。

            春运客流创新高

            今年春运首日，火车站发送旅客五万余人次，比去年同期增长一成。
            """
        let document = try sections(text)
        #expect(document.sections.map(\.title) == ["万盏红灯迎新春（图片）", "春运客流创新高"])
    }

    @Test func onePargraphALineWithoutBlankLines() throws {
        let text = "春运客流创新高\n本报记者 林森\n今年春运首日，火车站发送旅客五万余人次，比去年同期增长一成。\n车站增开了临时售票窗口，方便旅客购票。"
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == "春运客流创新高")
        #expect(document.sections[0].byline == "林森")
        #expect(document.sections[0].text == "今年春运首日，火车站发送旅客五万余人次，比去年同期增长一成。\n\n车站增开了临时售票窗口，方便旅客购票。")
    }

    @Test func shortLinesOfVerseAreNotHeadlines() throws {
        let text = "春风吹过田野\n\n桃花开满山岗\n\n燕子飞回屋檐\n\n孩子跑过小桥\n\n老人坐在门前\n\n炊烟升起村庄"
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == nil)
    }

    // MARK: English conventions

    @Test func englishHeadlineBylineAndDateline() throws {
        let document = try sections(Pages.englishNews)
        #expect(document.language == "en")
        #expect(document.sections.count == 2)
        let first = document.sections[0]
        #expect(first.title == "Council Approves New Budget")
        #expect(first.byline == "Jane Doe")
        #expect(first.text.hasPrefix("SPRINGFIELD — The city council"))
        // `The Vote` is a subhead inside an article with a byline.
        #expect(first.text.contains("\n\nThe Vote\n\n"))
        let second = document.sections[1]
        #expect(second.title == "Library Hours Extended")
        #expect(second.byline == "John Roe")
        #expect(second.text.hasPrefix("LONDON (Reuters) - Public libraries"))
    }

    @Test func unsignedStoriesWithDatelinesAreStoriesNotSubheads() throws {
        // A page of short unsigned stories, one with a dateline (which counts as a byline page): each
        // headline opens its story, whatever the model reads; a signed story's subhead (`The Vote`,
        // above) stays in its body.
        let text = """
            MINE REPORTS TO BE MADE

            HARRISBURG — Operators of the coal mines in the county must file their reports of output with the state inspector before the end of the month.

            JUDGE TELFORD HONORED

            The members of the county bar gave a dinner in honor of Judge Telford on Tuesday evening, and many speeches were made.

            BOY KNOWN HERE A SUICIDE

            The young man, who had worked in the mill for two years, was found dead in his room on Friday morning by his landlady.
            """
        let titles = ["MINE REPORTS TO BE MADE", "JUDGE TELFORD HONORED", "BOY KNOWN HERE A SUICIDE"]
        #expect(try sections(text).sections.map(\.title) == titles)
        let rulesOnly = try sections(text, ["line_roles": .bool(false)])
        #expect(rulesOnly.sections.map(\.title) == titles)
        #expect(rulesOnly.metadata.counter("sections.subheads_kept") == 0)
    }

    @Test func headlineAndBylineOnTopOfAWrappedStoryWithoutBlankLines() throws {
        let text = "Floods Hit Coastal Towns\nBy Maria Lopez\nHeavy rain flooded dozens of towns along the coast\non Sunday, officials said, and more rain is expected."
        let section = try sections(text).sections[0]
        #expect(section.title == "Floods Hit Coastal Towns")
        #expect(section.byline == "Maria Lopez")
        #expect(section.text.hasPrefix("Heavy rain flooded"))
    }

    @Test func numberedHeadingsOfPapers() throws {
        let document = try sections(Pages.paper)
        #expect(document.sections.map(\.title) == ["Abstract", "1. Introduction", "2.3 Results", "IV. DISCUSSION", "References"])
        #expect(document.sections[4].text.hasPrefix("[1] A. Author."))
    }

    @Test func markdownHeadings() throws {
        let text = "# Annual Report\n\nThe year in brief.\n\n## Finances\n\nRevenue grew by a tenth.\n\n### Outlook ###\n\nWe expect more of the same."
        let document = try sections(text)
        #expect(document.sections.map(\.title) == ["Annual Report", "Finances", "Outlook"])
        #expect(document.sections[1].text == "Revenue grew by a tenth.")
    }

    @Test func allCapsKickerAboveATitleCaseHeadline() throws {
        let text = "WORLD NEWS\n\nFloods Hit Coastal Towns\n\nBy Maria Lopez\n\nHeavy rain flooded dozens of towns along the coast on Sunday, officials said."
        let section = try sections(text).sections[0]
        #expect(section.kicker == "WORLD NEWS")
        #expect(section.title == "Floods Hit Coastal Towns")
        #expect(section.byline == "Maria Lopez")
    }

    @Test func headingOnTopOfAHardWrappedParagraph() throws {
        let text = "1 Introduction\nNewspaper archives hold millions of pages whose structure\nwas lost when they were scanned, and readers need it back.\n\nThe committee met on\nTuesday and agreed to publish the report in full."
        let document = try sections(text)
        #expect(document.sections.map(\.title) == ["1 Introduction"])
        #expect(document.sections[0].text.contains("The committee met on\nTuesday"))
    }

    @Test func headlineLikeLinesInsideAWrappedParagraphStayBody() throws {
        let text = "The council said on Monday that it would\nReview The Plans\nbefore the end of the year, as residents had asked."
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == nil)
        #expect(document.sections[0].text == text)
    }

    @Test func sentencesAndFormulasAreNotHeadings() throws {
        let text = "Results are shown below.\n\nx = a + b\n\nT j → V i : g\n\nThese are the values we measured in the field."
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == nil)
    }

    // MARK: No structure

    @Test func textWithoutStructureIsOneUntitledSection() throws {
        let text = "It rained all day, and the river rose.\n\nBy evening the bridge was closed, and the ferry stopped running."
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == nil)
        #expect(document.sections[0].text == text)
    }

    @Test func oneGiantParagraph() throws {
        let sentence = "这是一段很长的文字，没有标题也没有作者，只有不断重复的句子。"
        let text = String(repeating: sentence, count: 20_000)
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == nil)
        #expect(document.sections[0].text == text)
    }

    @Test func emptyTextGivesOneEmptySection() throws {
        let document = try sections("\n\n  \n")
        #expect(document.sections.count == 1)
        #expect(document.sections[0].text.isEmpty)
    }

    @Test func languageIsKeptWhenAnEarlierStageSetIt() throws {
        let stage = try StageHarness.make(SectionsStage.self)
        var document = Document(id: "d", source: "d", text: Pages.chinese, language: "zh-Hant")
        _ = try stage.process(&document)
        #expect(document.language == "zh-Hant")
    }

    @Test func countersInMetadata() throws {
        let document = try sections(Pages.chinese)
        #expect(document.metadata.counter("sections.sections") == 4)
        #expect(document.metadata.counter("sections.lead_bylines") == 1)
        #expect(document.metadata.counter("sections.bylines") == 3)
        #expect(document.metadata.counter("sections.kickers") == 1)
    }
}
