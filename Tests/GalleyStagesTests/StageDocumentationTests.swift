import Foundation
import GalleyConfig
import GalleyCore
import GalleyStages
import Testing

/// Every registered stage says what it does, documents its options and appears in the schema,
/// because `galley stages`, `galley schema` and pipeline.yaml validation are all built from
/// the descriptors.
@Suite struct StageDocumentationTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let names = BuiltinStages.all.map { $0.descriptor.name }

    static func descriptor(_ name: String) -> StageDescriptor {
        BuiltinStages.catalog.type(named: name)!.descriptor
    }

    @Test(arguments: names) func hasADescription(_ name: String) {
        let summary = Self.descriptor(name).summary
        #expect(summary.count >= 15, "the summary of '\(name)' is too short to say what it does")
        #expect(summary.hasSuffix("."), "the summary of '\(name)' is a sentence ending with a period")
        #expect(!summary.contains("\n"), "the summary of '\(name)' is one line")
    }

    @Test(arguments: names) func documentsEveryOption(_ name: String) {
        for option in Self.descriptor(name).options {
            #expect(option.summary.count >= 10, "option '\(option.name)' of '\(name)' has no real summary")
            #expect(option.name.allSatisfy { $0.isLowercase || $0 == "_" || $0.isNumber }, "option '\(option.name)' of '\(name)' is snake_case")
            #expect(!(option.isRequired && option.defaultValue != nil), "'\(name).\(option.name)' is required and has a default")
        }
    }

    @Test(arguments: names) func appearsInTheSchemaWithItsOptions(_ name: String) throws {
        let schema = SchemaGenerator.schema(for: BuiltinStages.catalog)
        guard case .object(let root) = schema, case .object(let properties)? = root["properties"],
              case .object(let stages)? = properties["stages"], case .object(let items)? = stages["items"],
              case .array(let variants)? = items["oneOf"] else {
            Issue.record("the schema has no stages.items.oneOf")
            return
        }
        let entry = variants.first { variant in
            guard case .object(let members) = variant else { return false }
            return members["title"] == .string(name)
        }
        guard case .object(let members)? = entry, case .object(let stageProperties)? = members["properties"],
              case .object(let with)? = stageProperties["with"], case .object(let options)? = with["properties"] else {
            Issue.record("stage '\(name)' is not in the schema")
            return
        }
        #expect(members["description"] == .string(Self.descriptor(name).summary))
        for option in Self.descriptor(name).options {
            guard case .object(let property)? = options[option.name] else {
                Issue.record("option '\(option.name)' of '\(name)' is not in the schema")
                continue
            }
            #expect(property["description"] == .string(option.summary))
        }
    }

    /// A stage's page in docs/stages/ mentions every option.
    @Test(arguments: names) func itsDocumentationPageNamesEveryOption(_ name: String) throws {
        let page = Self.root.appendingPathComponent("docs/stages/\(name).md")
        let text = try String(contentsOf: page, encoding: .utf8)
        for option in Self.descriptor(name).options {
            #expect(text.contains("`\(option.name)`"), "docs/stages/\(name).md does not document option '\(option.name)'")
        }
    }
}
