#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Testing

/// No event and no export contains a secret, in any encoding a reader could undo.
@Suite struct AuditSecretScanTests {
    /// Runs every operation that touches a secret and returns the fixture and every secret value
    /// it used or created: key fields, a token, imported keys, and the keys rotation made.
    private func flowWithSecrets() throws -> (BrokerFixture, [String]) {
        let fixture = try BrokerFixture()
        let admin = fixture.admin
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        var secrets = [
            "sk_live_scan_client_secret_51HxQ", "cid_scan_client_identifier_7Tq2", "csid_scan_client_secret_id_9Vw4",
            "xoxb-scan-imported-secret-3Rk8", "xoxb-scan-imported-client-id-5Mn1", "sk_live_scan_updated_secret_6Yp0",
        ]

        _ = try fixture.broker.addAsset(name: "stripe", by: admin)
        _ = try fixture.broker.addAccount(path: "stripe/billing", by: admin)
        _ = try fixture.broker.addApiKey(
            path: "stripe/billing", name: "api",
            values: BrokerFixture.values(secrets[0], clientID: secrets[1], secretID: secrets[2]), by: admin
        )
        let csv = "asset,account,key,client_id,client_secret\nslack,bot,token,\(secrets[4]),\(secrets[3])\n"
        _ = try fixture.broker.importApiKeys(content: BrokerFixture.secret(csv), format: .csv, update: false, by: admin)
        let update = "asset,account,key,client_id,client_secret\nslack,bot,token,\(secrets[4]),\(secrets[5])\n"
        _ = try fixture.broker.importApiKeys(content: BrokerFixture.secret(update), format: .csv, update: true, by: admin)
        let (_, token) = try fixture.broker.createToken(for: "alice", by: admin)
        secrets.append(BrokerFixture.text(token))

        try fixture.policy(scope: ["stripe"], requesters: [alice], approverSets: [([bob], 1)])
        let id = try fixture.broker.submitRequest(RequestInput(accountPath: "stripe/billing"), by: alice).request.id.rawValue
        _ = try fixture.broker.act(.approve, on: id, by: bob)
        let shown = try fixture.broker.checkOut(id, by: alice)
        #expect(BrokerFixture.text(shown.keys[0].values.clientSecret) == secrets[0])
        _ = try fixture.broker.act(.checkIn, on: id, by: alice)
        _ = try fixture.broker.rotate(path: "slack/bot", keyName: nil, by: admin)
        #expect(throws: BrokerError.self) { try fixture.broker.checkOut(id, by: alice) }

        secrets += try currentSecrets(fixture)
        return (fixture, secrets)
    }

    /// Returns the client secrets that rotation generated, read from the sealed current versions.
    private func currentSecrets(_ fixture: BrokerFixture) throws -> [String] {
        let versions = try fixture.broker.read { reader in
            try reader.apiKeys(accountID: nil).compactMap { try reader.keyVersion(keyID: $0.id, version: $0.currentVersion) }
        }
        let secrets = try versions.map { BrokerFixture.text(try ApiKeySealing.open($0, masterKey: fixture.vault.masterKey).clientSecret) }
        #expect(secrets.count == 2)
        return secrets
    }

    @Test func eventsTableHoldsNoSecret() throws {
        let (fixture, secrets) = try flowWithSecrets()
        let database = try RawVaultDatabase(fixture)
        let stored = try database.bytes(ofTable: "audit_events", columns: RawVaultDatabase.auditEventColumns)
            + database.bytes(ofTable: "audit_checkpoints", columns: RawVaultDatabase.auditCheckpointColumns)
        #expect(stored.count > 1000)

        for secret in secrets {
            #expect(AuditTestSupport.leaks(of: secret, in: stored) == [], "the audit tables hold \(secret.prefix(8))…")
        }
    }

    @Test func exportHoldsNoSecret() throws {
        let (fixture, secrets) = try flowWithSecrets()
        let file = try AuditTestSupport.exportFile(fixture)
        #expect(try AuditExportFile.verify(file, publicKey: fixture.broker.auditPublicKey).isValid)

        for secret in secrets {
            #expect(AuditTestSupport.leaks(of: secret, in: file) == [], "the export holds \(secret.prefix(8))…")
        }
    }

    @Test func scanFindsPlantedSecret() throws {
        // The scan itself must be able to fail: each encoding of a planted secret is found.
        let secret = "sk_live_planted_secret_value_0042"
        for (form, bytes) in AuditTestSupport.encodings(of: Array(secret.utf8)) {
            let haystack = Array("{\"comment\":\"x".utf8) + bytes + Array("y\"}".utf8)
            #expect(AuditTestSupport.leaks(of: secret, in: haystack).contains(form), "\(form) was not found")
        }
        let embedded = Array(Data(Array("ab".utf8) + Array(secret.utf8) + Array("cd".utf8)).base64EncodedString().utf8)
        #expect(!AuditTestSupport.leaks(of: secret, in: embedded).isEmpty)
    }
}
