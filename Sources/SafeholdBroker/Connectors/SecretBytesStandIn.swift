// TEMPORARY stand-in for SafeholdCrypto's `SecretBytes`, so that the connector code compiles before
// SafeholdCrypto exists in this branch. Delete this file when merging; the connector code then
// compiles unchanged with `import SafeholdCrypto`. It mirrors only the API the connectors use and
// does none of the real type's guarding (no sodium_malloc, no locked pages).
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

final class SecretBytes {
    private let storage: UnsafeMutableRawBufferPointer

    init(count: Int) {
        storage = UnsafeMutableRawBufferPointer.allocate(byteCount: max(count, 1), alignment: 16)
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        self.count = count
    }

    convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count)
        for (index, byte) in bytes.enumerated() { storage[index] = byte }
    }

    deinit {
        storage.initializeMemory(as: UInt8.self, repeating: 0)
        storage.deallocate()
    }

    let count: Int

    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(rebasing: storage[0..<count]))
    }

    func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeMutableRawBufferPointer(rebasing: storage[0..<count]))
    }

    static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in 0..<lhs.count { difference |= lhs.storage[index] ^ rhs.storage[index] }
        return difference == 0
    }
}
