#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel

/// Opening a vault whose master key is wrapped with a passphrase: Argon2id with the product's
/// moderate limits (256 MiB), then the same steps as a key-file open.
struct UnlockBench {
    let options: BenchOptions

    func run() throws -> [Figure] {
        let directory = try BenchSupport.makeTemporaryDirectory("unlock")
        defer { BenchSupport.removeTree(directory) }
        let layout = VaultLayout(directory: directory + "/vault")
        let passphrase = Array("correct horse battery staple".utf8)
        let administrator = User(id: UserID("a00000000000"), name: "admin", isAdministrator: true, createdAt: Date())
        try Vault.initialize(
            layout: layout, protection: .passphrase(SecretBytes(copying: passphrase), limits: .moderate), administrator: administrator
        )

        var times: [Double] = []
        for _ in 0..<(options.isQuick ? 1 : options.runs) {
            var opened: OpenedVault?
            let seconds = try BenchSupport.seconds {
                opened = try Vault.open(layout: layout, unlock: .passphrase(SecretBytes(copying: passphrase)))
            }
            opened?.close()
            times.append(seconds * 1000)
        }
        return [Figure("vault open with passphrase (Argon2id, moderate limits)", unit: "ms", samples: times)]
    }
}
