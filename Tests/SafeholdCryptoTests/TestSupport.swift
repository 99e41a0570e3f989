#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdCrypto
import Testing

/// A random source that returns the given bytes, repeated, for known-answer tests that need a
/// fixed nonce or seed.
struct FixedRandomSource: RandomSource {
    let bytes: [UInt8]

    func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        for index in buffer.indices {
            buffer[index] = bytes[index % bytes.count]
        }
    }
}

/// Decodes hexadecimal text; whitespace is ignored so that vectors can be split over lines.
func bytes(hex: String) -> [UInt8] {
    let digits = Array(hex.utf8.filter { !$0.isASCIIWhitespace })
    precondition(digits.count % 2 == 0, "odd number of hexadecimal digits")
    return stride(from: 0, to: digits.count, by: 2).map { index in
        UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16)!
    }
}

func hexString<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
    bytes.map { byte in
        let digits = String(byte, radix: 16)
        return digits.count == 1 ? "0" + digits : digits
    }.joined()
}

extension SecretBytes {
    /// Copies the secret out, for assertions in tests only.
    var exposedBytes: [UInt8] {
        withUnsafeBytes { Array($0) }
    }
}

extension UInt8 {
    fileprivate var isASCIIWhitespace: Bool {
        self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/safehold-crypto-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `bytes` to a new file with exactly `mode`.
    func write(_ bytes: [UInt8], to name: String, mode: mode_t) -> String {
        let filePath = file(name)
        let descriptor = open(filePath, O_WRONLY | O_CREAT | O_TRUNC, mode)
        precondition(descriptor >= 0, "open failed")
        defer { close(descriptor) }
        precondition(fchmod(descriptor, mode) == 0, "fchmod failed")
        let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
        precondition(written == bytes.count, "write failed")
        return filePath
    }

    func remove() {
        guard let directory = opendir(path) else { return }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." {
                let entryPath = file(name)
                if unlink(entryPath) != 0 {
                    rmdir(entryPath)
                }
            }
        }
        closedir(directory)
        rmdir(path)
    }
}

extension CryptoError {
    var isDamagedKeyMaterial: Bool {
        if case .damagedKeyMaterial = self { return true }
        return false
    }

    var isUnsupported: Bool {
        if case .unsupported = self { return true }
        return false
    }

    var isInvalidKeyFile: Bool {
        if case .invalidKeyFile = self { return true }
        return false
    }
}

/// Expects `body` to throw a `CryptoError` that satisfies `matches`.
func expectCryptoError<R>(
    _ matches: (CryptoError) -> Bool,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> R
) {
    let error = #expect(throws: CryptoError.self, sourceLocation: sourceLocation) { try body() }
    if let error {
        #expect(matches(error), "unexpected error: \(error)", sourceLocation: sourceLocation)
    }
}
