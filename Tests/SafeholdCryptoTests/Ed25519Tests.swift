#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

// Known-answer vector: RFC 8032, section 7.1, TEST 1 (empty message).
private let testSeed = bytes(hex: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60")
private let testPublicKey = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
private let testSignature = """
    e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b
    """

@Test func ed25519MatchesRFC8032Test1() {
    let pair = Ed25519.generateKeyPair(random: FixedRandomSource(bytes: testSeed))
    #expect(hexString(pair.publicKey) == testPublicKey)

    let signature = Ed25519.sign(Data(), secretKey: pair.secretKey)
    #expect(hexString(signature) == testSignature)
    #expect(Ed25519.verify(signature: signature, message: Data(), publicKey: pair.publicKey))
}

@Test func ed25519KeyPairFromSeedMatches() {
    let pair = Ed25519.keyPair(seed: SecretBytes(copying: testSeed))
    #expect(hexString(pair.publicKey) == testPublicKey)
    #expect(pair.secretKey.count == Ed25519.secretKeySize)
}

@Test func ed25519RejectsAlteredInputs() {
    let pair = Ed25519.generateKeyPair(random: SystemRandomSource())
    let message = Data("chain head 1024".utf8)
    let signature = Ed25519.sign(message, secretKey: pair.secretKey)
    #expect(Ed25519.verify(signature: signature, message: message, publicKey: pair.publicKey))

    var alteredSignature = signature
    alteredSignature[0] ^= 0x01
    #expect(!Ed25519.verify(signature: alteredSignature, message: message, publicKey: pair.publicKey))
    #expect(!Ed25519.verify(signature: signature, message: Data("chain head 1025".utf8), publicKey: pair.publicKey))

    let otherPair = Ed25519.generateKeyPair(random: SystemRandomSource())
    #expect(!Ed25519.verify(signature: signature, message: message, publicKey: otherPair.publicKey))
}

@Test func ed25519RejectsWrongSizes() {
    let pair = Ed25519.generateKeyPair(random: SystemRandomSource())
    let signature = Ed25519.sign(Data("m".utf8), secretKey: pair.secretKey)
    #expect(!Ed25519.verify(signature: signature.dropLast(), message: Data("m".utf8), publicKey: pair.publicKey))
    #expect(!Ed25519.verify(signature: signature, message: Data("m".utf8), publicKey: pair.publicKey.dropLast()))
    #expect(!Ed25519.verify(signature: Data(), message: Data("m".utf8), publicKey: Data()))
}
