import GalleyText
import Testing

@Suite struct TokenizerTests {
    @Test func wordsAreLowerCasedAndPunctuationDropped() {
        let tokens = Tokenizer().tokens(in: "Profits ROSE, sharply!")
        #expect(tokens.map(\.text) == ["profits", "rose", "sharply"])
        #expect(tokens.allSatisfy { $0.kind == .word })
    }

    @Test func numbersKeepTheirDecimalPointsAndThousandsSeparators() {
        let tokens = Tokenizer().tokens(in: "It rose 2.5% to 464,000 in 2004.")
        #expect(tokens.map(\.text) == ["it", "rose", "2.5", "to", "464,000", "in", "2004"])
        #expect(tokens.filter { $0.kind == .number }.map(\.text) == ["2.5", "464,000", "2004"])
    }

    @Test func apostrophesInsideWordsStay() {
        #expect(Tokenizer().tokens(in: "Don’t touch the firm's 'cash'").map(\.text) == ["don't", "touch", "the", "firm's", "cash"])
    }

    @Test func fullWidthLettersAndDigitsAreFoldedToASCII() {
        #expect(Tokenizer().tokens(in: "ＡＢＣ公司１２３").map(\.text) == ["abc", "公", "司", "123"])
    }

    @Test func ideographsAreSingleCharactersByDefault() {
        let tokens = Tokenizer().tokens(in: "经济增长。")
        #expect(tokens.map(\.text) == ["经", "济", "增", "长"])
        #expect(tokens.allSatisfy { $0.kind == .ideograph })
    }

    @Test func bigramModePairsAdjacentIdeographsWithinARun() {
        let tokenizer = Tokenizer(cjk: .bigrams)
        #expect(tokenizer.tokens(in: "经济增长，好。").map(\.text) == ["经济", "济增", "增长", "好"])
        #expect(tokenizer.tokens(in: "中国GDP增长").map(\.text) == ["中国", "gdp", "增长"])
    }

    @Test func rangesPointIntoTheText() {
        let text = "Hi 经济 ok"
        let tokens = Tokenizer(cjk: .bigrams).tokens(in: text)
        #expect(tokens.map { String(text[$0.range]) } == ["Hi", "经济", "ok"])
    }

    @Test func forEachTokenGivesTheSameTokensAsBytes() {
        let text = "Ｔhe firm's 2.5% rise — 经济增长，好。Привет"
        for tokenizer in [Tokenizer(), Tokenizer(cjk: .bigrams)] {
            var seen: [Token] = []
            let utf8 = text.utf8
            tokenizer.forEachToken(in: text) { kind, bytes, offsets in
                let range = utf8.index(utf8.startIndex, offsetBy: offsets.lowerBound)
                    ..< utf8.index(utf8.startIndex, offsetBy: offsets.upperBound)
                seen.append(Token(text: String(decoding: bytes, as: UTF8.self), kind: kind, range: range))
            }
            #expect(seen == tokenizer.tokens(in: text))
            #expect(seen.count > 5)
        }
    }

    @Test func otherScriptsAreWords() {
        #expect(Tokenizer().tokens(in: "Привет, мир! 한국어").map(\.text) == ["привет", "мир", "한국어"])
    }
}

@Suite struct LightStemmerTests {
    @Test func inflectedFormsMeet() {
        let groups = [
            ["profit", "profits", "profit's"],
            ["rate", "rates", "rated", "rating"],
            ["company", "companies", "company's"],
            ["stop", "stopped", "stopping", "stops"],
            ["carry", "carried", "carries"],
        ]
        for group in groups {
            let stems = Set(group.map(LightStemmer.stem))
            #expect(stems.count == 1, "\(group) → \(stems)")
        }
    }

    @Test func shortWordsAndNonASCIIAreLeftAlone() {
        #expect(LightStemmer.stem("bus") == "bus")
        #expect(LightStemmer.stem("analysis") == "analysis")
        #expect(LightStemmer.stem("café") == "café")
        #expect(LightStemmer.stem("class") == "class")
    }

    @Test func stemmingInPlaceMatchesStemmingAString() {
        for word in ["profits", "stopped", "companies", "rating", "café", "bus", "quickly"] {
            let bytes = Array(word.utf8)
            let stem = bytes.withUnsafeBufferPointer { source in
                let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: source.count)
                defer { buffer.deallocate() }
                _ = buffer.initialize(fromContentsOf: source)
                let length = LightStemmer.stem(buffer, count: source.count)
                return String(decoding: UnsafeBufferPointer(rebasing: buffer[0..<length]), as: UTF8.self)
            }
            #expect(stem == LightStemmer.stem(word))
        }
    }

    @Test func wordsThatMayNotChangeAreTheirOwnStems() {
        let words = ["profit", "profits", "rated", "rating", "quickly", "bus", "the", "market", "growth",
                     "analysts", "company's", "companies'", "oil", "record", "budget", "deal", "firm", "café"]
        for word in words where !Array(word.utf8).withUnsafeBufferPointer(LightStemmer.mayChange) {
            #expect(LightStemmer.stem(word) == word, "\(word)")
        }
        #expect(Array("profits".utf8).withUnsafeBufferPointer(LightStemmer.mayChange))
        #expect(!Array("market".utf8).withUnsafeBufferPointer(LightStemmer.mayChange))
    }

    @Test func distinctWordsStayDistinct() {
        #expect(LightStemmer.stem("national") != LightStemmer.stem("nation"))
        #expect(LightStemmer.stem("sing") != LightStemmer.stem("sale"))
    }
}

@Suite struct StopWordsTests {
    @Test func functionWordsAreStopWordsAndContentWordsAreNot() {
        for word in ["the", "of", "and", "said", "it's"] { #expect(StopWords.isEnglishStopWord(word)) }
        for word in ["profit", "bank", "china"] { #expect(!StopWords.isEnglishStopWord(word)) }
    }
}
