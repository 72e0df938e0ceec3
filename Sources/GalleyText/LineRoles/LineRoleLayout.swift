/// A page laid out as the line-role model reads it, for rules that work on blank-line blocks
/// (`sections`, and `dehyphenate`, which must not join a headline to the paragraph before it): a
/// blank line put wherever a headline, deck, byline, caption, credit, front-matter or furniture line
/// meets a line of another role without one (raw PDF text and OCR print no blank lines), furniture lines
/// taken out when asked, and the role of every line kept by where its text starts.
public struct LineRoleLayout: Sendable {
    /// The page: the source itself when the model changed nothing.
    public var text: String
    /// The model's role of each non-blank line of ``text`` and its probability, by the UTF-8 offset
    /// where the line's text starts.
    public var roles: [Int: (role: LineRole, confidence: Float)]
    /// The lines of ``text`` that `removingFurniture` takes out (the model reads them as furniture at
    /// ``furnitureConfidence`` or more, and they show a sign of it by themselves), by the UTF-8 offset
    /// where the line's text starts; empty when they were taken out.
    public var furniture: Set<Int> = []
    /// Lines of ``text`` whose first line followed the line before it on the page the model read with
    /// no blank line between (one block there), handed on by ``PageRoles/continued``; empty when the
    /// model read ``text`` itself.
    public var continued: Set<Int> = []

    /// Pages of fewer non-blank lines are left to the rules: the model reads a line by the lines
    /// around it and its place on the page, which a page of a few lines does not show.
    public static let minimumLines = 8

    /// The least probability of a standing-apart role (``standsApart(_:)``) at which a blank line is put.
    public static let breakConfidence: Float = 0.8

    /// The least probability at which a line the model reads as furniture is taken out (when it
    /// also shows a sign of furniture by itself: ``LineFeatureExtractor/hasFurnitureSignal(_:_:)``).
    public static let furnitureConfidence: Float = 0.9

    /// Roles that stand apart from the lines around them (furniture too: a masthead or a running
    /// head joined into the headline or paragraph beside it would reach a title or a body).
    public static func standsApart(_ role: LineRole) -> Bool {
        switch role {
        case .title, .kicker, .subtitle, .byline, .subhead, .caption, .credit, .front: true
        default: false
        }
    }

    /// A Latin heading in sentence case, whole: two words or more, the first capitalized, a later word
    /// of four letters or more in lower case that is not a function word, and no function word,
    /// comma or hyphen at its end (`Theoretical background`; not a Title Case headline,
    /// `Bomb Factory In New York City`, nor a line that runs on, `THE PASSING OF`).
    static func isSentenceCaseHeading(_ head: [Unicode.Scalar]) -> Bool {
        guard head.count < 40, let first = head.first, first.properties.isUppercase,
              let last = head.last, last != ",", last != "-" else { return false }
        let words = head.split(separator: " ").map { String(String.UnicodeScalarView($0)) }
        guard words.count >= 2, let final = words.last, !functionWords.contains(final.lowercased()) else { return false }
        return words.dropFirst().contains { word in
            word.count >= 4 && word.unicodeScalars.allSatisfy({ $0.properties.isLowercase }) && !functionWords.contains(word)
        }
    }

    static let functionWords: Set<String> = ["of", "the", "to", "and", "in", "on", "for", "at", "by", "a", "an", "with", "from",
                                             "into", "over", "upon", "is", "as", "or", "that", "this", "their", "its"]

    /// The least length (in scalars) of a line of running text below a heading.
    static let proseLength = 40

    /// The first scalars of a line (at most 40), for the features' tests of a heading.
    static func head(_ bytes: UnsafeBufferPointer<UInt8>, _ line: PageLine) -> [Unicode.Scalar] {
        var scalars: [Unicode.Scalar] = []
        var offset = line.start
        while offset < line.end, scalars.count < 40 {
            let (scalar, length) = UTF8Scalars.decode(bytes, at: offset)
            scalars.append(scalar)
            offset += max(length, 1)
        }
        return scalars
    }

    /// The least probability of `title` at which a line in capitals (``isCapitalsLine(_:_:)``) or a
    /// section's name (`Discussion`) stands apart.
    public static let capitalsConfidence: Float = 0.5

    /// A line of two words or more in Latin capitals (eight letters at least, none in lower case)
    /// that does not run on (no comma or hyphen at its end): `TAKE CONVICTS TO PRISON`.
    static func isCapitalsLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: PageLine) -> Bool {
        var letters = 0
        var spaces = 0
        var last: UInt8 = 0
        for index in line.start..<line.end {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"): return false
            case UInt8(ascii: " "): spaces += 1
            default: if byte >= 0x80 { return false }
            }
            if byte != UInt8(ascii: " ") { last = byte }
        }
        return letters >= 8 && spaces >= 1 && last != UInt8(ascii: ",") && last != UInt8(ascii: "-")
    }

    /// The most lines of a headline in capitals that ``markCapitalsHeadlines(_:_:roles:confidence:)`` reads as one.
    static let maxCapitalsRun = 3
    /// The least length (in scalars) of a line of running text next to a headline in capitals (an OCR
    /// column is 25 characters wide or more).
    static let minimumRunningLine = 16

    /// Lines in capitals (``isCapitalsLine(_:_:)``) that the model reads as running text, in a run of
    /// at most ``maxCapitalsRun`` between running text on both sides, are a headline's lines (`title`
    /// at ``capitalsConfidence``) on a page whose lines are mostly not in capitals: an OCR front page
    /// runs each headline between two stories, with nothing but its capitals to tell it, and the model
    /// misses some (`ENTERTAINS PASTIME CLUB` at `body` 0.43).
    static func markCapitalsHeadlines(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: [PageLine], roles: inout [LineRole],
                                      confidence: inout [Float]) {
        let capitals = lines.map { isCapitalsLine(bytes, $0) }
        let count = capitals.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard count > 0, count * 4 < lines.count else { return }
        var index = 0
        while index < lines.count {
            guard capitals[index] else { index += 1; continue }
            var end = index
            while end < lines.count, capitals[end] { end += 1 }
            // (Running text: a line of the body the model reads as such, not a section number printed
            // apart, `2` over `MATERIALS AND METHODS`, which goes with its heading.)
            if end - index <= maxCapitalsRun, index > 0, end < lines.count,
               roles[index - 1] == .body, roles[end] == .body, roles[index..<end].allSatisfy({ $0 == .body }),
               lines[index - 1].scalars >= minimumRunningLine, lines[end].scalars >= minimumRunningLine {
                for member in index..<end {
                    roles[member] = .title
                    confidence[member] = capitalsConfidence
                }
            }
            index = end
        }
    }

    /// Whether fewer than half of the lines end a sentence (`.`, `。`, `!`, `?`, closing quotes and brackets skipped).
    static func isHardWrapped(_ bytes: UnsafeBufferPointer<UInt8>, _ lines: [PageLine]) -> Bool {
        var ends = 0
        for line in lines {
            var end = line.end
            while end > line.start {
                var first = end - 1
                while first > line.start, bytes[first] & 0xC0 == 0x80 { first -= 1 }
                let scalar = UTF8Scalars.decode(bytes, at: first).0
                switch scalar {
                case "\u{201D}", "\u{2019}", "\"", "'", ")", "\u{FF09}", "\u{300D}", "\u{300F}": end = first; continue
                case ".", "!", "?", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{2026}": ends += 1
                default: break
                }
                break
            }
        }
        return ends * 2 < lines.count
    }

    /// The layout of `source`; `removingFurniture` drops the lines the model reads as furniture
    /// (running heads, page and edition lines, page numbers), which then count as a blank line.
    ///
    /// `longestDecisive` is the longest line (in scalars) whose role the caller acts on. The model
    /// is not run on a page it can change nothing on: one whose lines are all longer than that and
    /// that is not hard-wrapped (so no break is put in; and a furniture line is short). Its text is
    /// the source and ``roles`` is empty, as for a page of a few lines.
    public init(_ source: String, tagger: LineRoleTagger = .standard, removingFurniture: Bool = true,
                longestDecisive: Int = .max) {
        var source = source
        source.makeContiguousUTF8()
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        var furniture: Set<Int> = []
        var rewritten: [UInt8]?
        source.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            guard lines.count >= Self.minimumLines else { return }
            let wrapped = Self.isHardWrapped(bytes, lines)
            guard wrapped || lines.contains(where: { $0.scalars <= longestDecisive }) else { return }
            let labelled = tagger.roles(of: bytes, lines: lines)
            roles.reserveCapacity(lines.count)
            var found = labelled.roles
            var confidence = labelled.confidence
            if wrapped { Self.markCapitalsHeadlines(bytes, lines, roles: &found, confidence: &confidence) }
            let furnitureLines = lines.indices.map { index in
                found[index] == .furniture && confidence[index] >= Self.furnitureConfidence
                    && LineFeatureExtractor.hasFurnitureSignal(bytes, lines[index])
            }
            let isFurniture = removingFurniture ? furnitureLines : lines.map { _ in false }
            // A line stands apart when the model is sure enough of a role that does, on a page of
            // hard-wrapped lines (most lines do not end a sentence). A page printed one paragraph a
            // line is left as it is: the rules split it line by line already, and smaller blocks
            // would hide that from them.
            // (A headline in capitals stands apart at a lower probability: OCR front pages run it
            // between two paragraphs with nothing else to tell it.)
            // Running text within two lines below (not a table's header cells: `Method` /
            // `Structural similarity` / `Sequence similarity`).
            func proseFollows(_ index: Int) -> Bool {
                var next = index + 1
                while next < lines.count, next <= index + 2, found[next] == .title { next += 1 }
                return next < lines.count && found[next] != .title && lines[next].scalars >= Self.proseLength
            }
            var apart = lines.indices.map { index in
                guard wrapped, Self.standsApart(found[index]) else { return false }
                return confidence[index] >= Self.breakConfidence
                    || (found[index] == .title && confidence[index] >= Self.capitalsConfidence
                        && (Self.isCapitalsLine(bytes, lines[index])
                            || (LineFeatureExtractor.isSectionName(Self.head(bytes, lines[index])) && proseFollows(index))))
            }
            // Two headings on consecutive lines of a paper are two headings: a section's name over its
            // first subsection's (`Results` / `Patient characteristics`), a heading in sentence case over
            // another (`Theoretical background` / `Aeolian sediment transport`), or a heading over a
            // numbered one (`3 METHOD` / `3.1 Time-scales searched`). (Other headline lines stay together:
            // `sections` joins or splits them; so do two lines a blank line sets apart as one block.)
            let splitsTitles = lines.indices.map { index in
                index > 0 && wrapped && found[index] == .title && found[index - 1] == .title && apart[index] && apart[index - 1]
                    && !lines[index].blankBefore && !lines[index - 1].blankBefore && proseFollows(index)
                    && (LineFeatureExtractor.isSectionName(Self.head(bytes, lines[index - 1]))
                        || Self.isSentenceCaseHeading(Self.head(bytes, lines[index - 1]))
                        || LineFeatureExtractor.numbering(Self.head(bytes, lines[index])) != nil)
            }
            // The lines of one run of a role (a headline set on two lines, a deck on three) stand
            // apart together when the model is sure of one of them: `THE PASSING OF` (0.79) goes
            // with `AN OLD SETTLER` (0.97), not into the paragraph above.
            var runStart = 0
            for index in lines.indices {
                let runEnds = index + 1 == lines.count || lines[index + 1].blankBefore || found[index + 1] != found[index]
                guard runEnds else { continue }
                if apart[runStart...index].contains(true) {
                    for member in runStart...index { apart[member] = true }
                }
                runStart = index + 1
            }
            // Whether anything changes: a furniture line, or a break to put in.
            var changes = false
            for index in lines.indices {
                if isFurniture[index] { changes = true; break }
                if splitsTitles[index] || (index > 0 && !lines[index].blankBefore && found[index] != found[index - 1] && (apart[index] || apart[index - 1])) {
                    changes = true
                    break
                }
            }
            guard changes else {
                for index in lines.indices {
                    roles[lines[index].start] = (found[index], confidence[index])
                    if furnitureLines[index] { furniture.insert(lines[index].start) }
                }
                return
            }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + lines.count)
            var previous: LineRole?
            var previousApart = false
            var skipped = false
            for (index, line) in lines.enumerated() {
                let role = found[index]
                if isFurniture[index] {
                    skipped = true
                    continue
                }
                if let previous {
                    output.append(0x0A)
                    if line.blankBefore || skipped || (role != previous && (apart[index] || previousApart)) || splitsTitles[index] {
                        output.append(0x0A)
                    }
                }
                roles[output.count + (line.start - line.rawStart)] = (role, confidence[index])
                if furnitureLines[index] { furniture.insert(output.count + (line.start - line.rawStart)) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line.rawStart..<line.end]))
                previous = role
                previousApart = apart[index]
                skipped = false
            }
            rewritten = output
        }
        text = rewritten.map { String(decoding: $0, as: UTF8.self) } ?? source
        self.roles = roles
        self.furniture = furniture
    }

    /// The layout of `source` from roles an earlier reading handed on (``PageRoles``, which describe
    /// `source` line by line), without running the model: the lines it marks as furniture are taken
    /// out when `removingFurniture` (and count as a blank line); no break is put in (the lines are
    /// set apart as the earlier reading left them).
    public init(_ source: String, handedOn page: PageRoles, removingFurniture: Bool = true) {
        guard removingFurniture, !page.furniture.isEmpty else {
            text = source
            roles = page.roles
            furniture = page.furniture
            continued = page.continued
            return
        }
        var source = source
        source.makeContiguousUTF8()
        var roles: [Int: (role: LineRole, confidence: Float)] = [:]
        roles.reserveCapacity(page.roles.count)
        var continued: Set<Int> = []
        let output: [UInt8] = source.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count)
            var skipped = false
            for line in PageLines.lines(of: bytes) {
                if page.furniture.contains(line.start) {
                    skipped = true
                    continue
                }
                if !output.isEmpty {
                    output.append(0x0A)
                    if line.blankBefore || skipped { output.append(0x0A) }
                }
                if let role = page.roles[line.start] { roles[output.count + (line.start - line.rawStart)] = role }
                if !skipped, page.continued.contains(line.start) { continued.insert(output.count + (line.start - line.rawStart)) }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line.rawStart..<line.end]))
                skipped = false
            }
            return output
        }
        text = String(decoding: output, as: UTF8.self)
        self.roles = roles
        self.continued = continued
    }
}

/// The line-role model's reading of a page, handed from the stage that read it to a later one
/// (`dehyphenate` to `sections`, through ``GalleyCore/TextNotes``), so that the model runs once: the
/// role of each line of the text it describes, by the UTF-8 offset where the line's text starts
/// (after its layout spaces), and the lines that are furniture to take out.
///
/// The text it describes may be a rewriting of the page the model read (`dehyphenate` joins broken
/// lines): each line of it then carries the role of the page's line it begins with.
public struct PageRoles: Sendable {
    public var roles: [Int: (role: LineRole, confidence: Float)]
    /// Lines made only of lines the model reads as furniture to take out (``LineRoleLayout/furniture``).
    public var furniture: Set<Int>
    /// Lines whose first line came right after the line before it on the page the model read (no
    /// blank line between, and none put in by the model): the rewriting, not the page, set them apart.
    public var continued: Set<Int>

    public init(roles: [Int: (role: LineRole, confidence: Float)], furniture: Set<Int> = [], continued: Set<Int> = []) {
        self.roles = roles
        self.furniture = furniture
        self.continued = continued
    }
}
