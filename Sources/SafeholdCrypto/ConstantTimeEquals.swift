#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// Returns whether `a` and `b` hold the same bytes, in time that depends only on their length
/// (`sodium_memcmp`). Values of different lengths are unequal at once, so use it on values of a
/// fixed length: MACs, hashes, tokens.
public func constantTimeEquals(_ a: Data, _ b: Data) -> Bool {
    Sodium.initialize()
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }

    return a.withUnsafeBytes { aBytes in
        b.withUnsafeBytes { bBytes in
            sodium_memcmp(aBytes.baseAddress!, bBytes.baseAddress!, aBytes.count) == 0
        }
    }
}
