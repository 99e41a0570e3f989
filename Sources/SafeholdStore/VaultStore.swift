#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The broker's view of persistent storage. It speaks only model types, so that a backend other
/// than SQLite (PostgreSQL, for installations that outgrow one machine) can implement it.
///
/// Every `write` is one immediate transaction that commits durably before it returns; a throwing
/// body rolls everything back. Reads see one consistent snapshot.
public protocol VaultStore: AnyObject, Sendable {
    func read<T>(_ body: (any StoreReader) throws -> T) throws -> T
    func write<T>(_ body: (any StoreWriter) throws -> T) throws -> T
}

/// Which requests a listing returns. Every filter that is set must match.
public struct RequestQuery: Hashable, Sendable {
    public var requesterID: UserID?
    public var accountID: AccountID?
    public var states: Set<RequestState>?
    public var includeRemoved: Bool
    /// Requests whose policy lists this user in an approver set.
    public var approverID: UserID?
    /// Requests whose policy lists this user as a reviewer.
    public var reviewerID: UserID?
    public var limit: Int?

    public init(
        requesterID: UserID? = nil, accountID: AccountID? = nil, states: Set<RequestState>? = nil,
        includeRemoved: Bool = true, approverID: UserID? = nil, reviewerID: UserID? = nil, limit: Int? = nil
    ) {
        self.requesterID = requesterID
        self.accountID = accountID
        self.states = states
        self.includeRemoved = includeRemoved
        self.approverID = approverID
        self.reviewerID = reviewerID
        self.limit = limit
    }
}

/// A signed audit chain head.
public struct AuditCheckpoint: Hashable, Sendable, Codable {
    public var sequence: Int64
    public var headHash: Data
    public var signature: Data
    public var at: Date

    public init(sequence: Int64, headHash: Data, signature: Data, at: Date) {
        self.sequence = sequence
        self.headHash = headHash
        self.signature = signature
        self.at = at
    }
}

/// One stored audit event as the chain check needs it. The buffers point into the store's row
/// and are valid only during the call that receives the entry.
public struct AuditChainEntry {
    public var sequence: Int64
    public var previousHash: UnsafeRawBufferPointer
    public var hash: UnsafeRawBufferPointer
    /// The canonical encoding of the event's fields (`docs/audit.md`), built from its columns.
    public var encoding: UnsafeRawBufferPointer

    public init(sequence: Int64, previousHash: UnsafeRawBufferPointer, hash: UnsafeRawBufferPointer, encoding: UnsafeRawBufferPointer) {
        self.sequence = sequence
        self.previousHash = previousHash
        self.hash = hash
        self.encoding = encoding
    }
}

/// Filters for reading the audit trail. Every filter that is set must match.
public struct AuditQuery: Hashable, Sendable {
    public var afterSequence: Int64?
    public var since: Date?
    public var until: Date?
    public var requestID: RequestID?
    public var userID: UserID?
    public var accountID: AccountID?
    public var action: String?
    public var limit: Int?

    public init(
        afterSequence: Int64? = nil, since: Date? = nil, until: Date? = nil, requestID: RequestID? = nil,
        userID: UserID? = nil, accountID: AccountID? = nil, action: String? = nil, limit: Int? = nil
    ) {
        self.afterSequence = afterSequence
        self.since = since
        self.until = until
        self.requestID = requestID
        self.userID = userID
        self.accountID = accountID
        self.action = action
        self.limit = limit
    }
}

/// Read access inside a transaction or snapshot. Lookups by id or name return nil when absent.
public protocol StoreReader {
    /// Vault-wide values: schema facts, sealed service keys (audit key, signing key, token key).
    func metadata(_ name: String) throws -> Data?

    func user(id: UserID) throws -> User?
    func user(named name: String) throws -> User?
    func user(osLogin: String) throws -> User?
    func users() throws -> [User]

    func token(id: TokenID) throws -> Token?
    func token(hash: Data) throws -> Token?
    func tokens(userID: UserID?) throws -> [Token]

    func asset(id: AssetID) throws -> Asset?
    func asset(named name: String) throws -> Asset?
    func assets() throws -> [Asset]

    func account(id: AccountID) throws -> Account?
    func account(assetID: AssetID, named name: String) throws -> Account?
    func accounts(assetID: AssetID?) throws -> [Account]

    func apiKey(id: ApiKeyID) throws -> ApiKey?
    func apiKey(accountID: AccountID, named name: String) throws -> ApiKey?
    func apiKeys(accountID: AccountID?) throws -> [ApiKey]
    /// Keys whose current version started before `date`, for rotation by age.
    func apiKeys(rotatedBefore date: Date) throws -> [ApiKey]
    func apiKeyCount() throws -> Int

    func keyVersion(keyID: ApiKeyID, version: Int) throws -> KeyVersion?
    /// Returns all versions of a key, oldest first.
    func keyVersions(keyID: ApiKeyID) throws -> [KeyVersion]
    /// Every sealed version (current and pending) of every key, for rekey.
    func sealedKeyVersions() throws -> [KeyVersion]

    func policy(id: PolicyID) throws -> Policy?
    func policy(named name: String) throws -> Policy?
    func policies() throws -> [Policy]

    func request(id: RequestID) throws -> AccessRequest?
    /// Full ids that start with `prefix`, at most `limit` of them.
    func requestIDs(withPrefix prefix: String, limit: Int) throws -> [RequestID]
    /// Requests matching the query, newest first.
    func requests(_ query: RequestQuery) throws -> [AccessRequest]
    func history(requestID: RequestID) throws -> [HistoryEntry]
    /// Earliest time-driven deadline stored with any request, for the scheduler.
    func earliestRequestDeadline() throws -> Date?
    /// Requests whose stored deadline is at or before `date`.
    func requestsDue(by date: Date) throws -> [AccessRequest]

    func journalEntry(id: JournalEntryID) throws -> RotationJournalEntry?
    func journalEntries(keyID: ApiKeyID?) throws -> [RotationJournalEntry]
    func journalEntries(accountID: AccountID) throws -> [RotationJournalEntry]
    /// Pending entries whose next attempt is at or before `date`.
    func journalEntriesDue(by date: Date) throws -> [RotationJournalEntry]
    func earliestJournalDeadline() throws -> Date?

    func lastAuditEvent() throws -> AuditEvent?
    /// Returns the sequence and hash of the last event, without reading its other fields.
    func lastAuditLink() throws -> (sequence: Int64, hash: Data)?
    /// Calls `body` with every event after `afterSequence` in sequence order, until it returns
    /// false, without building `AuditEvent` values: for verifying millions of events.
    func forEachAuditChainEntry(after afterSequence: Int64, _ body: (AuditChainEntry) -> Bool) throws
    func auditEventCount() throws -> Int
    /// Events matching the query in sequence order.
    func auditEvents(_ query: AuditQuery) throws -> [AuditEvent]
    func auditCheckpoints() throws -> [AuditCheckpoint]
    /// Returns the checkpoint stored last, without reading the others.
    func lastAuditCheckpoint() throws -> AuditCheckpoint?
}

/// Write access inside one immediate transaction. Inserting a duplicate name or id throws
/// `StoreError.duplicate`; updating or deleting a missing row throws `StoreError.notFound`.
public protocol StoreWriter: StoreReader {
    func setMetadata(_ name: String, _ value: Data?) throws

    func insert(_ user: User) throws
    func update(_ user: User) throws

    func insert(_ token: Token) throws
    func update(_ token: Token) throws

    func insert(_ asset: Asset) throws
    func update(_ asset: Asset) throws
    func deleteAsset(id: AssetID) throws

    func insert(_ account: Account) throws
    func update(_ account: Account) throws
    func deleteAccount(id: AccountID) throws

    func insert(_ key: ApiKey) throws
    func update(_ key: ApiKey) throws
    /// Deletes the key and every version of it.
    func deleteApiKey(id: ApiKeyID) throws

    func insert(_ version: KeyVersion) throws
    /// Replaces state, sealed fields and times of an existing version. A retired version is stored
    /// with nil sealed fields, which overwrites the old bytes.
    func update(_ version: KeyVersion) throws
    func deleteKeyVersion(keyID: ApiKeyID, version: Int) throws

    func insert(_ policy: Policy) throws
    func update(_ policy: Policy) throws
    func deletePolicy(id: PolicyID) throws

    /// Stores a new request with its next time-driven deadline (nil when none is due).
    func insert(_ request: AccessRequest, deadline: Date?) throws
    /// Stores what the workflow changes after submission: state, window start, flags,
    /// acknowledgment, removal, approvals, reviews, revealed versions, close comment and update
    /// time, with the deadline. The fields set at submission
    /// (requester, account, asset, policy, requested times, duration, ticket, reason, emergency,
    /// resubmission source) keep their stored values.
    func update(_ request: AccessRequest, deadline: Date?) throws
    func appendHistory(_ entry: HistoryEntry, requestID: RequestID) throws

    func insert(_ entry: RotationJournalEntry) throws
    func update(_ entry: RotationJournalEntry) throws
    func deleteJournalEntry(id: JournalEntryID) throws

    /// Appends an event whose sequence is one more than the last one's.
    func append(_ event: AuditEvent) throws
    func insert(_ checkpoint: AuditCheckpoint) throws
}

/// Storage failures, with the SQLite result code and message where there is one. Bound values are
/// never part of an error, because they may be sealed secrets or personal data.
public enum StoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A row with this unique value exists: `kind` is the table's object ("user", "asset", ...).
    case duplicate(kind: String, name: String)
    case notFound(kind: String, id: String)
    /// The database was written by a newer Safehold whose schema this build does not know.
    case schemaTooNew(found: Int, supported: Int)
    /// The database needs migrations, which a read-only open never applies.
    case schemaTooOld(found: Int, required: Int)
    /// The file is not a database or fails SQLite's integrity check.
    case damaged(path: String, detail: String)
    /// Another process holds the write lock longer than the busy timeout.
    case busy
    /// The disk is full or the database is read-only, so nothing could be written.
    case notWritable(detail: String)
    /// Any other SQLite failure: result code, message and the statement's SQL.
    case sqlite(code: Int32, message: String, sql: String)

    public var description: String {
        switch self {
        case let .duplicate(kind, name): "\(kind) '\(name)' already exists"
        case let .notFound(kind, id): "\(kind) \(id) not found"
        case let .schemaTooNew(found, supported):
            "the vault database has schema version \(found), newer than this build supports (\(supported)); upgrade safehold"
        case let .schemaTooOld(found, required):
            "the vault database has schema version \(found), older than this build requires (\(required)); start `safehold serve` once to upgrade it"
        case let .damaged(path, detail): "the vault database \(path) is damaged: \(detail); restore it from a backup"
        case .busy: "the vault database is busy; retry"
        case let .notWritable(detail): "the vault database cannot be written: \(detail)"
        case let .sqlite(code, message, sql): "SQLite error \(code): \(message) (in: \(sql))"
        }
    }
}
