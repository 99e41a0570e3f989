#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdSystem
import SafeholdTestSupport
import Testing

/// `serve --notify-command` with notifier scripts that record, fail or hang.
@Suite struct ServiceNotificationTests {
    @Test func approvalNeededReachesApprover() throws {
        let notifier = try Notifier(body: #"cat >> "$(dirname "$0")/notices.jsonl""#)
        let fixture = try ServiceFixture(serveArguments: ["--notify-command", notifier.path])
        let id = try fixture.request()

        let arrived = eventually(timeout: .seconds(10)) {
            notifier.notices().contains { $0.kind == "approvalNeeded" && $0.requestId == id }
        }
        #expect(arrived)
        let notice = notifier.notices().first { $0.kind == "approvalNeeded" }
        #expect(notice?.recipient.name == "bob")
        #expect(notice?.asset == "svc")
        #expect(notice?.account == "acct0")

        try fixture.succeed(fixture.service.run(as: "bob", ["approve", id]), "approve")
        let told = eventually(timeout: .seconds(10)) {
            notifier.notices().contains { $0.recipient.name == "alice" && $0.requestId == id }
        }
        #expect(told)
        fixture.expectLogHasNoSecrets()
    }

    @Test func failingNotifierDoesNotBlockApproval() throws {
        let notifier = try Notifier(body: "echo 'mail relay refused the message' >&2\nexit 1")
        let fixture = try ServiceFixture(serveArguments: ["--notify-command", notifier.path])
        let id = try fixture.request()

        let started = ContinuousClock.now
        let approved = try fixture.service.run(as: "bob", ["approve", id])
        #expect(approved.status == 0)
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(try fixture.details(id).state == "RequestAvailable")

        let logged = eventually(timeout: .seconds(10)) {
            fixture.service.log().contains("notification delivery failed; will retry")
        }
        #expect(logged)
        #expect(fixture.service.log().contains("exit status 1"))
        fixture.expectLogHasNoSecrets()
    }

    @Test func hangingNotifierDoesNotBlockApproval() throws {
        let notifier = try Notifier(body: #"echo $$ >> "$(dirname "$0")/pids"; exec sleep 60"#)
        let fixture = try ServiceFixture(serveArguments: ["--notify-command", notifier.path])
        let id = try fixture.request()

        let started = ContinuousClock.now
        let approved = try fixture.service.run(as: "bob", ["approve", id])
        #expect(approved.status == 0)
        #expect(ContinuousClock.now - started < .seconds(2))
        let shown = try fixture.service.run(as: "alice", ["show", id, "--field", "client-secret"])
        #expect(shown.standardOutput == fixture.clientSecrets[0] + "\n")

        // The service kills a notify command after 10 seconds and logs the attempt as failed.
        let logged = eventually(timeout: .seconds(20)) {
            fixture.service.log().contains("notification delivery failed; will retry")
        }
        #expect(logged)
        #expect(fixture.service.log().contains("timed out"))

        // A stop while the command hangs kills it, so that it does not outlive the service.
        #expect(fixture.service.terminate(timeout: .seconds(15)) == 0)
        let pids = notifier.recordedPIDs()
        #expect(!pids.isEmpty)
        let gone = eventually(timeout: .seconds(5)) {
            pids.allSatisfy { kill($0, 0) != 0 }
        }
        #expect(gone, "a notify command outlived the service")
        fixture.expectLogHasNoSecrets()
    }
}

/// A notify command: a shell script in a private directory owned by root, as the service requires.
private struct Notifier {
    let directory: TemporaryDirectory
    let path: String

    init(body: String) throws {
        directory = try TemporaryDirectory(prefix: "shn")
        path = directory.file("notify")
        try PrivateFile.create(path, contents: Array("#!/bin/sh\n\(body)\n".utf8), mode: 0o700)
    }

    struct Notice: Decodable {
        struct Recipient: Decodable {
            var name: String
        }

        var kind: String
        var recipient: Recipient
        var requestId: String?
        var asset: String
        var account: String
    }

    /// Process ids that the script recorded in `pids`, one a line.
    func recordedPIDs() -> [pid_t] {
        guard let bytes = try? PrivateFile.read(directory.file("pids")) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { pid_t($0) }
    }

    /// The notifications that the script recorded so far.
    func notices() -> [Notice] {
        guard let bytes = try? PrivateFile.read(directory.file("notices.jsonl")) else { return [] }
        return String(decoding: bytes, as: UTF8.self).split(separator: "\n").compactMap { line in
            try? JSONDecoder().decode(Notice.self, from: Data(line.utf8))
        }
    }
}
