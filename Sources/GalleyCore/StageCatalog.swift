/// The stage modules a pipeline may `use:`, looked up by name.
public struct StageCatalog: Sendable {
    public let types: [any Stage.Type]

    public init(_ types: [any Stage.Type]) { self.types = types }

    public var names: [String] { types.map { $0.descriptor.name } }

    public func type(named name: String) -> (any Stage.Type)? {
        types.first { $0.descriptor.name == name }
    }

    /// Builds a stage of the named type.
    public func make(named name: String, setup: StageSetup) throws -> (any Stage)? {
        guard let type = type(named: name) else { return nil }
        return try type.init(setup: setup)
    }
}
