/// Runs stages on one document with no runner, no files and no threads — for tests, and for
/// any program that wants Galley's stages as a library.
///
/// ```swift
/// let stage = try CleanupStage(setup: .init(options: StageOptions(specs: CleanupStage.descriptor.options), instanceName: "cleanup"))
/// let document = try StageHarness.run([stage], on: "cafÃ©")
/// ```
public enum StageHarness {
    /// Builds a stage of type `type` with `options` over its declared defaults.
    public static func make<S: Stage>(_ type: S.Type, _ options: [String: OptionValue] = [:]) throws -> S {
        let setup = StageSetup(
            options: StageOptions(specs: S.descriptor.options, values: options),
            instanceName: S.descriptor.name, mode: .test)
        return try S(setup: setup)
    }

    /// Runs `stages` in order on a document made from `text`. Returns nil when a stage drops it.
    public static func run(_ stages: [any Stage], on text: String, id: String = "test") throws -> Document? {
        try run(stages, on: Document(id: id, source: id, text: text))
    }

    /// Runs `stages` in order on `document`. Returns nil when a stage drops it.
    public static func run(_ stages: [any Stage], on document: Document) throws -> Document? {
        var document = document
        for stage in stages {
            if case .drop = try stage.process(&document) { return nil }
        }
        return document
    }
}
