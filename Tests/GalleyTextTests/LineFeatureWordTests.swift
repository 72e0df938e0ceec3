@testable import GalleyText
import Testing

/// The word features of the line-role model (`venue`, `furniture`, `dateline`, `repeated`) are found
/// with quick tests that rule out most of a line first; these check that the quick tests rule out
/// nothing the plain search would find.
@Suite struct LineFeatureWordTests {
    /// The plain search: does any of `words` occur in `head`.
    static func plainSearch(_ words: [[Unicode.Scalar]], _ head: [Unicode.Scalar]) -> Bool {
        words.contains { head.containsScalars($0) }
    }

    /// Lines with each word at the start, inside, at the end and cut off by the end, and lines
    /// with near misses (`pager`, `arrived`, `do`, `Dept`, `大`).
    static func lines(around words: [[Unicode.Scalar]]) -> [[Unicode.Scalar]] {
        var lines: [String] = ["pager arrived to do it", "Dept. of things", "大 学 研究", "Vo l. N o", "", "P", "©"]
        for word in words.map({ String(String.UnicodeScalarView($0)) }) {
            lines += [word, "\(word) rest", "the \(word)", "the \(word) of it", "a \(word.dropLast())", "x\(word)y"]
        }
        return lines.map { Array($0.unicodeScalars) }
    }

    @Test func everyVenueWordPassesTheQuickTests() {
        for word in LineFeatureExtractor.venueWords {
            #expect(LineFeatureExtractor.mayStartVenueWord(word[0], word.count > 1 ? word[1] : " "))
            if word[0].isASCII, word.count > 1 {
                let bit = Int(word[0].value << 7 | word[1].value)
                #expect(LineFeatureExtractor.venuePairsASCII[bit >> 6] >> UInt64(bit & 63) & 1 == 1)
            }
        }
    }

    @Test func venueWordsAreFoundAsThePlainSearchFindsThem() {
        for head in Self.lines(around: LineFeatureExtractor.venueWords) {
            #expect(LineFeatureExtractor.hasVenueWord(head) == Self.plainSearch(LineFeatureExtractor.venueWords, head),
                    "\(String(String.UnicodeScalarView(head)))")
        }
    }

    @Test func furnitureWordsAreFoundAsThePlainSearchFindsThem() {
        for word in LineFeatureExtractor.furnitureWords { #expect(LineFeatureExtractor.mayStartFurnitureWord(word[0])) }
        for head in Self.lines(around: LineFeatureExtractor.furnitureWords) {
            // (Digits are left out: a line of digits is furniture whatever its words.)
            #expect(LineFeatureExtractor.isFurniture(head, digits: 0, nonSpace: head.count)
                == Self.plainSearch(LineFeatureExtractor.furnitureWords, head), "\(String(String.UnicodeScalarView(head)))")
        }
    }

    /// The features `names` of each line of `page`.
    static func features(_ page: String) -> [[String]] {
        var page = page
        return page.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            var names = [[String]](repeating: [], count: lines.count)
            LineFeatureExtractor.features(of: bytes, lines: lines, names: true) { line, _, name in names[line].append(name!) }
            return names
        }
    }

    @Test func datelinesAndRepeatedLines() {
        let page = """
            WASHINGTON — The senate met.
            LONDON, Jan. 3 — Rain fell.
            Ab — not a dateline.
            本报讯（记者 王明）今天
            新华社北京3月1日电 记者
            Page 3
            The Daily News
            body text of the story goes on
            Page 3
            """
        let features = Self.features(page)
        let datelines = features.map { $0.contains("dateline=1") }
        #expect(datelines == [true, true, false, true, true, false, false, false, false])
        let repeated = features.map { $0.contains("repeated=1") }
        #expect(repeated == [false, false, false, false, false, true, false, false, true])
    }

    @Test func sectionNamesInAnyCase() {
        let names = ["Abstract", "1 Introduction", "2. Related Work", "RESULTS AND DISCUSSION:", "materials and methods.", "摘要", "参考文献"]
        let others = ["Abstracts", "Introduction to it", "Related  Work", "Résumé", "Discussión", "ABSTRACT\u{0301}", "a", "参考"]
        for name in names { #expect(LineFeatureExtractor.isSectionName(Array(name.unicodeScalars)), "\(name)") }
        for other in others { #expect(!LineFeatureExtractor.isSectionName(Array(other.unicodeScalars)), "\(other)") }
    }
}
