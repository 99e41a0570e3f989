#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import SafeholdSystem
import Testing

/// A private temporary directory (mode 0700) for one test's programs and files, removed on deinit.
final class ConnectorTestDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/safehold-connector-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(created != nil, "mkdtemp failed: \(SystemErrorText.describe(errno))")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
        chmod(path, 0o700)
    }

    deinit {
        _ = try? Subprocess(executable: "/bin/rm", arguments: ["-rf", path]).run()
    }

    func file(_ name: String) -> String {
        "\(path)/\(name)"
    }

    /// Writes `contents` to `name` with `mode` and returns the file's path.
    @discardableResult
    func write(_ name: String, _ contents: String, mode: mode_t = 0o644) throws -> String {
        let target = file(name)
        let fd = open(target, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, mode)
        try #require(fd >= 0, "cannot create \(target): \(SystemErrorText.describe(errno))")
        defer { close(fd) }
        let bytes = Array(contents.utf8)
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
        fchmod(fd, mode)
        return target
    }

    /// Writes an executable program (mode 0755) and returns its path.
    @discardableResult
    func writeProgram(_ name: String, _ contents: String) throws -> String {
        try write(name, contents, mode: 0o755)
    }

    /// Copies `examples/RELATIVE` of this checkout into the directory as an executable and returns
    /// its path. A copy, because the checkout's own directories may be group-writable.
    func installExample(_ relativePath: String) throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let source = root.appendingPathComponent("examples").appendingPathComponent(relativePath).path
        let copy = try Subprocess(executable: "/bin/cat", arguments: [source]).run()
        try #require(copy.exitStatus == 0, "cannot read \(source)")
        let name = String(relativePath.split(separator: "/").last ?? "example")
        return try writeProgram(name, String(decoding: copy.standardOutput, as: UTF8.self))
    }

    /// Returns the contents of `name`, or nil when it does not exist.
    func read(_ name: String) -> String? {
        guard let result = try? Subprocess(executable: "/bin/cat", arguments: [file(name)]).run(),
              result.exitStatus == 0 else { return nil }
        return String(decoding: result.standardOutput, as: UTF8.self)
    }
}

func secret(_ text: String) -> SecretBytes {
    SecretBytes(copying: Array(text.utf8))
}

func plainText(_ value: SecretBytes?) -> String? {
    value.map { $0.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
}

func credentials(_ clientSecret: String, clientId: String = "client-0001", clientSecretId: String? = nil) -> ConnectorCredentials {
    ConnectorCredentials(clientId: secret(clientId), clientSecret: secret(clientSecret), clientSecretId: clientSecretId.map(secret))
}

func connectorRequest(
    _ action: ConnectorRequest.Action = .change, account: String = "app",
    current: String = "current-secret-value", new: String? = "new-secret-value", settings: String? = nil
) -> ConnectorRequest {
    ConnectorRequest(
        action: action, asset: "cache", account: account, key: "default",
        current: credentials(current), new: new.map { credentials($0) }, settings: settings.map(secret)
    )
}

/// Returns the program's outcome for a connector that is the given shell script.
func runScript(
    _ script: String, _ request: ConnectorRequest, in directory: ConnectorTestDirectory,
    timeout: Duration = .seconds(10)
) throws -> ConnectorOutcome {
    let path = try directory.writeProgram("connector", "#!/bin/sh\n" + script + "\n")
    return try ConnectorRunner(path: path, timeout: timeout).run(request)
}

/// Returns a short, comparable description of an outcome for `#expect`.
func summary(_ outcome: ConnectorOutcome) -> String {
    switch outcome {
    case .applied(let minted): minted == nil ? "applied" : "applied with minted key"
    case .accepted(let which): "accepted \(which.rawValue)"
    case .accountMissing(let text): "accountMissing: \(text)"
    case .rejected(let text): "rejected: \(text)"
    case .failed(let text): "failed: \(text)"
    case .timedOut: "timedOut"
    }
}
