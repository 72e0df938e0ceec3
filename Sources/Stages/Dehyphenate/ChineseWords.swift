import Foundation
import GalleyText
import Synchronization

/// A Chinese word list with frequencies (jieba's `dict.txt`: `word frequency tag` a line, from
/// Debian's `python3-jieba`), asked whether a break between two characters falls inside a word:
/// the characters around the break are segmented by the most probable sequence of words (a
/// unigram model over the list, as jieba does), and the break is inside a word when no word of
/// that segmentation ends there (`公 | 里` in `万公里金刚线`, `主 | 任` in `名誉主任`).
///
/// Read-only after loading, so shared between threads without a lock; loaded once per process
/// for each path (``shared(path:)``).
final class ChineseWords: Sendable {
    /// Natural logarithm of each word's probability.
    private let logProbabilities: [String: Float]
    /// The log probability given to a character that is no word of the list.
    private let unknown: Float
    let longest: Int
    let path: String
    let loadSeconds: Double

    init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DictionaryError("the Chinese word list \(path) does not exist or cannot be read "
                + "(Debian: apt-get install python3-jieba; or name another with `cjk_words:`)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        var counts: [String: Float] = [:]
        counts.reserveCapacity(data.count / 14)
        var total: Double = 0
        var longest = 1
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                // `word frequency [tag]`
                var space = start
                while space < end && bytes[space] != 0x20 { space += 1 }
                if space > start && space < end {
                    var frequency = 0
                    var index = space + 1
                    while index < end, bytes[index] >= 0x30, bytes[index] <= 0x39 {
                        frequency = frequency * 10 + Int(bytes[index] - 0x30)
                        index += 1
                    }
                    if frequency > 0 {
                        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<space]), as: UTF8.self)
                        counts[word] = Float(frequency)
                        total += Double(frequency)
                        longest = max(longest, word.unicodeScalars.count)
                    }
                }
                start = end + 1
            }
        }
        guard !counts.isEmpty else { throw DictionaryError("the Chinese word list \(path) holds no `word frequency` lines") }
        let logTotal = Float(log(total))
        logProbabilities = counts.mapValues { log($0) - logTotal }
        unknown = log(1) - logTotal - 2
        self.longest = min(longest, 8)
        self.path = path
        loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
    }

    /// Whether the most probable segmentation of `left` + `right` (a few CJK characters on each
    /// side of a break) puts a word across the break.
    func breaksAWord(left: ArraySlice<Unicode.Scalar>, right: ArraySlice<Unicode.Scalar>) -> Bool {
        guard !left.isEmpty, !right.isEmpty else { return false }
        let text = Array(left) + Array(right)
        let breakAt = left.count
        let count = text.count
        // best[i]: the best log probability of text[..<i]; from[i]: where its last word starts.
        var best = [Float](repeating: -.infinity, count: count + 1)
        var from = [Int](repeating: 0, count: count + 1)
        best[0] = 0
        for start in 0..<count where best[start] > -.infinity {
            var word = String.UnicodeScalarView()
            for end in (start + 1)...min(count, start + longest) {
                word.append(text[end - 1])
                let score: Float
                if let probability = logProbabilities[String(word)] {
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
            if start < breakAt && end > breakAt { return true }
            end = start
        }
        return false
    }

    /// The CJK letters just before and after a break, at most `span` on each side.
    static func window(_ before: [Unicode.Scalar], _ after: [Unicode.Scalar], span: Int = 6)
        -> (ArraySlice<Unicode.Scalar>, ArraySlice<Unicode.Scalar>) {
        var start = before.count
        while start > 0 && before.count - start < span && before[start - 1].isCJKLetter { start -= 1 }
        var end = 0
        while end < after.count && end < span && after[end].isCJKLetter { end += 1 }
        return (before[start...], after[..<end])
    }

    // MARK: - Loaded once per process

    private static let loaded = Mutex<[String: ChineseWords]>([:])

    static func shared(path: String) throws -> ChineseWords {
        if let words = loaded.withLock({ $0[path] }) { return words }
        let words = try ChineseWords(path: path)
        return loaded.withLock { table in
            if let existing = table[path] { return existing }
            table[path] = words
            return words
        }
    }
}
