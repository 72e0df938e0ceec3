@testable import CleanupStage
import Foundation
import GalleyCore
import Testing

/// UTF-8 text read through a single-byte code page, made here from sentences written for the
/// tests: each byte at or above 0x80 becomes the page's character (an undefined byte the C1
/// control of the same number, as sloppy decoders do).
func misread(_ text: String, through page: [UInt32]) -> String {
    var scalars = String.UnicodeScalarView()
    for byte in text.utf8 {
        if byte < 0x80 {
            scalars.append(Unicode.Scalar(byte))
        } else {
            let value = page[Int(byte) - 0x80]
            scalars.append(Unicode.Scalar(value == 0 ? UInt32(byte) : value)!)
        }
    }
    return String(scalars)
}

/// Latin-1: bytes 0x80–0xFF are the code points of the same number.
let latin1: [UInt32] = (0x80...0xFF).map { UInt32($0) }

@Suite struct MojibakeSearchTests {
    static let french = "Le café de la gare était fermé ; nous sommes allés à l’hôtel où l’on parlait déjà de Noël."
    static let german = "Die Straße war über Nacht gesperrt, und die Bürger mussten zu Fuß zum Rathaus gehen."
    static let polish = "Zażółć gęślą jaźń, powiedział łódzki wędkarz, zanim wyjechał do Gdańska."
    static let russian = "Съешь же ещё этих мягких французских булок, да выпей чаю, сказал он."
    static let greek = "Η γρήγορη καφέ αλεπού πηδάει πάνω από τον τεμπέλη σκύλο."
    static let czech = "Příliš žluťoučký kůň úpěl ďábelské ódy v Českých Budějovicích."

    static let cases: [(String, String, [UInt32])] = [
        ("windows-1252 French", french, SingleByteCharsets.windows1252),
        ("latin-1 German", german, latin1),
        ("windows-1252 Polish", polish, SingleByteCharsets.windows1252),
        ("windows-1252 Russian", russian, SingleByteCharsets.windows1252),
        ("windows-1251 French", french, SingleByteCharsets.windows1251),
        ("windows-1251 Greek", greek, SingleByteCharsets.windows1251),
        ("windows-1250 Czech", czech, SingleByteCharsets.windows1250),
        ("iso-8859-2 Czech", czech, SingleByteCharsets.iso8859_2),
        ("iso-8859-2 Russian", russian, SingleByteCharsets.iso8859_2),
        ("macroman French", french, SingleByteCharsets.macRoman),
        ("macroman Polish", polish, SingleByteCharsets.macRoman),
        ("cp437 Greek", greek, SingleByteCharsets.cp437),
    ]

    @Test(arguments: cases.map { $0.0 })
    func repairsEachCodePage(_ name: String) throws {
        let (_, text, page) = try #require(Self.cases.first { $0.0 == name })
        let broken = misread(text, through: page)
        #expect(broken != text)
        let document = try clean(broken, ["letter_spacing": .bool(false)])
        #expect(document.text == text, "\(name): \(broken)")
        #expect(document.metadata.counter("cleanup.mojibake_fixed") > 0)
    }

    @Test func repairsTextMisreadTwice() throws {
        let twice = misread(misread("déjà vu", through: SingleByteCharsets.windows1252), through: SingleByteCharsets.windows1252)
        #expect(try clean(twice).text == "déjà vu")
    }

    @Test func repairsMojibakeUnderHTMLEntities() throws {
        #expect(try clean("un caf&Atilde;&copy; cr&Atilde;&uml;me").text == "un café crème")
        // Entities alone are not mojibake: left as written.
        #expect(try clean("AT&amp;T and caf&eacute;").text == "AT&amp;T and caf&eacute;")
    }

    @Test func aLostByteBecomesAReplacementCharacter() throws {
        // `я` is D1 8F; sloppy decoders lose 0x8F, and it arrives as `�`.
        #expect(try clean("Ð¼Ñ\u{FFFD}Ð³ÐºÐ¸Ñ… Ð±ÑƒÐ»Ð¾Ðº").text == "м\u{FFFD}гких булок")
    }

    @Test(arguments: [
        "╔══════╗\n║ MENU ║\n╚══════╝",
        "┌─┬─┐ │ ├─┼─┤ └─┴─┘",
        "ÉCOLE NATIONALE SUPÉRIEURE DES BEAUX-ARTS",
        "SÃO PAULO É A MAIOR CIDADE; NÃO HÁ DÚVIDA.",
        "L33T SP34K: H4X0R ©2024 ™ ±5°C",
        "Ã is a letter of Portuguese, and â of French (pâté, château).",
        "ÀÉÎÕÜ àéîõü ÇÑ çñ — “quotes” ‘single’ «guillemets» ¿qué? ¡sí!",
        "MARQUÉ… RÉSUMÉ: naïve coöperation, façade, Zoë, Brontë…”",
        "Ελληνικά και Русский текст и עברית",
        "ÂÊÎÔÛ âêîôû ÄËÏÖÜ",
        "Temperature: 20° ± 0.5°; µs; ½ ¼ ¾; ×÷ (-1/2)! = √π",
        "HÅØYA ER BLÅØYD",
        "¸˛Ç◊ı˜Â¯˘¿ and ÅÍÎÏ˝ÓÔÒÚÆ☃",
        "ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÐÑÒÓÔÕÖ×ØÙÚÛÜÝÞß",
        "àáâãäåæçèéêëìíîïðñòóôõö÷øùúûüýþÿ",
        "(ノಠ益ಠ)ノ彡┻━┻ ¯\\_(ツ)_/¯ ʕ•ᴥ•ʔ",
        "Ðorđe Đoković, Škoda, İstanbul'da ılık, ŁÓDŹ",
    ])
    func leavesCorrectTextAlone(_ text: String) throws {
        let document = try clean(text, ["letter_spacing": .bool(false)])
        #expect(document.text == text)
        #expect(document.metadata.counter("cleanup.mojibake_fixed") == 0)
    }

    @Test func correctTextScoresZero() {
        for text in ["╚══════╝", "SÃO PAULO", "naïve café", "Русский", "√π", "H4X0R ©2024"] {
            #expect(Unlikelihood.score(Array(text.unicodeScalars)) == 0, "\(text)")
        }
        #expect(Unlikelihood.score(Array("cafÃ©".unicodeScalars)) > 0)
        #expect(Unlikelihood.score(Array("StraГџe".unicodeScalars)) > 0)
    }

    @Test func aControlInsideAWordBecomesAReplacementCharacter() throws {
        let document = try clean("an e\u{0E}cient method\u{1A}")
        #expect(document.text == "an e\u{FFFD}cient method")
        #expect(document.metadata.counter("cleanup.controls_as_replacement") == 1)
        #expect(document.metadata.counter("cleanup.controls_removed") == 1)
    }
}

@Suite struct AlternatingRunningHeadTests {
    /// Pages separated by form feeds; the right-hand pages (0, 2, 4…) open with `rightHead`, the
    /// left-hand ones with `leftHead`.
    static let words = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"]

    func book(pages: Int, rightHead: String, leftHead: String) -> String {
        (0..<pages).map { page in
            let body = (0..<4).map { line in
                "The \(Self.words[page]) section says \(Self.words[(page + line) % 10]) and \(Self.words[(page * 3 + line) % 10]) at length."
            }
            return ([page % 2 == 0 ? rightHead : leftHead] + body).joined(separator: "\n")
        }.joined(separator: "\n\u{0C}")
    }

    @Test func headsOnAlternatePagesAreRemoved() throws {
        let text = book(pages: 8, rightHead: "University Thesis Template", leftHead: "Chapter 2 Using the Template")
        let document = try clean(text)
        #expect(!document.text.contains("University Thesis Template"))
        #expect(!document.text.contains("Chapter 2 Using the Template"))
        #expect(document.text.contains("The hotel section says"))
    }

    @Test func aLineOnTwoPagesOfOneParityStays() throws {
        // Eight pages; `Introduction` heads two right-hand pages, the others have headings of their own.
        let heads = ["Introduction", "Methods", "Introduction", "Results", "Discussion", "Appendix", "Summary", "Index"]
        let text = book(pages: 8, rightHead: "", leftHead: "").components(separatedBy: "\u{0C}").enumerated()
            .map { heads[$0.offset] + $0.element }.joined(separator: "\u{0C}")
        let document = try clean(text)
        #expect(document.text.contains("Introduction"))
    }
}
