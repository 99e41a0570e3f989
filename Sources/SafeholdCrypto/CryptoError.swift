#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Failures of the crypto layer. Authentication failures are deliberately vague: they never reveal
/// which byte, key or field was wrong.
public enum CryptoError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A sealed value did not open: wrong key, wrong place, or altered bytes.
    case authenticationFailed
    /// The passphrase does not unwrap the master key.
    case wrongPassphrase
    /// The key file does not unwrap the master key.
    case wrongKeyFile
    /// The wrapped master key file is not well-formed or its checksum does not match. The detail
    /// names the field or check that failed and never contains key material.
    case damagedKeyMaterial(String)
    /// The key file cannot be used: missing, wrong size, open to other users, not a regular file.
    case invalidKeyFile(path: String, reason: String)
    /// A format version, algorithm or parameter that this version of Safehold does not support.
    case unsupported(String)

    public var description: String {
        switch self {
        case .authenticationFailed:
            return "authentication failed: the sealed value is damaged, was moved, or the key is wrong"
        case .wrongPassphrase:
            return "wrong passphrase: it does not unlock the vault's master key; try again"
        case .wrongKeyFile:
            return "wrong key file: it does not unlock the vault's master key; pass the key file that was used at init"
        case .damagedKeyMaterial(let detail):
            return "the wrapped master key file is damaged (\(detail)); restore it from a backup"
        case .invalidKeyFile(let path, let reason):
            return "invalid key file \(path): \(reason)"
        case .unsupported(let detail):
            return "unsupported: \(detail)"
        }
    }
}
