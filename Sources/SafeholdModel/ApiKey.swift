#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// How new client secrets of a key are generated when it rotates.
public struct KeyFormat: Hashable, Sendable, Codable {
    /// Number of random characters after the prefix.
    public var length: Int
    /// Characters to draw from, each with equal probability.
    public var alphabet: String
    /// Fixed text before the random part, such as `sk_live_`.
    public var prefix: String

    public static let base62Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

    /// The default: 40 random base62 characters (about 238 bits), no prefix.
    public static let `default` = KeyFormat(length: 40, alphabet: base62Alphabet, prefix: "")

    public init(length: Int, alphabet: String, prefix: String) {
        self.length = length
        self.alphabet = alphabet
        self.prefix = prefix
    }
}

/// Rotation status of an API key, shown beside it in listings.
public enum KeyStatus: String, Hashable, Sendable, Codable {
    /// One current version; the key can be checked out.
    case active
    /// A rotation is recorded in the journal and not finished; check-out of the account waits.
    case rotating
    /// Retries ran out; an administrator must look at `rotationError` and rotate again.
    case rotationFailed
}

/// A named credential of an account. The values live in sealed versions, never here.
public struct ApiKey: Hashable, Sendable, Codable {
    public var id: ApiKeyID
    public var accountID: AccountID
    public var name: String
    public var description: String
    public var format: KeyFormat
    public var status: KeyStatus
    /// The connector's redacted error from the last failed rotation.
    public var rotationError: String?
    /// Version number of the current value; versions count up from 1.
    public var currentVersion: Int
    public var createdAt: Date
    /// Start of the current version, used by `safehold rotate --max-age`.
    public var rotatedAt: Date

    public init(
        id: ApiKeyID, accountID: AccountID, name: String, description: String = "",
        format: KeyFormat = .default, status: KeyStatus = .active, rotationError: String? = nil,
        currentVersion: Int = 1, createdAt: Date, rotatedAt: Date
    ) {
        self.id = id
        self.accountID = accountID
        self.name = name
        self.description = description
        self.format = format
        self.status = status
        self.rotationError = rotationError
        self.currentVersion = currentVersion
        self.createdAt = createdAt
        self.rotatedAt = rotatedAt
    }
}

/// Lifecycle of one stored version of a key's values.
public enum KeyVersionState: String, Hashable, Sendable, Codable {
    /// A rotation candidate recorded in the journal, not yet accepted by the target.
    case pending
    /// The version the target accepts and check-outs reveal. Exactly one per key.
    case current
    /// Replaced; its sealed value has been destroyed and only the times remain.
    case retired
}

/// One version of a key's values, sealed. `wrappedDataKey` is the record's own data key wrapped by
/// the master key; `sealedValue` is the client ID, secret and secret ID sealed by that data key,
/// bound to (kind, key id, version). Retired versions keep neither.
public struct KeyVersion: Hashable, Sendable {
    public var keyID: ApiKeyID
    public var version: Int
    public var state: KeyVersionState
    public var wrappedDataKey: Data?
    public var sealedValue: Data?
    public var createdAt: Date
    public var startedAt: Date?
    public var endedAt: Date?

    public init(
        keyID: ApiKeyID, version: Int, state: KeyVersionState, wrappedDataKey: Data?, sealedValue: Data?,
        createdAt: Date, startedAt: Date? = nil, endedAt: Date? = nil
    ) {
        self.keyID = keyID
        self.version = version
        self.state = state
        self.wrappedDataKey = wrappedDataKey
        self.sealedValue = sealedValue
        self.createdAt = createdAt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}

/// Why a rotation was started.
public enum RotationTrigger: String, Hashable, Sendable, Codable {
    case checkIn
    case revocation
    case expiry
    case close
    case manual
    case maxAge
}

/// Progress of one rotation in the write-ahead journal.
public enum RotationJournalState: String, Hashable, Sendable, Codable {
    /// The candidate is sealed as a pending version; the connector may or may not have applied it.
    case pending
    /// Retries ran out; the key shows `rotationFailed` until an administrator rotates it again.
    case failed
}

/// A write-ahead record of one key rotation, written in the same transaction as the pending
/// version and deleted in the transaction that makes that version current.
public struct RotationJournalEntry: Hashable, Sendable, Codable {
    public var id: JournalEntryID
    public var keyID: ApiKeyID
    public var accountID: AccountID
    public var pendingVersion: Int
    public var trigger: RotationTrigger
    public var requestID: RequestID?
    /// Attempts made so far; each attempt seals a fresh candidate.
    public var attempts: Int
    public var state: RotationJournalState
    public var nextAttemptAt: Date
    public var lastError: String?
    public var createdAt: Date

    public init(
        id: JournalEntryID, keyID: ApiKeyID, accountID: AccountID, pendingVersion: Int, trigger: RotationTrigger,
        requestID: RequestID? = nil, attempts: Int = 0, state: RotationJournalState = .pending,
        nextAttemptAt: Date, lastError: String? = nil, createdAt: Date
    ) {
        self.id = id
        self.keyID = keyID
        self.accountID = accountID
        self.pendingVersion = pendingVersion
        self.trigger = trigger
        self.requestID = requestID
        self.attempts = attempts
        self.state = state
        self.nextAttemptAt = nextAttemptAt
        self.lastError = lastError
        self.createdAt = createdAt
    }
}
