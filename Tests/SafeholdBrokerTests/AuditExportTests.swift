#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import SafeholdSystem
import Testing

/// Offline verification of export files, with only the public key and no vault.
@Suite struct AuditExportTests {
    /// Returns an export of a finished flow, the vault's audit.pub key, and the number of events.
    /// The vault is closed and deleted before this returns, so nothing but the file and the key
    /// is left to verify with.
    private func exportWithoutVault(checkpointEvery: Int = 5) throws -> (file: [UInt8], publicKey: Data, events: Int) {
        let fixture = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: checkpointEvery))
        try AuditTestSupport.runCheckOutFlow(fixture)
        let file = try AuditTestSupport.exportFile(fixture)
        let published = String(decoding: try PrivateFile.read(fixture.layout.auditPublicKey), as: UTF8.self)
        let publicKey = try #require(Data(base64Encoded: String(published.split(separator: "\n")[0])))
        let count = try AuditTestSupport.events(fixture).count
        fixture.vault.close()
        BrokerFixture.removeTree(fixture.directory)
        #expect(!PrivateFile.exists(fixture.layout.database))
        return (file, publicKey, count)
    }

    @Test func exportVerifiesWithPublicKeyOnly() throws {
        let (file, publicKey, count) = try exportWithoutVault()

        let verification = try AuditExportFile.verify(file, publicKey: publicKey)
        #expect(verification.isValid)
        #expect(verification.eventCount == count)
        #expect(verification.exportHeadSequence == Int64(count))
        #expect(verification.unsignedEventCount == 0)
        #expect(verification.lastCheckpointSequence == Int64(count / 5 * 5))
        #expect(AuditTestSupport.lines(file).count == count + 1)
    }

    @Test func exportFailsWithAnotherKey() throws {
        let (file, _, _) = try exportWithoutVault()
        let other = Ed25519.generateKeyPair(random: DeterministicRandomSource(seed: 42)).publicKey

        let verification = try AuditExportFile.verify(file, publicKey: other)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == nil)
        #expect(verification.problem?.contains("does not verify with this public key") == true)
    }

    @Test func exportWithoutCheckpointsVerifies() throws {
        let (file, publicKey, count) = try exportWithoutVault(checkpointEvery: 0)

        let verification = try AuditExportFile.verify(file, publicKey: publicKey)
        #expect(verification.isValid)
        #expect(verification.lastCheckpointSequence == nil)
        #expect(verification.exportHeadSequence == Int64(count))
        #expect(verification.unsignedEventCount == 0)
    }

    @Test func exportAlteredEventIsLocated() throws {
        let (file, publicKey, _) = try exportWithoutVault()
        var lines = AuditTestSupport.lines(file)
        // Line 1 is the header, so event k is on line k + 1 (index k).
        let k = 6
        let text = String(decoding: lines[k], as: UTF8.self)
        let altered = text.replacing("\"sequence\":6", with: "\"sequence\":6,\"comment\":\"added\"")
        #expect(altered != text)
        lines[k] = Array(altered.utf8)

        let verification = try AuditExportFile.verify(AuditTestSupport.join(lines), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == Int64(k))
    }

    @Test func exportRemovedEventIsLocated() throws {
        let (file, publicKey, _) = try exportWithoutVault()
        var lines = AuditTestSupport.lines(file)
        lines.remove(at: 4)

        let verification = try AuditExportFile.verify(AuditTestSupport.join(lines), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == 4)
    }

    @Test func exportSwappedEventsAreLocated() throws {
        let (file, publicKey, _) = try exportWithoutVault()
        var lines = AuditTestSupport.lines(file)
        lines.swapAt(8, 9)

        let verification = try AuditExportFile.verify(AuditTestSupport.join(lines), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == 8)
    }

    @Test func exportCutTailIsLocated() throws {
        let (file, publicKey, count) = try exportWithoutVault()
        let lines = AuditTestSupport.lines(file)
        let cut = Array(lines.dropLast(2))

        let verification = try AuditExportFile.verify(AuditTestSupport.join(cut), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == Int64(count - 1))
        #expect(verification.problem?.contains("the tail was cut") == true)
    }

    @Test func exportAppendedEventIsLocated() throws {
        let (file, publicKey, count) = try exportWithoutVault()
        var lines = AuditTestSupport.lines(file)
        let last = try AuditExportFile.decoder().decode(AuditEvent.self, from: Data(try #require(lines.last)))
        let forged = AuditTestSupport.forgedEvent(sequence: last.sequence + 1, after: last)
        lines.append(Array(try AuditExportFile.line(forged).dropLast()))

        let verification = try AuditExportFile.verify(AuditTestSupport.join(lines), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == Int64(count + 1))
        #expect(verification.problem?.contains("added after the export") == true)
    }

    @Test func exportWithReplacedHeadIsRejected() throws {
        let (file, publicKey, _) = try exportWithoutVault()
        var lines = AuditTestSupport.lines(file)
        var header = try AuditExportFile.decoder().decode(AuditExport.self, from: Data(lines[0]))
        header.head.sequence -= 2
        lines[0] = Array(try AuditExportFile.line(header).dropLast())

        let verification = try AuditExportFile.verify(AuditTestSupport.join(lines), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.problem?.contains("signed head does not verify") == true)
    }

    @Test func exportWithDamagedLineIsLocated() throws {
        let (file, publicKey, _) = try exportWithoutVault()
        var lines = AuditTestSupport.lines(file)
        lines[3] = Array("{not json".utf8)

        let verification = try AuditExportFile.verify(AuditTestSupport.join(lines), publicKey: publicKey)
        #expect(!verification.isValid)
        #expect(verification.firstBadSequence == 3)
        #expect(verification.problem?.contains("line 4") == true)
    }

    @Test func fileThatIsNoExportIsRefused() throws {
        let publicKey = Data(repeating: 1, count: 32)
        #expect(throws: AuditExportFileError.notAnExport) { try AuditExportFile.verify(Array("{\"a\":1}\n".utf8), publicKey: publicKey) }
        #expect(throws: AuditExportFileError.notAnExport) { try AuditExportFile.verify([], publicKey: publicKey) }
    }
}
