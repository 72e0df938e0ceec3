import Foundation
import GalleyCore
import Testing

/// The default pipeline on the repository's sample page, through the real binary.
@Suite struct SeedEndToEndTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func theSamplePageComesOutAsFourArticlesAndACaption() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("galley-seed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try GalleyBinary.run(
            ["run", "--config", Self.repository.appendingPathComponent("pipeline.yaml").path, "--output", output.path],
            in: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let document = try JSONDecoder().decode(
            Document.self, from: Data(contentsOf: output.appendingPathComponent("docs/000_a961b149a5844a09.json")))
        #expect(document.language == "zh")
        #expect(document.metadata.counter("dehyphenate.healed") == 8)

        let articles = document.sections.filter { $0.byline != nil }
        #expect(articles.map(\.byline) == ["范玉贤", "王兴法", "镇晓丹", "孙昊 周健 记者 诸丽琴"])
        #expect(articles.map(\.title) == ["实行高水平对外开放 推动商务工作高质量发展", "释放叠加效应 聚合强大动能",
                                          "实干担当有作为 展示政协新样子", "西太湖“融驿家”党建联盟成立"])
        #expect(articles.map(\.subtitle) == [nil, "——区人大常委会工作综述（下）", "——区政协常委会工作综述（下）", nil])
        #expect(articles.map(\.kicker) == [nil, "贯彻落实 十九届五中全会精神", nil, nil])
        #expect(articles[3].text.hasPrefix("日前，西太湖科技产业园"))
        for article in articles {
            #expect((article.summary ?? []).count == 2)
            for sentence in article.summary ?? [] { #expect(article.text.contains(sentence)) }
        }

        #expect(document.captions.count == 1)
        let caption = try #require(document.captions.first)
        #expect(caption.credit == "陆新")
        #expect(caption.text.hasPrefix("为了确保") && caption.text.hasSuffix("图为昨日上午，医务工作者正在区行政中心进行核酸采样。"))
        for section in document.sections {
            #expect(!section.text.contains("核酸采样") && !section.text.contains("陆新 摄"))
        }
        // The slogan stands alone and does not swallow the caption.
        #expect(document.sections.contains { $0.title == "融入一体化 建设滨湖城" && $0.text.isEmpty })

        // No paragraph is left broken mid-sentence, and paragraphs are one blank line apart.
        #expect(!document.text.contains("利用外\n") && !document.text.contains("\n\n\n"))
        #expect(document.text.contains("利用外资总体平稳"))
    }

    @Test func theEnglishPageIsSearchableAndCaptionsAreNumberedAlikeInTextAndJSON() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("galley-seed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: output) }
        let result = try GalleyBinary.run(
            ["run", "--config", Self.repository.appendingPathComponent("pipeline.yaml").path, "--output", output.path],
            in: Self.repository)
        #expect(result.status == 0, "\(result.stderr)")
        let english = try JSONDecoder().decode(
            Document.self, from: Data(contentsOf: output.appendingPathComponent("docs/001_ronan_pioneer_1916-02-11.json")))
        #expect(english.language == "en")
        #expect(english.sections.count > 1)

        let database = output.appendingPathComponent("galley.sqlite").path
        let defense = try GalleyBinary.run(["search", "defense", "--db", database], in: Self.repository)
        #expect(defense.stdout.hasPrefix("1. 001_ronan_pioneer_1916-02-11"), "\(defense.stdout)")

        let text = try GalleyBinary.run(["search", "核酸采样", "--db", database], in: Self.repository)
        let json = try GalleyBinary.run(["search", "核酸采样", "--db", database, "--json"], in: Self.repository)
        let hits = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        let caption = try #require(hits.first?["caption"] as? Int)
        #expect(text.stdout.contains("· captions[\(caption)]\n"), "\(text.stdout)")
    }
}
