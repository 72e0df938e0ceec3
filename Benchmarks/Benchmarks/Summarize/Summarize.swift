import Benchmark
import BenchmarkSupport
import Foundation
import GalleyCore

// The summarize stage in-process, with its default options (3 sentences): passes over ~2 KB
// articles, as MB/s by the wall clock and by the thread's CPU time (documents per second are MB/s
// over the mean article size, which the run prints), and one section of 50,000 sentences (the
// graph bound at work).
//
//   swift package --package-path Benchmarks benchmark --target Summarize
//
// With GALLEY_SUMMARIZE_ARTICLES set to a folder of text files (e.g.
// ../shared/data/news-summaries-en/articles), each file's body (after the first blank line) is
// cut after the paragraph that reaches 2,000 bytes, as scripts/eval/summarize.py does for sumy.
// Without it, deterministic generated articles of about 2 KB are used.
//
// To compare two builds in one session, run each binary directly in turns with
// GALLEY_SUMMARIZE_DIRECT=ROUNDS (see DirectTiming), pinned to one core.

let benchmarks: @Sendable () -> Void = {
    if let rounds = ProcessInfo.processInfo.environment["GALLEY_SUMMARIZE_DIRECT"].flatMap({ Int($0) }) {
        do { try DirectTiming.run(rounds: rounds) } catch { print("summarize: \(error)") }
        exit(0)
    }
    let articles = SummarizeInputs.articles()
    let articleBytes = articles.reduce(0) { $0 + $1.utf8.count }
    let longSection = SummarizeInputs.section(sentences: 50_000)
    let stage = makeStage("summarize")
    print(String(format: "summarize: %d articles of %.0f bytes on average", articles.count,
                 Double(articleBytes) / Double(articles.count)))

    Benchmark(
        "summarize 2 KB articles (all of them)",
        configuration: .init(metrics: [.wallClock, megabytesPerSecond, megabytesPerCPUSecond],
                             maxDuration: .seconds(10), maxIterations: 100)
    ) { benchmark in
        measureThroughput(benchmark, bytes: articleBytes) {
            var sentences = 0
            for article in articles {
                var document = Document(id: "d", source: "d", text: article)
                _ = try! stage.process(&document)
                sentences += document.sections.reduce(0) { $0 + ($1.summary?.count ?? 0) }
            }
            return sentences
        }
    }

    Benchmark(
        "summarize one section of 50,000 sentences",
        configuration: .init(metrics: [.wallClock, megabytesPerSecond, megabytesPerCPUSecond],
                             maxDuration: .seconds(30), maxIterations: 3)
    ) { benchmark in
        measureThroughput(benchmark, bytes: longSection.utf8.count) {
            var document = Document(id: "long", source: "long", text: longSection)
            _ = try! stage.process(&document)
            return document.sections.count
        }
    }
}

enum SummarizeInputs {
    static func articles() -> [String] {
        if let folder = ProcessInfo.processInfo.environment["GALLEY_SUMMARIZE_ARTICLES"] {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
            let bodies = names.compactMap { name -> String? in
                guard let text = try? String(contentsOfFile: folder + "/" + name, encoding: .utf8) else { return nil }
                let paragraphs = text.components(separatedBy: "\n\n").dropFirst()
                var kept: [String] = []
                var size = 0
                for paragraph in paragraphs {
                    kept.append(paragraph)
                    size += paragraph.utf8.count + 2
                    if size >= 2000 { break }
                }
                return size >= 1500 ? kept.joined(separator: "\n\n") : nil
            }
            if !bodies.isEmpty { return bodies }
        }
        return (0..<64).map { article(seed: $0) }
    }

    static let words = ["market", "bank", "profits", "rose", "shares", "fell", "growth", "rates", "prices",
                        "investors", "the", "of", "and", "said", "company", "sales", "quarter", "analysts",
                        "economy", "oil", "exports", "jobs", "government", "budget", "deficit", "in", "to",
                        "a", "record", "year", "firm", "deal", "plans", "costs", "customers", "demand"]

    /// About 2 KB of sentences of 12 to 27 words in paragraphs of three.
    static func article(seed: Int) -> String {
        var generator = seed &* 2_654_435_761 &+ 1
        func next(_ bound: Int) -> Int {
            generator = generator &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((UInt64(bitPattern: Int64(generator)) >> 33) % UInt64(bound))
        }
        var text = ""
        var sentence = 0
        while text.utf8.count < 2000 {
            let length = 12 + next(16)
            let body = (0..<length).map { _ in words[next(words.count)] }.joined(separator: " ")
            text += body.prefix(1).uppercased() + body.dropFirst() + ". "
            sentence += 1
            if sentence % 3 == 0 { text += "\n\n" }
        }
        return text
    }

    static func section(sentences: Int) -> String {
        var text = ""
        var count = 0
        var seed = 0
        while count < sentences {
            let paragraph = article(seed: seed)
            text += paragraph
            count += paragraph.filter { $0 == "." }.count
            seed += 1
        }
        return text
    }
}

/// A timing loop outside the benchmark machinery, so that two builds (before and after a change)
/// can take turns in one session: `GALLEY_SUMMARIZE_DIRECT=ROUNDS .build/release/Summarize` prints
/// the mean microseconds per 2 KB article of each round (about a second each) and their median,
/// in the thread's CPU time (which other processes on a shared machine do not inflate).
enum DirectTiming {
    static func run(rounds: Int) throws {
        let articles = SummarizeInputs.articles()
        let stage = makeStage("summarize")
        let perRound = max(articles.count, 20_000)
        var means: [Double] = []
        for _ in 0..<max(rounds, 1) {
            let start = threadCPUNanoseconds()
            for index in 0..<perRound {
                var document = Document(id: "d", source: "d", text: articles[index % articles.count])
                _ = try stage.process(&document)
                blackHole(document)
            }
            let mean = Double(threadCPUNanoseconds() - start) / 1000 / Double(perRound)
            means.append(mean)
            print(String(format: "round: %.2f µs/article", mean))
        }
        print(String(format: "median: %.2f µs/article (%d articles of %d)", means.sorted()[means.count / 2],
                     perRound, articles.count))
    }
}
