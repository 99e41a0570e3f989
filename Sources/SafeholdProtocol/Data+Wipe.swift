#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif

extension Data {
    /// Overwrites every byte with zero, in place.
    ///
    /// Frames can contain tokens and revealed secrets. Only this value's storage is cleared: a copy
    /// that shares it (copy-on-write) gets its own buffer first and keeps the bytes. So call it on
    /// the last reference.
    public mutating func wipe() {
        withUnsafeMutableBytes { bytes in
            guard let base = bytes.baseAddress else {
                return
            }
            explicit_bzero(base, bytes.count)
        }
    }
}
