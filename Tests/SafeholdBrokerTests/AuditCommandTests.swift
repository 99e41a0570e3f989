#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdModel
import SafeholdSystem
import SafeholdTestSupport
import Testing

/// The audit commands as users run them: the real `safehold` binary against a real service.
@Suite struct AuditCommandTests {
    private static let secret = "sk_live_cli_audit_secret_8Fq3Zr"

    /// Starts a service with alice (requester), bob (approver) and erin (auditor), and one request
    /// of alice's that was approved and checked out. Returns the service and the request id.
    private func serviceWithFlow(serveArguments: [String] = []) throws -> (ServiceProcess, String) {
        let service = try ServiceProcess(extraServeArguments: serveArguments)
        try service.addUser("alice")
        try service.addUser("bob")
        try service.addUser("erin", flags: ["--auditor"])
        let keys = service.directory.file("keys.csv")
        try PrivateFile.create(keys, contents: Array("asset,account,key,client_id,client_secret\nstripe,billing,api,cid-cli-audit-7Hs2,\(Self.secret)\n".utf8))
        try expectSuccess(service.admin(["apikey", "import", keys]))
        try expectSuccess(service.admin(["policy", "add", "payments", "--scope", "stripe", "--requesters", "alice", "--approvers", "bob", "--approvals", "1"]))

        try expectSuccess(service.run(as: "alice", ["request", "stripe/billing", "--reason", "audit command test"]))
        let id = try requestID(service)
        try expectSuccess(service.run(as: "bob", ["approve", id]))
        let shown = try service.run(as: "alice", ["show", id, "--field", "client-secret"])
        #expect(shown.standardOutput.contains(Self.secret))
        return (service, id)
    }

    @Test func listAsJSONLines() throws {
        let (service, id) = try serviceWithFlow()
        let listed = try service.run(as: "erin", ["audit", "--json"])
        try expectSuccess(listed)

        let events = try decodeLines(listed.standardOutput)
        #expect(events.map(\.sequence) == Array(1...Int64(events.count)))
        let ofRequest = events.filter { $0.targets["request"] == id }.map(\.action)
        #expect(ofRequest.contains("checkedOut"))
        #expect(ofRequest.contains("keysRevealed"))
        #expect(!listed.standardOutput.contains(Self.secret))

        let filtered = try decodeLines(try service.run(as: "erin", ["audit", "--json", "--request", id, "--action", "approved"]).standardOutput)
        #expect(filtered.map(\.action) == ["approved"])
        #expect(filtered.first?.targets["request"] == id)
    }

    @Test func requesterSeesOwnEvents() throws {
        let (service, id) = try serviceWithFlow()
        let listed = try service.run(as: "alice", ["audit", "--json"])
        try expectSuccess(listed)

        let events = try decodeLines(listed.standardOutput)
        #expect(!events.isEmpty)
        #expect(events.allSatisfy { $0.targets["request"] == id })
        let table = try service.run(as: "alice", ["audit"])
        #expect(table.standardOutput.contains("checkedOut"))
        #expect(!table.standardOutput.contains("userAdded"))
    }

    @Test func liveVerifyAndOfflineExport() throws {
        let (service, _) = try serviceWithFlow()
        let live = try service.run(as: "erin", ["audit", "verify"])
        try expectSuccess(live)
        #expect(live.standardOutput.hasPrefix("audit trail verified: "))

        let file = service.directory.file("trail.jsonl")
        let exported = try service.run(as: "erin", ["audit", "export", file])
        try expectSuccess(exported)
        #expect(exported.standardOutput.contains("to \(file)"))
        #expect(FilePermissions.status(of: file)?.mode == 0o600)
        #expect(!String(decoding: try PrivateFile.read(file, limit: 16 << 20), as: UTF8.self).contains(Self.secret))

        // Only the export and the public key remain: no service, no vault.
        let publicKey = service.directory.file("audit.pub")
        try PrivateFile.create(publicKey, contents: try PrivateFile.read(service.vault + "/audit.pub"))
        service.stop()
        BrokerFixture.removeTree(service.vault)

        let offline = try BuiltBinary.run(["audit", "verify", "--file", file, "--public-key", publicKey])
        try expectSuccess(offline)
        #expect(offline.standardOutput.hasPrefix("audit trail verified: "))
        #expect(offline.standardOutput.contains("in \(file)"))
        #expect(offline.standardOutput.contains("export signed through event"))

        let keyText = String(decoding: try PrivateFile.read(publicKey), as: UTF8.self).split(separator: "\n")[0]
        let byText = try BuiltBinary.run(["audit", "verify", "--file", file, "--public-key", String(keyText), "--json"])
        try expectSuccess(byText)
        #expect(byText.standardOutput.contains("\"isValid\":true"))
    }

    @Test func exportToStandardOutput() throws {
        let (service, _) = try serviceWithFlow()
        let exported = try service.run(as: "erin", ["audit", "export", "-"])
        try expectSuccess(exported)
        #expect(exported.standardError.hasPrefix("Exported "))

        let lines = exported.standardOutput.split(separator: "\n")
        #expect(lines.first?.contains("\"format\":\"safehold-audit-export\"") == true)
        let publicKey = try PrivateFile.read(service.vault + "/audit.pub")
        let key = try #require(Data(base64Encoded: String(decoding: publicKey.prefix(44), as: UTF8.self)))
        let verification = try AuditExportFile.verify(Array(exported.standardOutput.utf8), publicKey: key)
        #expect(verification.isValid)
        #expect(verification.eventCount == lines.count - 1)
    }

    @Test func liveVerifyReportsUnsignedEvents() throws {
        let (service, _) = try serviceWithFlow()
        let live = try service.run(as: "erin", ["audit", "verify"])
        try expectSuccess(live)

        // Fewer than 100 events, less than a minute old: nothing is signed yet, and the output
        // states it.
        #expect(live.standardOutput.contains("no signed checkpoint yet"))
        #expect(live.standardOutput.contains("not signed yet, so removing them from the end would go undetected"))
    }

    @Test func checkpointEveryOptionSigns() throws {
        let (service, _) = try serviceWithFlow(serveArguments: ["--checkpoint-every", "5"])
        let live = try service.run(as: "erin", ["audit", "verify", "--json"])
        try expectSuccess(live)

        let verification = try AuditExportFile.decoder().decode(AuditVerification.self, from: Data(live.standardOutput.utf8))
        #expect(verification.isValid)
        let head = try #require(verification.headSequence)
        #expect(verification.lastCheckpointSequence == head / 5 * 5)
        #expect(verification.unsignedEventCount == Int(head % 5))
    }

    @Test func offlineVerifyRejectsOtherKeyAndCutTail() throws {
        let (service, _) = try serviceWithFlow()
        let file = service.directory.file("trail.jsonl")
        try expectSuccess(service.run(as: "erin", ["audit", "export", file]))
        let publicKey = String(decoding: try PrivateFile.read(service.vault + "/audit.pub"), as: UTF8.self).split(separator: "\n")[0]

        let otherKey = Data(repeating: 0x5a, count: 32).base64EncodedString()
        let wrongKey = try BuiltBinary.run(["audit", "verify", "--file", file, "--public-key", otherKey])
        #expect(wrongKey.status == 1)
        #expect(wrongKey.standardOutput.hasPrefix("audit trail INVALID: "))

        let lines = String(decoding: try PrivateFile.read(file, limit: 16 << 20), as: UTF8.self).split(separator: "\n")
        let cutFile = service.directory.file("cut.jsonl")
        try PrivateFile.create(cutFile, contents: Array(lines.dropLast().joined(separator: "\n").utf8) + [0x0a])
        let cut = try BuiltBinary.run(["audit", "verify", "--file", cutFile, "--public-key", String(publicKey)])
        #expect(cut.status == 1)
        #expect(cut.standardOutput.hasPrefix("audit trail INVALID at event \(lines.count - 1): the tail was cut"))

        let notKey = try BuiltBinary.run(["audit", "verify", "--file", file, "--public-key", "not-a-key"])
        #expect(notKey.status == ExitCode.invalidInput)
    }

    @Test func showFailsWhenTrailIsUnwritable() throws {
        let (service, id) = try serviceWithFlow()
        let database = try RawVaultDatabase(path: service.vault + "/vault.db")
        try database.execute("CREATE TRIGGER block_audit BEFORE INSERT ON audit_events BEGIN SELECT RAISE(ABORT, 'blocked'); END")
        let shown = try service.run(as: "alice", ["show", id])

        #expect(shown.status != 0)
        #expect(shown.standardOutput.isEmpty)
        #expect(shown.standardError.contains("audit event could not be written"))
        #expect(!service.log().contains(Self.secret))
    }

    // MARK: - Helpers

    private enum ExitCode {
        static let invalidInput: Int32 = 65
    }

    private func expectSuccess(_ run: BuiltBinary.Run, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(run.status == 0, "exit \(run.status): \(run.standardError)", sourceLocation: sourceLocation)
        if run.status != 0 { throw TestSupportError(run.standardError) }
    }

    /// Returns the id of alice's newest request.
    private func requestID(_ service: ServiceProcess) throws -> String {
        let listed = try service.run(as: "alice", ["requests", "--json"])
        let pattern = "\"id\":\""
        guard let range = listed.standardOutput.firstRange(of: pattern) else { throw TestSupportError("no request in \(listed.standardOutput)") }
        return String(listed.standardOutput[range.upperBound...].prefix(12))
    }

    private func decodeLines(_ output: String) throws -> [AuditEvent] {
        try output.split(separator: "\n").map { line in
            try AuditExportFile.decoder().decode(AuditEvent.self, from: Data(line.utf8))
        }
    }
}
