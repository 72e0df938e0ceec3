import ExportStage
import Foundation
import GalleyCore

/// Documents and folders the export tests share.
enum Fixtures {
    /// A temporary folder that does not exist yet.
    static func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("galley-export-\(UUID().uuidString)")
    }

    /// An export stage for a batch run writing `formats` into `output`.
    static func stage(_ output: URL, formats: [String], mode: RunMode = .batch,
                      reportDocuments: Int? = nil) throws -> ExportStage {
        var values: [String: OptionValue] = ["formats": .list(formats.map { .string($0) })]
        if let reportDocuments { values["report_documents"] = .int(reportDocuments) }
        return try ExportStage(setup: StageSetup(
            options: StageOptions(specs: ExportStage.descriptor.options, values: values),
            instanceName: "export", outputDirectory: output, mode: mode))
    }

    static func summary(_ output: URL, documents: Int, failures: [FailureRecord] = [],
                        stages: [StageMetrics] = []) -> RunSummary {
        var metrics = RunMetrics(start: Date(timeIntervalSince1970: 1_800_000_000),
                                 end: Date(timeIntervalSince1970: 1_800_000_002))
        metrics.documents = documents + failures.count
        metrics.succeeded = documents
        metrics.failed = failures.count
        metrics.wallSeconds = 2
        metrics.stages = stages
        return RunSummary(metrics: metrics, failures: failures, outputDirectory: output,
                          stageNames: stages.map(\.stage))
    }

    /// Two articles of the seed page, the second with the photo caption.
    static var chinese: Document {
        Document(
            id: "000_a961b149a5844a09", source: "seeds/000_a961b149a5844a09.txt",
            text: "释放叠加效应 聚合强大动能……", language: "zh",
            sections: [
                Section(
                    kicker: "贯彻落实 十九届五中全会精神", title: "释放叠加效应 聚合强大动能",
                    subtitle: "——区人大常委会工作综述（下）", byline: "记者 王兴法",
                    text: "刚柔并济、组合出拳，充分释放人大监督叠加效应。区人大常委会坚持问题导向，创新工作方式。\n\n"
                        + "对标一流、奋勇争先，精心培植人大机关“三尚”文化。",
                    summary: ["刚柔并济、组合出拳，充分释放人大监督叠加效应。", "区人大常委会坚持问题导向，创新工作方式。"]),
                Section(
                    title: "融入一体化 建设滨湖城",
                    text: "为了确保疫情防控安全和“两会”的胜利召开，今年，区“两会”对与会代表委员和工作人员全部开展核酸检测。"),
            ],
            captions: [Caption(text: "图为昨日上午，医务工作者正在区行政中心进行核酸采样。", credit: "陆新", section: 1, kind: "photo")])
    }

    static var english: Document {
        Document(
            id: "en-vaccines", source: "in/en-vaccines.txt",
            text: "City opens three vaccination centres…", language: "en",
            sections: [
                Section(
                    kicker: "Public health", title: "City opens three vaccination centres",
                    subtitle: "Queues form before dawn", byline: "Jane Doe",
                    text: "Thousands of residents were vaccinated on Monday as the city opened three new centres.\n\n"
                        + "Officials said the centres would stay open every day until the end of March.",
                    summary: ["Thousands of residents were vaccinated on Monday as the city opened three new centres."]),
            ],
            captions: [Caption(text: "Nurses prepare doses at the Riverside centre.", credit: "AP Photo/John Roe",
                               section: 0, kind: "photo")])
    }
}
