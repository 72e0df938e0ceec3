import ArgumentParser
import Dispatch
import Foundation
import GalleyConfig
import GalleyCore
import GalleyRunner
import GalleyStages
import Logging

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Runs the pipeline over the inputs and writes the outputs.",
        discussion: """
            Only new or changed inputs are processed (and every input when the pipeline or \
            Galley changed); --force processes all. One run at a time per output folder: a \
            second run exits 75 at once. SIGINT/SIGTERM stop taking inputs, let those in flight \
            finish (up to --grace seconds), write the manifest and metrics, and exit 130/143.
            """)

    @OptionGroup var options: ConfigOptions

    @Option(name: .long, help: "An input file or folder instead of input.paths (repeatable).")
    var input: [String] = []

    @Option(name: .long, help: "The output folder instead of output.dir.")
    var output: String?

    @Option(name: .long, help: "Worker threads (default: one per core).")
    var jobs: Int?

    @Flag(name: .long, help: "Process every input again, even unchanged ones.")
    var force = false

    @Flag(name: .long, help: ArgumentHelp(
        "With output.prune: true, let a run that finds no inputs at all remove the outputs of every earlier input.",
        discussion: "Without it such a run keeps them: an input folder that vanished must not cost every output."))
    var pruneWithoutInputs = false

    @Flag(name: .long, help: "Print only errors (no progress line, no table).")
    var quiet = false

    @Option(name: .long, help: "Log format on stderr: text or json.")
    var logFormat: LogFormat = .text

    @Option(name: .long, help: "Seconds documents in flight may take to finish after SIGINT/SIGTERM.")
    var grace: Double = 10

    @Option(name: .long, help: ArgumentHelp(
        "Process only part I of N of the inputs (by a stable hash of each input's relative path); join the parts with `galley merge`.",
        valueName: "I/N"))
    var shard: ShardSpec?

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if grace < 0 { throw ValidationError("--grace must not be negative") }
    }

    func run() throws {
        LoggingSetup.bootstrap(level: quiet ? .warning : .info, format: logFormat)
        let logger = Logger(label: "galley")
        let loader = PipelineLoader(catalog: BuiltinStages.catalog)
        let configuration: PipelineConfiguration
        do {
            configuration = try loader.load(file: options.url, overrides: .init(inputs: input, output: output))
        } catch {
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }

        let lock: RunLock
        do {
            lock = try RunLock(outputDirectory: configuration.output.directory)
        } catch let busy as RunLock.Busy {
            logger.error("\(busy.description)")
            throw ExitCodes.locked
        } catch {
            logger.error("cannot use the output folder \(configuration.output.directory.path): \(error.localizedDescription)")
            throw ExitCode.failure
        }
        defer { withExtendedLifetime(lock) {} }
        if let shard, let previous = try? ShardRecord.load(from: configuration.output.directory), previous.shard != shard {
            logger.error("\(configuration.output.directory.path) holds the output of shard \(previous.shard), not \(shard): give each shard an output folder of its own (--output)")
            throw ExitCodes.configuration
        }

        // Discovery does not depend on the stages: it runs while they are set up.
        let discovery = BackgroundScan(paths: configuration.input.paths, include: configuration.input.include,
                                       exclude: configuration.input.exclude)
        let startUp = PluginSignals(logger: logger)
        let stages: [PipelineStage]
        do {
            stages = try PipelineBuilder.build(configuration, catalog: BuiltinStages.catalog, mode: .batch,
                                               logger: logger, fileName: options.config)
        } catch {
            startUp.waitIfStopping()
            Diagnostics.report(error)
            throw ExitCodes.configuration
        }
        var scan = discovery.wait()
        let discoveredAny = !scan.files.isEmpty
        // A shard is a filter after discovery: ids are those of the whole run. A folder that
        // could not be read is reported by every shard (its inputs could belong to any).
        let selection = shard.map { ShardSelection(scan.files, shard: $0) }
        if let selection { scan.files = selection.inputs }
        let inputs = scan.files
        if !discoveredAny {
            logger.warning("no input files found in \(configuration.input.paths.map(\.path).joined(separator: ", "))")
        }
        let batch = BatchRun(configuration: configuration, stages: stages, jobs: jobs, force: force,
                             version: GalleyVersion.current, logger: logger, shard: selection)
        let signals = SignalHandling(batch: batch, grace: grace, logger: logger)
        startUp.end()
        let progress = (!quiet && isatty(STDERR_FILENO) == 1 && logFormat == .text)
            ? ProgressLine(runner: batch.runner, total: inputs.count) : nil
        progress?.start()
        let result = batch.run(scan, pruneWithoutInputs: pruneWithoutInputs)
        progress?.stop()
        withExtendedLifetime(signals) {}
        if !quiet {
            if logFormat == .json {
                logger.info("run finished", metadata: [
                    "documents": .stringConvertible(result.metrics.documents),
                    "succeeded": .stringConvertible(result.metrics.succeeded),
                    "skipped": .stringConvertible(result.metrics.skipped), "failed": .stringConvertible(result.metrics.failed),
                    "removed": .stringConvertible(result.metrics.removed), "exit_code": .stringConvertible(result.exitCode),
                    "wall_seconds": .stringConvertible(result.metrics.wallSeconds),
                ])
            } else {
                printError(MetricsReport.table(result.metrics))
            }
        }
        if result.exitCode != 0 { throw ExitCode(result.exitCode) }
    }
}

/// SIGINT and SIGTERM: the first stops the run cleanly; if documents in flight do not finish
/// within the grace period, or a second signal comes, the process exits at once. Either way
/// the journal already records every finished document, so the next run redoes exactly the
/// rest.
final class SignalHandling {
    private let sources: [any DispatchSourceSignal]

    init(batch: BatchRun, grace: Double, logger: Logger) {
        let queue = DispatchQueue(label: "galley.signals")
        var sources: [any DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler {
                if batch.runner.isStopping {
                    logger.warning("second signal: exiting now; unfinished documents will be redone by the next run")
                    ChildProcesses.killAll()
                    exit(128 + number)
                }
                logger.notice("\(number == SIGINT ? "SIGINT" : "SIGTERM"): taking no new documents; finishing those in flight")
                batch.requestStop(signal: number)
                queue.asyncAfter(deadline: .now() + grace) {
                    logger.warning("documents still in flight after \(grace) s: exiting; the next run redoes them")
                    // Plugin workers still busy with them go too, with whatever they started.
                    ChildProcesses.killAll()
                    exit(128 + number)
                }
            }
            source.resume()
            sources.append(source)
        }
        self.sources = sources
    }
}

/// The live progress line on a terminal: done/total, docs/s, MB/s, ETA, the busiest stage.
final class ProgressLine {
    private let timer: any DispatchSourceTimer

    init(runner: PipelineRunner, total: Int) {
        timer = DispatchSource.makeTimerSource(queue: DispatchQueue(label: "galley.progress"))
        timer.schedule(deadline: .now() + 0.5, repeating: 0.5)
        timer.setEventHandler {
            guard let progress = runner.progress(), progress.elapsedSeconds > 0 else { return }
            let rate = Double(progress.completed) / progress.elapsedSeconds
            let megabytes = Double(progress.bytesRead) / 1_000_000 / progress.elapsedSeconds
            let remaining = rate > 0 ? Double(max(0, total - progress.completed)) / rate : 0
            var line = String(format: "%d/%d  %.1f docs/s  %.2f MB/s  ETA %@", progress.completed, total, rate, megabytes,
                              Self.duration(remaining))
            if progress.failed > 0 { line += "  \(progress.failed) failed" }
            if let stage = progress.busiestStage { line += "  busiest: \(stage)" }
            StandardStream.error.write(Data("\r\u{1B}[K\(line)".utf8))
        }
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return total >= 3600 ? String(format: "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
            : String(format: "%d:%02d", total / 60, total % 60)
    }

    func start() { timer.resume() }

    func stop() {
        timer.cancel()
        StandardStream.error.write(Data("\r\u{1B}[K".utf8))
    }
}

extension ShardSpec: ExpressibleByArgument {
    public init?(argument: String) { self.init(parsing: argument) }
}
