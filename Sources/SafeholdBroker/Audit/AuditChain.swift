#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// The hash chain over audit events. Each event's hash is BLAKE2b-256 of the previous event's hash
/// followed by the event's canonical encoding, so altering, removing, inserting or reordering an
/// event changes every hash after it.
public enum AuditChain {
    /// The `previousHash` of the first event: 32 zero bytes. Computed rather than stored, because
    /// LeakSanitizer cannot see the reference inside a `Data` held in a global and reports it as
    /// leaked at every exit, which fails `swift test --sanitize=address`.
    public static var genesisHash: Data { Data(repeating: 0, count: 32) }

    /// Returns the hash an event must carry, computed from its fields and `previousHash`.
    public static func hash(of event: AuditEvent) -> Data {
        var encoder = AuditEncoder(capacity: 256)
        event.previousHash.withUnsafeBytes { encoder.appendRaw($0) }
        encoder.append(event)
        return encoder.withUnsafeBytes { Blake2b.hash256($0) }
    }

    /// Returns the canonical encoding of `event`: the bytes its hash covers after `previousHash`.
    /// `docs/audit.md` lists them byte by byte, and `AuditEncoder` writes them.
    public static func canonicalEncoding(of event: AuditEvent) -> [UInt8] {
        var encoder = AuditEncoder()
        encoder.append(event)
        return encoder.bytes
    }

    /// Returns `event` with `previousHash` set to `previous` and `hash` computed.
    public static func link(_ event: AuditEvent, after previous: Data) -> AuditEvent {
        var linked = event
        linked.previousHash = previous
        linked.hash = hash(of: linked)
        return linked
    }
}
