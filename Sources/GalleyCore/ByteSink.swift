import Foundation

/// Where bytes written a buffer at a time go: a file descriptor (not owned: the caller opens and
/// closes it), a running hash of them (``StableHash``), or both. A write that fails is kept as
/// ``failure`` and every write after it is skipped, so that a writer producing many buffers
/// checks once, at the end.
public final class ByteSink {
    /// The file descriptor written to, or nil to only count and hash.
    private let descriptor: Int32?
    /// The ``StableHash`` of the bytes so far (continuing from where it started), when hashing.
    public private(set) var hash: UInt64?
    /// Bytes handed to the sink so far.
    public private(set) var count = 0
    /// Why a write failed (the first failure), if one did.
    public private(set) var failure: String?

    /// A sink writing to `descriptor` and, given `hashFrom`, hashing what it writes from that value.
    public init(descriptor: Int32?, hashFrom start: UInt64? = nil) {
        self.descriptor = descriptor
        hash = start
    }

    /// Writes `bytes` whole (retrying short writes and `EINTR`), then hashes them.
    public func write(_ bytes: UnsafeRawBufferPointer) {
        guard failure == nil, let start = bytes.baseAddress, bytes.count > 0 else { return }
        if let descriptor {
            var offset = 0
            while offset < bytes.count {
                let written = Foundation.write(descriptor, start + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = String(cString: strerror(errno))
                    return
                }
                if written == 0 {
                    failure = String(cString: strerror(ENOSPC))
                    return
                }
                offset += written
            }
        }
        if let hash { self.hash = StableHash.value(of: bytes, continuing: hash) }
        count += bytes.count
    }
}

/// Text written to a ``ByteSink`` through a buffer of fixed size (pieces longer than the
/// buffer go to the sink directly).
public struct BufferedSinkWriter: ~Copyable {
    private var output: ByteOutput

    public init(_ sink: ByteSink, bufferBytes: Int = 1 << 20) {
        output = ByteOutput(capacity: bufferBytes, sink: sink)
    }

    public mutating func write(_ text: String) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Hands what is buffered to the sink and frees the buffer.
    public consuming func finish() {
        output.flush()
        output.deallocate()
    }
}
