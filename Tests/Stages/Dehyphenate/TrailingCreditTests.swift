@testable import DehyphenateStage
import GalleyCore
import Testing

/// A caption that ends with its credit (`… 井韦摄`) ends there: the next caption is not joined to it.
@Suite struct TrailingCreditTests {
    @Test func captionsEndingWithACreditStayApart() throws {
        let text = """
            第5版(摄影)
            专栏:摄影报道
            摄影报道
            北京市顺义区一家大型肉类加工企业，最近通过了国家安全食用农产品体系认证。图为检验人员在生产线上。 本报记者 杨文道摄
            小户型公寓住宅在上海热销，多数小户型楼盘出售率超过85%，有的甚至达到100%。 井韦摄
            杭州市天水街道通过社区文化室，将万本正版健康的视听读物供居民免费借阅，受到群众的欢迎。 王小川摄
            """
        let paragraphs = try dehyphenate(text, ["line_roles": .bool(false)]).text.components(separatedBy: "\n\n")
        #expect(paragraphs.suffix(3).map { $0.hasSuffix("摄") } == [true, true, true])
    }

    @Test(arguments: [
        ("最近通过了国家安全食用农产品体系认证。图为检验人员在生产线上。 本报记者 杨文道摄", true),
        ("多数小户型楼盘出售率超过85%，有的甚至达到100%。 井韦摄", true),
        ("中铁一局的铺轨工程技术人员冒着零下20多摄", false),
        ("陆新 摄", false),   // a credit line by itself (`isCredit`)
        ("The photo was taken by Smith", false),
    ])
    func endsWithCredit(_ text: String, _ expected: Bool) {
        #expect(BlockShape.endsWithCredit(Array(text.unicodeScalars)) == expected)
    }
}
