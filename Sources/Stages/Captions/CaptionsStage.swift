import GalleyCore
import GalleyText

/// Finds photo, figure and table captions with their credits, takes them out of the section
/// bodies and lists them on the document with the index of their section.
///
/// Chinese: `图为…`, `图：…`, `（XX 摄）`, `XX 摄` on its own line (the paragraph before it is the
/// caption), `新华社记者 XX 摄`, `本报记者 XX 摄`, `（资料图片）`, `（传真照片）`. English: `Figure 3: …`,
/// `Fig. 2. …`, `FIGURE 1 —`, `Table 2 …`, `Photo: …`, `(AP Photo/Name)`, `Photograph: Name/Agency`,
/// `Credit: …`, `Courtesy of …`. `credit` holds only the photographer or source, `text` the caption
/// without its credit (and without a `Figure 3:` label, which goes to `label`).
public struct CaptionsStage: Stage {
    public static let kinds = ["photo", "figure", "table"]

    public static let descriptor = StageDescriptor(
        name: "captions",
        summary: "Takes photo, figure and table captions and their credits out of the section bodies.",
        options: [
            OptionSpec("kinds", .list(.choice(kinds)), default: .list(kinds.map { .string($0) }),
                       "Which captions to take out: photo, figure, table."),
            OptionSpec("remove_from_body", .boolean, default: .bool(true),
                       "Remove captions and credit lines from the section bodies (false: only list them)."),
            OptionSpec("line_roles", .choice(LineRoles.allCases.map(\.rawValue)), default: .string("handed_on"),
                       "Paragraphs the line-role model reads as captions: handed_on (the roles dehyphenate read on the raw page, when they reach this stage; no model run), model (also runs the model on a text no stage joined), off."),
            OptionSpec("max_caption_chars", .integer(min: 20, max: 5000), default: .int(400),
                       "Longest paragraph taken as the caption of a credit line printed below it."),
        ])

    let finder: CaptionFinder
    let removeFromBody: Bool
    let lineRoles: LineRoles

    /// Where the line-role model's reading of captions comes from (option `line_roles`).
    public enum LineRoles: String, CaseIterable, Sendable {
        /// The roles an earlier stage handed on for this very text; none else (no model run).
        case handedOn = "handed_on"
        /// Those, else the model run on the text when no stage joined its lines.
        case model
        case off
    }

    public init(setup: StageSetup) throws {
        let options = setup.options
        finder = CaptionFinder(kinds: Set(options.strings("kinds") ?? Self.kinds),
                               maxCaptionLength: options.int("max_caption_chars") ?? 400)
        removeFromBody = options.bool("remove_from_body") ?? true
        lineRoles = LineRoles(rawValue: options.string("line_roles") ?? "handed_on") ?? .handedOn
    }

    public func process(_ document: inout Document) throws -> Disposition {
        document.materializeSections()
        let modelCaptions = lineRoles == .off ? ModelCaptions() : Self.modelCaptions(of: document, runningModel: lineRoles == .model)
        var captions: [Caption] = []
        for index in document.sections.indices {
            let section = document.sections[index]
            let result = finder.find(in: section.text, section: index, title: section.title,
                                     modelCaptions: modelCaptions)
            guard !result.captions.isEmpty else { continue }
            captions += result.captions
            if removeFromBody {
                document.sections[index].text = result.body.joined(separator: "\n\n")
            }
        }
        document.captions += captions
        if !captions.isEmpty {
            document.metadata.count("captions.found", by: captions.count)
            let credited = captions.filter { $0.credit != nil }.count
            if credited > 0 { document.metadata.count("captions.credited", by: credited) }
        }
        return .keep
    }

    /// What the line-role model reads as captions in the document's text: the roles `dehyphenate`
    /// handed on for this very text when there are some (no second model run); else, with
    /// `runningModel`, the model run on the text, unless `dehyphenate` joined its lines (its counters
    /// are in the metadata): the model reads the lines of a page as printed, and on joined paragraphs
    /// it takes table rows and notes for captions.
    static func modelCaptions(of document: Document, runningModel: Bool) -> ModelCaptions {
        if let handedOn = document.notes.note(PageRoles.self, describing: document.text) {
            return ModelCaptions(document.text, handedOn: handedOn)
        }
        guard runningModel, !document.metadata.values.keys.contains(where: { $0.hasPrefix("dehyphenate.") }) else { return ModelCaptions() }
        return ModelCaptions(document.text, handedOn: nil)
    }
}
