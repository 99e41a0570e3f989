#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import CSodium
import Synchronization

/// Hands out the memory of small `SecretBytes` from slabs of `sodium_malloc` memory.
///
/// Each `sodium_malloc` call maps fresh pages, changes their protection and locks them, and each
/// `sodium_free` unmaps them again. In a process with many threads every such change flushes the
/// TLB of every core, which made a check-out through the service spend a third of its time in
/// `mprotect` and `munmap`. The arena calls `sodium_malloc` once per slab and keeps what libsodium
/// gives a slab: guard pages around it, memory locked against swapping where `RLIMIT_MEMLOCK`
/// allows, and no place in a core dump. What a slot gives up is a guard page of its own, so an
/// overrun of one secret's buffer reaches its neighbour instead of faulting. Every slot is wiped
/// when it is released and is zero when it is handed out.
///
/// Slabs are never returned to the system: the arena keeps as many slots as the largest number
/// of secrets alive at once, and secrets larger than the largest slot get their own region.
final class SecretArena: Sendable {
    /// The arena that `SecretBytes` uses.
    static let shared = SecretArena()

    /// Slot sizes in bytes, smallest first. A request takes the smallest slot that fits it.
    let slotSizes: [Int]

    /// Bytes per slab for each slot size: at least 16 slots and at least 16 KiB.
    private let slabSizes: [Int]

    /// Free slots per slot size, as addresses, and the number of slabs allocated.
    private let state: Mutex<State>

    private struct State {
        var freeSlots: [[UInt]]
        var slabCount = 0
    }

    init(slotSizes: [Int] = [32, 64, 128, 256, 512, 1024, 2048, 4096]) {
        precondition(!slotSizes.isEmpty && slotSizes == slotSizes.sorted(), "slot sizes must be ascending")
        self.slotSizes = slotSizes
        slabSizes = slotSizes.map { Swift.max(16 * 1024, 16 * $0) }
        state = Mutex(State(freeSlots: Array(repeating: [], count: slotSizes.count)))
    }

    /// Returns the index into `slotSizes` of the smallest slot for `count` bytes, or nil when none
    /// is large enough.
    func slotIndex(for count: Int) -> Int? {
        slotSizes.firstIndex { $0 >= count }
    }

    /// Returns a zeroed slot of `slotSizes[index]` bytes.
    func allocate(slotIndex index: Int) -> UnsafeMutableRawPointer {
        let address = state.withLock { state -> UInt in
            if state.freeSlots[index].isEmpty {
                state.freeSlots[index] = carveSlab(slotIndex: index)
                state.slabCount += 1
            }
            return state.freeSlots[index].removeLast()
        }
        guard let pointer = UnsafeMutableRawPointer(bitPattern: address) else {
            fatalError("the secret arena handed out a null slot")
        }
        return pointer
    }

    /// Wipes a slot that `allocate(slotIndex:)` returned and makes it available again.
    func release(_ pointer: UnsafeMutableRawPointer, slotIndex index: Int) {
        sodium_memzero(pointer, slotSizes[index])
        let address = UInt(bitPattern: pointer)
        state.withLock { $0.freeSlots[index].append(address) }
    }

    /// Number of slabs allocated so far, for tests.
    var slabCount: Int {
        state.withLock { $0.slabCount }
    }

    /// Allocates a slab for `slotSizes[index]` and returns the addresses of its slots, last slot
    /// first so that slots are handed out in address order.
    private func carveSlab(slotIndex index: Int) -> [UInt] {
        Sodium.initialize()
        let slabSize = slabSizes[index]
        guard let slab = sodium_malloc(slabSize) else {
            fatalError("sodium_malloc failed to allocate a \(slabSize)-byte slab for secrets")
        }
        // sodium_malloc fills new memory with a 0xdb pattern, and slots are handed out zeroed.
        sodium_memzero(slab, slabSize)

        let slotSize = slotSizes[index]
        let start = UInt(bitPattern: slab)
        return stride(from: slabSize - slotSize, through: 0, by: -slotSize).map { start + UInt($0) }
    }
}
