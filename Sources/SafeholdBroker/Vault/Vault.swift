#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import SafeholdSystem

/// The wrapping of a new master key.
public enum VaultProtection: Sendable {
    /// A key derived from the passphrase with Argon2id. The product uses `.moderate` limits;
    /// only tests pass `.minimalForTests`.
    case passphrase(SecretBytes, limits: Argon2Limits)
    /// A 32-byte key file, created with mode 0600 when missing, for unattended starts.
    case keyFile(path: String)
}

/// The credential that unwraps an existing master key.
public enum VaultUnlock: Sendable {
    case passphrase(SecretBytes)
    case keyFile(path: String)
}

/// An unlocked vault: the open store, the master key and the service keys. Only the service
/// process and `safehold init`/`rekey`/`check` ever hold one.
public final class OpenedVault: Sendable {
    public let layout: VaultLayout
    public let store: SQLiteVaultStore
    let masterKey: SecretBytes
    public let keys: ServiceKeys

    init(layout: VaultLayout, store: SQLiteVaultStore, masterKey: SecretBytes, keys: ServiceKeys) {
        self.layout = layout
        self.store = store
        self.masterKey = masterKey
        self.keys = keys
    }

    public func close() {
        store.close()
    }
}

/// Creating and opening vault directories. `safehold init` is the only command that creates one;
/// the service opens it and keeps it open for its lifetime.
public enum Vault {
    static let masterCheckName = "master.check"
    static let nextMasterName = "rekey.next-master"

    /// Creates a vault in `layout.directory`: the directory (0700), the wrapped master key, the
    /// database with its service keys, the first administrator and the audit public key.
    /// Refuses to touch a directory that already contains a vault.
    public static func initialize(
        layout: VaultLayout, protection: VaultProtection, administrator: User,
        random: any RandomSource = SystemRandomSource()
    ) throws(VaultError) {
        if PrivateFile.exists(layout.database) || PrivateFile.exists(layout.wrappedMasterKey) {
            throw .alreadyExists(layout.directory)
        }
        let directoryExisted = PrivateFile.exists(layout.directory)
        do {
            try PrivateFile.makePrivateDirectory(layout.directory)
        } catch {
            throw .ioFailed(path: error.path, detail: error.reason)
        }

        let masterKey = MasterKey.generate(random: random)
        let wrapped: Data
        do {
            wrapped = try wrap(masterKey, protection: protection, layout: layout, random: random)
        } catch {
            // A key file that cannot be written (its directory is missing, say) fails before any
            // vault file exists, so a directory made here is still empty and is removed again.
            if !directoryExisted {
                rmdir(layout.directory)
            }
            throw error
        }
        let keys = ServiceKeys.generate(random: random)

        let store: SQLiteVaultStore
        do {
            store = try SQLiteVaultStore.open(path: layout.database, mode: .create)
        } catch {
            throw VaultError.from(error)
        }
        defer { store.close() }

        do {
            try store.write { writer in
                try keys.store(in: writer, masterKey: masterKey, random: random)
                try writer.setMetadata(masterCheckName, masterCheck(masterKey))
                try writer.insert(administrator)
                let recorder = AuditRecorder(keys: keys)
                try recorder.record(
                    "vaultInitialized", by: Caller(user: administrator, uid: Int(getuid()), pid: Int(getpid())),
                    targets: ["user": administrator.id.rawValue], at: administrator.createdAt, in: writer
                )
            }
            try PrivateFile.create(layout.wrappedMasterKey, contents: [UInt8](wrapped))
            try PrivateFile.create(layout.auditPublicKey, contents: Array(keys.signingPublicKey.base64EncodedString().utf8) + [0x0a], mode: 0o644)
        } catch {
            // A half-made vault would be refused by the next init, so take it away again.
            for path in [layout.database, layout.database + "-wal", layout.database + "-shm", layout.wrappedMasterKey, layout.auditPublicKey] {
                unlink(path)
            }
            if let error = error as? PrivateFile.Failure { throw .ioFailed(path: error.path, detail: error.reason) }
            if let error = error as? StoreError { throw VaultError.from(error) }
            throw .ioFailed(path: layout.directory, detail: "\(error)")
        }
    }

    /// Returns how the vault's master key is wrapped, so the CLI can decide whether to prompt.
    public static func protectionMethod(layout: VaultLayout) throws(VaultError) -> MasterKey.WrapMethod {
        let bytes = try readWrappedKey(at: layout.wrappedMasterKey)
        do {
            return try MasterKey.method(ofWrappedFile: Data(bytes))
        } catch {
            throw VaultError.from(error, keyFilePath: nil, wrappedKeyPath: layout.wrappedMasterKey)
        }
    }

    /// Opens an existing vault after checking that no other user can read its directory, its
    /// wrapped master key or the key file. A wrong passphrase or key file, a damaged key file and
    /// a damaged database are distinct errors, and nothing is written on any of them. Unless
    /// `readOnly`, a successful open finishes an interrupted rekey (`finishInterruptedRekey`).
    public static func open(
        layout: VaultLayout, unlock: VaultUnlock, readOnly: Bool = false, random: any RandomSource = SystemRandomSource()
    ) throws(VaultError) -> OpenedVault {
        try checkDirectory(layout)
        let unwrapped = try unwrapMasterKey(layout: layout, unlock: unlock)

        let store: SQLiteVaultStore
        do {
            store = try SQLiteVaultStore.open(path: layout.database, mode: readOnly ? .readOnly : .existing)
        } catch {
            throw VaultError.from(error)
        }

        do {
            let (current, keys) = try store.read { reader in
                guard let current = try resolveMasterKey(unwrapped.key, reader: reader, layout: layout) else {
                    // A key from the pending file of a rekey that never committed is not the
                    // database's, so the credential is as wrong as master.key reported.
                    throw unwrapped.masterKeyFileError ?? VaultError.damagedKeyMaterial(
                        path: layout.wrappedMasterKey, detail: "it unwraps, but to a master key of another vault"
                    )
                }
                return (current, try ServiceKeys.load(from: reader, masterKey: current, databasePath: layout.database))
            }
            if !readOnly {
                try finishInterruptedRekey(unwrapped, current: current, store: store, layout: layout)
            }
            return OpenedVault(layout: layout, store: store, masterKey: current, keys: keys)
        } catch {
            store.close()
            if let error = error as? VaultError { throw error }
            if let error = error as? StoreError { throw VaultError.from(error) }
            throw .damagedDatabase(path: layout.database, detail: "\(error)")
        }
    }

    /// Checks that the directory exists, is a vault, and that neither it nor the wrapped master
    /// key can be read by another user.
    static func checkDirectory(_ layout: VaultLayout) throws(VaultError) {
        guard let directory = FilePermissions.status(of: layout.directory), directory.isDirectory else {
            throw .directoryNotFound(layout.directory)
        }
        guard directory.ownerUID == geteuid() else {
            throw .insecurePermissions(path: layout.directory, mode: "owned by uid \(directory.ownerUID)")
        }
        guard directory.groupOrOtherBits == 0 else {
            throw .insecurePermissions(path: layout.directory, mode: FilePermissions.octal(directory.mode))
        }
        guard PrivateFile.exists(layout.wrappedMasterKey), PrivateFile.exists(layout.database) else {
            throw .notAVault(layout.directory)
        }
        if let keyStatus = FilePermissions.status(of: layout.wrappedMasterKey), keyStatus.groupOrOtherBits != 0 {
            throw .insecurePermissions(path: layout.wrappedMasterKey, mode: FilePermissions.octal(keyStatus.mode))
        }
    }

    /// A value that identifies a master key without revealing it: the database records it, so a
    /// key file of another vault is distinguished from this vault's.
    static func masterCheck(_ masterKey: SecretBytes) -> Data {
        KeyedHash.hash(Data("safehold master key check v1".utf8), key: masterKey)
    }

    static func wrap(
        _ masterKey: SecretBytes, protection: VaultProtection, layout: VaultLayout, random: any RandomSource
    ) throws(VaultError) -> Data {
        do {
            switch protection {
            case let .passphrase(passphrase, limits):
                return try MasterKey.wrap(masterKey, passphrase: passphrase, limits: limits, random: random)
            case let .keyFile(path):
                let fileKey = PrivateFile.exists(path) ? try KeyFile.load(at: path) : try KeyFile.create(at: path, random: random)
                return try MasterKey.wrap(masterKey, keyFileKey: fileKey, random: random)
            }
        } catch {
            let keyFilePath: String? = if case let .keyFile(path) = protection { path } else { nil }
            throw VaultError.from(error, keyFilePath: keyFilePath, wrappedKeyPath: layout.wrappedMasterKey)
        }
    }

    static func readWrappedKey(at path: String) throws(VaultError) -> [UInt8] {
        do {
            return try PrivateFile.read(path, limit: 64 * 1024)
        } catch {
            if error.code == ENOENT { throw .notAVault(PathText.directory(of: path)) }
            throw .damagedKeyMaterial(path: path, detail: error.reason)
        }
    }
}

