#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The disk's floor for durable commits, for the benchmark: how many one-row transactions per
/// second a connection with the vault's own settings (WAL, `synchronous=FULL`, `secure_delete`)
/// commits on this disk. A vault commit writes more pages than one row, so it cannot be faster.
public enum CommitFloor {
    /// Creates a database at `path` (which must not exist), commits `count` one-row transactions
    /// in it, and returns the commits per second. The caller removes the files afterwards.
    public static func commitsPerSecond(path: String, count: Int) throws -> Double {
        try SQLiteVaultStore.createFile(at: path)
        let database = try Database(path: path, access: .readWrite)
        defer { database.close() }
        try database.execute(uncached: "CREATE TABLE floor (id INTEGER PRIMARY KEY, payload BLOB NOT NULL) STRICT")

        let payload = Data(repeating: 0x5A, count: 200)
        let start = ContinuousClock.now
        for _ in 0..<count {
            try database.execute(uncached: "BEGIN IMMEDIATE TRANSACTION")
            _ = try database.execute("INSERT INTO floor (payload) VALUES (?)", [payload])
            try database.execute(uncached: "COMMIT TRANSACTION")
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return Double(count) / seconds
    }
}
