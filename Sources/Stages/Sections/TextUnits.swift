import GalleyText

/// The scalars that a document's units decoded, in chunks of memory shared by all of them
/// instead of an array (and its reference counting) per unit.
///
/// Units hold the arena, and it frees its chunks when the last of them goes; a unit's
/// ``TextUnit/head`` and ``TextUnit/tail`` point into it.
final class ScalarArena {
    private var chunks: [UnsafeMutablePointer<Unicode.Scalar>] = []
    private var next: UnsafeMutablePointer<Unicode.Scalar>?
    private var room = 0
    private let chunkSize: Int

    /// An arena for a document of `byteCount` bytes of UTF-8 (one chunk holds a document that
    /// prints one paragraph a line, whose units decode it about once).
    init(byteCount: Int) {
        chunkSize = Swift.min(Swift.max(byteCount + 256, 1_024), 1 << 16)
    }

    deinit {
        for chunk in chunks { chunk.deallocate() }
    }

    /// Decodes at most `capacity` scalars with `fill`, which returns how many it wrote, and
    /// keeps what it did not use for the next request.
    @inline(__always)
    func decode(capacity: Int, _ fill: (UnsafeMutablePointer<Unicode.Scalar>) -> Int) -> UnsafeBufferPointer<Unicode.Scalar> {
        guard capacity > 0 else { return UnsafeBufferPointer(start: nil, count: 0) }
        if capacity > room {
            let size = Swift.max(capacity, chunkSize)
            let chunk = UnsafeMutablePointer<Unicode.Scalar>.allocate(capacity: size)
            chunks.append(chunk)
            next = chunk
            room = size
        }
        let start = next!
        let count = fill(start)
        next = start + count
        room -= count
        return UnsafeBufferPointer(start: start, count: count)
    }
}

/// One paragraph-sized piece of a document: a line of a page that prints one paragraph a
/// line, or a block of hard-wrapped lines between blank lines.
///
/// A value (no object, no reference counting): its text is a range of the source's UTF-8 bytes
/// and its scalars live in the document's ``ScalarArena``, which the caller keeps alive (a
/// ``UnitSplitter/Units`` holds both). Only a bounded prefix and suffix of the text is decoded
/// into scalars (all of it for a short unit), so classifying a 10 MB paragraph costs no more than
/// classifying a short one.
struct TextUnit {
    /// The UTF-8 offsets of the text in the source, layout spaces trimmed; a wrapped block keeps
    /// its line breaks.
    let start: Int
    let end: Int
    /// Number of source lines in the unit.
    let lineCount: Int
    /// All scalars of a short unit; the first ``longHeadLimit`` of a long one (in the arena).
    let head: UnsafeBufferPointer<Unicode.Scalar>
    /// The last ``tailLimit`` scalars, in order (the end of ``head`` for a short unit). Empty for a
    /// long unit of more than ``pictureSentenceLimit`` scalars or without `图` among the bytes of
    /// its tail: all that the rules ask of a long unit's tail is whether it ends with a picture
    /// sentence (`…。图为…`, in ``SectionBuilder/role(of:in:)``), so it is decoded only then.
    let tail: UnsafeBufferPointer<Unicode.Scalar>
    /// Whether ``head`` holds the whole unit (at most ``shortByteLimit`` bytes of UTF-8).
    let isShort: Bool
    /// The number of scalars, capped at ``countLimit`` + 1.
    let scalarCount: Int
    /// CJK and Latin letters in ``head``.
    let cjkLetters: Int
    let latinLetters: Int

    // What the rules found out about the unit, kept because they ask the same questions of a
    // unit several times (its role, whether it opens a wrapped block, whether it is a heading).
    // A unit is made and read by one builder, under one set of rules.
    /// (Whether it is a byline, not the byline itself: without a string the unit is plain data,
    /// copied and destroyed without reference counting.)
    var bylineMemo: Bool?
    var creditLineMemo: Bool?
    var startsCaptionMemo: Bool?
    var headingStrengthMemo: HeadingStrength??
    /// A run-in heading (``UnitSplitter/markRunInHeadings(_:bytes:arena:rules:)``): a phrase in Title
    /// Case that ends with a full stop, of a page that prints its headings so.
    var isRunInHeading = false

    static let shortByteLimit = 200
    static let longHeadLimit = 72
    static let tailLimit = 48
    static let countLimit = 4_000
    /// The longest unit whose tail is read for a picture sentence.
    static let pictureSentenceLimit = 400

    /// The unit of `source[start..<end]` (UTF-8 offsets); `scalarCount` is its scalar count when
    /// the caller knows it. The scalars are decoded into `arena`.
    ///
    /// Everything is read from the UTF-8 bytes directly: trimming, counting and decoding the two
    /// ends, without the index checks of the string views.
    init(_ source: UnsafeBufferPointer<UInt8>, start: Int, end: Int, lineCount: Int, scalarCount known: Int?, arena: ScalarArena) {
        self.lineCount = lineCount
        let reading = Self.read(UnsafeBufferPointer(rebasing: source[start..<end]), knownScalars: known, arena: arena)
        self.start = start + reading.start
        self.end = start + reading.end
        head = reading.head
        tail = reading.tail
        scalarCount = reading.count
        isShort = reading.short
        cjkLetters = reading.cjk
        latinLetters = reading.latin
    }

    private struct Reading {
        var start: Int, end: Int
        var head: UnsafeBufferPointer<Unicode.Scalar>, tail: UnsafeBufferPointer<Unicode.Scalar>
        var count: Int, short: Bool, cjk: Int, latin: Int
    }

    /// Trims layout spaces, counts scalars and decodes the head and tail of UTF-8 `bytes` into `arena`.
    private static func read(_ bytes: UnsafeBufferPointer<UInt8>, knownScalars: Int?, arena: ScalarArena) -> Reading {
        var start = 0, end = bytes.count
        var trimmedScalars = 0
        while start < end, let length = UTF8Scalars.layoutSpaceLength(bytes, at: start) { start += length; trimmedScalars += 1 }
        while end > start, let length = UTF8Scalars.layoutSpaceLength(bytes, endingAt: end) { end -= length; trimmedScalars += 1 }
        let byteCount = end - start
        var count: Int
        if let knownScalars {
            count = knownScalars - trimmedScalars
        } else if byteCount <= countLimit * 4 {
            count = 0
            for offset in start..<end where bytes[offset] & 0xC0 != 0x80 { count += 1 }
        } else {
            count = countLimit + 1
        }
        count = Swift.min(count, countLimit + 1)
        let short = byteCount <= shortByteLimit
        // A short unit's scalars all fit in `byteCount` places; a long one's head in `longHeadLimit`.
        let capacity = short ? byteCount : longHeadLimit
        // A long unit whose tail overlaps its head or follows it closely is decoded whole, once
        // (the head and the tail are then its two ends), instead of decoding the tail again.
        let whole = !short && count <= longHeadLimit + tailLimit
        var cjk = 0, latin = 0
        var offset = start
        let head = arena.decode(capacity: whole ? count : capacity) { scratch in
            var decoded = 0
            // (Within the `count` places asked for when decoding whole.)
            let headLimit = whole ? Swift.min(capacity, count) : capacity
            decodeScalars(bytes, from: &offset, to: end, into: scratch, at: &decoded, limit: headLimit, cjk: &cjk, latin: &latin)
            guard whole else { return decoded }
            // The rest of the unit, after the head (whose letters alone are counted).
            var otherCJK = 0, otherLatin = 0
            decodeScalars(bytes, from: &offset, to: end, into: scratch, at: &decoded, limit: count, cjk: &otherCJK, latin: &otherLatin)
            return decoded
        }
        let tail: UnsafeBufferPointer<Unicode.Scalar>
        if short {
            tail = UnsafeBufferPointer(rebasing: head.suffix(tailLimit))
        } else if whole {
            tail = UnsafeBufferPointer(rebasing: head.suffix(tailLimit))
            return Reading(start: start, end: end, head: UnsafeBufferPointer(rebasing: head.prefix(longHeadLimit)), tail: tail,
                           count: count, short: short, cjk: cjk, latin: latin)
        } else {
            // Step back over `tailLimit` scalar starts, then decode forward (when a picture
            // sentence may be there: `CaptionScan` looks for `图`, among a few others).
            let tailStart = UTF8Scalars.startOfLast(tailLimit, in: bytes, from: start, to: end)
            guard count <= pictureSentenceLimit, CaptionScan.mayHoldCreditWord(bytes, from: tailStart, to: end) else {
                return Reading(start: start, end: end, head: head, tail: UnsafeBufferPointer(start: nil, count: 0), count: count,
                               short: short, cjk: cjk, latin: latin)
            }
            tail = arena.decode(capacity: tailLimit) { scratch in
                var decoded = 0, position = tailStart
                var tailCJK = 0, tailLatin = 0
                decodeScalars(bytes, from: &position, to: end, into: scratch, at: &decoded, limit: tailLimit, cjk: &tailCJK, latin: &tailLatin)
                return decoded
            }
        }
        return Reading(start: start, end: end, head: head, tail: tail, count: count, short: short, cjk: cjk, latin: latin)
    }

    /// Decodes the scalars of `bytes` from `offset` to `end` into `scratch` from `decoded` on, until
    /// `decoded` reaches `limit`, and counts the CJK and Latin letters among them.
    @inline(__always)
    private static func decodeScalars(_ bytes: UnsafeBufferPointer<UInt8>, from offset: inout Int, to end: Int,
                                      into scratch: UnsafeMutablePointer<Unicode.Scalar>, at decoded: inout Int, limit: Int,
                                      cjk: inout Int, latin: inout Int) {
        while offset < end, decoded < limit {
            // Eight ASCII bytes at a time: widened to scalars, letters counted on the word.
            if offset + 8 <= end, decoded + 8 <= limit {
                let word = UTF8Scalars.word(bytes.baseAddress!, at: offset)
                if word & 0x8080_8080_8080_8080 == 0 {
                    // Each byte widened to a 32-bit scalar value in one vector store.
                    let scalars = SIMD8<UInt32>(truncatingIfNeeded: unsafeBitCast(word, to: SIMD8<UInt8>.self))
                    UnsafeMutableRawPointer(scratch + decoded).storeBytes(of: scalars, as: SIMD8<UInt32>.self)
                    latin += asciiLetters(word)
                    decoded += 8
                    offset += 8
                    continue
                }
            }
            // A run of three-byte scalars (CJK and its punctuation, most of what is not ASCII in
            // this text) is decoded in place, without looking for ASCII words again; such a
            // scalar is never a Latin letter.
            if bytes[offset] & 0xF0 == 0xE0, offset + 3 <= end {
                repeat {
                    let pointer = bytes.baseAddress! + offset
                    let value = UInt32(pointer[0] & 0x0F) << 12 | UInt32(pointer[1] & 0x3F) << 6 | UInt32(pointer[2] & 0x3F)
                    // (Valid UTF-8: not a surrogate.)
                    (scratch + decoded).initialize(to: Unicode.Scalar(value) ?? "\u{FFFD}")
                    decoded += 1
                    offset += 3
                    switch value {
                    case 0x4E00...0x9FFF, 0x3041...0x30FF, 0x3400...0x4DBF, 0xAC00...0xD7AF, 0xF900...0xFAFF: cjk += 1
                    default: break
                    }
                } while decoded < limit && offset + 3 <= end && bytes[offset] & 0xF0 == 0xE0
                continue
            }
            let (scalar, length) = decode(bytes, at: offset)
            (scratch + decoded).initialize(to: scalar)
            decoded += 1
            switch scalar.value {
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x24F: latin += 1
            case 0x3041...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xAC00...0xD7AF, 0xF900...0xFAFF, 0x20000...0x2EBEF: cjk += 1
            default: break
            }
            offset += length
        }
    }

    /// The number of ASCII letters among the eight ASCII bytes of `word`.
    @inline(__always)
    private static func asciiLetters(_ word: UInt64) -> Int {
        // Lower-cased (bit 5 set), a letter is 0x61...0x7A; for bytes below 0x80 both tests
        // stay inside their byte.
        let lowered = word | 0x2020_2020_2020_2020
        let atLeastA = lowered &+ 0x1F1F_1F1F_1F1F_1F1F        // bit 7 set when >= 0x61
        let atMostZ = 0xFAFA_FAFA_FAFA_FAFA &- lowered           // bit 7 set when <= 0x7A
        return (atLeastA & atMostZ & 0x8080_8080_8080_8080).nonzeroBitCount
    }

    /// Decodes the scalar at `offset` of valid UTF-8.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> (Unicode.Scalar, Int) {
        UTF8Scalars.decode(bytes, at: offset)
    }

    /// The byline of a unit that is only a byline (``Bylines/standaloneByline(_:)``).
    var standaloneByline: String? {
        mutating get {
            if bylineMemo == false { return nil }
            let byline = Bylines.standaloneByline(self)
            bylineMemo = byline != nil
            return byline
        }
    }

    /// Whether the unit is only a byline (``standaloneByline``).
    var isByline: Bool {
        mutating get {
            if let memo = bylineMemo { return memo }
            return standaloneByline != nil
        }
    }

    /// Whether the unit is only a photo credit (``CaptionSignals/isCreditLine(_:isShort:)``).
    var isCreditLine: Bool {
        mutating get {
            if let memo = creditLineMemo { return memo }
            let credit = CaptionSignals.isCreditLine(head, isShort: isShort)
            creditLineMemo = credit
            return credit
        }
    }

    /// Whether the unit opens with a caption label (``CaptionSignals/startsCaption(_:)``).
    var startsCaption: Bool {
        mutating get {
            if let memo = startsCaptionMemo { return memo }
            let starts = CaptionSignals.startsCaption(head)
            startsCaptionMemo = starts
            return starts
        }
    }

    /// The scalar count of a short unit, nil for a long one.
    var shortLength: Int? { isShort ? head.count : nil }

    /// The unit's text in `source` (whose UTF-8 its offsets are).
    func text(in source: String) -> Substring {
        source.substring(utf8: start, end)
    }

    /// The unit's lines joined into one line (a space between Latin words, nothing between CJK).
    func singleLine(in source: String) -> String {
        let text = text(in: source)
        guard lineCount > 1 else { return String(text) }
        var result = String.UnicodeScalarView()
        var pendingBreak = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" || scalar.isLayoutSpace {
                pendingBreak = pendingBreak || !result.isEmpty
                continue
            }
            if pendingBreak, let last = result.last,
               !(last.isCJKLetter || last.isCJKPunctuation) || !(scalar.isCJKLetter || scalar.isCJKPunctuation) {
                result.append(" ")
            }
            pendingBreak = false
            result.append(scalar)
        }
        return String(result)
    }
}

/// Splits a text into ``TextUnit``s.
///
/// Blocks are separated by blank lines. A block whose lines mostly end a sentence (or are
/// headings, bylines, credits) prints one paragraph a line, and each line is a unit; a block of
/// hard-wrapped lines is one unit, except that heading and byline lines at its top and a credit
/// line at its bottom are split off.
enum UnitSplitter {
    /// A line of the source: its byte offsets in the source's UTF-8 and its number of scalars
    /// (counted on the bytes). Its text is made only for a line that becomes a unit or that a rule reads.
    struct SourceLine {
        var start: Int
        var end: Int
        var scalars: Int
    }

    /// The units of `text`, and the arena that holds their scalars (which the caller keeps
    /// alive while it reads them).
    static func units(of text: String, rules: HeadingRules) -> (units: [TextUnit], arena: ScalarArena) {
        var contiguous = text
        contiguous.makeContiguousUTF8()
        var units: [TextUnit] = []
        var block: [SourceLine] = []
        let arena = ScalarArena(byteCount: contiguous.utf8.count)
        // Units read their bytes in place, inside this one scope over the text's storage.
        contiguous.withUTF8 { bytes in
            forEachLine(in: bytes) { line, blank in
                if blank {
                    if !block.isEmpty { appendBlock(block, bytes: bytes, arena: arena, to: &units, rules: rules) }
                    block.removeAll(keepingCapacity: true)
                } else {
                    block.append(line)
                }
            }
            if !block.isEmpty { appendBlock(block, bytes: bytes, arena: arena, to: &units, rules: rules) }
            markRunInHeadings(&units, bytes: bytes, arena: arena, rules: rules)
        }
        return (units, arena)
    }

    /// Calls `body` for every line of the UTF-8 `bytes` with whether it is blank, in one pass
    /// over the bytes.
    static func forEachLine(in bytes: UnsafeBufferPointer<UInt8>, _ body: (SourceLine, Bool) -> Void) {
        UTF8Scalars.forEachLine(bytes) { start, end, scalars in
            // Blank: only spaces, tabs and carriage returns; or short, with ideographic or
            // no-break spaces among them (all layout spaces, told on the bytes).
            var first = start
            while first < end, bytes[first] == 0x20 || bytes[first] == 0x09 || bytes[first] == 0x0D { first += 1 }
            var blank = first == end
            if !blank, bytes[first] >= 0x80, end - start <= 24 {
                while first < end, let length = UTF8Scalars.layoutSpaceLength(bytes, at: first) { first += length }
                blank = first == end
            }
            body(SourceLine(start: start, end: end, scalars: scalars), blank)
        }
    }

    /// Whether `bytes[start..<end]` ends with sentence-final punctuation (closing quotes and
    /// brackets, spaces, tabs and carriage returns skipped), read backwards on the bytes.
    static func endsSentence(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var end = end
        while end > start {
            var first = end - 1
            while first > start, bytes[first] & 0xC0 == 0x80 { first -= 1 }
            switch UTF8Scalars.decode(bytes, at: first).0 {
            case "\u{201D}", "\u{2019}", "\"", "'", ")", "\u{FF09}", "\u{300D}", "\u{300F}", " ", "\u{3000}", "\t", "\r": end = first
            case ".", "!", "?", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{2026}", "\u{FF0E}": return true
            default: return false
            }
        }
        return false
    }

    /// The lines of one block, each made into a unit only when a rule reads it. (A value with
    /// methods rather than functions nested in ``appendBlock(_:bytes:arena:to:rules:)``: what
    /// those capture is checked for exclusive access at run time, these fields are not.)
    private struct BlockLines {
        let source: [SourceLine]
        let bytes: UnsafeBufferPointer<UInt8>
        let arena: ScalarArena
        var made: [TextUnit?]
        /// The whole block as one unit, once made.
        var whole: TextUnit?

        init(_ source: [SourceLine], bytes: UnsafeBufferPointer<UInt8>, arena: ScalarArena) {
            self.source = source
            self.bytes = bytes
            self.arena = arena
            made = [TextUnit?](repeating: nil, count: source.count)
        }

        /// What `body` reads of line `index` as a unit (made the first time; rules set its memos in place).
        mutating func line<Result>(_ index: Int, _ body: (inout TextUnit) -> Result) -> Result {
            if made[index] == nil { made[index] = UnitSplitter.unit(source[index], bytes: bytes, arena: arena) }
            return body(&made[index]!)
        }

        /// Line `index` as a unit.
        mutating func unit(_ index: Int) -> TextUnit { line(index) { $0 } }

        /// Lines `first` through `last` as one unit.
        func span(_ first: Int, _ last: Int) -> TextUnit {
            if first == 0, last == source.count - 1, let whole { return whole }
            let scalars = source[first...last].reduce(last - first) { $0 + $1.scalars }
            return TextUnit(bytes, start: source[first].start, end: source[last].end, lineCount: last - first + 1,
                            scalarCount: scalars, arena: arena)
        }
    }

    /// A heading line that holds the next heading's section number, or the next heading, because
    /// the lines were joined (`dehyphenate` joins the lines of a block that `pdftotext -raw` printed
    /// without blank lines), cut in two units where the numbering says:
    /// - a numbered heading with a number inside that follows its own in the numbering, before a
    ///   capital (`4. Image analysis 4.1. H-band magnitudes …`: two headings);
    /// - a heading that ends with the number of a first subsection (`MATERIALS AND METHODS 2.1`,
    ///   `2.1` going on the heading below, where the builder puts it).
    private static func splitHeadingLine(_ whole: inout TextUnit, bytes: UnsafeBufferPointer<UInt8>, arena: ScalarArena,
                                         rules: HeadingRules) -> [TextUnit]? {
        guard !whole.isCJK, whole.head.count >= 6 else { return nil }
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard whole.isShort else { return nil }
        if let number = HeadingRules.sectionNumber(whole.head) {
            var offset = whole.start + 1
            while offset < whole.end - 2 {
                defer { offset += 1 }
                guard bytes[offset - 1] == 0x20, isDigit(bytes[offset]) else { continue }
                var after = offset
                while after < whole.end, isDigit(bytes[after]) || bytes[after] == 0x2E { after += 1 }
                guard after + 1 < whole.end, bytes[after] == 0x20, bytes[after + 1] >= 0x41, bytes[after + 1] <= 0x5A else { continue }
                var rest = TextUnit(bytes, start: offset, end: whole.end, lineCount: 1, scalarCount: nil, arena: arena)
                guard let inner = HeadingRules.sectionNumber(rest.head), inner != number, HeadingRules.follows(inner, number) else { continue }
                var first = TextUnit(bytes, start: whole.start, end: offset - 1, lineCount: 1, scalarCount: nil, arena: arena)
                guard rules.headingStrength(&first) == .numbered, rules.headingStrength(&rest) == .numbered else { return nil }
                return [first] + (splitHeadingLine(&rest, bytes: bytes, arena: arena, rules: rules) ?? [rest])
            }
            return nil
        }
        // A number that ends the line: `N.1`, after a space.
        var start = whole.end
        while start > whole.start, isDigit(bytes[start - 1]) || bytes[start - 1] == 0x2E { start -= 1 }
        guard start > whole.start + 1, bytes[start - 1] == 0x20, whole.end - start <= 6 else { return nil }
        var number = TextUnit(bytes, start: start, end: whole.end, lineCount: 1, scalarCount: nil, arena: arena)
        guard let parts = HeadingRules.sectionNumber(number.head), parts.count == 2, parts[1] == 1 else { return nil }
        var heading = TextUnit(bytes, start: whole.start, end: start - 1, lineCount: 1, scalarCount: nil, arena: arena)
        // (Two words or more, and not a label's number: `Figure 2.1`, `Section 3.1`.)
        let words = heading.head.split(separator: " ")
        guard words.count >= 2, heading.latinLetters >= 4, !heading.startsCaption,
              !Self.labelWords.contains(String(String.UnicodeScalarView(words.last!)).lowercased()),
              rules.headingStrength(&heading) != nil else { return nil }
        _ = rules.headingStrength(&number)
        return [heading, number]
    }

    /// Run-in headings: a phrase in Title Case that ends with a full stop, on a line of its own
    /// (`Kinetic Analyses of CAII Hits.`) or opening a paragraph (`D2B Screening against a Range of
    /// Purified Proteins. A panel of three proteins …`, cut off into a unit of its own), when the
    /// page has two of them or more: a style of headings that a document keeps, where one such
    /// phrase alone may be a sentence. Two to twelve words, no comma, semicolon or colon, not a
    /// caption label; the paragraph it opens goes on for 80 bytes or more.
    static func markRunInHeadings(_ units: inout [TextUnit], bytes: UnsafeBufferPointer<UInt8>, arena: ScalarArena, rules: HeadingRules) {
        var found: [(index: Int, end: Int?)] = []
        var joined: [(index: Int, end: Int?)] = []
        for index in units.indices {
            if let end = runInEnd(units[index], bytes: bytes, rules: rules) {
                found.append((index, end))
            } else if let end = joinedHeadingEnd(units[index], bytes: bytes, rules: rules) {
                joined.append((index, end))
            }
        }
        if found.count < 2 { found.removeAll() }
        if joined.count >= 2 { found = (found + joined).sorted { $0.index < $1.index } }
        guard !found.isEmpty else { return }
        for (index, end) in found.reversed() {
            guard let end else {
                units[index].isRunInHeading = true
                continue
            }
            let unit = units[index]
            var heading = TextUnit(bytes, start: unit.start, end: end, lineCount: lineCount(bytes, unit.start, end), scalarCount: nil, arena: arena)
            heading.isRunInHeading = true
            let rest = TextUnit(bytes, start: end, end: unit.end, lineCount: lineCount(bytes, end, unit.end), scalarCount: nil, arena: arena)
            units.replaceSubrange(index...index, with: [heading, rest])
        }
    }

    /// The UTF-8 offset where the unit's scalar number `index` (from 0) starts; the unit's end when
    /// it has no more scalars.
    private static func byteOffset(ofScalar index: Int, in unit: TextUnit, bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var offset = unit.start
        var scalars = 0
        while offset < unit.end {
            if bytes[offset] & 0xC0 != 0x80 {
                if scalars == index { break }
                scalars += 1
            }
            offset += 1
        }
        return offset
    }

    /// A heading joined to the first line of its paragraph (`Organ Blood Flow in the Control Group
    /// The second measurements of organ blood flow were …`): two to twelve words in Title Case, not
    /// ending with a small word, then a capitalized word that opens sentences (`The`, `We`, `In`)
    /// followed by a word in lower case; the UTF-8 offset where the sentence starts. (Counted as
    /// run-in headings are: a page with two or more.)
    private static func joinedHeadingEnd(_ unit: TextUnit, bytes: UnsafeBufferPointer<UInt8>, rules: HeadingRules) -> Int? {
        let head = unit.head
        guard !unit.isCJK, !unit.isShort || unit.scalarCount >= 120, head.count >= 20,
              let first = head.first, first.properties.isUppercase else { return nil }
        guard startsInTitleCase(head) else { return nil }
        let words = head.split(separator: " ", maxSplits: 15, omittingEmptySubsequences: false)
        guard words.count >= 5 else { return nil }
        for count in 2...min(12, words.count - 3) {
            let opener = words[count], after = words[count + 1]
            guard let initial = opener.first, initial.properties.isUppercase,
                  sentenceOpeners.contains(String(String.UnicodeScalarView(opener)).lowercased()),
                  let next = after.first, next.properties.isLowercase else { continue }
            let last = words[count - 1]
            let phraseEnd = last.endIndex
            let phrase = UnsafeBufferPointer(rebasing: head[..<phraseEnd])
            guard !phrase.contains(where: { ",.;:?!\u{201C}\"".unicodeScalars.contains($0) }), !HeadingRules.isSmallWord(last),
                  last.first?.properties.isUppercase ?? false, rules.isTitleCase(phrase),
                  words[..<count].allSatisfy({ word in
                      HeadingRules.isSmallWord(word) || !(word.first?.properties.isLowercase ?? true)
                  }) else { return nil }
            // The opener starts `phraseEnd + 1` scalars from the unit's start.
            let offset = byteOffset(ofScalar: phraseEnd + 1, in: unit, bytes: bytes)
            return unit.end - offset >= 80 ? offset : nil
        }
        return nil
    }

    /// Whether the second word is capitalized or small: a cheap first test for a phrase in Title
    /// Case (the second word of running text is mostly in lower case and not small).
    private static func startsInTitleCase(_ head: UnsafeBufferPointer<Unicode.Scalar>) -> Bool {
        guard let space = head.firstIndex(where: { $0 == " " || $0 == "\n" }) else { return false }
        let second = head[(space + 1)...].prefix { $0 != " " && $0 != "\n" }
        guard let initial = second.first else { return false }
        return initial.properties.isUppercase || HeadingRules.isSmallWord(second)
    }

    /// Capitalized words that open a sentence after a heading joined to it.
    static let sentenceOpeners: Set<String> = [
        "the", "this", "these", "those", "a", "an", "in", "we", "our", "to", "for", "after", "before", "all", "each", "it",
        "there", "as", "at", "on", "during", "since", "when", "while", "with", "from", "here", "although", "because", "both",
        "most", "many", "several", "previous", "recent", "first", "one", "two", "three", "patients", "data", "samples",
    ]

    /// Lines in `bytes[start..<end]`.
    private static func lineCount(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        var count = 1
        for offset in start..<end where bytes[offset] == 0x0A { count += 1 }
        return count
    }

    /// For a unit that is a run-in heading: nil inside (the whole unit) or the UTF-8 offset after
    /// its full stop (where the paragraph it opens goes on); nil outside when it is none.
    private static func runInEnd(_ unit: TextUnit, bytes: UnsafeBufferPointer<UInt8>, rules: HeadingRules) -> Int?? {
        var unit = unit
        let head = unit.head
        guard !unit.isCJK, head.count >= 8, let first = head.first, first.properties.isUppercase,
              startsInTitleCase(head) else { return nil }
        var stop: Int?
        var words = 1
        for index in head.indices {
            let scalar = head[index]
            if scalar == "," || scalar == ";" || scalar == ":" || scalar == "?" || scalar == "!" { return nil }
            if scalar == " " || scalar == "\n" {
                words += 1
                if words > 12 { return nil }
            }
            guard scalar == "." else { continue }
            let after = index + 1
            if after == head.count, unit.isShort { stop = index; break }
            guard after + 1 < head.count, head[after] == " " || head[after] == "\n", head[after + 1].properties.isUppercase else {
                if after < head.count, head[after] == " " || head[after] == "\n" { return nil }
                continue
            }
            stop = index
            break
        }
        guard let stop, words >= 2 else { return nil }
        let phrase = UnsafeBufferPointer(rebasing: head[..<stop])
        // (Not a name's initial or a title before a name, `Thomas N.`, `When Mr.`: the last word has
        // four letters or more; not in capitals, as a newspaper prints its headlines, decks and
        // captions.)
        let letters = phrase.filter { $0.properties.isAlphabetic }
        guard letters.count >= 6, !letters.allSatisfy({ $0.properties.isUppercase }), rules.isTitleCase(phrase), !unit.startsCaption,
              let lastWord = phrase.split(separator: " ").last, lastWord.filter({ $0.properties.isAlphabetic }).count >= 4,
              !abbreviations.contains(String(String.UnicodeScalarView(lastWord)).lowercased()),
              phrase.last.map({ $0.properties.isAlphabetic || $0 == ")" }) ?? false else { return nil }
        if stop + 1 == head.count { return .some(nil) }
        // After the full stop: `stop + 1` scalars from the unit's start.
        let offset = byteOffset(ofScalar: stop + 1, in: unit, bytes: bytes)
        guard unit.end - offset >= 80 else { return nil }
        return .some(offset)
    }

    /// Abbreviations of four letters or more that end with a full stop inside a sentence.
    static let abbreviations: Set<String> = ["capt", "sept", "prof", "corp", "bros", "gent", "messrs", "supt", "univ", "dept"]

    /// Words a number follows as a label, not as a section number.
    static let labelWords: Set<String> = ["figure", "fig.", "table", "section", "chapter", "eq.", "equation", "version", "step",
                                          "phase", "scheme", "appendix", "part", "model", "example", "algorithm", "v"]

    /// The unit of one source line.
    private static func unit(_ line: SourceLine, bytes: UnsafeBufferPointer<UInt8>, arena: ScalarArena) -> TextUnit {
        TextUnit(bytes, start: line.start, end: line.end, lineCount: 1, scalarCount: line.scalars, arena: arena)
    }

    private static func appendBlock(_ source: [SourceLine], bytes: UnsafeBufferPointer<UInt8>, arena: ScalarArena,
                                    to units: inout [TextUnit], rules: HeadingRules) {
        if source.count == 1 {
            var whole = unit(source[0], bytes: bytes, arena: arena)
            if whole.isShort, let parts = splitHeadingLine(&whole, bytes: bytes, arena: arena, rules: rules) {
                units.append(contentsOf: parts)
            } else {
                units.append(whole)
            }
            return
        }
        let count = source.count
        var lines = BlockLines(source, bytes: bytes, arena: arena)
        // A Latin heading printed on two or three lines: `2.2.3 | Synthesis of methyl 2-(2-(tert-butoxy)` + `acetamido)acetate (3a)`.
        if count <= 3, source.reduce(0, { $0 + $1.end - $1.start }) <= TextUnit.shortByteLimit {
            var lineStandsAlone = false
            for index in 0..<count where lines.line(index, { unit in
                unit.isCJK || rules.isByline(&unit) || rules.isSubtitle(unit) || rules.isCreditLine(&unit) || unit.startsCaption
            }) {
                lineStandsAlone = true
                break
            }
            // (Not two numbered headings in a row with no blank line between, the second's number
            // following the first's: `4. Image analysis` / `4.1. H-band magnitudes …`.)
            if !lineStandsAlone, let number = lines.line(0, { HeadingRules.sectionNumber($0.head) }) {
                for index in 1..<count where lines.line(index, { HeadingRules.sectionNumber($0.head) }).map({ HeadingRules.follows($0, number) }) ?? false {
                    lineStandsAlone = true
                    break
                }
            }
            if !lineStandsAlone {
                var whole = lines.span(0, count - 1)
                let strength = rules.headingStrength(&whole)
                lines.whole = whole
                if strength != nil {
                    units.append(whole)
                    return
                }
            }
        }
        // One paragraph a line: most lines end a sentence or stand alone as structure (headings,
        // bylines and subtitles are looked for among the first lines, where they are printed).
        var standalone = 0
        for index in 0..<(count - 1) {
            if endsSentence(bytes, source[index].start, source[index].end) || (index < 4 && lines.line(index) { rules.isStandaloneLine(&$0) }) {
                standalone += 1
            }
        }
        if standalone * 2 > count - 1 {
            for index in 0..<count { units.append(lines.unit(index)) }
            return
        }
        var first = 0
        while first < count - 1 {
            // (Two units of the block at once: copied out and back.)
            var unit = lines.unit(first)
            var next = lines.unit(first + 1)
            let opens = rules.opensWrappedBlock(&unit, next: &next)
            lines.made[first] = unit
            lines.made[first + 1] = next
            guard opens else { break }
            units.append(unit)
            first += 1
        }
        var last = count - 1
        var trailing: TextUnit?
        if last > first, lines.line(last, { rules.isCreditLine(&$0) }) {
            trailing = lines.made[last]
            last -= 1
        }
        units.append(first == last ? lines.unit(first) : lines.span(first, last))
        if let trailing { units.append(trailing) }
    }
}

extension TextUnit {
    /// Ends with sentence-final punctuation (closing quotes and brackets skipped).
    var endsSentence: Bool {
        for scalar in tail.reversed() {
            switch scalar {
            case "\u{201D}", "\u{2019}", "\"", "'", ")", "\u{FF09}", "\u{300D}", "\u{300F}", " ", "\u{3000}": continue
            case ".", "!", "?", "\u{3002}", "\u{FF01}", "\u{FF1F}", "\u{2026}", "\u{FF0E}": return true
            default: return false
            }
        }
        return false
    }

    /// A line of running text: long, or ending a sentence.
    var looksLikeProse: Bool {
        guard let length = shortLength else { return true }
        if endsSentence { return true }
        if cjkLetters * 2 > length { return length >= 24 }
        // Six words or more (runs between spaces and tabs), counted without splitting.
        var words = 0
        var inWord = false
        for scalar in head {
            if scalar == " " || scalar == "\t" {
                inWord = false
            } else if !inWord {
                inWord = true
                words += 1
                if words >= 6 { return true }
            }
        }
        return false
    }

    /// More CJK letters than Latin ones in the head.
    var isCJK: Bool { cjkLetters * 3 >= latinLetters && cjkLetters > 0 }
}
