import Foundation
import Logging

/// A stage module: one step of a pipeline that transforms one document at a time.
///
/// A stage says what it is called, what it does and which options it takes (its
/// ``StageDescriptor``); it is built once per pipeline from validated options, and then
/// ``process(_:)`` is called for every document, possibly from several threads at once.
/// Stages hold no global mutable state.
///
/// ```swift
/// public struct UppercaseStage: Stage {
///     public static let descriptor = StageDescriptor(
///         name: "uppercase", summary: "Upper-cases the text.",
///         options: [OptionSpec("titles", .boolean, default: .bool(false), "Upper-case titles too.")])
///     let titles: Bool
///     public init(setup: StageSetup) throws { titles = setup.options.bool("titles") ?? false }
///     public func process(_ document: inout Document) throws -> Disposition {
///         document.text = document.text.uppercased()
///         return .keep
///     }
/// }
/// ```
public protocol Stage: Sendable {
    /// The stage's name in `pipeline.yaml`, its description and its options.
    static var descriptor: StageDescriptor { get }

    /// Builds the stage for one pipeline. Throw ``StageError`` for a setting that cannot work
    /// (an unreadable word list, say); it is reported as a configuration error.
    init(setup: StageSetup) throws

    /// Transforms one document. Throwing fails this document only: it is quarantined with
    /// the error and the run goes on.
    func process(_ document: inout Document) throws -> Disposition

    /// For a stage that is `.inputOrder`: the part of its work that needs no order (encoding,
    /// writing a document's own files), which the runner calls on the worker that brings the
    /// document, several documents at once, before the document waits for its turn;
    /// ``process(_:)`` then does only what must happen in input order. Throwing fails the
    /// document as ``process(_:)`` would. ``process(_:)`` must also work on a document that
    /// was not prepared (a stage run alone, in a test). The default does nothing.
    func prepare(_ document: inout Document) throws

    /// Called once after the last document of a run, with the run's metrics and failures.
    func finish(_ run: RunSummary) throws
}

extension Stage {
    public func prepare(_ document: inout Document) throws {}

    public func finish(_ run: RunSummary) throws {}
}

/// What happens to a document after a stage.
public enum Disposition: Sendable, Hashable {
    /// The document goes on to the next stage.
    case keep
    /// The document leaves the run; it is counted as dropped by this stage, with the reason.
    case drop(reason: String)
}

/// How the runner may call a stage.
public enum StageOrdering: Sendable, Hashable {
    /// Any number of documents at once, in any order.
    case concurrent
    /// One document at a time, in input order (for stages that append to a shared output).
    case inputOrder
}

/// What a stage says about itself: the single source for validation, `galley stages`,
/// `galley schema` and the README's option tables.
public struct StageDescriptor: Sendable {
    /// The value of `use:` in `pipeline.yaml`.
    public var name: String
    /// One line saying what the stage does.
    public var summary: String
    public var options: [OptionSpec]
    public var ordering: StageOrdering
    /// Whether the stage writes files (it is left out of `galley stream` and `galley test`).
    public var writesOutput: Bool

    public init(
        name: String, summary: String, options: [OptionSpec] = [],
        ordering: StageOrdering = .concurrent, writesOutput: Bool = false
    ) {
        self.name = name
        self.summary = summary
        self.options = options
        self.ordering = ordering
        self.writesOutput = writesOutput
    }

    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}

/// How a run was started; stages that write files behave differently in each.
public enum RunMode: String, Sendable {
    /// `galley run`: inputs from files, outputs in the output folder.
    case batch
    /// `galley stream`: JSON Lines in and out, no files written.
    case stream
    /// `galley test` and unit tests: no files written.
    case test
}

/// Everything a stage is given when it is built.
public struct StageSetup: Sendable {
    /// The validated options, with defaults filled in.
    public var options: StageOptions
    /// The stage's name in this pipeline (`name:` in `pipeline.yaml`, else its `use:`).
    public var instanceName: String
    /// The folder outputs go to.
    public var outputDirectory: URL
    /// The folder of `pipeline.yaml`, against which relative paths are resolved.
    public var baseDirectory: URL
    public var mode: RunMode
    public var logger: Logger

    public init(
        options: StageOptions, instanceName: String,
        outputDirectory: URL = URL(fileURLWithPath: "output"),
        baseDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
        mode: RunMode = .test,
        logger: Logger = Logger(label: "galley")
    ) {
        self.options = options
        self.instanceName = instanceName
        self.outputDirectory = outputDirectory
        self.baseDirectory = baseDirectory
        self.mode = mode
        self.logger = logger
    }

    /// A path option resolved against ``baseDirectory``.
    public func url(forPathOption name: String) -> URL? {
        guard let path = options.string(name), !path.isEmpty else { return nil }
        if path.hasPrefix("/") { return URL(fileURLWithPath: path) }
        return baseDirectory.appendingPathComponent(path)
    }
}

/// An error a stage throws, with a message a user can act on.
public struct StageError: Error, Sendable, CustomStringConvertible, Hashable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    /// What to tell a user about any error a stage threw: a ``StageError``'s message, else the
    /// error's description (its type name when it has none).
    public static func describe(_ error: any Error) -> String {
        if let error = error as? StageError { return error.message }
        let described = String(describing: error)
        return described.isEmpty ? "\(type(of: error))" : described
    }
}
