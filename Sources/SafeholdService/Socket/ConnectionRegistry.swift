#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import Synchronization

/// Open connections of one server run, and the count that `stop()` waits on.
///
/// A descriptor is closed only here, under the lock, after its entry is removed, so `shutdown`
/// from `stop()` never reaches a descriptor number that was closed and reused.
final class ConnectionRegistry: Sendable {
    enum Admission {
        case admitted
        case limitReached
        case stopping
    }

    private struct State {
        var descriptors: [UInt64: Int32] = [:]
        var isStopping = false
    }

    private let state = Mutex(State())
    /// Entered for every admitted connection and left when it is closed.
    private let open = DispatchGroup()

    /// Registers a connection unless the server is stopping or `limit` connections are open.
    func admit(_ connectionID: UInt64, descriptor: Int32, limit: Int) -> Admission {
        state.withLock { state in
            if state.isStopping {
                return .stopping
            }
            if state.descriptors.count >= limit {
                return .limitReached
            }
            state.descriptors[connectionID] = descriptor
            open.enter()
            return .admitted
        }
    }

    /// Closes an admitted connection's descriptor and removes it from the registry.
    func close(_ connectionID: UInt64) {
        let wasOpen = state.withLock { state in
            guard let descriptor = state.descriptors.removeValue(forKey: connectionID) else {
                return false
            }
            Glibc.close(descriptor)
            return true
        }
        if wasOpen {
            open.leave()
        }
    }

    var isStopping: Bool {
        state.withLock { $0.isStopping }
    }

    var count: Int {
        state.withLock { $0.descriptors.count }
    }

    /// Refuses further connections and shuts down the reading side of every open one, which wakes
    /// connections waiting for a request. A handler that is running still writes its reply.
    /// Returns the number of open connections.
    func beginStopping() -> Int {
        state.withLock { state in
            state.isStopping = true
            for descriptor in state.descriptors.values {
                shutdown(descriptor, Int32(SHUT_RD))
            }
            return state.descriptors.count
        }
    }

    /// Waits until every connection is closed. Returns false when `timeout` passed first.
    func waitUntilEmpty(timeout: Duration) -> Bool {
        let nanoseconds = timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000
        return open.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .success
    }

    /// Shuts down both directions of every open connection. Returns their number.
    func shutdownAll() -> Int {
        state.withLock { state in
            for descriptor in state.descriptors.values {
                shutdown(descriptor, Int32(SHUT_RDWR))
            }
            return state.descriptors.count
        }
    }
}
