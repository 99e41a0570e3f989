#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Method that wraps the master key: a key derived from a passphrase, or a key file.
public enum WrapMethod: String, Sendable, Hashable, Codable, CaseIterable {
    case passphrase = "passphrase"
    case keyFile = "key-file"
}

extension MasterKey {
    /// `MasterKey.WrapMethod` is the same type as `WrapMethod`.
    public typealias WrapMethod = SafeholdCrypto.WrapMethod
}
