#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdStore

/// Stored events copied out of the store, whose hashes are then computed on several threads.
/// Each event's hash depends only on its own bytes, and the links and positions are checked in
/// order afterwards.
///
/// The storage is allocated once, at a fixed size, and reused from batch to batch. One thread
/// fills a batch. The hashing threads then only read it and write disjoint parts of `matches`,
/// until the filling thread has waited for them (`AuditBatchJob`). That is why the type is
/// `@unchecked Sendable`.
final class AuditHashBatch: @unchecked Sendable {
    let capacity: Int
    private(set) var count = 0
    let sequences: UnsafeMutableBufferPointer<Int64>
    let previousHashes: UnsafeMutableBufferPointer<ChainHash>
    let hashes: UnsafeMutableBufferPointer<ChainHash>
    /// Whether each stored hash matches the one computed from the event's bytes.
    let matches: UnsafeMutableBufferPointer<Bool>
    /// Each event's hash input, its stored `previousHash` then its canonical encoding, end to end.
    private let inputs: UnsafeMutableRawBufferPointer
    private let inputEnds: UnsafeMutableBufferPointer<Int>
    private var inputCount = 0

    /// Creates a batch of up to `capacity` events whose hash inputs total up to `inputCapacity` bytes.
    init(capacity: Int, inputCapacity: Int) {
        self.capacity = capacity
        sequences = .allocate(capacity: capacity)
        previousHashes = .allocate(capacity: capacity)
        hashes = .allocate(capacity: capacity)
        matches = .allocate(capacity: capacity)
        matches.initialize(repeating: false)
        inputEnds = .allocate(capacity: capacity)
        inputs = .allocate(byteCount: inputCapacity, alignment: 16)
    }

    deinit {
        sequences.deallocate()
        previousHashes.deallocate()
        hashes.deallocate()
        matches.deallocate()
        inputEnds.deallocate()
        inputs.deallocate()
    }

    /// Returns whether an event whose hash input is `inputSize` bytes still fits.
    func canAppend(inputSize: Int) -> Bool {
        count < capacity && inputCount + inputSize <= inputs.count
    }

    /// Adds an event; `canAppend` must be true for its size.
    func append(_ entry: AuditChainEntry) {
        let index = count
        let start = inputCount
        let end = start + entry.previousHash.count + entry.encoding.count
        precondition(index < capacity && end <= inputs.count, "the audit hash batch is full")

        (sequences.baseAddress! + index).initialize(to: entry.sequence)
        (previousHashes.baseAddress! + index).initialize(to: ChainHash(entry.previousHash))
        (hashes.baseAddress! + index).initialize(to: ChainHash(entry.hash))
        Self.copy(entry.previousHash, to: inputs.baseAddress! + start)
        Self.copy(entry.encoding, to: inputs.baseAddress! + start + entry.previousHash.count)
        inputEnds[index] = end
        inputCount = end
        count = index + 1
    }

    func removeAll() {
        count = 0
        inputCount = 0
    }

    /// The highest sequence in the batch, or nil when empty.
    var maximumSequence: Int64? {
        UnsafeBufferPointer(rebasing: sequences[0..<count]).max()
    }

    /// Computes `matches` for the events in `range`.
    func computeMatches(_ range: Range<Int>) {
        var computed = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        withUnsafeMutableBytes(of: &computed) { output in
            let bytes = UnsafeRawBufferPointer(inputs)
            for index in range {
                let start = index == 0 ? 0 : inputEnds[index - 1]
                Blake2b.hash256(UnsafeRawBufferPointer(rebasing: bytes[start..<inputEnds[index]]), into: output)
                matches[index] = ChainHash(UnsafeRawBufferPointer(output)).matches(hashes[index])
            }
        }
    }

    private static func copy(_ bytes: UnsafeRawBufferPointer, to destination: UnsafeMutableRawPointer) {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
        destination.copyMemory(from: base, byteCount: bytes.count)
    }
}
