import Foundation

/// One run at a time per output folder: an exclusive `flock` on `output/.galley/lock`,
/// held for the life of the process (the kernel releases it when the process dies, even by
/// `kill -9`).
public final class RunLock: Sendable {
    private let descriptor: Int32

    /// Another run holds the lock.
    public struct Busy: Error, CustomStringConvertible {
        public var path: String
        public var holder: String
        public var description: String {
            "another galley run\(holder.isEmpty ? "" : " (\(holder))") is using this output folder (lock \(path)); try again when it has finished"
        }
    }

    /// Takes the lock or throws ``Busy`` at once (it never waits).
    public init(outputDirectory: URL) throws {
        let folder = Manifest.stateFolder(in: outputDirectory)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent("lock").path
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        if flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw Busy(path: path, holder: holder)
        }
        let note = "pid \(getpid()) since \(ISO8601DateFormatter().string(from: Date()))\n"
        ftruncate(descriptor, 0)
        _ = note.withCString { write(descriptor, $0, strlen($0)) }
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
