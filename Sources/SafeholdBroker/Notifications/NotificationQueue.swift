#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Dispatch
import SafeholdSystem
import Synchronization

/// The state shared between `NotificationDispatcher`'s callers and its worker thread: the waiting
/// notifications under a mutex, and a semaphore that wakes the worker when something changes.
final class NotificationQueue: Sendable {
    private struct Pending {
        var notification: Notification
        var attempts = 0
        var dueAt: Date
    }

    private struct State {
        var waiting: [Pending] = []
        var delivering = false
        /// Process group of the notify command that is running, while one is.
        var deliveryProcessGroup: pid_t?
        var draining = false
        var stopped = false
        var statistics = NotificationDispatcher.Statistics()
    }

    private enum Step {
        case deliver(Pending)
        case wait(Duration?)
        /// Stop the worker; the count is the notifications that were still waiting.
        case exit(dropped: Int)
    }

    private let configuration: NotificationDispatcher.Configuration
    private let now: @Sendable () -> Date
    private let log: NotificationDispatcher.Log
    private let state = Mutex(State())
    private let wakeUp = DispatchSemaphore(value: 0)

    init(configuration: NotificationDispatcher.Configuration, now: @escaping @Sendable () -> Date, log: @escaping NotificationDispatcher.Log) {
        self.configuration = configuration
        self.now = now
        self.log = log
    }

    func enqueue(_ notification: Notification) {
        let dueAt = now()
        let reason: String? = state.withLock { state in
            if state.stopped {
                state.statistics.dropped += 1
                return "dispatcher stopped"
            }
            if state.waiting.count >= configuration.capacity {
                state.statistics.dropped += 1
                return "queue full"
            }
            state.waiting.append(Pending(notification: notification, dueAt: dueAt))
            state.statistics.pending += 1
            return nil
        }
        if let reason {
            var metadata = Self.metadata(of: notification)
            metadata["reason"] = reason
            log("notification dropped", metadata)
        }
        wakeUp.signal()
    }

    func drain(timeout: Duration) -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        state.withLock { $0.draining = true }
        wakeUp.signal()
        defer { state.withLock { $0.draining = false } }

        while ContinuousClock.now < deadline {
            let empty = state.withLock { $0.waiting.isEmpty && !$0.delivering }
            if empty { return true }
            usleep(5_000)
        }
        return state.withLock { $0.waiting.isEmpty && !$0.delivering }
    }

    func stop() {
        state.withLock { $0.stopped = true }
        wakeUp.signal()
    }

    /// Stops like `stop()`, and kills the notify command that is running, if any, so that it does
    /// not outlive the service.
    /// NOTE: the worker clears the process group only after it reaped the command. A call in that
    /// instant signals a free group id, which the kernel reuses only after its pids wrapped around.
    func stopKillingDelivery() {
        let killed = state.withLock { state -> Bool in
            state.stopped = true
            guard let group = state.deliveryProcessGroup else { return false }
            kill(-group, SIGKILL)
            return true
        }
        wakeUp.signal()
        if killed { log("notify command killed at stop", [:]) }
    }

    var statistics: NotificationDispatcher.Statistics {
        state.withLock { $0.statistics }
    }

    /// Runs the worker's loop: delivers what is due, otherwise sleeps until the next retry is due
    /// or a caller signals. Returns after `stop`.
    func runWorker() {
        while true {
            switch nextStep() {
            case .exit(let dropped):
                if dropped > 0 { log("notifications dropped at stop", ["count": "\(dropped)"]) }
                return
            case .wait(let duration?):
                _ = wakeUp.wait(timeout: .now() + .nanoseconds(Int(min(duration, configuration.recheckInterval).nanoseconds)))
            case .wait(nil):
                wakeUp.wait()
            case .deliver(let pending):
                let failure = NotificationDelivery(configuration: configuration).run(pending.notification) { group in
                    state.withLock { $0.deliveryProcessGroup = group }
                }
                finish(pending, failure: failure)
            }
        }
    }

    private func nextStep() -> Step {
        let current = now()
        return state.withLock { state in
            if state.stopped {
                let dropped = state.waiting.count
                state.statistics.dropped += dropped
                state.statistics.pending -= dropped
                state.waiting.removeAll()
                return .exit(dropped: dropped)
            }
            guard let index = state.waiting.indices.min(by: { state.waiting[$0].dueAt < state.waiting[$1].dueAt }) else {
                return .wait(nil)
            }
            let dueAt = state.waiting[index].dueAt
            guard state.draining || dueAt <= current else {
                return .wait(.seconds(dueAt.timeIntervalSince(current)))
            }
            state.delivering = true
            return .deliver(state.waiting.remove(at: index))
        }
    }

    /// Records the result of one attempt and schedules the next one, or gives up.
    private func finish(_ delivered: Pending, failure: String?) {
        var pending = delivered
        pending.attempts += 1
        var metadata = Self.metadata(of: pending.notification)
        metadata["attempt"] = "\(pending.attempts)"

        guard let failure else {
            state.withLock { state in
                state.delivering = false
                state.deliveryProcessGroup = nil
                state.statistics.delivered += 1
                state.statistics.pending -= 1
            }
            if pending.attempts > 1 { log("notification delivered after retry", metadata) }
            return
        }

        metadata["reason"] = failure
        let delay = backoff(afterAttempt: pending.attempts)
        let abandoned = pending.attempts >= configuration.maxAttempts
        if !abandoned {
            pending.dueAt = now().addingTimeInterval(Double(delay.components.seconds) + Double(delay.components.attoseconds) / 1e18)
        }
        state.withLock { state in
            state.delivering = false
            state.deliveryProcessGroup = nil
            state.statistics.failedAttempts += 1
            if abandoned {
                state.statistics.abandoned += 1
                state.statistics.pending -= 1
            } else {
                state.waiting.append(pending)
            }
        }
        if abandoned {
            log("notification dropped after failed attempts", metadata)
        } else {
            metadata["retryIn"] = "\(delay)"
            log("notification delivery failed; will retry", metadata)
        }
    }

    /// Returns the delay after failed attempt `attempt` (from 1): the initial backoff, doubled for
    /// each attempt after the first, at most `maxBackoff`.
    func backoff(afterAttempt attempt: Int) -> Duration {
        var delay = configuration.initialBackoff
        for _ in 1..<max(attempt, 1) where delay < configuration.maxBackoff {
            delay *= 2
        }
        return min(delay, configuration.maxBackoff)
    }

    private static func metadata(of notification: Notification) -> [String: String] {
        [
            "kind": notification.kind.rawValue,
            "recipient": notification.recipientID.rawValue,
            "request": notification.requestID?.rawValue ?? "none",
        ]
    }
}

private extension Duration {
    var nanoseconds: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
