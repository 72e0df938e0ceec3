import GalleyCore
import Synchronization

/// What the run report shows of one exported document.
public struct DocumentRow: Sendable, Hashable, Codable {
    public var id: String
    public var source: String
    public var language: String?
    /// The first section title, if any stage found one.
    public var title: String?
    public var sections: Int
    public var captions: Int
    public var characters: Int
    /// UTF-8 bytes of the text.
    public var bytes: Int

    public init(_ document: Document) {
        id = document.id
        source = document.source
        language = document.language
        title = document.sections.lazy.compactMap { $0.title ?? $0.subtitle }.first
        sections = document.effectiveSections.count
        captions = document.captions.count
        characters = document.text.count
        bytes = document.text.utf8.count
    }
}

/// The documents exported so far in this run, in the order they were exported.
final class DocumentLedger: Sendable {
    private let rows = Mutex<[DocumentRow]>([])

    func append(_ row: DocumentRow) {
        rows.withLock { $0.append(row) }
    }

    var all: [DocumentRow] { rows.withLock { $0 } }

    /// The rows in the order of `ids` (rows of other ids last), or as appended when it is empty.
    func all(inInputOrder ids: [String]) -> [DocumentRow] {
        guard !ids.isEmpty else { return all }
        let position = Dictionary(ids.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        return all.enumerated().sorted { left, right in
            (position[left.element.id] ?? Int.max, left.offset) < (position[right.element.id] ?? Int.max, right.offset)
        }.map(\.element)
    }
}
