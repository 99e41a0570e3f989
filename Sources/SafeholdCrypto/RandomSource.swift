#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A source of random bytes, injected wherever keys, nonces, salts or identifiers are drawn, so
/// that tests can be repeated with `DeterministicRandomSource`.
public protocol RandomSource: Sendable {
    /// Fills `buffer` with random bytes. An empty buffer is left as it is.
    func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

extension RandomSource {
    /// Returns `count` random bytes in an ordinary array. Use `SecretBytes.random` for secrets.
    public func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "random byte count must not be negative, got \(count)")
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { fill($0) }
        return bytes
    }

    /// Returns a random number in `0..<upperBound`, with every value equally likely.
    ///
    /// Draws 32-bit values and rejects those below `2^32 mod upperBound`, so that the accepted
    /// range is a whole multiple of `upperBound` and the remainder carries no bias. This is the
    /// method of `randombytes_uniform` and `arc4random_uniform`.
    public func uniform(_ upperBound: UInt32) -> UInt32 {
        precondition(upperBound > 0, "uniform(_:) needs an upper bound above 0")
        let rejectionLimit = (0 &- upperBound) % upperBound

        while true {
            var candidate: UInt32 = 0
            withUnsafeMutableBytes(of: &candidate) { fill($0) }
            if candidate >= rejectionLimit {
                return candidate % upperBound
            }
        }
    }
}
