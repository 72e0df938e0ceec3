import Foundation
import GalleyCore

/// A plugin: any program that reads documents as JSON Lines on standard input and answers one
/// line per document on standard output.
///
/// Galley writes one document JSON a line; the plugin answers, for each, one line with the
/// same `id`: the changed document, `{"id": …, "drop": true}` (optionally with `"reason"`), or
/// `{"id": …, "error": "…"}`. `workers` processes are started with the stage and live for the
/// whole run. Standard error goes to Galley's log under the stage's name. The protocol and a
/// Python example: docs/stages/external.md and examples/plugins/.
public struct ExternalStage: Stage {
    public static let descriptor = StageDescriptor(
        name: "external",
        summary: "Runs a plugin program that answers documents as JSON Lines on stdin/stdout.",
        options: [
            OptionSpec("command", .list(.string), required: true,
                       "The program and its arguments, as a list (never a shell string): [python3, plugins/tag.py]. Relative paths are resolved against the folder of pipeline.yaml, which is also the plugin's working folder."),
            OptionSpec("workers", .integer(min: 1, max: 64), default: .int(1),
                       "Plugin processes started with the stage and kept for the whole run; each handles one document at a time."),
            OptionSpec("timeout", .number(min: 0.001, max: 86_400), default: .number(30),
                       "Seconds a document may take (sending it and reading the answer); a worker past it is killed and restarted, and the document fails."),
            OptionSpec("max_answer_bytes", .integer(min: 1024), default: .int(64 << 20),
                       "Bytes an answer line may have at most (64 MiB); a plugin writing more without a newline is killed and restarted, and the document fails. Raise it for documents larger than about half of it."),
            OptionSpec("env", .map(.string), default: .map([:]),
                       "Environment variables for the plugin, added to Galley's own."),
        ])

    let pool: WorkerPool

    public init(setup: StageSetup) throws {
        // A plugin that dies between our check and our write must not take Galley with it:
        // with SIGPIPE ignored, the write fails with EPIPE and the document fails instead.
        // (Plugins get the default SIGPIPE back when they start.)
        signal(SIGPIPE, SIG_IGN)
        let argv = setup.options.strings("command") ?? []
        guard let program = argv.first, !program.isEmpty else {
            throw StageError("'command' must name a program: command: [python3, plugins/tag.py]")
        }
        var environment = ProcessInfo.processInfo.environment
        for (key, value) in setup.options.stringMap("env") ?? [:] { environment[key] = value }
        let executable = try Self.resolve(program, in: setup.baseDirectory, path: environment["PATH"])
        let command = PluginCommand(
            name: setup.instanceName, executable: executable, arguments: Array(argv.dropFirst()),
            environment: environment, directory: setup.baseDirectory.path)
        pool = try WorkerPool(command: command, workers: setup.options.int("workers") ?? 1,
                              timeout: setup.options.double("timeout") ?? 30,
                              maxAnswerBytes: setup.options.int("max_answer_bytes") ?? (64 << 20), logger: setup.logger)
    }

    public func process(_ document: inout Document) throws -> Disposition {
        try pool.process(&document)
    }

    public func finish(_ run: RunSummary) throws {
        pool.shutdown()
    }

    /// The absolute path of `program`: as given when absolute, against `base` when it has a
    /// slash, else the first match in `PATH`.
    static func resolve(_ program: String, in base: URL, path: String?) throws -> String {
        if program.contains("/") {
            let url = program.hasPrefix("/") ? URL(fileURLWithPath: program) : base.appendingPathComponent(program)
            guard FileManager.default.isExecutableFile(atPath: url.path) else {
                throw StageError("plugin program '\(program)' is not an executable file (resolved to \(url.path))")
            }
            return url.path
        }
        for folder in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(folder)).appendingPathComponent(program).path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw StageError("plugin program '\(program)' was not found in PATH")
    }
}
