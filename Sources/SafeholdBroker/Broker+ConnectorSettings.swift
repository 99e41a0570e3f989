#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// How an `exec` asset's connector settings are stored: sealed like any other record, in the
/// metadata table under `asset-settings.<asset id>`, and bound to the asset's id, so that settings
/// copied to another asset fail to open. `Vault.rekey` rewraps them with the other records.
enum ConnectorSettingsRecord {
    /// Largest settings object accepted, in bytes. Settings name a host and a few credentials.
    static let maximumSize = 64 * 1024

    static func metadataName(_ assetID: AssetID) -> String {
        "asset-settings.\(assetID.rawValue)"
    }

    static func binding(_ assetID: AssetID) -> AssociatedData {
        AssociatedData(kind: "connector-settings", recordID: assetID.rawValue, version: 1)
    }

    static func seal(_ settings: SecretBytes, assetID: AssetID, masterKey: SecretBytes, random: any RandomSource) -> Data {
        let sealed = RecordSealing.seal(settings, masterKey: masterKey, associatedData: binding(assetID), random: random)
        return SealedBlob(wrappedDataKey: sealed.wrappedDataKey, sealedValue: sealed.sealedValue).encoded()
    }

    /// Opens stored settings; a damaged or moved record throws `CryptoError.authenticationFailed`.
    static func open(_ stored: Data, assetID: AssetID, masterKey: SecretBytes) throws -> SecretBytes {
        guard let blob = SealedBlob(decoding: stored) else { throw CryptoError.authenticationFailed }
        return try RecordSealing.open(
            wrappedDataKey: blob.wrappedDataKey, sealedValue: blob.sealedValue, masterKey: masterKey, associatedData: binding(assetID)
        )
    }
}

extension Broker {
    /// Stores the connector settings of an `exec` asset, sealed, replacing any earlier ones. The
    /// connector receives them as the `settings` member of its input. `settings` must be one JSON
    /// object in UTF-8; its shape is up to the connector. The audit event records that the
    /// settings changed, never their content. Administrators only.
    public func setConnectorSettings(assetName: String, settings: SecretBytes, by caller: Caller) throws(BrokerError) {
        try requireAdministrator(caller, to: "set connector settings")
        try Self.validateConnectorSettings(settings, assetName: assetName)
        let now = clock.now()

        try write { writer in
            guard let asset = try writer.asset(named: assetName) else {
                throw BrokerError.notFound(kind: "asset", name: assetName)
            }
            guard asset.platform == .exec else {
                throw BrokerError.invalidInput(
                    "asset '\(assetName)' uses the \(asset.platform.rawValue) platform, which runs no connector",
                    hint: "connector settings apply only to exec assets"
                )
            }
            let sealed = ConnectorSettingsRecord.seal(settings, assetID: asset.id, masterKey: masterKey, random: random)
            try writer.setMetadata(ConnectorSettingsRecord.metadataName(asset.id), sealed)
            try audit.record("connectorSettingsChanged", by: caller, targets: ["asset": asset.id.rawValue], at: now, in: writer)
        }
    }

    /// Opens the connector settings of `asset`, or returns nil when none are stored.
    func connectorSettings(of asset: Asset, in reader: any StoreReader) throws -> SecretBytes? {
        guard let stored = try reader.metadata(ConnectorSettingsRecord.metadataName(asset.id)) else { return nil }
        do {
            return try ConnectorSettingsRecord.open(stored, assetID: asset.id, masterKey: masterKey)
        } catch {
            throw BrokerError.internalError(detail: "the connector settings of asset \(asset.id) fail to open")
        }
    }

    /// Checks size, UTF-8 and JSON syntax. The error names the byte offset, never the content.
    private static func validateConnectorSettings(_ settings: SecretBytes, assetName: String) throws(BrokerError) {
        guard settings.count <= ConnectorSettingsRecord.maximumSize else {
            throw .invalidInput("the connector settings for asset '\(assetName)' exceed \(ConnectorSettingsRecord.maximumSize) bytes")
        }
        let problem: String? = settings.withUnsafeBytes { bytes in
            guard SecretJSONReader.isValidUTF8(bytes) else { return "they are not valid UTF-8" }
            do throws(JSONSyntaxError) {
                try SecretJSONReader.validateObject(bytes)
                return nil
            } catch {
                return "they are not one JSON object (\(error))"
            }
        }
        if let problem {
            throw .invalidInput(
                "the connector settings for asset '\(assetName)' are invalid: \(problem)",
                hint: "pass one JSON object, such as {\"adminUser\": \"safehold\", \"adminPassword\": \"...\"}"
            )
        }
    }
}
