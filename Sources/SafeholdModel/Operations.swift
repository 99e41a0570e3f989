#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// Plain data that callers send to the broker and get back, shared by the broker, the wire
// protocol and the command line.

/// Changes to a user; nil fields stay as they are, and an empty login or e-mail removes it.
public struct UserChanges: Sendable, Codable, Hashable {
    public var osLogin: String?
    public var email: String?
    public var isAdministrator: Bool?
    public var isAuditor: Bool?
    public var isDisabled: Bool?

    public init(osLogin: String? = nil, email: String? = nil, isAdministrator: Bool? = nil, isAuditor: Bool? = nil, isDisabled: Bool? = nil) {
        self.osLogin = osLogin
        self.email = email
        self.isAdministrator = isAdministrator
        self.isAuditor = isAuditor
        self.isDisabled = isDisabled
    }
}

/// The parameters of `safehold request`.
public struct RequestInput: Sendable, Codable, Hashable {
    /// `ASSET/ACCOUNT`.
    public var accountPath: String
    /// Explicit start of a fixed window; nil means now.
    public var start: Date?
    /// Duration in seconds; nil means the policy's default.
    public var durationSeconds: Int?
    public var ticketNumber: String?
    public var reason: String?
    public var isEmergency: Bool

    public init(accountPath: String, start: Date? = nil, durationSeconds: Int? = nil, ticketNumber: String? = nil, reason: String? = nil, isEmergency: Bool = false) {
        self.accountPath = accountPath
        self.start = start
        self.durationSeconds = durationSeconds
        self.ticketNumber = ticketNumber
        self.reason = reason
        self.isEmergency = isEmergency
    }
}

/// The result of asking for a rotation of one key.
public struct RotationReport: Sendable, Codable, Hashable {
    public enum Status: String, Sendable, Codable {
        /// The new version is current and the old one destroyed.
        case rotated
        /// A retry is scheduled; the account stays unavailable for check-out until it succeeds.
        case retrying
        /// Retries ran out or the target lacks the account; an administrator must act.
        case failed
        /// Another rotation of this key is already in progress.
        case alreadyRotating
    }

    public var keyID: ApiKeyID
    public var keyName: String
    public var status: Status
    public var version: Int
    public var error: String?

    public init(keyID: ApiKeyID, keyName: String, status: Status, version: Int, error: String? = nil) {
        self.keyID = keyID
        self.keyName = keyName
        self.status = status
        self.version = version
        self.error = error
    }
}

/// The counts of objects an import added or updated.
public struct ApiKeyImportSummary: Sendable, Codable, Hashable {
    public var assetsAdded = 0
    public var accountsAdded = 0
    public var keysAdded = 0
    public var keysUpdated = 0

    public init() {}
}
