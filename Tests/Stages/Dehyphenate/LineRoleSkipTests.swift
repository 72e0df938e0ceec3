@testable import DehyphenateStage
import GalleyText
import Testing

/// `dehyphenate` labels a page with the line-role model only where the labels could change it:
/// a page of eight lines or more with at least two lines in one block.
@Suite struct LineRoleSkipTests {
    static let oneParagraphALine = (1...10).map { "第\($0)段，今年以来全区上下围绕重点工程加快推进建设任务。" }.joined(separator: "\n\n")
    static let wrapped = (1...10).map { "line \($0) of a paragraph the page" }.joined(separator: "\n")

    @Test func pagesTheModelCannotChangeAreNotLabelled() {
        #expect(!DehyphenateStage.layoutMayChange(Self.oneParagraphALine))
        #expect(!DehyphenateStage.layoutMayChange("A headline\nand a line under it"))
        #expect(DehyphenateStage.layoutMayChange(Self.wrapped))
    }

    @Test func skippingGivesWhatTheLayoutGives() {
        for text in [Self.oneParagraphALine, "A headline\nand a line under it", "短\n\n\n页"] {
            #expect(LineRoleLayout(text, removingFurniture: false).text == text)
        }
    }
}
