@testable import SectionsStage
import Testing

/// The tests `sections` puts a unit through before it takes the line-role model's word for a
/// headline, a deck or a section number.
@Suite struct HeadlineGateTests {
    /// The units of `text` (one a paragraph), and `body` called with them while their arena lives.
    func withUnits(_ text: String, _ body: ([TextUnit]) -> Void) {
        let split = UnitSplitter.units(of: text, rules: HeadingRules())
        withExtendedLifetime(split.arena) { body(split.units) }
    }

    @Test func figureTextIsNoHeadline() {
        withUnits("PNSR ↑ SSIM ↑ LPIPS ↓ rFID ↓\n\nJENSEN DISEASE 3.22E-16 8.74E-15\n\nmodel\n\n▷ train model on c size") { units in
            #expect(units.count == 4)
            #expect(units.allSatisfy(SectionBuilder.isFigureText))
        }
        // (Numbers on the lines of one unit count too: a table's row set one cell a line.)
        withUnits("JENSEN DISEASE\n4.35E-13\n7.88E-12") { units in
            #expect(units.count == 1)
            #expect(SectionBuilder.isFigureText(units[0]))
        }
        withUnits("mGluR1 NAM\n\nYour Calendars For 1917\n\nPROMINENT MEN\n\n支持率上升\n\n3-(4-Methoxyphenyl)-1H-pyrazole-\n4-carbonitrile (11d)") { units in
            #expect(units.count == 5)
            #expect(!units.contains(where: SectionBuilder.isFigureText))
        }
    }

    @Test func linesCutInsideBracketsAndColumnLabels() {
        withUnits("1.《高测股份（688556）：光伏金刚线及硅片切割代工业务推动公司 22Q1\n\nResults (first\n\n“一带一路”倡议") { units in
            #expect(units.count == 3)
            #expect(SectionBuilder.isCutInsideBrackets(units[0]))
            #expect(SectionBuilder.isCutInsideBrackets(units[1]))
            #expect(!SectionBuilder.isCutInsideBrackets(units[2]))
        }
        withUnits("相对涨幅(%)\n\n净利润(百万元)\n\nAccuracy (%)\n\n区人大常委会工作综述（下）\n\nResults (2019)\n\n(%)") { units in
            #expect(units.count == 6)
            #expect(units[0..<3].allSatisfy(SectionBuilder.isColumnLabel))
            #expect(!units[3...].contains(where: SectionBuilder.isColumnLabel))
        }
    }

    @Test func bareSectionNumbers() {
        withUnits("1.1\n\n2.3.3\n\n4.\n\n第四章\n\n第 1 章\n\n第二节") { units in
            #expect(units.count == 6)
            #expect(units.allSatisfy(SectionBuilder.isBareSectionNumber))
        }
        withUnits("12\n\n第十八条\n\n.5\n\n1.1 研究背景\n\n第四章 工作职责") { units in
            #expect(units.count == 5)
            #expect(!units.contains(where: SectionBuilder.isBareSectionNumber))
        }
    }

    @Test func theRestOfAHeadline() {
        withUnits("PROMINENT MEN\n\nURGING DEFENSE\n\nTHE PASSING OF\n\nPancho Villa\n\nResults\n\nDune morphology\n\nParis, Jan. 5. —Germany, in the") { units in
            #expect(SectionBuilder.continuesHeadline(units[0], units[1]))
            #expect(SectionBuilder.continuesHeadline(units[2], units[3]))
            #expect(!SectionBuilder.continuesHeadline(units[4], units[5]))
            #expect(!SectionBuilder.continuesHeadline(units[6], units[0]))
        }
    }

    @Test func entriesOfAListAreNoHeadlines() {
        withUnits("E. Hunter. Commercial Hotel, Homer City.\n\nC. M. Wormian, The Moore. Fourth ward. Indiana.\n\nC. Fellbaum, ed. 1998. WordNet: An Electronic Lexical Database. MIT Press.") { units in
            #expect(units.count == 3)
            #expect(units.allSatisfy(SectionBuilder.isListEntry))
        }
        // Headlines: one break, a title such as `Mr.`, numbers, capitals, no full stop at the end.
        withUnits("Taken into Custody at Boston.\n\nMr. Smith Goes to Washington, Again.\n\n2.3. Results. Discussion.\n\nTREATY OR WAR, FEAR OF LODGE.\n\nA. Results, Discussion, Outlook") { units in
            #expect(units.count == 5)
            #expect(!units.contains(where: SectionBuilder.isListEntry))
        }
    }

    @Test func cellsOfNumbers() {
        withUnits("1\n\n35.3%\n\n-20.5\n\n（+/-）") { units in
            #expect(units.count == 4)
            #expect(units.prefix(3).allSatisfy(SectionBuilder.isNumberCell))
            #expect(!SectionBuilder.isNumberCell(units[3]))
        }
        // A section number printed apart is not a cell; nor is a line with words.
        withUnits("2.2\n\n2.2.1\n\n3 Method\n\n1916") { units in
            #expect(!SectionBuilder.isNumberCell(units[0]))
            #expect(!SectionBuilder.isNumberCell(units[1]))
            #expect(!SectionBuilder.isNumberCell(units[2]))
            #expect(SectionBuilder.isNumberCell(units[3]))
        }
    }

    /// Whether the first line of `page` (split from the rest by a blank line holding a space) is
    /// a wrapped line before the second when the two are on consecutive lines: the same bytes with
    /// the blank line's break turned into a space (as the line-role layout may leave them).
    func wrapped(_ first: String, _ second: String, blankLine: Bool = false) -> Bool {
        var result = false
        withUnits(first + "\n \n" + second) { units in
            guard units.count == 2 else { return }
            let source = blankLine ? first + "\n \n" + second : first + "\n  " + second
            result = SectionBuilder.isWrappedLine(units[0], before: units[1], in: source)
        }
        return result
    }

    @Test func aWrappedLineOfRunningText() {
        #expect(wrapped("The underlying assumption of this model can also be written", "as a linear relation of the two."))
        // A heading over text that opens a sentence, a short heading, a headline in capitals, one
        // with a blank line after it, a line that ends with punctuation.
        #expect(!wrapped("Results of the first trial on the farm", "We found that the model holds for all."))
        #expect(!wrapped("Results of the trial", "for the model we found that it holds for all."))
        #expect(!wrapped("THE PASSING OF AN OLD SETTLER", "from the county, who died on Monday."))
        #expect(!wrapped("The underlying assumption of this model can also be written", "as a linear relation.", blankLine: true))
        #expect(!wrapped("The underlying assumption of this model is written thus:", "as a linear relation."))
    }

    @Test func volumeLines() {
        withUnits("VOL X. NO. 7\n\nVol. 12, No. 3\n\nVOLUME XLII NO 118\n\nthe daily news. vol: 4, :no: 9") { units in
            #expect(units.count == 4)
            #expect(units.allSatisfy(SectionBuilder.isVolumeLine))
        }
        withUnits("The volume of trade is no small matter.\n\nVOL X\n\nNo. 7 Main Street\n\nRevolution 12 No 3 vo l 4 no 5") { units in
            #expect(!units.contains(where: SectionBuilder.isVolumeLine))
        }
    }

    @Test func articleNumbersAlone() {
        withUnits("第十八条\n\n第 3 条") { units in
            #expect(units.count == 2)
            #expect(units.allSatisfy(SectionBuilder.isBareArticleNumber))
        }
        withUnits("第四章\n\n第二节\n\n第十八条 职工代表大会的职权是审议通过工会工作报告。\n\n条例") { units in
            #expect(!units.contains(where: SectionBuilder.isBareArticleNumber))
        }
    }

    @Test func aFirstHeadlineLineThatRunsOn() {
        withUnits("THE PASSING OF\n\nNEWS FROM THE") { units in
            #expect(units.allSatisfy(SectionBuilder.runsOnInCapitals))
        }
        withUnits("PANCHO VILLA\n\nThe Passing Of\n\nTHE PASSING OF THE OLD TOWN HALL AND ITS CLOCK TOWER IN") { units in
            #expect(!units.contains(where: SectionBuilder.runsOnInCapitals))
        }
    }
}
