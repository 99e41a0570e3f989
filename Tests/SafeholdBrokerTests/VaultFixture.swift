#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import SafeholdTestSupport
import Testing

/// A vault in its own temporary directory, protected by a key file or by a passphrase with
/// minimal Argon2id limits. Unlike `BrokerFixture` it keeps nothing open between steps, so tests
/// can damage, rekey and reopen the files in between.
final class VaultFixture: @unchecked Sendable {
    /// The plain values of one stored key, kept by the test to compare against what opens.
    struct StoredKey {
        var path: String
        var name: String
        var clientID: [UInt8]
        var clientSecret: [UInt8]
        var clientSecretID: [UInt8]?

        var values: ApiKeyValues {
            ApiKeyValues(
                clientID: SecretBytes(copying: clientID), clientSecret: SecretBytes(copying: clientSecret),
                clientSecretID: clientSecretID.map { SecretBytes(copying: $0) }
            )
        }
    }

    static let passphrase = "correct horse battery staple"

    let temporary: TemporaryDirectory
    let layout: VaultLayout
    /// The key file of a key-file vault; for a passphrase vault, a path where none exists.
    let keyFile: String
    let administrator: User
    let clock = ManualTimeSource(BrokerFixture.start)

    /// Creates a vault protected by a new key file, or by `passphrase` when one is given.
    init(passphrase: String? = nil) throws {
        temporary = try TemporaryDirectory(prefix: "shv")
        layout = VaultLayout(directory: temporary.file("vault"))
        keyFile = temporary.file("vault.key")
        administrator = User(id: UserID("aaaaaaaaaaaa"), name: "admin", osLogin: "root", isAdministrator: true, createdAt: clock.now())
        let protection: VaultProtection = if let passphrase {
            .passphrase(Self.secret(passphrase), limits: .minimalForTests)
        } else {
            .keyFile(path: keyFile)
        }
        try Vault.initialize(layout: layout, protection: protection, administrator: administrator)
    }

    /// The credential the vault was created with.
    var keyFileUnlock: VaultUnlock { .keyFile(path: keyFile) }

    static func passphraseUnlock(_ text: String = passphrase) -> VaultUnlock {
        .passphrase(secret(text))
    }

    /// Opens the vault (or a copy of it at `layout`), runs `body` with a broker on it, and closes
    /// it again.
    func withBroker<T>(_ unlock: VaultUnlock, layout: VaultLayout? = nil, _ body: (Broker, Caller) throws -> T) throws -> T {
        let vault = try Vault.open(layout: layout ?? self.layout, unlock: unlock)
        defer { vault.close() }
        let broker = Broker(vault: vault, clock: clock)
        return try body(broker, Caller(user: administrator, uid: 0, pid: 1))
    }

    /// Adds two accounts with keys whose values are all distinct, and returns what was stored.
    func addKeys(_ unlock: VaultUnlock) throws -> [StoredKey] {
        let keys = [
            StoredKey(path: "stripe/billing", name: "api", clientID: Array("ci-stripe-api".utf8), clientSecret: Array("cs-stripe-api".utf8), clientSecretID: Array("id-stripe-api".utf8)),
            StoredKey(path: "stripe/billing", name: "webhook", clientID: Array("ci-stripe-webhook".utf8), clientSecret: Array("cs-stripe-webhook".utf8), clientSecretID: nil),
            StoredKey(path: "github/ci", name: "api", clientID: Array("ci-github-api".utf8), clientSecret: [0xff, 0x00, 0x80, 0x41], clientSecretID: []),
        ]
        try withBroker(unlock) { broker, admin in
            for asset in Set(keys.map { $0.path.split(separator: "/")[0] }) {
                _ = try broker.addAsset(name: String(asset), platform: .builtin, connectorPath: nil, by: admin)
            }
            for path in Set(keys.map(\.path)) {
                _ = try broker.addAccount(path: path, by: admin)
            }
            for key in keys {
                _ = try broker.addApiKey(path: key.path, name: key.name, values: key.values, by: admin)
            }
        }
        return keys
    }

    /// Opens the vault (or a copy of it at `layout`) with `unlock` and checks that the current
    /// version of every key in `keys` opens to the stored values.
    func expectKeysOpen(
        _ keys: [StoredKey], with unlock: VaultUnlock, layout: VaultLayout? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try withBroker(unlock, layout: layout) { broker, admin in
            let stored = try broker.apiKeys(path: nil, by: admin)
            #expect(stored.count == keys.count, sourceLocation: sourceLocation)
            for key in keys {
                guard let found = stored.first(where: { $0.path == key.path && $0.key.name == key.name })?.key else {
                    Issue.record("key \(key.path) \(key.name) is missing", sourceLocation: sourceLocation)
                    continue
                }
                let version = try broker.read { reader in try reader.keyVersion(keyID: found.id, version: found.currentVersion) }
                let values = try ApiKeySealing.open(try #require(version, sourceLocation: sourceLocation), masterKey: broker.masterKey)
                #expect(Self.bytes(values.clientID) == key.clientID, "client ID of \(key.path) \(key.name)", sourceLocation: sourceLocation)
                #expect(Self.bytes(values.clientSecret) == key.clientSecret, "client secret of \(key.path) \(key.name)", sourceLocation: sourceLocation)
                #expect(values.clientSecretID.map(Self.bytes) == key.clientSecretID, "client secret ID of \(key.path) \(key.name)", sourceLocation: sourceLocation)
            }
        }
    }

    static func secret(_ text: String) -> SecretBytes {
        SecretBytes(copying: Array(text.utf8))
    }

    static func bytes(_ secret: SecretBytes) -> [UInt8] {
        secret.withUnsafeBytes { Array($0) }
    }
}
