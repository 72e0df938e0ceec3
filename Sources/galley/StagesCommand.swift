import ArgumentParser
import Foundation
import GalleyConfig
import GalleyCore
import GalleyStages

struct StagesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stages",
        abstract: "Lists every stage with its options.")

    @Flag(name: .long, help: "Print JSON for tools.")
    var json = false

    @Flag(name: .long, help: "Print docs/reference.md: the pipeline.yaml keys and every stage's options, as Markdown.")
    var markdown = false

    @Flag(name: .long, help: "Print the README's table of stages, as Markdown.")
    var markdownIndex = false

    func run() throws {
        if markdown {
            StandardStream.output.write(Data(ReferenceDocumentation.markdown(for: BuiltinStages.catalog).utf8))
            return
        }
        if markdownIndex {
            FileHandle.standardOutput.write(Data(ReferenceDocumentation.stageIndex(for: BuiltinStages.catalog, pages: "docs/stages/").utf8))
            return
        }
        if json {
            let stages = BuiltinStages.all.map { type -> JSONValue in
                let descriptor = type.descriptor
                return .object([
                    "name": .string(descriptor.name),
                    "summary": .string(descriptor.summary),
                    "options": .array(descriptor.options.map { option in
                        .object([
                            "name": .string(option.name),
                            "type": .string(option.type.displayName),
                            "default": option.defaultValue?.json ?? .null,
                            "required": .bool(option.isRequired),
                            "summary": .string(option.summary),
                            "schema": SchemaGenerator.typeSchema(option.type),
                        ])
                    }),
                ])
            }
            printOutput(JSONValue.array(stages).orderedJSON.serialized(pretty: true))
            return
        }
        var text = ""
        for type in BuiltinStages.all {
            let descriptor = type.descriptor
            text += "\(descriptor.name) — \(descriptor.summary)\n"
            for option in descriptor.options {
                let value = option.isRequired ? "required" : "default: \(option.defaultValue.map(\.description) ?? "unset")"
                text += "    \(option.name) (\(option.type.displayName); \(value))\n        \(option.summary)\n"
            }
            text += "\n"
        }
        StandardStream.output.write(Data(text.utf8))
    }
}

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Prints the JSON Schema of pipeline.yaml, for editors.")

    func run() throws {
        printOutput(SchemaGenerator.schema(for: BuiltinStages.catalog).orderedJSON.serialized(pretty: true))
    }
}
