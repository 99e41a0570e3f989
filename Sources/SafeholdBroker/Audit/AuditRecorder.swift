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
    let hashKey: SecretBytes

    /// Appends one event linked to the current chain head. `caller` is nil for the broker's own
    /// time-driven actions.
    func record(
        _ action: String, by caller: Caller?, targets: [String: String], oldState: String? = nil,
        newState: String? = nil, comment: String? = nil, valueHash: Data? = nil,
        at time: Date, in writer: any StoreWriter
    ) throws {
        let last = try writer.lastAuditEvent()
        let event = AuditEvent(
            sequence: (last?.sequence ?? 0) + 1, at: time, actorID: caller?.id, actorUID: caller?.uid, actorPID: caller?.pid,
            action: action, targets: targets, oldState: oldState, newState: newState, comment: comment, valueHash: valueHash
        )
        try writer.append(AuditChain.link(event, after: last?.hash ?? AuditChain.genesisHash))
    }

    /// Returns a keyed hash that identifies a secret value in the trail without revealing it.
    func valueHash(of secret: SecretBytes) -> Data {
        KeyedHash.hash(secret, key: hashKey, length: 16)
    }
}
