import GalleyCore

/// The JSON Schema (draft 2020-12) of `pipeline.yaml`, generated from the same declarations
/// that validation uses, so that editors complete and check the file.
public enum SchemaGenerator {
    public static func schema(for catalog: StageCatalog) -> JSONValue {
        var properties: [String: JSONValue] = [
            "version": property(ConfigSchema.version),
            "stages": .object([
                "type": .string("array"),
                "minItems": .int(1),
                "description": .string("The stages every document goes through, in order."),
                "items": .object(["oneOf": .array(catalog.types.map { stageSchema($0.descriptor) })]),
            ]),
        ]
        for section in ConfigSchema.sections {
            properties[section.name] = object(section.keys, description: section.summary)
        }
        return .object([
            "$schema": .string("https://json-schema.org/draft/2020-12/schema"),
            "$id": .string("https://galley.dev/schema/pipeline.json"),
            "title": .string("Galley pipeline.yaml"),
            "type": .string("object"),
            "properties": .object(properties),
            "required": .array([.string("stages")]),
            "additionalProperties": .bool(false),
        ])
    }

    static func stageSchema(_ descriptor: StageDescriptor) -> JSONValue {
        .object([
            "type": .string("object"),
            "title": .string(descriptor.name),
            "description": .string(descriptor.summary),
            "properties": .object([
                "use": .object(["const": .string(descriptor.name), "description": .string(descriptor.summary)]),
                "name": .object(["type": .string("string"), "pattern": .string("^[A-Za-z0-9_.-]+$"),
                                 "description": .string("The stage's name in metrics and logs; defaults to 'use'.")]),
                "with": object(descriptor.options, description: "Options of the \(descriptor.name) stage."),
            ]),
            "required": .array([.string("use")]),
            "additionalProperties": .bool(false),
        ])
    }

    static func object(_ specs: [OptionSpec], description: String) -> JSONValue {
        let required = specs.filter(\.isRequired).map { JSONValue.string($0.name) }
        var members: [String: JSONValue] = [
            "type": .string("object"),
            "description": .string(description),
            "properties": .object(Dictionary(uniqueKeysWithValues: specs.map { ($0.name, property($0)) })),
            "additionalProperties": .bool(false),
        ]
        if !required.isEmpty { members["required"] = .array(required) }
        return .object(members)
    }

    static func property(_ spec: OptionSpec) -> JSONValue {
        guard case .object(var members) = typeSchema(spec.type) else { return .null }
        members["description"] = .string(spec.summary)
        if let value = spec.defaultValue { members["default"] = value.json }
        return .object(members)
    }

    /// The schema of a value of `type`.
    public static func typeSchema(_ type: OptionType) -> JSONValue {
        switch type {
        case .boolean:
            return .object(["type": .string("boolean")])
        case .integer(let low, let high):
            var members: [String: JSONValue] = ["type": .string("integer")]
            if let low { members["minimum"] = .int(low) }
            if let high { members["maximum"] = .int(high) }
            return .object(members)
        case .number(let low, let high):
            var members: [String: JSONValue] = ["type": .string("number")]
            if let low { members["minimum"] = .double(low) }
            if let high { members["maximum"] = .double(high) }
            return .object(members)
        case .string, .path:
            return .object(["type": .string("string")])
        case .regex:
            return .object(["type": .string("string"), "format": .string("regex")])
        case .choice(let words):
            return .object(["enum": .array(words.map { .string($0) })])
        case .list(let element):
            return .object(["type": .string("array"), "items": typeSchema(element)])
        case .map(let element):
            return .object(["type": .string("object"), "additionalProperties": typeSchema(element)])
        }
    }
}
