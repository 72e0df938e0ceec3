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
        withUnits("mGluR1 NAM\n\nYour Calendars For 1917\n\nPROMINENT MEN\n\n支持率上升") { units in
            #expect(units.count == 4)
            #expect(!units.contains(where: SectionBuilder.isFigureText))
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
}
