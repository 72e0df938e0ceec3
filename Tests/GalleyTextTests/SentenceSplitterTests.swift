import GalleyText
import Testing

@Suite struct SentenceSplitterTests {
    let splitter = SentenceSplitter()

    func split(_ text: String) -> [String] { splitter.sentences(in: text) }

    // MARK: Chinese and Japanese

    @Test func splitsChineseAtFullStopsExclamationsQuestionsAndSemicolons() {
        #expect(split("今天下雨。明天晴！后天呢？大后天多云；再后天有雾。") ==
            ["今天下雨。", "明天晴！", "后天呢？", "大后天多云；", "再后天有雾。"])
    }

    @Test func closingQuotesAndBracketsStayWithTheirSentence() {
        #expect(split("他说：“我们走吧。”大家都同意。") == ["他说：“我们走吧。”", "大家都同意。"])
        #expect(split("会议结束（完）。他说：“真的吗？！”然后离开了。") ==
            ["会议结束（完）。", "他说：“真的吗？！”", "然后离开了。"])
        #expect(split("书名是《春天。》下一句。") == ["书名是《春天。》", "下一句。"])
        #expect(split("「行こう。」と言った。") == ["「行こう。」", "と言った。"])
    }

    @Test func chineseEllipsisEndsASentenceUnlessACommaFollows() {
        #expect(split("他想了很久……终于说话了。") == ["他想了很久……", "终于说话了。"])
        #expect(split("苹果、梨……，都很好吃。") == ["苹果、梨……，都很好吃。"])
    }

    @Test func fullWidthPeriodInNumbersDoesNotSplit() {
        #expect(split("增长了３．５％。其他持平。") == ["增长了３．５％。", "其他持平。"])
    }

    @Test func textWithoutAFinalStopIsALastSentence() {
        #expect(split("第一句。第二句没有句号") == ["第一句。", "第二句没有句号"])
    }

    // MARK: English

    @Test func splitsEnglishAtStopsFollowedByASpace() {
        #expect(split("Profits rose. Sales fell! Why? Nobody knows.") ==
            ["Profits rose.", "Sales fell!", "Why?", "Nobody knows."])
    }

    @Test func titlesNeverEndASentence() {
        #expect(split("Mr. Smith met Dr. Jones and Prof. Lee. They talked.") ==
            ["Mr. Smith met Dr. Jones and Prof. Lee.", "They talked."])
        #expect(split("Mrs. Brown and St. Paul agreed.") == ["Mrs. Brown and St. Paul agreed."])
    }

    @Test func latinAbbreviationsNeverEndASentence() {
        #expect(split("Some fruits, e.g. Apples, are red. Others, i.e. Bananas, are not.") ==
            ["Some fruits, e.g. Apples, are red.", "Others, i.e. Bananas, are not."])
        #expect(split("It was Smith vs. Jones. Smith won.") == ["It was Smith vs. Jones.", "Smith won."])
    }

    @Test func dottedAcronymsSplitOnlyBeforeASentenceStarter() {
        #expect(split("The U.S. economy grew. It was strong.") == ["The U.S. economy grew.", "It was strong."])
        #expect(split("He moved to the U.S. The move was hard.") == ["He moved to the U.S.", "The move was hard."])
        #expect(split("We met at 5 p.m. Monday. Then we left.") == ["We met at 5 p.m. Monday.", "Then we left."])
    }

    @Test func numberAbbreviationsDoNotSplitBeforeANumber() {
        #expect(split("He lives at No. 5 Main Street. See Fig. 2 for more.") ==
            ["He lives at No. 5 Main Street.", "See Fig. 2 for more."])
        #expect(split("The answer was No. He left.") == ["The answer was No.", "He left."])
        #expect(split("It opened on Jan. 5 last year.") == ["It opened on Jan. 5 last year."])
    }

    @Test func decimalsAndDottedNamesDoNotSplit() {
        #expect(split("Shares rose 3.5% to $1.13bn. Visit example.com today.") ==
            ["Shares rose 3.5% to $1.13bn.", "Visit example.com today."])
    }

    @Test func initialsDoNotSplit() {
        #expect(split("J. K. Rowling wrote it. George W. Bush read it.") ==
            ["J. K. Rowling wrote it.", "George W. Bush read it."])
    }

    @Test func companyAbbreviationsSplitBeforeASentenceStarter() {
        #expect(split("He joined Acme Inc. The firm grew.") == ["He joined Acme Inc.", "The firm grew."])
        #expect(split("Acme Inc. Chief Jane Doe spoke.") == ["Acme Inc. Chief Jane Doe spoke."])
        #expect(split("Apples, pears, etc. were sold.") == ["Apples, pears, etc. were sold."])
    }

    @Test func ellipsesSplitOnlyBeforeACapital() {
        #expect(split("Well... maybe not. Wait... What was that?") ==
            ["Well... maybe not.", "Wait...", "What was that?"])
        #expect(split("He paused… Then he spoke.") == ["He paused…", "Then he spoke."])
    }

    @Test func quotesAfterAStopStayWithTheSentence() {
        #expect(split("\"Stop!\" she said. He did. 'Good.' Then silence.") ==
            ["\"Stop!\" she said.", "He did.", "'Good.'", "Then silence."])
        #expect(split("It was (mostly) fine.) Next one.") == ["It was (mostly) fine.)", "Next one."])
    }

    @Test func aLowerCaseWordContinuesTheSentence() {
        #expect(split("It cost approx. two dollars.") == ["It cost approx. two dollars."])
    }

    // MARK: Paragraphs and verbatim text

    @Test func aSentenceNeverSpansTwoParagraphs() {
        let text = "First paragraph has no stop\n\nSecond one does. It has two.\n \nThird 第三段没有句号"
        #expect(split(text) == ["First paragraph has no stop", "Second one does.", "It has two.", "Third 第三段没有句号"])
        #expect(splitter.split(text).map(\.paragraph) == [0, 1, 1, 2])
        #expect(SentenceSplitter.paragraphs(in: text) == ["First paragraph has no stop", "Second one does. It has two.", "Third 第三段没有句号"])
    }

    @Test func paragraphsAreTrimmedRunsOfLinesBetweenBlankLines() {
        let text = "\n \r\n  One\r\n  still one  \r\n\t\r\n\u{3000}Two\n\n\n Three \n \n"
        #expect(SentenceSplitter.paragraphs(in: text) == ["One\r\n  still one", "Two", "Three"])
        #expect(splitter.split(text).map(\.paragraph) == [0, 1, 2])
        #expect(SentenceSplitter.paragraphs(in: "No break at all.") == ["No break at all."])
    }

    @Test func singleLineBreaksStayInsideTheSentence() {
        #expect(split("A line\nbroken here. Next.") == ["A line\nbroken here.", "Next."])
    }

    @Test func sentencesAreVerbatimSlicesWithTheirRanges() {
        let text = "  Hello there.   中文句子。\n\n  Last one!  "
        let sentences = splitter.split(text)
        #expect(sentences.map(\.text) == ["Hello there.", "中文句子。", "Last one!"])
        for sentence in sentences { #expect(String(text[sentence.range]) == sentence.text) }
    }

    @Test func mixedChineseAndEnglish() {
        #expect(split("他在U.S.工作。He said 你好. Then left.") == ["他在U.S.工作。", "He said 你好.", "Then left."])
    }

    @Test func emptyAndBlankTextHaveNoSentences() {
        #expect(split("").isEmpty)
        #expect(split(" \n\n \n").isEmpty)
    }

    // MARK: Abbreviation tables

    @Test func customAbbreviationsOfAnyLengthAndScriptAreLookedUp() {
        // Short ASCII keys go through the packed table; a longer or non-ASCII key through the
        // dictionary; a key with capitals never matches (tokens are lower-cased).
        var custom = SentenceSplitter(abbreviations: [
            "abcdefgh": .title, "abcdefghi": .title, "straße": .title, "Xy": .title, "q.e.d": .always,
        ])
        #expect(custom.sentences(in: "See Abcdefgh. Smith now.") == ["See Abcdefgh. Smith now."])
        #expect(custom.sentences(in: "See ABCDEFGHI. Smith now.") == ["See ABCDEFGHI. Smith now."])
        #expect(custom.sentences(in: "Die Straße. Mann kam.") == ["Die Straße. Mann kam."])
        #expect(custom.sentences(in: "It was Q.E.D. Then done.") == ["It was Q.E.D. Then done."])
        #expect(custom.sentences(in: "See Xy. Smith now.") == ["See Xy.", "Smith now."])
        #expect(custom.sentences(in: "See Abcdefg. Smith now.") == ["See Abcdefg.", "Smith now."])
        #expect(custom.sentences(in: "Ask Mr. Smith now.") == ["Ask Mr.", "Smith now."])
        // Changing the table changes the lookups.
        custom.abbreviations["mr"] = .title
        custom.abbreviations["abcdefghi"] = nil
        #expect(custom.sentences(in: "Ask Mr. Smith now.") == ["Ask Mr. Smith now."])
        #expect(custom.sentences(in: "See ABCDEFGHI. Smith now.") == ["See ABCDEFGHI.", "Smith now."])
    }

    @Test func scalarRangesAreTheRangesOfTheSentences() {
        let text = "Mr. Smith paid $3.50. He left.\n\n他说：“好。”我们走吧！\n\nOne more. And another"
        let decoded = DecodedText(text)
        #expect(splitter.sentenceScalarRanges(in: decoded) == splitter.sentenceRanges(in: decoded).map(\.scalars))
        #expect(splitter.sentenceScalarRanges(in: decoded).map { decoded.string($0) } == splitter.sentences(in: text))
    }
}
