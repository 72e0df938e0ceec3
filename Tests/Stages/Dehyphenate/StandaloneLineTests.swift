@testable import DehyphenateStage
import GalleyCore
import Testing

/// A page header (`第3版(经济)`), a column's label (`专栏：`) and a caption's credit keep their lines:
/// the header and the label are joined to neither neighbour, and nothing is joined after a credit.
@Suite struct StandaloneLineTests {
    @Test func headerLabelAndCreditStayApart() throws {
        let text = """
            第3版(经济)
            专栏:
            5月8日,首批货运列车从西安国际港站出发,驶向中亚五国。
            图为列车驶出站台的情形。本报记者 王立新 摄
            第3版(经济)
            专栏:
            春耕时节农机忙
            """
        let paragraphs = try dehyphenate(text, ["line_roles": .bool(false)]).text.components(separatedBy: "\n\n")
        #expect(paragraphs.contains("第3版(经济)"))
        #expect(paragraphs.contains("专栏:"))
        #expect(paragraphs.contains { $0.hasSuffix("本报记者 王立新 摄") })
        #expect(!paragraphs.contains { $0.hasPrefix("专栏:") && $0.count > 3 })
    }

    @Test func blocksAcrossABlankLineStayApart() throws {
        let text = "会议代表参观了新建成的污水处理厂。（新华社记者张平摄）\n\n第二版\n\n编者按：\n\n近年来各地相继建成一批"
        let paragraphs = try dehyphenate(text, ["line_roles": .bool(false)]).text.components(separatedBy: "\n\n")
        #expect(paragraphs.count == 4)
    }

    @Test(arguments: [
        ("第6版(国际)", true),
        ("第12版（经济）", true),
        ("第十二版", true),
        ("当前版：02版", true),
        ("第2版：要闻", true),
        ("07版", true),
        ("第6版发行量", false),
        ("本书第3版前言", false),
        ("二版", false),
        ("第6版(国际新闻与评论综述)", false),
    ])
    func editionHeader(_ text: String, _ expected: Bool) {
        #expect(BlockShape.isEditionHeader(Array(text.unicodeScalars)) == expected)
    }

    @Test(arguments: [
        ("专栏:", true),
        ("编者按：", true),
        ("他说，", false),
        ("记者问及此事时他说：", false),
        ("Note:", false),
    ])
    func columnLabel(_ text: String, _ expected: Bool) {
        #expect(BlockShape.isColumnLabel(Array(text.unicodeScalars)) == expected)
    }

    @Test(arguments: [
        ("图为两国代表签署协议。新华社记者 李明 摄", true),
        ("图为新建的大桥。（新华社记者张平摄）", true),
        ("Workers clear the road in Kyiv. (AP Photo/Jane Doe)", true),
        ("Crowds at the station on Monday. Photo by John Smith", true),
        ("工人们冒着零下二十度的严寒摄", false),
        ("他拿起相机。准备拍摄", false),
        ("The station was crowded on Monday", false),
    ])
    func endsWithCredit(_ text: String, _ expected: Bool) {
        #expect(BlockShape.endsWithCredit(Array(text.unicodeScalars)) == expected)
    }

    @Test(arguments: [
        ("第3版(经济)", "专栏:", true),
        ("专栏:", "5月8日,首批货运列车从西安国际港站出发", true),
        ("图为列车驶出站台的情形。", "编者按：", true),
        ("各地春耕进展顺利（记者 王立新）", "编者按：", true),
        ("记者从有关部门了解到，据他", "介绍：", false),
        ("对此，有关负责人", "表示：", false),
        ("图为列车驶出站台。本报记者 王立新 摄", "春耕时节农机忙", true),
        ("今年的春耕进展顺利，各地", "农机合作社忙于", false),
    ])
    func keepsApart(_ previous: String, _ next: String, _ expected: Bool) {
        #expect(BlockShape.keepsApart(Array(previous.unicodeScalars), Array(next.unicodeScalars)) == expected)
    }
}
