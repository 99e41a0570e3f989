#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Synchronization
import Testing

/// When the service signs the chain head: every N events, after a quiet minute, at shutdown.
@Suite struct AuditCheckpointTests {
    private func checkpoints(_ fixture: BrokerFixture) throws -> [AuditCheckpoint] {
        try fixture.broker.read { reader in try reader.auditCheckpoints() }
    }

    private func addUsers(_ fixture: BrokerFixture, _ count: Int) throws {
        for _ in 0..<count {
            _ = try fixture.broker.addUser(name: "user\(try AuditTestSupport.events(fixture).count)", by: fixture.admin)
        }
    }

    @Test func everyNthEventIsSigned() throws {
        let fixture = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: 4))
        try addUsers(fixture, 10)

        let signed = try checkpoints(fixture)
        #expect(signed.map(\.sequence) == [4, 8])
        let events = try AuditTestSupport.events(fixture)
        #expect(signed.map(\.headHash) == [events[3].hash, events[7].hash])
        #expect(signed.allSatisfy { AuditSignature.isValid($0, publicKey: fixture.broker.auditPublicKey) })
    }

    @Test func defaultCountIsHundred() throws {
        let fixture = try BrokerFixture()
        try addUsers(fixture, 101)

        #expect(try checkpoints(fixture).map(\.sequence) == [100])
        let verification = try AuditTestSupport.verify(fixture)
        #expect(verification.lastCheckpointSequence == 100)
        #expect(verification.unsignedEventCount == 2)
    }

    @Test func quietMinuteSignsHead() throws {
        let fixture = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: 0))
        try addUsers(fixture, 2)
        let head = try #require(AuditTestSupport.events(fixture).last)

        fixture.clock.advance(by: 59)
        #expect(!fixture.broker.signCheckpointIfDue(maximumDelay: 60))
        fixture.clock.advance(by: 1)
        #expect(fixture.broker.signCheckpointIfDue(maximumDelay: 60))
        #expect(!fixture.broker.signCheckpointIfDue(maximumDelay: 60))

        #expect(try checkpoints(fixture).map(\.sequence) == [head.sequence])
    }

    @Test func delayCountsFromOldestUnsignedEvent() throws {
        let fixture = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: 0))
        try addUsers(fixture, 1)
        fixture.clock.advance(by: 61)
        #expect(fixture.broker.signCheckpointIfDue(maximumDelay: 60))

        // Events keep arriving every 30 seconds: the head is signed a minute after the first one.
        fixture.clock.advance(by: 30)
        try addUsers(fixture, 1)
        let firstUnsigned = try #require(AuditTestSupport.events(fixture).last).sequence
        fixture.clock.advance(by: 30)
        try addUsers(fixture, 1)
        #expect(!fixture.broker.signCheckpointIfDue(maximumDelay: 60))
        fixture.clock.advance(by: 30)
        #expect(fixture.broker.signCheckpointIfDue(maximumDelay: 60))

        #expect(try checkpoints(fixture).last?.sequence == firstUnsigned + 1)
    }

    @Test func shutdownSignsHeadOnce() throws {
        let fixture = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: 0))
        try addUsers(fixture, 1)

        #expect(fixture.broker.signCheckpoint())
        #expect(!fixture.broker.signCheckpoint())
        #expect(try checkpoints(fixture).count == 1)
    }

    @Test func checkpointIsLogged() throws {
        let log = CapturedLog()
        let base = try BrokerFixture(options: BrokerOptions(auditCheckpointEventCount: 0))
        let broker = Broker(vault: base.vault, clock: base.clock, random: base.random, log: log)
        _ = try broker.addUser(name: "logged", by: base.admin)
        #expect(broker.signCheckpoint())

        let head = try #require(AuditTestSupport.events(base).last)
        let line = try #require(log.lines.first { $0.message == "audit checkpoint signed" })
        #expect(line.metadata["sequence"] == String(head.sequence))
        #expect(line.metadata["hash"] == AuditEncodingTests.hexString(head.hash))
    }
}

/// A broker log that keeps its lines in memory.
final class CapturedLog: BrokerLog {
    private let stored = Mutex<[(message: String, metadata: [String: String])]>([])

    var lines: [(message: String, metadata: [String: String])] {
        stored.withLock { $0 }
    }

    func info(_ message: StaticString, _ metadata: [String: String]) {
        stored.withLock { $0.append(("\(message)", metadata)) }
    }

    func error(_ message: StaticString, _ metadata: [String: String]) {
        stored.withLock { $0.append(("\(message)", metadata)) }
    }
}
