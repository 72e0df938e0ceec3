import Foundation

/// Turns the command line's files and folders into the list of test files to run.
public enum TestFiles {
    /// Files as given; folders become their `.yaml` and `.yml` files (not recursive), sorted.
    public static func expand(_ arguments: [String]) throws -> [String] {
        var paths: [String] = []
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                throw TestFilesError(message: "\(argument): no such file or folder")
            }
            if isDirectory.boolValue {
                let names = try FileManager.default.contentsOfDirectory(atPath: argument)
                    .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted()
                if names.isEmpty { throw TestFilesError(message: "\(argument): no .yaml test files in this folder") }
                let folder = argument.hasSuffix("/") ? argument : argument + "/"
                paths.append(contentsOf: names.map { folder + $0 })
            } else {
                paths.append(argument)
            }
        }
        return paths
    }
}

public struct TestFilesError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
