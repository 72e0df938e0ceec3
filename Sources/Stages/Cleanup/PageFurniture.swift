/// Finds running heads, footers and page numbers (`- 12 -`, `Page 3 of 9`, `第3版`) that recur at
/// page breaks.
///
/// With form feeds, the first two and last two lines of every page are candidates: a page number
/// is furniture, and so is a line that, with its digits ignored, recurs on at least half of the
/// pages (and at least two). Without form feeds, a short line that recurs (digits ignored) at
/// least three times at a steady interval of ten lines or more is furniture. One pass to group
/// the lines, one to decide: linear in the number of lines.
enum PageFurniture {
    /// Indices of the lines to remove. `pages` gives the page of each line (all 0 without form feeds).
    static func furnitureLines(_ lines: [ArraySlice<Unicode.Scalar>], pages: [Int]) -> Set<Int> {
        let pageCount = (pages.last ?? 0) + 1
        return pageCount >= 2 ? atPageBreaks(lines, pages: pages, pageCount: pageCount) : periodic(lines)
    }

    static func atPageBreaks(_ lines: [ArraySlice<Unicode.Scalar>], pages: [Int], pageCount: Int) -> Set<Int> {
        // The non-empty lines of each page, in order.
        var perPage = [[Int]](repeating: [], count: pageCount)
        for (index, line) in lines.enumerated() where !line.isEmpty {
            perPage[pages[index]].append(index)
        }
        var pagesByKey: [String: Set<Int>] = [:]
        for page in perPage {
            for index in Set(page.prefix(2) + page.suffix(2)) {
                pagesByKey[key(lines[index]), default: []].insert(pages[index])
            }
        }
        let needed = max(2, (pageCount + 1) / 2)
        func isFurniture(_ index: Int) -> Bool {
            let line = lines[index]
            return isPageNumber(line) || (line.count <= 100 && (pagesByKey[key(line)]?.count ?? 0) >= needed)
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

    static func periodic(_ lines: [ArraySlice<Unicode.Scalar>]) -> Set<Int> {
        // Positions counted in non-empty lines, so that blank lines do not blur the period.
        var positions: [String: [(line: Int, rank: Int)]] = [:]
        var rank = 0
        for (index, line) in lines.enumerated() where !line.isEmpty {
            defer { rank += 1 }
            guard line.count <= 60 else { continue }
            let key = key(line)
            // A bare number is as likely a section or list number as a page number: without
            // form feeds only decorated numbers (`- 12 -`, `Page 3`) and running heads count.
            if key == "#" { continue }
            positions[key, default: []].append((index, rank))
        }
        var result = Set<Int>()
        for (_, places) in positions where places.count >= 3 {
            var gaps: [Int] = []
            for offset in 1..<places.count { gaps.append(places[offset].rank - places[offset - 1].rank) }
            let sorted = gaps.sorted()
            let median = sorted[sorted.count / 2]
            guard median >= 10, gaps.allSatisfy({ abs($0 - median) <= 2 }) else { continue }
            result.formUnion(places.map(\.line))
        }
        return result
    }

    /// The line with digits replaced and letters lower-cased, so `Page 3` and `Page 4` match.
    static func key(_ line: ArraySlice<Unicode.Scalar>) -> String {
        var key = String.UnicodeScalarView()
        for scalar in line {
            let value = scalar.value
            if (value >= 0x30 && value <= 0x39) || (value >= 0xFF10 && value <= 0xFF19) {
                if key.last != "#" { key.append("#") }
            } else if scalar.value < 0x80 {
                key.append(Unicode.Scalar(UInt8(ascii: scalar).lowercasedASCII))
            } else {
                key.append(scalar)
            }
        }
        return String(key)
    }

    /// `12`, `- 12 -`, `— 12 —`, `[12]`, `Page 3`, `Page 3 of 9`, `p. 3`, `3/9`, `第3版`, `第3页`.
    static func isPageNumber(_ line: ArraySlice<Unicode.Scalar>) -> Bool {
        let text = key(line).filter { $0 != " " }
        let stripped = text.trimmingDecorations()
        let shapes = ["#", "page#", "page#of#", "p.#", "#/#", "第#版", "第#页", "第#頁", "#页", "pg.#", "seite#"]
        return shapes.contains(stripped)
    }
}

extension UInt8 {
    fileprivate init(ascii scalar: Unicode.Scalar) { self = UInt8(truncatingIfNeeded: scalar.value) }

    fileprivate var lowercasedASCII: UInt8 { (self >= 0x41 && self <= 0x5A) ? self + 0x20 : self }
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
