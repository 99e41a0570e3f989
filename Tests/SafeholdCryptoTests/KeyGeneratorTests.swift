#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

private let prefix = Array("sk_live_".utf8)

@Test func keyGeneratorHasPrefixAndLength() {
    let key = KeyGenerator.generate(length: 40, alphabet: KeyGenerator.base62Alphabet, prefix: prefix, random: SystemRandomSource())
    let bytes = key.exposedBytes
    #expect(bytes.count == prefix.count + 40)
    #expect(Array(bytes.prefix(prefix.count)) == prefix)
}

@Test func keyGeneratorUsesOnlyAlphabet() {
    let alphabet = Array("abc".utf8)
    let random = DeterministicRandomSource(seed: 50)
    for _ in 0..<50 {
        let key = KeyGenerator.generate(length: 40, alphabet: alphabet, prefix: [], random: random)
        #expect(key.exposedBytes.allSatisfy { alphabet.contains($0) })
    }
}

@Test func keyGeneratorCoversBase62() {
    let random = DeterministicRandomSource(seed: 51)
    var counts: [UInt8: Int] = [:]
    // 250 keys of 40 characters: 10,000 draws, about 161 per character.
    for _ in 0..<250 {
        let key = KeyGenerator.generate(length: 40, alphabet: KeyGenerator.base62Alphabet, prefix: [], random: random)
        for byte in key.exposedBytes {
            counts[byte, default: 0] += 1
        }
    }
    #expect(Set(counts.keys) == Set(KeyGenerator.base62Alphabet))
    // A biased modulo would favour the first 8 characters by about 3 %; this only catches gross
    // errors, 6 standard deviations (about 12 draws each) from the mean.
    for (_, count) in counts {
        #expect((85...240).contains(count))
    }
}

@Test func keyGeneratorRepeatsForSameSeed() {
    let first = KeyGenerator.generate(length: 40, alphabet: KeyGenerator.base62Alphabet, prefix: prefix, random: DeterministicRandomSource(seed: 52))
    let second = KeyGenerator.generate(length: 40, alphabet: KeyGenerator.base62Alphabet, prefix: prefix, random: DeterministicRandomSource(seed: 52))
    #expect(first == second)
}

@Test func keyGeneratorEmptyLength() {
    let key = KeyGenerator.generate(length: 0, alphabet: KeyGenerator.base62Alphabet, prefix: prefix, random: SystemRandomSource())
    #expect(key.exposedBytes == prefix)
}

@Test func keyGeneratorLongKey() {
    let key = KeyGenerator.generate(length: 1000, alphabet: KeyGenerator.base62Alphabet, prefix: [], random: SystemRandomSource())
    #expect(key.count == 1000)
    #expect(key.exposedBytes.allSatisfy { KeyGenerator.base62Alphabet.contains($0) })
}

@Test func keyGeneratorSingleCharacterAlphabet() {
    let key = KeyGenerator.generate(length: 5, alphabet: [0x78], prefix: [], random: SystemRandomSource())
    #expect(key.exposedBytes == Array("xxxxx".utf8))
}
