import Foundation
import GalleyCore

/// One input file found by discovery.
public struct InputFile: Sendable, Hashable {
    public var url: URL
    /// The path relative to the input root it was found under.
    public var relativePath: String
    /// The document id: the relative path made into a safe, unique file name.
    public var id: String
    /// The path as shown in outputs: relative to the working folder when under it.
    public var source: String
}

/// Finds input files: files as given, folders searched recursively (hidden entries skipped),
/// filtered by `include` and `exclude` globs, in a stable order — the roots in the order given,
/// and the files under each root sorted by relative path.
public enum InputDiscovery {
    public static func discover(
        paths: [URL], include: [String], exclude: [String],
        workingDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    ) -> [InputFile] {
        var found: [(url: URL, relative: String)] = []
        var seen: Set<String> = []
        for root in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.path, isDirectory: &isDirectory) else { continue }
            var files: [(URL, String)] = []
            if isDirectory.boolValue {
                files = filesUnder(root)
            } else {
                files = [(root, root.lastPathComponent)]
            }
            for (url, relative) in files.sorted(by: { $0.1 < $1.1 })
            where matches(relative, include: include, exclude: exclude) && seen.insert(url.path).inserted {
                found.append((url, relative))
            }
        }
        var identifiers = DocumentIdentifiers()
        let workingPrefix = workingDirectory.standardizedFileURL.path + "/"
        return found.map { file in
            let path = file.url.path
            let source = path.hasPrefix(workingPrefix) ? String(path.dropFirst(workingPrefix.count)) : path
            return InputFile(url: file.url, relativePath: file.relative,
                             id: identifiers.identifier(forRelativePath: file.relative), source: source)
        }
    }

    static func filesUnder(_ root: URL) -> [(URL, String)] {
        let keys: [URLResourceKey] = [.isRegularFileKey, .isDirectoryKey]
        guard let enumerator = FileManager.default.enumerator(
            at: root, includingPropertiesForKeys: keys, options: [.skipsHiddenFiles]) else { return [] }
        let rootPath = root.standardizedFileURL.resolvingSymlinksInPath().path
        var files: [(URL, String)] = []
        for case let url as URL in enumerator {
            guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { continue }
            let path = url.standardizedFileURL.resolvingSymlinksInPath().path
            let relative = path.hasPrefix(rootPath + "/") ? String(path.dropFirst(rootPath.count + 1)) : url.lastPathComponent
            files.append((url.standardizedFileURL, relative))
        }
        return files
    }

    /// Whether `relativePath` passes the include and exclude globs. A pattern without a `/`
    /// is matched against the file name, one with a `/` against the whole relative path
    /// (where `*` also crosses folders).
    public static func matches(_ relativePath: String, include: [String], exclude: [String]) -> Bool {
        let name = (relativePath as NSString).lastPathComponent
        func test(_ pattern: String) -> Bool {
            let subject = pattern.contains("/") ? relativePath : name
            let normalized = pattern.replacingOccurrences(of: "**/", with: "*")
            return fnmatch(normalized, subject, 0) == 0
        }
        if !include.isEmpty && !include.contains(where: test) { return false }
        return !exclude.contains(where: test)
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
        if used.contains(base.lowercased()) {
            base += "-" + String(StableHash.hex(of: Data(relativePath.utf8)).prefix(8))
        }
        var candidate = base
        var counter = 2
        while used.contains(candidate.lowercased()) {
            candidate = "\(base)-\(counter)"
            counter += 1
        }
        used.insert(candidate.lowercased())
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
        if name.utf8.count > 150 {
            let hash = String(StableHash.hex(of: Data(relativePath.utf8)).prefix(8))
            name = String(name.prefix(100)) + "-" + hash
        }
        return name
    }

    static func sanitize(_ component: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in component.unicodeScalars {
            let allowed = scalar.properties.isAlphabetic || scalar.properties.numericType != nil
                || scalar == "-" || scalar == "_" || scalar == "."
            scalars.append(allowed ? scalar : "_")
        }
        var text = String(scalars)
        while text.hasPrefix(".") { text.removeFirst() }
        while text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
