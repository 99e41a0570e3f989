#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// Appends audit events inside the caller's transaction, so an event commits together with the
/// change it describes, or neither does.
struct AuditRecorder: Sendable {
    /// Default of `BrokerOptions.auditCheckpointEventCount`.
    static let defaultCheckpointEventCount = 100

    let hashKey: SecretBytes
    let signingKey: SecretBytes
    /// Every event whose sequence is a multiple of this count gets a signed checkpoint in the
    /// same transaction, so no more than this many minus one events are ever unsigned. 0 turns
    /// these checkpoints off, leaving the time-driven and shutdown ones.
    let checkpointEventCount: Int

    init(keys: ServiceKeys, checkpointEventCount: Int = AuditRecorder.defaultCheckpointEventCount) {
        self.hashKey = keys.auditHashKey
        self.signingKey = keys.signingSecretKey
        self.checkpointEventCount = max(0, checkpointEventCount)
    }

    /// Appends one event linked to the current chain head. `caller` is nil for the broker's own
    /// time-driven actions and for callers that were not identified. For the latter, `uid` and
    /// `pid` name the socket peer.
    func record(
        _ action: String, by caller: Caller?, uid: Int? = nil, pid: Int? = nil, targets: [String: String],
        oldState: String? = nil, newState: String? = nil, comment: String? = nil, valueHash: Data? = nil,
        at time: Date, in writer: any StoreWriter
    ) throws {
        let last = try writer.lastAuditLink()
        let event = AuditEvent(
            sequence: (last?.sequence ?? 0) + 1, at: time, actorID: caller?.id, actorUID: caller?.uid ?? uid,
            actorPID: caller?.pid ?? pid, action: action, targets: targets, oldState: oldState, newState: newState,
            comment: comment, valueHash: valueHash
        )
        let linked = AuditChain.link(event, after: last?.hash ?? AuditChain.genesisHash)
        try writer.append(linked)

        if checkpointEventCount > 0, linked.sequence % Int64(checkpointEventCount) == 0 {
            try writer.insert(AuditSignature.checkpoint(of: linked, at: time, secretKey: signingKey))
        }
    }

    /// Returns a keyed hash that identifies a secret value in the trail without revealing it.
    func valueHash(of secret: SecretBytes) -> Data {
        KeyedHash.hash(secret, key: hashKey, length: 16)
    }
}
