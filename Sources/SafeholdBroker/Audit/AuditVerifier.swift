#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// Checks an audit chain one event at a time, in sequence order, with only the public key, so
/// that the same code verifies the live trail (`verifyStored`) and an export offline.
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
    let signatures: AuditCheckpointSignatures
    /// The first checkpoint not yet reached, and its sequence (`Int64.max` after the last).
    private var nextCheckpoint = 0
    private var nextCheckpointSequence = Int64.max
    private let exportHead: AuditExportHead?
    private var previousHash = ChainHash(AuditChain.genesisHash)
    private var expected: Int64 = 1
    /// The prefix of every checked event's hash, at index sequence - 1 (checked events are
    /// numbered from 1 without gaps), to tell which event a broken link points at.
    private var hashPrefixes: [UInt64] = []
    private var lastCheckpoint: Int64 = 0
    private var checkedCount = 0
    private var failure: Problem?

    /// Starts a check against `checkpoints` and, for an export, its signed `exportHead`.
    public init(publicKey: Data, checkpoints: [AuditCheckpoint], exportHead: AuditExportHead? = nil) {
        self.publicKey = publicKey
        self.signatures = AuditCheckpointSignatures(checkpoints, publicKey: publicKey)
        self.nextCheckpointSequence = signatures.checkpoints.first?.sequence ?? Int64.max
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
        let hash = ChainHash(event.hash)
        return check(
            sequence: event.sequence, previousHash: ChainHash(event.previousHash), hash: hash,
            hashMatches: ChainHash(AuditChain.hash(of: event)).matches(hash)
        )
    }

    /// Checks the next event, given whether its stored hash matches the one computed from its
    /// fields and stored `previousHash`, so that the hashes can be computed elsewhere, in
    /// parallel. Everything else depends on the events before it and is checked here, in order.
    mutating func check(sequence: Int64, previousHash linked: ChainHash, hash: ChainHash, hashMatches: Bool) -> Bool {
        guard failure == nil else { return false }
        checkedCount += 1
        if let problem = positionProblem(of: sequence) ?? linkProblem(of: sequence, linkedTo: linked) {
            failure = problem
            return false
        }
        if !hashMatches {
            failure = (sequence, "event \(sequence) does not match its hash: it was altered, or moved here from another position")
            return false
        }

        hashPrefixes.append(hash.prefix)
        previousHash = hash
        expected += 1
        if let problem = checkpointProblem(at: sequence, hash: hash) ?? exportHeadProblem(at: sequence, hash: hash) {
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

    private func positionProblem(of sequence: Int64) -> Problem? {
        if sequence > expected {
            let missing = sequence == expected + 1 ? "event \(expected) is missing" : "events \(expected) to \(sequence - 1) are missing"
            let after = expected == 1 ? "the trail starts at event \(sequence)" : "event \(expected - 1) is followed by event \(sequence)"
            return (expected, "\(missing): \(after), so events were removed or reordered")
        }
        if sequence < expected {
            return (expected, "event \(sequence) appears again after event \(expected - 1): events were duplicated or reordered")
        }
        return nil
    }

    private func linkProblem(of sequence: Int64, linkedTo linked: ChainHash) -> Problem? {
        guard !linked.matches(previousHash) else { return nil }
        if let index = hashPrefixes.lastIndex(of: linked.prefix), case let target = Int64(index + 1), target < sequence - 1 {
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

    private mutating func checkpointProblem(at sequence: Int64, hash: ChainHash) -> Problem? {
        guard sequence >= nextCheckpointSequence else { return nil }
        defer { nextCheckpointSequence = nextCheckpoint < signatures.checkpoints.count ? signatures.checkpoints[nextCheckpoint].sequence : Int64.max }
        let checkpoints = signatures.checkpoints
        // Events arrive as 1, 2, 3, ..., so checkpoints before this one can never be reached.
        while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].sequence < sequence {
            nextCheckpoint += 1
        }
        while nextCheckpoint < checkpoints.count, checkpoints[nextCheckpoint].sequence == sequence {
            let checkpoint = checkpoints[nextCheckpoint]
            guard signatures.isValid(at: nextCheckpoint) else {
                return (sequence, "the checkpoint of event \(sequence) has an invalid signature: it was altered, or made with another key")
            }
            guard ChainHash(checkpoint.headHash).matches(hash) else {
                let first = lastCheckpoint + 1
                let range = first == sequence ? "event \(first)" : "one of events \(first) to \(sequence)"
                return (first, "\(range) was altered and the hashes after it recomputed: event \(sequence) no longer matches its signed checkpoint")
            }
            lastCheckpoint = sequence
            nextCheckpoint += 1
        }
        return nil
    }

    private func exportHeadProblem(at sequence: Int64, hash: ChainHash) -> Problem? {
        guard let exportHead else { return nil }
        if sequence == exportHead.sequence, !ChainHash(exportHead.headHash).matches(hash) {
            return (sequence, "event \(sequence) differs from the export's signed head: it was altered or replaced")
        }
        if sequence > exportHead.sequence {
            return (sequence, "event \(sequence) follows the export's signed head (event \(exportHead.sequence)): it was added after the export")
        }
        return nil
    }

    /// Returns the cut from the end that a signature beyond the last event reveals, if any.
    private func cutProblem(lastSequence last: Int64) -> Problem? {
        let checkpoints = signatures.checkpoints
        let first = signatures.firstIndex(atOrAfter: last + 1)
        if first < checkpoints.count {
            let sequence = checkpoints[first].sequence
            let group = first..<signatures.firstIndex(atOrAfter: sequence + 1)
            guard group.contains(where: { signatures.isValid(at: $0) }) else {
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
}
