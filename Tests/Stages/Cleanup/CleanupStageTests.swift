import CleanupStage
import Foundation
import GalleyCore
import GalleyText
import Testing

/// Runs `cleanup` with `options` over its defaults on `text`.
func clean(_ text: String, _ options: [String: OptionValue] = [:]) throws -> Document {
    let stage = try StageHarness.make(CleanupStage.self, options)
    return try #require(try StageHarness.run([stage], on: text))
}

@Suite struct UnicodeRuleTests {
    @Test func composesToNFCByDefault() throws {
        #expect(try clean("cafe\u{301} nai\u{308}ve").text == "café naïve")
    }

    @Test func nfkcAlsoFoldsCompatibilityCharacters() throws {
        #expect(try clean("① x²", ["normalize": .string("nfkc")]).text == "1 x2")
        #expect(try clean("① x²").text == "① x²")
    }

    @Test func noneLeavesDecomposedText() throws {
        let text = try clean("e\u{301}", ["normalize": .string("none")]).text
        #expect(Array(text.unicodeScalars).count == 2)
    }

    @Test func removesControlsButKeepsNewlinesAndTabs() throws {
        // Controls inside a word stood for a glyph: U+FFFD (counted apart); NUL and the rest go.
        let document = try clean("a\u{0}b\u{7}c\u{1B}d\te\u{7F}")
        #expect(document.text == "ab\u{FFFD}c\u{FFFD}d\te")
        #expect(document.metadata.counter("cleanup.controls_removed") == 2)
        #expect(document.metadata.counter("cleanup.controls_as_replacement") == 2)
    }

    @Test func lineEndingsBecomeNewlines() throws {
        #expect(try clean("one\r\ntwo\rthree\n").text == "one\ntwo\nthree")
    }

    @Test func controlsStayWhenTheRuleIsOff() throws {
        #expect(try clean("a\u{7}b", ["controls": .bool(false)]).text == "a\u{7}b")
    }

    @Test func removesZeroWidthCharactersByteOrderMarksAndSoftHyphens() throws {
        let document = try clean("\u{FEFF}zero\u{200B}width soft\u{AD}hyphen word\u{2060}joiner")
        #expect(document.text == "zerowidth softhyphen wordjoiner")
        #expect(document.metadata.counter("cleanup.invisible_removed") == 4)
        #expect(try clean("a\u{200B}b", ["invisible": .bool(false)]).text == "a\u{200B}b")
    }

    @Test func privateUseParagraphMarks() throws {
        let text = "\u{E40C}第一段内容。\u{E40C}第二段内容。"
        #expect(try clean(text).text == "第一段内容。\n\n第二段内容。")
        #expect(try clean(text, ["private_use": .string("remove")]).text == "第一段内容。第二段内容。")
        #expect(try clean(text, ["private_use": .string("keep")]).text == text)
    }
}

@Suite struct MojibakeTests {
    @Test(arguments: [
        ("cafÃ©", "café"),
        ("â€œquotedâ€\u{9D}", "“quoted”"),
        ("ÄŒeÅ¡tina", "Čeština"),
        ("Iggy Pop (nÃƒÂ© Jim Osterberg)", "Iggy Pop (né Jim Osterberg)"),
        ("Ð‘Ñ‹Ñ\u{81}Ñ‚Ñ€Ð¾", "Быстро"),
        ("æ—¥æœ¬èªž", "日本語"),
        ("He said â€˜yesâ€™ â€” twice", "He said ‘yes’ — twice"),
        ("smile ðŸ˜€", "smile 😀"),
        ("voilÃ  le travail", "voilà le travail"),
        ("\u{93}Gute Reise\u{94}", "“Gute Reise”"),
    ])
    func repairs(_ broken: String, _ fixed: String) throws {
        let document = try clean(broken)
        #expect(document.text == fixed)
        #expect(document.metadata.counter("cleanup.mojibake_fixed") >= 1)
    }

    @Test(arguments: [
        "Gàidhlig", "naïve café", "Ελληνικά", "PARCE QUE IL Y MARQUÉ…", "higher values (“+” and “×” curves)",
        "4288×…", "(-1/2)! = √π", "HÅØYA ER BLÅØYD", "Ôôô VIDA MINHA", "2012—∞", "Connect with Āø on Facebook",
        "中文“引号”，还有标点。", "ВІКІ is Ukrainian for WIKI", "I'm not such a fan of Charlotte Brontë…”",
    ])
    func leavesRightTextAlone(_ text: String) throws {
        let document = try clean(text)
        #expect(document.text == text)
        #expect(document.metadata.counter("cleanup.mojibake_fixed") == 0)
    }

    @Test func repairsOnlyTheBrokenLine() throws {
        let text = "Gàidhlig is right\ncafÃ© is not\n中文不变"
        #expect(try clean(text).text == "Gàidhlig is right\ncafé is not\n中文不变")
    }

    @Test func ruleCanBeTurnedOff() throws {
        #expect(try clean("cafÃ©", ["mojibake": .bool(false)]).text == "cafÃ©")
    }
}

@Suite struct WidthAndLigatureTests {
    @Test func fullwidthLettersAndDigitsBecomeASCII() throws {
        let document = try clean("ＶＩＰ客户，２０１２年，增长１．５％。")
        #expect(document.text == "VIP客户，2012年，增长1.5%。")
        #expect(document.metadata.counter("cleanup.fullwidth_converted") == 11)
    }

    @Test func cjkPunctuationStays() throws {
        #expect(try clean("他说：“好，（Ａ、Ｄ）。”").text == "他说：“好，（A、D）。”")
    }

    @Test func widthRuleCanBeTurnedOff() throws {
        #expect(try clean("ＶＩＰ", ["fullwidth_ascii": .bool(false)]).text == "ＶＩＰ")
    }

    @Test func expandsLigatures() throws {
        let document = try clean("ﬁnal ﬂow oﬀer eﬃcient baﬄe")
        #expect(document.text == "final flow offer efficient baffle")
        #expect(document.metadata.counter("cleanup.ligatures_expanded") == 5)
    }

    @Test func joinsLetterSpacedHeadings() throws {
        #expect(try clean("F i g u r e 1\nThe results.").text == "Figure 1\nThe results.")
        #expect(try clean("C H A P T E R  T W O S\nIt began.").text == "CHAPTER TWOS\nIt began.")
    }

    @Test func leavesShortSingleLetterRunsAlone() throws {
        #expect(try clean("a b c are letters").text == "a b c are letters")
        #expect(try clean("中 文 字 符").text == "中 文 字 符")
    }
}

@Suite struct WhitespaceAndPageTests {
    @Test func collapsesSpacesAndBlankLines() throws {
        let document = try clean("  first   line  with  gaps  \n\n\n\n第二\u{3000}\u{3000}行\u{3000}\u{3000}尾\t\n\n\nlast")
        #expect(document.text == "first line with gaps\n\n第二 行 尾\n\nlast")
    }

    @Test func whitespaceRuleCanBeTurnedOff() throws {
        #expect(try clean("a  b\n\n\nc", ["whitespace": .bool(false)]).text == "a  b\n\n\nc")
    }

    @Test func removesRunningHeadsAndPageNumbersAtFormFeeds() throws {
        let bodies = ["The council met on Monday.\nIt agreed to build a bridge.",
                      "Rain fell all week.\nThe river rose by a foot.",
                      "Wool prices held firm.\nBuyers came from London.",
                      "The ship sailed at noon.\nIts cargo was timber."]
        var pages: [String] = []
        for (offset, body) in bodies.enumerated() {
            pages.append("THE DAILY HERALD\n\(body)\n- \(offset + 1) -")
        }
        let document = try clean(pages.joined(separator: "\n\u{0C}\n"))
        #expect(!document.text.contains("HERALD"))
        #expect(!document.text.contains("- 2 -"))
        #expect(!document.text.contains("\u{0C}"))
        #expect(document.text.contains("Wool prices held firm.\nBuyers came from London."))
        #expect(document.metadata.counter("cleanup.page_furniture_removed") == 8)
    }

    @Test func recognisesChineseAndWordyPageNumbers() throws {
        let text = "第3版\n正文一。\n\u{0C}\n第4版\n正文二。\n\u{0C}\nPage 5 of 9\n正文三。"
        #expect(try clean(text).text == "正文一。\n正文二。\n正文三。")
    }

    @Test func removesLinesRepeatingEveryNLinesWithoutFormFeeds() throws {
        var lines: [String] = []
        for page in 1...4 {
            lines.append("Page \(page) of 4")
            for line in 1...12 { lines.append("Sentence \(line) of page \(page) in the report body.") }
        }
        let document = try clean(lines.joined(separator: "\n"))
        #expect(!document.text.contains("of 4"))
        #expect(document.text.contains("Sentence 12 of page 4"))
    }

    @Test func keepsSectionNumbersWithoutFormFeeds() throws {
        var lines: [String] = []
        for section in 1...4 {
            lines.append("\(section)")
            for line in 1...12 { lines.append("Line \(line) of section \(section).") }
        }
        let document = try clean(lines.joined(separator: "\n"))
        #expect(document.text.hasPrefix("1\nLine 1"))
        #expect(document.metadata.counter("cleanup.page_furniture_removed") == 0)
    }

    @Test func pageRuleCanBeTurnedOff() throws {
        let text = "HEAD\nbody one\n\u{0C}\nHEAD\nbody two"
        #expect(try clean(text, ["page_furniture": .bool(false)]).text == "HEAD\nbody one\nHEAD\nbody two")
    }
}

/// Cleans one line of `unit` repeated to ten megabytes.
private func cleanTenMegabyteLine(of unit: String) throws -> Document {
    let document = try clean(String(repeating: unit, count: 10_000_000 / unit.utf8.count + 1))
    #expect(!document.text.contains("\n"))
    return document
}

@Suite struct AdversarialCleanupTests {
    @Test func emptyAndBlankInputs() throws {
        #expect(try clean("").text == "")
        #expect(try clean("\n\n\n\n   \n\t\n").text == "")
    }

    @Test func onlyHyphens() throws {
        #expect(try clean("-----\n- - - -\n-").text == "-----\n- - - -\n-")
    }

    @Test func invalidUTF8BecomesReplacementCharactersAndSurvives() throws {
        let bytes: [UInt8] = [0x63, 0x61, 0x66, 0xC3, 0x28, 0xFF, 0xFE, 0xE2, 0x82, 0x0A, 0x6F, 0x6B]
        let text = String(decoding: bytes, as: UTF8.self)
        let document = try clean(text)
        #expect(document.text.hasSuffix("\nok"))
        #expect(document.text.hasPrefix("caf"))
    }

    @Test func mixedScriptsKeepTheirCharacters() throws {
        let text = "English, 中文, Ελληνικά, русский, العربية, हिन्दी, 日本語のテキスト"
        #expect(try clean(text).text == text)
    }

    @Test func tenMegabyteSingleLine() throws {
        let document = try cleanTenMegabyteLine(of: "naïve ＡＢ中文 cafÃ© ﬁ  x\u{200B}")
        #expect(document.text.hasPrefix("naïve AB中文 café fi x"))
        #expect(document.metadata.counter("cleanup.mojibake_fixed") > 100_000)
    }
}

/// The cleaner copies most lines byte by byte and sends the rest through the rules on scalars;
/// both ways must give the same text.
@Suite struct FastPathTests {
    /// Lines written for these tests, each cleaned alone and with a zero-width space appended
    /// (which sends the line through the rules on scalars, and is removed there).
    static let lines = [
        "ＶＩＰ客户，２０１２年，增长１．５％。", "  first   line  ", "第二\u{3000}\u{3000}行\t", "F i g u r e 1",
        "ﬁnal ﬂow oﬀer", "cafe\u{301} nai\u{308}ve", "中文“引号”，还有标点。", "Ελληνικά and русский",
        "- 12 -", "ＡＢ－ｃｄ and ５％ and Ｅ－ｍａｉｌ", "a b c are letters", "一二三 四五六 七八九 十", "😀 emoji",
        "Gàidhlig naïve", "trailing tab\t", "\tleading tab", "x  y", "—— dash · dot “quote”",
    ]

    @Test(arguments: lines)
    func bytePathAndScalarPathAgree(_ line: String) throws {
        for options in [[:], ["normalize": .string("nfkc")], ["normalize": .string("none"), "whitespace": .bool(false)],
                        ["letter_spacing": .bool(false), "fullwidth_ascii": .bool(false), "ligatures": .bool(false)]]
            as [[String: OptionValue]] {
            let fast = try clean(line, options)
            let slow = try clean(line + "\u{200B}", options)
            #expect(fast.text == slow.text, "\(options)")
            #expect(fast.metadata.counter("cleanup.fullwidth_converted") == slow.metadata.counter("cleanup.fullwidth_converted"))
        }
    }

    @Test func aLeadCharacterWithoutContinuationIsNotMojibake() throws {
        // `ﬁ` and `“` are lead bytes in MacRoman, `é` in Windows-1252: followed by a letter or a
        // CJK character they cannot start a UTF-8 sequence, so the line is left as it is.
        let document = try clean("“引号”的ﬁnance and café noir")
        #expect(document.text == "“引号”的finance and café noir")
        #expect(document.metadata.counter("cleanup.mojibake_fixed") == 0)
        #expect(document.metadata.counter("cleanup.ligatures_expanded") == 1)
    }

    @Test func formFeedsInsideLinesThatNeedTheScalarRules() throws {
        let text = "HEAD\nbody cafÃ© one\u{0C}\r\nHEAD\nbody two\r\n\u{0C}\nHEAD\nbody three"
        let document = try clean(text)
        #expect(document.text == "body café one\nbody two\nbody three")
        #expect(document.metadata.counter("cleanup.page_furniture_removed") == 3)
    }

    @Test func onlyBlankLinesAndFormFeeds() throws {
        #expect(try clean(String(repeating: "\n", count: 100_000)).text == "")
        #expect(try clean(String(repeating: "\u{0C}\n", count: 10_000)).text == "")
        #expect(try clean(String(repeating: " \u{3000}\t\r\n", count: 10_000)).text == "")
    }

    @Test func tenMegabytesOfCJKWithFullwidthDigitsInOneLine() throws {
        let document = try cleanTenMegabyteLine(of: "预计全年完成投资２０１２万元，同比增长４．５％。")
        #expect(document.text.hasPrefix("预计全年完成投资2012万元，同比增长4.5%。预计"))
        #expect(!document.text.contains("２"))
    }

    @Test func pageNumbersAmongLongLinesAtFormFeeds() throws {
        let body = String(repeating: "正文内容，", count: 60) + "。"
        let pages = (1...3).map { "\(body)\n- \($0) -" }
        let document = try clean(pages.joined(separator: "\n\u{0C}\n"))
        #expect(!document.text.contains("- 2 -"))
        #expect(document.text.components(separatedBy: "\n").count == 3)
    }
}

@Suite struct ScalarTextTests {
    @Test(arguments: ["", "ASCII only", "café naïve", "中文，标点。", "😀 emoji 🇨🇳 flags", "mixed ABC 中文 Ελληνικά 😀\n\t"])
    func roundTripsThroughScalarArrays(_ text: String) {
        let scalars = text.scalarArray
        #expect(scalars.elementsEqual(text.unicodeScalars))
        #expect(String(scalars: scalars) == text)
        #expect(String(scalars: scalars[...]) == text)
    }
}
