import Foundation
@testable import GalleyText
import Testing

/// The English word frequencies compiled into the binary, and lists in the text format.
@Suite struct WordFrequenciesTests {
    @Test func theCompiledListDecodes() {
        let english = WordFrequencies.english
        #expect(english.count > 80_000)
        #expect(english.lowest == 2.1)
        #expect(english.zipf("the") == 7.7)
        #expect(english.zipf("legislature") == 4.2)
        #expect(english.zipf("Legislature") == 4.2)
        // The first and the last words of the sorted list, and one that shares a long prefix.
        #expect(english.zipf("a") != nil)
        #expect(english.zipf("international") != nil)
        #expect(english.zipf("internationally") != nil)
        #expect(english.zipf("lature") == nil)
        #expect(english.zipfOrAbsent("lature") == english.lowest - 0.5)
        #expect(english.source.hasPrefix("wordfreq 3.1.1"))
    }

    @Test func theCompiledFormatIsFrontCoded() {
        // `ab` 3.0, `abc` 2.5, `b` 4.0: prefix length, the rest, Zipf × 10 − 20, in the alphabet.
        let alphabet = "!$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`{|}~"
        let character = { (index: Int) in String(alphabet[alphabet.index(alphabet.startIndex, offsetBy: index)]) }
        let text = character(0) + "ab" + character(10) + "\n" + character(2) + "c" + character(5) + character(0) + "b" + character(20)
        let list = WordFrequencies(compiled: text, alphabet: alphabet, zipfBase: 20, source: "test")
        #expect(list.count == 3)
        #expect(list.zipf("ab") == 3.0)
        #expect(list.zipf("abc") == 2.5)
        #expect(list.zipf("b") == 4.0)
        #expect(list.lowest == 2.5)
    }

    @Test func aCompiledListOutOfOrderIsPutInOrder() {
        // `b` 4.0, `ab` 3.0, `b` again 2.5: the later `b` wins, as it would in a dictionary.
        let alphabet = "!$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`{|}~"
        let character = { (index: Int) in String(alphabet[alphabet.index(alphabet.startIndex, offsetBy: index)]) }
        let text = character(0) + "b" + character(20) + character(0) + "ab" + character(10) + character(0) + "b" + character(5)
        let list = WordFrequencies(compiled: text, alphabet: alphabet, zipfBase: 20, source: "test")
        #expect(list.count == 2)
        #expect(list.zipf("ab") == 3.0)
        #expect(list.zipf("b") == 2.5)
        #expect(list.zipf("a") == nil)
    }

    /// The sorted table answers as a dictionary of the same words does, for words in it, words
    /// between them, prefixes and extensions of them, and words beyond ASCII.
    @Test func theSortedTableAnswersAsADictionary() {
        let table: [String: UInt8] = ["a": 1, "ab": 2, "abc": 3, "b": 4, "ba": 5, "zz": 6, "é": 7, "über": 8, "中文": 9]
        let sorted = SortedWords(table)
        for probe in Array(table.keys) + ["", "aa", "abcd", "abd", "bb", "c", "z", "zzz", "e", "ü", "中", "中文字"] {
            #expect(sorted.value(of: probe) == table[probe], "\(probe)")
        }
        for (index, word) in table.keys.sorted(by: { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }).enumerated() {
            #expect(Array(sorted.word(at: index)) == Array(word.utf8))
        }
    }

    @Test func aTextListIsRead() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galley-frequencies-\(UUID().uuidString).txt")
        try "# comment\nlegislature 4.2\n\nThe 7.7\n".write(to: url, atomically: true, encoding: .utf8)
        let list = try WordFrequencies(contentsOf: url)
        #expect(list.count == 2)
        #expect(list.zipf("the") == 7.7)
        #expect(list.lowest == 4.2)
        try "legislature\n".write(to: url, atomically: true, encoding: .utf8)
        #expect(throws: WordFrequencyError.self) { _ = try WordFrequencies(contentsOf: url) }
        #expect(throws: WordFrequencyError.self) {
            _ = try WordFrequencies(contentsOf: URL(fileURLWithPath: "/nonexistent/frequencies.txt"))
        }
    }
}
