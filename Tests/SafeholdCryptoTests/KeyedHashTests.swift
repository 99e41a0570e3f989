#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

// Known-answer vectors: the first two keyed BLAKE2b entries of the BLAKE2 reference test vectors
// (testvectors/blake2b-kat.txt in the BLAKE2 repository): key 00 01 ... 3f, 64-byte output.
private let referenceKey = SecretBytes(copying: (0..<64).map { UInt8($0) })

@Test func keyedHashMatchesReferenceEmptyInput() {
    let hash = KeyedHash.hash(Data(), key: referenceKey, length: 64)
    #expect(hexString(hash) == """
        10ebb67700b1868efb4417987acf4690ae9d972fb7a590c2f02871799aaa4786\
        b5e996e8f0f4eb981fc214b005f42d2ff4233499391653df7aefcbc13fc51568
        """)
}

@Test func keyedHashMatchesReferenceOneByte() {
    let hash = KeyedHash.hash(Data([0x00]), key: referenceKey, length: 64)
    #expect(hexString(hash) == """
        961f6dd1e4dd30f63901690c512e78e4b45e4742ed197c3c5e45c549fd25f2e4\
        187b0bc9fe30492b16b0d0bc4ef9b0f34c7003fac09a5ef1532e69430234cebd
        """)
}

@Test func keyedHashOverloadsAgree() {
    let key = SecretBytes.random(count: 32, using: DeterministicRandomSource(seed: 40))
    let message: [UInt8] = Array("token-4f2c".utf8)

    let fromData = KeyedHash.hash(Data(message), key: key)
    let fromSecret = KeyedHash.hash(SecretBytes(copying: message), key: key)
    let fromPointer = message.withUnsafeBytes { KeyedHash.hash($0, key: key) }
    #expect(fromData.count == 32)
    #expect(fromData == fromSecret)
    #expect(fromData == fromPointer)
}

@Test func keyedHashDependsOnKey() {
    let message = Data("token-4f2c".utf8)
    let random = DeterministicRandomSource(seed: 41)
    let first = KeyedHash.hash(message, key: SecretBytes.random(count: 32, using: random))
    let second = KeyedHash.hash(message, key: SecretBytes.random(count: 32, using: random))
    #expect(first != second)
}

@Test func keyedHashHonorsLength() {
    let key = SecretBytes.random(count: 32, using: DeterministicRandomSource(seed: 42))
    #expect(KeyedHash.hash(Data("x".utf8), key: key, length: 16).count == 16)
    #expect(KeyedHash.hash(Data("x".utf8), key: key, length: 64).count == 64)
}
