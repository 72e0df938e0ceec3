import GalleyText

/// A page as the line-role model reads it, for the heading rules: furniture lines taken out, a
/// blank line put wherever a headline, deck, byline, caption or front-matter line meets a line of
/// another role without one (raw PDF text and OCR print no blank lines), and the role of every
/// line kept by where it starts.
struct ModelLayout {
    /// The page to split: the source itself when the model changed nothing.
    var text: String
    /// The model's role of each non-blank line of ``text``, by the UTF-8 offset where its text starts.
    var roles: [Int: LineRole]

    /// Roles that stand apart from the lines around them.
    static func standsApart(_ role: LineRole) -> Bool {
        switch role {
        case .title, .kicker, .subtitle, .byline, .subhead, .caption, .credit, .front: true
        default: false
        }
    }

    init(_ source: String, tagger: LineRoleTagger) {
        var source = source
        source.makeContiguousUTF8()
        var roles: [Int: LineRole] = [:]
        var rewritten: [UInt8]?
        source.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            let found = tagger.roles(of: bytes, lines: lines)
            // Whether anything changes: a furniture line, or a break to put in.
            var changes = false
            for index in lines.indices {
                if found[index] == .furniture { changes = true; break }
                if index > 0, !lines[index].blankBefore, found[index] != found[index - 1],
                   Self.standsApart(found[index]) || Self.standsApart(found[index - 1]) {
                    changes = true
                    break
                }
            }
            guard changes else {
                for (line, role) in zip(lines, found) { roles[line.start] = role }
                return
            }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + lines.count)
            var previous: LineRole?
            var skipped = false
            for (line, role) in zip(lines, found) {
                if role == .furniture {
                    skipped = true
                    continue
                }
                if let previous {
                    output.append(0x0A)
                    if line.blankBefore || skipped || (role != previous && (Self.standsApart(role) || Self.standsApart(previous))) {
                        output.append(0x0A)
                    }
                }
                roles[output.count + (line.start - line.rawStart)] = role
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line.rawStart..<line.end]))
                previous = role
                skipped = false
            }
            rewritten = output
        }
        text = rewritten.map { String(decoding: $0, as: UTF8.self) } ?? source
        self.roles = roles
    }
}
