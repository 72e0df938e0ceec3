/// What a stage learned about a document's text and hands on to a later stage of the same run, so
/// that the later stage need not work it out again: `dehyphenate` hands `sections` the line-role
/// model's reading of the raw page, by where each of its lines begins in the text it wrote.
///
/// A note describes one text, byte for byte, and is read back only for that text: ``Document``
/// drops its notes whenever its text is set, and a note whose text is not the one asked about is not
/// returned (a reader then works the answer out itself). Notes live in memory only: they are not
/// written to the document JSON, not sent to a plugin stage, and two documents that differ only in
/// their notes are equal.
public struct TextNotes: Sendable, Hashable {
    private struct Entry: Sendable {
        var value: any Sendable
        /// The text the note describes (it shares the document's storage while the text is unchanged).
        var text: String
    }

    private var entries: [ObjectIdentifier: Entry] = [:]

    public init() {}

    public var isEmpty: Bool { entries.isEmpty }

    /// Leaves `note` (one per type) describing `text`, in place of any earlier note of its type.
    public mutating func set<Note: Sendable>(_ note: Note, describing text: String) {
        entries[ObjectIdentifier(Note.self)] = Entry(value: note, text: text)
    }

    /// The note of type `Note`, when there is one and it describes `text` byte for byte; nil otherwise.
    public func note<Note: Sendable>(_ type: Note.Type, describing text: String) -> Note? {
        guard let entry = entries[ObjectIdentifier(type)], Self.sameBytes(entry.text, text) else { return nil }
        return entry.value as? Note
    }

    /// Drops the note of type `Note`.
    public mutating func remove<Note: Sendable>(_ type: Note.Type) {
        entries[ObjectIdentifier(type)] = nil
    }

    public mutating func removeAll() {
        if !entries.isEmpty { entries = [:] }
    }

    /// Whether two texts have the same UTF-8 bytes: at once when they share their storage (a text
    /// no stage changed), else by comparing the bytes (not Unicode equivalence: the note's offsets
    /// are byte offsets).
    static func sameBytes(_ first: String, _ second: String) -> Bool {
        guard first.utf8.count == second.utf8.count else { return false }
        var first = first, second = second
        return first.withUTF8 { a in
            second.withUTF8 { b in a.baseAddress == b.baseAddress || a.elementsEqual(b) }
        }
    }

    /// Notes are not part of a document's value.
    public static func == (lhs: TextNotes, rhs: TextNotes) -> Bool { true }
    public func hash(into hasher: inout Hasher) {}
}
