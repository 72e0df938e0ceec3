import Foundation

/// Output folders Galley refuses: runs there would lose or endlessly multiply data.
///
/// - an empty name (`--output ''`), which would be the working folder itself;
/// - the root folder `/` or the home folder, where the outputs' folders (`docs/`, `failed/`)
///   and pruning would mix with everything else;
/// - a folder equal to or inside an input folder: each run would read the previous run's
///   outputs as new inputs (1, 12, 34 documents…) — symbolic links resolved.
public enum OutputLocation {
    /// What is wrong with the output folder `resolved` (written `given`), one message a problem.
    public static func problems(given: String?, resolved: URL, inputs: [URL], home: String?) -> [String] {
        if let given, given.trimmingCharacters(in: .whitespaces).isEmpty {
            return ["the output folder is empty; name a folder, such as 'output'"]
        }
        let real = realPath(resolved)
        if real == "/" {
            return ["the output folder must not be the root folder '/' (resolved to \(resolved.path))"]
        }
        if let home, !home.isEmpty, real == realPath(URL(fileURLWithPath: home)) {
            return ["the output folder must not be the home folder \(home); name a folder of its own, such as '~/galley-output'"]
        }
        var problems: [String] = []
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: input.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                continue
            }
            let folder = realPath(input)
            if real == folder || real.hasPrefix(folder == "/" ? "/" : folder + "/") {
                problems.append("the output folder \(resolved.path) is \(real == folder ? "the input folder" : "inside the input folder") \(input.path): each run would read the last run's outputs as inputs; choose a folder outside it")
            }
        }
        return problems
    }

    /// `url` with symbolic links resolved, also when its last components do not exist yet.
    static func realPath(_ url: URL) -> String {
        var existing = url.standardizedFileURL
        var missing: [String] = []
        while !FileManager.default.fileExists(atPath: existing.path) && existing.path != "/" {
            missing.insert(existing.lastPathComponent, at: 0)
            existing.deleteLastPathComponent()
        }
        var path = existing.resolvingSymlinksInPath().path
        for component in missing { path = path == "/" ? "/" + component : path + "/" + component }
        return path
    }
}
