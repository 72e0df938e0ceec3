/// The type of a stage option, as declared by the stage.
///
/// The same declaration drives `pipeline.yaml` validation, `galley stages` and `galley schema`.
public indirect enum OptionType: Sendable, Hashable {
    case boolean
    /// An integer, optionally bounded (both ends inclusive).
    case integer(min: Int? = nil, max: Int? = nil)
    /// A number, optionally bounded (both ends inclusive).
    case number(min: Double? = nil, max: Double? = nil)
    case string
    /// A file or folder path; relative paths are resolved against the folder of `pipeline.yaml`.
    case path
    /// A regular expression, checked when the pipeline is loaded.
    case regex
    /// One of a fixed set of words.
    case choice([String])
    /// A list of values of one type.
    case list(OptionType)
    /// A mapping from strings to values of one type.
    case map(OptionType)

    /// A short name for messages and `galley stages`: `integer 1…64`, `list of string`.
    public var displayName: String {
        switch self {
        case .boolean: return "boolean"
        case .integer(let min, let max): return "integer" + Self.rangeText(min.map(String.init), max.map(String.init))
        case .number(let min, let max): return "number" + Self.rangeText(min.map { "\($0)" }, max.map { "\($0)" })
        case .string: return "string"
        case .path: return "path"
        case .regex: return "regex"
        case .choice(let words): return words.joined(separator: " | ")
        case .list(let element): return "list of \(element.displayName)"
        case .map(let element): return "map of \(element.displayName)"
        }
    }

    private static func rangeText(_ low: String?, _ high: String?) -> String {
        switch (low, high) {
        case (nil, nil): ""
        case (let low?, nil): " ≥ \(low)"
        case (nil, let high?): " ≤ \(high)"
        case (let low?, let high?): " \(low)…\(high)"
        }
    }
}

/// A validated option value.
public indirect enum OptionValue: Sendable, Hashable, CustomStringConvertible {
    case bool(Bool)
    case int(Int)
    case number(Double)
    case string(String)
    case list([OptionValue])
    case map([String: OptionValue])

    public var description: String {
        switch self {
        case .bool(let value): "\(value)"
        case .int(let value): "\(value)"
        case .number(let value): "\(value)"
        case .string(let value): value
        case .list(let values): "[" + values.map(\.description).joined(separator: ", ") + "]"
        case .map(let members):
            "{" + members.keys.sorted().map { "\($0): \(members[$0]!)" }.joined(separator: ", ") + "}"
        }
    }

    /// The value as JSON, for `galley stages --json` and `galley schema`.
    public var json: JSONValue {
        switch self {
        case .bool(let value): .bool(value)
        case .int(let value): .int(value)
        case .number(let value): .double(value)
        case .string(let value): .string(value)
        case .list(let values): .array(values.map(\.json))
        case .map(let members): .object(members.mapValues(\.json))
        }
    }
}

/// One option a stage accepts under `with:`.
public struct OptionSpec: Sendable, Hashable {
    public var name: String
    public var type: OptionType
    /// The value used when `pipeline.yaml` does not set the option; nil means "unset".
    public var defaultValue: OptionValue?
    /// A one-line description.
    public var summary: String
    /// Whether `pipeline.yaml` must set it.
    public var isRequired: Bool

    public init(_ name: String, _ type: OptionType, default defaultValue: OptionValue? = nil, required: Bool = false, _ summary: String) {
        self.name = name
        self.type = type
        self.defaultValue = defaultValue
        self.summary = summary
        self.isRequired = required
    }
}

/// The options of one stage in a pipeline, validated and completed with defaults.
public struct StageOptions: Sendable, Hashable {
    public private(set) var values: [String: OptionValue]

    public init(_ values: [String: OptionValue] = [:]) { self.values = values }

    /// The declared defaults, overridden by `values`.
    public init(specs: [OptionSpec], values: [String: OptionValue] = [:]) {
        var merged: [String: OptionValue] = [:]
        for spec in specs { merged[spec.name] = spec.defaultValue }
        for (key, value) in values { merged[key] = value }
        self.values = merged
    }

    public subscript(name: String) -> OptionValue? { values[name] }

    public func bool(_ name: String) -> Bool? {
        if case .bool(let value) = values[name] { return value }
        return nil
    }

    public func int(_ name: String) -> Int? {
        switch values[name] {
        case .int(let value): value
        case .number(let value) where value == value.rounded(): Int(value)
        default: nil
        }
    }

    public func double(_ name: String) -> Double? {
        switch values[name] {
        case .int(let value): Double(value)
        case .number(let value): value
        default: nil
        }
    }

    public func string(_ name: String) -> String? {
        if case .string(let value) = values[name] { return value }
        return nil
    }

    public func strings(_ name: String) -> [String]? {
        guard case .list(let items) = values[name] else { return nil }
        return items.compactMap { if case .string(let value) = $0 { value } else { nil } }
    }

    public func stringMap(_ name: String) -> [String: String]? {
        guard case .map(let members) = values[name] else { return nil }
        return members.compactMapValues { if case .string(let value) = $0 { value } else { $0.description } }
    }
}
