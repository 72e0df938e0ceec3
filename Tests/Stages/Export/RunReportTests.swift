@testable import ExportStage
import Foundation
import GalleyCore
import Testing

#if canImport(FoundationXML)
import FoundationXML
#endif

@Suite struct RunReportTests {
    static func stage(_ name: String, use: String? = nil, documents: Int, busy: Double, p95: Double) -> StageMetrics {
        var stage = StageMetrics(stage: name, use: use ?? name)
        stage.documentsIn = documents
        stage.documentsOut = documents
        stage.bytesIn = documents * 20_000
        stage.busySeconds = busy
        stage.latencyMilliseconds = .init(p50: p95 / 2, p95: p95, p99: p95 * 1.2, max: p95 * 2)
        return stage
    }

    static let stages = [
        stage("cleanup", documents: 40, busy: 0.08, p95: 3.1),
        stage("sections", documents: 40, busy: 0.4, p95: 14.2),
        stage("summarize", documents: 39, busy: 1.6, p95: 61),
        stage("export", documents: 38, busy: 0.2, p95: 7.5),
    ]

    static func report(documents: Int = 3, limit: Int = 1000) -> RunReport {
        let failures = [
            FailureRecord(id: "broken<1>", source: "in/broken.txt", stage: "summarize", error: "sentence <b>too</b> long & odd"),
            FailureRecord(id: "empty", source: "in/empty.txt", stage: "export", error: "cannot write docs/empty.json: No space left on device"),
        ]
        var summary = Fixtures.summary(URL(fileURLWithPath: "/tmp/out"), documents: documents, failures: failures,
                                       stages: stages)
        summary.metrics.counters = ["cleanup.mojibake_fixed": 3]
        var rows = [DocumentRow(Fixtures.chinese), DocumentRow(Fixtures.english)]
        while rows.count < documents {
            rows.append(DocumentRow(Document(id: "doc-\(rows.count)", source: "d", text: "text")))
        }
        return RunReport(run: summary, documents: Array(rows.prefix(documents)), documentLimit: limit,
                         linksJSON: true, linksMarkdown: true)
    }

    @Test func thePageIsSelfContained() {
        let html = Self.report().html
        #expect(html.hasPrefix("<!doctype html>"))
        #expect(html.contains("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"))
        for forbidden in ["<script", "<link", "@import", "url(", "src=", "<iframe", "<img"] {
            #expect(!html.contains(forbidden), "report.html contains \(forbidden)")
        }
        // Every link points into the output folder; there is no absolute URL at all.
        let hrefs = html.components(separatedBy: "href=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(!hrefs.isEmpty)
        #expect(hrefs.allSatisfy { $0.hasPrefix("markdown/") || $0.hasPrefix("docs/") })
        #expect(!html.contains("http"))
    }

    @Test func theRunFitsInOneLine() {
        let html = Self.report().html
        #expect(html.contains("<p class=\"summary\">5 documents · 3 succeeded · 2 failed · 0 B in 2.00 s"))
        #expect(html.contains("<span class=\"status bad\">2 failed</span>"))
    }

    @Test func theChartDrawsEveryStageToScale() throws {
        let html = Self.report().html
        let chart = try #require(html.range(of: "<div class=\"chart\"").flatMap { start in
            html.range(of: "</figure>").map { String(html[start.lowerBound..<$0.lowerBound]) }
        })
        // The chart is well-formed markup.
        let parser = XMLParser(data: Data(chart.utf8))
        #expect(parser.parse(), "the chart is not well-formed: \(String(describing: parser.parserError))")
        for stage in Self.stages {
            #expect(chart.contains("<div class=\"stage\">\(stage.stage)</div>"))
        }
        // Bars are percentages of the widest, so the chart fills its card at every width:
        // summarize is the slowest (100%); cleanup, at 0.08 of 1.6 seconds, a twentieth of it.
        #expect(chart.contains("<span class=\"bar-time\" style=\"width:100.0%\"></span></div><span class=\"value\">1.60 s · 70%</span>"))
        #expect(chart.contains("<span class=\"bar-time\" style=\"width:5.0%\"></span>"))
        // Throughput: cleanup does 500 documents per busy second, the most.
        #expect(chart.contains("<span class=\"bar-rate\" style=\"width:100.0%\"></span></div><span class=\"value\">500 docs/s</span>"))
        #expect(!html.contains("max-width:480px"), "the chart is not capped below its card's width")
    }

    @Test func longIdsBreakBetweenTheirParts() {
        #expect(HTML.breakable("zh-news__2003_04_20") == "zh-<wbr>news_<wbr>_<wbr>2003_<wbr>04_<wbr>20")
        #expect(HTML.breakable("a<b>/c") == "a&lt;b&gt;/<wbr>c")
    }

    @Test func cjkTextFallsBackToTheSystemsCJKFonts() {
        let style = RunReport.style
        for font in ["\"Noto Sans CJK SC\"", "\"PingFang SC\"", "\"Microsoft YaHei\"", "sans-serif"] {
            #expect(style.contains(font), "the report's fonts do not include \(font)")
        }
        #expect(style.contains("font-family:var(--mono)") && style.contains("--mono:ui-monospace"))
    }

    @Test func latencyPercentilesAreListedPerStage() {
        let html = Self.report().html
        #expect(html.contains("<tr><td>summarize</td><td class=\"num\">30.5</td><td class=\"num\">61.0</td><td class=\"num\">73.2</td><td class=\"num\">122</td></tr>"))
        // The work table: documents in and out, busy time, and megabytes per busy second.
        #expect(html.contains("<tr><td>summarize</td><td class=\"num\">39</td><td class=\"num wide\">39</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">1.60 s</td>"))
        #expect(html.contains("<td class=\"num wide\">780.0 kB</td><td class=\"num\">0.487</td></tr>"))
    }

    @Test func everyFailureIsListedWithItsStageAndError() {
        let html = Self.report().html
        #expect(html.contains("Failed documents (2)"))
        #expect(html.contains("broken&lt;1&gt;"))
        #expect(html.contains("sentence &lt;b&gt;too&lt;/b&gt; long &amp; odd"))
        #expect(html.contains("No space left on device"))
        #expect(!html.contains("<b>too</b>"))
    }

    @Test func documentsAreListedUpToTheLimit() {
        let html = Self.report(documents: 5, limit: 3).html
        #expect(html.contains("Documents (5)"))
        #expect(html.contains("<a href=\"markdown/000_a961b149a5844a09.md\">md</a>"))
        #expect(html.contains("融入一体化") == false) // the first title is the one shown
        #expect(html.contains("释放叠加效应 聚合强大动能"))
        #expect(html.contains("doc-2"))
        #expect(!html.contains("doc-3"))
        #expect(html.contains("2 more documents are not listed"))
    }

    @Test func aRunWithoutFailuresSaysSo() {
        let summary = Fixtures.summary(URL(fileURLWithPath: "/tmp/out"), documents: 1)
        let html = RunReport(run: summary, documents: [DocumentRow(Fixtures.english)]).html
        #expect(html.contains("<span class=\"status good\">all succeeded</span>"))
        #expect(html.contains("No document failed."))
        #expect(html.contains("No stage ran."))
        #expect(!html.contains("href="))
    }
}
