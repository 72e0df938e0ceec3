import GalleyCore

/// The report's bar chart, in HTML and CSS: for every stage, the time spent inside it (busy
/// seconds, with its share of the pipeline's total) and its throughput (documents per busy
/// second).
///
/// Bars are percentages of the widest, so the chart fills its card at every width, from a
/// phone to a desktop, while its text keeps the page's size. Each value stands to the right of
/// its bar's track, so a long bar never covers it.
enum StageChart {
    static func html(_ stages: [StageMetrics]) -> String {
        guard !stages.isEmpty else { return #"<p class="note">No stage ran.</p>"# }
        let totalBusy = stages.reduce(0) { $0 + $1.busySeconds }
        let maxBusy = stages.map(\.busySeconds).max() ?? 0
        let rates = stages.map(throughput)
        let maxRate = rates.compactMap { $0 }.max() ?? 0
        var html = #"<div class="chart" role="img" aria-label="Time and throughput of each stage">"#
        for (index, stage) in stages.enumerated() {
            let share = totalBusy > 0 ? stage.busySeconds / totalBusy * 100 : 0
            let timeLabel = "\(Format.seconds(stage.busySeconds)) · \(Format.decimal(share, places: 0))%"
            var rateLabel = "—"
            var rateShare = 0.0
            if let rate = rates[index] {
                rateShare = percent(rate, of: maxRate)
                rateLabel = "\(Format.rate(rate)) docs/s"
            }
            let name = stage.stage == stage.use ? stage.stage : "\(stage.stage) (\(stage.use))"
            html += """
                <div class="row" title="\(HTML.escape(name)): \(HTML.escape(timeLabel)) busy, \(HTML.escape(rateLabel))">\
                <div class="stage">\(HTML.escape(name))</div>\
                \(bar("time", percent(stage.busySeconds, of: maxBusy), timeLabel))\
                \(bar("rate", rateShare, rateLabel))</div>
                """
        }
        return html + "</div>"
    }

    static func bar(_ kind: String, _ share: Double, _ label: String) -> String {
        #"<div class="bar"><div class="track"><span class="bar-\#(kind)" style="width:\#(Format.decimal(share, places: 1))%"></span></div>"#
            + #"<span class="value">\#(HTML.escape(label))</span></div>"#
    }

    /// Documents per busy second, or nil when the stage took no measurable time.
    static func throughput(_ stage: StageMetrics) -> Double? {
        stage.busySeconds > 0 ? Double(stage.documentsIn) / stage.busySeconds : nil
    }

    /// A bar for `value` as a percentage of the largest value; at least a sliver when it is not zero.
    static func percent(_ value: Double, of largest: Double) -> Double {
        guard largest > 0, value > 0 else { return 0 }
        return max(0.5, value / largest * 100)
    }
}
