import CSQLite
@testable import SafeholdStore
import Testing

@Suite struct DatabaseErrorTests {
    private func mapped(_ code: Int32, access: Database.Access = .readWrite) -> StoreError {
        let error = DatabaseError(extendedCode: code, message: "message", sql: "SELECT 1")
        return Database.storeError(error, path: "/vault.db", access: access)
    }

    @Test func codesMapToStoreErrors() {
        #expect(mapped(SQLITE_NOTADB) == .damaged(path: "/vault.db", detail: "message"))
        #expect(mapped(SQLITE_CORRUPT) == .damaged(path: "/vault.db", detail: "message"))
        #expect(mapped(SQLITE_FULL) == .notWritable(detail: "message: /vault.db"))
        #expect(mapped(SQLITE_READONLY) == .notWritable(detail: "message: /vault.db"))
        #expect(mapped(SQLITE_CANTOPEN) == .notWritable(detail: "message: /vault.db"))
        #expect(mapped(SQLITE_BUSY) == .busy)
        #expect(mapped(SQLITE_LOCKED) == .busy)
    }

    @Test func otherCodesKeepSQLiteDetail() {
        #expect(mapped(SQLITE_CANTOPEN, access: .readOnly) == .sqlite(code: SQLITE_CANTOPEN, message: "message", sql: "SELECT 1"))
        #expect(mapped(SQLITE_IOERR) == .sqlite(code: SQLITE_IOERR, message: "message", sql: "SELECT 1"))
        #expect(mapped(DatabaseError.constraintUnique) == .sqlite(code: DatabaseError.constraintUnique, message: "message", sql: "SELECT 1"))
    }

    @Test func extendedCodesMapByPrimaryCode() {
        let busySnapshot = SQLITE_BUSY | (2 << 8)
        let corruptIndex = SQLITE_CORRUPT | (3 << 8)

        #expect(mapped(busySnapshot) == .busy)
        #expect(mapped(corruptIndex) == .damaged(path: "/vault.db", detail: "message"))
    }

    @Test func uniqueColumnsFromMessage() {
        let single = DatabaseError(extendedCode: DatabaseError.constraintUnique, message: "UNIQUE constraint failed: users.name")
        let pair = DatabaseError(
            extendedCode: DatabaseError.constraintUnique, message: "UNIQUE constraint failed: accounts.asset_id, accounts.name"
        )
        let other = DatabaseError(extendedCode: SQLITE_CONSTRAINT, message: "CHECK constraint failed: role")

        #expect(single.uniqueColumns == "users.name")
        #expect(pair.uniqueColumns == "accounts.asset_id, accounts.name")
        #expect(other.uniqueColumns == nil)
    }
}
