// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Galley's benchmarks, in a package of their own so that `swift build` and `swift test` of the
// main package (and so CI) never build the benchmark machinery.
//
// Each name in `benchmarkNames` is a benchmark target from the folder `Benchmarks/<Name>` (listed
// here rather than found, because SwiftPM caches this file's evaluation by its text and would not
// see a new folder). Run them all with
//   swift package --package-path Benchmarks benchmark
// or one with `--target <Name>`.

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let benchmarkNames = [
    "Keywords",
    "Runner",
    "Structure",
    "Summarize",
    "TextRepair",
]

// A path dependency is identified by its folder's name, whatever the clone is called.
let galley = packageDirectory.deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "GalleyBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Helpers every stage benchmark uses (`Support/`).
        .target(
            name: "BenchmarkSupport",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GalleyCore", package: galley),
                .product(name: "GalleyStages", package: galley),
            ],
            path: "Support"),
    ] + benchmarkNames.map { name in
        .executableTarget(
            name: name,
            dependencies: [
                "BenchmarkSupport",
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "GalleyCore", package: galley),
                .product(name: "GalleyText", package: galley),
                .product(name: "GalleyRunner", package: galley),
                .product(name: "GalleyStages", package: galley),
            ],
            path: "Benchmarks/\(name)",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    },
    swiftLanguageModes: [.v6]
)
