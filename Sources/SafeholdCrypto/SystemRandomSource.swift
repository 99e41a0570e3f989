#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium

/// The operating system's cryptographically secure generator, through `randombytes_buf`.
public struct SystemRandomSource: RandomSource {
    public init() {
        Sodium.initialize()
    }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        Sodium.initialize()
        randombytes_buf(base, buffer.count)
    }
}
