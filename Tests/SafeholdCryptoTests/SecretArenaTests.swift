#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
@testable import SafeholdCrypto
import Testing

private func bytes(at pointer: UnsafeMutableRawPointer, count: Int) -> [UInt8] {
    Array(UnsafeRawBufferPointer(start: pointer, count: count))
}

@Test func secretArenaPicksSmallestSlot() {
    let arena = SecretArena(slotSizes: [32, 64, 4096])
    #expect(arena.slotIndex(for: 0) == 0)
    #expect(arena.slotIndex(for: 32) == 0)
    #expect(arena.slotIndex(for: 33) == 1)
    #expect(arena.slotIndex(for: 4096) == 2)
    #expect(arena.slotIndex(for: 4097) == nil)
}

@Test func secretArenaWipesReleasedSlot() {
    let arena = SecretArena(slotSizes: [64])
    let first = arena.allocate(slotIndex: 0)
    #expect(bytes(at: first, count: 64) == Array(repeating: 0, count: 64))
    first.initializeMemory(as: UInt8.self, repeating: 0xA5, count: 64)
    arena.release(first, slotIndex: 0)

    // The free list is last in, first out, so the same slot comes back.
    let second = arena.allocate(slotIndex: 0)
    #expect(second == first)
    #expect(bytes(at: second, count: 64) == Array(repeating: 0, count: 64))
    arena.release(second, slotIndex: 0)
}

@Test func secretArenaAddsSlabWhenFull() {
    // 2048-byte slots come 16 to a 32 KiB slab.
    let arena = SecretArena(slotSizes: [2048])
    var slots = (0..<16).map { _ in arena.allocate(slotIndex: 0) }
    #expect(arena.slabCount == 1)
    slots.append(arena.allocate(slotIndex: 0))
    #expect(arena.slabCount == 2)

    let addresses = slots.map { UInt(bitPattern: $0) }.sorted()
    for (lower, upper) in zip(addresses, addresses.dropFirst()) {
        #expect(upper - lower >= 2048, "slots overlap")
    }
    for slot in slots { arena.release(slot, slotIndex: 0) }
    #expect(arena.slabCount == 2)
}

@Test func secretArenaNeverHandsOutSlotTwice() async {
    let arena = SecretArena(slotSizes: [32, 256])
    let failures = await withTaskGroup(of: Int.self) { group in
        for task in 0..<8 {
            group.addTask {
                var failures = 0
                for round in 0..<500 {
                    let index = round % 2
                    let size = arena.slotSizes[index]
                    let slot = arena.allocate(slotIndex: index)
                    if bytes(at: slot, count: size).contains(where: { $0 != 0 }) { failures += 1 }
                    let mark = UInt8(task + 1)
                    slot.initializeMemory(as: UInt8.self, repeating: mark, count: size)
                    await Task.yield()
                    if bytes(at: slot, count: size).contains(where: { $0 != mark }) { failures += 1 }
                    arena.release(slot, slotIndex: index)
                }
                return failures
            }
        }
        return await group.reduce(0, +)
    }
    #expect(failures == 0)
}

@Test func secretBytesBeyondLargestSlot() {
    let large = SecretBytes(copying: Array(repeating: UInt8(7), count: 10_000))
    #expect(large.count == 10_000)
    #expect(large.exposedBytes.allSatisfy { $0 == 7 })
    let empty = SecretBytes(count: 0)
    #expect(empty.exposedBytes.isEmpty)
}
