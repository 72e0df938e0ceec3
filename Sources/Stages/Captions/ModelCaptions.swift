import GalleyCore
import GalleyText

/// The lines of a document's text that the line-role model reads as a caption with probability
/// ``confidence`` or more: the roles `dehyphenate` handed on (``PageRoles``, one per joined
/// paragraph), or the model's reading of the text when none were handed on for it.
///
/// A paragraph of a section body is a caption by the model when every line of it is one of these
/// lines: the caption ends where the model reads the next line as another role (body, a heading).
struct ModelCaptions: Sendable {
    /// The least probability of `caption` at which a line is taken.
    static let confidence: Float = 0.9

    private var lines: Set<Substring> = []

    init() {}

    /// The caption lines of `text`, from `handedOn` when given, else from `tagger`. The model is not
    /// run on a text of fewer than ``LineRoleLayout/minimumLines`` lines (as `sections`).
    init(_ text: String, handedOn: PageRoles?, tagger: LineRoleTagger = .standard) {
        if let handedOn {
            let utf8 = text.utf8
            for (offset, read) in handedOn.roles where read.role == .caption && read.confidence >= Self.confidence {
                guard offset < utf8.count else { continue }
                let start = utf8.index(utf8.startIndex, offsetBy: offset)
                let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
                lines.insert(Self.trimmed(text[start..<end]))
            }
            return
        }
        var text = text
        text.makeContiguousUTF8()
        let found: [(start: Int, end: Int)] = text.withUTF8 { bytes in
            let pageLines = PageLines.lines(of: bytes)
            guard pageLines.count >= LineRoleLayout.minimumLines else { return [] }
            let labels = tagger.roles(of: bytes, lines: pageLines)
            return pageLines.indices
                .filter { labels.roles[$0] == .caption && labels.confidence[$0] >= Self.confidence }
                .map { (pageLines[$0].start, pageLines[$0].end) }
        }
        let utf8 = text.utf8
        for line in found {
            lines.insert(Self.trimmed(text[utf8.index(utf8.startIndex, offsetBy: line.start)..<utf8.index(utf8.startIndex, offsetBy: line.end)]))
        }
    }

    var isEmpty: Bool { lines.isEmpty }

    /// Letters in a row that a caption the model alone finds must hold: the labels inside a figure
    /// (`22h`, `N N S`, `HO`, an axis's `T`) are read as caption lines too, but name nothing.
    static let wordLetters = 4

    /// Whether `paragraph` starts as a caption does, with no lowercase letter before its first capital,
    /// digit or letter without case (CJK): a paragraph opening in lowercase (`(d, J = 3.6 Hz, …`)
    /// goes on from the text before it.
    static func startsAsCaption(_ paragraph: Substring) -> Bool {
        for scalar in paragraph.unicodeScalars {
            if scalar.properties.isLowercase { return false }
            if scalar.properties.isAlphabetic || scalar.properties.numericType != nil { return true }
        }
        return false
    }

    /// Whether `scalar` ends a sentence (`.`, `!`, `?` and their full-width forms, `。`).
    static func endsSentence(_ scalar: Unicode.Scalar) -> Bool {
        ".!?。！？．".unicodeScalars.contains(scalar)
    }

    /// Whether `paragraph` holds a word (``wordLetters`` letters in a row, any script).
    static func hasWord(_ paragraph: Substring) -> Bool {
        var run = 0
        for scalar in paragraph.unicodeScalars {
            if scalar.properties.isAlphabetic {
                run += 1
                if run >= wordLetters { return true }
            } else {
                run = 0
            }
        }
        return false
    }

    /// Whether every line of `paragraph` is a line the model reads as a caption.
    func contains(_ paragraph: Substring) -> Bool {
        guard !lines.isEmpty else { return false }
        var any = false
        for line in paragraph.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = Self.trimmed(line)
            if line.isEmpty { continue }
            guard lines.contains(line) else { return false }
            any = true
        }
        return any
    }

    private static func trimmed(_ line: Substring) -> Substring {
        var line = line
        while let first = line.first, first == " " || first == "\t" || first == "\r" { line = line.dropFirst() }
        while let last = line.last, last == " " || last == "\t" || last == "\r" { line = line.dropLast() }
        return line
    }
}
