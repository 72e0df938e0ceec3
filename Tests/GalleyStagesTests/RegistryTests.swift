import Foundation
import GalleyCore
import GalleyConfig
import GalleyStages
import Testing

@Suite struct RegistryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The folders under `path` (relative to the repository), sorted.
    static func folders(_ path: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(path).path)
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The stage list of Package.swift, in order: the names of its `stage("Name"…)` lines.
    static func manifestStages() throws -> [String] {
        let manifest = try String(contentsOf: root.appendingPathComponent("Package.swift"), encoding: .utf8)
        return manifest.split(separator: "\n").compactMap { line in
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("stage(\"") else { return nil }
            return String(trimmed.dropFirst("stage(\"".count).prefix { $0 != "\"" })
        }
    }

    @Test func packageSwiftListsEveryStageFolder() throws {
        let listed = try Self.manifestStages()
        #expect(!listed.isEmpty, "Package.swift lists no stages")
        #expect(Set(listed).count == listed.count, "Package.swift lists a stage twice: \(listed)")
        for folder in try Self.folders("Sources/Stages") where !listed.contains(folder) {
            Issue.record("Sources/Stages/\(folder) is not in Package.swift's list of stages: add `stage(\"\(folder)\"),` (scripts/new-stage does)")
        }
        for folder in try Self.folders("Tests/Stages") where !listed.contains(folder) {
            Issue.record("Tests/Stages/\(folder) has no stage in Package.swift's list")
        }
    }

    @Test func theRegistryFollowsPackageSwift() throws {
        let registered = BuiltinStages.all.map { String(reflecting: $0).split(separator: ".").first.map(String.init) ?? "" }
        let listed = try Self.manifestStages().map { "\($0)Stage" }
        #expect(registered == listed,
                "Sources/GalleyStages/BuiltinStages.swift does not follow Package.swift's list of stages: run scripts/regenerate.sh")
    }

    @Test func everyStageHasItsPage() {
        for name in BuiltinStages.catalog.names {
            let page = Self.root.appendingPathComponent("docs/stages/\(name).md")
            #expect(FileManager.default.fileExists(atPath: page.path), "docs/stages/\(name).md is missing (scripts/new-stage writes one)")
        }
    }

    @Test func stageNamesAreUniqueLowercaseWords() {
        let names = BuiltinStages.catalog.names
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(name.allSatisfy { $0.isLowercase || $0 == "_" }, "stage name '\(name)'")
        }
    }

    @Test func everyStageBuildsWithItsDefaults() throws {
        for type in BuiltinStages.all where !type.descriptor.options.contains(where: \.isRequired) {
            let setup = StageSetup(options: StageOptions(specs: type.descriptor.options),
                                   instanceName: type.descriptor.name, mode: .test)
            _ = try type.init(setup: setup)
        }
    }

    @Test func everyDefaultHasItsDeclaredType() {
        func conforms(_ value: OptionValue, _ type: OptionType) -> Bool {
            switch (value, type) {
            case (.bool, .boolean): return true
            case (.int(let number), .integer(let low, let high)):
                return (low.map { number >= $0 } ?? true) && (high.map { number <= $0 } ?? true)
            case (.number(let number), .number(let low, let high)):
                return (low.map { number >= $0 } ?? true) && (high.map { number <= $0 } ?? true)
            case (.int, .number): return true
            case (.string, .string), (.string, .path), (.string, .regex): return true
            case (.string(let word), .choice(let words)): return words.contains(word)
            case (.list(let items), .list(let element)): return items.allSatisfy { conforms($0, element) }
            case (.map(let members), .map(let element)): return members.values.allSatisfy { conforms($0, element) }
            default: return false
            }
        }
        for type in BuiltinStages.all {
            for option in type.descriptor.options {
                if let value = option.defaultValue {
                    #expect(conforms(value, option.type), "\(type.descriptor.name).\(option.name) default \(value)")
                }
            }
        }
    }
}

@Suite struct GeneratedFilesTests {
    static let root = RegistryTests.root

    @Test func theReferencePageIsCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("docs/reference.md"), encoding: .utf8)
        #expect(committed == ReferenceDocumentation.markdown(for: BuiltinStages.catalog),
                "docs/reference.md is stale: run scripts/regenerate.sh")
    }

    @Test func theReadmeHoldsTheCurrentTableOfStages() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("README.md"), encoding: .utf8)
        let begin = "<!-- galley-stages:begin -->\n", end = "\n<!-- galley-stages:end -->"
        guard let start = readme.range(of: begin), let stop = readme.range(of: end) else {
            Issue.record("README.md has no galley-stages markers")
            return
        }
        let block = String(readme[start.upperBound..<stop.lowerBound])
        #expect(block.trimmingCharacters(in: .newlines)
                    == ReferenceDocumentation.stageIndex(for: BuiltinStages.catalog, pages: "docs/stages/").trimmingCharacters(in: .newlines),
                "README.md's table of stages is stale: run scripts/regenerate.sh")
    }

    @Test func theCommittedSchemaIsCurrent() throws {
        let committed = try String(contentsOf: Self.root.appendingPathComponent("pipeline.schema.json"), encoding: .utf8)
        let generated = SchemaGenerator.schema(for: BuiltinStages.catalog).orderedJSON.serialized(pretty: true) + "\n"
        #expect(committed == generated, "pipeline.schema.json is stale: run scripts/regenerate.sh")
    }
}
