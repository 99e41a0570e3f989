#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdCrypto
import Testing

private let place = AssociatedData(kind: "apikey.clientSecret", recordID: "4f2c9a01b3de", version: 3)

private func makeKey(seed: UInt64 = 1) -> SecretBytes {
    SecretBytes.random(count: AEAD.keySize, using: DeterministicRandomSource(seed: seed))
}

private let plaintexts: [(name: String, bytes: [UInt8])] = [
    ("empty", []),
    ("multi-line", Array("line one\nline two\r\nline three\n".utf8)),
    ("64 KiB", (0..<65_536).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }),
    ("non-UTF-8", [0xFF, 0xFE, 0x00, 0xC3, 0x28, 0xA0, 0xA1, 0x80]),
]

@Test(arguments: plaintexts.indices)
func aeadRoundTrip(index: Int) throws {
    let plaintext = SecretBytes(copying: plaintexts[index].bytes)
    let key = makeKey()
    let sealed = AEAD.seal(plaintext, key: key, associatedData: place, random: SystemRandomSource())

    #expect(sealed.count == plaintexts[index].bytes.count + AEAD.overhead)
    let opened = try AEAD.open(sealed, key: key, associatedData: place)
    #expect(opened == plaintext, "\(plaintexts[index].name)")
}

@Test func aeadUsesFreshNonce() {
    let plaintext = SecretBytes(copying: [1, 2, 3])
    let key = makeKey()
    let random = DeterministicRandomSource(seed: 5)
    let first = AEAD.seal(plaintext, key: key, associatedData: place, random: random)
    let second = AEAD.seal(plaintext, key: key, associatedData: place, random: random)
    #expect(first.prefix(AEAD.nonceSize) != second.prefix(AEAD.nonceSize))
    #expect(first != second)
}

@Test func aeadHidesPlaintext() {
    let text = Array("a credential that must not appear".utf8)
    let sealed = AEAD.seal(SecretBytes(copying: text), key: makeKey(), associatedData: place, random: SystemRandomSource())
    #expect(sealed.firstRange(of: Data(text.prefix(8))) == nil)
}

/// Offsets into a value sealed from 16 bytes: 24 bytes of nonce, 16 of ciphertext, 16 of tag.
private let flippedBitOffsets: [(region: String, offset: Int)] = [
    ("nonce", 0),
    ("nonce", 23),
    ("ciphertext", 24),
    ("ciphertext", 34),
    ("tag", 40),
    ("tag", 55),
]

@Test(arguments: flippedBitOffsets)
func aeadRejectsFlippedBit(region: String, offset: Int) {
    let key = makeKey()
    var sealed = AEAD.seal(SecretBytes(copying: [UInt8](repeating: 0x41, count: 16)), key: key, associatedData: place, random: SystemRandomSource())
    sealed[offset] ^= 0x01

    #expect(throws: CryptoError.authenticationFailed, "flipped bit in the \(region)") {
        try AEAD.open(sealed, key: key, associatedData: place)
    }
}

@Test func aeadRejectsOtherPlace() {
    let key = makeKey()
    let sealed = AEAD.seal(SecretBytes(copying: [1, 2, 3]), key: key, associatedData: place, random: SystemRandomSource())
    let otherPlaces = [
        AssociatedData(kind: "apikey.clientId", recordID: place.recordID, version: place.version),
        AssociatedData(kind: place.kind, recordID: "4f2c9a01b3df", version: place.version),
        AssociatedData(kind: place.kind, recordID: place.recordID, version: place.version + 1),
    ]
    for other in otherPlaces {
        #expect(throws: CryptoError.authenticationFailed) {
            try AEAD.open(sealed, key: key, associatedData: other)
        }
    }
}

@Test func aeadRejectsWrongKey() {
    let sealed = AEAD.seal(SecretBytes(copying: [1, 2, 3]), key: makeKey(seed: 1), associatedData: place, random: SystemRandomSource())
    #expect(throws: CryptoError.authenticationFailed) {
        try AEAD.open(sealed, key: makeKey(seed: 2), associatedData: place)
    }
}

@Test func aeadRejectsTruncatedAndExtended() {
    let key = makeKey()
    let sealed = AEAD.seal(SecretBytes(copying: [1, 2, 3]), key: key, associatedData: place, random: SystemRandomSource())
    #expect(throws: CryptoError.authenticationFailed) {
        try AEAD.open(sealed.dropLast(), key: key, associatedData: place)
    }
    #expect(throws: CryptoError.authenticationFailed) {
        try AEAD.open(sealed + Data([0]), key: key, associatedData: place)
    }
    #expect(throws: CryptoError.authenticationFailed) {
        try AEAD.open(Data(), key: key, associatedData: place)
    }
    #expect(throws: CryptoError.authenticationFailed) {
        try AEAD.open(Data(count: AEAD.overhead - 1), key: key, associatedData: place)
    }
}

// Known-answer vector: draft-irtf-cfrg-xchacha-03, appendix A.3.1 (AEAD_XChaCha20_Poly1305).
private let vectorKey = bytes(hex: "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f")
private let vectorNonce = bytes(hex: "404142434445464748494a4b4c4d4e4f5051525354555657")
private let vectorAssociatedData = bytes(hex: "50515253c0c1c2c3c4c5c6c7")
private let vectorPlaintext = Array(
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.".utf8
)
private let vectorCiphertext = bytes(hex: """
    bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb
    731c7f1b0b4aa6440bf3a82f4eda7e39ae64c6708c54c216cb96b72e1213b452
    2f8c9ba40db5d945b11b69b982c1bb9e3f3fac2bc369488f76b2383565d3fff9
    21f9664c97637da9768812f615c68b13b52e
    """)
private let vectorTag = bytes(hex: "c0875924c1c7987947deafd8780acf49")

@Test func aeadMatchesDraftVectorOnSeal() {
    let sealed = vectorPlaintext.withUnsafeBytes { plaintext in
        AEAD.seal(
            plaintext,
            key: SecretBytes(copying: vectorKey),
            associatedDataBytes: vectorAssociatedData,
            random: FixedRandomSource(bytes: vectorNonce)
        )
    }
    #expect(hexString(sealed) == hexString(vectorNonce + vectorCiphertext + vectorTag))
}

@Test func aeadMatchesDraftVectorOnOpen() throws {
    let opened = try AEAD.open(
        Data(vectorNonce + vectorCiphertext + vectorTag),
        key: SecretBytes(copying: vectorKey),
        associatedDataBytes: vectorAssociatedData
    )
    #expect(opened.exposedBytes == vectorPlaintext)
}
