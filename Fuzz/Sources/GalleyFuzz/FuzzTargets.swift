import ExportStage
import Foundation
import GalleyConfig
import GalleyCore
import GalleyRunner
import GalleyStages
import GalleyTesting

/// Galley's fuzz targets: every place where bytes from outside become structure.
///
/// | GALLEY_FUZZ_TARGET | what gets the bytes |
/// |---|---|
/// | `pipeline` | `PipelineLoader` (`pipeline.yaml`), inputs not checked |
/// | `testfile` | `PipelineTestParser` (`galley test` files) |
/// | `stream` | a `galley stream` request line |
/// | `search` | `SearchQuery` (a `galley search` query) |
/// | `stages` | the input decoder, then one built-in stage (chosen by the first byte) or all in pipeline order |
///
/// A target returns normally for any input; a crash, a trap or a sanitizer report is a bug.
enum FuzzTarget: String, CaseIterable {
    case pipeline, testfile, stream, search, stages

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["GALLEY_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            FileHandle.standardError.write(Data("set GALLEY_FUZZ_TARGET to one of: \(allCases.map(\.rawValue).joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return target
    }()

    func run(_ data: Data) {
        switch self {
        case .pipeline:
            guard let text = String(validating: data, as: UTF8.self) else { return }
            let loader = PipelineLoader(catalog: BuiltinStages.catalog, environment: ["HOME": "/nonexistent", "SET": "x"])
            _ = try? loader.load(text: text, fileName: "pipeline.yaml", file: URL(fileURLWithPath: "/nonexistent/pipeline.yaml"),
                                 baseDirectory: URL(fileURLWithPath: "/nonexistent"),
                                 overrides: .init(workingDirectory: URL(fileURLWithPath: "/nonexistent")), checkInputs: false)
        case .testfile:
            guard let text = String(validating: data, as: UTF8.self) else { return }
            _ = try? PipelineTestParser(catalog: BuiltinStages.catalog)
                .parse(text: text, name: "t.yaml", baseDirectory: URL(fileURLWithPath: "/nonexistent"))
        case .stream:
            _ = try? StreamRun.document(fromLine: String(decoding: data, as: UTF8.self), number: 1)
        case .search:
            _ = SearchQuery(String(decoding: data, as: UTF8.self))
        case .stages:
            StageFuzzing.run(data)
        }
    }
}

/// The built-in stages that run without files or programs, made once with their defaults.
enum StageFuzzing {
    static let stages: [any Stage] = BuiltinStages.all.compactMap { type in
        guard type.descriptor.name != "external" else { return nil }
        return try? type.init(setup: StageSetup(
            options: StageOptions(specs: type.descriptor.options), instanceName: type.descriptor.name,
            outputDirectory: URL(fileURLWithPath: "/nonexistent/output"),
            baseDirectory: URL(fileURLWithPath: "/nonexistent"), mode: .test))
    }

    static func run(_ data: Data) {
        guard let selector = data.first else { return }
        guard let decoded = try? InputDecoding.decode(data.dropFirst()) else { return }
        var document = Document(id: "fuzz", source: "fuzz.txt", text: decoded.text)
        let choice = Int(selector) % (stages.count + 1)
        if choice < stages.count {
            _ = try? stages[choice].process(&document)
            return
        }
        for stage in stages {
            guard case .keep? = try? stage.process(&document) else { return }
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    FuzzTarget.current.run(Data(bytes: bytes, count: count))
    return 0
}
