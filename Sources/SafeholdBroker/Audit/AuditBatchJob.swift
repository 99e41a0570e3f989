#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Synchronization

/// The parallel part of checking one batch: hashing its events and verifying the signatures of
/// its checkpoints. The work is cut into chunks that threads claim one at a time, so a helper
/// thread and the reading thread, when it has nothing else to do, share it evenly. The thread
/// that finishes the last chunk signals `isComplete`, and no thread touches the batch after that.
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
    private let finishedChunks = Atomic<Int>(0)
    private let completion = DispatchSemaphore(value: 0)

    init(batch: AuditHashBatch, signatures: AuditCheckpointSignatures, signatureRange: Range<Int>) {
        self.batch = batch
        self.signatures = signatures
        self.signatureRange = signatureRange
        hashChunkCount = (batch.count + Self.eventsPerChunk - 1) / Self.eventsPerChunk
        chunkCount = hashChunkCount + (signatureRange.count + Self.signaturesPerChunk - 1) / Self.signaturesPerChunk
    }

    /// Has `helper` work on the chunks once it is done with the jobs queued before this one.
    func start(on helper: DispatchQueue) {
        guard chunkCount > 0 else { return }
        helper.async { [self] in work() }
    }

    /// Whether every chunk is done, so that the batch's results can be read.
    var isComplete: Bool {
        finishedChunks.load(ordering: .acquiring) == chunkCount
    }

    /// Works on chunks until none is left to claim, then waits for the others to finish theirs.
    func finish() {
        guard chunkCount > 0 else { return }
        work()
        if !isComplete {
            completion.wait()
        }
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
            if finishedChunks.wrappingAdd(1, ordering: .acquiringAndReleasing).newValue == chunkCount {
                completion.signal()
            }
        }
    }
}
