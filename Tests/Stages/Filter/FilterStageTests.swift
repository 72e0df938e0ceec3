import Foundation
@testable import FilterStage
import GalleyCore
import Testing

@Suite struct FilterStageTests {
    func filter(_ options: [String: OptionValue]) throws -> FilterStage {
        try StageHarness.make(FilterStage.self, options)
    }

    func outcome(_ stage: FilterStage, _ text: String, language: String? = nil) throws -> Disposition {
        var document = Document(id: "d", source: "d", text: text, language: language)
        return try stage.process(&document)
    }

    @Test func withDefaultsEveryDocumentIsKept() throws {
        let stage = try filter([:])
        #expect(try outcome(stage, "") == .keep)
        #expect(try outcome(stage, "利用外资总体平稳") == .keep)
    }

    @Test func shortDocumentsAreDroppedWithTheCount() throws {
        let stage = try filter(["min_chars": .int(10)])
        #expect(try outcome(stage, "  short \n\n text ") == .drop(reason: "9 characters, fewer than min_chars 10"))
        #expect(try outcome(stage, "ten chars!!") == .keep, "ten characters besides the space")
    }

    @Test func longDocumentsAreDropped() throws {
        let stage = try filter(["max_chars": .int(5)])
        #expect(try outcome(stage, "利用外资总体平稳") == .drop(reason: "8 characters, more than max_chars 5"))
        #expect(try outcome(stage, "平稳") == .keep)
    }

    @Test func maxBelowMinCannotStart() {
        #expect(throws: StageError.self) { try filter(["min_chars": .int(10), "max_chars": .int(5)]) }
    }

    @Test func languagesUseTheDocumentLanguageFirst() throws {
        let stage = try filter(["languages": .list([.string("zh")])])
        #expect(try outcome(stage, "plain English text", language: "zh-Hans") == .keep)
        #expect(try outcome(stage, "利用外资", language: "en") == .drop(reason: "'en' is not one of languages [zh]"))
    }

    @Test func languageNamesInsteadOfCodesCannotStart() {
        #expect(throws: StageError("languages: 'chinese' is not a language code; use ISO 639-1 codes such as zh, en, ja")) {
            try filter(["languages": .list([.string("Chinese")])])
        }
        #expect(throws: Never.self) { try filter(["languages": .list([.string("zh-Hant"), .string("yue")])]) }
    }

    @Test func languagesAreGuessedWhenUnset() throws {
        let stage = try filter(["languages": .list([.string("zh"), .string("EN")])])
        #expect(try outcome(stage, "今年以来，我区利用外资总体平稳。") == .keep)
        #expect(try outcome(stage, "The council met on Tuesday and the budget was approved.") == .keep)
        #expect(try outcome(stage, "Le conseil municipal a voté le budget pour la ville et les écoles.")
                == .drop(reason: "'fr' is not one of languages [zh, en]"))
        #expect(try outcome(stage, "12345 ---") == .drop(reason: "unknown language is not one of languages [zh, en]"))
    }

    @Test func theGuessTellsScriptsAndLatinLanguagesApart() {
        #expect(LanguageGuess.guess("東京でテストを行いました。") == "ja")
        #expect(LanguageGuess.guess("서울에서 회의가 열렸다") == "ko")
        #expect(LanguageGuess.guess("Совет утвердил бюджет") == "ru")
        #expect(LanguageGuess.guess("Der Rat hat den Haushalt nicht mit der Mehrheit beschlossen und die Stadt ist froh.") == "de")
        #expect(LanguageGuess.guess("El consejo aprobó el presupuesto para la ciudad y los barrios.") == "es")
        #expect(LanguageGuess.guess("") == nil)
    }

    @Test func aMatchingPatternDropsTheDocumentAndSaysWhere() throws {
        let stage = try filter(["drop_if_matches": .string("(?m)^(广告|ADVERTISEMENT)$")])
        #expect(try outcome(stage, "第一行\n广告\n正文") == .drop(reason: "matches drop_if_matches at line 2: \"广告\""))
        #expect(try outcome(stage, "这不是广告。") == .keep)
    }

    @Test func anInvalidPatternCannotStart() {
        #expect(throws: StageError("drop_if_matches is not a valid regular expression: (unclosed")) {
            try filter(["drop_if_matches": .string("(unclosed")])
        }
    }

    @Test func theFirstFailingCheckGivesTheReason() throws {
        let stage = try filter(["languages": .list([.string("en")]), "min_chars": .int(100), "drop_if_matches": .string("x")])
        #expect(try outcome(stage, "x", language: "en") == .drop(reason: "1 characters, fewer than min_chars 100"))
    }

    @Test func aCatastrophicPatternFailsTheDocumentInsteadOfStallingTheRun() throws {
        let pattern = try NSRegularExpression(pattern: "(a+)+$")
        let text = String(repeating: "a", count: 40) + "b"
        let started = Date()
        #expect(throws: StageError.self) { try FilterStage.firstMatch(of: pattern, in: text, budget: 0.2) }
        #expect(Date().timeIntervalSince(started) < 2)
        #expect(try FilterStage.firstMatch(of: pattern, in: "xaaa", budget: 1).map { "xaaa"[$0] } == "aaa")
    }
}
