import Foundation
import GalleyText
@testable import SummarizeStage
import Testing

@Suite struct SentenceTermsTests {
    let sentences = [
        "Quarterly profits at the bank rose sharply as lending grew and costs fell.",
        "The bank said profits rose because lending to small firms grew strongly.",
        "It rained in the city on Tuesday.",
        "Profit's up: the bank's profits rose 2.5% to 464,000.",
        "统计局介绍，全市规模以上工业增加值增长８％，工业生产增长较快。",
        "the of and",
    ]

    @Test func formsOfAWordMeetAndStopWordsAreDropped() {
        let terms = SentenceTerms(sentences)
        #expect(terms.count == sentences.count)
        #expect(terms.isEmpty(5))   // only stop words
        // `profits`, `profit's` and `profits` again are one term: sentence 3 has it with count 2.
        let shared = Set(terms.terms[terms.starts[0]..<terms.starts[1]])
            .intersection(terms.terms[terms.starts[3]..<terms.starts[4]])
        #expect(shared.count == 3)   // profit, bank, rose
        for sentence in 0..<terms.count where !terms.isEmpty(sentence) {
            let range = terms.starts[sentence]..<terms.starts[sentence + 1]
            #expect(zip(terms.terms[range], terms.terms[range].dropFirst()).allSatisfy { $0 < $1 })
            #expect(abs(terms.dot(sentence, sentence) - 1) < 1e-5)
        }
        #expect(terms.lengths[2] == 7)
    }

    @Test func aWorkspaceReusedAcrossSectionsGivesTheTermsOfAFreshOne() {
        // A long section grows the tables, a short one after it finds them cleared (or made
        // small again), and words stemmed in one section are looked up in the next.
        let long = (0..<400).map { "Sentence \($0) says profits at bank \($0 % 37) rose as lending grew." }
        let sections = [sentences, long, Array(sentences.reversed()), ["Profits rose.", "统计局介绍。"], sentences]
        let workspace = TermWorkspace()
        for section in sections {
            expectSameTerms(SentenceTerms(section, workspace: workspace), SentenceTerms(section))
        }
    }

    @Test func postingsReusedAcrossSectionsGiveTheScoresOfFreshOnes() {
        // A section with many terms, then fewer, then more again: reused postings (left at 0
        // between sections, grown when short) score as fresh ones, to the bit.
        let long = (0..<400).map { "Sentence \($0) says profits at bank \($0 % 37) rose as lending grew." }
        let sections = [sentences, long, Array(sentences.reversed()), ["Profits rose sharply.", "统计局介绍增长。"], long, sentences]
        for algorithm in [RankingAlgorithm.textrank, .lexrank] {
            let ranker = SentenceRanker(algorithm: algorithm, window: 5, neighbours: 3)
            var postings = SentenceRanker.Postings(termCount: 0)
            for section in sections {
                let terms = SentenceTerms(section)
                let reused = ranker.scores(terms, blockRows: 64, postings: &postings)
                #expect(reused.map(\.bitPattern) == ranker.scores(terms, blockRows: 64).map(\.bitPattern))
                #expect(postings.starts.allSatisfy { $0 == 0 })
            }
        }
    }

    @Test func keysTellShortTokensApartExactly() {
        let words = ["a", "ab", "ba", "abc", "abcdefgh", "abcdefghi", "经济", "2.5", "464,000"]
        let keys = words.map { word in
            var word = word
            return word.withUTF8 { SentenceTerms.key($0) }
        }
        #expect(Set(keys).count == words.count)
        #expect(!keys.contains(0))
    }

    @Test func sentencesOfATextGiveTheSameTermsAsTheirStrings() {
        // The text tokenized once, each token going to the sentence it starts in, against each
        // sentence tokenized alone.
        var texts = [sentences.joined(separator: " ")]
        for seed in 0..<60 {
            var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 &+ 1
            var text = ""
            let pieces = ["Profits rose.", " ", "\n\n", "don't", "U.S.", "Mr. Smith", "3.5", "464,000", "经济增长。",
                          "“好。”", "ＡＢＣ", "İstanbul", "Wait...", "e.g. this", "No. 5", "café's", "? ", "! ", "The"]
            for _ in 0..<(10 + seed * 3) {
                state = nextPseudoRandom(state)
                text += pieces[Int((state >> 33) % UInt64(pieces.count))]
            }
            texts.append(text)
        }
        for text in texts {
            var storage = text
            storage.withUTF8 { utf8 in
                let ranges = SentenceSplitter().sentenceByteRanges(in: utf8)
                let strings = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self) }
                #expect(strings == SentenceSplitter().sentences(in: text))
                expectSameTerms(SentenceTerms(utf8, sentences: ranges), SentenceTerms(strings))
            }
        }
    }

    @Test func aTextLongerThanOneTokenizedRunGivesTheSameTermsAsItsStrings() {
        // Tokenized ``SentenceTerms/tokenizedBytes`` at a time: runs end between sentences, and
        // a sentence longer than a run (here one without an end, over 64 KB) is tokenized alone.
        var state: UInt64 = 7
        let pieces = ["Profits rose.", " ", "\n\n", "don't", "U.S.", "3.5", "经济增长。", "“好。”", "café's", "? ", "The"]
        var text = ""
        for _ in 0..<40_000 {
            state = nextPseudoRandom(state)
            text += pieces[Int((state >> 33) % UInt64(pieces.count))]
        }
        text += " " + String(repeating: "long words without an end ", count: 3_000)
        text += "。" + String(repeating: "Short one. ", count: 100)
        #expect(text.utf8.count > 3 * SentenceTerms.tokenizedBytes)
        var storage = text
        storage.withUTF8 { utf8 in
            let ranges = SentenceSplitter().sentenceByteRanges(in: utf8)
            let strings = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self) }
            #expect(ranges.contains { $0.count > SentenceTerms.tokenizedBytes })
            expectSameTerms(SentenceTerms(utf8, sentences: ranges), SentenceTerms(strings))
        }
    }

    @Test func keyTableAgreesWithADictionaryWhileItGrows() {
        let table = KeyTable(minimumCapacity: 1)
        var reference: [UInt64: Int32] = [:]
        // Some keys repeat, and 0 is a key like any other.
        for (index, probe) in keyProbes(5_000, seed: 0x9E37_79B9_7F4A_7C15, smallEvery: 7, below: 300).enumerated() {
            let (value, inserted) = table.findOrInsert(probe, value: Int32(index))
            if let known = reference[probe] {
                #expect(!inserted && value == known)
            } else {
                #expect(inserted && value == Int32(index))
                reference[probe] = Int32(index)
            }
        }
        #expect(table.count == reference.count)
        for (key, value) in reference { #expect(table.value(for: key) == value) }
        #expect(table.value(for: 12_345_678_901) == nil)
    }

    @Test func keyTableValueOrSlotFindsOrPlacesInOneProbe() {
        let table = KeyTable(minimumCapacity: 1)
        var reference: [UInt64: Int32] = [:]
        // Some keys repeat, 0 is a key like any other, and −1 a value like any other.
        for (index, probe) in keyProbes(5_000, seed: 0x2545_F491_4F6C_DD1D, smallEvery: 5, below: 200).enumerated() {
            let value = index % 3 == 0 ? -1 : Int32(index)
            let (known, slot) = table.valueOrSlot(for: probe)
            if let expected = reference[probe] {
                #expect(slot == -1 && known == expected)
            } else {
                #expect(slot >= 0)
                table.insert(probe, value: value, at: slot)
                reference[probe] = value
            }
        }
        #expect(table.count == reference.count)
        for (key, value) in reference {
            #expect(table.value(for: key) == value)
            #expect(table.valueOrSlot(for: key) == (value, -1))
        }
        #expect(table.valueOrSlot(for: 12_345_678_901).slot >= 0)
    }

    @Test func builderSortSortsShortAndLongSentences() {
        var state: UInt64 = 42
        for count in [0, 1, 2, 3, 17, 63, 64, 65, 200] {
            var ids = (0..<count).map { _ -> Int32 in
                state = nextPseudoRandom(state)
                return Int32(truncatingIfNeeded: state >> 40) % 50
            }
            let expected = ids.sorted()
            ids.withUnsafeMutableBufferPointer { SentenceTerms.Builder.sort($0) }
            #expect(ids == expected, "\(count)")
        }
    }

    @Test func aResetKeyTableForgetsItsKeys() {
        let table = KeyTable(minimumCapacity: 8)
        for round in 0..<3 {
            // The same room (a new generation), far more room, then little again.
            table.reset(minimumCapacity: [8, 4_000, 8][round])
            #expect(table.count == 0)
            for key in UInt64(0)..<100 { #expect(table.value(for: key) == nil) }
            for key in UInt64(0)..<100 {
                #expect(table.findOrInsert(key, value: Int32(key) + Int32(round)) == (Int32(key) + Int32(round), true))
            }
            for key in UInt64(0)..<100 { #expect(table.value(for: key) == Int32(key) + Int32(round)) }
        }
    }

    @Test func stopWordKeysAreTheStopWords() {
        for word in StopWords.english {
            var word = word
            #expect(SentenceTerms.stopWordKeys.contains(word.withUTF8 { SentenceTerms.key($0) }))
        }
        for word in ["profit", "bank", "china", ""] {
            var word = word
            #expect(!SentenceTerms.stopWordKeys.contains(word.withUTF8 { SentenceTerms.key($0) }))
        }
    }

    @Test func theSimilarityBandIsThePairwiseDefinition() {
        var text = ""
        for index in 0..<40 {
            text += "Sentence \(index % 11) on topic \(index % 7), theme \(index % 5) and market \(index % 3). "
        }
        text += "经济增长很快。经济增长。the of."
        var storage = text
        let terms = storage.withUTF8 { SentenceTerms($0, sentences: SentenceSplitter().sentenceByteRanges(in: $0)) }
        for width in [1, 3, 10, terms.count - 1] {
            let cosine = SentenceRanker(algorithm: .lexrank).similarities(terms, width: width)
            let overlap = SentenceRanker(algorithm: .textrank).similarities(terms, width: width)
            for a in 0..<terms.count {
                for b in (a + 1)..<min(terms.count, a + width + 1) {
                    let slot = a * width + b - a - 1
                    // The cosine to the bit: the same products summed in the same order.
                    #expect(cosine[slot] == terms.dot(a, b))
                    let shared = Set(terms.terms[terms.starts[a]..<terms.starts[a + 1]])
                        .intersection(terms.terms[terms.starts[b]..<terms.starts[b + 1]]).count
                    let denominator = Float(log(Double(max(terms.termCount(of: a), 1))))
                        + Float(log(Double(max(terms.termCount(of: b), 1))))
                    #expect(overlap[slot] == (denominator > 0 ? Float(shared) / denominator : 0))
                }
            }
        }
    }

    @Test func rankingATextChoosesAsRankingItsStrings() {
        var text = ""
        for index in 0..<120 {
            text += "Sentence \(index % 17) talks about topic \(index % 7) and theme \(index % 5) again. "
            if index % 9 == 8 { text += "\n\n" }
        }
        text += "经济增长。经济增长。the of. the of."
        var storage = text
        storage.withUTF8 { utf8 in
            let ranges = SentenceSplitter().sentenceByteRanges(in: utf8)
            let strings = ranges.map { String(decoding: UnsafeBufferPointer(rebasing: utf8[$0]), as: UTF8.self) }
            for algorithm in [RankingAlgorithm.textrank, .lexrank, .lead] {
                for count in [1, 5, 40, ranges.count] {
                    let ranker = SentenceRanker(algorithm: algorithm, window: 10, neighbours: 4)
                    #expect(ranker.select(in: utf8, sentences: ranges, count: count) == ranker.select(strings, count: count))
                }
            }
        }
    }
}

/// Expects two term sets to be the same to the bit.
func expectSameTerms(_ a: SentenceTerms, _ b: SentenceTerms, sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(a.starts == b.starts, sourceLocation: sourceLocation)
    #expect(a.terms == b.terms, sourceLocation: sourceLocation)
    #expect(a.weights == b.weights, sourceLocation: sourceLocation)
    #expect(a.lengths == b.lengths, sourceLocation: sourceLocation)
    #expect(a.termCount == b.termCount, sourceLocation: sourceLocation)
}

/// The next value of a 64-bit linear congruential sequence (Knuth's MMIX constants): keys that
/// look random, the same on every run.
func nextPseudoRandom(_ state: UInt64) -> UInt64 {
    state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
}

/// `count` pseudo-random table keys from `seed`; every `smallEvery`-th is cut below `below`, so
/// that those repeat (and 0 comes up).
private func keyProbes(_ count: Int, seed: UInt64, smallEvery: Int, below: UInt64) -> [UInt64] {
    var key = seed
    return (0..<count).map { index in
        key = nextPseudoRandom(key)
        return index % smallEvery == 0 ? key % below : key
    }
}
