#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// The messages that the audit signing key signs with Ed25519. Each starts with its own ASCII
/// tag, so a checkpoint signature can never pass for an export head or the other way round.
public enum AuditSignature {
    static let checkpointTag = "safehold audit checkpoint v1"
    static let exportHeadTag = "safehold audit export v1"

    /// Returns the bytes a checkpoint signature covers: the tag, the sequence as an 8-byte big-endian
    /// integer, and the 32-byte hash of that event. The checkpoint's time is not covered.
    public static func checkpointMessage(sequence: Int64, headHash: Data) -> Data {
        var message = Data(checkpointTag.utf8)
        appendInteger(sequence, to: &message)
        message.append(headHash)
        return message
    }

    /// Returns the bytes an export head signature covers: the tag, the sequence, the 32-byte hash of
    /// that event, and the export time in milliseconds since 1970, both integers 8-byte
    /// big-endian. An empty trail is signed as sequence 0 with the genesis hash.
    public static func exportHeadMessage(sequence: Int64, headHash: Data, exportedAt: Date) -> Data {
        var message = Data(exportHeadTag.utf8)
        appendInteger(sequence, to: &message)
        message.append(headHash)
        appendInteger(milliseconds(exportedAt), to: &message)
        return message
    }

    /// Signs `head`, the last event of the chain, as a checkpoint made at `time`.
    static func checkpoint(of head: AuditEvent, at time: Date, secretKey: SecretBytes) -> AuditCheckpoint {
        let signature = Ed25519.sign(checkpointMessage(sequence: head.sequence, headHash: head.hash), secretKey: secretKey)
        return AuditCheckpoint(sequence: head.sequence, headHash: head.hash, signature: signature, at: time)
    }

    /// Signs the chain head `head` (nil for an empty trail) as the head of an export made at `time`.
    static func exportHead(of head: AuditEvent?, at time: Date, secretKey: SecretBytes) -> AuditExportHead {
        let sequence = head?.sequence ?? 0
        let hash = head?.hash ?? AuditChain.genesisHash
        let signature = Ed25519.sign(exportHeadMessage(sequence: sequence, headHash: hash, exportedAt: time), secretKey: secretKey)
        return AuditExportHead(sequence: sequence, headHash: hash, exportedAt: time, signature: signature)
    }

    static func isValid(_ checkpoint: AuditCheckpoint, publicKey: Data) -> Bool {
        let message = checkpointMessage(sequence: checkpoint.sequence, headHash: checkpoint.headHash)
        return Ed25519.verify(signature: checkpoint.signature, message: message, publicKey: publicKey)
    }

    static func isValid(_ head: AuditExportHead, publicKey: Data) -> Bool {
        let message = exportHeadMessage(sequence: head.sequence, headHash: head.headHash, exportedAt: head.exportedAt)
        return Ed25519.verify(signature: head.signature, message: message, publicKey: publicKey)
    }

    /// Returns milliseconds since 1970, rounded to the nearest, as the store and the canonical encoding
    /// round them.
    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded())
    }

    private static func appendInteger(_ value: Int64, to message: inout Data) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) {
            message.append(UInt8(bits >> UInt64(shift) & 0xff))
        }
    }
}
