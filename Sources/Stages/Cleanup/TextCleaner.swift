import Foundation
import GalleyText

/// The rules of `cleanup`, in order, on one text: mojibake (line by line, before anything
/// removes the C1 characters it needs), characters, normalization, spaces and letter spacing
/// per line, page furniture, blank lines. Each step is one pass over the text or its lines.
struct TextCleaner: Sendable {
    enum Normalization: String, CaseIterable, Sendable {
        case nfc, nfkc, none
    }

    var normalization = Normalization.nfc
    var characters = CharacterFilter()
    var repairMojibake = true
    var letterSpacing = true
    var whitespace = true
    var pageFurniture = true
    let mojibake = MojibakeRepair()

    /// What one run of the cleaner changed.
    struct Counts: Sendable, Equatable {
        var mojibakeFixed = 0
        var controlsRemoved = 0
        var controlsReplaced = 0
        var invisibleRemoved = 0
        var privateUse = 0
        var ligatures = 0
        var fullwidth = 0
        var normalizedLines = 0
        var letterSpaced = 0
        var whitespace = 0
        var pageFurniture = 0

        mutating func add(_ other: Counts) {
            mojibakeFixed += other.mojibakeFixed
            controlsRemoved += other.controlsRemoved
            controlsReplaced += other.controlsReplaced
            invisibleRemoved += other.invisibleRemoved
            privateUse += other.privateUse
            ligatures += other.ligatures
            fullwidth += other.fullwidth
            normalizedLines += other.normalizedLines
            letterSpaced += other.letterSpaced
            whitespace += other.whitespace
            pageFurniture += other.pageFurniture
        }

        /// The metadata counter names, without the `cleanup.` prefix.
        var named: [(String, Int)] {
            [("mojibake_fixed", mojibakeFixed), ("controls_removed", controlsRemoved),
             ("controls_as_replacement", controlsReplaced),
             ("invisible_removed", invisibleRemoved), ("private_use", privateUse),
             ("ligatures_expanded", ligatures), ("fullwidth_converted", fullwidth),
             ("normalized_lines", normalizedLines), ("letter_spaced_joined", letterSpaced),
             ("whitespace_fixed", whitespace), ("page_furniture_removed", pageFurniture)]
        }
    }

    func clean(_ text: String) -> (text: String, counts: Counts) {
        var text = text
        return text.withUTF8 { clean(utf8: $0) }
    }

    /// One pass over the raw lines (split at `\n`). A raw line with nothing for the character
    /// rules but full-width forms (the great majority of CJK and Latin lines) is copied byte
    /// by byte, its full-width letters and digits narrowed on the way, while the same pass
    /// surveys it for the line rules; any other raw line goes through the rules on scalars
    /// (mojibake, character filter). Lines that the survey flags are normalized, letter-spacing
    /// joined and space-collapsed on scalars. Page furniture and blank lines then work on the
    /// lines' byte ranges, and the output string is written once.
    func clean(utf8 input: UnsafeBufferPointer<UInt8>) -> (text: String, counts: Counts) {
        var counts = Counts()
        var buffer = ByteBuffer(capacity: input.count + input.count / 8 + 64)
        defer { buffer.deallocate() }
        var lines = ByteLines()
        let count = input.count
        guard let bytes = input.baseAddress, count > 0 else {
            return ("", counts)
        }
        let tables = FastTables(cleaner: self)
        let layout = TextLayout(input, letterSpacing: letterSpacing)
        var start = 0
        var lineNumber = 0
        while true {
            var end = start
            if let found = memchr(bytes + start, 0x0A, count - start) {
                end = bytes.distance(to: found.assumingMemoryBound(to: UInt8.self))
            } else {
                end = count
            }
            let hasNewline = end < count
            let mark = lines.mark
            let lineStart = buffer.count
            var hadText: Bool
            let context = layout.context(ofLine: lineNumber)
            if let fast = copyLine(bytes, start, end, tables: tables, context: context, into: &buffer, lines: &lines, counts: &counts) {
                hadText = fast
            } else {
                lines.rollBack(to: mark)
                buffer.count = lineStart
                hadText = cleanRawLine(bytes, start, end, beforeNewline: hasNewline, context: context,
                                       into: &buffer, lines: &lines, counts: &counts)
            }
            guard hasNewline else { break }
            lines.newline(at: buffer.count, hadText: hadText)
            start = end + 1
            lineNumber += 1
        }
        lines.finish(at: buffer.count)
        return (assemble(LineView(base: buffer.base, lines: lines.lines), counts: &counts), counts)
    }

    /// Joins the kept lines: one newline between lines, and with the whitespace rule at most one
    /// blank line between paragraphs and none at either end.
    func assemble(_ view: LineView, counts: inout Counts) -> String {
        var removed = Set<Int>()
        if pageFurniture {
            removed = PageFurniture.furnitureLines(view)
            counts.pageFurniture = removed.count
        }
        let lines = view.lines
        // Each kept line with what goes before it: 0, 1 or 2 newlines.
        var pieces: [(line: Int, newlines: Int)] = []
        pieces.reserveCapacity(lines.count)
        var total = 0
        var pendingBlank = false
        var wroteLine = false
        for index in lines.indices where removed.isEmpty || !removed.contains(index) {
            let length = lines[index].end - lines[index].start
            var newlines = 0
            if whitespace {
                if length == 0 {
                    if wroteLine { pendingBlank = true }
                    continue
                }
                if wroteLine { newlines = pendingBlank ? 2 : 1 }
                pendingBlank = false
            } else if index > 0 && wroteLine {
                newlines = 1
            }
            pieces.append((index, newlines))
            total += newlines + length
            wroteLine = true
        }
        let base = view.base
        return String(unsafeUninitializedCapacity: total) { output in
            guard let target = output.baseAddress else { return 0 }
            var position = 0
            for piece in pieces {
                for _ in 0..<piece.newlines {
                    target[position] = 0x0A
                    position += 1
                }
                let line = lines[piece.line]
                let length = line.end - line.start
                if length > 0 { (target + position).update(from: base + line.start, count: length) }
                position += length
            }
            return position
        }
    }

    /// What the byte scan needs of the options and the code-page tables, read once per text.
    struct FastTables {
        let leads: [UInt16]
        let highLeads: Set<UInt32>
        let highLeadMax: UInt32
        let repairMojibake: Bool
        let halfwidth: Bool
        let normalize: Bool
        let compatibility: Bool
        let letterSpacing: Bool
        let whitespace: Bool
        let expandLigatures: Bool

        init(cleaner: TextCleaner) {
            leads = MojibakeRepair.leadTable
            highLeads = MojibakeRepair.highLeads
            highLeadMax = MojibakeRepair.highLeads.max() ?? 0
            repairMojibake = cleaner.repairMojibake
            halfwidth = cleaner.characters.halfwidthASCII
            normalize = cleaner.normalization != .none
            compatibility = cleaner.normalization == .nfkc
            letterSpacing = cleaner.letterSpacing
            whitespace = cleaner.whitespace
            expandLigatures = cleaner.characters.expandLigatures
        }

        /// Whether a non-ASCII scalar needs the character rules on scalars: a C1 control, a
        /// possible mojibake lead, an invisible or private-use character, a ligature.
        @inline(__always) func needsScalarRules(_ value: UInt32) -> Bool {
            if value < 0x2600 {
                if value <= 0x9F || value == 0xAD || value == 0x180E || value == 0x200B || value == 0x2060 { return true }
                return value == 0x149 || value == 0x132 || value == 0x133
            }
            if value >= 0xE000 && value <= 0xF8FF { return true }
            return value == 0xFEFF || value >= 0xF0000
        }

        /// Whether a scalar may be the lead of a mojibake sequence: a lead character of some code
        /// page (the next scalar then decides).
        @inline(__always) func mayBeLead(_ value: UInt32) -> Bool {
            guard repairMojibake else { return false }
            if value < 0x2600 { return leads[Int(value)] != 0 }
            return value >= 0xF8FF && value <= highLeadMax && highLeads.contains(value)
        }
    }

    /// Copies a raw line that the character rules would leave alone but for full-width forms,
    /// narrowing those, and runs the line rules on each of its lines (split at form feeds) that
    /// the survey flags. Returns nil, having written part of the line, when the line needs the
    /// scalar rules; else whether its last line had characters.
    func copyLine(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, tables: FastTables, context: LineContext,
                  into buffer: inout ByteBuffer, lines: inout ByteLines, counts: inout Counts) -> Bool? {
        buffer.reserve(end - start)
        var output = buffer.base
        var written = buffer.count
        var local = Counts()
        var lineStart = written
        var scalars = 0          // in the current line
        var wordLength = 0       // scalars since the last space
        var run = 0              // single characters between spaces in a row
        var spacedLetters = false
        var collapse = false
        var normalize = false
        var previous: UInt32 = 0x0A
        let threshold: UInt32 = tables.compatibility ? 0xA0 : 0x300

        // Ends the current line: runs the line rules when the survey asks for them.
        func finishLine() {
            if wordLength == 1 {
                run += 1
                if run >= 4 { spacedLetters = true }
            }
            if previous == 0x20 || previous == 0x09 || previous == 0x3000 { collapse = true }
            let rules = (tables.normalize && normalize) || (tables.letterSpacing && spacedLetters && scalars >= 7)
                || (tables.whitespace && collapse)
            if rules {
                let line = UTF8Scalars.scalars(output, from: lineStart, to: written)
                let cleaned = cleanLine(line[...], context: context, counts: &local)
                buffer.count = lineStart
                buffer.append(scalars: cleaned)
                written = buffer.count
                output = buffer.base
            }
        }

        var index = start
        while index < end {
            let byte = bytes[index]
            if byte < 0x80 {
                if byte > 0x20 && byte < 0x7F {
                    // `&`: character references may hide mojibake (`caf&Atilde;&copy;`).
                    if byte == 0x26 && repairMojibake { return nil }
                    output[written] = byte
                    written += 1
                    index += 1
                    wordLength += 1
                    scalars += 1
                    previous = UInt32(byte)
                    continue
                }
                if byte == 0x20 {
                    if previous == 0x20 || scalars == 0 { collapse = true }
                    if wordLength == 1 {
                        run += 1
                        if run >= 4 { spacedLetters = true }
                    } else if wordLength > 1 {
                        run = 0
                    }
                    wordLength = 0
                } else if byte == 0x09 {
                    if scalars == 0 { collapse = true }
                    wordLength += 1
                } else if byte == 0x0C {
                    finishLine()
                    lines.formFeed(at: written, hadText: scalars > 0)
                    buffer.count = written
                    buffer.reserve(end - index)
                    output = buffer.base
                    lineStart = written
                    scalars = 0
                    wordLength = 0
                    run = 0
                    spacedLetters = false
                    collapse = false
                    normalize = false
                    previous = 0x0C
                    index += 1
                    continue
                } else {
                    return nil  // control characters and `\r`
                }
                output[written] = byte
                written += 1
                index += 1
                scalars += 1
                previous = UInt32(byte)
                continue
            }
            let (value, length) = UTF8Scalars.value(bytes, at: index)
            scalars += 1
            wordLength += 1
            if value >= 0x4E00 && value <= 0x9FFF {
                // Han ideographs: nothing to do.
            } else if value >= 0xFF01 && value <= 0xFF5E && tables.halfwidth {
                let ascii = value - 0xFEE0
                var narrow = CharacterFilter.isAlphanumeric(ascii)
                if !narrow && CharacterFilter.isAlphanumeric(previous) && index + length < end {
                    let next = UTF8Scalars.value(bytes, at: index + length).0
                    let nextNarrow = next >= 0xFF01 && next <= 0xFF5E ? next - 0xFEE0 : next
                    narrow = CharacterFilter.isAlphanumeric(nextNarrow)
                        && CharacterFilter.joinsAlphanumerics(Unicode.Scalar(UInt8(ascii)))
                }
                if !narrow && ascii == 0x25, let scalar = Unicode.Scalar(previous), scalar.properties.numericType != nil {
                    narrow = true
                }
                if narrow {
                    output[written] = UInt8(ascii)
                    written += 1
                    index += length
                    local.fullwidth += 1
                    previous = ascii
                    continue
                }
                // CJK punctuation stays, and compatibility normalization folds it.
                if tables.compatibility { normalize = true }
            } else {
                if tables.needsScalarRules(value) { return nil }
                // A lead character followed by what may continue its sequence: mojibake to look at.
                if tables.mayBeLead(value) && index + length < end
                    && MojibakeRepair.mayStartSequence(value, UTF8Scalars.value(bytes, at: index + length).0) != 0 {
                    return nil
                }
                if value >= 0xFB00 && value <= 0xFB06 && tables.expandLigatures, let letters = CharacterFilter.ligatures[value] {
                    // `ﬁ` → `fi`: never longer in UTF-8 than the ligature.
                    local.ligatures += 1
                    for letter in letters.utf8 {
                        output[written] = letter
                        written += 1
                    }
                    scalars += letters.utf8.count - 1
                    wordLength += letters.utf8.count - 1
                    previous = UInt32(letters.utf8.last ?? 0x20)
                    index += length
                    continue
                }
                if value == 0x3000 { collapse = true }
                if value >= threshold && !normalize {
                    normalize = TextCleaner.scalarNeedsNormalization(value, compatibility: tables.compatibility)
                }
            }
            for offset in 0..<length { output[written + offset] = bytes[index + offset] }
            written += length
            index += length
            previous = value
        }
        finishLine()
        buffer.count = written
        counts.add(local)
        return scalars > 0
    }

    /// Mojibake repaired in two steps: sequence by sequence where each is plausible in place
    /// (``MojibakeRepair``), then, while the line is still unlikely as text, a search over the
    /// code pages that re-encodes whole runs (``CodePageSearch``).
    ///
    /// A line the sequence repair leaves still unlikely (or untouched) is searched both as it came
    /// and as the sequence repair left it, and the least unlikely of the three is kept: a line
    /// that the sequence repair fixed only in part is re-read whole. A line it leaves at zero is
    /// not searched (the search costs a decoding and a score per code page).
    func repairedMojibake(_ line: [Unicode.Scalar], fixed: inout Int) -> [Unicode.Scalar] {
        let sequences = mojibake.repair(line: line)
        // Nothing the search could decode either (`ﬁnance`: a lead character with no continuation).
        if sequences == nil && MojibakeRepair.candidateMask(line) == 0 { return line }
        var best = sequences?.scalars ?? line
        var bestFixed = sequences?.fixed ?? 0
        var bestScore = Unlikelihood.score(best)
        guard bestScore > 0 else {
            fixed += bestFixed
            return best
        }
        // The search over the whole line, from the line as it came: on a tie it wins when it
        // decodes as much, since it reads the line through one code page where the sequence
        // repair may have mixed two.
        if let searched = CodePageSearch.repair(line) {
            let score = Unlikelihood.score(searched.scalars)
            if score < bestScore || (score == bestScore && searched.fixed >= bestFixed) {
                best = searched.scalars
                bestFixed = searched.fixed
                bestScore = score
            }
        }
        // From the sequence repair's result: what it left.
        if bestScore > 0, let sequences, let searched = CodePageSearch.repair(sequences.scalars) {
            let score = Unlikelihood.score(searched.scalars)
            if score < bestScore {
                best = searched.scalars
                bestFixed = sequences.fixed + searched.fixed
            }
        }
        fixed += bestFixed
        return best
    }

    /// A raw line through the rules on scalars: mojibake, the character filter (which may split
    /// it at `\r` or private-use paragraph marks), then the line rules on each resulting line.
    /// Returns whether its last line had characters.
    func cleanRawLine(_ bytes: UnsafePointer<UInt8>, _ start: Int, _ end: Int, beforeNewline: Bool, context: LineContext,
                      into buffer: inout ByteBuffer, lines: inout ByteLines, counts: inout Counts) -> Bool {
        var scalars = UTF8Scalars.scalars(bytes, from: start, to: end)
        if repairMojibake {
            if MojibakeRepair.mayContainMojibake(scalars) {
                scalars = repairedMojibake(scalars, fixed: &counts.mojibakeFixed)
            } else if let decoded = HTMLEntities.decode(scalars), MojibakeRepair.mayContainMojibake(decoded) {
                // Character references on top of mojibake (`caf&Atilde;&copy;`): decoded only
                // where that leads to a repair.
                var fixed = 0
                let repaired = repairedMojibake(decoded, fixed: &fixed)
                if fixed > 0 && Unlikelihood.score(repaired) < Unlikelihood.score(decoded) {
                    scalars = repaired
                    counts.mojibakeFixed += fixed
                }
            }
        }
        // `\r\n` is one line end: the `\n` is the raw line's.
        if beforeNewline && scalars.last == "\r" { scalars.removeLast() }
        var characterCounts = CharacterFilter.Counts()
        let filtered = characters.filter(scalars, counts: &characterCounts)
        counts.controlsRemoved += characterCounts.controls
        counts.controlsReplaced += characterCounts.glyphs
        counts.invisibleRemoved += characterCounts.invisible
        counts.privateUse += characterCounts.privateUse
        counts.ligatures += characterCounts.ligatures
        counts.fullwidth += characterCounts.fullwidth
        var lineStart = 0
        var index = 0
        while true {
            let atEnd = index == filtered.count
            if atEnd || filtered[index] == "\n" || filtered[index] == CharacterFilter.formFeed {
                let line = filtered[lineStart..<index]
                buffer.append(scalars: cleanLine(line, context: context, counts: &counts))
                if atEnd { return !line.isEmpty }
                if filtered[index] == "\n" {
                    lines.newline(at: buffer.count, hadText: !line.isEmpty)
                } else {
                    lines.formFeed(at: buffer.count, hadText: !line.isEmpty)
                }
                lineStart = index + 1
            }
            index += 1
        }
    }

    func cleanLine(_ slice: ArraySlice<Unicode.Scalar>, context: LineContext = LineContext(), counts: inout Counts)
        -> ArraySlice<Unicode.Scalar> {
        let survey = LineSurvey(slice, compatibility: normalization == .nfkc)
        let normalize = normalization != .none && survey.mayNeedNormalization
        if !normalize && !(letterSpacing && survey.hasSpacedLetters) && !(whitespace && survey.hasSpacesToCollapse) {
            return slice  // the common case: nothing to change, nothing copied
        }
        var line: [Unicode.Scalar]
        if normalize {
            let string = String(scalars: slice)
            let normalized = normalization == .nfkc
                ? string.precomposedStringWithCompatibilityMapping
                : string.precomposedStringWithCanonicalMapping
            line = Array(normalized.unicodeScalars)
            if !line.elementsEqual(slice) { counts.normalizedLines += 1 }
        } else {
            line = Array(slice)
        }
        if letterSpacing {
            counts.letterSpaced += LineRules.joinLetterSpacing(&line, wholeLine: context.spacedHeadingLines)
        }
        if whitespace && LineRules.needsCollapsing(line[...]) {
            var collapsed: [Unicode.Scalar] = []
            collapsed.reserveCapacity(line.count)
            let changes = LineRules.collapseSpaces(line[...], innerGaps: context.mayCollapseGaps, into: &collapsed)
            counts.whitespace += changes > 0 ? 1 : 0
            line = collapsed
        }
        return line[...]
    }

    /// What a line may need, found in one pass: normalization, letter-spacing, space collapsing.
    struct LineSurvey {
        var mayNeedNormalization = false
        var hasSpacedLetters = false
        var hasSpacesToCollapse = false

        init(_ line: ArraySlice<Unicode.Scalar>, compatibility: Bool) {
            guard let first = line.first, let last = line.last else { return }
            hasSpacesToCollapse = LineRules.isSpace(first) || first == "\t" || LineRules.isSpace(last) || last == "\t"
            let threshold: UInt32 = compatibility ? 0xA0 : 0x300
            var previous: Unicode.Scalar = " "
            var run = 0
            var index = line.startIndex
            let end = line.endIndex
            while index < end {
                let scalar = line[index]
                let value = scalar.value
                if value == 0x20 {
                    if previous == " " && index != line.startIndex { hasSpacesToCollapse = true }
                } else {
                    if value == 0x3000 { hasSpacesToCollapse = true }
                    if value >= threshold && !mayNeedNormalization {
                        mayNeedNormalization = TextCleaner.needsNormalization(line[index...index], compatibility: compatibility)
                    }
                    // A character standing alone between spaces: part of `F i g u r e`?
                    if previous == " " && (index + 1 == end || line[index + 1] == " ") {
                        run += 1
                        if run >= 4 { hasSpacedLetters = true }
                    } else {
                        run = 0
                    }
                }
                previous = scalar
                index += 1
            }
            if line.count < 7 { hasSpacedLetters = false }
        }
    }

    /// Whether a line holds a scalar that normalization could change. Han, kana, hangul
    /// syllables and the usual punctuation are left as they are by NFC, so most lines of CJK
    /// and Latin text skip the (comparatively slow) normalizer.
    static func needsNormalization(_ line: ArraySlice<Unicode.Scalar>, compatibility: Bool) -> Bool {
        line.contains { scalarNeedsNormalization($0.value, compatibility: compatibility) }
    }

    @inline(__always)
    static func scalarNeedsNormalization(_ value: UInt32, compatibility: Bool) -> Bool {
        if value < (compatibility ? 0xA0 : 0x300) { return false }
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7A3, 0x3041...0x3096, 0x30A1...0x30FA:
            return false
        case 0x3000...0x303F, 0x2010...0x2027, 0x2030...0x205E, 0xFF00...0xFFEF:
            return compatibility
        default:
            return true
        }
    }
}
