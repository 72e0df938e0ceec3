import Dispatch
import Foundation
import GalleyCore
import Synchronization

/// One input file found by discovery.
public struct InputFile: Sendable, Hashable {
    public var url: URL
    /// `url.path`, taken once (each time costs about as much as reading a small file).
    public var path: String
    /// The path relative to the input root it was found under.
    public var relativePath: String
    /// The document id: the relative path made into a safe, unique file name.
    public var id: String
    /// The path as shown in outputs: relative to the working folder when under it.
    public var source: String
}

/// A folder under an input path that could not be read: the inputs under it are unknown, so
/// the run reports it as failed and keeps the outputs of whatever was found there before.
public struct UnreadableInput: Sendable, Hashable {
    public var url: URL
    /// The path as shown in outputs (relative to the working folder when under it).
    public var source: String
    public var reason: String
}

/// What discovery found under the input paths.
public struct InputScan: Sendable {
    public var files: [InputFile]
    /// Folders (and files) that could not be examined.
    public var unreadable: [UnreadableInput]
    /// Things skipped that a user should hear of (a symlink loop, a broken symlink).
    public var notices: [String]
}

/// Finds input files: files as given, folders searched recursively (hidden entries skipped),
/// filtered by `include` and `exclude` globs, in a stable order — the roots in the order given,
/// and the files under each root sorted by relative path.
///
/// Symbolic links are followed, to folders and to files alike (an input path that is itself a
/// link too); a folder is read once however many links lead to it, which also ends symlink
/// loops. A folder that cannot be read is reported in ``InputScan/unreadable``, never skipped
/// silently.
public enum InputDiscovery {
    public static func discover(
        paths: [URL], include: [String], exclude: [String],
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> [InputFile] {
        scan(paths: paths, include: include, exclude: exclude, workingDirectory: workingDirectory).files
    }

    public static func scan(
        paths: [URL], include: [String], exclude: [String],
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> InputScan {
        var walk = FolderWalk()
        let filter = GlobFilter(include: include, exclude: exclude)
        var found: [(url: URL, relative: String, path: String)] = []
        var seen: Set<String> = []
        for root in paths {
            var files: [(URL, String)] = []
            var status = stat()
            guard stat(root.path, &status) == 0 else {
                if errno != ENOENT {
                    walk.unreadable.append((root.standardizedFileURL, String(cString: strerror(errno))))
                }
                continue
            }
            if status.st_mode & S_IFMT == S_IFDIR {
                walk.visit(root.standardizedFileURL, relative: "", identity: FileIdentity(status), into: &files)
            } else {
                files = [(root.standardizedFileURL, root.lastPathComponent)]
            }
            for (url, relative) in files.sorted(by: { $0.1 < $1.1 }) where filter.matches(relative) {
                let path = url.path
                if seen.insert(path).inserted { found.append((url, relative, path)) }
            }
        }
        var identifiers = DocumentIdentifiers()
        let workingPrefix = workingDirectory.standardizedFileURL.path + "/"
        func source(_ path: String) -> String {
            path.hasPrefix(workingPrefix) ? String(path.dropFirst(workingPrefix.count)) : path
        }
        let files = found.map { file in
            InputFile(url: file.url, path: file.path, relativePath: file.relative,
                      id: identifiers.identifier(forRelativePath: file.relative), source: source(file.path))
        }
        return InputScan(
            files: files,
            unreadable: walk.unreadable.map { UnreadableInput(url: $0.0, source: source($0.0.path), reason: $0.1) },
            notices: walk.notices)
    }

    /// The regular files under `root` (following symlinks), with their paths relative to it.
    static func filesUnder(_ root: URL) -> [(URL, String)] {
        var walk = FolderWalk()
        var files: [(URL, String)] = []
        var status = stat()
        guard stat(root.path, &status) == 0 else { return [] }
        walk.visit(root.standardizedFileURL, relative: "", identity: FileIdentity(status), into: &files)
        return files
    }
}

/// ``InputDiscovery/scan(paths:include:exclude:workingDirectory:)`` on a thread of its own,
/// while the caller does something independent of it (setting up the stages): on a second core
/// the walk over the input folders then costs no wall time.
public final class BackgroundScan: Sendable {
    private let result = Mutex<InputScan?>(nil)
    private let done = DispatchSemaphore(value: 0)

    public init(paths: [URL], include: [String], exclude: [String]) {
        DispatchQueue.global().async { [self] in
            let scan = InputDiscovery.scan(paths: paths, include: include, exclude: exclude)
            result.withLock { $0 = scan }
            done.signal()
        }
    }

    /// The scan, once it has finished.
    public func wait() -> InputScan {
        done.wait()
        done.signal()
        return result.withLock { $0! }
    }
}

/// A file's identity on its device, to know a folder reached again through a link.
struct FileIdentity: Hashable {
    var device: UInt64
    var inode: UInt64

    init(_ status: stat) {
        device = UInt64(status.st_dev)
        inode = UInt64(status.st_ino)
    }
}

/// One recursive walk over input folders.
struct FolderWalk {
    /// Folders already read: a link back to one of them (a loop) or a second link to it is
    /// not followed again.
    var visited: Set<FileIdentity> = []
    var unreadable: [(URL, String)] = []
    var notices: [String] = []

    mutating func visit(_ folder: URL, relative: String, identity: FileIdentity, into files: inout [(URL, String)]) {
        guard visited.insert(identity).inserted else {
            notices.append("\(folder.path) leads to a folder already read (a symbolic link loop or a second link to it); not read again")
            return
        }
        guard let directory = opendir(folder.path) else {
            unreadable.append((folder, String(cString: strerror(errno))))
            return
        }
        var names: [String] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else { break }
            let name = withUnsafeBytes(of: entry.pointee.d_name) { bytes in
                String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        let problem = errno
        closedir(directory)
        if problem != 0 {
            unreadable.append((folder, String(cString: strerror(problem))))
            return
        }
        let folderPath = folder.path.hasSuffix("/") ? folder.path : folder.path + "/"
        for name in names.sorted() where !name.hasPrefix(".") {
            let entryPath = folderPath + name
            let path = relative.isEmpty ? name : relative + "/" + name
            var status = stat()
            let found = stat(entryPath, &status) == 0
            let problem = errno
            // With `isDirectory` given, URL does not `stat` the entry again to find out.
            let url = folder.appendingPathComponent(name, isDirectory: found && status.st_mode & S_IFMT == S_IFDIR)
            guard found else {
                var link = stat()
                if problem == ENOENT, lstat(entryPath, &link) == 0, link.st_mode & S_IFMT == S_IFLNK {
                    notices.append("\(url.path) is a symbolic link to nothing; skipped")
                } else if problem != ENOENT {
                    unreadable.append((url, String(cString: strerror(problem))))
                }
                continue
            }
            switch status.st_mode & S_IFMT {
            case S_IFDIR: visit(url, relative: path, identity: FileIdentity(status), into: &files)
            case S_IFREG: files.append((url, path))
            default: continue
            }
        }
    }
}

extension InputDiscovery {
    /// Whether `relativePath` passes the include and exclude globs. A pattern without a `/`
    /// is matched against the file name, one with a `/` against the whole relative path
    /// (where `*` also crosses folders).
    public static func matches(_ relativePath: String, include: [String], exclude: [String]) -> Bool {
        GlobFilter(include: include, exclude: exclude).matches(relativePath)
    }
}

/// The include and exclude globs of ``InputDiscovery/matches(_:include:exclude:)``, made ready
/// once for the many paths a discovery tests.
struct GlobFilter {
    private struct Pattern {
        /// The glob given to `fnmatch`: `**/` is `*`.
        var glob: String
        /// Matched against the whole relative path (the pattern has a `/`), else the file name.
        var wholePath: Bool

        init(_ pattern: String) {
            glob = pattern.replacingOccurrences(of: "**/", with: "*")
            wholePath = pattern.contains("/")
        }

        func matches(path: String, name: String) -> Bool {
            fnmatch(glob, wholePath ? path : name, 0) == 0
        }
    }

    private let include: [Pattern]
    private let exclude: [Pattern]

    init(include: [String], exclude: [String]) {
        self.include = include.map(Pattern.init)
        self.exclude = exclude.map(Pattern.init)
    }

    func matches(_ relativePath: String) -> Bool {
        // Discovery's relative paths never end in `/`: the name is what follows the last one.
        let name = relativePath.utf8.lastIndex(of: 0x2F).map { String(relativePath[relativePath.utf8.index(after: $0)...]) }
            ?? relativePath
        if !include.isEmpty && !include.contains(where: { $0.matches(path: relativePath, name: name) }) { return false }
        return !exclude.contains(where: { $0.matches(path: relativePath, name: name) })
    }
}

/// Makes document ids from relative paths: safe file names (no `/`, `..`, control or shell
/// characters), unique within a run. A second input that would get the same id gets a
/// suffix from a stable hash of its path.
public struct DocumentIdentifiers: Sendable {
    private var used: Set<String> = []

    public init() {}

    public mutating func identifier(forRelativePath relativePath: String) -> String {
        var base = Self.safeName(forRelativePath: relativePath)
        var key = base.lowercased()
        if used.contains(key) {
            base += "-" + String(StableHash.hex(of: Data(relativePath.utf8)).prefix(8))
            key = base.lowercased()
        }
        var candidate = base
        var counter = 2
        while used.contains(key) {
            candidate = "\(base)-\(counter)"
            key = candidate.lowercased()
            counter += 1
        }
        used.insert(key)
        return candidate
    }

    /// The relative path without its extension, folders joined by `__`, every character that
    /// is not a letter, digit, `-`, `_` or `.` replaced by `_`.
    public static func safeName(forRelativePath relativePath: String) -> String {
        var components = relativePath.split(separator: "/").map(String.init)
        if var last = components.popLast() {
            if let dot = last.lastIndex(of: "."), dot != last.startIndex {
                last = String(last[..<dot])
            }
            components.append(last)
        }
        let joined = components.map(sanitize).filter { !$0.isEmpty }.joined(separator: "__")
        var name = joined.isEmpty ? "document" : joined
        // Bounded in bytes, not characters: a CJK character is three bytes, and a file name
        // (with `.json` and a temporary name's affixes) may have 255.
        if name.utf8.count > 150 {
            let hash = String(StableHash.hex(of: Data(relativePath.utf8)).prefix(8))
            name = ByteBound.prefix(name, maxBytes: 100) + "-" + hash
        }
        return name
    }

    static func sanitize(_ component: String) -> String {
        var text: String
        if component.utf8.allSatisfy({ $0 < 0x80 }) {
            // ASCII, most names: the alphabetic characters are the letters and the numeric ones
            // the digits.
            text = String(decoding: component.utf8.map { byte in
                switch byte {
                case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, 0x2D, 0x5F, 0x2E: byte
                default: 0x5F
                }
            }, as: UTF8.self)
        } else {
            var scalars = String.UnicodeScalarView()
            for scalar in component.unicodeScalars {
                let allowed = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                    || scalar == "-" || scalar == "_" || scalar == "."
                scalars.append(allowed ? scalar : "_")
            }
            text = String(scalars)
        }
        while text.hasPrefix(".") { text.removeFirst() }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
