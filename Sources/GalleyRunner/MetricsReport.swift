import Foundation
import GalleyCore

/// The run's metrics as Prometheus text and as the table printed at the end of a run.
public enum MetricsReport {
    /// The Prometheus text exposition format, for node_exporter's textfile collector.
    public static func prometheus(_ metrics: RunMetrics, lastSuccess: (timestamp: Date, duration: Double)?) -> String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ samples: [(labels: String, value: Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for sample in samples {
                lines.append("\(name)\(sample.labels.isEmpty ? "" : "{\(sample.labels)}") \(format(sample.value))")
            }
        }
        func perStage(_ value: (StageMetrics) -> Double) -> [(labels: String, value: Double)] {
            metrics.stages.map { (labels: "stage=\"\(escape($0.stage))\"", value: value($0)) }
        }
        // Every value describes the last run: gauges, not counters (a counter that starts again
        // at 0 every run would read as a reset to `rate()`), hence no `_total` suffixes.
        family("galley_stage_documents_in", "gauge", "Documents that entered the stage in the last run.", perStage { Double($0.documentsIn) })
        family("galley_stage_documents_out", "gauge", "Documents the stage passed on in the last run.", perStage { Double($0.documentsOut) })
        family("galley_stage_failed", "gauge", "Documents that failed in the stage in the last run.", perStage { Double($0.failed) })
        family("galley_stage_dropped", "gauge", "Documents the stage dropped in the last run.", perStage { Double($0.dropped) })
        family("galley_stage_bytes_in", "gauge", "UTF-8 bytes of text that entered the stage in the last run.", perStage { Double($0.bytesIn) })
        family("galley_stage_bytes_out", "gauge", "UTF-8 bytes of text the stage passed on in the last run.", perStage { Double($0.bytesOut) })
        family("galley_stage_busy_seconds", "gauge", "Seconds spent inside the stage in the last run.", perStage { $0.busySeconds })
        family("galley_stage_wait_seconds", "gauge", "Seconds documents waited in front of the stage in the last run.", perStage { $0.waitSeconds })
        // A summary: quantiles, then the sum (busy seconds) and the count (documents in).
        var summary: [(labels: String, value: Double)] = []
        var summaryTotals: [(labels: String, value: Double)] = []
        var summaryCounts: [(labels: String, value: Double)] = []
        for stage in metrics.stages {
            let label = "stage=\"\(escape(stage.stage))\""
            for (quantile, value) in [("0.5", stage.latencyMilliseconds.p50), ("0.95", stage.latencyMilliseconds.p95),
                                      ("0.99", stage.latencyMilliseconds.p99)] {
                summary.append((labels: "\(label),quantile=\"\(quantile)\"", value: seconds(milliseconds: value)))
            }
            summaryTotals.append((labels: label, value: stage.busySeconds))
            summaryCounts.append((labels: label, value: Double(stage.documentsIn)))
        }
        family("galley_stage_latency_seconds", "summary", "Seconds one document spent in the stage in the last run.", summary)
        for sample in summaryTotals { lines.append("galley_stage_latency_seconds_sum{\(sample.labels)} \(format(sample.value))") }
        for sample in summaryCounts { lines.append("galley_stage_latency_seconds_count{\(sample.labels)} \(format(sample.value))") }
        family("galley_stage_latency_max_seconds", "gauge", "The longest one document spent in the stage in the last run.",
               perStage { seconds(milliseconds: $0.latencyMilliseconds.max) })
        family("galley_run_documents", "gauge", "Documents in the last run.", [("", Double(metrics.documents))])
        family("galley_run_succeeded", "gauge", "Documents that went through every stage in the last run.", [("", Double(metrics.succeeded))])
        family("galley_run_failed", "gauge", "Documents quarantined in the last run.", [("", Double(metrics.failed))])
        family("galley_run_dropped", "gauge", "Documents dropped by a stage in the last run.", [("", Double(metrics.dropped))])
        family("galley_run_skipped", "gauge", "Inputs unchanged since an earlier run and not processed again.", [("", Double(metrics.skipped))])
        family("galley_run_wall_seconds", "gauge", "Wall-clock seconds of the last run.", [("", metrics.wallSeconds)])
        family("galley_run_end_timestamp_seconds", "gauge", "When the last run ended.", [("", metrics.end.timeIntervalSince1970)])
        if let lastSuccess {
            family("galley_run_last_success_timestamp_seconds", "gauge", "When the last run without failures ended.",
                   [("", lastSuccess.timestamp.timeIntervalSince1970)])
            family("galley_run_last_success_duration_seconds", "gauge", "Wall-clock seconds of the last run without failures.",
                   [("", lastSuccess.duration)])
        }
        if !metrics.counters.isEmpty {
            family("galley_document_counter", "gauge", "Stage counters summed over the documents of the last run.",
                   metrics.counters.keys.sorted().map { (labels: "name=\"\(escape($0))\"", value: metrics.counters[$0]!) })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// Seconds from latency milliseconds (whole microseconds, from the HdrHistogram), rounded to
    /// the nanosecond so that 0.12 ms reads `0.00012`, not `0.00011999999999999999`.
    static func seconds(milliseconds: Double) -> Double {
        guard milliseconds.isFinite else { return milliseconds }
        return (milliseconds * 1_000_000).rounded() / 1_000_000_000
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// The per-stage table printed on stderr at the end of a run.
    public static func table(_ metrics: RunMetrics) -> String {
        let header = ["stage", "in", "out", "failed", "dropped", "busy s", "wait s", "p50 ms", "p95 ms", "p99 ms", "max ms", "MB/s"]
        var rows: [[String]] = [header]
        for stage in metrics.stages {
            let throughput = stage.busySeconds > 0 ? Double(stage.bytesIn) / 1_000_000 / stage.busySeconds : 0
            rows.append([
                stage.stage, "\(stage.documentsIn)", "\(stage.documentsOut)", "\(stage.failed)", "\(stage.dropped)",
                fixed(stage.busySeconds, 3), fixed(stage.waitSeconds, 3),
                fixed(stage.latencyMilliseconds.p50, 2), fixed(stage.latencyMilliseconds.p95, 2),
                fixed(stage.latencyMilliseconds.p99, 2), fixed(stage.latencyMilliseconds.max, 2),
                fixed(throughput, 1),
            ])
        }
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = rows.map { row in
            row.enumerated().map { column, cell in
                column == 0 ? cell.padding(toLength: widths[column], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[column] - cell.count) + cell
            }.joined(separator: "  ")
        }.joined(separator: "\n")
        text += "\n" + summaryLine(metrics)
        return text
    }

    /// The run in one line.
    public static func summaryLine(_ metrics: RunMetrics) -> String {
        var text = "\(metrics.documents) documents: \(metrics.succeeded) succeeded, \(metrics.skipped) skipped (unchanged), "
            + "\(metrics.failed) failed, \(metrics.removed) removed"
        if metrics.dropped > 0 { text += ", \(metrics.dropped) dropped" }
        if metrics.interrupted { text += " (interrupted)" }
        return text + " in \(fixed(metrics.wallSeconds, 2)) s (\(fixed(metrics.documentsPerSecond, 1)) docs/s, \(fixed(metrics.megabytesPerSecond, 2)) MB/s)"
    }

    static func fixed(_ value: Double, _ digits: Int) -> String {
        String(format: "%.\(digits)f", value)
    }
}
