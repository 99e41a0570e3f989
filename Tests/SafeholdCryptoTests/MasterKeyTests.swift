#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

private let passphrase = SecretBytes(copying: Array("correct horse battery staple".utf8))

private func wrapWithPassphrase(_ masterKey: SecretBytes, seed: UInt64) throws -> Data {
    try MasterKey.wrap(masterKey, passphrase: passphrase, limits: .minimalForTests, random: DeterministicRandomSource(seed: seed))
}

/// Replaces the first occurrence of `target` in the file text, and fails the test when it is absent.
private func edit(_ file: Data, replacing target: String, with replacement: String) throws -> Data {
    var text = String(decoding: file, as: UTF8.self)
    let range = try #require(text.firstRange(of: target), "the file contains \(target)")
    text.replaceSubrange(range, with: replacement)
    return Data(text.utf8)
}

/// Changes the first character of a string field's value to another base64 character.
private func editValue(of field: String, in file: Data) throws -> Data {
    let text = String(decoding: file, as: UTF8.self)
    let key = try #require(text.firstRange(of: "\"\(field)\" : \""), "the file has a \(field) field")
    let first = text[key.upperBound]
    let replacement: Character = first == "A" ? "B" : "A"
    var edited = text
    edited.replaceSubrange(key.upperBound...key.upperBound, with: String(replacement))
    return Data(edited.utf8)
}

@Test func masterKeyGenerateHas32Bytes() {
    let random = DeterministicRandomSource(seed: 20)
    let first = MasterKey.generate(random: random)
    #expect(first.count == 32)
    #expect(first != MasterKey.generate(random: random))
}

@Test func masterKeyPassphraseRoundTrip() throws {
    let masterKey = MasterKey.generate(random: SystemRandomSource())
    let file = try wrapWithPassphrase(masterKey, seed: 21)

    #expect(try MasterKey.method(ofWrappedFile: file) == .passphrase)
    #expect(try MasterKey.unwrap(file, passphrase: passphrase) == masterKey)
}

@Test func masterKeyKeyFileRoundTrip() throws {
    let random = DeterministicRandomSource(seed: 22)
    let masterKey = MasterKey.generate(random: random)
    let keyFileKey = SecretBytes.random(count: KeyFile.size, using: random)
    let file = try MasterKey.wrap(masterKey, keyFileKey: keyFileKey, random: random)

    #expect(try MasterKey.method(ofWrappedFile: file) == .keyFile)
    #expect(try MasterKey.unwrap(file, keyFileKey: keyFileKey) == masterKey)
}

@Test func masterKeyFileHoldsNoKeyBytes() throws {
    let masterKey = MasterKey.generate(random: SystemRandomSource())
    let file = try wrapWithPassphrase(masterKey, seed: 23)
    let text = String(decoding: file, as: UTF8.self)

    #expect(!text.contains("correct horse"))
    #expect(file.firstRange(of: Data(masterKey.exposedBytes)) == nil)
    #expect(!text.contains(Data(masterKey.exposedBytes).base64EncodedString()))
    #expect(text.contains("\"method\" : \"passphrase\""))
    #expect(text.contains("\"algorithm\" : \"argon2id13\""))
}

@Test func masterKeyWrapUsesFreshSalt() throws {
    let masterKey = MasterKey.generate(random: SystemRandomSource())
    #expect(try wrapWithPassphrase(masterKey, seed: 24) != wrapWithPassphrase(masterKey, seed: 25))
}

@Test func masterKeyWrongPassphrase() throws {
    let file = try wrapWithPassphrase(MasterKey.generate(random: SystemRandomSource()), seed: 26)
    let wrong = SecretBytes(copying: Array("correct horse battery stable".utf8))

    #expect(throws: CryptoError.wrongPassphrase) {
        try MasterKey.unwrap(file, passphrase: wrong)
    }
}

@Test func masterKeyEmptyPassphraseRoundTrip() throws {
    let masterKey = MasterKey.generate(random: SystemRandomSource())
    let empty = SecretBytes(count: 0)
    let file = try MasterKey.wrap(masterKey, passphrase: empty, limits: .minimalForTests, random: SystemRandomSource())

    #expect(try MasterKey.unwrap(file, passphrase: empty) == masterKey)
    #expect(throws: CryptoError.wrongPassphrase) {
        try MasterKey.unwrap(file, passphrase: passphrase)
    }
}

@Test func masterKeyWrongKeyFile() throws {
    let random = DeterministicRandomSource(seed: 27)
    let file = try MasterKey.wrap(
        MasterKey.generate(random: random), keyFileKey: SecretBytes.random(count: KeyFile.size, using: random), random: random
    )

    #expect(throws: CryptoError.wrongKeyFile) {
        try MasterKey.unwrap(file, keyFileKey: SecretBytes.random(count: KeyFile.size, using: random))
    }
}

@Test func masterKeyRejectsOtherMethod() throws {
    let random = DeterministicRandomSource(seed: 28)
    let keyFileKey = SecretBytes.random(count: KeyFile.size, using: random)
    let passphraseFile = try wrapWithPassphrase(MasterKey.generate(random: random), seed: 29)
    let keyFileFile = try MasterKey.wrap(MasterKey.generate(random: random), keyFileKey: keyFileKey, random: random)

    expectCryptoError(\.isUnsupported) {
        try MasterKey.unwrap(passphraseFile, keyFileKey: keyFileKey)
    }
    expectCryptoError(\.isUnsupported) {
        try MasterKey.unwrap(keyFileFile, passphrase: passphrase)
    }
}

@Test func masterKeyRejectsWrongSizeKeyFileKey() throws {
    let random = DeterministicRandomSource(seed: 30)
    expectCryptoError(\.isUnsupported) {
        try MasterKey.wrap(MasterKey.generate(random: random), keyFileKey: SecretBytes(count: 16), random: random)
    }
}

@Test func masterKeyRejectsLimitsOutOfRange() {
    let limits = Argon2Limits(opsLimit: 0, memLimit: 1024)
    expectCryptoError(\.isUnsupported) {
        try MasterKey.wrap(MasterKey.generate(random: SystemRandomSource()), passphrase: passphrase, limits: limits, random: SystemRandomSource())
    }
}

@Test func masterKeyTruncatedFileIsDamaged() throws {
    let file = try wrapWithPassphrase(MasterKey.generate(random: SystemRandomSource()), seed: 31)
    let truncated = file.prefix(file.count / 2)

    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(truncated, passphrase: passphrase) }
    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.method(ofWrappedFile: truncated) }
    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(Data(), passphrase: passphrase) }
}

@Test func masterKeyEditedLimitIsDamaged() throws {
    let file = try wrapWithPassphrase(MasterKey.generate(random: SystemRandomSource()), seed: 32)
    let edited = try edit(file, replacing: "\"opsLimit\" : 1", with: "\"opsLimit\" : 2")

    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(edited, passphrase: passphrase) }
}

@Test func masterKeyEditedSealedKeyIsDamaged() throws {
    let file = try wrapWithPassphrase(MasterKey.generate(random: SystemRandomSource()), seed: 33)
    let edited = try editValue(of: "sealedMasterKey", in: file)

    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(edited, passphrase: passphrase) }
}

@Test func masterKeyEditedSaltIsDamaged() throws {
    let file = try wrapWithPassphrase(MasterKey.generate(random: SystemRandomSource()), seed: 34)
    let edited = try editValue(of: "salt", in: file)

    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(edited, passphrase: passphrase) }
}

@Test func masterKeyFlippedChecksumIsDamaged() throws {
    let random = DeterministicRandomSource(seed: 35)
    let keyFileKey = SecretBytes.random(count: KeyFile.size, using: random)
    let file = try MasterKey.wrap(MasterKey.generate(random: random), keyFileKey: keyFileKey, random: random)
    let edited = try editValue(of: "checksum", in: file)

    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(edited, keyFileKey: keyFileKey) }
    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.method(ofWrappedFile: edited) }
}

@Test func masterKeyNonJSONIsDamaged() {
    let garbage = Data("not json at all".utf8)
    expectCryptoError(\.isDamagedKeyMaterial) { try MasterKey.unwrap(garbage, passphrase: passphrase) }
}

@Test func masterKeyReformattedFileStillOpens() throws {
    let masterKey = MasterKey.generate(random: SystemRandomSource())
    let file = try wrapWithPassphrase(masterKey, seed: 36)
    // Whitespace is not part of the checksum: a file reindented by an editor still opens.
    let compact = Data(String(decoding: file, as: UTF8.self).filter { $0 != "\n" && $0 != " " }.utf8)

    #expect(try MasterKey.unwrap(compact, passphrase: passphrase) == masterKey)
}

@Test func masterKeyUnknownFormatIsUnsupported() throws {
    let file = try wrapWithPassphrase(MasterKey.generate(random: SystemRandomSource()), seed: 37)
    let edited = try edit(file, replacing: "\"format\" : 1", with: "\"format\" : 2")

    expectCryptoError(\.isUnsupported) {
        try MasterKey.unwrap(edited, passphrase: passphrase)
    }
}

@Test func masterKeyErrorsAreDistinct() {
    let errors: [CryptoError] = [.wrongPassphrase, .wrongKeyFile, .damagedKeyMaterial("checksum mismatch"), .authenticationFailed]
    #expect(Set(errors.map(\.description)).count == errors.count)
}

@Test func argon2LimitsMatchLibsodium() {
    #expect(Argon2Limits.minimalForTests.opsLimit == 1)
    #expect(Argon2Limits.minimalForTests.memLimit == 8192)
    #expect(Argon2Limits.moderate.opsLimit == 3)
    #expect(Argon2Limits.moderate.memLimit == 256 * 1024 * 1024)
    #expect(Argon2Limits.interactive.opsLimit == 2)
    #expect(Argon2Limits.interactive.memLimit == 64 * 1024 * 1024)
}
