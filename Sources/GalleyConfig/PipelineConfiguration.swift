import Foundation
import GalleyCore

/// A loaded, validated `pipeline.yaml`.
public struct PipelineConfiguration: Sendable {
    /// The file it came from, and the folder relative paths in it are resolved against.
    public var file: URL
    public var baseDirectory: URL
    public var input: InputSettings
    public var output: OutputSettings
    public var concurrency: ConcurrencySettings
    public var stages: [StageEntry]

    public init(file: URL, baseDirectory: URL, input: InputSettings, output: OutputSettings,
                concurrency: ConcurrencySettings, stages: [StageEntry]) {
        self.file = file
        self.baseDirectory = baseDirectory
        self.input = input
        self.output = output
        self.concurrency = concurrency
        self.stages = stages
    }

    /// A digest of everything that decides the outputs (stages and their options), for
    /// incremental runs: when it changes, every input is processed again.
    public var fingerprint: String {
        var text = ""
        for stage in stages {
            text += "\(stage.use)|\(stage.name)|"
            for key in stage.options.values.keys.sorted() {
                text += "\(key)=\(stage.options.values[key]!.description);"
            }
            text += "\n"
        }
        return StableHash.hex(of: Data(text.utf8))
    }
}

/// `input:` — where documents come from.
public struct InputSettings: Sendable {
    /// Files and folders (searched recursively), absolute.
    public var paths: [URL]
    /// Glob patterns a file name (or, with a `/`, its relative path) must match.
    public var include: [String]
    public var exclude: [String]
    /// Inputs larger than this fail with a clear message instead of being read.
    public var maxBytes: Int
}

/// `output:` — where results go.
public struct OutputSettings: Sendable {
    public var directory: URL
    /// Remove the outputs of inputs that no longer exist (incremental runs).
    public var prune: Bool
}

/// `concurrency:` — how much runs at once.
public struct ConcurrencySettings: Sendable {
    /// Documents in flight at most; reading pauses at this bound.
    public var documents: Int
    /// Worker threads; nil means one per core.
    public var jobs: Int?
    /// Input bytes in flight at most; one document larger than this runs alone.
    public var bytes: Int = 256 << 20
}

/// One entry of `stages:`.
public struct StageEntry: Sendable {
    /// The stage module (`use:`).
    public var use: String
    /// The name in metrics and logs (`name:`, else `use:`).
    public var name: String
    public var options: StageOptions
    /// Where the entry is in the file.
    public var line: Int
    public var column: Int
}

