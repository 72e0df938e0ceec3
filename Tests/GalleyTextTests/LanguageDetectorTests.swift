import GalleyText
import Testing

@Suite struct LanguageDetectorTests {
    @Test(arguments: [
        ("今年以来，全县上下围绕乡村振兴目标，扎实推进各项工作。", "zh"),
        ("The city council voted on Tuesday to approve the budget for the coming year.", "en"),
        ("東京都は今日、新しい計画を発表しました。市民の生活が変わります。", "ja"),
        ("서울시는 오늘 새로운 계획을 발표했습니다.", "ko"),
        ("Городской совет сегодня утвердил новый бюджет на следующий год.", "ru"),
        ("Міська рада сьогодні затвердила новий бюджет і план робіт.", "uk"),
        ("Le conseil municipal a approuvé le budget pour les écoles et les bibliothèques de la ville.", "fr"),
        ("Der Stadtrat hat den Haushalt für die Schulen und die Bibliotheken der Stadt beschlossen.", "de"),
        ("El consejo aprobó el presupuesto para las escuelas y los parques de la ciudad.", "es"),
        ("Το δημοτικό συμβούλιο ενέκρινε τον προϋπολογισμό.", "el"),
        ("وافق المجلس البلدي على الميزانية الجديدة.", "ar"),
    ])
    func detectsTheLanguageFromScripts(text: String, language: String) {
        #expect(LanguageDetector.detect(text) == language)
    }

    /// Runs of Han ideographs are counted by their lead bytes: the count stops at the scalar
    /// limit, and the kana or Latin letters after a run are still read.
    @Test func hanRunsAreCountedToTheLimitAndNoFurther() {
        let text = "abc" + "今年以来全县上下扎实推进"
        #expect(LanguageDetector.profile(text, scalarLimit: 5).shares[.latin] == 3.0 / 8.0)
        #expect(LanguageDetector.profile(text, scalarLimit: 3).shares[.han] == nil)
        #expect(LanguageDetector.profile(text).shares[.latin] == 3.0 / 33.0)
        #expect(LanguageDetector.detect("今年以来全县上下扎实推进各项工作ひらがなひらがな") == "ja")
        #expect(LanguageDetector.detect("一丁丂七丄丅丆万丈三上下丌不与丏") == "zh")   // U+4E00…: lead byte E4 B8
        #expect(LanguageDetector.detect("㐀㐁㐂") == "zh")                            // U+3400…: Han, not in the run fast path
    }

    @Test func mixedDocumentsGoByTheDominantScript() {
        // Chinese with an English name and a product code stays Chinese.
        #expect(LanguageDetector.detect("苹果公司（Apple Inc.）今天发布了新款iPhone手机，售价与去年持平。") == "zh")
        // English with a Chinese name in brackets stays English.
        #expect(LanguageDetector.detect("The mayor, Li Ming (李明), opened the new library on Saturday morning.") == "en")
        let profile = LanguageDetector.profile("会议 meeting 会议 meeting agenda 会议")
        #expect(profile.isMixed)
        #expect(!LanguageDetector.profile("今年以来，全县上下扎实推进各项工作。").isMixed)
    }

    @Test func textWithoutLettersHasNoLanguage() {
        #expect(LanguageDetector.detect("") == nil)
        #expect(LanguageDetector.detect("2020-01-01 12:00 ，。！") == nil)
    }

    @Test func kanaAmongKanjiMakesJapanese() {
        #expect(LanguageDetector.detect("日本経済新聞によると、政府は来年度予算案を決定した。") == "ja")
        #expect(LanguageDetector.profile("日本経済新聞によると").script == .han || LanguageDetector.profile("日本経済新聞によると").script == .hiragana)
    }

    @Test func longTextsAreSampled() {
        let text = String(repeating: "今年以来全县上下扎实推进各项工作", count: 50_000) + String(repeating: " english words here", count: 200_000)
        #expect(LanguageDetector.detect(text, scalarLimit: 100_000) == "zh")
    }

    @Test func asciiIsReadTheSameAtEveryAlignment() {
        // ASCII is read eight bytes at a time: function words across those boundaries, and runs
        // without letters, count the same whatever precedes them.
        let french = "Le conseil a vot\u{E9} le budget pour les \u{E9}coles, dans la ville; une \u{E9}tape qui est pas avec les autres."
        for shift in 0..<8 {
            let text = String(repeating: "-", count: shift) + french + " 12345678 !!!!"
            #expect(LanguageDetector.detect(text) == "fr")
            #expect(LanguageDetector.profile(text).shares == LanguageDetector.profile(french).shares)
        }
    }

    @Test func theScalarLimitCountsEveryASCIIScalar() {
        let text = "abcdefghi" + "\u{4E2D}\u{4E2D}\u{4E2D}\u{4E2D}"
        #expect(LanguageDetector.detect(text, scalarLimit: 9) == "en")
        #expect(LanguageDetector.detect(text, scalarLimit: 12) == "en")
        #expect(LanguageDetector.detect(text, scalarLimit: 13) == "zh")
        #expect(LanguageDetector.profile("abcdefghijklmnop", scalarLimit: 7).shares == [.latin: 1])
    }
}
