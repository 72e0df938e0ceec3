import Benchmark
import BenchmarkSupport
import Foundation
import GalleyCore
import GalleyStages

// Throughput of the text-repair stages (cleanup, dehyphenate) on a generated corpus of mixed
// Chinese and English text of about 24 MB, next to a baseline that only walks the text once
// counting Unicode scalars. The ratio stage time / baseline time is what issue 3 asks for
// (target: each stage within 10x of the walk). MB/s = corpus megabytes / wall-clock seconds.

/// One generated document of about 48 KB: Chinese news paragraphs (some split by the layout
/// mid-sentence across a blank line, full-width digits, a byline), English OCR lines wrapped at
/// 60 columns with line-end hyphens, a little mojibake and a ligature, page furniture.
func makeDocument(_ number: Int) -> String {
    var text = "推进城乡建设 提升服务水平\n\n□ 记者 张明\n\n"
    var paragraph = 0
    while text.utf8.count < 48_000 {
        paragraph += 1
        let chinese = "今年以来，全区上下围绕重点工程，加快推进第\(paragraph)批建设任务，预计全年完成投资２０１２万元，同比增长４．５％。"
        if paragraph % 5 == 0 {
            text += "重大项目有力推进，利用外\n\n资总体平稳。" + chinese + "\n\n"
        } else {
            text += chinese + chinese + "\n\n"
        }
        let english = "The committee met on Tuesday and agreed that the new bridge at Colling- wood would be built before the winter, subject to the approval of the north- east council and a con- tribution of \(paragraph) pounds from the ﬁnance office. The cafÃ© owners were not consulted."
        var line = ""
        for word in english.split(separator: " ") {
            if line.unicodeScalars.count + word.unicodeScalars.count > 60 {
                text += line + "\n"
                line = ""
            }
            line += line.isEmpty || line.hasSuffix("-") ? String(word) : " " + word
            if word.hasSuffix("-") {
                text += line + "\n"
                line = ""
            }
        }
        text += line + "\n\n"
        if paragraph % 40 == 0 { text += "- \(paragraph / 40) -\n\u{0C}\n" }
    }
    return text + "(\(number))"
}

let corpus: [Document] = (0..<500).map { Document(id: "d\($0)", source: "bench", text: makeDocument($0)) }
let corpusBytes = corpus.reduce(0) { $0 + $1.text.utf8.count }

let cleanup = makeStage("cleanup")
let dehyphenate = makeStage("dehyphenate")

/// `dehyphenate` without the line-role model (`line_roles: false`): the share of the joiner and
/// its evidence, apart from the model's.
let dehyphenateRulesOnly: any Stage = {
    guard let type = BuiltinStages.catalog.type(named: "dehyphenate") else { fatalError("no stage dehyphenate") }
    let options = StageOptions(specs: type.descriptor.options, values: ["line_roles": .bool(false)])
    let setup = StageSetup(options: options, instanceName: "dehyphenate", mode: .test)
    do { return try type.init(setup: setup) } catch { fatalError("dehyphenate: \(error)") }
}()

/// The corpus as `cleanup` leaves it: what `dehyphenate` reads in the default pipeline.
let cleanedCorpus: [Document] = corpus.map { document in
    var document = document
    _ = try? cleanup.process(&document)
    return document
}

func run(_ stage: any Stage, on documents: [Document]) -> Int {
    var bytes = 0
    for var document in documents {
        _ = try? stage.process(&document)
        bytes += document.text.utf8.count
    }
    return bytes
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput],
                                           timeUnits: .milliseconds, maxDuration: .seconds(20), maxIterations: 10)
    print("TextRepair corpus: \(corpus.count) documents, \(String(format: "%.1f", Double(corpusBytes) / 1_000_000)) MB")

    Benchmark("baseline: count scalars, 24 MB") { benchmark in
        var scalars = 0
        for document in corpus { scalars += document.text.unicodeScalars.count }
        blackHole(scalars)
    }

    Benchmark("cleanup, 24 MB") { benchmark in
        blackHole(run(cleanup, on: corpus))
    }

    Benchmark("dehyphenate, 24 MB") { benchmark in
        blackHole(run(dehyphenate, on: cleanedCorpus))
    }

    Benchmark("dehyphenate without the line-role model, 24 MB") { benchmark in
        blackHole(run(dehyphenateRulesOnly, on: cleanedCorpus))
    }
}
