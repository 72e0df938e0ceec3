import ExportStage
import GalleyCore
import SummarizeStage

/// The stage modules that ship with Galley: the one list of them.
///
/// Adding a stage module: create `Sources/Stages/<Name>/`, then add its type here.
/// `GalleyStagesTests` fails when a folder under `Sources/Stages` is missing from this list.
public enum BuiltinStages {
    public static let all: [any Stage.Type] = [
        SummarizeStage.self,
        ExportStage.self,
    ]

    public static let catalog = StageCatalog(all)
}
