import GalleyText

/// Finds running heads, footers and page numbers (`- 12 -`, `Page 3 of 9`, `第3版`) that recur at
/// page breaks.
///
/// With form feeds, the first two and last two lines of every page are candidates: a page number
/// is furniture, and so is a line that, with its digits ignored, recurs on at least half of the
/// pages (and at least two), or on at least half of the pages of one parity and none of the other
/// (the alternating heads of books, three or more). Without form feeds, a short line that recurs (digits ignored) at
/// least three times at a steady interval of ten lines or more is furniture. One pass to group
/// the lines, one to decide: linear in the number of lines (plus a sort of the short lines'
/// key hashes without form feeds).
enum PageFurniture {
    /// Indices of the lines to remove.
    static func furnitureLines(_ lines: LineView) -> Set<Int> {
        let pageCount = (lines.lines.last?.page ?? 0) + 1
        return pageCount >= 2 ? atPageBreaks(lines, pageCount: pageCount) : periodic(lines)
    }

    static func atPageBreaks(_ lines: LineView, pageCount: Int) -> Set<Int> {
        // The non-empty lines of each page, in order.
        var perPage = [[Int]](repeating: [], count: pageCount)
        for index in 0..<lines.count where !lines.isEmpty(index) {
            perPage[lines.lines[index].page].append(index)
        }
        var pagesByKey: [String: Set<Int>] = [:]
        for page in perPage {
            for index in Set(page.prefix(2) + page.suffix(2)) {
                pagesByKey[key(lines, index), default: []].insert(lines.lines[index].page)
            }
        }
        let needed = max(2, (pageCount + 1) / 2)
        // Books and theses alternate their heads: one on the left-hand pages, another on the
        // right-hand ones. A line on at least half of the pages of one parity (three or more)
        // and on none of the other is furniture too.
        let neededByParity = [max(3, (pageCount / 2 + 1) / 2), max(3, ((pageCount + 1) / 2 + 1) / 2)]
        func isFurniture(_ index: Int) -> Bool {
            if mayBePageNumber(lines, index) && isPageNumber(key(lines, index)) { return true }
            guard lines.scalarCount(index, atMost: 100) <= 100, let pages = pagesByKey[key(lines, index)] else { return false }
            if pages.count >= needed { return true }
            let odd = pages.filter { $0 % 2 == 1 }.count
            let even = pages.count - odd
            return (odd == 0 && even >= neededByParity[1]) || (even == 0 && odd >= neededByParity[0])
        }
        // From each edge of a page inwards: the first line, and the second only when the first
        // was furniture (a running head above a page number, say).
        var result = Set<Int>()
        for page in perPage where !page.isEmpty {
            for position in [0, 1] where position < page.count {
                guard isFurniture(page[position]) else { break }
                result.insert(page[position])
            }
            for position in [page.count - 1, page.count - 2] where position >= 0 {
                guard isFurniture(page[position]) else { break }
                result.insert(page[position])
            }
        }
        return result
    }

    static func periodic(_ lines: LineView) -> Set<Int> {
        // Positions counted in non-empty lines, so that blank lines do not blur the period.
        // Lines are grouped by a hash of their key first; keys are built only for lines whose
        // hash recurs at least three times.
        var places: [(hash: UInt64, line: Int, rank: Int)] = []
        var rank = 0
        for index in 0..<lines.count where !lines.isEmpty(index) {
            defer { rank += 1 }
            guard lines.scalarCount(index, atMost: 60) <= 60 else { continue }
            places.append((keyHash(lines, index), index, rank))
        }
        places.sort { $0.hash != $1.hash ? $0.hash < $1.hash : $0.line < $1.line }
        var result = Set<Int>()
        var groupStart = 0
        while groupStart < places.count {
            var groupEnd = groupStart + 1
            while groupEnd < places.count && places[groupEnd].hash == places[groupStart].hash { groupEnd += 1 }
            defer { groupStart = groupEnd }
            guard groupEnd - groupStart >= 3 else { continue }
            // The real keys, in line order (equal hashes of different keys are told apart here).
            var byKey: [String: [(line: Int, rank: Int)]] = [:]
            for place in places[groupStart..<groupEnd] {
                byKey[key(lines, place.line), default: []].append((place.line, place.rank))
            }
            for (key, group) in byKey where group.count >= 3 {
                // A bare number is as likely a section or list number as a page number: without
                // form feeds only decorated numbers (`- 12 -`, `Page 3`) and running heads count.
                if key == "#" { continue }
                var gaps: [Int] = []
                for offset in 1..<group.count { gaps.append(group[offset].rank - group[offset - 1].rank) }
                let sorted = gaps.sorted()
                let median = sorted[sorted.count / 2]
                guard median >= 10, gaps.allSatisfy({ abs($0 - median) <= 2 }) else { continue }
                result.formUnion(group.map(\.line))
            }
        }
        return result
    }

    /// The bytes of a line's key, one at a time: digits (ASCII and full-width) replaced by `#`
    /// (a run by one), ASCII letters lower-cased, everything else as it is.
    @inline(__always)
    static func forEachKeyByte(_ lines: LineView, _ index: Int, _ body: (UInt8) -> Void) {
        let line = lines.lines[index]
        let base = lines.base
        var position = line.start
        var last: UInt8 = 0
        while position < line.end {
            let byte = base[position]
            var digit = byte >= 0x30 && byte <= 0x39
            var length = 1
            // Full-width digits U+FF10–U+FF19: EF BC 90–99.
            if byte == 0xEF && position + 2 < line.end && base[position + 1] == 0xBC
                && base[position + 2] >= 0x90 && base[position + 2] <= 0x99 {
                digit = true
                length = 3
            }
            if digit {
                if last != 0x23 {
                    body(0x23)
                    last = 0x23
                }
            } else {
                last = byte >= 0x41 && byte <= 0x5A ? byte + 0x20 : byte
                body(last)
            }
            position += length
        }
    }

    /// The line with digits replaced and letters lower-cased, so `Page 3` and `Page 4` match.
    static func key(_ lines: LineView, _ index: Int) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(lines.lines[index].end - lines.lines[index].start)
        forEachKeyByte(lines, index) { bytes.append($0) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// FNV-1a of the key's bytes.
    static func keyHash(_ lines: LineView, _ index: Int) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        forEachKeyByte(lines, index) { byte in
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return hash
    }

    static let decorations: Set<Unicode.Scalar> = ["-", "–", "—", "[", "]", "(", ")", "|", "·", "•", "*", "~", "－", "（", "）"]

    /// The cheap test before `isPageNumber`: with spaces and decorations left out and each run of
    /// digits counted once, a page number has at most eight characters (`page#of#`).
    static func mayBePageNumber(_ lines: LineView, _ index: Int) -> Bool {
        let line = lines.lines[index]
        var position = line.start
        var count = 0
        var lastWasDigit = false
        while position < line.end {
            let (value, length) = UTF8Scalars.value(lines.base, at: position)
            position += length
            if value == 0x20 { continue }
            let digit = (value >= 0x30 && value <= 0x39) || (value >= 0xFF10 && value <= 0xFF19)
            if digit && lastWasDigit { continue }
            lastWasDigit = digit
            if let scalar = Unicode.Scalar(value), decorations.contains(scalar) { continue }
            count += 1
            if count > 8 { return false }
        }
        return true
    }

    /// `12`, `- 12 -`, `— 12 —`, `[12]`, `Page 3`, `Page 3 of 9`, `p. 3`, `3/9`, `第3版`, `第3页`.
    static func isPageNumber(_ key: String) -> Bool {
        let text = key.filter { $0 != " " }
        let stripped = text.trimmingDecorations()
        return pageNumberShapes.contains(stripped)
    }

    static let pageNumberShapes: Set<String> = ["#", "page#", "page#of#", "p.#", "#/#", "第#版", "第#页", "第#頁", "#页", "pg.#", "seite#"]
}

extension String {
    /// Without the dashes, brackets and similar that decorate a page number.
    fileprivate func trimmingDecorations() -> String {
        let decorations: Set<Character> = ["-", "–", "—", "[", "]", "(", ")", "|", "·", "•", "*", "~", "－", "（", "）"]
        var characters = Substring(self)
        while let first = characters.first, decorations.contains(first) { characters = characters.dropFirst() }
        while let last = characters.last, decorations.contains(last) { characters = characters.dropLast() }
        return String(characters)
    }
}
