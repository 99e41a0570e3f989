#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

@Test func constantTimeEqualsComparesBytes() {
    #expect(constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 3])))
    #expect(!constantTimeEquals(Data([1, 2, 3]), Data([1, 2, 4])))
    #expect(!constantTimeEquals(Data([9, 2, 3]), Data([1, 2, 3])))
}

@Test func constantTimeEqualsRejectsOtherLength() {
    #expect(!constantTimeEquals(Data([1, 2, 3]), Data([1, 2])))
    #expect(!constantTimeEquals(Data(), Data([0])))
}

@Test func constantTimeEqualsAcceptsEmpty() {
    #expect(constantTimeEquals(Data(), Data()))
}

@Test func constantTimeEqualsHandlesSlices() {
    let whole = Data([0, 1, 2, 3, 4])
    #expect(constantTimeEquals(whole.dropFirst(2), Data([2, 3, 4])))
}
