import CHyphen
import Foundation
import Synchronization

/// TeX hyphenation patterns read by libhyphen (`hyph_en_US.dic`): where a word may be broken
/// at a line end (`in-ter-na-tional`, `leg-is-la-ture`). A break a typesetter made falls at one
/// of these points; a break that does not is more likely two words, or a compound.
///
/// The pattern table is only read after loading, but libhyphen does not promise that calls are
/// thread-safe: they go through one lock (a call takes microseconds). Loaded once per process
/// for each path (``shared(path:)``).
final class HyphenationPatterns: Sendable {
    /// The loaded patterns: used only while holding `lock`.
    private nonisolated(unsafe) let dictionary: UnsafeMutablePointer<HyphenDict>
    private let lock = Mutex(())
    let path: String
    let loadSeconds: Double

    init(path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw DictionaryError("the hyphenation pattern file \(path) does not exist or cannot be read "
                + "(Debian: apt-get install hyphen-en-us; or name another with `hyphenation:`)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        guard let dictionary = hnj_hyphen_load(path) else {
            throw DictionaryError("libhyphen could not read the hyphenation patterns \(path)")
        }
        loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        self.path = path
        self.dictionary = dictionary
    }

    deinit { hnj_hyphen_free(dictionary) }

    /// The legal break points of `word`: the numbers of letters (UTF-8 bytes of the lower-cased
    /// word) after which it may be hyphenated.
    func breakPoints(_ word: String) -> Set<Int> {
        let lower = word.lowercased()
        let length = lower.utf8.count
        guard length >= 2 else { return [] }
        var hyphens = [CChar](repeating: 0, count: length + 5)
        var rep: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
        var pos: UnsafeMutablePointer<Int32>?
        var cut: UnsafeMutablePointer<Int32>?
        // libhyphen reads the word as a C string too (`strstr` for NOHYPHEN patterns), so it is
        // handed NUL-terminated, though its length is given as well.
        let status: Int32 = lock.withLock { _ in
            lower.withCString { chars in
                hnj_hyphen_hyphenate2(dictionary, chars, Int32(length), &hyphens, nil, &rep, &pos, &cut)
            }
        }
        defer {
            if let rep {
                for index in 0..<length { free(rep[index]) }
                free(rep)
            }
            free(pos)
            free(cut)
        }
        guard status == 0 else { return [] }
        var points = Set<Int>()
        for index in 0..<(length - 1) where hyphens[index] & 1 == 1 { points.insert(index + 1) }
        return points
    }

    /// Whether `left` + `right` may be hyphenated between the two parts.
    func allowsBreak(left: String, right: String) -> Bool {
        breakPoints(left + right).contains(left.lowercased().utf8.count)
    }

    // MARK: - Loaded once per process

    private static let loaded = Mutex<[String: HyphenationPatterns]>([:])

    static func shared(path: String) throws -> HyphenationPatterns {
        if let patterns = loaded.withLock({ $0[path] }) { return patterns }
        let patterns = try HyphenationPatterns(path: path)
        return loaded.withLock { table in
            if let existing = table[path] { return existing }
            table[path] = patterns
            return patterns
        }
    }
}
