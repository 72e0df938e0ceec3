import Foundation
import GalleyCore
@testable import GalleyRunner
import Testing

/// `metrics.prom` as a scraper and `rate()` read it: every family has one TYPE, its samples
/// follow it together, per-run counts are gauges (no counters, no `_total`), latency is a
/// summary with quantiles, `_sum` and `_count` only, and every value is a plain number.
@Suite struct PrometheusFormatTests {
    static func metrics() -> RunMetrics {
        var metrics = RunMetrics(start: Date(timeIntervalSince1970: 1_000), end: Date(timeIntervalSince1970: 1_002.5))
        metrics.documents = 3
        metrics.succeeded = 2
        metrics.failed = 1
        metrics.wallSeconds = 2.5
        for (name, p50) in [("cleanup", 0.12), ("export \"json\"", 1.5)] {
            var stage = StageMetrics(stage: name, use: "x")
            stage.documentsIn = 3
            stage.documentsOut = 2
            stage.busySeconds = 0.25
            stage.latencyMilliseconds = .init(p50: p50, p95: 0.3, p99: 2.047, max: 13.001)
            metrics.stages.append(stage)
        }
        metrics.counters = ["dehyphenate.joined": 4]
        return metrics
    }

    @Test func familiesTypesAndValuesFollowTheExpositionFormat() throws {
        let text = MetricsReport.prometheus(Self.metrics(), lastSuccess: (Date(timeIntervalSince1970: 900), 1.5))
        var types: [String: String] = [:]
        var order: [String] = []   // families in the order their samples appear
        var current: String?
        for line in text.split(separator: "\n").map(String.init) {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ").map(String.init)
                #expect(parts.count == 4 && types[parts[2]] == nil, "\(line)")
                types[parts[2]] = parts[3]
                current = parts[2]
                continue
            }
            let name = String(line.prefix { $0 != "{" && $0 != " " })
            let family = try #require(current, "a sample before any TYPE: \(line)")
            let type = try #require(types[family])
            #expect(["gauge", "summary"].contains(type), "\(family) is a \(type): per-run values are gauges")
            #expect(!name.hasSuffix("_total"))
            if type == "summary" {
                #expect([family, family + "_sum", family + "_count"].contains(name), "\(line)")
                #expect(name != family || line.contains("quantile=\""), "\(line)")
            } else {
                #expect(name == family && !line.contains("quantile="), "\(line)")
            }
            if order.last != family { order.append(family) }
            let value = String(line.split(separator: " ").last!)
            let number = try #require(Double(value), "\(line)")
            #expect(number.isFinite)
            #expect(value.count <= 20, "a value as short as it reads: \(line)")
        }
        #expect(order.count == Set(order).count, "a family's samples stay together: \(order)")
        #expect(types["galley_stage_latency_seconds"] == "summary")
        #expect(text.contains("galley_stage_latency_seconds{stage=\"cleanup\",quantile=\"0.5\"} 0.00012\n"))
        #expect(text.contains("galley_stage_latency_seconds{stage=\"export \\\"json\\\"\",quantile=\"0.99\"} 0.002047\n"))
        #expect(text.contains("galley_stage_latency_seconds_count{stage=\"cleanup\"} 3\n"))
        #expect(text.contains("galley_stage_latency_seconds_sum{stage=\"cleanup\"} 0.25\n"))
        #expect(text.contains("galley_stage_latency_max_seconds{stage=\"cleanup\"} 0.013001\n"))
        #expect(text.contains("galley_run_documents 3\n"))
    }
}
