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
        family("galley_stage_documents_in_total", "counter", "Documents that entered the stage.", perStage { Double($0.documentsIn) })
        family("galley_stage_documents_out_total", "counter", "Documents the stage passed on.", perStage { Double($0.documentsOut) })
        family("galley_stage_failed_total", "counter", "Documents that failed in the stage.", perStage { Double($0.failed) })
        family("galley_stage_dropped_total", "counter", "Documents the stage dropped.", perStage { Double($0.dropped) })
        family("galley_stage_bytes_in_total", "counter", "UTF-8 bytes of text that entered the stage.", perStage { Double($0.bytesIn) })
        family("galley_stage_bytes_out_total", "counter", "UTF-8 bytes of text the stage passed on.", perStage { Double($0.bytesOut) })
        family("galley_stage_busy_seconds_total", "counter", "Seconds spent inside the stage.", perStage { $0.busySeconds })
        family("galley_stage_wait_seconds_total", "counter", "Seconds documents waited in front of the stage.", perStage { $0.waitSeconds })
        var quantiles: [(labels: String, value: Double)] = []
        for stage in metrics.stages {
            for (quantile, value) in [("0.5", stage.latencyMilliseconds.p50), ("0.95", stage.latencyMilliseconds.p95),
                                      ("0.99", stage.latencyMilliseconds.p99), ("1", stage.latencyMilliseconds.max)] {
                quantiles.append((labels: "stage=\"\(escape(stage.stage))\",quantile=\"\(quantile)\"", value: value / 1000))
            }
        }
        family("galley_stage_latency_seconds", "gauge", "Latency of one document in the stage, by quantile.", quantiles)
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
            family("galley_document_counter_total", "counter", "Stage counters summed over the documents of the last run.",
                   metrics.counters.keys.sorted().map { (labels: "name=\"\(escape($0))\"", value: metrics.counters[$0]!) })
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ label: String) -> String {
        label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
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
