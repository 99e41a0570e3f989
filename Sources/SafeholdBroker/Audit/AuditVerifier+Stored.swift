#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import SafeholdModel
import SafeholdStore

extension AuditVerifier {
    /// Events per batch, and the bytes of hash input a batch can contain (about 400 KB, which leaves
    /// room for events much larger than usual).
    static let batchSize = 1024
    static let batchInputBytes = batchSize * 384

    /// Verifies the whole trail in `reader`'s snapshot without building `AuditEvent` values.
    /// Events stream from one statement into batches. While this thread fills the next ones,
    /// a helper thread hashes the earlier ones and verifies their checkpoint signatures. This
    /// thread helps when too much work is waiting, and it checks each event's position, link and
    /// checkpoints in order. The result is the same as `check(_:)` on every event.
    public static func verifyStored(
        in reader: any StoreReader, checkpoints: [AuditCheckpoint], publicKey: Data
    ) throws -> AuditVerification {
        var verifier = AuditVerifier(publicKey: publicKey, checkpoints: checkpoints)
        var pipeline = StoredPipeline(signatures: verifier.signatures)
        defer { pipeline.drain() }

        try reader.forEachAuditChainEntry(after: 0) { entry in
            let size = entry.previousHash.count + entry.encoding.count
            if !pipeline.filling.canAppend(inputSize: size) {
                pipeline.submit(into: &verifier)
                if !pipeline.filling.canAppend(inputSize: size) {
                    // Larger than a whole batch: check it alone.
                    pipeline.filling = AuditHashBatch(capacity: 1, inputCapacity: size)
                }
            }
            pipeline.filling.append(entry)
            return !verifier.hasFailed
        }
        pipeline.submit(into: &verifier, all: true)
        return verifier.finish()
    }

    /// Checks the events of a batch whose hashes are computed, in order.
    fileprivate mutating func check(_ batch: AuditHashBatch, signaturesVerifiedThrough verifiedCount: Int) {
        signatures.verifiedCount = verifiedCount
        for index in 0..<batch.count {
            let isGood = check(
                sequence: batch.sequences[index], previousHash: batch.previousHashes[index], hash: batch.hashes[index],
                hashMatches: batch.matches[index]
            )
            guard isGood else { return }
        }
    }
}

/// The batches of a stored verification: the one being filled, and those whose jobs run, oldest
/// first. Up to `maximumRunning` jobs run, so that a helper thread that the system pauses does
/// not stop the reading at once.
private struct StoredPipeline {
    static let maximumRunning = 8

    let signatures: AuditCheckpointSignatures
    /// One helper thread, serial, so that with the reading thread no more threads are busy than
    /// the two cores this was measured on, and the reading thread, the one that cannot be
    /// split, is not crowded out.
    let helper = DispatchQueue(label: "safehold.audit-verification")
    var filling = AuditHashBatch(capacity: AuditVerifier.batchSize, inputCapacity: AuditVerifier.batchInputBytes)
    var running: [AuditBatchJob] = []
    var spares: [AuditHashBatch] = []
    /// Checkpoints before this index are given to a job already.
    var signatureCursor = 0

    init(signatures: AuditCheckpointSignatures) {
        self.signatures = signatures
    }

    /// Starts a job on the filled batch, then checks, in order, the batches whose jobs are done.
    /// With too many jobs running, or with `all`, it helps the oldest one and waits for it.
    mutating func submit(into verifier: inout AuditVerifier, all: Bool = false) {
        if filling.count > 0 {
            let end = filling.maximumSequence.map { max(signatureCursor, signatures.firstIndex(atOrAfter: $0 + 1)) } ?? signatureCursor
            let job = AuditBatchJob(batch: filling, signatures: signatures, signatureRange: signatureCursor..<end)
            signatureCursor = end
            job.start(on: helper)
            running.append(job)
            filling = spares.popLast() ?? AuditHashBatch(capacity: AuditVerifier.batchSize, inputCapacity: AuditVerifier.batchInputBytes)
        }

        while let oldest = running.first {
            if !oldest.isComplete {
                guard all || running.count >= Self.maximumRunning else { return }
                oldest.finish()
            }
            running.removeFirst()
            if !verifier.hasFailed {
                verifier.check(oldest.batch, signaturesVerifiedThrough: oldest.signatureRange.upperBound)
            }
            oldest.batch.removeAll()
            if oldest.batch.capacity == AuditVerifier.batchSize {
                spares.append(oldest.batch)
            }
        }
    }

    /// Waits for every running job, so that no thread uses a batch after the verification returns.
    mutating func drain() {
        for job in running { job.finish() }
        running = []
    }
}
