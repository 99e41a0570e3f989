#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdStore

/// The checkpoints of a verification in sequence order, and which of their signatures verify.
///
/// An Ed25519 verification costs as much as hashing a few hundred events, so the stored-trail
/// verification checks the signatures of each batch's checkpoints on the hashing threads, ahead
/// of the in-order check. Each thread writes only the range of checkpoints it was given, and the
/// in-order check reads a result only after the thread that wrote it has finished
/// (`verifiedCount`), hence `@unchecked Sendable`. Any other signature is verified when needed.
final class AuditCheckpointSignatures: @unchecked Sendable {
    /// Sorted by sequence; checkpoints of one sequence keep their stored order.
    let checkpoints: [AuditCheckpoint]
    private let publicKey: Data
    /// Per checkpoint: 0 not verified yet, 1 valid, 2 invalid.
    private let status: UnsafeMutableBufferPointer<UInt8>
    /// Checkpoints before this index have their status set by a finished thread.
    var verifiedCount = 0

    init(_ checkpoints: [AuditCheckpoint], publicKey: Data) {
        self.checkpoints = checkpoints.enumerated().sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }.map(\.element)
        self.publicKey = publicKey
        status = .allocate(capacity: max(1, checkpoints.count))
        status.initialize(repeating: 0)
    }

    deinit {
        status.deallocate()
    }

    /// Returns whether the signature of the checkpoint at `index` verifies.
    func isValid(at index: Int) -> Bool {
        if index < verifiedCount, status[index] != 0 {
            return status[index] == 1
        }
        return AuditSignature.isValid(checkpoints[index], publicKey: publicKey)
    }

    /// Returns the index of the first checkpoint whose sequence is at least `sequence`.
    func firstIndex(atOrAfter sequence: Int64) -> Int {
        var low = 0
        var high = checkpoints.count
        while low < high {
            let middle = (low + high) / 2
            if checkpoints[middle].sequence < sequence {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }

    /// Verifies the signatures of the checkpoints in `range` and records the results. Ranges
    /// given to threads running at the same time must not overlap.
    func verify(_ range: Range<Int>) {
        for index in range {
            status[index] = AuditSignature.isValid(checkpoints[index], publicKey: publicKey) ? 1 : 2
        }
    }
}
