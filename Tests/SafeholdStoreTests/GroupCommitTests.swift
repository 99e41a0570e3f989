#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Glibc
import SafeholdModel
@testable import SafeholdStore
import Synchronization
import Testing

/// A value shared between the test and its writer threads.
final class Box<Value: Sendable>: Sendable {
    private let storage: Mutex<Value>

    init(_ value: Value) {
        storage = Mutex(value)
    }

    var value: Value {
        storage.withLock { $0 }
    }

    func set(_ value: Value) {
        storage.withLock { $0 = value }
    }

    func update(_ change: (inout Value) -> Void) {
        storage.withLock { change(&$0) }
    }
}

/// Group commit: concurrent writes share one transaction, each body in its own savepoint, and
/// every caller returns only after the shared commit.
@Suite struct GroupCommitTests {
    /// Runs `body` on a global queue as a member of `group`.
    private func start(_ group: DispatchGroup, _ body: @escaping @Sendable () -> Void) {
        DispatchQueue.global().async(group: group, execute: body)
    }

    /// Waits until `count` writes wait for their turn, so that they join the open batch.
    private func waitForWriters(_ store: SQLiteVaultStore, count: Int) {
        while store.waitingWriterCount < count {
            usleep(1000)
        }
    }

    /// Waits until another thread sets `flag`.
    private func waitFor(_ flag: Box<Bool>) {
        while !flag.value {
            usleep(1000)
        }
    }

    private func value(_ text: String) -> Data {
        Data(text.utf8)
    }

    @Test func throwingBodyLeavesBatchIntact() throws {
        let vault = try TestVault()
        let store = vault.store
        let group = DispatchGroup()
        let secondFailed = Box(false)
        let thirdReturned = Box(false)
        let firstStarted = Box(false)

        // The first body keeps the transaction open until two more writes wait behind it, so
        // all three run in one batch. The second body throws, and the third commits for everyone.
        start(group) {
            try? store.write { writer in
                try writer.setMetadata("first", self.value("1"))
                firstStarted.set(true)
                self.waitForWriters(store, count: 2)
            }
        }
        waitFor(firstStarted)
        start(group) {
            do {
                try store.write { writer in
                    try writer.setMetadata("second", self.value("2"))
                    throw TestFailure()
                }
            } catch {
                secondFailed.set(error is TestFailure)
            }
        }
        start(group) {
            try? store.write { writer in try writer.setMetadata("third", self.value("3")) }
            thirdReturned.set(true)
        }
        group.wait()

        #expect(secondFailed.value)
        #expect(thirdReturned.value)
        let reopened = try SQLiteVaultStore.open(path: vault.path, mode: .readOnly)
        defer { reopened.close() }
        try reopened.read { reader throws in
            #expect(try reader.metadata("first") == value("1"))
            #expect(try reader.metadata("second") == nil)
            #expect(try reader.metadata("third") == value("3"))
        }
    }

    @Test func throwingFirstBodyEndsBatch() throws {
        let vault = try TestVault()
        let store = vault.store
        let group = DispatchGroup()
        let firstError = Box<String?>(nil)
        let firstStarted = Box(false)

        // The first body of a batch runs without a savepoint. It throws while a second write waits,
        // so its rollback ends the transaction, and the second write starts a batch of its own.
        start(group) {
            do {
                try store.write { writer in
                    try writer.setMetadata("first", self.value("1"))
                    firstStarted.set(true)
                    self.waitForWriters(store, count: 1)
                    throw TestFailure()
                }
            } catch {
                firstError.set(error is TestFailure ? "TestFailure" : "\(error)")
            }
        }
        waitFor(firstStarted)
        start(group) {
            try? store.write { writer in try writer.setMetadata("second", self.value("2")) }
        }
        group.wait()

        #expect(firstError.value == "TestFailure")
        let reopened = try SQLiteVaultStore.open(path: vault.path, mode: .readOnly)
        defer { reopened.close() }
        try reopened.read { reader throws in
            #expect(try reader.metadata("first") == nil)
            #expect(try reader.metadata("second") == value("2"))
        }
        try store.write { writer in try writer.setMetadata("third", self.value("3")) }
        try store.read { reader throws in #expect(try reader.metadata("third") == value("3")) }
    }

    @Test func callerWaitsForSharedCommit() throws {
        let vault = try TestVault()
        let store = vault.store
        let group = DispatchGroup()
        let lastBodyRan = Box(false)
        let firstSawLastBody = Box(false)
        let firstStarted = Box(false)

        // The first caller's body finishes before the second body starts, yet the first caller
        // may return only after the second body ran and the batch committed.
        start(group) {
            try? store.write { writer in
                try writer.setMetadata("first", self.value("1"))
                firstStarted.set(true)
                self.waitForWriters(store, count: 1)
            }
            firstSawLastBody.set(lastBodyRan.value)
        }
        waitFor(firstStarted)
        start(group) {
            try? store.write { writer in
                try writer.setMetadata("last", self.value("2"))
                lastBodyRan.set(true)
            }
        }
        group.wait()

        #expect(firstSawLastBody.value)
        let reopened = try SQLiteVaultStore.open(path: vault.path, mode: .readOnly)
        defer { reopened.close() }
        try reopened.read { reader throws in
            #expect(try reader.metadata("first") == value("1"))
            #expect(try reader.metadata("last") == value("2"))
        }
    }

    @Test func concurrentAppendsKeepSequence() throws {
        let vault = try TestVault()
        let store = vault.store
        let group = DispatchGroup()
        let failures = Box(0)
        let threads = 8
        let appendsPerThread = 50

        for thread in 0..<threads {
            start(group) {
                for index in 0..<appendsPerThread {
                    do {
                        try store.write { writer in
                            let last = try writer.lastAuditEvent()?.sequence ?? 0
                            try writer.append(AuditEvent(
                                sequence: last + 1, at: date(last + 1), actorID: nil, action: "appended",
                                targets: ["thread": String(thread), "index": String(index)]
                            ))
                            // Every third body of every thread fails after its append, which must
                            // be undone without disturbing the appends around it.
                            if index % 3 == 2 { throw TestFailure() }
                        }
                    } catch is TestFailure {
                        continue
                    } catch {
                        failures.update { $0 += 1 }
                    }
                }
            }
        }
        group.wait()

        let kept = threads * (appendsPerThread - appendsPerThread / 3)
        #expect(failures.value == 0)
        let events = try store.read { reader throws in try reader.auditEvents(AuditQuery()) }
        #expect(events.count == kept)
        #expect(events.map(\.sequence) == Array(1...Int64(kept)))
        #expect(events.allSatisfy { (Int($0.targets["index"] ?? "") ?? 0) % 3 != 2 })
    }

    @Test func writeAfterCloseThrows() throws {
        let vault = try TestVault()
        try vault.store.write { writer in try writer.setMetadata("before", value("1")) }
        vault.store.close()

        let error = storeError {
            try vault.store.write { writer in try writer.setMetadata("after", value("2")) }
        }

        #expect(error == SQLiteVaultStore.closedError)
    }

    @Test func checkpointCommitsOpenBatch() throws {
        let vault = try TestVault()
        let store = vault.store
        let group = DispatchGroup()
        let emptied = Box(false)
        let batchStarted = Box(false)

        // The checkpoint waits behind an open batch, commits it, then empties the log.
        start(group) {
            try? store.write { writer in
                try writer.setMetadata("batched", self.value("1"))
                batchStarted.set(true)
                self.waitForWriters(store, count: 1)
            }
        }
        waitFor(batchStarted)
        start(group) {
            emptied.set((try? store.checkpoint()) ?? false)
        }
        group.wait()

        #expect(emptied.value)
        let reopened = try SQLiteVaultStore.open(path: vault.path, mode: .readOnly)
        defer { reopened.close() }
        #expect(try reopened.read { reader throws in try reader.metadata("batched") } == value("1"))
    }
}
