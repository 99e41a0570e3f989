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

/// The whole rotation through the broker against a real redis-server, with the example connector
/// examples/connectors/redis-acl and sealed connector settings.
@Suite struct RotationRedisTests {
    static let initial = "initial-pw-Rb62nYq"

    @Test func checkInRotatesRedisPassword() throws {
        let directory = try ConnectorTestDirectory()
        let server = try RedisTestServer(in: directory, users: [("app", Self.initial)])
        defer { server.stop() }
        let connector = try directory.installExample("connectors/redis-acl")
        let fixture = try RotationFixture(target: ExecKeyChangeTarget(timeout: .seconds(30)))
        try fixture.execAccount("cache/app", secret: Self.initial, connector: connector)
        try fixture.broker.setConnectorSettings(assetName: "cache", settings: redisSettings(server), by: fixture.admin)
        let (alice, bob) = try fixture.people(scope: ["cache"])

        let (id, shown) = try fixture.checkOut("cache/app", requester: alice, approver: bob)
        #expect(shown == Self.initial)
        #expect(server.accepts(user: "app", password: shown))

        let checkedIn = try fixture.broker.act(.checkIn, on: id, by: alice)
        #expect(checkedIn.request.state == .complete)
        #expect(!server.accepts(user: "app", password: shown))
        let current = try fixture.currentSecret("cache/app")
        #expect(server.accepts(user: "app", password: current))
        try fixture.expectSettled("cache/app", targetAccepts: current)

        let (_, shownAgain) = try fixture.checkOut("cache/app", requester: alice, approver: bob)
        #expect(shownAgain == current)
        #expect(server.accepts(user: "app", password: shownAgain))

        let texts = [fixture.log.text, try fixture.auditText()]
        for secret in [Self.initial, current, RedisTestServer.adminPassword] {
            for text in texts {
                #expect(!text.contains(secret))
            }
        }
    }

    /// Without settings the connector cannot reach the server: the rotation fails with the
    /// connector's own message and the password stays.
    @Test func missingSettingsFailRotation() throws {
        let directory = try ConnectorTestDirectory()
        let server = try RedisTestServer(in: directory, users: [("app", Self.initial)])
        defer { server.stop() }
        let connector = try directory.installExample("connectors/redis-acl")
        let fixture = try RotationFixture(
            target: ExecKeyChangeTarget(timeout: .seconds(30)), options: BrokerOptions(rotationRetryLimit: 1, rotationRetryDelay: 30)
        )
        try fixture.execAccount("cache/app", secret: Self.initial, connector: connector)

        let reports = try fixture.broker.rotate(path: "cache/app", keyName: nil, by: fixture.admin)

        #expect(reports.map(\.status) == [.failed])
        #expect(try fixture.key("cache/app").rotationError?.contains("settings must be a JSON object") == true)
        #expect(server.accepts(user: "app", password: Self.initial))
    }
}

/// Storing connector settings: who may, what is accepted, and that they stay sealed.
@Suite struct RotationSettingsTests {
    static let password = "settings-pw-Lm38xVc"
    static let settings = #"{"adminUser": "safehold", "adminPassword": "settings-pw-Lm38xVc", "port": 6379}"#

    @Test func settingsAreSealedAndAudited() throws {
        let fixture = try RotationFixture(target: nil)
        try fixture.execAccount("cache/app", secret: "initial-pw")

        try fixture.broker.setConnectorSettings(assetName: "cache", settings: BrokerFixture.secret(Self.settings), by: fixture.admin)

        let asset = try #require(try fixture.broker.assets(by: fixture.admin).first { $0.name == "cache" })
        let stored = try #require(try fixture.broker.read { reader in try reader.metadata("asset-settings.\(asset.id.rawValue)") })
        #expect(String(decoding: stored, as: UTF8.self).contains(Self.password) == false)
        let opened = try fixture.broker.read { reader in try fixture.broker.connectorSettings(of: asset, in: reader) }
        #expect(opened.map(BrokerFixture.text) == Self.settings)
        let events = try fixture.auditEvents("connectorSettingsChanged")
        #expect(events.map { $0.targets["asset"] } == [asset.id.rawValue])
        #expect(try !fixture.auditText().contains(Self.password))
    }

    @Test func settingsCopiedToAnotherAssetFailToOpen() throws {
        let fixture = try RotationFixture(target: nil)
        try fixture.execAccount("cache/app", secret: "initial-pw")
        try fixture.execAccount("queue/app", secret: "initial-pw")
        try fixture.broker.setConnectorSettings(assetName: "cache", settings: BrokerFixture.secret(Self.settings), by: fixture.admin)
        let assets = try fixture.broker.assets(by: fixture.admin)
        let cache = try #require(assets.first { $0.name == "cache" })
        let queue = try #require(assets.first { $0.name == "queue" })

        try fixture.broker.write { writer in
            try writer.setMetadata("asset-settings.\(queue.id.rawValue)", try writer.metadata("asset-settings.\(cache.id.rawValue)"))
        }

        #expect(throws: BrokerError.self) {
            _ = try fixture.broker.read { reader in try fixture.broker.connectorSettings(of: queue, in: reader) }
        }
    }

    @Test func settingsRejectInvalidInput() throws {
        let fixture = try RotationFixture(target: nil)
        try fixture.execAccount("cache/app", secret: "initial-pw")
        try fixture.base.account("local/app")
        let alice = try fixture.base.user("alice")
        let secret = BrokerFixture.secret(Self.settings)

        let cases: [(String, SecretBytes, Caller, BrokerError.Kind)] = [
            ("cache", BrokerFixture.secret(#"{"adminPassword": "settings-pw-Lm38xVc""#), fixture.admin, .invalidInput),
            ("cache", BrokerFixture.secret(#"["settings-pw-Lm38xVc"]"#), fixture.admin, .invalidInput),
            ("cache", SecretBytes(copying: [0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d]), fixture.admin, .invalidInput),
            ("cache", BrokerFixture.secret("{\"a\": \"" + String(repeating: "x", count: 70_000) + "\"}"), fixture.admin, .invalidInput),
            ("local", secret, fixture.admin, .invalidInput),
            ("nowhere", secret, fixture.admin, .notFound),
            ("cache", secret, alice, .permissionDenied),
        ]
        for (asset, settings, caller, kind) in cases {
            do throws(BrokerError) {
                try fixture.broker.setConnectorSettings(assetName: asset, settings: settings, by: caller)
                Issue.record("settings for \(asset) were accepted")
            } catch {
                #expect(error.kind == kind, "\(asset): \(error)")
                #expect(!error.description.contains(Self.password))
            }
        }
        #expect(try fixture.auditEvents("connectorSettingsChanged").isEmpty)
    }

    @Test func rekeyRewrapsSettings() throws {
        let fixture = try RotationFixture(target: nil)
        try fixture.execAccount("cache/app", secret: "initial-pw")
        try fixture.broker.setConnectorSettings(assetName: "cache", settings: BrokerFixture.secret(Self.settings), by: fixture.admin)
        let asset = try #require(try fixture.broker.assets(by: fixture.admin).first { $0.name == "cache" })
        let before = try fixture.broker.read { reader in try reader.metadata("asset-settings.\(asset.id.rawValue)") }
        fixture.vault.close()

        try Vault.rekey(
            layout: fixture.base.layout, unlock: .keyFile(path: fixture.base.keyFile), newProtection: nil, rollMasterKey: true,
            caller: fixture.admin.user, random: fixture.base.random, clock: fixture.clock
        )
        try fixture.restart()

        let after = try fixture.broker.read { reader in try reader.metadata("asset-settings.\(asset.id.rawValue)") }
        #expect(after != before)
        let opened = try fixture.broker.read { reader in try fixture.broker.connectorSettings(of: asset, in: reader) }
        #expect(opened.map(BrokerFixture.text) == Self.settings)
    }

    @Test func deletedAssetLosesSettings() throws {
        let fixture = try RotationFixture(target: nil)
        _ = try fixture.broker.addAsset(name: "cache", platform: .exec, connectorPath: "/bin/true", by: fixture.admin)
        try fixture.broker.setConnectorSettings(assetName: "cache", settings: BrokerFixture.secret(Self.settings), by: fixture.admin)
        let asset = try #require(try fixture.broker.assets(by: fixture.admin).first { $0.name == "cache" })

        try fixture.broker.deleteAsset(name: "cache", by: fixture.admin)

        #expect(try fixture.broker.read { reader in try reader.metadata("asset-settings.\(asset.id.rawValue)") } == nil)
    }
}
