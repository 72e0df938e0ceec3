import Foundation
import GalleyText

/// The terms of a section's sentences as TF-IDF vectors, the units both rankers compare.
///
/// Latin-script words are lower-cased, stop words dropped and the rest stemmed with
/// ``LightStemmer``; numbers are kept; Han and kana become overlapping character bigrams, so no
/// dictionary is needed. Term weights are `tf × idf` with `idf = ln((n + 1) / df) + 1` over the
/// section's `n` sentences, and every vector has unit length, so a dot product is the cosine.
struct SentenceTerms {
    /// Per sentence: term ids in increasing order, and their weights (unit length).
    var vectors: [SparseVector]
    /// Per sentence: how long it is in words (an ideograph bigram counts half).
    var lengths: [Double]

    init(_ sentences: [String], tokenizer: Tokenizer = Tokenizer(cjk: .bigrams)) {
        var termIDs: [UInt64: Int32] = [:]
        var counts: [[(Int32, Int)]] = []
        var documentFrequency: [Int] = []
        lengths = []
        counts.reserveCapacity(sentences.count)
        lengths.reserveCapacity(sentences.count)
        var ids: [Int32] = []
        let scratch = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 256)
        scratch.initialize(repeating: 0)
        defer { scratch.deallocate() }
        for sentence in sentences {
            ids.removeAll(keepingCapacity: true)
            var length = 0.0
            tokenizer.forEachToken(in: sentence) { kind, bytes, _ in
                length += kind == .ideograph ? 0.5 : 1
                guard let term = Self.termKey(kind, bytes, scratch: scratch) else { return }
                if let known = termIDs[term] {
                    ids.append(known)
                } else {
                    let id = Int32(termIDs.count)
                    termIDs[term] = id
                    documentFrequency.append(0)
                    ids.append(id)
                }
            }
            ids.sort()
            var termCounts: [(Int32, Int)] = []
            for id in ids {
                if termCounts.last?.0 == id {
                    termCounts[termCounts.count - 1].1 += 1
                } else {
                    termCounts.append((id, 1))
                    documentFrequency[Int(id)] += 1
                }
            }
            counts.append(termCounts)
            lengths.append(length)
        }
        let total = Double(sentences.count)
        let idf = documentFrequency.map { Float(log((total + 1) / Double($0)) + 1) }
        vectors = counts.map { sentence in
            var weights = sentence.map { Float($0.1) * idf[Int($0.0)] }
            let norm = weights.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0 { weights = weights.map { $0 / norm } }
            return SparseVector(terms: sentence.map(\.0), weights: weights)
        }
    }

    /// The key of a token's ranking term (the 64-bit FNV-1a hash of its UTF-8), or nil for stop
    /// words and one-letter words. Words are stemmed with ``LightStemmer`` in `scratch`.
    static func termKey(
        _ kind: TokenKind, _ bytes: UnsafeBufferPointer<UInt8>, scratch: UnsafeMutableBufferPointer<UInt8>
    ) -> UInt64? {
        switch kind {
        case .ideograph, .number:
            return fnv1a(bytes)
        case .word:
            guard bytes.count > 1, !stopWordKeys.contains(fnv1a(bytes)) else { return nil }
            guard bytes.count <= scratch.count else { return fnv1a(bytes) }
            for offset in 0..<bytes.count { scratch[offset] = bytes[offset] }
            let length = LightStemmer.stem(scratch, count: bytes.count)
            return fnv1a(UnsafeBufferPointer(rebasing: scratch[0..<length]))
        }
    }

    /// The keys of the English stop words.
    static let stopWordKeys: Set<UInt64> = Set(StopWords.english.map { word in
        var word = word
        return word.withUTF8 { fnv1a($0) }
    })

    @inline(__always)
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}

/// A sparse vector: term ids in increasing order and their weights.
struct SparseVector: Sendable {
    var terms: [Int32]
    var weights: [Float]

    var isEmpty: Bool { terms.isEmpty }

    /// The dot product (the cosine, for unit vectors).
    func dot(_ other: SparseVector) -> Float {
        var sum: Float = 0
        forEachShared(other) { left, right in sum += weights[left] * other.weights[right] }
        return sum
    }

    /// How many terms the two vectors share.
    func overlap(_ other: SparseVector) -> Int {
        var shared = 0
        forEachShared(other) { _, _ in shared += 1 }
        return shared
    }

    /// Calls `body` with the positions in both vectors of every term they share (both are
    /// sorted by term, so one merge walk finds them).
    @inline(__always)
    private func forEachShared(_ other: SparseVector, _ body: (Int, Int) -> Void) {
        var left = 0
        var right = 0
        while left < terms.count, right < other.terms.count {
            let a = terms[left]
            let b = other.terms[right]
            if a == b {
                body(left, right)
                left += 1
                right += 1
            } else if a < b {
                left += 1
            } else {
                right += 1
            }
        }
    }
}
