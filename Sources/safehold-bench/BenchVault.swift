#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel

/// A real vault in a temporary directory, unlocked with a key file, with a broker on the system
/// clock. The first administrator's OS login is the current user's, so that socket calls from
/// this process are made as the administrator.
final class BenchVault {
    let directory: String
    let layout: VaultLayout
    let keyFile: String
    let vault: OpenedVault
    let broker: Broker
    let admin: Caller

    init(label: String) throws {
        directory = try BenchSupport.makeTemporaryDirectory(label)
        layout = VaultLayout(directory: directory + "/vault")
        keyFile = directory + "/vault.key"
        let administrator = User(
            id: UserID("a00000000000"), name: "admin", osLogin: BenchSupport.loginName(), isAdministrator: true, createdAt: Date()
        )
        try Vault.initialize(layout: layout, protection: .keyFile(path: keyFile), administrator: administrator)
        vault = try Vault.open(layout: layout, unlock: .keyFile(path: keyFile))
        broker = Broker(vault: vault)
        admin = Caller(user: administrator, uid: Int(getuid()), pid: Int(getpid()))
    }

    /// Closes the vault and removes the directory.
    func remove() {
        vault.close()
        BenchSupport.removeTree(directory)
    }

    /// Adds a user and returns it as a caller.
    func addUser(_ name: String) throws -> Caller {
        Caller(user: try broker.addUser(name: name, by: admin), uid: Int(getuid()), pid: Int(getpid()))
    }

    /// Adds `asset/account` (and the builtin asset when missing) with one key named `api`.
    func addAccount(asset: String, account: String) throws {
        if try broker.assets(by: admin).first(where: { $0.name == asset }) == nil {
            _ = try broker.addAsset(name: asset, by: admin)
        }
        _ = try broker.addAccount(path: "\(asset)/\(account)", by: admin)
        let values = ApiKeyValues(
            clientID: SecretBytes(copying: Array("client-\(account)".utf8)),
            clientSecret: SecretBytes(copying: Array("initial-secret-of-\(account)".utf8)),
            clientSecretID: nil
        )
        _ = try broker.addApiKey(path: "\(asset)/\(account)", name: "api", values: values, by: admin)
    }
}
