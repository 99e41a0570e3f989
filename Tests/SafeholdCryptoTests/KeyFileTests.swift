#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdCrypto
import Testing

private func mode(of path: String) -> mode_t? {
    var status = stat()
    guard stat(path, &status) == 0 else { return nil }
    return status.st_mode & 0o777
}

@Test func keyFileCreateThenLoad() throws {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("vault.key")

    let created = try KeyFile.create(at: path, random: SystemRandomSource())
    #expect(created.count == KeyFile.size)
    #expect(mode(of: path) == 0o600)
    #expect(try KeyFile.load(at: path) == created)
}

@Test func keyFileCreateRefusesExistingFile() throws {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let original = [UInt8](repeating: 7, count: KeyFile.size)
    let path = directory.write(original, to: "vault.key", mode: 0o600)

    expectCryptoError(\.isInvalidKeyFile) {
        try KeyFile.create(at: path, random: SystemRandomSource())
    }
    #expect(try KeyFile.load(at: path).exposedBytes == original)
}

@Test func keyFileCreateRefusesMissingDirectory() {
    let directory = TemporaryDirectory()
    defer { directory.remove() }

    expectCryptoError(\.isInvalidKeyFile) {
        try KeyFile.create(at: directory.file("absent/vault.key"), random: SystemRandomSource())
    }
}

@Test(arguments: [0o644, 0o640, 0o604, 0o660, 0o606] as [mode_t])
func keyFileLoadRefusesOpenMode(mode: mode_t) {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.write([UInt8](repeating: 1, count: KeyFile.size), to: "vault.key", mode: mode)

    expectCryptoError(\.isInvalidKeyFile) {
        try KeyFile.load(at: path)
    }
}

@Test func keyFileLoadAcceptsOwnerReadOnly() throws {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let bytes = [UInt8](repeating: 2, count: KeyFile.size)
    let path = directory.write(bytes, to: "vault.key", mode: 0o400)

    #expect(try KeyFile.load(at: path).exposedBytes == bytes)
}

@Test(arguments: [0, 31, 33, 64])
func keyFileLoadRefusesWrongSize(size: Int) {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.write([UInt8](repeating: 3, count: size), to: "vault.key", mode: 0o600)

    expectCryptoError(\.isInvalidKeyFile) {
        try KeyFile.load(at: path)
    }
}

@Test func keyFileLoadRefusesMissingFile() {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("absent.key")

    let error = #expect(throws: CryptoError.self) { try KeyFile.load(at: path) }
    guard case .invalidKeyFile(let reportedPath, let reason) = error else {
        Issue.record("expected invalidKeyFile, got \(String(describing: error))")
        return
    }
    #expect(reportedPath == path)
    #expect(reason.contains("does not exist"))
}

@Test func keyFileLoadRefusesDirectory() {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.file("folder")
    mkdir(path, 0o700)

    expectCryptoError(\.isInvalidKeyFile) {
        try KeyFile.load(at: path)
    }
}

@Test func keyFileErrorNamesPathAndFix() {
    let directory = TemporaryDirectory()
    defer { directory.remove() }
    let path = directory.write([UInt8](repeating: 1, count: KeyFile.size), to: "vault.key", mode: 0o644)

    let error = #expect(throws: CryptoError.self) { try KeyFile.load(at: path) }
    let message = error?.description ?? ""
    #expect(message.contains(path))
    #expect(message.contains("chmod 600"))
}
