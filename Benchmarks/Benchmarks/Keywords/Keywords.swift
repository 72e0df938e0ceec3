import Benchmark
import BenchmarkSupport
import Foundation
import GalleyCore

// Throughput of the `keywords` stage on a generated corpus of Chinese and English newspaper
// pages (about 10 MB, several articles a page), next to a baseline that only walks the text once
// counting Unicode scalars. The pages are already split into sections, as the stage finds them
// after `sections`. MB/s is the corpus size over the wall clock (`MB/s`) and over the CPU time
// of the thread (`MB/s (CPU)`, the steadier figure on a shared machine); compare the stage with
// the walk of the same run.

/// A deterministic stream of choices, so every run measures the same corpus.
struct Choices {
    var state: UInt64
    mutating func next(_ count: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(count))
    }
}

let chinesePhrases = [
    "全区上下", "围绕高质量发展目标", "扎实推进各项重点工作", "项目顺利开工建设", "利用外资总体平稳",
    "外资企业反映良好", "区政府支持企业发展", "带动上下游企业集聚", "园区配套建设人才公寓", "城乡居民收入稳步增长",
    "生态环境持续改善", "农村人居环境整治", "科技创新能力不断增强", "医务工作者开展核酸采样", "交通基础设施建设",
]
let englishWords = [
    "council", "budget", "harbour", "dredging", "cranes", "libraries", "parks", "spending", "approved", "meeting",
    "residents", "bridge", "winter", "contract", "engineers", "school", "meals", "teachers", "the", "and", "of",
    "to", "a", "in", "was", "on", "for", "that", "with", "it's", "O'Brien's", "2024", "Tuesday", "Café",
]

/// One page of four articles in one language, about 12 KB.
func page(_ index: Int, choices: inout Choices) -> Document {
    var sections: [Section] = []
    for article in 0..<4 {
        var text = ""
        if index % 2 == 0 {
            while text.utf8.count < 3_000 {
                text += chinesePhrases[choices.next(chinesePhrases.count)]
                text += choices.next(3) == 0 ? "。\n\n" : "，"
            }
            sections.append(Section(title: chinesePhrases[choices.next(chinesePhrases.count)], text: text))
        } else {
            while text.utf8.count < 3_000 {
                text += englishWords[choices.next(englishWords.count)]
                text += choices.next(12) == 0 ? ".\n\n" : " "
            }
            sections.append(Section(title: "Article \(article) of page \(index)", text: text))
        }
    }
    let text = sections.map(\.text).joined(separator: "\n\n")
    return Document(id: "page\(index)", source: "bench", text: text, sections: sections)
}

/// About 10 MB of pages.
let corpus: [Document] = {
    var choices = Choices(state: 42)
    var documents: [Document] = []
    var bytes = 0
    while bytes < 10_000_000 {
        let document = page(documents.count, choices: &choices)
        bytes += document.text.utf8.count
        documents.append(document)
    }
    return documents
}()

let corpusBytes = corpus.reduce(0) { $0 + $1.text.utf8.count }

let keywords = makeStage("keywords")

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, megabytesPerSecond, megabytesPerCPUSecond],
                                           maxDuration: .seconds(20), maxIterations: 10)

    Benchmark("baseline: walk scalars (10 MB)") { benchmark in
        measureThroughput(benchmark, bytes: corpusBytes) {
            var scalars = 0
            for document in corpus { scalars += document.text.unicodeScalars.count }
            return scalars
        }
    }

    Benchmark("keywords (10 MB)") { benchmark in
        measureThroughput(benchmark, bytes: corpusBytes) {
            var count = 0
            for var document in corpus {
                _ = try! keywords.process(&document)
                count += document.sections.reduce(0) { $0 + ($1.keywords?.count ?? 0) }
            }
            return count
        }
    }

    Benchmark("keywords: allocations (10 MB)",
              configuration: .init(metrics: [.mallocCountTotal], maxDuration: .seconds(20), maxIterations: 1)) { _ in
        var count = 0
        for var document in corpus {
            _ = try! keywords.process(&document)
            count += document.sections.count
        }
        blackHole(count)
    }
}
