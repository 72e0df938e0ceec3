import Foundation
import GalleyCore
import Testing

/// Notes one stage leaves for a later one about the text: read back only for the text they
/// describe, dropped when the text is set, never written and never compared.
@Suite struct TextNotesTests {
    struct Lines: Sendable, Equatable { var starts: [Int] }
    struct Other: Sendable {}

    @Test func aNoteIsReadBackOnlyForTheTextItDescribes() {
        var notes = TextNotes()
        let text = "first line\n\nsecond line"
        notes.set(Lines(starts: [0, 12]), describing: text)
        #expect(notes.note(Lines.self, describing: text) == Lines(starts: [0, 12]))
        // The same bytes in another string's storage.
        #expect(notes.note(Lines.self, describing: String(decoding: Array(text.utf8), as: UTF8.self)) == Lines(starts: [0, 12]))
        // Another text of the same length, a longer one, and a text equal only as Unicode (NFD).
        #expect(notes.note(Lines.self, describing: "first line\n\nsecond lane") == nil)
        #expect(notes.note(Lines.self, describing: text + " ") == nil)
        var composed = TextNotes()
        composed.set(Lines(starts: [0]), describing: "caf\u{E9}")
        #expect(composed.note(Lines.self, describing: "cafe\u{301}") == nil)
        // A note of another type is not there.
        #expect(notes.note(Other.self, describing: text) == nil)
        notes.remove(Lines.self)
        #expect(notes.note(Lines.self, describing: text) == nil)
        #expect(notes.isEmpty)
    }

    @Test func settingTheTextDropsTheNotes() {
        var document = Document(id: "a", source: "s", text: "one\ntwo")
        document.notes.set(Lines(starts: [0, 4]), describing: document.text)
        #expect(document.notes.note(Lines.self, describing: document.text) != nil)
        document.text.append(" three")
        #expect(document.notes.isEmpty)
        document.notes.set(Lines(starts: [0]), describing: document.text)
        let same = document.text
        document.text = same
        #expect(document.notes.isEmpty)
    }

    @Test func notesAreNeitherWrittenNorCompared() throws {
        let plain = Document(id: "a", source: "s", text: "body")
        var noted = plain
        noted.notes.set(Lines(starts: [0]), describing: noted.text)
        #expect(GalleyJSON.line(noted) == GalleyJSON.line(plain))
        #expect(noted == plain)
        #expect(noted.hashValue == plain.hashValue)
        let decoded = try JSONDecoder().decode(Document.self, from: GalleyJSON.line(noted))
        #expect(decoded.notes.isEmpty)
    }
}
