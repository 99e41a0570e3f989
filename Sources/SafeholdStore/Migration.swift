#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One named step of the schema's history. Steps apply in order and `PRAGMA user_version` counts
/// the steps applied, so a released step never changes: a later change is a new step at the end.
struct Migration: Sendable {
    let name: String
    let statements: [String]
}

extension Database {
    /// Returns the number of migrations applied to the file, from `PRAGMA user_version` (0 for a
    /// new file).
    func schemaVersion() throws(DatabaseError) -> Int {
        try fetchOne("PRAGMA user_version") { row throws(DatabaseError) in try row.int(0) } ?? 0
    }

    /// Throws unless the file has exactly the schema of `migrations`: a newer one is
    /// `.schemaTooNew`, an older one `.schemaTooOld` (only a writable open may migrate it).
    func requireSchema(of migrations: [Migration]) throws(StoreError) {
        let found: Int
        do {
            found = try schemaVersion()
        } catch {
            throw storeError(error)
        }

        if found > migrations.count {
            throw .schemaTooNew(found: found, supported: migrations.count)
        }
        if found < migrations.count {
            throw .schemaTooOld(found: found, required: migrations.count)
        }
    }

    /// Applies the migrations the file lacks, each in its own immediate transaction together with
    /// its new `user_version`, so a failed step leaves the file at the previous version.
    func migrate(_ migrations: [Migration]) throws(StoreError) {
        do {
            try requireSchema(of: migrations)
            return
        } catch .schemaTooOld(let found, _) {
            for (index, migration) in migrations.enumerated() where index >= found {
                try apply(migration, as: index + 1)
            }
        } catch {
            throw error
        }
    }

    private func apply(_ migration: Migration, as version: Int) throws(StoreError) {
        do {
            try inTransaction(.immediate) {
                // Another process may have applied this step since the version was read.
                guard try schemaVersion() == version - 1 else { return }

                for sql in migration.statements {
                    try execute(uncached: sql)
                }
                // PRAGMA takes no bound parameters. The version is this build's own step count,
                // never input.
                try execute(uncached: "PRAGMA user_version = \(version)")
            }
        } catch var error as DatabaseError {
            error.message = "migration \(version) (\(migration.name)) failed: \(error.message)"
            throw storeError(error)
        } catch let error as StoreError {
            throw error
        } catch {
            throw .sqlite(code: 1, message: "migration \(version) (\(migration.name)) failed: \(error)", sql: "")
        }
    }
}
