import ArgumentParser
import Foundation
import GalleyConfig
import GalleyCore
import GalleyStages
import Logging

/// The `galley` command.
@main
struct Galley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "galley",
        abstract: "Turns raw digitized text into clean, structured, searchable documents.",
        discussion: """
            Exit codes: 0 every document processed; 2 usage or configuration error; 3 some \
            documents failed and were quarantined in output/failed/; 75 another run holds the \
            output folder's lock; 130/143 stopped by SIGINT/SIGTERM; 1 any other failure.
            """,
        version: GalleyVersion.current,
        subcommands: [RunCommand.self, MergeCommand.self, ValidateCommand.self, StagesCommand.self, SchemaCommand.self, StreamCommand.self, TestCommand.self, SearchCommand.self]
    )

    /// Runs the command, mapping argument-parser's usage errors (EX_USAGE, 64) to Galley's 2.
    static func main() {
        ProcessSignals.ignoreBrokenPipes()
        MemoryReturn.configure()
        ChildProcesses.closeInheritedDescriptorsOnExec()
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code.rawValue == 64 {
                let message = fullMessage(for: error)
                if !message.isEmpty { printError(message) }
                Foundation.exit(ExitCodes.configuration.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// Galley's version, recorded in manifests so that an upgrade reprocesses inputs.
enum GalleyVersion {
    static let current = "0.1.0"
}

/// Options every command that reads `pipeline.yaml` shares.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: "The pipeline file.")
    var config: String = "pipeline.yaml"

    var url: URL { URL(fileURLWithPath: config) }
}

/// Exit codes of the `galley` command.
enum ExitCodes {
    static let configuration = ExitCode(2)
    static let documentsFailed = ExitCode(3)
    static let locked = ExitCode(75)
    static let interrupted = ExitCode(130)
    static let terminated = ExitCode(143)
}

enum Diagnostics {
    /// Prints configuration problems on stderr, one a line: `FILE:LINE:COLUMN: error: MESSAGE`,
    /// or with `--log-format json` one JSON object each, with `file`, `line` and `column`.
    static func report(_ error: ConfigurationError) {
        let logger = Logger(label: "galley")
        for diagnostic in error.diagnostics {
            if LoggingSetup.writesJSON {
                logger.error("\(diagnostic.message)", metadata: [
                    "file": .string(diagnostic.file), "line": .stringConvertible(diagnostic.line),
                    "column": .stringConvertible(diagnostic.column),
                ])
            } else {
                printError(diagnostic.description)
            }
        }
    }
}

func printError(_ text: String) {
    StandardStream.error.write(Data((text + "\n").utf8))
}

func printOutput(_ text: String) {
    StandardStream.output.write(Data((text + "\n").utf8))
}

/// Signals whose default action would end a run that can go on.
enum ProcessSignals {
    /// SIGPIPE: when the reader of the log or of the output goes away (`galley run 2>&1 | head`),
    /// writes fail with EPIPE instead of killing the run, which then finishes and writes its
    /// outputs. SIGXFSZ: a file past the size limit (`ulimit -f`) fails the write with EFBIG,
    /// reported like a full disk. Plugins get both back at their default when they start.
    static func ignoreBrokenPipes() {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGXFSZ, SIG_IGN)
    }
}

/// Standard output or error, written with `write(2)`: a write that fails (the reader has gone
/// away) is dropped, where `FileHandle.write(_:)` would stop the program.
struct StandardStream: Sendable {
    let descriptor: Int32

    static let output = StandardStream(descriptor: STDOUT_FILENO)
    static let error = StandardStream(descriptor: STDERR_FILENO)

    /// Writes all of `data`; false when the stream is closed or failed.
    @discardableResult
    func write(_ data: Data) -> Bool {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                offset += written
            }
            return true
        }
    }
}

