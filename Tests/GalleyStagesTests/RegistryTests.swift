import Foundation
import GalleyCore
import GalleyConfig
import GalleyStages
import Testing

@Suite struct RegistryTests {
    /// The stage folders in `Sources/Stages`, found from this file's place in the repository.
    static func stageFolders() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let stages = root.appendingPathComponent("Sources/Stages")
        return try FileManager.default.contentsOfDirectory(atPath: stages.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    @Test func everyStageFolderIsRegistered() throws {
        let registeredModules = Set(BuiltinStages.all.map { String(reflecting: $0).split(separator: ".").first.map(String.init) ?? "" })
        let folders = try Self.stageFolders()
        #expect(!folders.isEmpty)
        for folder in folders {
            #expect(registeredModules.contains("\(folder)Stage"),
                    "Sources/Stages/\(folder) is not registered in Sources/GalleyStages/BuiltinStages.swift")
        }
        #expect(registeredModules.count == folders.count, "a registered stage has no folder in Sources/Stages")
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

@Suite struct ReadmeReferenceTests {
    @Test func readmeHoldsTheCurrentReferenceTables() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let generated = ReferenceDocumentation.markdown(for: BuiltinStages.catalog)
        let begin = "<!-- galley-reference:begin -->\n", end = "\n<!-- galley-reference:end -->"
        guard let start = readme.range(of: begin), let stop = readme.range(of: end) else {
            Issue.record("README.md has no galley-reference markers")
            return
        }
        let block = String(readme[start.upperBound..<stop.lowerBound])
        #expect(block.trimmingCharacters(in: .newlines) == generated.trimmingCharacters(in: .newlines),
                "README.md's reference tables are stale: run scripts/update-readme-reference.sh")
    }

    @Test func theCommittedSchemaIsCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let committed = try String(contentsOf: root.appendingPathComponent("pipeline.schema.json"), encoding: .utf8)
        let generated = SchemaGenerator.schema(for: BuiltinStages.catalog).orderedJSON.serialized(pretty: true) + "\n"
        #expect(committed == generated, "pipeline.schema.json is stale: run scripts/update-readme-reference.sh")
    }
}
