#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc

/// A pthread mutex with two condition variables, for `WriteQueue`, whose callers sleep until
/// either their turn or their transaction's commit comes. `Synchronization.Mutex` has no
/// condition variable, and FoundationEssentials has no `NSCondition`.
final class ConditionLock: @unchecked Sendable {
    /// The two events a thread can wait for.
    enum Condition {
        case turn
        case commit
    }

    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let turn: UnsafeMutablePointer<pthread_cond_t>
    private let commit: UnsafeMutablePointer<pthread_cond_t>

    init() {
        mutex = .allocate(capacity: 1)
        turn = .allocate(capacity: 1)
        commit = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(turn, nil)
        pthread_cond_init(commit, nil)
    }

    deinit {
        pthread_cond_destroy(commit)
        pthread_cond_destroy(turn)
        pthread_mutex_destroy(mutex)
        commit.deallocate()
        turn.deallocate()
        mutex.deallocate()
    }

    /// Runs `body` with the mutex held. `body` may call `wait(for:)`, which releases the mutex
    /// while it sleeps.
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Sleeps until another thread signals `condition`. Call it only inside `withLock`, in a loop
    /// that checks the state it waits for, because a wake-up may be spurious.
    func wait(for condition: Condition) {
        pthread_cond_wait(pointer(condition), mutex)
    }

    /// Wakes one thread waiting for `condition`.
    func signal(_ condition: Condition) {
        pthread_cond_signal(pointer(condition))
    }

    /// Wakes every thread waiting for `condition`.
    func broadcast(_ condition: Condition) {
        pthread_cond_broadcast(pointer(condition))
    }

    private func pointer(_ condition: Condition) -> UnsafeMutablePointer<pthread_cond_t> {
        switch condition {
        case .turn: turn
        case .commit: commit
        }
    }
}
