#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The `--json` output of `safehold` as a script reads it: field names are written out here, not
// taken from the product's own types, so that renaming a field fails a test. Times are
// milliseconds since 1970.

struct RequestFlagsJSON: Decodable {
    let wasDenied: Bool
    let wasRevoked: Bool
    let wasCancelled: Bool
    let wasExpired: Bool
    let wasCheckedOut: Bool
}

struct RequestJSON: Decodable {
    let id: String
    let state: String
    let requesterID: String
    let accountID: String
    let policyID: String
    let requestedAt: Double
    let windowStart: Double?
    let durationSeconds: Int
    let ticketNumber: String?
    let reason: String?
    let isEmergency: Bool
    let isRemoved: Bool
    let flags: RequestFlagsJSON
    let revealedVersions: [String: Int]
    let resubmittedFrom: String?
}

struct SummaryJSON: Decodable {
    let request: RequestJSON
    let label: String
    let requesterName: String
    let assetName: String
    let accountName: String
    let policyName: String
    let approvalsNeeded: Int
    let reviewsNeeded: Int
    let remainingSeconds: Int
}

struct ActionFailureJSON: Decodable {
    let id: String
    let code: String
    let message: String
    let hint: String?
}

struct ActionJSON: Decodable {
    let succeeded: [SummaryJSON]
    let failed: [ActionFailureJSON]
}

struct HistoryEntryJSON: Decodable {
    let at: Double
    let action: String
    let oldState: String?
    let newState: String
    let comment: String?
}

struct HistoryStepJSON: Decodable {
    let entry: HistoryEntryJSON
    let actorName: String?
}

struct SignoffJSON: Decodable {
    let userName: String
    let at: Double
    let comment: String?
}

struct NamedJSON: Decodable {
    let id: String
    let name: String
}

struct DetailsJSON: Decodable {
    let summary: SummaryJSON
    let policy: NamedJSON
    let approvals: [SignoffJSON]
    let reviews: [SignoffJSON]
    let history: [HistoryStepJSON]
}

struct RevealedKeyJSON: Decodable {
    let name: String
    let description: String
    let version: Int
    let clientId: String
    let clientSecret: String
    let clientSecretId: String?
}

struct RevealedJSON: Decodable {
    let keys: [RevealedKeyJSON]
}

struct UserJSON: Decodable {
    let id: String
    let name: String
    let osLogin: String?
    let email: String?
    let isAdministrator: Bool
    let isAuditor: Bool
    let isDisabled: Bool
}

struct MeJSON: Decodable {
    let user: UserJSON
    let authenticatedBy: String
}

struct TokenJSON: Decodable {
    let id: String
    let userID: String
    let createdAt: Double
    let revokedAt: Double?
}

struct CreatedTokenJSON: Decodable {
    let token: TokenJSON
    let text: String
}

struct AssetJSON: Decodable {
    let id: String
    let name: String
    let platform: String
    let connectorPath: String?
    let description: String
}

struct AccountJSON: Decodable {
    let id: String
    let assetID: String
    let name: String
    let description: String
}

struct AccountRowJSON: Decodable {
    let asset: AssetJSON
    let account: AccountJSON
}

struct ApiKeyJSON: Decodable {
    let id: String
    let accountID: String
    let name: String
    let description: String
    let status: String
    let currentVersion: Int
    let rotatedAt: Double
}

struct ApiKeyRowJSON: Decodable {
    let path: String
    let key: ApiKeyJSON
}

struct ImportSummaryJSON: Decodable {
    let assetsAdded: Int
    let accountsAdded: Int
    let keysAdded: Int
    let keysUpdated: Int
}

struct ApproverSetJSON: Decodable {
    let approvers: [String]
    let requiredApprovals: Int
}

struct PolicySpecJSON: Decodable {
    let name: String
    let priority: Int
    let scope: [String]
    let requesters: [String]
    let approverSets: [ApproverSetJSON]
    let reviewers: [String]
    let requiredReviews: Int
    let defaultDurationSeconds: Int
}

struct PolicyViewJSON: Decodable {
    let policy: NamedJSON
    let spec: PolicySpecJSON
}

struct RotationJSON: Decodable {
    let keyID: String
    let keyName: String
    let status: String
    let version: Int
    let error: String?
}

struct VerifyJSON: Decodable {
    let valid: Bool
}

struct AuditEventJSON: Decodable {
    let sequence: Int64
    let at: Double
    let actorID: String?
    let action: String
    let targets: [String: String]
    let oldState: String?
    let newState: String?
}

struct AuditVerificationJSON: Decodable {
    let isValid: Bool
    let eventCount: Int
    let lastCheckpointSequence: Int64?
}

struct AuditPublicKeyJSON: Decodable {
    let publicKey: String
}

struct AuditExportSummaryJSON: Decodable {
    let file: String
    let events: Int
    let checkpoints: Int
}

struct CopyJSON: Decodable {
    let request: String
    let account: String
    let key: String
    let field: String
    let clearAfterSeconds: Int
}

struct DeletedJSON: Decodable {
    let deleted: String
}

/// Decodes one JSON document printed by `safehold --json`.
func decodeJSON<Value: Decodable>(_ type: Value.Type, _ text: String) throws -> Value {
    try JSONDecoder().decode(type, from: Data(text.utf8))
}
