#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One entry of the audit trail. No field ever holds a secret; where a value must be identified,
/// `valueHash` holds a keyed hash of it under the dedicated audit key.
public struct AuditEvent: Hashable, Sendable, Codable {
    /// Position in the trail, from 1, without gaps.
    public var sequence: Int64
    public var at: Date
    public var actorID: UserID?
    /// Peer credentials of the socket caller, when the action came through the service.
    public var actorUID: Int?
    public var actorPID: Int?
    /// Past-tense event name, such as `approved`, `checkedOut`, `keyRotated`, `loginFailed`.
    public var action: String
    /// Ids of the objects involved, by kind: `request`, `account`, `key`, `user`, `policy`, ...
    public var targets: [String: String]
    public var oldState: String?
    public var newState: String?
    public var comment: String?
    public var valueHash: Data?
    /// Hash of the previous event (32 zero bytes for the first).
    public var previousHash: Data
    /// BLAKE2b-256 of this event's canonical encoding, which includes `previousHash`.
    public var hash: Data

    public init(
        sequence: Int64, at: Date, actorID: UserID?, actorUID: Int? = nil, actorPID: Int? = nil,
        action: String, targets: [String: String] = [:], oldState: String? = nil, newState: String? = nil,
        comment: String? = nil, valueHash: Data? = nil, previousHash: Data = Data(), hash: Data = Data()
    ) {
        self.sequence = sequence
        self.at = at
        self.actorID = actorID
        self.actorUID = actorUID
        self.actorPID = actorPID
        self.action = action
        self.targets = targets
        self.oldState = oldState
        self.newState = newState
        self.comment = comment
        self.valueHash = valueHash
        self.previousHash = previousHash
        self.hash = hash
    }
}
