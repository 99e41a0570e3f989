#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// Checks an audit chain one event at a time, in sequence order, with only the public key, so
/// that the same code verifies the live trail in pages and an export offline.
///
/// It names the first event that was altered, removed, inserted or reordered. An altered event
/// fails its hash, and a removed one leaves a gap in the sequence or a broken link. The event
/// after an inserted one links past it, and a moved event breaks its link. A chain that an
/// attacker rehashed after a change is caught by the first signed checkpoint after the change.
/// Events after the last signature cannot be protected against a cut from the end, so they are
/// counted in `unsignedEventCount` instead.
public struct AuditVerifier {
    /// A problem found: the first bad sequence (nil when no event is to blame) and a sentence.
    typealias Problem = (sequence: Int64?, text: String)

    private let publicKey: Data
    private let checkpoints: [Int64: [AuditCheckpoint]]
    private let exportHead: AuditExportHead?
    private var previousHash = AuditChain.genesisHash
    private var expected: Int64 = 1
    /// The first 8 bytes of every checked event's hash, to tell which event a broken link
    /// points at. A collision only changes the wording of a failure, never its detection.
    private var sequenceByHashPrefix: [UInt64: Int64] = [:]
    private var lastCheckpoint: Int64 = 0
    private var checkedCount = 0
    private var failure: Problem?

    /// Starts a check against `checkpoints` and, for an export, its signed `exportHead`.
    public init(publicKey: Data, checkpoints: [AuditCheckpoint], exportHead: AuditExportHead? = nil) {
        self.publicKey = publicKey
        self.checkpoints = Dictionary(grouping: checkpoints, by: \.sequence)
        self.exportHead = exportHead
        if let exportHead, !AuditSignature.isValid(exportHead, publicKey: publicKey) {
            failure = (nil, "the export's signed head does not verify with this public key: the export was altered, or it comes from another vault")
        }
    }

    /// Whether a problem was found; later events are then ignored.
    public var hasFailed: Bool { failure != nil }

    /// Checks the next event. Returns false once a problem was found.
    @discardableResult
    public mutating func check(_ event: AuditEvent) -> Bool {
        guard failure == nil else { return false }
        checkedCount += 1
        let sequence = expected
        if let problem = positionProblem(of: event) ?? linkProblem(of: event) {
            failure = problem
            return false
        }
        if AuditChain.hash(of: event) != event.hash {
            failure = (sequence, "event \(sequence) does not match its hash: it was altered, or moved here from another position")
            return false
        }

        sequenceByHashPrefix[Self.prefix(event.hash)] = sequence
        previousHash = event.hash
        expected += 1
        if let problem = checkpointProblem(at: event) ?? exportHeadProblem(at: event) {
            failure = problem
            return false
        }
        return true
    }

    /// Returns the result after the last event: the first problem found, a cut from the end that
    /// a signature reveals, or success with the count of unsigned events.
    public func finish() -> AuditVerification {
        let last = expected - 1
        if let problem = failure ?? cutProblem(lastSequence: last) {
            return AuditVerification(
                isValid: false, eventCount: checkedCount, firstBadSequence: problem.sequence, problem: problem.text,
                lastCheckpointSequence: lastCheckpoint == 0 ? nil : lastCheckpoint, headSequence: last == 0 ? nil : last
            )
        }
        let signedThrough = exportHead?.sequence ?? lastCheckpoint
        return AuditVerification(
            isValid: true, eventCount: checkedCount, lastCheckpointSequence: lastCheckpoint == 0 ? nil : lastCheckpoint,
            headSequence: last == 0 ? nil : last, unsignedEventCount: Int(last - signedThrough),
            exportHeadSequence: exportHead?.sequence, exportedAt: exportHead?.exportedAt
        )
    }

    /// Verifies `events`, given in sequence order.
    public static func verify(
        events: [AuditEvent], checkpoints: [AuditCheckpoint], publicKey: Data, exportHead: AuditExportHead? = nil
    ) -> AuditVerification {
        var verifier = AuditVerifier(publicKey: publicKey, checkpoints: checkpoints, exportHead: exportHead)
        for event in events where verifier.check(event) {}
        return verifier.finish()
    }

    // MARK: - Checks

    private func positionProblem(of event: AuditEvent) -> Problem? {
        if event.sequence > expected {
            let missing = event.sequence == expected + 1 ? "event \(expected) is missing" : "events \(expected) to \(event.sequence - 1) are missing"
            let after = expected == 1 ? "the trail starts at event \(event.sequence)" : "event \(expected - 1) is followed by event \(event.sequence)"
            return (expected, "\(missing): \(after), so events were removed or reordered")
        }
        if event.sequence < expected {
            return (expected, "event \(event.sequence) appears again after event \(expected - 1): events were duplicated or reordered")
        }
        return nil
    }

    private func linkProblem(of event: AuditEvent) -> Problem? {
        guard event.previousHash != previousHash else { return nil }
        let sequence = event.sequence
        if let target = sequenceByHashPrefix[Self.prefix(event.previousHash)], target < sequence - 1 {
            let inserted = target + 1 == sequence - 1 ? "event \(target + 1) was inserted" : "events \(target + 1) to \(sequence - 1) were inserted"
            return (target + 1, "\(inserted): event \(sequence) links to event \(target)")
        }
        if sequence == 1 {
            return (1, "event 1 does not start the chain: events before it were removed, or it was altered")
        }
        return (
            sequence,
            "event \(sequence) does not link to event \(sequence - 1): events were removed, inserted or reordered here, or event \(sequence - 1) was replaced"
        )
    }

    private mutating func checkpointProblem(at event: AuditEvent) -> Problem? {
        for checkpoint in checkpoints[event.sequence] ?? [] {
            guard AuditSignature.isValid(checkpoint, publicKey: publicKey) else {
                return (event.sequence, "the checkpoint of event \(event.sequence) has an invalid signature: it was altered, or made with another key")
            }
            guard checkpoint.headHash == event.hash else {
                let first = lastCheckpoint + 1
                let range = first == event.sequence ? "event \(first)" : "one of events \(first) to \(event.sequence)"
                return (first, "\(range) was altered and the hashes after it recomputed: event \(event.sequence) no longer matches its signed checkpoint")
            }
            lastCheckpoint = event.sequence
        }
        return nil
    }

    private func exportHeadProblem(at event: AuditEvent) -> Problem? {
        guard let exportHead else { return nil }
        if event.sequence == exportHead.sequence, event.hash != exportHead.headHash {
            return (event.sequence, "event \(event.sequence) differs from the export's signed head: it was altered or replaced")
        }
        if event.sequence > exportHead.sequence {
            return (event.sequence, "event \(event.sequence) follows the export's signed head (event \(exportHead.sequence)): it was added after the export")
        }
        return nil
    }

    /// Returns the cut from the end that a signature beyond the last event reveals, if any.
    private func cutProblem(lastSequence last: Int64) -> Problem? {
        let later = checkpoints.filter { $0.key > last }.sorted { $0.key < $1.key }
        for (sequence, signed) in later {
            guard signed.contains(where: { AuditSignature.isValid($0, publicKey: publicKey) }) else {
                return (sequence, "the checkpoint of event \(sequence) has an invalid signature: it was altered, or made with another key")
            }
            return (last + 1, "the tail was cut: a checkpoint signed event \(sequence), but the trail ends at event \(last), so \(Self.range(last + 1, sequence)) removed")
        }
        if let exportHead, exportHead.sequence > last {
            return (last + 1, "the tail was cut: the export was signed through event \(exportHead.sequence), but its events end at event \(last), so \(Self.range(last + 1, exportHead.sequence)) removed")
        }
        return nil
    }

    private static func range(_ first: Int64, _ last: Int64) -> String {
        first == last ? "event \(first) was" : "events \(first) to \(last) were"
    }

    private static func prefix(_ hash: Data) -> UInt64 {
        hash.prefix(8).reduce(0) { $0 << 8 | UInt64($1) }
    }
}
