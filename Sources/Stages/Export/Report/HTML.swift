import Foundation

/// Escaping and number formatting shared by the report and its chart.
enum HTML {
    /// Text safe inside an element or a double-quoted attribute.
    /// `text` escaped, with a line-break opportunity (`<wbr>`) after every `_`, `-`, `.` and `/`,
    /// so that a long id or path wraps between its parts rather than in the middle of a word.
    static func breakable(_ text: String) -> String {
        var html = ""
        for character in text {
            html += escape(String(character))
            if character == "_" || character == "-" || character == "." || character == "/" { html += "<wbr>" }
        }
        return html
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// How the report writes numbers: few digits, units people read.
enum Format {
    /// `0.042 ms`, `3.18 ms`, `61.2 ms`, `412 ms`, `12.4 s`.
    static func milliseconds(_ value: Double) -> String {
        if value == 0 { return "0 ms" }
        if value >= 10_000 { return decimal(value / 1000, places: 1) + " s" }
        return decimal(value, places: value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0) + " ms"
    }

    /// A number of milliseconds without its unit (for columns whose header says `ms`).
    static func millisecondsNumber(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value >= 1000 { return grouped(Int(value.rounded())) }
        return decimal(value, places: value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0)
    }

    /// Seconds as milliseconds below one second.
    static func seconds(_ value: Double) -> String {
        value < 1 ? milliseconds(value * 1000) : decimal(value, places: value < 100 ? 2 : 0) + " s"
    }

    /// `812 B`, `4.1 kB`, `12.6 MB` (powers of 1000).
    static func bytes(_ value: Int) -> String {
        let value = Double(value)
        if value < 1000 { return "\(Int(value)) B" }
        if value < 1_000_000 { return decimal(value / 1000, places: 1) + " kB" }
        if value < 1_000_000_000 { return decimal(value / 1_000_000, places: 1) + " MB" }
        return decimal(value / 1_000_000_000, places: 2) + " GB"
    }

    /// A rate with about three significant digits: `0.412`, `41.2`, `4,120`.
    static func rate(_ value: Double) -> String {
        if value >= 1000 { return grouped(Int(value.rounded())) }
        return decimal(value, places: value < 1 ? 3 : value < 10 ? 2 : value < 100 ? 1 : 0)
    }

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { result += "," }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }

    static func decimal(_ value: Double, places: Int) -> String {
        guard value.isFinite else { return "—" }
        return String(format: "%.\(places)f", value)
    }

    /// `2026-11-27 21:40:12 UTC`.
    static func timestamp(_ date: Date) -> String {
        date.ISO8601Format().replacingOccurrences(of: "T", with: " ").replacingOccurrences(of: "Z", with: " UTC")
    }
}
