#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSQLite

/// Group commit on the one writer connection.
///
/// Callers take turns on the connection. The first caller of a batch opens a BEGIN IMMEDIATE
/// transaction and runs its body in it. Each later caller runs its body on its own thread inside
/// its own SAVEPOINT. A caller
/// that finishes while others wait for a turn hands the open transaction to the next one. The
/// caller that finds no other caller waiting (or fills the batch) commits, and every caller of the
/// batch returns only after that COMMIT. So one durable commit (one WAL fsync with `synchronous=FULL`)
/// serves several concurrent writes, while each `write` keeps its contract: its changes are
/// durable when it returns, and a body that throws is rolled back to its savepoint (the first
/// body: with the transaction, which ends the batch), which leaves the other bodies of the batch
/// untouched. If the COMMIT fails, or an error makes SQLite roll
/// back the whole transaction, every body of the batch fails with a `StoreError`.
///
/// Calls are not reentrant: a body that calls `write` again waits for itself forever.
final class WriteQueue: @unchecked Sendable {
    /// One open transaction and the outcome its members wait for.
    private final class Batch {
        var bodyCount = 0
        var outcome: Result<Void, StoreError>?
    }

    /// Maximum number of bodies in one transaction, so that a steady stream of writers still
    /// commits and none waits long for its commit.
    static let maximumBatchSize = 64

    private static let savepoint = "SAVEPOINT write_body"
    private static let releaseSavepoint = "RELEASE SAVEPOINT write_body"
    private static let rollbackToSavepoint = "ROLLBACK TRANSACTION TO SAVEPOINT write_body"

    private let lock = ConditionLock()
    // The state below is guarded by `lock`. Only the thread holding the turn uses `database`
    // outside the lock.
    private var database: Database?
    private var isBusy = false
    private var waitingCount = 0
    private var batch: Batch?

    init(database: Database) {
        self.database = database
    }

    /// Runs `body` in the shared transaction and returns after the transaction has committed.
    /// Errors of the body pass unchanged; failures of BEGIN, SAVEPOINT and COMMIT are thrown as
    /// `StoreError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        let database = try takeTurn()
        let batch: Batch
        do {
            batch = try openBatch(on: database)
        } catch {
            releaseTurn()
            throw error
        }

        let isFirstBody = lock.withLock { batch.bodyCount == 0 }
        let result = isFirstBody ? runFirst(body, on: database) : runInSavepoint(body, on: database)
        guard database.isInTransaction else {
            // The first body of the batch threw and its transaction was rolled back, or SQLite
            // rolled back the whole transaction (disk full, I/O error, out of memory) and with it
            // the bodies that ran before this one.
            let error = abandon(batch, cause: result)
            _ = try result.get()
            throw error
        }

        let outcome = finish(batch, on: database, bodySucceeded: (try? result.get()) != nil)
        let value = try result.get()
        try outcome.get()
        return value
    }

    /// Commits the open batch, if any, then runs `body` with the connection while no write runs.
    /// `body` receives nil when the queue is closed.
    func withExclusiveTurn<T>(_ body: (Database?) throws -> T) rethrows -> T {
        let database = lock.withLock { () -> Database? in
            waitForTurn()
            return self.database
        }
        defer { releaseTurn() }

        let open = lock.withLock { () -> Batch? in
            defer { batch = nil }
            return batch
        }
        if let database, let open {
            publish(commit(on: database), to: open)
        }
        return try body(database)
    }

    /// Callers waiting for their turn, for tests that must know a batch has formed.
    var waitingWriters: Int {
        lock.withLock { waitingCount }
    }

    /// Commits the open batch and closes the connection. Later writes throw.
    func close() {
        withExclusiveTurn { database in
            database?.close()
            lock.withLock { self.database = nil }
        }
    }

    // MARK: - Turns

    /// Waits until no other caller uses the connection, then holds it.
    private func takeTurn() throws(StoreError) -> Database {
        let database = lock.withLock { () -> Database? in
            waitForTurn()
            return self.database
        }
        guard let database else {
            releaseTurn()
            throw SQLiteVaultStore.closedError
        }
        return database
    }

    /// Call with the lock held.
    private func waitForTurn() {
        waitingCount += 1
        while isBusy {
            lock.wait(for: .turn)
        }
        waitingCount -= 1
        isBusy = true
    }

    private func releaseTurn() {
        lock.withLock {
            isBusy = false
            lock.signal(.turn)
        }
    }

    // MARK: - Transaction

    /// Returns the open batch, or begins a transaction for a new one.
    private func openBatch(on database: Database) throws(StoreError) -> Batch {
        if let open = lock.withLock({ batch }) {
            return open
        }
        do {
            try database.execute("BEGIN IMMEDIATE TRANSACTION")
        } catch {
            throw database.storeError(error)
        }
        let opened = Batch()
        lock.withLock { batch = opened }
        return opened
    }

    /// Runs the first body of a batch without a savepoint. No other body has changed the
    /// transaction yet, so when it throws, rolling back the whole transaction undoes exactly its
    /// changes, and `write` then ends the batch. A single writer thus runs two statements fewer.
    private func runFirst<T>(_ body: (Database) throws -> T, on database: Database) -> Result<T, any Error> {
        do {
            return .success(try body(database))
        } catch {
            if database.isInTransaction {
                _ = try? database.execute("ROLLBACK TRANSACTION")
            }
            return .failure(error)
        }
    }

    /// Runs `body` inside a savepoint: released when it returns, rolled back when it throws.
    private func runInSavepoint<T>(_ body: (Database) throws -> T, on database: Database) -> Result<T, any Error> {
        do {
            try database.execute(Self.savepoint)
        } catch {
            return .failure(database.storeError(error))
        }

        let value: T
        do {
            value = try body(database)
        } catch {
            rollBackBody(on: database)
            return .failure(error)
        }

        do {
            try database.execute(Self.releaseSavepoint)
        } catch {
            rollBackBody(on: database)
            return .failure(database.storeError(error))
        }
        return .success(value)
    }

    /// Undoes the changes of the current body. If that fails, the whole transaction is rolled
    /// back, because changes of a failed body must never be committed with the others.
    private func rollBackBody(on database: Database) {
        guard database.isInTransaction else { return }
        do {
            try database.execute(Self.rollbackToSavepoint)
            try database.execute(Self.releaseSavepoint)
        } catch {
            _ = try? database.execute("ROLLBACK TRANSACTION")
        }
    }

    /// Ends this caller's part of `batch`: hands the transaction to the next waiting caller, or
    /// commits it. Returns the outcome of the commit, which a caller whose body failed does not
    /// wait for.
    private func finish(_ batch: Batch, on database: Database, bodySucceeded: Bool) -> Result<Void, StoreError> {
        let commitsNow = lock.withLock {
            batch.bodyCount += 1
            if waitingCount > 0 && batch.bodyCount < Self.maximumBatchSize {
                isBusy = false
                lock.signal(.turn)
                return false
            }
            self.batch = nil
            return true
        }

        if commitsNow {
            let outcome = commit(on: database)
            publish(outcome, to: batch)
            releaseTurn()
            return outcome
        }
        guard bodySucceeded else { return .success(()) }
        return lock.withLock {
            while batch.outcome == nil {
                lock.wait(for: .commit)
            }
            return batch.outcome ?? .success(())
        }
    }

    private func commit(on database: Database) -> Result<Void, StoreError> {
        do {
            try database.execute("COMMIT TRANSACTION")
            return .success(())
        } catch {
            if database.isInTransaction {
                _ = try? database.execute("ROLLBACK TRANSACTION")
            }
            return .failure(database.storeError(error))
        }
    }

    private func publish(_ outcome: Result<Void, StoreError>, to batch: Batch) {
        lock.withLock {
            batch.outcome = outcome
            lock.broadcast(.commit)
        }
    }

    /// Fails every member of a batch whose transaction SQLite rolled back, frees the turn, and
    /// returns the error the members get.
    private func abandon<T>(_ batch: Batch, cause: Result<T, any Error>) -> StoreError {
        let error: StoreError
        if case let .failure(failure as StoreError) = cause {
            error = failure
        } else {
            error = .sqlite(
                code: SQLITE_ABORT, message: "the transaction was rolled back because a concurrent write failed; retry", sql: ""
            )
        }
        lock.withLock { self.batch = nil }
        publish(.failure(error), to: batch)
        releaseTurn()
        return error
    }
}
