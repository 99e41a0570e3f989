#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
@testable import SafeholdStore
import Testing

@Suite struct JournalStoreTests {
    private func entry(_ id: String, key: String = "k00000000001", state: RotationJournalState = .pending, next: Int64) -> RotationJournalEntry {
        RotationJournalEntry(
            id: JournalEntryID(id), keyID: ApiKeyID(key), accountID: AccountID("c00000000001"), pendingVersion: 2,
            trigger: .checkIn, state: state, nextAttemptAt: date(next), createdAt: date(next - 100)
        )
    }

    @Test func journalRoundTrip() throws {
        let vault = try TestVault()
        let full = RotationJournalEntry(
            id: JournalEntryID("j00000000001"), keyID: ApiKeyID("k00000000001"), accountID: AccountID("c00000000001"),
            pendingVersion: 7, trigger: .revocation, requestID: RequestID("r00000000001"), attempts: 3, state: .failed,
            nextAttemptAt: date(5000), lastError: "connector timed out after 30 s", createdAt: date(1000)
        )
        let minimal = entry("j00000000002", next: 2000)
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(full)
            try writer.insert(minimal)
        }

        try vault.store.read { reader throws in
            #expect(try reader.journalEntry(id: full.id) == full)
            #expect(try reader.journalEntry(id: minimal.id) == minimal)
            #expect(try reader.journalEntries(keyID: ApiKeyID("k00000000001")) == [full, minimal])
            #expect(try reader.journalEntries(keyID: nil) == [full, minimal])
            #expect(try reader.journalEntries(accountID: AccountID("c00000000001")) == [full, minimal])
            #expect(try reader.journalEntries(accountID: AccountID("c00000000009")) == [])
        }
    }

    @Test func dueEntriesArePendingOnly() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(entry("j00000000001", state: .failed, next: 1000))
            try writer.insert(entry("j00000000002", next: 4000))
            try writer.insert(entry("j00000000003", next: 3000))
        }

        try vault.store.read { reader throws in
            #expect(try reader.earliestJournalDeadline() == date(3000))
            #expect(try reader.journalEntriesDue(by: date(2999)) == [])
            #expect(try reader.journalEntriesDue(by: date(4000)).map(\.id.rawValue) == ["j00000000003", "j00000000002"])
        }
    }

    @Test func journalUpdateAndDelete() throws {
        let vault = try TestVault()
        var pending = entry("j00000000001", next: 1000)
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(pending)
        }

        pending.attempts = 1
        pending.lastError = "exit status 2"
        try vault.store.write { try $0.update(pending) }
        #expect(try vault.store.read { try $0.journalEntry(id: pending.id) } == pending)

        try vault.store.write { try $0.deleteJournalEntry(id: pending.id) }
        #expect(try vault.store.read { try $0.journalEntry(id: pending.id) } == nil)
        #expect(try vault.store.read { try $0.earliestJournalDeadline() } == nil)
    }

    @Test func journalErrors() throws {
        let vault = try TestVault()
        try vault.store.write { writer throws in
            try Fixture.insertKeyChain(writer)
            try writer.insert(entry("j00000000001", next: 1000))
        }

        let duplicate = storeError { try vault.store.write { try $0.insert(entry("j00000000001", next: 1000)) } }
        let orphan = storeError { try vault.store.write { try $0.insert(entry("j00000000002", key: "k00000000009", next: 1000)) } }
        let missing = storeError { try vault.store.write { try $0.update(entry("j00000000009", next: 1000)) } }
        let deleted = storeError { try vault.store.write { try $0.deleteJournalEntry(id: JournalEntryID("j00000000009")) } }

        #expect(duplicate == .duplicate(kind: "rotation journal entry", name: "j00000000001"))
        #expect(orphan == .notFound(kind: "API key", id: "k00000000009"))
        #expect(missing == .notFound(kind: "rotation journal entry", id: "j00000000009"))
        #expect(deleted == .notFound(kind: "rotation journal entry", id: "j00000000009"))
    }
}
