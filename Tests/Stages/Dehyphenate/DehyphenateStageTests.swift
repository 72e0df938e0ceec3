import DehyphenateStage
import Foundation
import GalleyCore
import Testing

/// Runs `dehyphenate` with `options` over its defaults on `text`.
func dehyphenate(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
    let stage = try StageHarness.make(DehyphenateStage.self, options)
    return try #require(try StageHarness.run([stage], on: text))
}

/// A word list written for a test, so that results do not depend on the machine's.
func temporaryLexicon(_ words: [String]) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("galley-lexicon-\(UUID().uuidString).txt")
    try words.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
    return url
}

@Suite struct HyphenTests {
    let words = ["contribution", "collingwood", "east", "west", "committal", "noncommittal", "known", "street",
                 "old", "year", "example", "operation", "today"]

    func run(_ text: String) throws -> Document {
        let lexicon = try temporaryLexicon(words)
        defer { try? FileManager.default.removeItem(at: lexicon) }
        return try dehyphenate(text, ["lexicon": .string(lexicon.path)])
    }

    @Test(arguments: [
        ("the Colling-\nwood estate", "the Collingwood estate"),
        ("a con-\ntribution of ten", "a contribution of ten"),
        ("an exam-\nple here", "an example here"),
        ("Thorns-\nhope farm", "Thornshope farm"),
    ])
    func joinsBrokenWords(_ text: String, _ expected: String) throws {
        let document = try run(text)
        #expect(document.text == expected)
        #expect(document.metadata.counter("dehyphenate.joined") == 1)
    }

    @Test(arguments: [
        ("the north-\neast corner", "the north-east corner"),
        ("some twenty-\nfive men", "some twenty-five men"),
        ("quite non-\ncommittal about it", "quite non-committal about it"),
        ("the three-year-\nold filly", "the three-year-old filly"),
        ("two-\nthirds of the voters", "two-thirds of the voters"),
        ("the 1914-\n1918 war", "the 1914-1918 war"),
        ("the Anglo-\nJapanese alliance", "the Anglo-Japanese alliance"),
        ("a well-\nknown man", "a well-known man"),
    ])
    func keepsRealCompounds(_ text: String, _ expected: String) throws {
        let document = try run(text)
        #expect(document.text == expected)
        #expect(document.metadata.counter("dehyphenate.kept") == 1)
    }

    @Test func theDocumentItselfIsEvidence() throws {
        #expect(try run("co-operation matters and co-\noperation pays").text == "co-operation matters and co-operation pays")
        #expect(try run("the gumtree stood by a gum-\ntree").text == "the gumtree stood by a gumtree")
    }

    @Test func streetNamesFollowTheDocumentsConvention() throws {
        #expect(try run("at George-street and Oxford-\nstreet").text == "at George-street and Oxford-street")
        #expect(try run("at Oxford-\nstreet").text == "at Oxfordstreet")
    }

    @Test func worksWithoutAWordList() throws {
        let document = try dehyphenate("a con-\ntribution, well-\nknown and non-\ncommittal, the north-\neast",
                                       ["use_lexicon": .bool(false)])
        #expect(document.text == "a contribution, well-known and non-committal, the north-east")
    }

    @Test func anUnreadableLexiconIsAConfigurationError() {
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["lexicon": .string("/nonexistent/words.txt")])
        }
    }

    @Test func hyphenRuleCanBeTurnedOff() throws {
        #expect(try dehyphenate("con-\ntribution", ["hyphens": .bool(false)]).text == "con- tribution")
    }

    @Test func joinsAcrossAPageBreakBlankLine() throws {
        #expect(try run("a con-\n\ntribution").text == "a contribution")
    }
}

@Suite struct UnwrapTests {
    @Test func unwrapsHardWrappedLinesWithASpace() throws {
        let text = """
            The committee met on Tuesday and agreed that the new bridge
            would be built before the winter, subject to the approval of
            the council.

            A second paragraph follows here and it is also wrapped at the
            same width as the first one.
            """
        let document = try dehyphenate(text)
        #expect(document.text == """
            The committee met on Tuesday and agreed that the new bridge would be built before the winter, subject to the approval of the council.

            A second paragraph follows here and it is also wrapped at the same width as the first one.
            """)
        #expect(document.metadata.counter("dehyphenate.unwrapped") == 3)
    }

    @Test func shortLastLineOfAParagraphEndsIt() throws {
        let text = """
            LAND SALE.
            At eleven o'clock on Wednesday the following portions of land
            will be offered for sale by public auction at the Treasury.
            Deposit ten per cent.
            The upset price is affixed to each of the lots respectively.
            """
        // `Deposit ten per cent.` is short and ends a sentence; the line before it is full.
        let paragraphs = try dehyphenate(text).text.components(separatedBy: "\n\n")
        #expect(paragraphs == [
            "LAND SALE.",
            "At eleven o'clock on Wednesday the following portions of land will be offered for sale by public auction at the Treasury. Deposit ten per cent.",
            "The upset price is affixed to each of the lots respectively.",
        ])
    }

    @Test func listItemsStayOnTheirOwn() throws {
        let text = "Bring the following items to the meeting tomorrow:\n- a pen\n- a notebook"
        #expect(try dehyphenate(text).text == "Bring the following items to the meeting tomorrow:\n\n- a pen\n\n- a notebook")
    }

    @Test func unwrapCanBeTurnedOff() throws {
        #expect(try dehyphenate("one line\nanother line", ["unwrap": .bool(false)]).text == "one line\n\nanother line")
    }

    @Test func mixedScriptsJoinWithoutSpacesAroundCJK() throws {
        #expect(try dehyphenate("我们使用\nPython语言编写程序。").text == "我们使用Python语言编写程序。")
        #expect(try dehyphenate("这是第一行的内容，\n第二行继续。").text == "这是第一行的内容，第二行继续。")
        #expect(try dehyphenate("Latin words on\nthe next line keep spaces.").text == "Latin words on the next line keep spaces.")
    }
}

@Suite struct CJKParagraphTests {
    /// A made-up page in the style of a district newspaper: headline, byline, body paragraphs
    /// split by the layout, a two-line headline with a subtitle, a slogan, a caption and its credit.
    static let page = """
        推进城乡建设 提升服务水平

        □ 记者 张明

        今年以来，全区上下围绕重点工程，加快推进各项建设任务。

        重点项目稳步推进，利用外

        资总体平稳。预计全年完成投资的目标任务，新增项目十二个。

        园区在企业资金、工程建设、

        法律咨询等方面搭建平台，服务企业发展。

        常态化+

        多元化，联系群众更加紧密。

        落实会议精神

        凝聚发展合力 开创崭新局面

        ——区政府工作综述（上）

        □ 记者 李华

        一年来，区政府坚持问题导向，创新工作方式，不断提高服务效能。

        建设美丽家园

        为了做好春节期间的安全工作，有关部门开展了专项检查。图为工作人员正在检查消防设施。

        王五 摄
        """

    @Test func healsParagraphsBrokenMidSentence() throws {
        let document = try dehyphenate(Self.page)
        let text = document.text
        #expect(text.contains("利用外资总体平稳。"))
        #expect(text.contains("工程建设、法律咨询等方面"))
        #expect(text.contains("常态化+多元化，"))
        #expect(document.metadata.counter("dehyphenate.healed") == 3)
    }

    @Test func neverJoinsHeadlinesBylinesSubtitlesSlogansOrCredits() throws {
        let paragraphs = try dehyphenate(Self.page).text.components(separatedBy: "\n\n")
        #expect(paragraphs == [
            "推进城乡建设 提升服务水平",
            "□ 记者 张明",
            "今年以来，全区上下围绕重点工程，加快推进各项建设任务。",
            "重点项目稳步推进，利用外资总体平稳。预计全年完成投资的目标任务，新增项目十二个。",
            "园区在企业资金、工程建设、法律咨询等方面搭建平台，服务企业发展。",
            "常态化+多元化，联系群众更加紧密。",
            "落实会议精神",
            "凝聚发展合力 开创崭新局面",
            "——区政府工作综述（上）",
            "□ 记者 李华",
            "一年来，区政府坚持问题导向，创新工作方式，不断提高服务效能。",
            "建设美丽家园",
            "为了做好春节期间的安全工作，有关部门开展了专项检查。图为工作人员正在检查消防设施。",
            "王五 摄",
        ])
    }

    @Test func headlineBeforeADatelineStaysApart() throws {
        let text = "科技园区党建联盟成立\n\n本报讯（记者 赵六）日前，科技园区党建联盟正式成立。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test func aShortBlockThatReadsLikeASentenceContinues() throws {
        let text = "上一段已经结束。\n\n我们在村里\n\n看到了新修的道路和路灯，村民们都很满意。"
        #expect(try dehyphenate(text).text == "上一段已经结束。\n\n我们在村里看到了新修的道路和路灯，村民们都很满意。")
    }

    @Test func aTelegraphicHeadlineBeforeABodyParagraphStaysApart() throws {
        let text = "上一段已经结束。\n\n乡村公路通车\n\n今年，全县新修公路一百公里，方便了群众出行。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test func aBlockStartingWithClausePunctuationContinues() throws {
        #expect(try dehyphenate("他说明天出发\n\n，大家都去。").text == "他说明天出发，大家都去。")
    }

    @Test func healingCanBeTurnedOff() throws {
        let text = "利用外\n\n资总体平稳。"
        #expect(try dehyphenate(text, ["cjk_paragraphs": .bool(false)]).text == text)
    }

    @Test func outputHasExactlyOneBlankLineBetweenParagraphs() throws {
        let text = try dehyphenate("第一段。\n\n\n\n第二段。\n\n\n第三段。").text
        #expect(text == "第一段。\n\n第二段。\n\n第三段。")
    }
}

/// Blocks that cannot end a paragraph: inside a dateline, right after a dateline whose sentence
/// has begun, inside a dash or a numeric range, with an opening bracket, or after a quotation
/// closed inside a running sentence.
@Suite struct UnfinishedBlockTests {
    static let closed = "上一段已经结束。\n\n"

    @Test(arguments: [
        ("新华社北京", "1月23日电（记者王明）国务院今天召开常务会议，研究部署春运工作。"),
        ("新华", "社香港1月24日电（记者李华）特区政府今天宣布了新的措施。"),
        ("据新华社北京一月二", "十六日电（记者张平）中央军委近日发出通知。"),
        ("本报", "讯近日，劳动模范、青年代表来到社区看望老人。"),
        ("本报华盛顿1月", "28日电中国驻美国大使今天会见了美国客人。"),
        ("新华社杭州1月23日电", "（记者刘武）春节将至，我国风景名胜区游客增多。"),
        ("新华社济南1月28日电（记者赵波）", "农历大年初一下午，济南市的街道格外热闹。"),
        ("本报讯江苏省镇江市对县级以上", "领导干部严格要求，加强对领导干部的监督。"),
        ("老队长的宝贵精神财富—", "——铁人精神、尖刀不卷刃精神，一直传承下来。"),
        ("后来，一部令新人满意的“新婚行”", "随之诞生，很受欢迎，订票的人越来越多。"),
        ("东海、台湾海峡、南海北部有5—", "6级偏北风，请过往船只注意安全。"),
        ("考古人员发现了两座距今四千七百年前的陶窑（", "下图），这是目前国内发现的最早的陶窑。"),
    ])
    func joins(_ before: String, _ after: String) throws {
        let document = try dehyphenate(Self.closed + before + "\n\n" + after)
        #expect(document.text == Self.closed + before + after)
    }

    @Test func afterAHeadingOnlyEvidenceFromBothSidesJoins() throws {
        // `社|会`: the pair occurs elsewhere in the document.
        let paired = "推进城乡建设\n\n再就业是全社\n\n会的系统工程，需要全社会的关注。"
        #expect(try dehyphenate(paired).text == "推进城乡建设\n\n再就业是全社会的系统工程，需要全社会的关注。")
        // Nothing ties `设` to `今`: a headline after a headline.
        let apart = "推进城乡建设\n\n提升服务水平\n\n今年以来，全区上下围绕重点工程开展工作。"
        #expect(try dehyphenate(apart).text == apart)
    }

    @Test func aNextBlockOpeningWithAOneCharacterClauseContinues() throws {
        let text = Self.closed + "经常由东北乘火车进京的旅\n\n客，都存在这样的疑问。"
        #expect(try dehyphenate(text).text == Self.closed + "经常由东北乘火车进京的旅客，都存在这样的疑问。")
    }

    @Test func aSingleCharacterIsNeitherAHeadlineNorAName() throws {
        let text = "推进城乡建设\n\n受\n\n影响较大的拉美国家有智利、阿根廷和巴西等国，经济增长明显放缓。"
        #expect(try dehyphenate(text).text == "推进城乡建设\n\n受影响较大的拉美国家有智利、阿根廷和巴西等国，经济增长明显放缓。")
        let short = Self.closed + "代表团将于2月1日乘机离开奥地利返\n\n京。"
        #expect(try dehyphenate(short).text == Self.closed + "代表团将于2月1日乘机离开奥地利返京。")
    }

    @Test func wordsStartingWithGuoOrYuCanOpenAParagraph() throws {
        let text = Self.closed + "毕淑敏\n\n过年的实质，是地球又绕到某个约定的位置。"
        #expect(try dehyphenate(text).text == text)
    }

    @Test func anOpenQuotationRunsOn() throws {
        let text = Self.closed + "“你家去年人均收入\n\n有多少？”我们问道。"
        #expect(try dehyphenate(text).text == Self.closed + "“你家去年人均收入有多少？”我们问道。")
        let title = Self.closed + "《携手欢歌向\n\n未来》今晚在京演出，观众反响热烈。"
        #expect(try dehyphenate(title).text == Self.closed + "《携手欢歌向未来》今晚在京演出，观众反响热烈。")
    }

    @Test func aFirstBlockIsNotATitleWhenItsWordsRunOn() throws {
        // `企|业` occurs again in the document; `客，` opens with a one-character clause.
        let paired = "党和人民培养起来的优秀企\n\n业家，走上了企业管理岗位。"
        #expect(try dehyphenate(paired).text == "党和人民培养起来的优秀企业家，走上了企业管理岗位。")
        let fragment = "经常由东北乘火车进京的旅\n\n客，都存在这样的疑问。"
        #expect(try dehyphenate(fragment).text == "经常由东北乘火车进京的旅客，都存在这样的疑问。")
        let title = "专家：降息是倒逼的结果\n\n央行降息在市场预期之中，专家认为影响有限。"
        #expect(try dehyphenate(title).text == title)
    }

    @Test func joinsAtTheStartOfADocument() throws {
        let text = "新华社北京\n\n1月23日电（记者王明）国务院今天召开常务会议。"
        #expect(try dehyphenate(text).text == "新华社北京1月23日电（记者王明）国务院今天召开常务会议。")
    }

    @Test(arguments: [
        ("本报记者周笑浪", "邮递，一个极其平凡的工作，他却做出了耀眼的成绩。"),
        ("文章发表后反响很好。（石达）", "编者按：按照党的十五大要求，全国县级以上都要开展这项工作。"),
        ("“吃了定心丸”", "各地农民都说，承包期延长以后心里踏实了。"),
        ("第4版要闻", "12个省区市的代表出席了会议，讨论了今年的工作计划。"),
        ("新华社记者李华摄", "春节前夕，各地群众踊跃参加义务植树活动。"),
        ("3", "12个省区市的代表出席了会议，讨论了今年的工作计划。"),
        ("股票涨幅前五名：1冰熊股份21.05", "2昆明机床16.81"),
        ("举行会议。（本报开罗1月23日电）", "索拉纳秘书长说三国将按期加入北约"),
        ("本报驻日本记者于青", "因东京检察机关昨天以受贿嫌疑逮捕了两名官员。"),
        ("本报评论员", "起步于1988年的“菜篮子工程”，已经取得了明显成效。"),
        ("新秀常昊排名第一", "新华社北京1月24日电中国围棋协会今天公布了最新等级分。"),
    ])
    func keepsRealBoundaries(_ before: String, _ after: String) throws {
        let text = Self.closed + before + "\n\n" + after
        #expect(try dehyphenate(text).text == text)
    }
}

@Suite struct AdversarialDehyphenateTests {
    @Test func emptyAndBlankInputs() throws {
        #expect(try dehyphenate("").text == "")
        #expect(try dehyphenate("\n\n\n\n\n").text == "")
    }

    @Test func onlyHyphens() throws {
        let document = try dehyphenate("-\n-\n---\n-\n\n-")
        #expect(!document.text.isEmpty)
        #expect(document.text.allSatisfy { $0 == "-" || $0 == "\n" || $0 == " " })
        #expect(document.metadata.counter("dehyphenate.joined") == 0)
    }

    @Test func tenMegabyteSingleLine() throws {
        let unit = "word-word 中文句子，还有 exam-ple. "
        let text = String(repeating: unit, count: 10_000_000 / unit.utf8.count + 1)
        let document = try dehyphenate(text)
        #expect(document.text.utf8.count == text.utf8.count - 1)  // only the trailing space goes
        #expect(document.metadata.counter("dehyphenate.joined") == 0)
    }

    @Test func mixedScriptsAndDatelineFragments() throws {
        // Latin, Cyrillic, Greek and CJK blocks with dateline pieces and hyphens: every rule
        // sees scripts it was not written for, and nothing but the CJK break is healed.
        let text = "Новости дня\n\nΕλληνικά νέα\n\n新华社\n\nEnglish text, not a dateline\n\n本报\n\n"
            + "Иван-\nов пришёл.\n\n新华社北京\n\n1月23日电（记者王明）国务院今天召开会议。"
        let document = try dehyphenate(text)
        #expect(document.text.hasPrefix("Новости дня\n\nΕλληνικά νέα\n\n新华社\n\nEnglish text, not a dateline"))
        #expect(document.text.hasSuffix("新华社北京1月23日电（记者王明）国务院今天召开会议。"))
        #expect(document.text.contains("Иванов пришёл."))
    }

    @Test func onlyDatelinePiecesAndDashes() throws {
        // Every break is joined into one paragraph that grows by 80,000 joins: the tests at each
        // break read only its last characters.
        let text = String(repeating: "新华社\n\n本报\n\n——\n\n—\n\n", count: 20_000)
        let document = try dehyphenate(text)
        #expect(!document.text.isEmpty)
        #expect(!document.text.contains("\n\n\n"))
    }

    @Test func manyShortLinesAreLinear() throws {
        let text = String(repeating: "con-\ntribution and more text on the line\n", count: 50_000)
        let document = try dehyphenate(text, ["use_lexicon": .bool(false)])
        #expect(document.metadata.counter("dehyphenate.joined") == 50_000)
        #expect(!document.text.contains("con-"))
    }
}

@Suite struct LayoutOfTheSourceTests {
    @Test func oneParagraphALineKeepsItsParagraphs() throws {
        // A feed that writes each paragraph on a line of its own, with no wrapping width.
        let text = """
            春节前夕全市菜价保持平稳（附图片１张）
            本报北京１月２０日讯记者王明报道：记者从市商务局获悉，春节前夕全市主要蔬菜批发价格与上月基本持平，猪肉、鸡蛋供应充足。
            市商务局有关负责人表示，今年储备了充足的冬季蔬菜，各大批发市场延长了营业时间，保证节日期间市场供应。
            图为顾客在朝阳区一家超市选购蔬菜。
            （本报记者李华摄）
            另据了解，全市今年新建了二十个社区便民菜店，居民买菜更方便了。
            """
        let document = try dehyphenate(text)
        let paragraphs = document.text.components(separatedBy: "\n\n")
        #expect(paragraphs.count == 6, "\(paragraphs)")
        #expect(paragraphs[0] == "春节前夕全市菜价保持平稳（附图片１张）")
        #expect(paragraphs[4] == "（本报记者李华摄）")
    }

    @Test func wrappedParagraphsAreStillUnwrapped() throws {
        let text = """
            今年以来，全区上下牢固树立项目为王的理念，一切围绕项目
            转，一切围绕项目干，创新举措，大力推进招商引资一号工程
            ，成功引进总投资超过一百亿元的项目一个。
            """
        let document = try dehyphenate(text)
        #expect(!document.text.contains("\n"))
        #expect(document.text.contains("一切围绕项目转"))
    }

    @Test func theFirstShortBlockOfADocumentIsItsTitle() throws {
        let text = "专家：降息是倒逼的结果\n\n央行降息在市场预期之中，专家认为这是经济下行压力之下的必然选择，影响有限。"
        let document = try dehyphenate(text)
        #expect(document.text == text)
    }
}

/// Words and numbers cut by the break: a classifier after a numeral, an ordinal without its
/// classifier, a number split before running prose, a list marker alone, the middle dot of a
/// transliterated name, a preposition; and the article of a statute, which is body text.
@Suite struct CutWordTests {
    static let closed = "上一段已经结束。\n\n"

    @Test(arguments: [
        ("短短三个", "月里，全村新修了两条水泥路，村民出行方便多了。"),
        ("第二十四", "条本办法自公布之日起施行，原有规定同时废止。"),
        ("卫星上的Ｇ—４", "３２号载荷是一次专门的材料试验，由科学院实施。"),
        ("全年完成货运量１６．２", "５亿吨，比上年增长百分之三，创历史新高。"),
        ("５０", "００多元钱，对他来说是四年打工的全部积蓄。"),
        ("２、", "图为工人们正在检修设备。"),
        ("美国首富、电脑业巨头比尔", "·盖茨宣布捐款一百万美元，用于资助贫困学生。"),
        ("医疗机构应当积极推行按", "血液成分输血，具体办法由卫生部门制定。"),
    ])
    func joins(_ before: String, _ after: String) throws {
        let document = try dehyphenate(Self.closed + before + "\n\n" + after)
        #expect(document.text == Self.closed + before + after)
    }

    @Test(arguments: [
        // `种` after a noun, not a numeral: a headline.
        ("市场上的新品种", "今年春节，花卉市场上出现了不少新品种，很受市民欢迎。"),
        // A ranking ends with its ordinal.
        ("中国队名列第二", "本届比赛共有十六支队伍参加，竞争十分激烈。"),
        // A number before a paragraph that opens with a date; a row of a table.
        ("铁路第三次大提速首开Ｔ１５", "１９９７年４月１日起，全国铁路实行新的列车运行图，速度明显提高。"),
        ("股票跌幅前五名：1南通机床6.80", "2江淮动力7.96"),
        // A numeral alone numbers a section.
        ("４", "去年，他资助的学生陆续毕业，有的还考上了研究生。"),
        // A bullet under a heading, a name set between dots.
        ("本期要目", "·春节话年俗，各地风情多。"),
        ("祝万象更新愿世界和平", "·朱根华·"),
        // An editor's note label.
        ("编者按", "按照党的十五大要求，各地都在开展学习活动，取得了明显成效。"),
        // `第三条道路` is a phrase, not an article: the document has no statute articles.
        ("第三条道路", "近年来，西方一些国家的政党提出了所谓第三条道路的主张。"),
    ])
    func staysApart(_ before: String, _ after: String) throws {
        let text = Self.closed + before + "\n\n" + after
        #expect(try dehyphenate(text).text == text)
    }

    @Test func anArticleOfAStatuteIsBodyText() throws {
        let text = "第一条为了加强管理，制定本办法。\n\n第二条县级以上\n\n人民政府负责本行政区域内的管理工作。"
        #expect(try dehyphenate(text).text == "第一条为了加强管理，制定本办法。\n\n第二条县级以上人民政府负责本行政区域内的管理工作。")
    }

    @Test func aOneCharacterFirstBlockIsNotATitle() throws {
        let text = "受\n\n影响较大的拉美国家有智利、阿根廷和巴西等国，经济增长明显放缓。"
        #expect(try dehyphenate(text).text == "受影响较大的拉美国家有智利、阿根廷和巴西等国，经济增长明显放缓。")
        // A numeral alone still heads its section.
        let numbered = "一\n\n本次会议审议通过了常务委员会的工作报告，同意提交全体会议审议。"
        #expect(try dehyphenate(numbered).text == numbered)
    }
}

@Suite struct HyphenEvidenceOrderTests {
    @Test func theDocumentsSpellingDecidesInsideACompound() throws {
        // `Parkgrove` is written solid in the text: the break inside `being-Park-` joins.
        let solid = try dehyphenate("the scores being-Park-\ngrove 1 goal, and Parkgrove won the cup")
        #expect(solid.text == "the scores being-Parkgrove 1 goal, and Parkgrove won the cup")
        // Written with a hyphen, or not at all: the compound keeps its hyphen.
        let hyphenated = try dehyphenate("a three-year-\nold colt beat a three-year-old filly", ["use_lexicon": .bool(false)])
        #expect(hyphenated.text == "a three-year-old colt beat a three-year-old filly")
        let unseen = try dehyphenate("a three-year-\nold colt", ["use_lexicon": .bool(false)])
        #expect(unseen.text == "a three-year-old colt")
    }
}

/// Units that the break cuts: a dateline completed by the next block, a date, the items of an
/// enumeration after a semicolon, an ordinal inside its numeral, an article number of a statute.
@Suite struct CutUnitTests {
    static let closed = "上一段已经结束。\n\n"

    @Test(arguments: [
        ("本", "报北京1月22日讯记者王明报道：全市春运工作今天全面展开。"),
        ("据", "新华社南昌1月25日电（记者张平）半年前受灾的群众今天迁入新居。"),
        ("新", "华社银川1月30日电（记者赵波）宁夏各族群众欢度开斋节。"),
        ("据新华社莫斯科", "1月28日电俄罗斯国家杜马今天通过了一项决议。"),
        ("本报华沙电", "记者李明报道：在春节前夕，我国驻波兰大使馆举行招待会。"),
        ("19", "97年上半年，这家公司建成了年产十万台的生产线。"),
        ("从19", "92年开始，出版社每年都推出一批好书，深受读者欢迎。"),
        ("1月", "22日，印尼盾对美元的汇率继续下跌，一度跌破一万。"),
        ("1", "月24日清晨，川西平原寒风凛冽，但河堤上一片繁忙。"),
        ("自1997年", "7月起的金融动荡至当年10月份发展到高峰。"),
        ("第二十", "五条国家鼓励单位和个人参加地震灾害保险。"),
        ("1月22日晚9时", "48分，航天飞机从肯尼迪航天中心发射升空。"),
        ("由于江海堤防建设", "投资较大，全省将多渠道筹集资金。"),
        ("尽管政府", "不断加强税收管理，流失的税额仍然不少。"),
        ("全区生产总值同比增长２４．", "２％，增幅比上年提高三个百分点。"),
        ("全区生产总值同比增长24.", "2%，增幅比上年提高三个百分点。"),
        ("新型列车将于上半年在广州—", "深圳之间投入商务运营，时速二百公里。"),
        ("政府公债发行以后，并在北", "京、天津创办了两家证券交易所，后来取消。"),
    ])
    func joins(_ before: String, _ after: String) throws {
        let document = try dehyphenate(Self.closed + before + "\n\n" + after)
        #expect(document.text == Self.closed + before + after)
    }

    @Test(arguments: [
        // An agency and a reporter's name is a byline; `电` further on is a word of the body.
        ("本报记者王政", "前些年家里安电话，从买话机到架话线都要自己跑。"),
        // A headline that ends with `据`: the dateline starts with the next block.
        ("言之有据", "新华社北京1月2日电（记者张平）国务院今天召开常务会议。"),
        // A section number before a paragraph that opens with a day: two units.
        ("2", "4日上午，雪后天晴，集市上的人越来越多。"),
        // A headline ending with a year before a paragraph that opens with a date.
        ("回顾1997", "12月31日，全市各界群众欢聚一堂，共迎新年。"),
        // Minutes count things too: `10时` is an hour, `48名` people.
        ("开幕式定于10时", "48名运动员将参加开幕式的入场仪式。"),
        // `如` without `果`: no subordinate clause.
        ("如意年画进万家", "今年春节，年画又走进了千家万户，很受欢迎。"),
        // A double dash leads a kicker into what follows; a numeral and `、` open a list item.
        ("新春走基层——", "今年春节，记者走访了一批困难群众，了解他们的生活情况。"),
        ("本次会议的主要任务", "一、审议通过常务委员会工作报告，同意提交全体会议。"),
    ])
    func staysApart(_ before: String, _ after: String) throws {
        let text = Self.closed + before + "\n\n" + after
        #expect(try dehyphenate(text).text == text)
    }

    @Test func anEnumerationGoesOnAfterASemicolon() throws {
        let text = "紧急措施包括：\n\n（一）交通管制；\n\n（二）对食\n\n品等生活必需品统一发放和分配；\n\n（三）临时征用房屋。"
        #expect(try dehyphenate(text).text
                == "紧急措施包括：\n\n（一）交通管制；\n\n（二）对食品等生活必需品统一发放和分配；\n\n（三）临时征用房屋。")
        // After a full stop, a headline is still a headline.
        let headline = Self.closed + "乡村公路通车\n\n今年，全县新修公路一百公里，方便了群众出行。"
        #expect(try dehyphenate(headline).text == headline)
    }

    @Test func anArticleNumberAloneOpensItsArticle() throws {
        let text = "第一条为了加强管理，制定本办法。\n\n第二条本办法适用于全市。\n\n第三条\n\n医疗机构对临床用血必须进行核查。"
        #expect(try dehyphenate(text).text
                == "第一条为了加强管理，制定本办法。\n\n第二条本办法适用于全市。\n\n第三条医疗机构对临床用血必须进行核查。")
        // Outside a statute, a heading `第三条` stays on its own.
        let single = Self.closed + "第三条\n\n医疗机构对临床用血必须进行核查。"
        #expect(try dehyphenate(single).text == single)
    }
}
