import CHunspell
import Foundation
import GalleyText
import Synchronization

/// A Hunspell spelling dictionary (`NAME.aff` with its affix rules and `NAME.dic`), asked
/// whether a word is spelled right: `International`, `legislature`, `cosine-based` yes;
/// `cosinebased`, `legis` no. Affix rules mean inflected forms (`superintendents`) are known
/// without being listed.
///
/// A Hunspell handle is not documented as thread-safe: every question goes through one lock,
/// with the answers kept in a table so that a word asked twice (the common case: the same
/// line-end words recur) costs a lookup. Loaded once per process for each path
/// (``shared(path:)``), however many stages and workers use it.
final class SpellingDictionary: Sendable {
    /// The Hunspell handle: used only while holding `answers`' lock.
    private nonisolated(unsafe) let handle: OpaquePointer
    /// Answers given so far; its lock also guards `handle`.
    private let answers = Mutex<[String: Bool]>([:])
    /// Where the dictionary was read from (the `.dic` file).
    let path: String
    /// How long reading the dictionary took, in seconds.
    let loadSeconds: Double

    /// The most answers kept; past it the table starts again (a run over millions of documents
    /// must not grow it without end).
    static let answerLimit = 200_000

    /// Reads `base.aff` and `base.dic` (`base` is the path without the extension; a path that
    /// ends in `.dic` or `.aff` is taken as its base).
    init(base: String) throws {
        let dic = Self.dicPath(base: base)
        let aff = String(dic.dropLast(4)) + ".aff"
        for file in [aff, dic] where !FileManager.default.isReadableFile(atPath: file) {
            throw DictionaryError("the spelling dictionary file \(file) does not exist or cannot be read "
                + "(Debian: apt-get install hunspell-en-us; or name another with `dictionary:`)")
        }
        let started = DispatchTime.now().uptimeNanoseconds
        guard let handle = Hunspell_create(aff, dic) else {
            throw DictionaryError("Hunspell could not read the dictionary \(dic)")
        }
        loadSeconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        path = dic
        self.handle = handle
    }

    deinit { Hunspell_destroy(handle) }

    /// The `.dic` file of the dictionary at `base` (its ``path`` once read).
    static func dicPath(base: String) -> String {
        var base = base
        if base.hasSuffix(".dic") || base.hasSuffix(".aff") { base.removeLast(4) }
        return base + ".dic"
    }

    /// Whether Hunspell accepts `word` as written (Hunspell itself allows a capitalised or
    /// all-capitals form of a lower-case entry).
    func accepts(_ word: String) -> Bool {
        guard !word.isEmpty else { return false }
        return answers.withLock { answers in
            if let known = answers[word] { return known }
            let answer = word.withCString { Hunspell_spell(handle, $0) } != 0
            if answers.count >= Self.answerLimit { answers.removeAll(keepingCapacity: true) }
            answers[word] = answer
            return answer
        }
    }

    /// Answers by a 64-bit hash of the word's scalars: the question asked at every line break,
    /// answered from the table without building a string.
    private let hashedAnswers = Mutex<[UInt64: Bool]>([:])

    /// Whether Hunspell accepts the word `first` followed by `second` (`legis` + `lature`; an
    /// empty `second` for one word).
    func accepts(_ first: ArraySlice<Unicode.Scalar>, _ second: ArraySlice<Unicode.Scalar> = []) -> Bool {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for scalar in first { hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3 }
        for scalar in second { hash = (hash ^ UInt64(scalar.value)) &* 0x0000_0100_0000_01B3 }
        if let known = hashedAnswers.withLock({ $0[hash] }) { return known }
        var word = String.UnicodeScalarView()
        word.append(contentsOf: first)
        word.append(contentsOf: second)
        let answer = accepts(String(word))
        hashedAnswers.withLock { table in
            if table.count >= Self.answerLimit { table.removeAll(keepingCapacity: true) }
            table[hash] = answer
        }
        return answer
    }

    // MARK: - Loaded once per process

    private static let loaded = Mutex<[String: SpellingDictionary]>([:])

    /// The dictionary at `base`, read on first use and shared afterwards.
    static func shared(base: String) throws -> SpellingDictionary {
        let key = base
        if let dictionary = loaded.withLock({ $0[key] }) { return dictionary }
        let dictionary = try SpellingDictionary(base: base)
        return loaded.withLock { table in
            if let existing = table[key] { return existing }
            table[key] = dictionary
            return dictionary
        }
    }
}

/// A dictionary or pattern file that cannot be used, with a message a user can act on.
struct DictionaryError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
