@testable import DehyphenateStage
import Foundation
import GalleyCore
import Testing

/// `ChineseWords` keeps its words in a byte-keyed table parsed at the first question; it must
/// answer exactly as a `[String: Float]` filled line by line from the same file did.
@Suite struct ChineseWordsTests {
    /// The list as a `[String: Float]` of log probabilities: the straightforward reading the
    /// table must agree with (canonically equivalent strings are one key; the last line of a
    /// word wins; every line's frequency counts in the total).
    static func reference(_ data: Data) -> (words: [String: Float], unknown: Float) {
        var counts: [String: Float] = [:]
        var total: Double = 0
        for line in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            guard let space = line.firstIndex(of: 0x20), space > line.startIndex else { continue }
            let digits = line[(space + 1)...].prefix { $0 >= 0x30 && $0 <= 0x39 }
            let frequency = digits.reduce(0) { $0 * 10 + Int($1 - 0x30) }
            guard frequency > 0 else { continue }
            counts[String(decoding: line[..<space], as: UTF8.self)] = Float(frequency)
            total += Double(frequency)
        }
        let logTotal = Float(log(total))
        return (counts.mapValues { log($0) - logTotal }, log(1) - logTotal - 2)
    }

    /// The default list read the straightforward way, once for the suite.
    static let defaultReference: (words: [String: Float], unknown: Float) = {
        reference((try? Data(contentsOf: URL(fileURLWithPath: DehyphenateStage.defaultChineseWords))) ?? Data())
    }()

    static func write(_ text: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("chinese-words-\(UUID().uuidString).txt", isDirectory: false).path
        try Data(text).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func aSmallListAnswersAsAStringDictionaryWould() throws {
        // Duplicates (the last wins), a compatibility ideograph (U+F900, canonically U+8C48),
        // kana with a combining voiced mark, ill-formed UTF-8, lines without a frequency or with
        // frequency 0, a line that is only a word, and no newline at the end.
        var text = Array("中国 10 ns\n中国 30 ns\n人民 20 n\n\u{F900}子 7 n\n\u{304B}\u{3099}く 5 n\nAT&T 3 nz\n".utf8)
        text += [0xE4, 0xB8, 0x20, 0x34, 0x0A]            // a cut-off character, frequency 4
        text += [0xE0, 0x81, 0x81, 0x20, 0x39, 0x0A]      // an overlong `A`, frequency 9
        text += Array("零 0 m\n没有频率\n 12 x\n长江大桥 8".utf8)
        let path = try Self.write(text)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let words = try ChineseWords(path: path)
        let (reference, _) = Self.reference(Data(text))

        for (word, probability) in reference {
            #expect(words.logProbability(of: word) == probability, "\(word.unicodeScalars.map { $0.value })")
        }
        #expect(words.logProbability(of: "\u{8C48}子") == reference["\u{F900}子"])
        #expect(words.logProbability(of: "\u{304C}く") == reference["\u{304B}\u{3099}く"])
        #expect(words.logProbability(of: "A") == nil)
        #expect(words.logProbability(of: "零") == nil)
        #expect(words.logProbability(of: "中") == nil)
        #expect(words.longest == 4)
    }

    @Test func theDefaultListAnswersAsAStringDictionaryWould() throws {
        let reference = Self.defaultReference.words
        let words = try ChineseWords(path: DehyphenateStage.defaultChineseWords)
        // Every 97th word of the list, and strings of the list's characters that are no word.
        let keys = reference.keys.sorted()
        for word in stride(from: 0, to: keys.count, by: 97).map({ keys[$0] }) {
            #expect(words.logProbability(of: word) == reference[word])
            let doubled = word + word
            #expect(words.logProbability(of: doubled) == reference[doubled])
        }
        #expect(keys.count > 300_000)
    }

    @Test func segmentationAgreesWithTheStraightforwardOneOnRealText() throws {
        let (reference, unknown) = Self.defaultReference
        let words = try ChineseWords(path: DehyphenateStage.defaultChineseWords)
        let text = Array(("实行高水平对外开放推动商务工作高质量发展全区上下牢固树立项目为王理念一切围绕项目转"
            + "创新举措大力推进招商引资一号工程我区成功引进总投资超亿元项目圆满完成重大项目招引年度目标任务").unicodeScalars)
        var breaks = 0
        for cut in stride(from: 1, to: text.count - 1, by: 1) {
            for span in [2, 4, 6] {
                let left = text[max(0, cut - span)..<cut]
                let right = text[cut..<min(text.count, cut + span)]
                let expected = Self.breaksAWord(left, right, reference, unknown: unknown, longest: words.longest)
                #expect(words.breaksAWord(left: left, right: right) == expected, "\(String(String.UnicodeScalarView(left))) | \(String(String.UnicodeScalarView(right)))")
                if expected { breaks += 1 }
            }
        }
        #expect(breaks > 20)
    }

    /// The segmentation of `left` + `right` by a `[String: Float]`, as the stage first did it.
    static func breaksAWord(_ left: ArraySlice<Unicode.Scalar>, _ right: ArraySlice<Unicode.Scalar>,
                            _ words: [String: Float], unknown: Float, longest: Int) -> Bool {
        let text = Array(left) + Array(right)
        let count = text.count
        var best = [Float](repeating: -.infinity, count: count + 1)
        var from = [Int](repeating: 0, count: count + 1)
        best[0] = 0
        for start in 0..<count where best[start] > -.infinity {
            var word = String.UnicodeScalarView()
            for end in (start + 1)...min(count, start + longest) {
                word.append(text[end - 1])
                let score: Float
                if let probability = words[String(word)] {
                    score = probability
                } else if end == start + 1 {
                    score = unknown
                } else {
                    continue
                }
                if best[start] + score > best[end] {
                    best[end] = best[start] + score
                    from[end] = start
                }
            }
        }
        var end = count
        while end > 0 {
            let start = from[end]
            if start < left.count && end > left.count { return true }
            end = start
        }
        return false
    }

    @Test func aListWithoutWordsIsRefusedWhenRead() throws {
        let path = try Self.write(Array("没有频率\n零 0 m\n\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: DictionaryError.self) { _ = try ChineseWords(path: path) }
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["cjk_words": .string(path)])
        }
    }

    @Test func theListIsReadAtSetUpAndParsedAtTheFirstQuestion() throws {
        let path = try Self.write(Array("中国 10 ns\n人民 20 n\n".utf8))
        let words = try ChineseWords(path: path)
        // Gone from the disk after set-up: the words were read then.
        try FileManager.default.removeItem(atPath: path)
        #expect(words.breaksAWord(left: ["人"], right: ["民"]))
        #expect(!words.breaksAWord(left: ["中", "国"], right: ["人", "民"]))
    }
}
