#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import Testing

/// Known answers for the canonical encoding, the chain hash and the signed messages. The
/// expected hashes were computed outside Swift, with Python's `hashlib.blake2b(digest_size=32)`
/// over the bytes that `docs/audit.md` lists, so a change to the encoding fails here.
@Suite struct AuditEncodingTests {
    private let fullEvent = AuditEvent(
        sequence: 7, at: Date(timeIntervalSince1970: 1_780_000_000.123), actorID: UserID("a1b2c3d4e5f6"),
        actorUID: 1000, actorPID: 4242, action: "checkedOut",
        targets: ["request": "0123456789ab", "account": "ba9876543210"],
        oldState: "RequestAvailable", newState: "ApiKeyCheckedOut", comment: "ok ✓",
        valueHash: Data(0..<16), previousHash: Data(repeating: 0x11, count: 32)
    )

    @Test func fullEventEncoding() {
        let expected = [
            "01",  // encoding version
            "0000000000000007",  // sequence
            "0000019e7044887b",  // time: 1780000000123 ms
            "01" + "0000000c" + hex("a1b2c3d4e5f6"),  // actor id
            "01" + "00000004" + hex("1000"),  // actor uid, decimal text
            "01" + "00000004" + hex("4242"),  // actor pid, decimal text
            "01" + "0000000a" + hex("checkedOut"),  // action
            "0000000000000002",  // number of targets
            "01" + "00000007" + hex("account") + "01" + "0000000c" + hex("ba9876543210"),
            "01" + "00000007" + hex("request") + "01" + "0000000c" + hex("0123456789ab"),
            "01" + "00000010" + hex("RequestAvailable"),  // old state
            "01" + "00000010" + hex("ApiKeyCheckedOut"),  // new state
            "01" + "00000006" + "6f6b20e29c93",  // comment "ok ✓" in UTF-8
            "01" + "00000010" + "000102030405060708090a0b0c0d0e0f",  // value hash
        ].joined()

        #expect(Self.hexString(AuditChain.canonicalEncoding(of: fullEvent)) == expected)
    }

    @Test func fullEventHash() {
        #expect(Self.hexString(AuditChain.hash(of: fullEvent)) == "5dea63e1d4c1c14444a3c1f47b27bc371bad9a3bdc4baa35e5d033106416100d")
    }

    @Test func minimalEventEncodingAndHash() {
        let event = AuditEvent(sequence: 1, at: Date(timeIntervalSince1970: 0), actorID: nil, action: "x", previousHash: AuditChain.genesisHash)
        let expected = "01" + "0000000000000001" + "0000000000000000" + "000000" + "01" + "00000001" + "78" + "0000000000000000" + "00000000"

        #expect(Self.hexString(AuditChain.canonicalEncoding(of: event)) == expected)
        #expect(Self.hexString(AuditChain.hash(of: event)) == "4102bb51249f3a13c3a3ffb2a12733b492a323f415d0ec94b81187d88157e9a9")
    }

    @Test func targetOrderDoesNotMatter() {
        var reordered = fullEvent
        reordered.targets = [:]
        reordered.targets["account"] = "ba9876543210"
        reordered.targets["request"] = "0123456789ab"

        #expect(AuditChain.canonicalEncoding(of: reordered) == AuditChain.canonicalEncoding(of: fullEvent))
    }

    @Test func everyFieldChangesHash() {
        let original = AuditChain.hash(of: fullEvent)
        var changes: [(String, AuditEvent)] = []
        func changed(_ name: String, _ change: (inout AuditEvent) -> Void) {
            var event = fullEvent
            change(&event)
            changes.append((name, event))
        }
        changed("sequence") { $0.sequence = 8 }
        changed("time") { $0.at = $0.at.addingTimeInterval(0.001) }
        changed("actor") { $0.actorID = UserID("a1b2c3d4e5f7") }
        changed("uid") { $0.actorUID = 1001 }
        changed("pid") { $0.actorPID = nil }
        changed("action") { $0.action = "checkedIn" }
        changed("target") { $0.targets["key"] = "ffffffffffff" }
        changed("old state") { $0.oldState = nil }
        changed("new state") { $0.newState = "Complete" }
        changed("comment") { $0.comment = "ok" }
        changed("value hash") { $0.valueHash = Data(1..<17) }
        changed("previous hash") { $0.previousHash = Data(repeating: 0x12, count: 32) }
        // A value moved from one field to its neighbour must not encode the same.
        changed("shifted") { $0.oldState = nil; $0.comment = "RequestAvailable" }

        for (name, event) in changes {
            #expect(AuditChain.hash(of: event) != original, "changing the \(name) kept the hash")
        }
    }

    @Test func checkpointMessageBytes() {
        let message = AuditSignature.checkpointMessage(sequence: 7, headHash: Data(repeating: 0x22, count: 32))
        #expect(Self.hexString(message) == hex("safehold audit checkpoint v1") + "0000000000000007" + String(repeating: "22", count: 32))
    }

    @Test func exportHeadMessageBytes() {
        let message = AuditSignature.exportHeadMessage(
            sequence: 7, headHash: Data(repeating: 0x22, count: 32), exportedAt: Date(timeIntervalSince1970: 1_780_000_000.123)
        )
        #expect(Self.hexString(message) == hex("safehold audit export v1") + "0000000000000007" + String(repeating: "22", count: 32) + "0000019e7044887b")
    }

    @Test func exportLineRoundTripKeepsHash() throws {
        let linked = AuditChain.link(fullEvent, after: fullEvent.previousHash)
        let line = try AuditExportFile.line(linked)
        let decoded = try AuditExportFile.decoder().decode(AuditEvent.self, from: Data(line.dropLast()))

        #expect(decoded == linked)
        #expect(AuditChain.hash(of: decoded) == linked.hash)
    }

    private func hex(_ text: String) -> String {
        Self.hexString(Array(text.utf8))
    }

    static func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        bytes.map { byte in
            let digits = String(byte, radix: 16)
            return digits.count == 1 ? "0" + digits : digits
        }.joined()
    }
}
