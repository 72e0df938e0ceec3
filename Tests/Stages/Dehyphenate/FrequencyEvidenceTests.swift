@testable import DehyphenateStage
import Foundation
import GalleyCore
import GalleyText
import Testing

/// Word frequencies as evidence at a line break between two halves that are both words: how
/// much likelier the joined word is than the two words side by side. The document's own spelling
/// comes first.
@Suite struct FrequencyEvidenceTests {
    /// A frequency list written for a test, in the format of `word_frequencies:`.
    func temporaryFrequencies(_ lines: [String]) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("galley-frequencies-\(UUID().uuidString).txt")
        try (["# a list written for a test"] + lines).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    @Test func theCompiledListIsUsedByDefault() throws {
        let stage = try StageHarness.make(DehyphenateStage.self, [:])
        let frequencies = try #require(stage.joiner.judge.lexicon.frequencies)
        #expect(frequencies.source.hasPrefix("wordfreq 3.1.1"))
        let odds = { (left: String, right: String) in try #require(stage.joiner.judge.lexicon.oneWordOdds(left: left, right: right)) }
        #expect(try odds("elect", "ed") >= HyphenJudge.oneWordOdds)
        #expect(try odds("blue", "stone") < HyphenJudge.twoWordOdds)
        #expect(try odds("some", "time") < HyphenJudge.twoWordOdds)
    }

    @Test func aWordFarLikelierThanItsHalvesIsJoined() throws {
        // `elect` and `ed` are words of the dictionary and the patterns allow no break before `ed`
        // (they keep three letters after a break), and `elect` stands alone further on; but
        // `elected` is far more common than the two words side by side.
        let text = "The members newly elect\ned to the council took their seats, and the council will elect a chairman in May."
        let document = try dehyphenate(text)
        #expect(document.text == "The members newly elected to the council took their seats, and the council will elect a chairman in May.")
        #expect(document.metadata.counter("dehyphenate.joined_unhyphenated") == 1)
    }

    @Test func twoWordsLikelierApartStayApart() throws {
        // `bluestone` is a word of the dictionary, the break is a legal one and neither half is used
        // alone elsewhere; but a blue stone is likelier than the rare solid word.
        let text = "The old church was built of blue\nstone quarried in the hills behind the village."
        let document = try dehyphenate(text)
        #expect(document.text == text.replacingOccurrences(of: "\n", with: " "))
        #expect(document.metadata.counter("dehyphenate.joined_unhyphenated") == 0)
    }

    @Test func theDocumentsSolidSpellingWinsOverFrequency() throws {
        // The frequencies alone keep `fairy land` apart; this document writes `fairyland`.
        let text = "The children called the garden a fairyland. Beyond the wall lay another fairy\nland of ponds and willows."
        #expect(try dehyphenate(text).text
            == "The children called the garden a fairyland. Beyond the wall lay another fairyland of ponds and willows.")
        let without = "The children called the garden a paradise. Beyond the wall lay another fairy\nland of ponds and willows."
        #expect(try dehyphenate(without).text == without.replacingOccurrences(of: "\n", with: " "))
    }

    @Test func theDocumentsSolidSpellingDoesNotDecideWhenItAlsoUsesAHalfAlone() throws {
        // `SOMETIME` opens a paragraph in capitals, and `some` stands alone: the document has both
        // readings, and the frequencies keep `some time` apart.
        let text = "SOMETIME since the council met. Some members left, and some\ntime ago the rest agreed."
        #expect(try dehyphenate(text).text == text.replacingOccurrences(of: "\n", with: " "))
    }

    @Test func theDocumentWritingTheWordsApartWinsOverFrequency() throws {
        // A list of the user's own in which `fairyland` is far commoner than `fairy` and `land`:
        // the frequencies alone join the break.
        let list = try temporaryFrequencies(["fairyland 6.0", "fairy 3.0", "land 3.0", "the 7.7"])
        let options: [String: OptionValue] = ["word_frequencies": .string(list.path)]
        let text = "Beyond the wall lay another fairy\nland of ponds and willows."
        #expect(try dehyphenate(text, options).text == "Beyond the wall lay another fairyland of ponds and willows.")
        // This document writes `fairy land` apart inside a line: it stays apart.
        let apart = "The fairy land of the old tales. Beyond the wall lay another fairy\nland of ponds and willows."
        #expect(try dehyphenate(apart, options).text == apart.replacingOccurrences(of: "\n", with: " "))
    }

    @Test func aCommonSolidWordTheDictionaryLacksIsJoinedAtAHyphen() throws {
        // `cancelled` is British spelling, not in the en_US dictionary, whose `cancel` and `led`
        // are words; the solid form is common. After a compound prefix the hyphen stays.
        #expect(try dehyphenate("the match was cancel-\nled by the club").text == "the match was cancelled by the club")
        #expect(try dehyphenate("for their well-\nbeing and safety").text == "for their well-being and safety")
        #expect(try dehyphenate("a rule-\nbased tagger").text == "a rule-based tagger")
    }

    @Test func aMissingOrMalformedListIsAConfigurationError() throws {
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["word_frequencies": .string("/nonexistent/frequencies.txt")])
        }
        let malformed = try temporaryFrequencies(["legislature four"])
        #expect(throws: StageError.self) {
            _ = try StageHarness.make(DehyphenateStage.self, ["word_frequencies": .string(malformed.path)])
        }
    }

    @Test(arguments: [
        ("/usr/share/hunspell/en_US.dic", true), ("/usr/share/hunspell/en_GB.dic", true), ("/dicts/en.dic", true),
        ("/usr/share/hunspell/de_DE.dic", false), ("/dicts/english.dic", false), (nil, false),
    ])
    func theEnglishListGoesWithAnEnglishDictionary(_ path: String?, _ english: Bool) {
        #expect(DehyphenateStage.isEnglish(dictionary: path) == english)
    }

    @Test func withoutTheLexiconNoFrequenciesAreRead() throws {
        let stage = try StageHarness.make(DehyphenateStage.self, ["use_lexicon": .bool(false)])
        #expect(stage.joiner.judge.lexicon.frequencies == nil)
    }
}
