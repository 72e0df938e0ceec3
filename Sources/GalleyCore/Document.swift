/// One document as it flows through the pipeline and as it is written to `output/docs/<id>.json`.
///
/// Stages read and change it; the field order of its JSON is the order declared here, and nil
/// fields are written as `null`, so that every document has the same shape.
public struct Document: Sendable, Hashable, Codable {
    /// A safe file name derived from the input path (or given by the caller of `galley stream`).
    public var id: String
    /// Where the document came from: a path relative to the working folder, or what a `galley stream`
    /// line names (`stdin` when it names nothing).
    public var source: String
    /// The main language (`zh`, `en`, …), set by a stage that detects it.
    public var language: String?
    /// The whole text, as the text stages left it. Setting it drops the ``notes``, which describe
    /// the text they were left with.
    public var text: String {
        didSet { notes.removeAll() }
    }
    /// The document's sections. Empty until a sectioning stage runs; see ``effectiveSections``.
    public var sections: [Section]
    /// Photo, figure and table captions found in the text.
    public var captions: [Caption]
    /// Annotations by stages; numeric values are counters summed into the run's metrics.
    public var metadata: Metadata
    /// What a stage hands to a later stage about the text (``TextNotes``): in memory only, never
    /// written or compared.
    public var notes = TextNotes()

    public init(
        id: String, source: String, text: String, language: String? = nil,
        sections: [Section] = [], captions: [Caption] = [], metadata: Metadata = Metadata()
    ) {
        self.id = id
        self.source = source
        self.text = text
        self.language = language
        self.sections = sections
        self.captions = captions
        self.metadata = metadata
    }

    /// The sections, or the whole text as one untitled section when no stage has split it.
    public var effectiveSections: [Section] {
        sections.isEmpty ? [Section(text: text)] : sections
    }

    /// Makes the sections explicit: a document that no stage has split becomes one untitled
    /// section holding the whole text. The runner calls this before a document is written.
    public mutating func materializeSections() {
        if sections.isEmpty { sections = [Section(text: text)] }
    }

    enum CodingKeys: String, CodingKey {
        case id, source, language, text, sections, captions, metadata
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        source = try container.decodeIfPresent(String.self, forKey: .source) ?? ""
        language = try container.decodeIfPresent(String.self, forKey: .language)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
        sections = try container.decodeIfPresent([Section].self, forKey: .sections) ?? []
        captions = try container.decodeIfPresent([Caption].self, forKey: .captions) ?? []
        metadata = try container.decodeIfPresent(Metadata.self, forKey: .metadata) ?? Metadata()
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(language, forKey: .language)
        try container.encode(text, forKey: .text)
        try container.encode(sections, forKey: .sections)
        try container.encode(captions, forKey: .captions)
        try container.encode(metadata, forKey: .metadata)
    }
}

/// One article or section of a document.
public struct Section: Sendable, Hashable, Codable {
    /// A column banner or kicker above the title.
    public var kicker: String?
    public var title: String?
    /// A subtitle, such as `——区人大常委会工作综述（下）`.
    public var subtitle: String?
    /// The author line without its decoration (`记者 范玉贤`, `Jane Doe`).
    public var byline: String?
    /// Body paragraphs separated by a blank line (`\n\n`).
    public var text: String
    /// Summary sentences, verbatim from `text` and in its order; nil when no summarizer ran.
    public var summary: [String]?
    /// Key terms of the section; nil when no keyword stage ran.
    public var keywords: [String]?

    public init(
        kicker: String? = nil, title: String? = nil, subtitle: String? = nil, byline: String? = nil,
        text: String, summary: [String]? = nil, keywords: [String]? = nil
    ) {
        self.kicker = kicker
        self.title = title
        self.subtitle = subtitle
        self.byline = byline
        self.text = text
        self.summary = summary
        self.keywords = keywords
    }

    enum CodingKeys: String, CodingKey {
        case kicker, title, subtitle, byline, text, summary, keywords
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        kicker = try container.decodeIfPresent(String.self, forKey: .kicker)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        subtitle = try container.decodeIfPresent(String.self, forKey: .subtitle)
        byline = try container.decodeIfPresent(String.self, forKey: .byline)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
        summary = try container.decodeIfPresent([String].self, forKey: .summary)
        keywords = try container.decodeIfPresent([String].self, forKey: .keywords)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kicker, forKey: .kicker)
        try container.encode(title, forKey: .title)
        try container.encode(subtitle, forKey: .subtitle)
        try container.encode(byline, forKey: .byline)
        try container.encode(text, forKey: .text)
        try container.encode(summary, forKey: .summary)
        if let keywords { try container.encode(keywords, forKey: .keywords) }
    }
}

/// A photo, figure or table caption taken out of the body.
public struct Caption: Sendable, Hashable, Codable {
    /// The caption without its credit.
    public var text: String
    /// The photographer or source only (`陆新`, `AP Photo/Jane Doe`).
    public var credit: String?
    /// Index into ``Document/sections`` of the section the caption belongs to.
    public var section: Int?
    /// `photo`, `figure` or `table`, when known.
    public var kind: String?
    /// The label as printed (`Figure 3`, `Table 2`), when there is one.
    public var label: String?

    public init(text: String, credit: String? = nil, section: Int? = nil, kind: String? = nil, label: String? = nil) {
        self.text = text
        self.credit = credit
        self.section = section
        self.kind = kind
        self.label = label
    }

    enum CodingKeys: String, CodingKey {
        case text, credit, section, kind, label
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decodeIfPresent(String.self, forKey: .text) ?? ""
        credit = try container.decodeIfPresent(String.self, forKey: .credit)
        section = try container.decodeIfPresent(Int.self, forKey: .section)
        kind = try container.decodeIfPresent(String.self, forKey: .kind)
        label = try container.decodeIfPresent(String.self, forKey: .label)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encode(credit, forKey: .credit)
        try container.encode(section, forKey: .section)
        if let kind { try container.encode(kind, forKey: .kind) }
        if let label { try container.encode(label, forKey: .label) }
    }
}

/// Stage annotations on a document, written with sorted keys.
///
/// Keys are namespaced by stage (`cleanup.mojibake_fixed`). Numeric values are counters: the
/// runner sums them over the run and reports them in `metrics.json` and `metrics.prom`.
public struct Metadata: Sendable, Hashable, Codable {
    public private(set) var values: [String: JSONValue]

    public init(_ values: [String: JSONValue] = [:]) { self.values = values }

    public subscript(key: String) -> JSONValue? {
        get { values[key] }
        set { values[key] = newValue }
    }

    /// Adds `amount` to the counter `key` (creating it at zero).
    public mutating func count(_ key: String, by amount: Int = 1) {
        let current: Int
        switch values[key] {
        case .int(let value): current = value
        case .double(let value): current = Int(value)
        default: current = 0
        }
        values[key] = .int(current + amount)
    }

    /// The counter `key`, or zero.
    public func counter(_ key: String) -> Int {
        switch values[key] {
        case .int(let value): value
        case .double(let value): Int(value)
        default: 0
        }
    }

    /// The numeric entries, for the run's counters.
    public var counters: [String: Double] {
        values.compactMapValues(\.number)
    }

    /// Calls `body` with every numeric entry, without building a dictionary (the runner sums
    /// them for every document).
    public func forEachCounter(_ body: (String, Double) -> Void) {
        for (key, value) in values {
            if let number = value.number { body(key, number) }
        }
    }

    public var isEmpty: Bool { values.isEmpty }

    public init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: JSONValue].self)
    }

    public func encode(to encoder: any Encoder) throws {
        try JSONValue.object(values).encode(to: encoder)
    }
}
