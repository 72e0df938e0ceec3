import Foundation
import GalleyCore

/// A file of pipeline tests (`galley test FILE.yaml`): named cases, each an input text, the
/// stages to run and what the resulting document must look like.
public struct PipelineTestFile: Sendable {
    /// The path as given, for messages.
    public var name: String
    /// The folder relative paths in stage options are resolved against.
    public var baseDirectory: URL
    public var cases: [PipelineTestCase]
}

/// One named case.
public struct PipelineTestCase: Sendable {
    public var name: String
    public var line: Int
    public var column: Int
    /// The document's text before the stages run.
    public var input: String
    public var id: String
    /// Sets the document's `language` before the stages run (as a detecting stage would).
    public var language: String?
    /// The stages to run, in order; nil runs the stages of `pipeline.yaml` without export.
    public var stages: [StageReference]?
    /// When set, whether a stage must drop the document.
    public var dropped: Bool?
    public var expectations: [Expectation]
}

/// A stage named by a case: `cleanup`, or `{ use: filter, with: { min_chars: 10 } }`.
public struct StageReference: Sendable {
    public var use: String
    public var options: [String: OptionValue]
    public var line: Int
    public var column: Int
}

/// One check on the resulting document.
public struct Expectation: Sendable {
    public enum Check: Sendable {
        /// The value equals this one (`null` included); objects compare without key order.
        case equals(OrderedJSON)
        /// A string contains this text, or an array contains this element.
        case contains(OrderedJSON)
        /// A string matches this regular expression somewhere.
        case matches(pattern: String, regex: NSRegularExpression)
        /// An array (or object, or string in characters) has this many items.
        case count(Int)
    }

    public var field: FieldPath
    public var check: Check
    public var line: Int
    public var column: Int
}
