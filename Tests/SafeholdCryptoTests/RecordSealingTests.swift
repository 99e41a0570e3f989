#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

private let place = AssociatedData(kind: "apikey.clientSecret", recordID: "4f2c9a01b3de", version: 1)
private let secretValue = SecretBytes(copying: Array("sk_live_0123456789abcdef".utf8))

@Test func recordSealingRoundTrip() throws {
    let random = DeterministicRandomSource(seed: 11)
    let masterKey = MasterKey.generate(random: random)
    let sealed = RecordSealing.seal(secretValue, masterKey: masterKey, associatedData: place, random: random)

    #expect(sealed.wrappedDataKey.count == RecordSealing.dataKeySize + AEAD.overhead)
    let opened = try RecordSealing.open(
        wrappedDataKey: sealed.wrappedDataKey, sealedValue: sealed.sealedValue, masterKey: masterKey, associatedData: place
    )
    #expect(opened == secretValue)
}

@Test func recordSealingRejectsOtherMasterKey() {
    let random = DeterministicRandomSource(seed: 12)
    let sealed = RecordSealing.seal(secretValue, masterKey: MasterKey.generate(random: random), associatedData: place, random: random)

    #expect(throws: CryptoError.authenticationFailed) {
        try RecordSealing.open(
            wrappedDataKey: sealed.wrappedDataKey, sealedValue: sealed.sealedValue,
            masterKey: MasterKey.generate(random: random), associatedData: place
        )
    }
}

@Test func recordSealingRejectsOtherPlace() {
    let random = DeterministicRandomSource(seed: 13)
    let masterKey = MasterKey.generate(random: random)
    let sealed = RecordSealing.seal(secretValue, masterKey: masterKey, associatedData: place, random: random)
    let otherVersion = AssociatedData(kind: place.kind, recordID: place.recordID, version: 2)

    #expect(throws: CryptoError.authenticationFailed) {
        try RecordSealing.open(
            wrappedDataKey: sealed.wrappedDataKey, sealedValue: sealed.sealedValue, masterKey: masterKey, associatedData: otherVersion
        )
    }
}

@Test func recordSealingRejectsSwappedValue() {
    let random = DeterministicRandomSource(seed: 14)
    let masterKey = MasterKey.generate(random: random)
    let first = RecordSealing.seal(secretValue, masterKey: masterKey, associatedData: place, random: random)
    let second = RecordSealing.seal(secretValue, masterKey: masterKey, associatedData: place, random: random)

    #expect(throws: CryptoError.authenticationFailed) {
        try RecordSealing.open(
            wrappedDataKey: first.wrappedDataKey, sealedValue: second.sealedValue, masterKey: masterKey, associatedData: place
        )
    }
}

@Test func recordSealingWrapIsNotSealedValue() {
    let random = DeterministicRandomSource(seed: 15)
    let masterKey = MasterKey.generate(random: random)
    let sealed = RecordSealing.seal(secretValue, masterKey: masterKey, associatedData: place, random: random)

    // The wrap is sealed under the master key with the same kind, id and version: only its
    // purpose tag keeps it from opening as a value sealed directly under the master key.
    #expect(throws: CryptoError.authenticationFailed) {
        try AEAD.open(sealed.wrappedDataKey, key: masterKey, associatedData: place)
    }
}

@Test func recordSealingRewrap() throws {
    let random = DeterministicRandomSource(seed: 16)
    let oldMasterKey = MasterKey.generate(random: random)
    let newMasterKey = MasterKey.generate(random: random)
    let sealed = RecordSealing.seal(secretValue, masterKey: oldMasterKey, associatedData: place, random: random)

    let rewrapped = try RecordSealing.rewrap(
        wrappedDataKey: sealed.wrappedDataKey, from: oldMasterKey, to: newMasterKey, associatedData: place, random: random
    )
    #expect(rewrapped != sealed.wrappedDataKey)

    let opened = try RecordSealing.open(
        wrappedDataKey: rewrapped, sealedValue: sealed.sealedValue, masterKey: newMasterKey, associatedData: place
    )
    #expect(opened == secretValue)

    #expect(throws: CryptoError.authenticationFailed) {
        try RecordSealing.open(
            wrappedDataKey: rewrapped, sealedValue: sealed.sealedValue, masterKey: oldMasterKey, associatedData: place
        )
    }
}

@Test func recordSealingRewrapRejectsWrongOldKey() {
    let random = DeterministicRandomSource(seed: 17)
    let masterKey = MasterKey.generate(random: random)
    let sealed = RecordSealing.seal(secretValue, masterKey: masterKey, associatedData: place, random: random)

    #expect(throws: CryptoError.authenticationFailed) {
        try RecordSealing.rewrap(
            wrappedDataKey: sealed.wrappedDataKey, from: MasterKey.generate(random: random),
            to: MasterKey.generate(random: random), associatedData: place, random: random
        )
    }
}
