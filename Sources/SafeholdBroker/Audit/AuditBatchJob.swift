#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Synchronization

/// The parallel part of checking one batch: hashing its events and verifying the signatures of
/// its checkpoints. The work is cut into chunks that threads claim one at a time, so a helper
/// thread and the reading thread, once it has filled the next batch, share it evenly.
final class AuditBatchJob: Sendable {
    /// Events hashed per chunk, and signatures verified per chunk (each costs about as much as
    /// hashing a hundred events).
    static let eventsPerChunk = 256
    static let signaturesPerChunk = 2

    let batch: AuditHashBatch
    let signatures: AuditCheckpointSignatures
    /// The checkpoints whose signatures this job verifies.
    let signatureRange: Range<Int>
    private let hashChunkCount: Int
    private let chunkCount: Int
    private let nextChunk = Atomic<Int>(0)
    private let group = DispatchGroup()

    init(batch: AuditHashBatch, signatures: AuditCheckpointSignatures, signatureRange: Range<Int>) {
        self.batch = batch
        self.signatures = signatures
        self.signatureRange = signatureRange
        hashChunkCount = (batch.count + Self.eventsPerChunk - 1) / Self.eventsPerChunk
        chunkCount = hashChunkCount + (signatureRange.count + Self.signaturesPerChunk - 1) / Self.signaturesPerChunk
    }

    /// Starts a helper thread on the chunks.
    func start() {
        group.enter()
        DispatchQueue.global().async { [self] in
            work()
            group.leave()
        }
    }

    /// Works on chunks until none is left, then waits for the helper to finish its last one.
    func finish() {
        work()
        group.wait()
    }

    private func work() {
        while true {
            let chunk = nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            guard chunk < chunkCount else { return }
            if chunk < hashChunkCount {
                let start = chunk * Self.eventsPerChunk
                batch.computeMatches(start..<min(batch.count, start + Self.eventsPerChunk))
            } else {
                let start = signatureRange.lowerBound + (chunk - hashChunkCount) * Self.signaturesPerChunk
                signatures.verify(start..<min(signatureRange.upperBound, start + Self.signaturesPerChunk))
            }
        }
    }
}
