import Foundation
@testable import GalleyCore
import Testing

/// `OutputPath` checks folders below the output folder with one `lstat` each and resolves
/// links in full only when there is one: a link that leads out is still refused, one that
/// stays inside is still followed. `OutputFile` creates a missing folder on the first `open`
/// that finds it missing.
@Suite struct OutputPathTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("galley-outputpath-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func plainAndMissingFoldersAreInside() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("docs"), withIntermediateDirectories: true)
        #expect(try OutputPath.file("a.json", in: "docs", of: output).path == output.path + "/docs/a.json")
        #expect(try OutputPath.file("a.json", in: "failed", of: output).path == output.path + "/failed/a.json")
    }

    @Test func aLinkOutOfTheOutputFolderIsRefusedAndOneInsideIsFollowed() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("kept"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: output.path + "/docs", withDestinationPath: elsewhere.path)
        try FileManager.default.createSymbolicLink(atPath: output.path + "/markdown", withDestinationPath: "kept")
        #expect(throws: StageError.self) { try OutputPath.file("a.json", in: "docs", of: output) }
        #expect(try OutputPath.file("a.json", in: "markdown", of: output).lastPathComponent == "a.json")
    }

    @Test func anOutputFolderReachedThroughALinkIsInside() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let real = root.appendingPathComponent("real")
        try FileManager.default.createDirectory(at: real.appendingPathComponent("docs"), withIntermediateDirectories: true)
        let output = root.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: output.path, withDestinationPath: real.path)
        #expect(try OutputPath.file("a.json", in: "docs", of: output).path == output.path + "/docs/a.json")
    }

    @Test func aMissingFolderIsCreatedAndAFileInTheWayIsReported() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let nested = root.appendingPathComponent("a/b/c.json")
        try OutputFile.write(Data("x".utf8), to: nested)
        #expect(FileManager.default.contents(atPath: nested.path) == Data("x".utf8))
        try Data("in the way".utf8).write(to: root.appendingPathComponent("file"))
        #expect(throws: StageError.self) {
            try OutputFile.write(Data("y".utf8), to: root.appendingPathComponent("file/d.json"))
        }
        let temporary = try OutputFile.writeTemporary(Data("z".utf8), for: root.appendingPathComponent("e/f.json"))
        #expect(FileManager.default.contents(atPath: temporary.path) == Data("z".utf8))
    }

    /// The checks and temporary names made from paths agree with those made from URLs.
    @Test func pathsAreCheckedAndNamedAsURLsAre() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        let elsewhere = root.appendingPathComponent("elsewhere")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("docs"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: output.path + "/linked", withDestinationPath: elsewhere.path)
        for relative in ["docs/a.json", "missing/a.json", "linked/a.json", "docs/../../x.json", "docs/./a.json"] {
            let path = output.path + "/" + relative
            let byURL = Result { try OutputPath.checkInside(URL(fileURLWithPath: path, isDirectory: false), output: output) }
            let byPath = Result { try OutputPath.checkInside(path: path, output: output, outputPath: output.path) }
            #expect((try? byURL.get()) == nil ? (try? byPath.get()) == nil : (try? byPath.get()) != nil, "\(relative)")
        }
        for name in ["a.json", String(repeating: "报", count: 83) + ".json"] {
            let destination = output.path + "/docs/" + name
            let temporary = OutputFile.temporaryPath(for: destination)
            let reference = OutputFile.temporaryURL(for: URL(fileURLWithPath: destination, isDirectory: false))
            #expect(URL(fileURLWithPath: temporary).deletingLastPathComponent().path == reference.deletingLastPathComponent().path)
            let stem = { (name: String) in name.prefix { $0 != "-" } }
            #expect(stem(URL(fileURLWithPath: temporary).lastPathComponent) == stem(reference.lastPathComponent))
            #expect(URL(fileURLWithPath: temporary).lastPathComponent.utf8.count <= 255)
        }
        // A folder checked once says what the full check says of a file in it, or leaves it to it.
        for folder in ["docs", "missing", "linked", "docs/../..", "docs/./x"] {
            let path = output.path + "/" + folder
            let byPath = (try? OutputPath.checkInside(path: path + "/a.json", output: output, outputPath: output.path)) != nil
            if let plain = OutputPath.PlainFolder(path, outputPath: output.path) {
                // Inside on the fast way only where the full check finds it inside.
                #expect(!plain.holdsPlainly() || byPath, "\(folder)")
            } else {
                #expect(folder.contains("."), "\(folder)")
            }
        }
        #expect(OutputPath.PlainFolder(output.path + "/docs", outputPath: output.path)?.holdsPlainly() == true)
        #expect(OutputPath.PlainFolder(output.path + "/linked", outputPath: output.path)?.holdsPlainly() == false)
        #expect(OutputPath.PlainFolder(root.path + "/elsewhere", outputPath: output.path) == nil)
        let written = try "x".withCString { text in
            try OutputFile.writeTemporary(UnsafeRawBufferPointer(start: text, count: 1), forPath: output.path + "/new/b.json")
        }
        #expect(FileManager.default.contents(atPath: written) == Data("x".utf8))
        try OutputFile.rename(path: written, to: output.path + "/new/b.json")
        #expect(FileManager.default.contents(atPath: output.path + "/new/b.json") == Data("x".utf8))
    }

    @Test func temporaryNamesAreUniqueWithinTheProcess() {
        let destination = URL(fileURLWithPath: "/tmp/out/docs/a.json")
        let names = Set((0..<1000).map { _ in OutputFile.temporaryURL(for: destination).lastPathComponent })
        #expect(names.count == 1000)
        #expect(names.allSatisfy { $0.hasPrefix(".a.json.tmp-\(getpid())-") })
    }

    /// Paths that standardizing leaves as they are take the fast way; any `.`, `..` or empty
    /// component sends the check the slow way, which standardizes.
    @Test func onlyPathsThatAreTheirOwnStandardFormSkipStandardizing() {
        for path in ["/", "/out", "/out/", "/out/docs/a.json", "/a/...", "/a/.hidden/b", "/a/b.", "/a/..b/c"] {
            #expect(OutputPath.isStandard(path), "\(path)")
            #expect(URL(fileURLWithPath: path).standardizedFileURL.path == URL(fileURLWithPath: path).path, "\(path)")
        }
        for path in ["out/docs", "", "/a//b", "/a/./b", "/a/../b", "/a/.", "/a/..", "/a/b/..", "/./a", "//a"] {
            #expect(!OutputPath.isStandard(path), "\(path)")
        }
    }

    /// The fast way must refuse what the slow way refuses: a dot-dot component that climbs out,
    /// and a folder that is a link out of the output folder.
    @Test func pathsThatClimbOutAreRefusedEitherWay() throws {
        let root = try Self.folder()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: output.appendingPathComponent("docs"), withIntermediateDirectories: true)
        #expect(throws: StageError.self) {
            try OutputPath.checkInside(URL(fileURLWithPath: output.path + "/docs/../../victim"), output: output)
        }
        #expect(throws: StageError.self) {
            try OutputPath.checkInside(URL(fileURLWithPath: root.path + "/outside/a.json"), output: output)
        }
        #expect(throws: StageError.self) {
            try OutputPath.checkInside(URL(fileURLWithPath: root.path + "/out-sibling/a.json"), output: output)
        }
        try OutputPath.checkInside(URL(fileURLWithPath: output.path + "/docs/a.json"), output: output)
        try OutputPath.checkInside(URL(fileURLWithPath: output.path + "/docs/./a.json"), output: output)
        try OutputPath.checkInside(URL(fileURLWithPath: output.path + "/docs/a.json"), output: URL(fileURLWithPath: output.path + "/"))
    }
}
