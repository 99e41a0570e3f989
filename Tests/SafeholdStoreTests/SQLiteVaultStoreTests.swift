#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Glibc
import SafeholdModel
@testable import SafeholdStore
import Testing

@Suite struct SQLiteVaultStoreTests {
    @Test func createMakesOwnerOnlyFile() throws {
        let vault = try TestVault()

        var status = stat()
        #expect(stat(vault.path, &status) == 0)
        #expect(status.st_mode & 0o777 == 0o600)
    }

    @Test func createRejectsExistingFile() throws {
        let vault = try TestVault()

        let error = storeError { _ = try SQLiteVaultStore.open(path: vault.path, mode: .create) }

        #expect(error == .duplicate(kind: "vault database", name: vault.path))
    }

    @Test func existingRejectsMissingFile() {
        let directory = TemporaryDirectory()
        let path = directory.file("missing.db")

        let error = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .existing) }

        #expect(error == .notFound(kind: "vault database", id: path))
        #expect(access(path, F_OK) != 0)
    }

    @Test func readOnlyRejectsMissingFile() {
        let directory = TemporaryDirectory()
        let path = directory.file("missing.db")

        let error = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .readOnly) }

        #expect(error == .notFound(kind: "vault database", id: path))
        #expect(access(path, F_OK) != 0)
    }

    @Test func existingReopensData() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("vault.db")
        let created = try SQLiteVaultStore.open(path: path, mode: .create)
        try created.write { try $0.insert(Fixture.user("u00000000001")) }
        created.close()

        let reopened = try SQLiteVaultStore.open(path: path, mode: .existing)
        defer { reopened.close() }

        #expect(try reopened.read { try $0.user(id: UserID("u00000000001")) } == Fixture.user("u00000000001"))
    }

    @Test func readOnlyReadsAndRejectsWrites() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("vault.db")
        let created = try SQLiteVaultStore.open(path: path, mode: .create)
        try created.write { try $0.insert(Fixture.user("u00000000001")) }
        created.close()

        let store = try SQLiteVaultStore.open(path: path, mode: .readOnly)
        defer { store.close() }

        #expect(try store.read { try $0.users().count } == 1)
        let error = storeError { try store.write { try $0.insert(Fixture.user("u00000000002")) } }
        #expect(error == .notWritable(detail: "\(path) was opened read-only"))
        #expect(storeError { try store.checkpoint() } == .notWritable(detail: "\(path) was opened read-only"))
    }

    @Test func readOnlyNeverMigrates() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("vault.db")
        // An empty file is a valid SQLite database with schema version 0.
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))

        let error = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .readOnly) }

        #expect(error == .schemaTooOld(found: 0, required: SQLiteVaultStore.schemaVersion))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == 0)
    }

    @Test func existingMigratesEmptyFile() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("vault.db")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))

        let store = try SQLiteVaultStore.open(path: path, mode: .existing)
        defer { store.close() }

        #expect(try store.read { try $0.users() } == [])
        let version = try Database(path: path, access: .readOnly).schemaVersion()
        #expect(version == SQLiteVaultStore.schemaVersion)
    }

    @Test func newerSchemaIsRejected() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("vault.db")
        try SQLiteVaultStore.open(path: path, mode: .create).close()
        let newer = SQLiteVaultStore.schemaVersion + 1
        try Database(path: path, access: .readWrite).execute(uncached: "PRAGMA user_version = \(newer)")

        let writable = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .existing) }
        let readOnly = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .readOnly) }

        #expect(writable == .schemaTooNew(found: newer, supported: SQLiteVaultStore.schemaVersion))
        #expect(readOnly == .schemaTooNew(found: newer, supported: SQLiteVaultStore.schemaVersion))
    }

    @Test func randomBytesAreDamaged() throws {
        let directory = TemporaryDirectory()
        let path = directory.file("vault.db")
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<8192).map { _ in UInt8.random(in: 0...255, using: &generator) }
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))

        let writable = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .existing) }
        let readOnly = storeError { _ = try SQLiteVaultStore.open(path: path, mode: .readOnly) }

        #expect(writable == .damaged(path: path, detail: "file is not a database"))
        #expect(readOnly == .damaged(path: path, detail: "file is not a database"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes))
    }

    @Test func throwingWriteRollsBack() throws {
        let vault = try TestVault()

        #expect(throws: TestFailure()) {
            try vault.store.write { writer throws in
                try writer.insert(Fixture.user("u00000000001"))
                throw TestFailure()
            }
        }

        #expect(try vault.store.read { try $0.users() } == [])
        try vault.store.write { try $0.insert(Fixture.user("u00000000001")) }
        #expect(try vault.store.read { try $0.users().count } == 1)
    }

    @Test func failedStatementRollsBackWholeWrite() throws {
        let vault = try TestVault()

        let error = storeError {
            try vault.store.write { writer throws in
                try writer.insert(Fixture.user("u00000000001", name: "alice"))
                try writer.insert(Fixture.user("u00000000002", name: "alice"))
            }
        }

        #expect(error == .duplicate(kind: "user", name: "alice"))
        #expect(try vault.store.read { try $0.users() } == [])
    }

    @Test func readDoesNotWaitForOpenWrite() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.insert(Fixture.user("u00000000001")) }
        let writeIsOpen = DispatchSemaphore(value: 0)
        let readIsDone = DispatchSemaphore(value: 0)
        let writeFinished = DispatchSemaphore(value: 0)
        let store = vault.store

        DispatchQueue.global().async {
            _ = try? store.write { writer throws in
                try writer.insert(Fixture.user("u00000000002"))
                writeIsOpen.signal()
                // Holds the write transaction open until the read is done, or for 10 s at most.
                _ = readIsDone.wait(timeout: .now() + 10)
            }
            writeFinished.signal()
        }
        #expect(writeIsOpen.wait(timeout: .now() + 10) == .success)

        let usersDuringWrite = try store.read { try $0.users().map(\.id.rawValue) }
        let writeStillOpen = writeFinished.wait(timeout: .now()) == .timedOut
        readIsDone.signal()

        #expect(writeStillOpen)
        #expect(usersDuringWrite == ["u00000000001"])
        #expect(writeFinished.wait(timeout: .now() + 10) == .success)
        #expect(try store.read { try $0.users().count } == 2)
    }

    @Test func closedStoreRejectsCalls() throws {
        let vault = try TestVault()

        vault.store.close()

        #expect(storeError { _ = try vault.store.read { try $0.users() } } == SQLiteVaultStore.closedError)
        #expect(storeError { try vault.store.write { try $0.insert(Fixture.user("u00000000001")) } } == SQLiteVaultStore.closedError)
    }

    @Test func integrityCheckOfSoundFile() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.insert(Fixture.user("u00000000001")) }

        #expect(try vault.store.integrityCheck() == [])
        #expect(try vault.store.integrityCheck(quick: true) == [])
    }

    @Test func checkpointEmptiesLog() throws {
        let vault = try TestVault()
        try vault.store.write { try $0.insert(Fixture.user("u00000000001")) }

        #expect(try vault.store.checkpoint())

        let size = try FileManager.default.attributesOfItem(atPath: vault.path + "-wal")[.size] as? Int
        #expect(size == 0)
    }

    @Test func connectionSettings() throws {
        let vault = try TestVault()
        let database = try Database(path: vault.path, access: .readWrite)
        let pragma = { (name: String) throws -> Int? in
            try database.fetchOne("PRAGMA " + name) { row throws(DatabaseError) in try row.int(0) }
        }

        #expect(try database.fetchOne("PRAGMA journal_mode") { row throws(DatabaseError) in try row.text(0) } == "wal")
        #expect(try pragma("foreign_keys") == 1)
        #expect(try pragma("busy_timeout") == 5000)
        #expect(try pragma("synchronous") == 2)
        #expect(try pragma("secure_delete") == 1)
        #expect(try pragma("trusted_schema") == 0)
    }
}
