#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Synchronization

/// Read-only connections to one database file, reused from read to read.
///
/// A read takes an idle connection or opens a new one, so reads do not wait for each other or for
/// the writer's transaction, because in WAL mode each reader keeps its own snapshot while the
/// writer commits. At most `maximumIdle` connections stay open between reads.
final class ReaderPool: Sendable {
    private struct State {
        var idle: [Database] = []
        var isClosed = false
    }

    let path: String
    private let state: Mutex<State>

    /// Enough for the service's concurrent callers, because opening a connection (with its
    /// settings and an empty statement cache) costs more than many reads.
    static let maximumIdle = 32

    /// Creates a pool that starts with `connection` idle, if given.
    init(path: String, connection: Database? = nil) {
        self.path = path
        var initial = State()
        if let connection {
            initial.idle.append(connection)
        }
        state = Mutex(initial)
    }

    /// Runs `body` with a connection that no other thread uses until `body` returns.
    func withConnection<T>(_ body: (Database) throws -> T) throws -> T {
        let connection = try take()
        defer { giveBack(connection) }
        return try body(connection)
    }

    private func take() throws(StoreError) -> Database {
        let (isClosed, idle) = state.withLock { state in
            (state.isClosed, state.isClosed ? nil : state.idle.popLast())
        }
        if isClosed {
            throw SQLiteVaultStore.closedError
        }
        if let idle {
            return idle
        }
        return try Database.open(path: path, access: .readOnly)
    }

    private func giveBack(_ connection: Database) {
        let isPooled = state.withLock { state in
            guard !state.isClosed, state.idle.count < ReaderPool.maximumIdle else { return false }
            state.idle.append(connection)
            return true
        }
        if !isPooled {
            connection.close()
        }
    }

    /// Closes the idle connections. Connections in use close when their read ends.
    func close() {
        let idle = state.withLock { state in
            state.isClosed = true
            defer { state.idle = [] }
            return state.idle
        }
        for connection in idle {
            connection.close()
        }
    }
}
