// swift-tools-version: 6.1
import Foundation
import PackageDescription

// Galley's libFuzzer targets, in a package of their own so that `swift build` and `swift test`
// of the main package never build them (they link only with `--sanitize=fuzzer`).
//
//   swift build --package-path Fuzz -c release --sanitize=fuzzer --product galley-fuzz
//   scripts/fuzz.sh [SECONDS_PER_TARGET]
//
// One binary holds every target; GALLEY_FUZZ_TARGET picks one (see Sources/GalleyFuzz).

let packageDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
// A path dependency is identified by its folder's name, whatever the clone is called.
let galley = packageDirectory.deletingLastPathComponent().lastPathComponent.lowercased()

let package = Package(
    name: "GalleyFuzz",
    platforms: [.macOS(.v15)],
    products: [.executable(name: "galley-fuzz", targets: ["GalleyFuzz"])],
    dependencies: [.package(path: "..")],
    targets: [
        .executableTarget(
            name: "GalleyFuzz",
            dependencies: [
                .product(name: "GalleyCore", package: galley),
                .product(name: "GalleyConfig", package: galley),
                .product(name: "GalleyRunner", package: galley),
                .product(name: "GalleyStages", package: galley),
                .product(name: "GalleyTesting", package: galley),
            ]),
    ],
    swiftLanguageModes: [.v6]
)
