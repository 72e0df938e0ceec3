import ArgumentParser
import Foundation
import GalleyConfig
import GalleyCore
import GalleyRunner
import GalleyStages
import Logging

struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Reads JSON Lines {\"id\", \"text\"} on stdin and writes one document JSON a line on stdout.",
        discussion: """
            Stages that write files (export) are left out. Logs go to stderr only. A line without \
            "id" gets "text-" and a hash of its text, one without "source" gets "stdin": the output \
            depends on each line alone, never on where it is in the input (or in which partition).
            """)

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: ArgumentHelp(
        "Worker threads (default: concurrency.jobs, else 1: an engine that runs one stream per core gives the parallelism).",
        valueName: "n"))
    var jobs: Int?

    @Option(name: .long, help: ArgumentHelp(
        "Also write the stream's metrics (as in metrics.json) to this file when the stream ends; {host}, {pid} and {inputs} (a hash of the stream's document ids) are replaced, and a folder (or a path ending in /) gets galley-stream-{inputs}.json.",
        valueName: "path"))
    var metrics: String?

    @Option(name: .long, help: "Log format on stderr: text or json.")
    var logFormat: LogFormat = .text

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        LoggingSetup.bootstrap(level: .warning, format: logFormat)
        let logger = Logger(label: "galley")
        let signals = PluginSignals(logger: logger)
        defer { withExtendedLifetime(signals) {} }
        let configuration: PipelineConfiguration
        let stages: [PipelineStage]
        do {
            configuration = try PipelineLoader(catalog: BuiltinStages.catalog).load(file: options.url, checkInputs: false)
            stages = try PipelineBuilder.build(configuration, catalog: BuiltinStages.catalog, mode: .stream,
                                               logger: logger, fileName: options.config)
        } catch {
            signals.waitIfStopping()
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }
        let stream = StreamRun(stages: stages, documentsInFlight: configuration.concurrency.documents,
                               jobs: jobs ?? configuration.concurrency.jobs ?? 1,
                               maxLineBytes: configuration.input.maxBytes, bytesInFlight: configuration.concurrency.bytes)
        let result = stream.run(logger: logger)
        logger.info("\(MetricsReport.summaryLine(result.metrics))")
        if let metrics {
            let url = MetricsPath.resolve(metrics, inputsDigest: result.inputsDigest)
            let file = MetricsFile(run: result.metrics, exitCode: 0, lastSuccess: nil, lastSuccessDuration: nil)
            do {
                try OutputFile.write(try GalleyJSON.prettyEncoder().encode(file) + Data("\n".utf8), to: url)
            } catch {
                logger.error("cannot write the metrics to \(url.path): \(error)")
                throw ExitCode.failure
            }
        }
    }
}

/// Where `galley stream --metrics` writes: a path whose `{host}`, `{pid}` and `{inputs}` are
/// filled in, so that parallel tasks (one stream each) do not write the same file.
enum MetricsPath {
    static func resolve(_ template: String, inputsDigest: String) -> URL {
        var path = template
        var isDirectory: ObjCBool = false
        if path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue) {
            path = (path.hasSuffix("/") ? path : path + "/") + "galley-stream-{inputs}.json"
        }
        path = path.replacingOccurrences(of: "{inputs}", with: inputsDigest)
            .replacingOccurrences(of: "{pid}", with: String(getpid()))
            .replacingOccurrences(of: "{host}", with: ProcessInfo.processInfo.hostName)
        return URL(fileURLWithPath: path)
    }
}
