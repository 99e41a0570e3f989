#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// The values of one API key as sent to a connector: the client ID, the client secret and the
/// optional client secret ID. All three are credentials in practice, so all three are secret.


struct ConnectorCredentials {
    var clientId: SecretBytes
    var clientSecret: SecretBytes
    var clientSecretId: SecretBytes?

    init(clientId: SecretBytes, clientSecret: SecretBytes, clientSecretId: SecretBytes? = nil) {
        self.clientId = clientId
        self.clientSecret = clientSecret
        self.clientSecretId = clientSecretId
    }

    /// The values in order, for redaction.
    var values: [SecretBytes] {
        [clientId, clientSecret] + (clientSecretId.map { [$0] } ?? [])
    }
}

/// Key values that a platform generated itself and a connector printed on standard output after a
/// successful `change`.
typealias MintedKey = ConnectorCredentials

/// One run of a connector: what it is asked to do, on which key, with which values. The runner
/// sends it as one JSON object on the program's standard input (format version 1).
struct ConnectorRequest {
    enum Action: String, Sendable {
        /// Make the target accept `new` in place of `current`.
        case change
        /// Report which of `new` and `current` the target accepts, after a crash or a lost result.
        case check
    }

    var action: Action
    var asset: String
    var account: String
    /// Name of the API key on the account.
    var key: String
    var current: ConnectorCredentials
    /// The candidate to apply or look for; nil for platforms that mint their own keys.
    var new: ConnectorCredentials?
    /// The asset's connector settings: the UTF-8 text of one JSON object, passed through as given.
    var settings: SecretBytes?

    init(
        action: Action, asset: String, account: String, key: String,
        current: ConnectorCredentials, new: ConnectorCredentials?, settings: SecretBytes?
    ) {
        self.action = action
        self.asset = asset
        self.account = account
        self.key = key
        self.current = current
        self.new = new
        self.settings = settings
    }
}
