import Benchmark
import BenchmarkSupport
import Foundation
import GalleyCore
import GalleyText

// Throughput of the `sections` and `captions` stages on a generated corpus of mixed Chinese and
// English pages (newspaper articles with kickers, subtitles, bylines, leads, captions and
// credits; papers with numbered headings and figure captions; pages without structure), next to
// a baseline that only walks the text once counting Unicode scalars. Each benchmark processes
// the whole corpus once per iteration and reports MB/s as the custom metric `MB/s`, and MB/s of
// the thread's CPU time as `MB/s (CPU)` (the steadier figure when other jobs share the machine).

/// One generated page, about 10 KB.
func page(_ index: Int) -> String {
    let chineseBody = "今年以来，全区上下围绕高质量发展目标，扎实推进各项重点工作，第\(index)个项目顺利开工建设。"
        + "“项目落地后，将带动上下游企业集聚发展。”相关负责人介绍，园区还将配套建设人才公寓和商业设施。"
    let englishBody = "The council voted on Tuesday to approve a budget that raises spending on parks, libraries "
        + "and bus routes, after a debate that lasted well into the evening of meeting \(index)."
    var text = ""
    switch index % 4 {
    case 0:
        text += "贯彻落实 全会精神\n\n凝聚发展合力 奋力争先进位\n\n——区政协常委会工作综述（上）\n\n□ 记者 王兴法\n\n"
        for _ in 0..<20 { text += chineseBody + "\n\n" }
        text += "湖滨公园改造工程开工\n\n本报讯（陈东 刘佳 记者 孙悦）日前，" + chineseBody + "\n\n"
        for _ in 0..<20 { text += chineseBody + "\n\n" }
        text += "绿色发展 共建家园\n\n为了迎接植树节，各单位组织干部职工义务植树。图为昨日上午，志愿者在公园栽种树苗。\n\n周伟 摄\n"
    case 1:
        text += "Council Approves New Budget\n\nBy Jane Doe\n\nSPRINGFIELD — " + englishBody + "\n\n"
        for _ in 0..<30 { text += englishBody + "\n\n" }
        text += "Crowds gather outside the town hall on Monday. (AP Photo/Jane Doe)\n\n"
        for _ in 0..<25 { text += englishBody + "\n\n" }
    case 2:
        text += "Abstract\n\n" + englishBody + "\n\n1. Introduction\n\n"
        for section in 2..<6 {
            for _ in 0..<10 {
                // Hard-wrapped lines, as PDF extraction leaves them.
                text += "The method splits digitized pages into articles and\nfinds their headings, bylines and captions in\none pass over the text of page \(index).\n\n"
            }
            text += "Figure \(section): Throughput of the parser on long lines.\n\n\(section). Results of Part \(section)\n\n"
        }
        text += "References\n\n[1] A. Author. A paper about pages. Journal of Pages, 2001.\n"
    default:
        for _ in 0..<45 { text += chineseBody + englishBody + "\n" }
    }
    return text
}

/// About 20 MB of pages.
let corpus: [Document] = {
    var documents: [Document] = []
    var bytes = 0
    var index = 0
    while bytes < 20_000_000 {
        let text = page(index)
        bytes += text.utf8.count
        documents.append(Document(id: "page\(index)", source: "bench", text: text))
        index += 1
    }
    return documents
}()

let corpusBytes = corpus.reduce(0) { $0 + $1.text.utf8.count }

let sections = makeStage("sections")
let captions = makeStage("captions")

/// The corpus after the sections stage, as the captions stage receives it.
let sectioned: [Document] = corpus.map { document in
    var document = document
    _ = try! sections.process(&document)
    return document
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, megabytesPerSecond, megabytesPerCPUSecond],
                                           maxDuration: .seconds(20), maxIterations: 10)

    Benchmark("baseline: walk scalars (20 MB)") { benchmark in
        measureThroughput(benchmark, bytes: corpusBytes) {
            var scalars = 0
            for document in corpus { scalars += document.text.unicodeScalars.count }
            return scalars
        }
    }

    Benchmark("sections (20 MB)") { benchmark in
        measureThroughput(benchmark, bytes: corpusBytes) {
            var count = 0
            for var document in corpus {
                _ = try! sections.process(&document)
                count += document.sections.count
            }
            return count
        }
    }

    Benchmark("captions (20 MB)") { benchmark in
        measureThroughput(benchmark, bytes: corpusBytes) {
            var count = 0
            for var document in sectioned {
                _ = try! captions.process(&document)
                count += document.captions.count
            }
            return count
        }
    }

    // What the stages allocate over the corpus: counts that do not drift with the
    // machine's load, unlike the speeds (one iteration: the count is the same every time).
    let counting = Benchmark.Configuration(metrics: [.mallocCountTotal],
                                           maxDuration: .seconds(20), maxIterations: 1)
    Benchmark("sections: allocations (20 MB)", configuration: counting) { _ in
        var count = 0
        for var document in corpus {
            _ = try! sections.process(&document)
            count += document.sections.count
        }
        blackHole(count)
    }

    Benchmark("captions: allocations (20 MB)", configuration: counting) { _ in
        var count = 0
        for var document in sectioned {
            _ = try! captions.process(&document)
            count += document.captions.count
        }
        blackHole(count)
    }

    Benchmark("language detection (20 MB)") { benchmark in
        measureThroughput(benchmark, bytes: corpusBytes) {
            var count = 0
            for document in corpus where LanguageDetector.detect(document.text) == "zh" { count += 1 }
            return count
        }
    }
}
