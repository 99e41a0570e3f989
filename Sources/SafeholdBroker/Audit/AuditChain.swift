#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel

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
        var bytes = [UInt8]()
        bytes.reserveCapacity(256)
        bytes.append(contentsOf: event.previousHash)
        appendCanonicalEncoding(of: event, to: &bytes)
        return bytes.withUnsafeBytes { Blake2b.hash256($0) }
    }

    /// Returns the canonical encoding of `event`: the bytes its hash covers after `previousHash`.
    /// `docs/audit.md` lists them byte by byte.
    public static func canonicalEncoding(of event: AuditEvent) -> [UInt8] {
        var bytes = [UInt8]()
        appendCanonicalEncoding(of: event, to: &bytes)
        return bytes
    }

    /// Returns `event` with `previousHash` set to `previous` and `hash` computed.
    public static func link(_ event: AuditEvent, after previous: Data) -> AuditEvent {
        var linked = event
        linked.previousHash = previous
        linked.hash = hash(of: linked)
        return linked
    }

    /// Appends a canonical encoding of every field but the two hashes. It starts with a version
    /// byte, then the sequence and the time (milliseconds since 1970) as 8-byte big-endian
    /// integers. Each other field follows in a fixed order as a presence byte and, when present,
    /// a 4-byte big-endian length and the bytes. Targets are sorted by kind and preceded by their
    /// count. Because every field is delimited, two different events never encode the same.
    static func appendCanonicalEncoding(of event: AuditEvent, to bytes: inout [UInt8]) {
        bytes.append(1)
        appendInteger(event.sequence, to: &bytes)
        appendInteger(Int64((event.at.timeIntervalSince1970 * 1000).rounded()), to: &bytes)
        appendField(event.actorID.map { Array($0.rawValue.utf8) }, to: &bytes)
        appendField(event.actorUID.map { Array(String($0).utf8) }, to: &bytes)
        appendField(event.actorPID.map { Array(String($0).utf8) }, to: &bytes)
        appendField(Array(event.action.utf8), to: &bytes)
        let targets = event.targets.sorted { $0.key < $1.key }
        appendInteger(Int64(targets.count), to: &bytes)
        for (kind, id) in targets {
            appendField(Array(kind.utf8), to: &bytes)
            appendField(Array(id.utf8), to: &bytes)
        }
        appendField(event.oldState.map { Array($0.utf8) }, to: &bytes)
        appendField(event.newState.map { Array($0.utf8) }, to: &bytes)
        appendField(event.comment.map { Array($0.utf8) }, to: &bytes)
        appendField(event.valueHash.map { [UInt8]($0) }, to: &bytes)
    }

    private static func appendField(_ field: [UInt8]?, to bytes: inout [UInt8]) {
        guard let field else {
            bytes.append(0)
            return
        }
        bytes.append(1)
        let count = UInt32(field.count)
        bytes.append(contentsOf: [UInt8(count >> 24), UInt8(count >> 16 & 0xff), UInt8(count >> 8 & 0xff), UInt8(count & 0xff)])
        bytes.append(contentsOf: field)
    }

    private static func appendInteger(_ value: Int64, to bytes: inout [UInt8]) {
        let bits = UInt64(bitPattern: value)
        for shift in stride(from: 56, through: 0, by: -8) {
            bytes.append(UInt8(bits >> UInt64(shift) & 0xff))
        }
    }
}
