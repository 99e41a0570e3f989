#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Database {
    enum TransactionKind {
        /// Takes no lock until the first read, then keeps that snapshot until the end.
        case deferred
        /// Takes the write lock at BEGIN, so no later statement of the transaction fails with
        /// SQLITE_BUSY.
        case immediate

        var beginSQL: String {
            switch self {
            case .deferred: "BEGIN DEFERRED TRANSACTION"
            case .immediate: "BEGIN IMMEDIATE TRANSACTION"
            }
        }
    }

    /// Runs `body` in one transaction: commits when it returns, rolls back when it throws.
    /// Errors of BEGIN and COMMIT are thrown as `StoreError`; the body's errors pass unchanged.
    func inTransaction<T>(_ kind: TransactionKind, _ body: () throws -> T) throws -> T {
        do {
            try execute(kind.beginSQL)
        } catch {
            throw storeError(error)
        }

        let result: T
        do {
            result = try body()
        } catch {
            rollback()
            throw error
        }

        do {
            try execute("COMMIT TRANSACTION")
        } catch {
            rollback()
            throw storeError(error)
        }
        return result
    }

    /// Rolls back the open transaction, if SQLite has not already done so after an error.
    private func rollback() {
        guard isInTransaction else { return }
        // A failed ROLLBACK leaves nothing to undo here: SQLite rolls back when the connection
        // closes, and the next BEGIN fails loudly if the transaction were still open.
        _ = try? execute("ROLLBACK TRANSACTION")
    }
}
