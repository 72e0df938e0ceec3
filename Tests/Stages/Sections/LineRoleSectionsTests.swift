import GalleyCore
import SectionsStage
import Testing

/// `sections` with the line-role model (`line_roles`, on by default) on pages written for these
/// tests: pages printed without blank lines, a page of furniture, a table, one giant line.
@Suite struct LineRoleSectionsTests {
    func sections(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
        let stage = try StageHarness.make(SectionsStage.self, options)
        return try #require(try StageHarness.run([stage], on: text))
    }

    /// A 1916-style front page as OCR gives it: no blank lines anywhere.
    static let frontPage = """
        THE WEEKLY HERALD
        VOL. XII NO. 7
        FARMERS MEET AT THE COUNTY SEAT
        The farmers of the county met on
        Tuesday at the court house to hear
        the plans for new roads and to vote
        on the question of a new school for
        the children of the north district.
        The meeting was well attended and
        many spoke in favor of the plan.
        BRIDGE IS OPENED
        The new bridge over the river was
        opened on Saturday with a parade and
        a band concert in the afternoon.
        """

    @Test func headlinesOfAPageWithoutBlankLines() throws {
        let document = try sections(Self.frontPage)
        let titles = document.sections.compactMap(\.title)
        #expect(titles.contains("BRIDGE IS OPENED"))
        let bridge = try #require(document.sections.first { $0.title == "BRIDGE IS OPENED" })
        #expect(bridge.text.hasPrefix("The new bridge over the river was"))
        // The volume line is furniture: in no body and no title.
        #expect(!document.sections.contains { $0.text.contains("VOL. XII") || ($0.title ?? "").contains("VOL. XII") })
    }

    /// A 1916 front page in a narrow column: a headline set on two lines in capitals, a Title Case
    /// deck on three, and a headline whose first line the model is less sure of (`THE PASSING OF`).
    static let narrowColumn = """
        THE WEEKLY HERALD
        VOL. XII NO. 7
        MILL WORKERS WIN
        HIGHER WAGES
        Strike Ended After Three
        Weeks of Talks at the
        Company Office
        The mill workers of the town went
        back to work on Monday after the
        company agreed to raise the wages
        of every man by ten cents a day.
        The strike had lasted three weeks
        and kept the mill closed through
        the busy season of the year.
        THE PASSING OF
        AN OLD SETTLER
        John Brown, who came to the county
        in 1850 and built the first house on
        the river, died at his home on Sun
        day at the age of ninety years.
        He leaves a widow and four sons,
        all of whom live in the county.
        """

    @Test func aHeadlineOnTwoLinesIsOneTitleAndItsDeckTheSubtitle() throws {
        let document = try sections(Self.narrowColumn)
        let mill = try #require(document.sections.first { $0.title == "MILL WORKERS WIN HIGHER WAGES" })
        #expect(mill.subtitle == "Strike Ended After Three Weeks of Talks at the Company Office")
        #expect(mill.text.hasPrefix("The mill workers of the town went"))
        let settler = try #require(document.sections.first { $0.title == "THE PASSING OF AN OLD SETTLER" })
        #expect(settler.text.hasPrefix("John Brown, who came"))
        #expect(!document.sections.contains { ($0.title ?? "").contains("HERALD") })
    }

    /// The same kind of page as `dehyphenate` hands it on: paragraphs and the deck joined into one
    /// line each, blank lines between blocks.
    @Test func aTitleCaseDeckUnderAHeadlineInCapitalsIsItsSubtitle() throws {
        let page = """
            THE WEEKLY HERALD VOL. XII NO. 7 PRICE $1.50 PER YEAR

            The mill workers of the town went back to work on Monday after the company agreed to raise the wages of every man by ten cents a day.

            The strike had lasted three weeks and kept the mill closed through the busy season.

            BRIDGE IS OPENED

            Crowds Come from All Over the County to See the New Span

            The new bridge over the river was opened on Saturday with a parade and a band concert in the afternoon.

            Farmers came from all over the county to see it, and the mayor spoke.

            SCHOOL BOARD MEETS

            The school board met on Tuesday evening and voted to build a new school in the north district next spring.

            The cost of the building will be paid from the road fund.
            """
        let document = try sections(page)
        let bridge = try #require(document.sections.first { $0.title == "BRIDGE IS OPENED" })
        #expect(bridge.kicker == nil)
        #expect(bridge.subtitle == "Crowds Come from All Over the County to See the New Span")
        #expect(document.sections.contains { $0.title == "SCHOOL BOARD MEETS" && $0.subtitle == nil })
    }

    /// PDF text of a Chinese manual puts a section number on a line of its own above its heading.
    @Test func aSectionNumberAloneGoesInFrontOfItsHeading() throws {
        let page = """
            1.1

            研究背景

            考虑到许多同学可能缺乏使用经验，模板将复杂性高度封装，开放出简单的接口，以便轻易使用。

            1.2

            系统要求

            本模板可以在常见的操作系统上使用，需要安装较新的排版软件。

            12

            结论

            以上就是全部内容。
            """
        let document = try sections(page)
        let titles = document.sections.compactMap(\.title)
        #expect(titles.contains("1.1 研究背景"))
        #expect(titles.contains("1.2 系统要求"))
        // A number without a dot may be a page number: not put in front.
        #expect(titles.contains("结论"))
        #expect(!document.sections.contains { $0.text.hasPrefix("1.1") || $0.text.hasSuffix("1.2") })
    }

    @Test func withoutTheModelTheRulesAloneDecide() throws {
        let document = try sections(Self.frontPage, ["line_roles": .bool(false)])
        #expect(document.sections.contains { $0.text.contains("VOL. XII") })
    }

    @Test func aPageOfFurnitureHasNoTitles() throws {
        let page = "第3版\n2003年4月20日 人民日报 第5版\n当前版：02版\n上一版  下一版\n返回目录\nPage 3\nVOL. X NO. 7\n第6版\n"
        let document = try sections(page)
        #expect(document.sections.allSatisfy { $0.title == nil })
        #expect(!document.sections.contains { $0.text.contains("当前版") })
    }

    @Test func rowsOfATableAreNotHeadlines() throws {
        let page = """
            Results of the trials are given below, for each of the five systems we compared.

            System  Precision  Recall  F1
            A  0.91  0.85  0.88
            B  0.87  0.90  0.88
            C  0.93  0.81  0.87
            D  0.88  0.86  0.87
            E  0.90  0.84  0.87

            The best system is A on precision and B on recall, as the table shows.
            """
        let document = try sections(page)
        let titles = document.sections.compactMap(\.title)
        #expect(!titles.contains { $0.hasPrefix("A ") || $0.hasPrefix("B ") || $0.hasPrefix("C ") })
    }

    @Test func aMastheadAboveItsVolumeLineIsNoHeadline() throws {
        let page = """
            THE CARRIZOZO OUTLOOK

            Published Weekly in the Interest of the County

            VOL X. NO. 7

            QUESTION OF LIGHTS

            The council met on Monday to talk of street lights for the town, and voted to ask for bids.
            """
        let titles = try sections(page).sections.compactMap(\.title)
        #expect(!titles.contains("THE CARRIZOZO OUTLOOK"))
        #expect(titles.contains("QUESTION OF LIGHTS"))
    }

    @Test func aHeadlineLineThatRunsOnJoinsTheHeadlineBelowOnAJoinedPage() throws {
        // A page as `dehyphenate` hands it on: paragraphs joined into lines, headline lines apart.
        let page = """
            GOVERNOR TO RUN AGAIN

            The governor was very brief, saying that it is his present intention to submit his candidacy in the forthcoming primary.

            He said he spoke so far in advance of the primary date in order to answer the many inquiries that came to him from day to day.

            THE PASSING OF

            PANCHO VILLA

            Peace has at last come about between the government in Mexico and the representatives of the Villa faction, which has been falling apart.

            The leaders of the faction met on Monday with the officers of the army and agreed to lay down their arms within the month.

            BRIDGE IS OPENED

            The new bridge over the river was opened on Saturday with a parade and a band concert in the afternoon.

            The town council thanked the builders and the county for the money that paid for the work.
            """
        let document = try sections(page)
        let titles = document.sections.compactMap(\.title)
        #expect(titles.contains("THE PASSING OF PANCHO VILLA"))
        #expect(!document.sections.contains { $0.text.contains("THE PASSING OF") })
    }

    @Test func cellsOfATableSetOneALineAreNotHeadlines() throws {
        let page = """
            第三章 工会委员会

            工会委员会由职工代表大会民主选举产生，具体成员及分工见下表。

            职位

            人数

            工会主席

            1

            全面负责工会工作

            工会副主席

            1

            主持工会日常工作

            女工委员

            1

            负责女工委全面工作

            第四章 工作职责

            工会在公司党支部的领导及公司行政的支持下，独立自主地开展工作，维护职工的合法权益。
            """
        let titles = try sections(page).sections.compactMap(\.title)
        #expect(titles.contains("第四章 工作职责"))
        for cell in ["工会主席", "工会副主席", "女工委员", "全面负责工会工作", "主持工会日常工作", "负责女工委全面工作"] {
            #expect(!titles.contains(cell))
        }
    }

    @Test func aListOfNamesAndPlacesIsNotHeadlines() throws {
        let page = """
            LICENSES ASKED IN THE COUNTY

            The following applications for licenses were filed with the clerk of the court this week.

            E. Hunter. Commercial Hotel, Homer City.

            B. A. Murray, Blacklick Inn, Wehrum.

            I. Kingston. Keystone Hotel, Clymer.

            C. M. Wormian, The Moore. Fourth ward. Indiana.

            The court will hear the applications on the first Monday of February at ten o'clock.
            """
        let titles = try sections(page).sections.compactMap(\.title)
        #expect(!titles.contains { $0.contains("Hotel") || $0.contains("Wormian") || $0.contains("Murray") })
    }

    @Test func aSecondHeadlineLineOpeningWithByIsNoByline() throws {
        let page = """
            PEACE OFFERED TO ITALY
            BY GERMANY AND AUSTRIA
            Paris, Jan. 5.—Germany, in the
            name of the central powers, has
            offered a separate peace to Italy,
            according to a report received
            here today from Rome.
            BRIDGE IS OPENED
            The new bridge over the river was
            opened on Saturday with a parade and
            a band concert in the afternoon.
            """
        let document = try sections(page)
        #expect(document.sections.map(\.title) == ["PEACE OFFERED TO ITALY BY GERMANY AND AUSTRIA", "BRIDGE IS OPENED"])
        #expect(document.sections.allSatisfy { $0.byline == nil })
    }

    @Test func oneGiantLineIsOneUntitledSection() throws {
        let text = String(repeating: "这是一段很长的文字，没有标题也没有作者，只有不断重复的句子。", count: 50_000)
        let document = try sections(text)
        #expect(document.sections.count == 1)
        #expect(document.sections[0].title == nil)
        #expect(document.sections[0].text == text)
    }

    /// A Chinese page printed one paragraph a line without blank lines: edition line, headline,
    /// byline, body, caption, credit, a second headline with a subtitle and a lead.
    @Test func chinesePageWithoutBlankLines() throws {
        let page = """
            第2版
            西湖景区游客创新高
            本报记者 张明
            本报杭州5月3日电  五一假期，西湖景区共接待游客三百多万人次，比去年同期增长一成。
            景区管理部门增加了公交线路和志愿者，游客秩序井然，各主要景点都没有出现拥堵。
            新能源汽车销量增长
            ——一季度产销两旺
            本报讯（记者 王芳）今年一季度，全市新能源汽车销量达到五万辆，同比增长四成。
            业内人士认为，充电设施的完善是增长的重要原因，明年的销量还会继续增加。
            """
        let document = try sections(page)
        #expect(document.sections.map(\.title) == ["西湖景区游客创新高", "新能源汽车销量增长"])
        #expect(document.sections[0].byline == "张明")
        #expect(document.sections[1].subtitle == "——一季度产销两旺")
        #expect(document.sections[1].byline == "王芳")
        #expect(!document.sections.contains { $0.text.contains("第2版") })
    }
}
