import GalleyCore

/// The keys of `pipeline.yaml` outside `stages:`, declared once for validation, the JSON
/// Schema and the README, the same way stages declare their options.
public enum ConfigSchema {
    public static let version = OptionSpec("version", .integer(min: 1, max: 1), default: .int(1),
                                           "The format version of this file; always 1.")

    public static let input: [OptionSpec] = [
        OptionSpec("paths", .list(.path), default: .list([]),
                   "Files and folders to read; folders are searched recursively. Relative to this file's folder."),
        OptionSpec("include", .list(.string), default: .list([]),
                   "Glob patterns a file must match (on its name, or on its relative path when the pattern has a '/'); empty means every file."),
        OptionSpec("exclude", .list(.string), default: .list([]),
                   "Glob patterns of files to skip, matched like include."),
        OptionSpec("max_bytes", .integer(min: 1), default: .int(256 << 20),
                   "Inputs larger than this many bytes fail with a message instead of being read."),
    ]

    public static let output: [OptionSpec] = [
        OptionSpec("dir", .path, default: .string("output"),
                   "The output folder, relative to this file's folder."),
        OptionSpec("prune", .boolean, default: .bool(false),
                   "Remove the outputs of inputs that have disappeared since the last run."),
    ]

    public static let concurrency: [OptionSpec] = [
        OptionSpec("documents", .integer(min: 1, max: 100_000), default: .int(8),
                   "Documents in flight at most; reading pauses at this bound (backpressure)."),
        OptionSpec("jobs", .integer(min: 1, max: 1024),
                   "Worker threads; default one per core. `--jobs` overrides it."),
        OptionSpec("bytes", .integer(min: 1), default: .int(256 << 20),
                   "Input bytes in flight at most (256 MiB): a document is taken only while those in flight total less; one larger than this runs alone."),
    ]

    /// The keys of one entry of `stages:`.
    public static let stageEntryKeys = ["use", "name", "with"]

    /// The top-level sections and their keys.
    public static let sections: [(name: String, keys: [OptionSpec], summary: String)] = [
        ("input", input, "Where documents come from."),
        ("output", output, "Where results go."),
        ("concurrency", concurrency, "How much runs at once."),
    ]

    public static var topLevelKeys: [String] { ["version"] + sections.map(\.name) + ["stages"] }
}
