#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension AuditVerifier {
    /// Events per batch, and the bytes of hash input a batch holds (about 1.5 MB, which leaves
    /// room for events much larger than usual).
    static let batchSize = 4096
    static let batchInputBytes = batchSize * 384

    /// Verifies the whole trail in `reader`'s snapshot without building `AuditEvent` values.
    /// Events stream from one statement into batches. While this thread fills the next batch,
    /// a helper thread hashes the previous one and verifies its checkpoint signatures; this
    /// thread then helps finish that work and checks each event's position, link and
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
        pipeline.submit(into: &verifier)
        pipeline.submit(into: &verifier)
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

/// The two batches of a stored verification: the one being filled, and the one whose job is
/// running.
private struct StoredPipeline {
    let signatures: AuditCheckpointSignatures
    var filling = AuditHashBatch(capacity: AuditVerifier.batchSize, inputCapacity: AuditVerifier.batchInputBytes)
    var running: AuditBatchJob?
    var spare: AuditHashBatch?
    /// Checkpoints before this index are given to a job already.
    var signatureCursor = 0

    init(signatures: AuditCheckpointSignatures) {
        self.signatures = signatures
    }

    /// Finishes the running job and checks its batch, then starts a job on the filled batch.
    mutating func submit(into verifier: inout AuditVerifier) {
        let previous = running
        running = nil
        previous?.finish()

        if filling.count > 0 {
            let end = filling.maximumSequence.map { max(signatureCursor, signatures.firstIndex(atOrAfter: $0 + 1)) } ?? signatureCursor
            let job = AuditBatchJob(batch: filling, signatures: signatures, signatureRange: signatureCursor..<end)
            signatureCursor = end
            job.start()
            running = job
            filling = spare ?? AuditHashBatch(capacity: AuditVerifier.batchSize, inputCapacity: AuditVerifier.batchInputBytes)
            spare = nil
        }

        if let previous {
            if !verifier.hasFailed {
                verifier.check(previous.batch, signaturesVerifiedThrough: previous.signatureRange.upperBound)
            }
            previous.batch.removeAll()
            if previous.batch.capacity == AuditVerifier.batchSize {
                spare = previous.batch
            }
        }
    }

    /// Waits for a running job, so that no thread uses a batch after the verification returns.
    mutating func drain() {
        running?.finish()
        running = nil
    }
}
