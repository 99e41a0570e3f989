#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdProtocol
import SafeholdSystem
import SafeholdTestSupport
import Testing

/// Callers that the service must turn away with "permission denied" and an audit event.
@Suite struct ServiceRefusalTests {
    @Test func revokedTokenIsRefused() throws {
        let fixture = try ServiceFixture()
        let service = fixture.service
        let tokens = try fixture.succeed(service.admin(["token", "list", "alice", "--json"]), "token list")
        let ids = try JSONDecoder().decode([TokenLine].self, from: Data(tokens.utf8)).map(\.id)
        #expect(ids.count == 1)
        for id in ids {
            try fixture.succeed(service.admin(["token", "revoke", id]), "token revoke")
        }

        let refused = try service.run(as: "alice", ["whoami"])
        #expect(refused.status == 77)
        #expect(refused.standardError.contains("permission denied"))
        #expect(refused.standardOutput.isEmpty)

        let failures = try fixture.auditEvents("authenticationFailed")
        #expect(failures.count == 1)
        #expect(failures.first?.actorUID == Int(getuid()))
        #expect((failures.first?.actorPID ?? 0) > 0)
        #expect(failures.first?.actorPID != Int(service.pid))
        #expect(failures.first?.actorID == nil)
        #expect(try service.run(as: "bob", ["whoami"]).status == 0)
        #expect(try service.run(as: "erin", ["audit", "verify"]).status == 0)
        fixture.expectLogHasNoSecrets()
    }

    @Test func unknownTokenIsRefused() throws {
        let fixture = try ServiceFixture()
        let service = fixture.service
        let forged = "sht_" + String(repeating: "A", count: 40)
        fixture.remember(forged)
        try PrivateFile.create(service.tokenFile("mallory"), contents: Array((forged + "\n").utf8), mode: 0o600)

        let refused = try service.run(as: "mallory", ["requests"])
        #expect(refused.status == 77)
        #expect(refused.standardError.contains("permission denied"))

        let failures = try fixture.auditEvents("authenticationFailed")
        #expect(failures.count == 1)
        #expect(failures.first?.actorUID == Int(getuid()))
        fixture.expectLogHasNoSecrets()
    }

    @Test func disabledUserIsRefused() throws {
        let fixture = try ServiceFixture()
        let service = fixture.service
        let id = try fixture.request()
        try fixture.succeed(service.admin(["user", "disable", "bob"]), "user disable")

        let refused = try service.run(as: "bob", ["approve", id])
        #expect(refused.status == 77)
        #expect(refused.standardError.contains("permission denied"))
        #expect(try fixture.details(id).state == "PendingApproval")

        let failures = try fixture.auditEvents("authenticationFailed")
        #expect(failures.count == 1)
        #expect(failures.first?.actorUID == Int(getuid()))
        #expect((failures.first?.actorPID ?? 0) > 0)

        try fixture.succeed(service.admin(["user", "enable", "bob"]), "user enable")
        #expect(try service.run(as: "bob", ["approve", id]).status == 0)
        fixture.expectLogHasNoSecrets()
    }

    /// The test runs as root, so a forked child becomes `nobody`, which has no Safehold user. The
    /// socket lives in a directory that others may enter, and the test opens the socket's mode to
    /// everyone; the service itself keeps its defaults.
    @Test(.enabled(if: getuid() == 0, "switching to another user needs root"))
    func unknownLoginIsRefused() throws {
        let nobody = try #require(getpwnam("nobody")?.pointee)
        let publicDirectory = try TemporaryDirectory(prefix: "shp")
        #expect(chmod(publicDirectory.path, 0o711) == 0)
        let fixture = try ServiceFixture(socket: publicDirectory.file("s.sock"))
        #expect(chmod(fixture.service.socket, 0o666) == 0)

        let outcome = try ServiceForeignCaller(socketPath: fixture.service.socket, uid: nobody.pw_uid, gid: nobody.pw_gid).callMe()
        #expect(outcome.exitStatus == ServiceForeignCaller.ChildStatus.sent.rawValue)
        let response = try #require(try outcome.response())
        guard case let .failure(error) = response.outcome else {
            Issue.record("the service answered an unknown OS login with success")
            return
        }
        #expect(error.code == .permissionDenied)
        #expect(error.message == "permission denied")

        let failures = try fixture.auditEvents("authenticationFailed")
        #expect(failures.count == 1)
        #expect(failures.first?.actorUID == Int(nobody.pw_uid))
        #expect(failures.first?.actorPID == Int(outcome.pid))
        #expect(try fixture.service.admin(["whoami"]).status == 0)
        fixture.expectLogHasNoSecrets()
    }
}

/// The field of `token list --json` that the tests need.
private struct TokenLine: Decodable {
    var id: String
}
