// swift-tools-version: 6.1
import PackageDescription

// Galley's package manifest.
//
// The stage modules are listed here, once, in the order `galley stages` shows them. Each line
// makes a target `<Name>Stage` from `Sources/Stages/<Name>` (depending on GalleyCore, GalleyText
// and the dependencies given) and a test target `<Name>StageTests` from `Tests/Stages/<Name>`.
// Adding a stage is its two folders and one line here: `scripts/new-stage <Name>` writes all
// three. The registry the program uses, `Sources/GalleyStages/BuiltinStages.swift`, is generated
// from this list by `scripts/regenerate.sh` (which `new-stage` runs), and a test fails when the
// list, the registry and the folders disagree.

/// One stage module: its folder name and what it needs beyond GalleyCore and GalleyText.
struct StageModule {
    var name: String
    var dependencies: [Target.Dependency]
}

func stage(_ name: String, dependencies: [Target.Dependency] = []) -> StageModule {
    StageModule(name: name, dependencies: dependencies)
}

let stages: [StageModule] = [
    stage("Cleanup"),
    stage("Dehyphenate", dependencies: [.target(name: "CHunspell"), .target(name: "CHyphen")]),
    stage("Sections"),
    stage("Captions"),
    stage("Summarize"),
    stage("Keywords"),
    stage("Filter"),
    stage("External"),
    stage("Export", dependencies: [.product(name: "GRDB", package: "GRDB.swift")]),
]

let stageTargets: [Target] = stages.map { stage in
    .target(
        name: "\(stage.name)Stage",
        dependencies: [.target(name: "GalleyCore"), .target(name: "GalleyText")] + stage.dependencies,
        path: "Sources/Stages/\(stage.name)"
    )
}
let stageTestTargets: [Target] = stages.map { stage in
    .testTarget(
        name: "\(stage.name)StageTests",
        dependencies: [.target(name: "\(stage.name)Stage"), "GalleyCore", "GalleyText"] + stage.dependencies,
        path: "Tests/Stages/\(stage.name)"
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
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/HdrHistogram/hdrhistogram-swift", from: "0.2.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
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
            dependencies: ["GalleyCore"] + stages.map { .target(name: "\($0.name)Stage") }
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
        // The line-role model's training and inspection tool (scripts/train/train_line_roles.py runs it).
        .executableTarget(name: "galley-line-roles", dependencies: ["GalleyText"]),
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
