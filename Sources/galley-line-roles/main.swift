// galley-line-roles: the line-role model's training and inspection tool.
//
//   galley-line-roles features < pages.jsonl > features.tsv
//       Each input line is a page, {"lines": ["text", …], "labels": ["title", …]} (a blank line has
//       the label ""). Writes, for every non-blank line, its label and its features (the same
//       code the stages run), separated by tabs; a blank line between pages. The trainer
//       (scripts/train/train_line_roles.py) reads this.
//   galley-line-roles speed FILE …
//       Lays the files out with the model (LineRoleLayout) and prints MB/s of CPU time.
//   galley-line-roles layout FILE …
//       Prints the files as LineRoleLayout lays them out for the rules (what `sections` splits).
//   galley-line-roles tag FILE …
//       Prints every non-blank line of each file with the role the committed model gives it.
//   galley-line-roles dump FILE …
//       Prints every non-blank line's offset, role and probability (its bits), and the layouts'
//       roles and texts, exactly: two builds that print the same read the pages the same.
import Foundation
import GalleyText

func writeOut(_ text: String) {
    FileHandle.standardOutput.write(text.data(using: .utf8)!)
}

func features() throws {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    var output = ""
    output.reserveCapacity(data.count * 8)
    for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
        guard let page = try JSONSerialization.jsonObject(with: line) as? [String: Any],
              let texts = page["lines"] as? [String], let labels = page["labels"] as? [String], texts.count == labels.count else {
            throw ToolError(message: "a page must be {\"lines\": […], \"labels\": […]} of equal length")
        }
        var text = texts.joined(separator: "\n")
        // The non-blank lines' labels, in order.
        let kept = zip(texts, labels).filter { !$0.0.trimmingCharacters(in: .whitespaces).isEmpty }.map(\.1)
        text.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            guard lines.count == kept.count else {
                FileHandle.standardError.write("skipped a page: \(lines.count) lines found, \(kept.count) labelled\n".data(using: .utf8)!)
                return
            }
            var names = [[String]](repeating: [], count: lines.count)
            LineFeatureExtractor.features(of: bytes, lines: lines, names: true) { index, _, name in names[index].append(name!) }
            for (index, label) in kept.enumerated() {
                output += label
                for name in names[index] { output += "\t" + name }
                output += "\n"
            }
            output += "\n"
        }
    }
    writeOut(output)
}

func tag(_ paths: [String]) throws {
    let tagger = LineRoleTagger.standard
    for path in paths {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let (lines, labels) = tagger.roles(of: text)
        var output = ""
        for (index, line) in lines.enumerated() {
            output += labels.roles[index].rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)
                + String(format: "%.2f ", labels.confidence[index]) + String(text.substring(utf8: line.start, line.end)) + "\n"
        }
        writeOut(output)
    }
}

/// Every line's role and probability to the last bit, and what the layouts make of the page.
func dump(_ paths: [String]) throws {
    let tagger = LineRoleTagger.standard
    for path in paths {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var output = "# \(path)\n"
        let (lines, labels) = tagger.roles(of: text)
        for (index, line) in lines.enumerated() {
            output += "\(line.start) \(labels.roles[index].rawValue) \(String(labels.confidence[index].bitPattern, radix: 16))\n"
        }
        for layout in [LineRoleLayout(text), LineRoleLayout(text, removingFurniture: false, longestDecisive: 0)] {
            output += "layout \(layout.text.utf8.elementsEqual(text.utf8) ? "same" : layout.text.debugDescription)\n"
            for (start, read) in layout.roles.sorted(by: { $0.key < $1.key }) {
                output += "\(start) \(read.role.rawValue) \(String(read.confidence.bitPattern, radix: 16))\n"
            }
            output += "furniture \(layout.furniture.sorted())\n"
        }
        writeOut(output)
    }
}

/// Reads the files, then lays each out with the model `rounds` times: MB/s of CPU time.
func speed(_ paths: [String]) throws {
    let texts = try paths.map { try String(contentsOfFile: $0, encoding: .utf8) }
    let bytes = texts.reduce(0) { $0 + $1.utf8.count }
    let loadStart = clock()
    let features = LineRoleTagger.standard.model.featureCount
    let load = Double(clock() - loadStart) / Double(CLOCKS_PER_SEC)
    writeOut(String(format: "model: %d features, loaded in %.1f ms CPU\n", features, load * 1000))
    var lines = 0
    let start = clock()
    for text in texts { lines += LineRoleLayout(text).roles.count }
    let seconds = Double(clock() - start) / Double(CLOCKS_PER_SEC)
    writeOut(String(format: "%d files, %.1f MB, %d lines: %.3f s CPU, %.1f MB/s, %.2f µs a line\n",
                    texts.count, Double(bytes) / 1e6, lines, seconds, Double(bytes) / 1e6 / seconds, seconds * 1e6 / Double(lines)))
}

struct ToolError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    switch arguments.first {
    case "features": try features()
    case "tag": try tag(Array(arguments.dropFirst()))
    case "dump": try dump(Array(arguments.dropFirst()))
    case "speed": try speed(Array(arguments.dropFirst()))
    case "layout":
        for path in arguments.dropFirst() { writeOut(LineRoleLayout(try String(contentsOfFile: path, encoding: .utf8)).text) }
    default:
        FileHandle.standardError.write("usage: galley-line-roles features < pages.jsonl | tag FILE …\n".data(using: .utf8)!)
        exit(2)
    }
} catch {
    FileHandle.standardError.write("galley-line-roles: \(error)\n".data(using: .utf8)!)
    exit(1)
}
