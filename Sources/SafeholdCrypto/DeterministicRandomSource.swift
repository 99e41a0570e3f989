#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium
import Synchronization

/// A repeatable random source for tests: the same seed gives the same sequence of fills.
///
/// Each call to `fill` expands a 32-byte seed made of `seed` and a call counter with
/// `randombytes_buf_deterministic`. The output depends on how the bytes are split into calls, not
/// only on their total. A lock orders concurrent calls, but the order in which threads take it is
/// not repeatable. Never use this source outside tests.
public final class DeterministicRandomSource: RandomSource {
    private let seed: UInt64
    private let callCounter = Mutex<UInt64>(0)

    public init(seed: UInt64) {
        Sodium.initialize()
        self.seed = seed
    }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }

        let call = callCounter.withLock { counter in
            defer { counter &+= 1 }
            return counter
        }

        var expansionSeed = [UInt8](repeating: 0, count: Int(randombytes_SEEDBYTES))
        withUnsafeBytes(of: seed.littleEndian) { expansionSeed.replaceSubrange(0..<8, with: $0) }
        withUnsafeBytes(of: call.littleEndian) { expansionSeed.replaceSubrange(8..<16, with: $0) }
        randombytes_buf_deterministic(base, buffer.count, expansionSeed)
    }
}
