#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import SafeholdSystem

/// Delivers notifications through the configured notify command on a background worker.
/// `enqueue` only appends to an in-memory queue, so it returns at once even when the command hangs.
///
/// Each notification runs the command once with one JSON object on standard input
/// (`Notification.encodedJSON`). Exit status 0 is delivery; anything else, a timeout or a command
/// that fails the `TrustedProgram` checks is a failed attempt, logged and retried with doubling
/// delays until `maxAttempts`. Delivery is at least once: a command that timed out after sending
/// may be run again.
public final class NotificationDispatcher: Sendable {
    public struct Configuration: Sendable {
        /// Absolute path of the notify command, checked like a connector program.
        public var command: String
        public var arguments: [String]
        /// Variables added to the minimal environment (`PATH`, `LANG`, `LC_ALL`), such as
        /// `SAFEHOLD_SENDMAIL`. They are visible to other local users in /proc: never a secret.
        public var environment: [String: String]
        /// Time after which one run of the command is killed.
        public var timeout: Duration
        /// Runs per notification, the first included, before it is dropped.
        public var maxAttempts: Int
        /// Delay before the second attempt; each later delay doubles, up to `maxBackoff`.
        public var initialBackoff: Duration
        public var maxBackoff: Duration
        /// Notifications waiting beyond this number are dropped, and each drop is logged.
        public var capacity: Int
        /// Maximum wait before the worker reads the time source again while a retry is waiting,
        /// so that an injected clock that jumps ahead is noticed.
        public var recheckInterval: Duration

        public init(
            command: String, arguments: [String] = [], environment: [String: String] = [:],
            timeout: Duration = .seconds(10), maxAttempts: Int = 5, initialBackoff: Duration = .seconds(5),
            maxBackoff: Duration = .seconds(300), capacity: Int = 10_000, recheckInterval: Duration = .seconds(1)
        ) {
            self.command = command
            self.arguments = arguments
            self.environment = environment
            self.timeout = timeout
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.capacity = capacity
            self.recheckInterval = recheckInterval
        }
    }

    /// Counts since the dispatcher started, for tests and status output.
    public struct Statistics: Sendable, Equatable {
        public var delivered = 0
        public var failedAttempts = 0
        /// Notifications dropped after `maxAttempts` failed attempts.
        public var abandoned = 0
        /// Notifications dropped because the queue was full or the dispatcher had stopped.
        public var dropped = 0
        /// Notifications waiting or being delivered.
        public var pending = 0
    }

    /// Receives a constant message and metadata (ids, kind, attempt, reason); never a secret.
    public typealias Log = @Sendable (_ message: String, _ metadata: [String: String]) -> Void

    private let queue: NotificationQueue

    /// Checks the command and starts the worker. `now` is the time source for retry delays.
    public init(
        configuration: Configuration, now: @escaping @Sendable () -> Date = { Date() }, log: @escaping Log
    ) throws(ProgramPathError) {
        _ = try TrustedProgram.validate(configuration.command, role: .notifier)
        queue = NotificationQueue(configuration: configuration, now: now, log: log)
        let worker = queue
        DispatchQueue(label: "safehold.notifications").async {
            worker.runWorker()
        }
    }

    deinit {
        queue.stop()
    }

    /// Queues `notification` for delivery and returns at once.
    public func enqueue(_ notification: Notification) {
        queue.enqueue(notification)
    }

    /// Attempts every waiting notification now, ignoring retry delays, and waits until none is
    /// left or `timeout` passes. Returns whether the queue is empty. Notifications that keep
    /// failing use up their attempts quickly while draining.
    @discardableResult
    public func drain(timeout: Duration) -> Bool {
        queue.drain(timeout: timeout)
    }

    /// Stops the worker after the delivery in progress, if any. Later notifications are dropped.
    public func stop() {
        queue.stop()
    }

    /// Stops the worker and kills the notify command that is running, if any, for a service that
    /// exits and must leave no command behind. Later notifications are dropped.
    public func stopKillingDelivery() {
        queue.stopKillingDelivery()
    }

    public var statistics: Statistics {
        queue.statistics
    }
}
