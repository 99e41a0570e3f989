#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import Testing

/// The example connector examples/connectors/redis-acl against a real redis-server.
@Suite struct RedisConnectorTests {
    static let initialPassword = "initial-pw-8Hd3kQ"
    static let candidate = "candidate-pw-Zr41pX"

    /// A Redis server with the ACL user `app`, and the example connector installed beside it.
    final class Fixture {
        let directory: ConnectorTestDirectory
        let server: RedisTestServer
        let connector: ConnectorRunner

        init() throws {
            directory = try ConnectorTestDirectory()
            server = try RedisTestServer(in: directory, users: [("app", RedisConnectorTests.initialPassword)])
            let path = try directory.installExample("connectors/redis-acl")
            connector = ConnectorRunner(path: path, timeout: .seconds(30))
        }

        func settings(adminPassword: String = RedisTestServer.adminPassword) -> String {
            #"{"socket": "\#(server.socket)", "adminUser": "\#(RedisTestServer.adminUser)", "adminPassword": "\#(adminPassword)"}"#
        }

        func run(
            _ action: ConnectorRequest.Action, account: String = "app", current: String = RedisConnectorTests.initialPassword,
            new: String? = RedisConnectorTests.candidate, adminPassword: String = RedisTestServer.adminPassword
        ) throws -> ConnectorOutcome {
            let request = connectorRequest(action, account: account, current: current, new: new, settings: settings(adminPassword: adminPassword))
            return try connector.run(request)
        }
    }

    @Test func changeReplacesPassword() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }

        let outcome = try fixture.run(.change)

        #expect(summary(outcome) == "applied")
        #expect(fixture.server.accepts(user: "app", password: Self.candidate))
        #expect(!fixture.server.accepts(user: "app", password: Self.initialPassword))
    }

    @Test func checkReportsWhichPasswordWorks() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }

        #expect(summary(try fixture.run(.check)) == "accepted current")
        #expect(summary(try fixture.run(.change)) == "applied")
        #expect(summary(try fixture.run(.check)) == "accepted new")
        #expect(summary(try fixture.run(.check, current: "wrong-pw-1", new: "wrong-pw-2")).hasPrefix("failed: exit status 1"))
    }

    @Test func unknownUserIsAccountMissing() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }

        let change = try fixture.run(.change, account: "ghost")
        let check = try fixture.run(.check, account: "ghost")

        #expect(summary(change) == "accountMissing: redis-acl: ACL user ghost does not exist")
        #expect(summary(check) == "accountMissing: redis-acl: ACL user ghost does not exist")
        #expect(fixture.server.send("AUTH \(RedisTestServer.adminUser) \(RedisTestServer.adminPassword)\nACL USERS\n").contains("ghost") == false)
    }

    @Test func wrongAdminPasswordFailsWithoutSecrets() throws {
        let fixture = try Fixture()
        defer { fixture.server.stop() }

        let outcome = try fixture.run(.change, adminPassword: "wrong-admin-pw-55")

        guard case .failed(let text) = outcome else {
            Issue.record("expected a failure, got \(summary(outcome))")
            return
        }
        #expect(text.hasPrefix("exit status 1: redis-acl: authentication as the admin user failed: WRONGPASS"))
        for value in ["wrong-admin-pw-55", Self.candidate, Self.initialPassword, RedisTestServer.adminPassword] {
            #expect(!text.contains(value))
        }
        #expect(fixture.server.accepts(user: "app", password: Self.initialPassword))
    }

    @Test func unreachableServerFails() throws {
        let fixture = try Fixture()
        fixture.server.stop()

        let outcome = try fixture.run(.change)

        #expect(summary(outcome).hasPrefix("failed: exit status 1: redis-acl: redis-cli failed: Could not connect to Redis at [redacted]"))
    }
}
