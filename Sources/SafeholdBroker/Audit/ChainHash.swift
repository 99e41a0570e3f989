#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A 32-byte chain hash held inline, so that checking millions of events compares and remembers
/// hashes without allocating. A stored value of another length is kept as malformed: it matches
/// nothing, not even itself, because no event's hash can have that length.
struct ChainHash {
    private let words: SIMD4<UInt64>
    private let isWellFormed: Bool

    init(_ bytes: UnsafeRawBufferPointer) {
        isWellFormed = bytes.count == 32
        words = isWellFormed ? bytes.loadUnaligned(as: SIMD4<UInt64>.self) : SIMD4(repeating: 0)
    }

    init(_ data: Data) {
        self = data.withUnsafeBytes { ChainHash($0) }
    }

    /// Returns whether both are well-formed and equal.
    func matches(_ other: ChainHash) -> Bool {
        isWellFormed && other.isWellFormed && words == other.words
    }

    /// The first 8 bytes, to find which event a broken link points at. A collision only changes
    /// the wording of a failure, never its detection.
    var prefix: UInt64 { words[0] }
}
