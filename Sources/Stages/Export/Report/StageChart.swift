import GalleyCore

/// The report's bar chart, drawn as inline SVG: for every stage, the time spent inside it
/// (busy seconds, with its share of the pipeline's total) and its throughput (documents per
/// busy second, and megabytes per busy second).
///
/// The drawing is 360 units wide and scales with the page, so its text stays readable from a
/// phone (about 1:1) to a desktop (where the page's CSS caps it at 480 pixels). The values
/// stand in a right-aligned column, so a long bar never pushes its label out of the picture.
enum StageChart {
    static let width = 360.0
    static let labelRoom = 112.0
    static let rowHeight = 54.0
    static let top = 8.0

    static func svg(_ stages: [StageMetrics]) -> String {
        let height = top + Double(max(stages.count, 1)) * rowHeight
        var svg = """
            <svg class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" \
            aria-label="Time and throughput of each stage" xmlns="http://www.w3.org/2000/svg">
            """
        if stages.isEmpty {
            svg += #"<text x="0" y="24" class="note">No stage ran.</text></svg>"#
            return svg
        }
        let totalBusy = stages.reduce(0) { $0 + $1.busySeconds }
        let maxBusy = stages.map(\.busySeconds).max() ?? 0
        let rates = stages.map(throughput)
        let maxRate = rates.compactMap { $0 }.max() ?? 0
        let barRoom = width - labelRoom
        for (index, stage) in stages.enumerated() {
            let y = top + Double(index) * rowHeight
            let busyWidth = length(stage.busySeconds, of: maxBusy, in: barRoom)
            let share = totalBusy > 0 ? stage.busySeconds / totalBusy * 100 : 0
            let timeLabel = "\(Format.seconds(stage.busySeconds)) · \(Format.decimal(share, places: 0))%"
            var rateLabel = "—"
            var rateWidth = 0.0
            if let rate = rates[index] {
                rateWidth = length(rate, of: maxRate, in: barRoom)
                rateLabel = "\(Format.rate(rate)) docs/s"
            }
            let name = stage.stage == stage.use ? stage.stage : "\(stage.stage) (\(stage.use))"
            let valueX = f(width)
            svg += """
                <g><title>\(HTML.escape(name)): \(HTML.escape(timeLabel)) busy, \(HTML.escape(rateLabel))</title>\
                <text x="0" y="\(f(y + 12))" class="stage">\(HTML.escape(String(name.prefix(44))))</text>\
                <rect x="0" y="\(f(y + 18))" width="\(f(busyWidth))" height="13" rx="2" class="bar-time"/>\
                <text x="\(valueX)" y="\(f(y + 29))" text-anchor="end" class="value">\(HTML.escape(timeLabel))</text>\
                <rect x="0" y="\(f(y + 34))" width="\(f(rateWidth))" height="13" rx="2" class="bar-rate"/>\
                <text x="\(valueX)" y="\(f(y + 45))" text-anchor="end" class="value">\(HTML.escape(rateLabel))</text></g>
                """
        }
        return svg + "</svg>"
    }

    /// Documents per busy second, or nil when the stage took no measurable time.
    static func throughput(_ stage: StageMetrics) -> Double? {
        stage.busySeconds > 0 ? Double(stage.documentsIn) / stage.busySeconds : nil
    }

    /// A bar for `value` against the largest value; at least a sliver when it is not zero.
    static func length(_ value: Double, of largest: Double, in room: Double) -> Double {
        guard largest > 0, value > 0 else { return 0 }
        return max(2, value / largest * room)
    }

    static func f(_ value: Double) -> String { Format.decimal(value, places: 1) }
}
