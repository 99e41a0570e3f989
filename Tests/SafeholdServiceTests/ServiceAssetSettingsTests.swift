#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdTestSupport
import Testing

@Suite struct ServiceAssetSettingsTests {
    /// The repository's `examples/connectors/redis-acl`, found from the built binary's path.
    private var connector: String {
        let binary = BuiltBinary.path
        let parts = binary.split(separator: "/.build/", maxSplits: 1, omittingEmptySubsequences: false)
        let root = parts.count == 2 ? String(parts[0]) : "."
        return root + "/examples/connectors/redis-acl"
    }

    @Test func settingsAreStoredSealedAndAudited() throws {
        let service = try ServiceProcess()
        let added = try service.admin(["asset", "add", "cache", "--platform", "exec", "--connector", connector])
        #expect(added.status == 0, "\(added.standardError)")

        let settings = #"{"socket": "/tmp/redis.sock", "adminUser": "admin", "adminPassword": "settings-marker-7f3a"}"#
        let stored = try service.admin(["asset", "settings", "cache"], input: settings)
        #expect(stored.status == 0, "\(stored.standardError)")
        #expect(stored.standardOutput.contains("sealed"))

        let events = try service.admin(["audit", "--action", "connectorSettingsChanged", "--json"])
        #expect(events.standardOutput.contains("connectorSettingsChanged"))
        #expect(!events.standardOutput.contains("settings-marker-7f3a"))
        let database = try Data(contentsOf: URL(fileURLWithPath: service.vault + "/vault.db"))
        #expect(!String(decoding: database, as: UTF8.self).contains("settings-marker-7f3a"))
    }

    @Test func settingsThatAreNotAnObjectAreRejected() throws {
        let service = try ServiceProcess()
        _ = try service.admin(["asset", "add", "cache", "--platform", "exec", "--connector", connector])
        let stored = try service.admin(["asset", "settings", "cache"], input: "not json")
        #expect(stored.status == 65)
        #expect(!stored.standardError.contains("not json"))
    }

    @Test func requesterCannotSetSettings() throws {
        let service = try ServiceProcess()
        _ = try service.admin(["asset", "add", "cache", "--platform", "exec", "--connector", connector])
        try service.addUser("alice")
        let stored = try service.run(as: "alice", ["asset", "settings", "cache"], input: "{}")
        #expect(stored.status == 77)
    }
}
