import Foundation
import GalleyConfig
import GalleyCore
import Testing

/// `pipeline.yaml` saved with other line ends than LF. Found by the fuzz target
/// `pipeline-config`: a duplicate key in a file with CR line ends stopped `galley validate`
/// with "Range requires lowerBound <= upperBound", because libyaml's line numbers counted
/// CR as a line end and the loader's did not.
@Suite struct LineBreakTests {
    func problems(_ yaml: String) -> [String] {
        let folder = URL(fileURLWithPath: "/nonexistent/galley-config")
        let loader = PipelineLoader(catalog: StageCatalog([]), environment: [:])
        do {
            _ = try loader.load(text: yaml, fileName: "pipeline.yaml", file: folder.appendingPathComponent("pipeline.yaml"),
                                baseDirectory: folder, checkInputs: false)
            return []
        } catch {
            return error.diagnostics.map(\.description)
        }
    }

    @Test func theFuzzersInputIsAnErrorNotACrash() {
        #expect(!problems("\r\r\r\r?\r?\r\r").isEmpty)
    }

    @Test(arguments: ["\n", "\r\n", "\r", "\u{2028}"])
    func aDuplicateKeyIsReportedAtItsLineWhateverTheLineEnds(_ lineEnd: String) {
        let yaml = ["version: 1", "output:", "  dir: out", "  dir: other", "stages: []", ""].joined(separator: lineEnd)
        let found = problems(yaml)
        #expect(found.contains("pipeline.yaml:4:3: error: duplicate key 'dir' (first at line 3)"), "\(found)")
    }

    /// libyaml counts a LINE SEPARATOR inside a quoted value as a line end too; the duplicate is
    /// found where libyaml says it is, and the line ends of the file are kept when it is renamed.
    @Test func aLineSeparatorInAValueCountsAsLibyamlCountsIt() {
        let found = problems("output:\r\n  dir: \"a\u{2028}b\"\r\n  dir: c\r\n  dir: d\r\nstages: []\r\n")
        #expect(found.contains("pipeline.yaml:4:3: error: duplicate key 'dir' (first at line 2)"), "\(found)")
        #expect(found.contains("pipeline.yaml:5:3: error: duplicate key 'dir' (first at line 2)"), "\(found)")
    }
}
