import GalleyCore

/// Small stages for testing the test runner without depending on real stage modules.
struct UppercaseStage: Stage {
    static let descriptor = StageDescriptor(
        name: "uppercase", summary: "Upper-cases the text.",
        options: [OptionSpec("titles", .boolean, default: .bool(false), "Add a title section too.")])
    let titles: Bool
    init(setup: StageSetup) throws { titles = setup.options.bool("titles") ?? false }
    func process(_ document: inout Document) throws -> Disposition {
        document.text = document.text.uppercased()
        if titles { document.sections = [Section(title: "TITLE", text: document.text)] }
        return .keep
    }
}

struct DropShortStage: Stage {
    static let descriptor = StageDescriptor(
        name: "drop_short", summary: "Drops texts shorter than `min`.",
        options: [OptionSpec("min", .integer(min: 0), default: .int(3), "Fewest characters kept.")])
    let minimum: Int
    init(setup: StageSetup) throws { minimum = setup.options.int("min") ?? 3 }
    func process(_ document: inout Document) throws -> Disposition {
        document.text.count < minimum ? .drop(reason: "too short") : .keep
    }
}

struct ExplodingStage: Stage {
    static let descriptor = StageDescriptor(name: "exploding", summary: "Fails every document.")
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition { throw StageError("boom") }
}

struct WritingStage: Stage {
    static let descriptor = StageDescriptor(name: "writer", summary: "Pretends to write files.", writesOutput: true)
    init(setup: StageSetup) throws {}
    func process(_ document: inout Document) throws -> Disposition { .keep }
}

let testCatalog = StageCatalog([UppercaseStage.self, DropShortStage.self, ExplodingStage.self, WritingStage.self])
