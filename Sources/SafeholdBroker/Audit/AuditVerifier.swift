#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// Checks an audit chain and its signed checkpoints with only the public key, so that the same
/// code verifies the live trail and an offline export.
public enum AuditVerifier {
    /// The bytes a checkpoint signature covers: a domain tag, the sequence and the head hash.
    public static func checkpointMessage(sequence: Int64, headHash: Data) -> Data {
        var message = Data("safehold audit checkpoint v1".utf8)
        let bits = UInt64(bitPattern: sequence)
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8(bits >> UInt64(shift) & 0xff)) }
        message.append(headHash)
        return message
    }

    /// Verifies events in sequence order. The first event whose sequence, link or hash is wrong
    /// is named: an altered event fails its hash, a removed or inserted one breaks the sequence
    /// or the link, and reordered ones break both. A checkpoint whose signature or head does not
    /// match is reported too, and events after the last valid checkpoint are reported as not yet
    /// signed, so a cut tail shows as a missing checkpoint range.
    public static func verify(events: [AuditEvent], checkpoints: [AuditCheckpoint], publicKey: Data) -> AuditVerification {
        var previous = AuditChain.genesisHash
        var expected: Int64 = 1
        var hashes: [Int64: Data] = [:]
        hashes.reserveCapacity(events.count)
        for event in events {
            if event.sequence != expected {
                return failure(events.count, at: event.sequence, "expected event \(expected) here, found event \(event.sequence): an event was removed, inserted or moved")
            }
            if event.previousHash != previous {
                return failure(events.count, at: event.sequence, "event \(event.sequence) does not link to event \(event.sequence - 1): the chain was altered before it")
            }
            if AuditChain.hash(of: event) != event.hash {
                return failure(events.count, at: event.sequence, "event \(event.sequence) was altered: its contents do not match its hash")
            }
            hashes[event.sequence] = event.hash
            previous = event.hash
            expected += 1
        }

        var lastValid: Int64?
        for checkpoint in checkpoints {
            let message = checkpointMessage(sequence: checkpoint.sequence, headHash: checkpoint.headHash)
            guard Ed25519.verify(signature: checkpoint.signature, message: message, publicKey: publicKey) else {
                return failure(events.count, at: checkpoint.sequence, "the checkpoint at event \(checkpoint.sequence) has an invalid signature")
            }
            guard let hash = hashes[checkpoint.sequence] else {
                return failure(
                    events.count, at: checkpoint.sequence,
                    "a signed checkpoint covers event \(checkpoint.sequence), but the trail ends at event \(expected - 1): the tail was cut"
                )
            }
            guard hash == checkpoint.headHash else {
                return failure(events.count, at: checkpoint.sequence, "event \(checkpoint.sequence) differs from the signed checkpoint")
            }
            lastValid = checkpoint.sequence
        }
        return AuditVerification(isValid: true, eventCount: events.count, lastCheckpointSequence: lastValid)
    }

    private static func failure(_ count: Int, at sequence: Int64, _ problem: String) -> AuditVerification {
        AuditVerification(isValid: false, eventCount: count, firstBadSequence: sequence, problem: problem)
    }
}
