import Foundation
@testable import GalleyText
import Testing

/// The line-role model's fast paths against straightforward references: features looked up in the
/// dense index against the hashed keys, and the whole decoding (scores, Viterbi, forward–backward)
/// against one written one label at a time, which must give the same roles and the same
/// probabilities to the last bit.
@Suite struct LineRoleFastPathTests {
    /// Pages of every kind the features tell apart: headlines, bylines, captions, furniture, tables,
    /// numbered headings, CJK news, repeated lines, blank lines, indentation, a page of one line.
    static let pages: [String] = {
        var pages = [
            "Floods Hit Coastal Towns\nBy Jane Doe\nWASHINGTON, Jan. 31 — heavy rain flooded dozens of towns along the coast on sunday,\n"
                + "officials said, and roads were closed all night long. The mayor, who had cam-\npaigned for it, said the\n"
                + "Figure 2: water levels\nPhoto: AP\n\nPage 3\nVOL. XII NO. 7\n12\n",
            "第3版\n推进城乡建设 提升服务水平\n□ 记者 张明\n本报北京1月3日电（记者 李四）今年以来，全区上下围绕重点工程，加快推进第1批建设任务。\n"
                + "一、总则\n（一）范围\n图为工人在施工。\n陆新 摄\n（新华社记者兰红光摄）\n——副标题在这里\n上一版  下一版\n",
            "1 Introduction\nInformation extraction from text is far from infallible.\n2. Related Work\nIV. Results\nA. Methods\n"
                + "Proceedings of the Conference on Things, pages 1–10\nDepartment of Physics, University of X\njane@example.org\n"
                + "http://www.example.com/paper\nAbstract\nMethod    Score    Time\nA    0.91    12\nB    0.87    15\n",
            "   indented line\n\tTabbed line\nthe end of the\nALL CAPS HEADLINE HERE\nTHE PASSING OF\nAN OLD SETTLER\n\n\nx\r\n"
                + "é É ß Ø ǅ 𝔘𝔫𝔦 😀\nＡＢＣ１２３\n１．第一条\n1、第一项\n（图片）（附图片１张）\n",
            "One line only",
            "",
        ]
        // A long page: the lines above over and over (repeated lines), and long lines.
        pages.append(String(repeating: pages[0] + pages[1], count: 6) + String(repeating: "这是一段很长的文字，没有标题也没有作者。", count: 40))
        let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../seeds")
        for name in (try? FileManager.default.contentsOfDirectory(atPath: seeds.path)) ?? [] where name.hasSuffix(".txt") {
            if let text = try? String(contentsOf: seeds.appendingPathComponent(name), encoding: .utf8) { pages.append(text) }
        }
        return pages
    }()

    @Test func theDenseIndexFindsTheRowsTheKeysFind() throws {
        let model = LineRoleTagger.standard.model
        for feature in LineFeature.allCases {
            for offset in LineFeature.offsets {
                for value in 0..<5_000 {
                    let row = model.rows.row(LineFeature.key(feature, offset: offset, value: value)).map { $0 / model.roles.count } ?? -1
                    #expect(model.index.row(feature, offset: offset, value: value) == row, "\(LineFeature.name(feature, offset: offset, value: value))")
                }
            }
        }
    }

    @Test func aTemplateOfWideValuesIsReadFromTheHashTable() throws {
        let text = """
            galley-line-roles 1
            labels body title
            feature len=3 title:1.0
            feature len=4000000 body:2.0
            feature -1:first=7 body:0.5
            """
        let model = try LineRoleModel(text: text)
        #expect(model.index.row(.length, offset: 0, value: 3) == 0)
        #expect(model.index.row(.length, offset: 0, value: 4_000_000) == 1)
        #expect(model.index.row(.length, offset: 0, value: 5) == -1)
        #expect(model.index.row(.first, offset: -1, value: 7) == 2)
        #expect(model.index.row(.first, offset: 0, value: 7) == -1)
        #expect(model.index.row(.first, offset: 1, value: 7) == -1)
    }

    @Test func decodingGivesTheReferencesRolesAndProbabilitiesToTheBit() throws {
        for model in [LineRoleTagger.standard.model, try LineRoleModelTests.allRolesModel()] {
            let tagger = LineRoleTagger(model: model)
            for page in Self.pages {
                var page = page
                page.withUTF8 { bytes in
                    let lines = PageLines.lines(of: bytes)
                    let fast = tagger.roles(of: bytes, lines: lines)
                    var keys: [(Int, UInt64)] = []
                    LineFeatureExtractor.features(of: bytes, lines: lines) { line, key, _ in keys.append((line, key)) }
                    let reference = Self.referenceDecode(model, lineCount: lines.count, features: keys)
                    #expect(fast.roles == reference.roles)
                    #expect(fast.confidence.map(\.bitPattern) == reference.confidence.map(\.bitPattern))
                    // The generic entry point (keys, in any order of lines) agrees too.
                    let generic = model.decode(lineCount: lines.count) { add in for (line, key) in keys { add(line, key) } }
                    #expect(generic.roles == reference.roles)
                    #expect(generic.confidence.map(\.bitPattern) == reference.confidence.map(\.bitPattern))
                }
            }
        }
    }

    /// Decoding one label at a time, in plain arrays: the scores added feature by feature in the
    /// order given, Viterbi with the first predecessor winning a tie, forward–backward scaled at
    /// every line.
    static func referenceDecode(_ model: LineRoleModel, lineCount: Int, features: [(Int, UInt64)]) -> LabelledLines {
        guard lineCount > 0 else { return LabelledLines(roles: [], confidence: []) }
        let labels = model.roles.count
        let transition = { (from: Int, to: Int) in model.transitionRows[from][to] }
        var scores = [Float](repeating: 0, count: lineCount * labels)
        for (line, key) in features {
            guard let start = model.rows.row(key) else { continue }
            for label in 0..<labels { scores[line * labels + label] += model.weights[start + label] }
        }
        var best = Array(scores[0..<labels])
        var back = [Int](repeating: 0, count: lineCount * labels)
        for line in 1..<max(lineCount, 1) {
            var next = [Float](repeating: 0, count: labels)
            for to in 0..<labels {
                var top = -Float.infinity, from = 0
                for candidate in 0..<labels where best[candidate] + transition(candidate, to) > top {
                    top = best[candidate] + transition(candidate, to)
                    from = candidate
                }
                next[to] = top + scores[line * labels + to]
                back[line * labels + to] = from
            }
            best = next
        }
        var path = [Int](repeating: 0, count: lineCount)
        var last = 0
        for label in 1..<labels where best[label] > best[last] { last = label }
        path[lineCount - 1] = last
        for line in stride(from: lineCount - 1, to: 0, by: -1) {
            last = back[line * labels + last]
            path[line - 1] = last
        }
        let roles = path.map { model.roles[$0] }
        guard path.contains(where: { !LineRoleModel.isRunningText(model.roles[$0]) }) else {
            return LabelledLines(roles: roles, confidence: [Float](repeating: 1, count: lineCount))
        }
        func normalize(_ values: inout [Float], _ start: Int) {
            var sum: Float = 0
            for label in 0..<labels { sum += values[start + label] }
            guard sum > 0, sum.isFinite else { return }
            let scale = 1 / sum
            for label in 0..<labels { values[start + label] *= scale }
        }
        let potential = { (from: Int, to: Int) in model.potentialRows[from][to] }
        var potentials = [Float](repeating: 0, count: lineCount * labels)
        for line in 0..<lineCount {
            let top = scores[(line * labels)..<(line * labels + labels)].reduce(-Float.infinity) { max($0, $1) }
            for label in 0..<labels { potentials[line * labels + label] = Float(exp(Double(scores[line * labels + label] - top))) }
        }
        var alpha = [Float](repeating: 0, count: lineCount * labels)
        var beta = [Float](repeating: 1, count: lineCount * labels)
        for label in 0..<labels { alpha[label] = potentials[label] }
        normalize(&alpha, 0)
        for line in 1..<max(lineCount, 1) {
            for to in 0..<labels {
                var sum: Float = 0
                for from in 0..<labels { sum += alpha[(line - 1) * labels + from] * potential(from, to) }
                alpha[line * labels + to] = sum * potentials[line * labels + to]
            }
            normalize(&alpha, line * labels)
        }
        for line in stride(from: lineCount - 2, through: 0, by: -1) {
            for from in 0..<labels {
                var sum: Float = 0
                for to in 0..<labels { sum += potential(from, to) * potentials[(line + 1) * labels + to] * beta[(line + 1) * labels + to] }
                beta[line * labels + from] = sum
            }
            normalize(&beta, line * labels)
        }
        var marginals = zip(alpha, beta).map { $0 * $1 }
        for line in 0..<lineCount { normalize(&marginals, line * labels) }
        return LabelledLines(roles: roles, confidence: path.enumerated().map { marginals[$0 * labels + $1] })
    }

    @Test func theLatinLetterTableAnswersAsTheUnicodePropertiesDo() {
        for value in 0..<LatinLetters.end {
            let properties = Unicode.Scalar(value)!.properties
            #expect(LatinLetters.isAlphabetic(value) == properties.isAlphabetic, "U+\(String(value, radix: 16))")
            #expect(LatinLetters.isUppercase(value) == properties.isUppercase, "U+\(String(value, radix: 16))")
            #expect(LatinLetters.isLowercase(value) == properties.isLowercase, "U+\(String(value, radix: 16))")
        }
    }

    @Test func theVenueOpenersBeyondASCIIAreThoseOfTheWords() {
        for word in LineFeatureExtractor.venueWords where !word[0].isASCII {
            #expect(LineFeatureExtractor.venueOpenersBeyondASCII.contains(word[0]))
        }
        #expect(LineFeatureExtractor.hasVenueWord(Array("北京大学物理系".unicodeScalars)))
        #expect(!LineFeatureExtractor.hasVenueWord(Array("大家学习研讨".unicodeScalars)))
    }

    @Test func theAddressSearchAnswersAsThePlainOneDoes() {
        let lines = ["mail me@x.org", "http://x", "see www.x.org", "http is a protocol", "the http of it, with w", "a/b http",
                     "wwwhttp", "nothing here", "", "@", "h", "w", "www", "www.", "ttp:/", "HTTP://X", "http", "/http"]
        for line in lines {
            let head = Array(line.unicodeScalars)
            let plain = head.contains { $0 == "@" || $0 == "/" || $0 == "w" }
                && (head.contains("@") || head.containsScalars(Array("http".unicodeScalars)) || head.containsScalars(Array("www.".unicodeScalars)))
            #expect(LineFeatureExtractor.hasAddress(head) == plain, "\(line)")
        }
    }

    @Test func everyBylineOpenerPassesTheQuickTest() {
        for opener in LineFeatureExtractor.bylineOpeners { #expect(LineFeatureExtractor.mayStartByline(opener[0])) }
        #expect(LineFeatureExtractor.opensByline(Array("□ 记者 范玉贤".unicodeScalars)))
        #expect(LineFeatureExtractor.opensByline(Array("By Jane Doe".unicodeScalars)))
        #expect(!LineFeatureExtractor.opensByline(Array("Bye now".unicodeScalars)))
        #expect(!LineFeatureExtractor.opensByline(Array("□ ".unicodeScalars)))
    }
}
