#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import Testing

private let secretText = "hunter2-correct-horse"

private func makeSecret() -> SecretBytes {
    SecretBytes(copying: Array(secretText.utf8))
}

@Test func secretBytesCopiesArray() {
    let secret = makeSecret()
    #expect(secret.count == secretText.utf8.count)
    #expect(secret.exposedBytes == Array(secretText.utf8))
}

@Test func secretBytesCopiesData() {
    let secret = SecretBytes(copying: Data([0, 1, 0xFF]))
    #expect(secret.exposedBytes == [0, 1, 0xFF])
}

@Test func secretBytesCopiesRawBuffer() {
    let source: [UInt8] = [9, 8, 7]
    let secret = source.withUnsafeBytes { SecretBytes(copying: $0) }
    #expect(secret.exposedBytes == [9, 8, 7])
}

@Test func secretBytesStartsZeroed() {
    let secret = SecretBytes(count: 100)
    #expect(secret.exposedBytes == [UInt8](repeating: 0, count: 100))
}

@Test func secretBytesEmptyHasNonNullBase() {
    let empty = SecretBytes(count: 0)
    #expect(empty.count == 0)
    empty.withUnsafeBytes { #expect($0.baseAddress != nil) }
    empty.withUnsafeMutableBytes { #expect($0.baseAddress != nil) }
    #expect(SecretBytes(copying: [UInt8]()).count == 0)
    #expect(SecretBytes(copying: Data()).count == 0)
}

@Test func secretBytesWritesThroughMutableAccessor() {
    let secret = SecretBytes(count: 3)
    secret.withUnsafeMutableBytes { $0.copyBytes(from: [1, 2, 3]) }
    #expect(secret.exposedBytes == [1, 2, 3])
}

@Test func secretBytesRandomDrawsFromSource() {
    let first = SecretBytes.random(count: 32, using: DeterministicRandomSource(seed: 7))
    let second = SecretBytes.random(count: 32, using: DeterministicRandomSource(seed: 7))
    #expect(first.count == 32)
    #expect(first == second)
    #expect(first.exposedBytes != [UInt8](repeating: 0, count: 32))
}

@Test func secretBytesDescriptionIsRedacted() {
    let secret = makeSecret()
    #expect(String(describing: secret) == "SecretBytes(redacted)")
    #expect(secret.description == "SecretBytes(redacted)")
    #expect(secret.debugDescription == "SecretBytes(redacted)")
    #expect(String(reflecting: secret) == "SecretBytes(redacted)")
    #expect("value: \(secret)" == "value: SecretBytes(redacted)")
}

@Test func secretBytesDumpIsRedacted() {
    let secret = makeSecret()
    var output = ""
    dump(secret, to: &output)
    #expect(!output.contains("hunter2"))
    #expect(output.contains("SecretBytes(redacted)"))
    // An element dump would list bytes such as 104 ("h") one per line.
    #expect(!output.contains("104"))
}

@Test func secretBytesMirrorIsEmpty() {
    let mirror = Mirror(reflecting: makeSecret())
    #expect(mirror.children.isEmpty)
    #expect(mirror.superclassMirror == nil)
}

@Test func secretBytesIsNotEncodable() {
    let secret = makeSecret()
    #expect(!((secret as Any) is any Encodable))
    #expect(!((secret as Any) is any Decodable))
    #expect(!((secret as Any) is any Hashable))
}

@Test func secretBytesEqualityComparesContents() {
    #expect(makeSecret() == makeSecret())
    #expect(SecretBytes(copying: [1, 2, 3]) != SecretBytes(copying: [1, 2, 4]))
    #expect(SecretBytes(copying: [1, 2, 3]) != SecretBytes(copying: [1, 2]))
    #expect(SecretBytes(copying: [0]) != SecretBytes(count: 0))
    #expect(SecretBytes(count: 0) == SecretBytes(copying: [UInt8]()))
}

@Test func secretBytesConcurrentReads() async {
    let secret = makeSecret()
    await withTaskGroup(of: Bool.self) { group in
        for _ in 0..<8 {
            group.addTask { secret.exposedBytes == Array(secretText.utf8) }
        }
        for await matches in group {
            #expect(matches)
        }
    }
}

@Test func secretBytesOutlivesLockLimit() {
    // 3,000 live secrets lock at least 3,000 pages (12 MiB), more than a default RLIMIT_MEMLOCK of
    // 8 MiB. sodium_malloc still returns memory once mlock fails, only without the lock.
    let secrets = (0..<3000).map { SecretBytes(copying: [UInt8(truncatingIfNeeded: $0)]) }
    #expect(secrets.count == 3000)
    #expect(secrets[2999].exposedBytes == [UInt8(truncatingIfNeeded: 2999)])
}
