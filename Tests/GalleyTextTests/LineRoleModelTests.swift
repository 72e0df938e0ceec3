import Foundation
import GalleyText
import Testing

/// The line-role library: reading a model file, decoding, the page's lines, the features' names,
/// and the layout it gives the rules. The model in these tests is written by hand, so that they
/// check the code, not the weights that training happens to give.
@Suite struct LineRoleModelTests {
    /// Two roles; a line whose first scalar is upper-case leans to `title`, a long line to `body`,
    /// and a title is seldom followed by another title.
    static let handModel = """
        galley-line-roles 1
        labels body title
        transition title title -2.0
        transition body title 0.5
        feature first=0 title:1.0 body:-0.5
        feature len=8 body:3.0
        feature len=7 body:3.0
        feature unknown-template=3 body:9.0
        """

    @Test func readsTheModelFile() throws {
        let model = try LineRoleModel(text: Self.handModel)
        #expect(model.roles == [.body, .title])
        // The feature of a template this build does not know is skipped, not an error.
        #expect(model.featureCount == 3)
    }

    @Test func reportsAnErrorWithItsLine() {
        #expect(throws: LineRoleModel.FormatError.self) { try LineRoleModel(text: "galley-line-roles 1\nlabels body nonsense") }
        do {
            _ = try LineRoleModel(text: "galley-line-roles 1\nlabels body title\ntransition body\n")
        } catch let error as LineRoleModel.FormatError {
            #expect(error.line == 3)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func decodesTheBestSequenceWithConfidence() throws {
        let tagger = LineRoleTagger(model: try LineRoleModel(text: Self.handModel))
        let text = "Floods Hit Coastal Towns\nheavy rain flooded dozens of towns along the coast on sunday, officials said, and roads were closed all night long.\n"
        let (lines, labels) = tagger.roles(of: text)
        #expect(lines.count == 2)
        #expect(labels.roles == [.title, .body])
        for confidence in labels.confidence { #expect(confidence > 0.5 && confidence <= 1.0001) }
    }

    @Test func transitionsWeighOnTheSequence() throws {
        // Two capitalized short lines: title, title scores 1 + 1 - 2 (the title → title
        // transition); body, title scores -0.5 + 1 + 0.5 (body → title); title, body 1 - 0.5.
        let tagger = LineRoleTagger(model: try LineRoleModel(text: Self.handModel))
        let (_, labels) = tagger.roles(of: "One\nTwo\n")
        #expect(labels.roles == [.body, .title])
    }

    @Test func pageLinesKnowTheirBlankNeighboursAndIndentation() {
        var text = "  Title\r\n\nfirst line\nsecond line\n\n\n   \nlast"
        let lines = text.withUTF8 { PageLines.lines(of: $0) }
        #expect(lines.count == 4)
        #expect(lines.map(\.indent) == [2, 0, 0, 0])
        #expect(lines.map(\.blankBefore) == [true, true, false, true])
        #expect(lines.map(\.blankAfter) == [true, false, true, true])
        #expect(lines.map(\.scalars) == [5, 10, 11, 4])
        #expect(text.substring(utf8: lines[0].start, lines[0].end) == "Title")
    }

    @Test func featureNamesRoundTrip() {
        for feature in LineFeature.allCases {
            for offset in [-1, 0, 1] {
                let name = LineFeature.name(feature, offset: offset, value: 7)
                #expect(LineFeature.key(named: Substring(name)) == LineFeature.key(feature, offset: offset, value: 7))
            }
        }
        #expect(LineFeature.key(named: "nonsense=1") == nil)
    }

    @Test func featuresOfALineAreStable() {
        var text = "1 Introduction\nInformation extraction from text is far from infallible.\n"
        var names: [[String]] = [[], []]
        text.withUTF8 { bytes in
            let lines = PageLines.lines(of: bytes)
            LineFeatureExtractor.features(of: bytes, lines: lines, names: true) { line, _, name in names[line].append(name!) }
        }
        #expect(names[0].contains("num=1"))
        #expect(names[0].contains("section=1"))
        #expect(names[0].contains("+1:last=0"))
        #expect(names[1].contains("-1:first=2"))
        #expect(names[1].contains("last=0"))
    }

    @Test func oneGiantLineIsReadInBoundedTime() throws {
        let tagger = LineRoleTagger(model: try LineRoleModel(text: Self.handModel))
        let text = String(repeating: "这是一段很长的文字，没有标题也没有作者。", count: 100_000)
        let (lines, labels) = tagger.roles(of: text)
        #expect(lines.count == 1)
        #expect(lines[0].scalars == text.unicodeScalars.count)
        #expect(labels.roles.count == 1)
    }

    // MARK: The committed model

    @Test func theCommittedModelLoads() {
        let model = LineRoleTagger.standard.model
        #expect(model.featureCount > 100)
        #expect(model.roles.contains(.title) && model.roles.contains(.body) && model.roles.contains(.furniture))
    }

    @Test func aPageOfFurnitureIsTakenOut() {
        let page = "第3版\n2003年4月20日 人民日报 第5版\n当前版：02版\n上一版  下一版\n第4版(国际)\nPage 3\nVOL. X NO. 7\n第6版\n"
        let (lines, labels) = LineRoleTagger.standard.roles(of: page)
        #expect(labels.roles == [LineRole](repeating: .furniture, count: lines.count))
        // The layout takes out the lines the model is sure of (at least 0.9), which here is nearly all.
        let kept = LineRoleLayout(page).text.split(separator: "\n")
        #expect(kept.count == labels.confidence.filter { $0 < LineRoleLayout.furnitureConfidence }.count)
        #expect(kept.count <= 2)
        // Asked to keep furniture (as dehyphenate would), the text stays.
        #expect(LineRoleLayout(page, removingFurniture: false).text == page)
    }

    @Test func aShortPageIsLeftToTheRules() {
        let page = "WORLD NEWS\n\nFloods Hit Coastal Towns\n\nBy Maria Lopez\n"
        let layout = LineRoleLayout(page)
        #expect(layout.text == page)
        #expect(layout.roles.isEmpty)
    }

    @Test func headlinesWithoutBlankLinesAreSetApart() {
        let page = """
            THE WEEKLY HERALD
            FARMERS MEET AT THE COUNTY SEAT
            The farmers of the county met on
            Tuesday at the court house to hear
            the plans for new roads and to vote
            on the question of a new school for
            the children of the north district.
            BRIDGE IS OPENED
            The new bridge over the river was
            opened on Saturday with a parade and
            a band concert in the afternoon.
            """
        let layout = LineRoleLayout(page)
        #expect(layout.text.contains("district.\n\nBRIDGE IS OPENED\n\nThe new bridge"))
        // Body lines stay together.
        #expect(layout.text.contains("The new bridge over the river was\nopened on Saturday"))
    }

    @Test func refusesARoleListedTwice() {
        #expect(throws: LineRoleModel.FormatError.self) { try LineRoleModel(text: "galley-line-roles 1\nlabels body title body") }
    }

    /// Weights from a fixed formula that gives no two sequences the same score (no ties to break),
    /// written with four decimals (so the model's `Float` and the brute force's `Double` agree).
    static func weight(_ value: Int, _ label: Int) -> Double { (sin(Double(value * 13 + label * 7)) * 17000).rounded() / 10000 }
    static func transition(_ from: Int, _ to: Int) -> Double { (cos(Double(from * 11 + to * 5)) * 9000).rounded() / 10000 }

    /// A model of all thirteen roles: each line has one feature `len=v`, and its weights and the
    /// transitions differ for every pair of roles.
    static func allRolesModel() throws -> LineRoleModel {
        let roles = LineRole.allCases
        var text = "galley-line-roles 1\nlabels " + roles.map(\.rawValue).joined(separator: " ") + "\n"
        for (from, a) in roles.enumerated() {
            for (to, b) in roles.enumerated() {
                text += "transition \(a.rawValue) \(b.rawValue) \(Self.transition(from, to))\n"
            }
        }
        for value in 0..<9 {
            text += "feature len=\(value)"
            for (index, role) in roles.enumerated() { text += " \(role.rawValue):\(Self.weight(value, index))" }
            text += "\n"
        }
        return try LineRoleModel(text: text)
    }

    /// Viterbi and forward-backward against every sequence of roles of a four-line page, summed
    /// by brute force (13⁴ sequences).
    @Test func decodingMatchesBruteForceOverAllRoles() throws {
        let model = try Self.allRolesModel()
        let labels = model.roles.count
        for values in [[0, 3, 5, 8], [2, 2, 7, 1], [6, 4, 0, 3]] {
            let keys = values.map { LineFeature.key(named: Substring("len=\($0)"))! }
            let decoded = model.decode(lineCount: values.count) { add in
                for (line, key) in keys.enumerated() { add(line, key) }
            }
            var best = -Double.infinity, bestPath: [Int] = []
            var total = 0.0
            var marginal = [[Double]](repeating: [Double](repeating: 0, count: labels), count: values.count)
            var path = [0, 0, 0, 0]
            for code in 0..<(labels * labels * labels * labels) {
                var rest = code
                for line in 0..<4 { path[line] = rest % labels; rest /= labels }
                var score = 0.0
                for line in 0..<4 {
                    score += Self.weight(values[line], path[line])
                    if line > 0 { score += Self.transition(path[line - 1], path[line]) }
                }
                if score > best { best = score; bestPath = path }
                let p = exp(score)
                total += p
                for line in 0..<4 { marginal[line][path[line]] += p }
            }
            #expect(decoded.roles == bestPath.map { model.roles[$0] })
            let runningTextOnly = decoded.roles.allSatisfy { [.body, .table, .other, .dateline].contains($0) }
            for line in 0..<4 where !runningTextOnly {
                #expect(abs(Double(decoded.confidence[line]) - marginal[line][bestPath[line]] / total) < 1e-4)
            }
        }
    }

    @Test func aPageOfOnlyLongUnwrappedLinesIsNotTagged() {
        let paragraph = String(repeating: "The council met on Tuesday and voted on the budget for the parks. ", count: 6)
        let page = (0..<10).map { _ in paragraph }.joined(separator: "\n") + "\n"
        let skipped = LineRoleLayout(page, longestDecisive: 320)
        #expect(skipped.text == page)
        #expect(skipped.roles.isEmpty)
        // Every line is longer than 320 scalars; the same page is tagged when longer lines count…
        #expect(LineRoleLayout(page).roles.count == 10)
        // …and when one line is short enough to matter.
        let withHeadline = "COUNCIL VOTES\n" + page
        #expect(LineRoleLayout(withHeadline, longestDecisive: 320).roles.count == 11)
    }
}

