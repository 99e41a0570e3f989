#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Checks a presented client secret against the current version of a key of a `builtin`
    /// account: how services ask Safehold whether a key is valid. With no key name, the account's
    /// only key is meant (or, with several, any of them matches).
    ///
    /// The comparison is constant-time, and an unknown account or key opens a decoy record and
    /// compares against it, so the answer takes the same time whether the account exists or not.
    /// Any enabled user may verify.
    public func verify(path: String, keyName: String?, presented: SecretBytes, by caller: Caller) throws(BrokerError) -> Bool {
        guard !caller.user.isDisabled else { throw .permissionDenied("user '\(caller.user.name)' is disabled") }
        let versions: [KeyVersion] = (try? read { reader -> [KeyVersion] in
            guard let (_, account) = try? account(path: path, in: reader) else { return [] }
            var keys = try reader.apiKeys(accountID: account.id)
            if let keyName { keys = keys.filter { $0.name == keyName } }
            return try keys.compactMap { try reader.keyVersion(keyID: $0.id, version: $0.currentVersion) }
        }) ?? []

        var matched = false
        for version in versions.isEmpty ? [verifyDecoy] : versions {
            guard let values = try? ApiKeySealing.open(version, masterKey: masterKey) else { continue }
            let equal = values.clientSecret == presented
            matched = matched || (equal && !versions.isEmpty)
        }
        return matched
    }

    static func makeVerifyDecoy(masterKey: SecretBytes, random: any RandomSource) -> KeyVersion {
        let keyID = ApiKeyID("000000000000")
        let values = ApiKeyValues(
            clientID: SecretBytes(count: 0),
            clientSecret: KeyGenerator.generate(length: 40, alphabet: Array(KeyFormat.base62Alphabet.utf8), prefix: [], random: random),
            clientSecretID: nil
        )
        let sealed = ApiKeySealing.seal(values, keyID: keyID, version: 1, masterKey: masterKey, random: random)
        return KeyVersion(
            keyID: keyID, version: 1, state: .current, wrappedDataKey: sealed.wrappedDataKey,
            sealedValue: sealed.sealedValue, createdAt: Date(timeIntervalSince1970: 0)
        )
    }
}
