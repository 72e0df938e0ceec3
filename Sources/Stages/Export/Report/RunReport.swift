import Foundation
import GalleyCore

/// `report.html`: one self-contained page about a run — no network, no scripts — that reads
/// on a phone as well as on a desktop.
///
/// From the top: the run in one line; a bar chart of each stage's time and throughput; a table
/// of latency percentiles per stage; every failed document with its stage and error; the
/// documents (language, sections, captions, size); the run's counters.
public struct RunReport: Sendable {
    public var run: RunSummary
    public var documents: [DocumentRow]
    /// Documents listed at most (the rest are counted); failures are always all listed.
    public var documentLimit: Int
    /// Which per-document files exist, to link them from the table.
    public var linksJSON: Bool
    public var linksMarkdown: Bool

    public init(run: RunSummary, documents: [DocumentRow], documentLimit: Int = 1000,
                linksJSON: Bool = false, linksMarkdown: Bool = false) {
        self.run = run
        self.documents = documents
        self.documentLimit = documentLimit
        self.linksJSON = linksJSON
        self.linksMarkdown = linksMarkdown
    }

    public var html: String {
        let metrics = run.metrics
        var page = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Galley run · \(HTML.escape(Format.timestamp(metrics.start)))</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <main>
            <header>
            <h1>Galley run <span class="\(metrics.failed > 0 ? "status bad" : "status good")">\
            \(metrics.failed > 0 ? "\(metrics.failed) failed" : "all succeeded")</span></h1>
            <p class="summary">\(HTML.escape(summaryLine))</p>
            </header>

            """
        page += section("Stages", """
            <p class="legend"><span class="item"><span class="key key-time"></span>time in the stage \
            (share of all stage time)</span> <span class="item"><span class="key key-rate"></span>documents \
            per busy second</span></p>
            <figure>\(StageChart.html(metrics.stages))</figure>
            """)
        page += section("Latency per document", latencyTable)
        page += section("Work per stage", workTable)
        page += section("Failed documents (\(run.failures.count))", failureTable)
        page += section("Documents (\(Format.grouped(documents.count)))", documentTable)
        if !metrics.counters.isEmpty {
            page += section("Counters", counterTable)
        }
        page += """
            <footer>Written by Galley at \(HTML.escape(Format.timestamp(metrics.end))). \
            The same numbers are in metrics.json and metrics.prom.</footer>
            </main>
            </body>
            </html>

            """
        return page
    }

    /// The run in one line.
    var summaryLine: String {
        let metrics = run.metrics
        var parts = ["\(Format.grouped(metrics.documents)) document\(metrics.documents == 1 ? "" : "s")"]
        parts.append("\(Format.grouped(metrics.succeeded)) succeeded")
        if metrics.failed > 0 { parts.append("\(Format.grouped(metrics.failed)) failed") }
        if metrics.dropped > 0 { parts.append("\(Format.grouped(metrics.dropped)) dropped") }
        if metrics.skipped > 0 { parts.append("\(Format.grouped(metrics.skipped)) unchanged") }
        if metrics.removed > 0 { parts.append("\(Format.grouped(metrics.removed)) removed") }
        parts.append("\(Format.bytes(metrics.bytesRead)) in \(Format.seconds(metrics.wallSeconds))")
        parts.append("\(Format.rate(metrics.documentsPerSecond)) docs/s, \(Format.rate(metrics.megabytesPerSecond)) MB/s")
        parts.append("started \(Format.timestamp(metrics.start))")
        return parts.joined(separator: " · ")
    }

    func section(_ title: String, _ body: String) -> String {
        "<section>\n<h2>\(HTML.escape(title))</h2>\n\(body)\n</section>\n"
    }

    /// A table; the cells are HTML already. `numeric` columns are right-aligned, `wide` ones
    /// are left out on narrow screens.
    func table(_ headers: [String], _ rows: [[String]], numeric: Set<Int> = [], wide: Set<Int> = []) -> String {
        func attributes(_ index: Int) -> String {
            let classes = (numeric.contains(index) ? ["num"] : []) + (wide.contains(index) ? ["wide"] : [])
            return classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
        }
        var html = "<div class=\"scroll\"><table>\n<thead><tr>"
        for (index, header) in headers.enumerated() {
            html += "<th\(attributes(index))>\(HTML.escape(header))</th>"
        }
        html += "</tr></thead>\n<tbody>\n"
        for row in rows {
            html += "<tr>"
            for (index, cell) in row.enumerated() {
                html += "<td\(attributes(index))>\(cell)</td>"
            }
            html += "</tr>\n"
        }
        return html + "</tbody></table></div>"
    }

    /// Latency percentiles of one document in each stage: five columns, so it fits a phone.
    var latencyTable: String {
        let stages = run.metrics.stages
        if stages.isEmpty { return "<p class=\"note\">No stage ran.</p>" }
        let rows = stages.map { stage -> [String] in
            let latency = stage.latencyMilliseconds
            return [
                HTML.escape(stage.stage), Format.millisecondsNumber(latency.p50), Format.millisecondsNumber(latency.p95),
                Format.millisecondsNumber(latency.p99), Format.millisecondsNumber(latency.max),
            ]
        }
        return table(["stage", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows, numeric: [1, 2, 3, 4])
    }

    /// Documents in and out of each stage, the time it was busy and waited, and what it read.
    var workTable: String {
        let stages = run.metrics.stages
        if stages.isEmpty { return "<p class=\"note\">No stage ran.</p>" }
        let rows = stages.map { stage -> [String] in
            let megabytes = stage.busySeconds > 0
                ? Format.rate(Double(stage.bytesIn) / 1_000_000 / stage.busySeconds) : "—"
            return [
                HTML.escape(stage.stage), Format.grouped(stage.documentsIn), Format.grouped(stage.documentsOut),
                Format.grouped(stage.failed), Format.grouped(stage.dropped), Format.seconds(stage.busySeconds),
                Format.seconds(stage.waitSeconds), Format.bytes(stage.bytesIn), megabytes,
            ]
        }
        return table(["stage", "in", "out", "failed", "dropped", "busy", "waited", "read", "MB/s"], rows,
                     numeric: Set(1...8), wide: [2, 6, 7])
    }

    var failureTable: String {
        if run.failures.isEmpty { return "<p class=\"note\">No document failed.</p>" }
        let rows = run.failures.map { failure in
            [
                "<span class=\"id\">\(HTML.breakable(failure.id))</span><br><span class=\"muted path\">\(HTML.breakable(failure.source))</span>",
                HTML.escape(failure.stage),
                "<span class=\"error\">\(HTML.escape(failure.error))</span>",
            ]
        }
        return table(["document", "stage", "error"], rows)
            + "<p class=\"note\">Each is quarantined in failed/&lt;id&gt;.json with the document as the failing stage got it.</p>"
    }

    var documentTable: String {
        if documents.isEmpty { return "<p class=\"note\">No document reached the export stage.</p>" }
        let shown = documents.prefix(documentLimit)
        let rows = shown.map { row -> [String] in
            var links: [String] = []
            let escapedID = Self.pathComponent(row.id)
            if linksMarkdown { links.append("<a href=\"markdown/\(escapedID).md\">md</a>") }
            if linksJSON { links.append("<a href=\"docs/\(escapedID).json\">json</a>") }
            var document = "<span class=\"id\">\(HTML.breakable(row.id))</span>"
            if let title = row.title { document += "<br><span class=\"title\">\(HTML.escape(title))</span>" }
            if !links.isEmpty { document += "<br><span class=\"links\">\(links.joined(separator: " · "))</span>" }
            return [
                document, HTML.escape(row.language ?? "—"), Format.grouped(row.sections), Format.grouped(row.captions),
                Format.grouped(row.characters), Format.bytes(row.bytes),
            ]
        }
        var html = table(["document", "lang", "sections", "captions", "characters", "size"], Array(rows),
                         numeric: [2, 3, 4, 5], wide: [4])
        if documents.count > shown.count {
            html += "<p class=\"note\">\(Format.grouped(documents.count - shown.count)) more documents are not listed; " +
                "galley.sqlite and corpus.jsonl hold them all.</p>"
        }
        return html
    }

    var counterTable: String {
        let counters = run.metrics.counters
        let rows = counters.keys.sorted().map { key in
            [HTML.escape(key), counters[key]! == counters[key]!.rounded() ? Format.grouped(Int(counters[key]!)) : Format.rate(counters[key]!)]
        }
        return table(["counter", "total"], rows, numeric: [1])
    }

    /// A document id as a URL path component (ids are safe file names, but may hold `%` or `#`).
    static func pathComponent(_ id: String) -> String {
        HTML.escape(id.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(["/", "#", "?"])) ?? id)
    }

    static let style = """
        :root{--fg:#1d2126;--muted:#5f6b7a;--bg:#fbfbfa;--card:#fff;--line:#e3e5e8;--time:#3567c8;--rate:#d9822b;\
        --good:#1f7a3f;--bad:#b3261e;color-scheme:light dark;\
        --sans:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Source Han Sans SC",\
        "PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif;\
        --mono:ui-monospace,SFMono-Regular,Menlo,Consolas,"DejaVu Sans Mono","Noto Sans Mono CJK SC",\
        "Noto Sans CJK SC","PingFang SC","Microsoft YaHei",monospace}
        @media (prefers-color-scheme:dark){:root{--fg:#e6e8eb;--muted:#9aa4b1;--bg:#15171a;--card:#1d2024;\
        --line:#30353b;--time:#6d9bf0;--rate:#f0a35a;--good:#5cc484;--bad:#f2867e}}
        *{box-sizing:border-box}
        body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.45 var(--sans)}
        main{max-width:980px;margin:0 auto;padding:16px}
        h1{font-size:1.5rem;margin:.2em 0 .3em}
        h2{font-size:1.1rem;margin:0 0 .6em}
        section{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:14px 16px;margin:14px 0}
        .summary{margin:0;color:var(--muted)}
        .status{font-size:.8rem;font-weight:600;padding:.15em .6em;border-radius:999px;vertical-align:middle;\
        color:#fff;white-space:nowrap}
        .status.good{background:var(--good)}.status.bad{background:var(--bad)}
        figure{margin:0}
        .chart{width:100%;font-size:.85rem}
        .chart .row{margin:0 0 .7em}
        .chart .stage{font-weight:600;overflow-wrap:anywhere}
        .chart .bar{display:flex;align-items:center;gap:.6em;margin-top:2px}
        .chart .track{flex:1 1 auto;min-width:0}
        .chart .track span{display:block;height:.85em;border-radius:2px;min-width:1px}
        .chart .value{flex:0 0 9.5em;text-align:right;color:var(--muted);font-variant-numeric:tabular-nums;\
        white-space:nowrap}
        .bar-time{background:var(--time)}.bar-rate{background:var(--rate)}
        .legend{font-size:.85rem;color:var(--muted);margin:0 0 .6em}.legend .item{display:inline-block;margin-right:1em}
        .key{display:inline-block;width:.9em;height:.9em;border-radius:2px;vertical-align:-.1em;margin:0 .3em 0 .2em}
        .key-time{background:var(--time)}.key-rate{background:var(--rate)}
        .scroll{overflow-x:auto}
        table{border-collapse:collapse;width:100%;font-size:.88rem}
        th,td{text-align:left;padding:.35em .6em;border-bottom:1px solid var(--line);vertical-align:top}
        th{font-weight:600;color:var(--muted);white-space:nowrap}
        .num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .id{font-family:var(--mono);font-size:.85em;overflow-wrap:anywhere}
        .path{overflow-wrap:anywhere}
        .muted,.note,.links{color:var(--muted)}.note{font-size:.88rem;margin:.6em 0 0}
        .error{color:var(--bad);white-space:pre-wrap;overflow-wrap:anywhere}
        a{color:var(--time)}
        footer{color:var(--muted);font-size:.8rem;margin:8px 0 24px}
        @media (min-width:521px){td:first-child{min-width:10em}}
        @media (max-width:520px){main{padding:8px}section{padding:10px;border-radius:8px}body{font-size:14px}\
        table{font-size:.8rem}th,td{padding:.3em .3em}.wide{display:none}.chart .value{flex-basis:8.5em}}
        """
}
