import Foundation

/// What may be a document id where ids become file names (`docs/<id>.json`): one path
/// component, not hidden, without control characters, at most ``maxBytes`` bytes. Ids made
/// from input paths always are; ids read back from files (`manifest.json`, `docs/*.json`) are
/// checked, so that a tampered file cannot make Galley write or delete outside its folders.
public enum DocumentID {
    /// The longest id, in bytes: with `.json` and a temporary name's affixes it stays within
    /// the 255 bytes of a file name.
    public static let maxBytes = 200

    public static func isSafe(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= maxBytes && !id.hasPrefix(".")
            && !id.unicodeScalars.contains { $0 == "/" || $0 == "\\" || $0.value < 0x20 || $0.value == 0x7F }
    }
}

/// Paths inside the output folder. Every file Galley writes or removes there is named through
/// here: the name must be one safe path component, and the folder it lands in must lie inside
/// the output folder once symbolic links are resolved.
public enum OutputPath {
    /// `output/folder/name`, or an error when it would lie outside `output`.
    public static func file(_ name: String, in folder: String, of output: URL) throws -> URL {
        let stem = name.hasSuffix(".json") ? String(name.dropLast(5)) : name
        guard DocumentID.isSafe(stem), name != ".", name != ".." else {
            throw StageError("refusing the file name '\(name)': not a safe document id")
        }
        // With `isDirectory` given, URL does not `stat` the path to find out.
        let url = output.appendingPathComponent(folder, isDirectory: true).appendingPathComponent(name, isDirectory: false)
        try checkInside(url, output: output)
        return url
    }

    /// Throws unless `url` lies inside `output`, both as written and with symbolic links resolved.
    public static func checkInside(_ url: URL, output: URL) throws {
        if isPlainlyInside(url.path, root: output.path) { return }
        try checkResolved(url, output: output)
    }

    /// ``checkInside(_:output:)`` of the file at `path`, in an output folder whose path is
    /// `outputPath` (`output.path`, taken once): for a file written per document, without
    /// making URLs of plain paths.
    public static func checkInside(path: String, output: URL, outputPath: String) throws {
        if isPlainlyInside(path, root: outputPath) { return }
        try checkResolved(URL(fileURLWithPath: path, isDirectory: false), output: output)
    }

    /// A folder inside the output folder that many files are written to (`docs/`), checked
    /// once for what does not change — its path is its own standard form and lies below the
    /// output folder's — so that checking a file in it again is one `lstat` of each folder from
    /// the output folder down (``foldersArePlain(_:below:)`` without its string work, which
    /// cost more than the `lstat`s). Nil when the path is not of that form.
    public struct PlainFolder: Sendable {
        /// The folders below the output folder down to this one, as paths.
        private let folders: [String]

        public init?(_ folder: String, outputPath root: String) {
            let root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
            let prefix = root == "/" ? root : root + "/"
            guard isStandard(root), isStandard(folder), !folder.hasSuffix("/"), folder.hasPrefix(prefix) else { return nil }
            var path = String(prefix.dropLast())
            folders = folder.dropFirst(prefix.count).split(separator: "/").map { component in
                path += "/" + component
                return path
            }
        }

        /// Whether a file named by a safe document id (``DocumentID/isSafe(_:)``) in this folder
        /// lies inside the output folder, as ``checkInside(_:output:)`` finds on its fast way:
        /// every folder down to this one exists and is no symbolic link.
        public func holdsPlainly() -> Bool {
            folders.allSatisfy { folder in
                var status = stat()
                return lstat(folder, &status) == 0 && status.st_mode & S_IFMT == S_IFDIR
            }
        }
    }

    /// Whether `plainPath` lies in plain folders (``foldersArePlain(_:below:)``) under
    /// `plainRoot`, both absolute paths without `.`, `..` or empty components: such paths are
    /// their own standard form and need neither `standardizedFileURL` (most of the cost of the
    /// check, made for every file written) nor any resolving.
    static func isPlainlyInside(_ plainPath: String, root plainRoot: String) -> Bool {
        guard isStandard(plainRoot), isStandard(plainPath) else { return false }
        let root = plainRoot.count > 1 && plainRoot.hasSuffix("/") ? String(plainRoot.dropLast()) : plainRoot
        guard plainPath.hasPrefix(root == "/" ? root : root + "/"),
              let slash = plainPath.utf8.lastIndex(of: UInt8(ascii: "/")) else { return false }
        return foldersArePlain(String(plainPath[..<slash]), below: root)
    }

    /// The check of ``checkInside(_:output:)`` in full: standardized, then resolved.
    private static func checkResolved(_ url: URL, output: URL) throws {
        let root = output.standardizedFileURL.path
        let path = url.standardizedFileURL.path
        guard path.hasPrefix(root.hasSuffix("/") ? root : root + "/") else {
            throw StageError("refusing \(url.path): it lies outside the output folder \(output.path)")
        }
        let parent = url.standardizedFileURL.deletingLastPathComponent()
        if foldersArePlain(parent.path, below: root) { return }
        let realRoot = output.standardizedFileURL.resolvingSymlinksInPath().path
        let realParent = parent.resolvingSymlinksInPath().path
        guard realParent == realRoot || realParent.hasPrefix(realRoot.hasSuffix("/") ? realRoot : realRoot + "/") else {
            throw StageError("refusing \(url.path): a symbolic link takes it outside the output folder \(output.path)")
        }
    }

    /// Whether `path` is absolute and has no `.`, `..` or empty component (a final `/` aside),
    /// so that standardizing it changes nothing.
    static func isStandard(_ path: String) -> Bool {
        guard path.utf8.first == UInt8(ascii: "/") else { return false }
        var length = 0  // bytes of the current component
        var onlyDots = true
        func isDotsOnly() -> Bool { onlyDots && length <= 2 }
        for byte in path.utf8.dropFirst() {
            if byte == UInt8(ascii: "/") {
                if length == 0 || isDotsOnly() { return false }
                length = 0
                onlyDots = true
            } else {
                length += 1
                if byte != UInt8(ascii: ".") { onlyDots = false }
            }
        }
        return length == 0 || !isDotsOnly()
    }

    /// Whether every folder from `root` (excluded) down to `folder` exists and is no symbolic
    /// link, by one `lstat` each: then `folder` lies inside `root` once links are resolved,
    /// wherever `root` itself leads, without resolving both from `/` for every file. Anything
    /// else (a link, a folder missing) is resolved in full.
    static func foldersArePlain(_ folder: String, below root: String) -> Bool {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard folder.hasPrefix(prefix) else { return folder == root }
        var path = String(prefix.dropLast())
        for component in folder.dropFirst(prefix.count).split(separator: "/") {
            path += "/" + component
            var status = stat()
            guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else { return false }
        }
        return true
    }
}
