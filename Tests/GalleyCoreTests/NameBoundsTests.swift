import Foundation
import GalleyCore
import Testing

/// Issue 19, defects 4 and 14: names Galley makes are bounded in bytes, and ids read back
/// from files cannot name a path outside the output folder.
@Suite struct NameBoundsTests {
    @Test func temporaryNamesStayWithinAFileNameWhateverTheirDestination() {
        let long = String(repeating: "报", count: 83) + ".json"  // 254 bytes
        let temporary = OutputFile.temporaryURL(for: URL(fileURLWithPath: "/tmp/out/docs").appendingPathComponent(long))
        #expect(temporary.lastPathComponent.utf8.count <= 255)
        #expect(temporary.lastPathComponent.hasPrefix(".报"))
    }

    @Test func byteBoundCutsWholeCharacters() {
        #expect(ByteBound.prefix("报纸报纸", maxBytes: 7) == "报纸")
        #expect(ByteBound.prefix("abc", maxBytes: 7) == "abc")
        #expect(ByteBound.prefix("e\u{301}x", maxBytes: 2) == "")
    }

    @Test func unsafeIdsAreRefused() throws {
        for id in ["../../victim", "a/b", "", ".hidden", "..", "line\nbreak", String(repeating: "x", count: 201)] {
            #expect(!DocumentID.isSafe(id), "\(id)")
        }
        #expect(DocumentID.isSafe("2020__报纸_第3版"))
        let output = URL(fileURLWithPath: "/tmp/galley-out")
        #expect(throws: StageError.self) { try OutputPath.file("../../victim.json", in: "docs", of: output) }
        #expect(try OutputPath.file("a.json", in: "docs", of: output).path == "/tmp/galley-out/docs/a.json")
    }
}
