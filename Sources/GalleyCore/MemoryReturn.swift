#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// How Galley gets memory it has freed back to the system (glibc's `malloc`; elsewhere these do
/// nothing).
///
/// Two habits of glibc make a process hold far more than it uses after a large document:
/// - Blocks above the mmap threshold come from `mmap` and go back on `free`, but the threshold
///   rises to the size of each such block freed (up to 32 MiB), after which blocks of that size
///   come from the heap, whose pages stay with the process when freed. ``configure()`` fixes the
///   threshold, which also stops it from moving.
/// - Small blocks freed inside the heap keep their pages until `malloc_trim`; a stage that frees
///   millions of small arrays leaves them resident while the next stage maps its own large
///   arrays. ``afterStage(documentBytes:)`` trims after each stage of a large document.
///
/// Measured with `scripts/memory-benchmark.sh` and on real text (docs/operations.md).
public enum MemoryReturn {
    /// Blocks of this many bytes and more are mapped on their own and unmapped when freed.
    public static let mmapThreshold = 1 << 20
    /// Documents of this many bytes and more have the free heap pages returned after each stage.
    public static let trimmedDocumentBytes = 1 << 20

    /// Fixes the mmap threshold at ``mmapThreshold``, unless the environment sets glibc's malloc
    /// tunables (`GLIBC_TUNABLES` or `MALLOC_MMAP_THRESHOLD_`), which then decide. Called once, at start.
    public static func configure() {
        #if canImport(Glibc)
        let environment = ProcessInfo.processInfo.environment
        if environment["MALLOC_MMAP_THRESHOLD_"] != nil { return }
        if let tunables = environment["GLIBC_TUNABLES"], tunables.contains("glibc.malloc.") { return }
        // M_MMAP_THRESHOLD from <malloc.h>.
        _ = mallopt?(-3, Int32(mmapThreshold))
        #endif
    }

    /// Returns the free pages of every heap to the system when a stage has just worked on a
    /// document of `documentBytes` (at least ``trimmedDocumentBytes``; a no-op for smaller ones,
    /// which free too little for the cost of a trim).
    public static func afterStage(documentBytes: Int) {
        #if canImport(Glibc)
        if documentBytes >= trimmedDocumentBytes { _ = mallocTrim?(0) }
        #endif
    }

    #if canImport(Glibc)
    // <malloc.h> is not in Swift's Glibc module: the two functions are looked up in the process.
    private static let mallopt = function("mallopt", as: (@convention(c) (Int32, Int32) -> Int32).self)
    private static let mallocTrim = function("malloc_trim", as: (@convention(c) (Int) -> Int32).self)

    private static func function<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let address = dlsym(UnsafeMutableRawPointer(bitPattern: 0), name) else { return nil }
        return unsafeBitCast(address, to: type)
    }
    #endif
}
