#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdStore

/// Failures to create, open or rekey a vault. Each names the path involved and what to do next.
/// Nothing is written when one of them is thrown.
public enum VaultError: Error, Sendable, CustomStringConvertible {
    case directoryNotFound(String)
    case alreadyExists(String)
    case insecurePermissions(path: String, mode: String)
    case notAVault(String)
    case wrongPassphrase
    case wrongKeyFile(String)
    case keyFileProblem(path: String, reason: String)
    /// The vault is protected by the other method than the one given.
    case protectionMismatch(expected: String)
    case damagedKeyMaterial(path: String, detail: String)
    case damagedDatabase(path: String, detail: String)
    case schemaTooNew(found: Int, supported: Int)
    case ioFailed(path: String, detail: String)
    case storage(StoreError)

    public var description: String {
        switch self {
        case let .directoryNotFound(path):
            "no vault at \(path)"
        case let .alreadyExists(path):
            "a vault already exists at \(path); refusing to touch it"
        case let .insecurePermissions(path, mode):
            "\(path) can be accessed by other users (mode \(mode))"
        case let .notAVault(path):
            "\(path) is not a Safehold vault: master.key or vault.db is missing"
        case .wrongPassphrase:
            "wrong passphrase for this vault"
        case let .wrongKeyFile(path):
            "the key file \(path) does not unlock this vault"
        case let .keyFileProblem(path, reason):
            "cannot use key file \(path): \(reason)"
        case let .protectionMismatch(expected):
            "this vault is unlocked with a \(expected)"
        case let .damagedKeyMaterial(path, detail):
            "the wrapped master key \(path) is damaged: \(detail)"
        case let .damagedDatabase(path, detail):
            "the vault database \(path) is damaged: \(detail)"
        case let .schemaTooNew(found, supported):
            "the vault database has schema version \(found), newer than this build supports (\(supported))"
        case let .ioFailed(path, detail):
            "failed to write \(path): \(detail)"
        case let .storage(error):
            error.description
        }
    }

    public var hint: String? {
        switch self {
        case .directoryNotFound: "create one with `safehold init`, or pass --vault DIR or set SAFEHOLD_VAULT"
        case .alreadyExists: "choose another directory with --vault, or remove the old vault yourself if you mean to"
        case let .insecurePermissions(path, _): "run `chmod go-rwx \(path)`"
        case .notAVault: "check --vault; restore the missing file from a backup"
        case .wrongPassphrase: "try again; nothing was changed"
        case .wrongKeyFile: "pass the key file that `safehold init` created for this vault"
        case .keyFileProblem: "check that the key file's directory exists and that the file is a regular 32-byte file with mode 0600 that you own"
        case .protectionMismatch(let expected): expected == "passphrase" ? "omit --key-file; you will be prompted, or use --passphrase-fd N" : "pass --key-file FILE"
        case .damagedKeyMaterial, .damagedDatabase: "restore the vault directory from a backup"
        case .schemaTooNew: "upgrade safehold to the version that wrote this vault"
        default: nil
        }
    }

    static func from(_ error: CryptoError, keyFilePath: String?, wrappedKeyPath: String) -> VaultError {
        switch error {
        case .wrongPassphrase: .wrongPassphrase
        case .wrongKeyFile: .wrongKeyFile(keyFilePath ?? "(key file)")
        case let .invalidKeyFile(path, reason): .keyFileProblem(path: path, reason: reason)
        case let .damagedKeyMaterial(detail): .damagedKeyMaterial(path: wrappedKeyPath, detail: detail)
        case .authenticationFailed: .damagedKeyMaterial(path: wrappedKeyPath, detail: "authentication failed")
        case let .unsupported(detail): .damagedKeyMaterial(path: wrappedKeyPath, detail: detail)
        }
    }

    static func from(_ error: StoreError) -> VaultError {
        switch error {
        case let .damaged(path, detail): .damagedDatabase(path: path, detail: detail)
        case let .schemaTooNew(found, supported): .schemaTooNew(found: found, supported: supported)
        default: .storage(error)
        }
    }
}
