#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

@Test func associatedDataIsUnambiguous() {
    let first = AssociatedData(kind: "ab", recordID: "c", version: 1)
    let second = AssociatedData(kind: "a", recordID: "bc", version: 1)
    #expect(first.bytes != second.bytes)
}

@Test func associatedDataBindsEveryField() {
    let base = AssociatedData(kind: "secret", recordID: "4f2c", version: 1)
    #expect(base.bytes == AssociatedData(kind: "secret", recordID: "4f2c", version: 1).bytes)
    #expect(base.bytes != AssociatedData(kind: "secreT", recordID: "4f2c", version: 1).bytes)
    #expect(base.bytes != AssociatedData(kind: "secret", recordID: "4f2d", version: 1).bytes)
    #expect(base.bytes != AssociatedData(kind: "secret", recordID: "4f2c", version: 2).bytes)
}

@Test func associatedDataEqualityFollowsFields() {
    let base = AssociatedData(kind: "secret", recordID: "4f2c", version: 1)
    #expect(base == AssociatedData(kind: "secret", recordID: "4f2c", version: 1))
    #expect(base != AssociatedData(kind: "secret", recordID: "4f2c", version: 3))
}
