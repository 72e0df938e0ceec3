// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Galley's package manifest.
//
// Stage modules are discovered, not listed: every folder `Sources/Stages/<Name>` becomes a
// target `<Name>Stage` (depending on GalleyCore and GalleyText), and every folder
// `Tests/Stages/<Name>` a test target `<Name>StageTests`. Adding a stage module is adding a
// folder and one registration line in `Sources/GalleyStages/BuiltinStages.swift`.

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()

func folders(under relativePath: String) -> [String] {
    let url = packageDirectory.appendingPathComponent(relativePath)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
    return names.filter { name in
        var isDirectory: ObjCBool = false
        return !name.hasPrefix(".")
            && FileManager.default.fileExists(atPath: url.appendingPathComponent(name).path, isDirectory: &isDirectory)
            && isDirectory.boolValue
    }.sorted()
}

/// Extra dependencies of stage modules beyond GalleyCore and GalleyText. Every stage folder has
/// an entry (`[]` when it needs nothing more): SwiftPM caches this file's evaluation by its text,
/// so adding the entry is what makes a new `Sources/Stages/<Name>` folder seen.
let stageDependencies: [String: [Target.Dependency]] = [
    "Captions": [],
    "Cleanup": [],
    "Dehyphenate": [.target(name: "CHunspell"), .target(name: "CHyphen")],
    "Export": [.product(name: "GRDB", package: "GRDB.swift")],
    "External": [],
    "Filter": [],
    "Keywords": [],
    "Sections": [],
    "Summarize": [],
]

let stageNames = folders(under: "Sources/Stages")
let stageTargets: [Target] = stageNames.map { name in
    .target(
        name: "\(name)Stage",
        dependencies: [.target(name: "GalleyCore"), .target(name: "GalleyText")] + (stageDependencies[name] ?? []),
        path: "Sources/Stages/\(name)"
    )
}
let stageTestTargets: [Target] = folders(under: "Tests/Stages").map { name in
    .testTarget(
        name: "\(name)StageTests",
        dependencies: [.target(name: "\(name)Stage"), "GalleyCore", "GalleyText"] + (stageDependencies[name] ?? []),
        path: "Tests/Stages/\(name)"
    )
}

let package = Package(
    name: "Galley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "galley", targets: ["galley"]),
        .library(name: "GalleyCore", targets: ["GalleyCore"]),
        .library(name: "GalleyText", targets: ["GalleyText"]),
        .library(name: "GalleyConfig", targets: ["GalleyConfig"]),
        .library(name: "GalleyRunner", targets: ["GalleyRunner"]),
        .library(name: "GalleyStages", targets: ["GalleyStages"]),
        .library(name: "GalleyTesting", targets: ["GalleyTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", exact: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", exact: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
    ],
    targets: [
        .target(
            name: "GalleyCore",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "GalleyText"),
        .target(
            name: "GalleyConfig",
            dependencies: ["GalleyCore", .product(name: "Yams", package: "Yams")]
        ),
        // The runner's fast clock (the processor's time-stamp counter), which Swift cannot read.
        .target(name: "CGalleyClock"),
        // Spelling (Hunspell) and hyphenation patterns (libhyphen) for the dehyphenate stage.
        .systemLibrary(name: "CHunspell", pkgConfig: "hunspell", providers: [.apt(["libhunspell-dev"])]),
        .systemLibrary(name: "CHyphen", providers: [.apt(["libhyphen-dev"])]),
        .target(
            name: "GalleyRunner",
            dependencies: [
                "GalleyCore", "GalleyConfig", "CGalleyClock",
                .product(name: "Histogram", package: "hdrhistogram-swift"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "GalleyStages",
            dependencies: ["GalleyCore"] + stageNames.map { .target(name: "\($0)Stage") }
        ),
        .target(
            name: "GalleyTesting",
            dependencies: [
                "GalleyCore", "GalleyConfig", "GalleyRunner",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "galley",
            dependencies: [
                "GalleyCore", "GalleyConfig", "GalleyRunner", "GalleyStages", "GalleyTesting", "ExportStage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "GalleyCoreTests", dependencies: ["GalleyCore"]),
        .testTarget(name: "GalleyTextTests", dependencies: ["GalleyText"]),
        .testTarget(name: "GalleyConfigTests", dependencies: ["GalleyConfig", "GalleyCore", "GalleyStages"]),
        .testTarget(name: "CGalleyClockTests", dependencies: ["CGalleyClock"]),
        .testTarget(name: "GalleyRunnerTests", dependencies: ["GalleyRunner", "GalleyConfig", "GalleyCore", "GalleyStages"]),
        .testTarget(name: "GalleyStagesTests", dependencies: ["GalleyStages", "GalleyCore", "GalleyConfig"]),
        .testTarget(name: "GalleyTestingTests", dependencies: ["GalleyTesting", "GalleyStages", "GalleyCore"]),
        .testTarget(name: "GalleyEndToEndTests", dependencies: ["GalleyCore", "galley"]),
    ] + stageTargets + stageTestTargets,
    swiftLanguageModes: [.v6]
)
