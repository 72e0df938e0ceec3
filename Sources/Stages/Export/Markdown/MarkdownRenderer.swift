import Foundation
import GalleyCore
import GalleyText

/// Renders a document as Markdown that reads like the printed page (`markdown/<id>.md`).
///
/// A front matter block carries the id, source and language. Then each section in order: the
/// kicker in italics above the title (`#`), the subtitle (`##`), the byline in italics, the
/// summary as a block quote, the body paragraphs, and the section's captions in italics with
/// their credit (`陆新 摄`, `(Photo: Jane Doe)`). Sections are separated by a rule; captions
/// that belong to no section come last. Fields no stage filled in are left out.
public enum MarkdownRenderer {
    public static func render(_ document: Document) -> String {
        var kept: [String] = []
        forEachBlock(of: document) { kept.append($0) }
        // Written into one string sized in advance: `joined` and then `+ "\n"` would hold
        // two more copies of a large document's text.
        var output = ""
        output.reserveCapacity(kept.reduce(1) { $0 + $1.utf8.count + 2 })
        for (index, block) in kept.enumerated() {
            if index > 0 { output += "\n\n" }
            output += block
        }
        output += "\n"
        return output
    }

    /// Writes ``render(_:)``'s bytes to `sink` a block at a time, through a buffer of fixed
    /// size: a large document's Markdown is never held whole, nor its paragraphs all at once.
    public static func write(_ document: Document, to sink: ByteSink) {
        var writer = BufferedSinkWriter(sink)
        var first = true
        forEachBlock(of: document) { block in
            if !first { writer.write("\n\n") }
            first = false
            writer.write(block)
        }
        writer.write("\n")
        writer.finish()
    }

    /// Calls `body` with each non-empty block of the document's Markdown, in order; blocks are
    /// separated by a blank line.
    static func forEachBlock(of document: Document, _ body: (String) -> Void) {
        let sections = document.effectiveSections
        let style = CreditStyle(document)
        func emit(_ block: String) { if !block.isEmpty { body(block) } }
        emit(frontMatter(document))
        // The captions of every section, gathered in one pass (a page can have thousands of both).
        var captionsBySection = Array(repeating: [Caption](), count: sections.count)
        var loose: [Caption] = []
        for caption in document.captions {
            if let section = caption.section, sections.indices.contains(section) {
                captionsBySection[section].append(caption)
            } else {
                loose.append(caption)
            }
        }
        for (position, section) in sections.enumerated() {
            if position > 0 { emit("---") }
            sectionBlocks(section, style: style, emit)
            for caption in captionsBySection[position] { emit(captionBlock(caption, style: style)) }
        }
        if !loose.isEmpty {
            emit("---")
            for caption in loose { emit(captionBlock(caption, style: style)) }
        }
    }

    static func frontMatter(_ document: Document) -> String {
        var lines = ["---", "id: " + yamlString(document.id), "source: " + yamlString(document.source)]
        if let language = document.language { lines.append("language: " + yamlString(language)) }
        lines.append("---")
        return lines.joined(separator: "\n")
    }

    /// Calls `emit` with the section's blocks in order (empty ones too); paragraphs are made
    /// one at a time.
    static func sectionBlocks(_ section: Section, style: CreditStyle, _ emit: (String) -> Void) {
        if let kicker = nonEmpty(section.kicker) { emit("*" + MarkdownText.inline(kicker) + "*") }
        if let title = nonEmpty(section.title) { emit("# " + MarkdownText.inline(title)) }
        if let subtitle = nonEmpty(section.subtitle) { emit("## " + MarkdownText.inline(subtitle)) }
        if let byline = nonEmpty(section.byline) { emit("*" + MarkdownText.inline(style.byline(byline)) + "*") }
        if let summary = section.summary?.compactMap(nonEmpty), !summary.isEmpty {
            emit("> " + MarkdownText.inline(summary.joined(separator: style.sentenceSeparator)))
        }
        forEachParagraph(of: section.text) { emit(MarkdownText.paragraph($0)) }
    }

    static func captionBlock(_ caption: Caption, style: CreditStyle) -> String {
        var text = nonEmpty(caption.text) ?? ""
        if let label = nonEmpty(caption.label), !text.hasPrefix(label) { text = label + ": " + text }
        var block = text.isEmpty ? "" : "*" + MarkdownText.inline(text) + "*"
        if let credit = nonEmpty(caption.credit) {
            block += (block.isEmpty ? "" : " ") + MarkdownText.inline(style.credit(credit, kind: caption.kind))
        }
        return block
    }

    /// The text's paragraphs (split at blank lines), trimmed, without the empty ones. Splits on
    /// UTF-8 bytes and trims only the ends of each piece: Foundation's `components(separatedBy:)`
    /// and `trimmingCharacters(in:)` bridge the whole text and took seconds on a 20 MB page.
    static func paragraphs(_ text: String) -> [String] {
        var paragraphs: [String] = []
        forEachParagraph(of: text) { paragraphs.append($0) }
        return paragraphs
    }

    /// Calls `body` with each of ``paragraphs(_:)``, one at a time.
    static func forEachParagraph(of text: String, _ body: (String) -> Void) {
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index != utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == UInt8(ascii: "\n"), next != utf8.endIndex, utf8[next] == UInt8(ascii: "\n") {
                if let paragraph = nonEmpty(text[start..<index]) { body(paragraph) }
                index = utf8.index(after: next)
                start = index
            } else {
                index = next
            }
        }
        if let paragraph = nonEmpty(text[start...]) { body(paragraph) }
    }

    /// `text` without the whitespace and line breaks at its ends, or nil when nothing is left.
    /// Only the ends are read (Foundation's `trimmingCharacters(in:)` bridges the whole text).
    static func nonEmpty(_ text: Substring) -> String? {
        let isSpace = { (scalar: Unicode.Scalar) in CharacterSet.whitespacesAndNewlines.contains(scalar) }
        guard let first = text.unicodeScalars.firstIndex(where: { !isSpace($0) }),
              let last = text.unicodeScalars.lastIndex(where: { !isSpace($0) }) else { return nil }
        return String(text[first...last])
    }

    static func nonEmpty(_ text: String?) -> String? {
        text.flatMap { nonEmpty($0[...]) }
    }

    static func yamlString(_ text: String) -> String {
        OrderedJSON.string(text).serialized()
    }
}

/// How bylines, credits and summaries are written: the way Chinese and Japanese papers print
/// them (`记者 王兴法`, `陆新 摄`, sentences run together), or the way English ones do
/// (`By Jane Doe`, `(Photo: Jane Doe)`, sentences separated by a space).
struct CreditStyle {
    let isCJK: Bool

    init(_ document: Document) {
        if let language = document.language?.lowercased() {
            isCJK = ["zh", "ja", "ko"].contains { language == $0 || language.hasPrefix($0 + "-") }
        } else {
            var cjk = 0
            var other = 0
            for scalar in document.text.unicodeScalars.prefix(4000) {
                let script = Script(scalar)
                if script.isCJK { cjk += 1 } else if script != .other { other += 1 }
            }
            isCJK = cjk > other
        }
    }

    var sentenceSeparator: String { isCJK ? "" : " " }

    func byline(_ byline: String) -> String {
        if isCJK || byline.lowercased().hasPrefix("by ") { return byline }
        return "By " + byline
    }

    func credit(_ credit: String, kind: String?) -> String {
        if isCJK { return credit + " 摄" }
        switch kind {
        case "figure", "table": return "(Source: \(credit))"
        default: return "(Photo: \(credit))"
        }
    }
}
