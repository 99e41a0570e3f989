#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

public struct AuditPublicKeyResult: Codable, Sendable, Hashable {
    /// The Ed25519 public key that verifies checkpoint signatures, base64.
    public var publicKey: String
    public init(publicKey: String) { self.publicKey = publicKey }
}
