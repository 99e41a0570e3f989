#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

@Test func deterministicSourceRepeatsForSameSeed() {
    let first = DeterministicRandomSource(seed: 42)
    let second = DeterministicRandomSource(seed: 42)
    #expect(first.bytes(count: 64) == second.bytes(count: 64))
    #expect(first.bytes(count: 5) == second.bytes(count: 5))
}

@Test func deterministicSourceDiffersBySeed() {
    #expect(DeterministicRandomSource(seed: 1).bytes(count: 32) != DeterministicRandomSource(seed: 2).bytes(count: 32))
}

@Test func deterministicSourceAdvancesPerCall() {
    let source = DeterministicRandomSource(seed: 3)
    #expect(source.bytes(count: 32) != source.bytes(count: 32))
}

@Test func systemSourceFillsBytes() {
    let source = SystemRandomSource()
    let first = source.bytes(count: 32)
    let second = source.bytes(count: 32)
    #expect(first.count == 32)
    #expect(first != second)
    #expect(source.bytes(count: 0).isEmpty)
}

@Test func uniformStaysBelowBound() {
    let source = DeterministicRandomSource(seed: 9)
    for bound: UInt32 in [1, 2, 3, 62, 1000, UInt32.max] {
        for _ in 0..<200 {
            #expect(source.uniform(bound) < bound)
        }
    }
}

@Test func uniformCoversEveryValue() {
    let source = DeterministicRandomSource(seed: 10)
    var counts = [Int](repeating: 0, count: 7)
    for _ in 0..<7000 {
        counts[Int(source.uniform(7))] += 1
    }
    // Each value expects 1,000 draws with a standard deviation of about 29.
    for count in counts {
        #expect((850...1150).contains(count))
    }
}
