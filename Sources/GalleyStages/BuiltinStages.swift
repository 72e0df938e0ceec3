import CaptionsStage
import CleanupStage
import DehyphenateStage
import ExportStage
import ExternalStage
import FilterStage
import GalleyCore
import KeywordsStage
import SectionsStage
import SummarizeStage

/// The stage modules that ship with Galley: the one list of them.
///
/// Adding a stage module: create `Sources/Stages/<Name>/`, then add its type here.
/// `GalleyStagesTests` fails when a folder under `Sources/Stages` is missing from this list.
public enum BuiltinStages {
    public static let all: [any Stage.Type] = [
        CleanupStage.self,
        DehyphenateStage.self,
        SectionsStage.self,
        CaptionsStage.self,
        SummarizeStage.self,
        KeywordsStage.self,
        FilterStage.self,
        ExternalStage.self,
        ExportStage.self,
    ]

    public static let catalog = StageCatalog(all)
}
