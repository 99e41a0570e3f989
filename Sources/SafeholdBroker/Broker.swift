#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Synchronization

/// Settings of a broker that are not stored in the vault.
public struct BrokerOptions: Sendable {
    /// How many times a failed rotation is retried before the key shows "rotation failed".
    public var rotationRetryLimit: Int
    /// Delay before the first retry; each later retry waits twice as long.
    public var rotationRetryDelay: TimeInterval
    /// How long before a window ends the requester is told that it ends soon.
    public var expiryNoticeLead: TimeInterval
    /// Every audit event whose sequence is a multiple of this count is signed as a checkpoint in
    /// the transaction that appends it; 0 leaves only the time-driven and shutdown checkpoints.
    public var auditCheckpointEventCount: Int

    public init(
        rotationRetryLimit: Int = 5, rotationRetryDelay: TimeInterval = 30, expiryNoticeLead: TimeInterval = 15 * 60,
        auditCheckpointEventCount: Int = 100
    ) {
        self.rotationRetryLimit = rotationRetryLimit
        self.rotationRetryDelay = rotationRetryDelay
        self.expiryNoticeLead = expiryNoticeLead
        self.auditCheckpointEventCount = auditCheckpointEventCount
    }
}

/// The operational log of the broker: starts, retries and every caught error, with ids. It never
/// receives a secret. The service writes it to stderr; tests capture it.
public protocol BrokerLog: Sendable {
    func info(_ message: StaticString, _ metadata: [String: String])
    func error(_ message: StaticString, _ metadata: [String: String])
}

/// A log that drops everything.
public struct SilentBrokerLog: BrokerLog {
    public init() {}
    public func info(_ message: StaticString, _ metadata: [String: String]) {}
    public func error(_ message: StaticString, _ metadata: [String: String]) {}
}

/// The domain of Safehold: directory, policies, requests and their workflow, check-out, rotation,
/// verification and the audit trail, on top of an opened vault. Every public operation takes the
/// `Caller`, authorizes it, and records what it did in the audit trail within the same
/// transaction as the change.
///
/// Time and randomness are injected. Thread-safe: the store serializes writes, and rotations of
/// one key are serialized by the rotation journal.
public final class Broker: Sendable {
    public let store: any VaultStore
    let masterKey: SecretBytes
    let keys: ServiceKeys
    let clock: any TimeSource
    let random: any RandomSource
    let options: BrokerOptions
    let log: any BrokerLog
    let audit: AuditRecorder
    let targets: RotationTargets
    let notifications: NotificationSink
    /// Journal entries being attempted right now, so that the scheduler and a manual rotate never
    /// run the same entry at once.
    let rotationsInFlight = Mutex<Set<JournalEntryID>>([])
    /// Faults that tests inject into journaled rotations; always nil in the service.
    let rotationFaults = Mutex<RotationFaults?>(nil)
    /// A sealed value that `verify` opens when the account or key is unknown, so that an unknown
    /// account takes as long as a wrong key.
    let verifyDecoy: KeyVersion

    public init(
        vault: OpenedVault, clock: any TimeSource = SystemTimeSource(), random: any RandomSource = SystemRandomSource(),
        options: BrokerOptions = BrokerOptions(), log: any BrokerLog = SilentBrokerLog(),
        targets: RotationTargets = RotationTargets(), notifications: NotificationSink = NotificationSink()
    ) {
        self.store = vault.store
        self.masterKey = vault.masterKey
        self.keys = vault.keys
        self.clock = clock
        self.random = random
        self.options = options
        self.log = log
        self.audit = AuditRecorder(keys: vault.keys, checkpointEventCount: options.auditCheckpointEventCount)
        self.targets = targets
        self.notifications = notifications
        self.verifyDecoy = Broker.makeVerifyDecoy(masterKey: vault.masterKey, random: random)
    }

    /// Runs `body` in one durable write transaction and translates storage failures.
    func write<T>(_ body: (any StoreWriter) throws -> T) throws(BrokerError) -> T {
        do {
            return try store.write(body)
        } catch {
            throw BrokerError.from(error)
        }
    }

    /// Runs `body` like `write(_:)`, and when it fails because of the caller (an unknown name, a
    /// conflict, invalid input), records that as a rejected `action` before throwing.
    func write<T>(
        rejecting action: String, by caller: Caller, targets: [String: String] = [:], _ body: (any StoreWriter) throws -> T
    ) throws(BrokerError) -> T {
        do {
            return try write(body)
        } catch {
            recordRejection(of: error, action: action, by: caller, targets: targets)
            throw error
        }
    }

    /// Runs `body` on a consistent snapshot and translates storage failures.
    func read<T>(_ body: (any StoreReader) throws -> T) throws(BrokerError) -> T {
        do {
            return try store.read(body)
        } catch {
            throw BrokerError.from(error)
        }
    }

    /// Records a rejected action in its own transaction: the rejection itself must be audited even
    /// though the action changed nothing. A failure to record is logged, not thrown, so that the
    /// caller still sees the original rejection.
    func recordRejection(_ action: String, by caller: Caller, targets: [String: String], reason: String) {
        do {
            try store.write { writer in
                try audit.record("rejected", by: caller, targets: targets, comment: "\(action): \(reason)", at: clock.now(), in: writer)
            }
        } catch {
            log.error("failed to record a rejected action", ["action": action, "error": "\(error)"])
        }
    }

    /// Records `error` as a rejected action when the caller caused it. Internal, busy and
    /// storage failures are not rejections: they are logged where they are caught.
    func recordRejection(of error: BrokerError, action: String, by caller: Caller, targets: [String: String]) {
        switch error.kind {
        case .notFound, .permissionDenied, .invalidInput, .conflict, .rotating:
            recordRejection(action, by: caller, targets: targets, reason: error.description)
        case .busy, .failed, .internalError:
            break
        }
    }
}
