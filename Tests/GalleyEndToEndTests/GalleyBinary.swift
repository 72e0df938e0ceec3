import Foundation

/// Runs the built `galley` executable, as a user would.
struct GalleyBinary {
    static let url: URL = {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            Bundle.main.bundleURL,
            Bundle.main.bundleURL.deletingLastPathComponent(),
        ]
        for folder in candidates {
            let binary = folder.appendingPathComponent("galley")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/galley")
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `galley` (or `executable`) with `arguments` in `directory`, feeding `input` on stdin.
    @discardableResult
    static func run(_ arguments: [String], in directory: URL, input: String? = nil,
                    environment: [String: String] = [:], executable: URL? = nil) throws -> Result {
        let process = Process()
        process.executableURL = executable ?? url
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let stdout = Pipe(), stderr = Pipe(), stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        // Read both pipes while the process runs, so that a full pipe cannot block it.
        let errorData = ReadBox()
        let reader = Thread { errorData.data = stderr.fileHandleForReading.readDataToEndOfFile() }
        reader.start()
        let outputData = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !errorData.done { usleep(1000) }
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: outputData, as: UTF8.self),
                      stderr: String(decoding: errorData.data, as: UTF8.self))
    }

    final class ReadBox: @unchecked Sendable {
        private let lock = NSLock()
        private var storage = Data()
        private var finished = false
        var data: Data {
            get { lock.withLock { storage } }
            set { lock.withLock { storage = newValue; finished = true } }
        }
        var done: Bool { lock.withLock { finished } }
    }
}

/// A temporary folder for one test, removed afterwards by the caller.
func makeWorkspace(_ files: [String: Data]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("galley-e2e-\(UUID().uuidString)")
    for (path, data) in files {
        let url = root.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }
    return root
}

extension String {
    var data: Data { Data(utf8) }
}
