#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol

/// `apikey add|list|delete|import`, `rotate` and `verify`.
enum KeyCommands {
    /// Reads the values from `--from-file`, `--from-fd`, standard input, or prompts on a terminal.
    static func add(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let values: ApiKeyValues
        if let path = command.string("from-file") {
            values = try ApiKeyInput.parse(try SecretInput.read(from: .file(path)))
        } else if let fd = try command.int("from-fd") {
            values = try ApiKeyInput.parse(try SecretInput.read(from: .fileDescriptor(Int32(fd))))
        } else if isatty(STDIN_FILENO) == 1 {
            values = try ApiKeyInput.prompt()
        } else {
            values = try ApiKeyInput.parse(try SecretInput.read(from: .standardInput))
        }

        var format = KeyFormat.default
        if let length = try command.int("length") { format.length = length }
        if let alphabet = command.string("alphabet") { format.alphabet = alphabet }
        if let prefix = command.string("prefix") { format.prefix = prefix }
        let path = command.argument("ASSET/ACCOUNT") ?? ""
        let params = ApiKeyAddParams(
            path: path, name: command.argument("KEY") ?? "", description: command.string("description") ?? "",
            format: format, values: wire(values)
        )
        let key = try context.call(.apiKeyAdd, params, as: ApiKey.self)
        try context.emit(key) { "Added key \(key.name) to \(path) (version \(key.currentVersion), sealed)." }
        return .success
    }

    static func list(_ context: CommandContext) throws -> ExitCode {
        let rows = try context.call(.apiKeyList, KeyParams(path: context.command.argument("ASSET/ACCOUNT")), as: [ApiKeyRow].self)
            .sorted { ($0.path, $0.key.name) < ($1.path, $1.key.name) }
        try context.emit(rows) {
            DirectoryCommands.table(["Account", "Key", "Version", "Status", "Rotated", "Description"], rows.map { row in
                [row.path, row.key.name, String(row.key.currentVersion), status(row.key),
                 TimeFormatting.age(of: row.key.rotatedAt, now: context.now, timeZone: context.timeZone), row.key.description]
            })
        }
        return .success
    }

    static func delete(_ context: CommandContext) throws -> ExitCode {
        let path = context.command.argument("ASSET/ACCOUNT") ?? ""
        let name = context.command.argument("KEY") ?? ""
        _ = try context.call(.apiKeyDelete, KeyParams(path: path, key: name), as: EmptyPayload.self)
        try context.emit(["deleted": "\(path) \(name)"]) { "Deleted key \(name) of \(path) and destroyed its versions." }
        return .success
    }

    /// Sends the whole file to the service, which checks every row before it writes any. The file
    /// contains plaintext: shred it after a successful import.
    static func importFile(_ context: CommandContext) throws -> ExitCode {
        let path = context.command.argument("FILE") ?? ""
        let fd = try openForReading(path)
        defer { close(fd) }
        let content = try SecretInput.readAll(fd: fd, name: path, trimNewline: false, limit: 64 << 20)
        let format = content.withUnsafeBytes { ApiKeyImportParser.detectFormat($0) }
        if content.count > 256 * 1024 {
            context.note("Importing \(content.count / 1024) KiB from \(path); the service checks every row first...")
        }
        let params = ApiKeyImportParams(format: format.rawValue, content: WireSecret(content), update: context.command.flag("update"))
        let summary = try context.call(.apiKeyImport, params, as: ApiKeyImportSummary.self)
        try context.emit(summary) {
            """
            Imported \(path): \(summary.keysAdded) keys added, \(summary.keysUpdated) updated, \
            \(summary.assetsAdded) assets and \(summary.accountsAdded) accounts created.
            The file holds plaintext secrets: shred it now, for example with `shred -u \(path)`.
            """
        }
        return .success
    }

    static func rotate(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let maxAge = try command.duration("max-age")
        let path = command.argument("ASSET/ACCOUNT")
        guard maxAge != nil || path != nil else {
            throw CommandFailure(
                "name an account to rotate, or give --max-age", hint: "safehold rotate ASSET/ACCOUNT [KEY] | --max-age DURATION", exitCode: .usage
            )
        }
        let reports = try context.call(.rotate, RotateParams(path: path, key: command.argument("KEY"), maxAgeSeconds: maxAge), as: [RotationReport].self)
        try context.emit(reports) {
            guard !reports.isEmpty else { return "No key needed rotating." }
            return reports.map { report in
                switch report.status {
                case .rotated: "Rotated \(report.keyName): version \(report.version) is current."
                case .retrying: "Rotation of \(report.keyName) failed and will be retried: \(report.error ?? "")"
                case .failed: "Rotation of \(report.keyName) failed: \(report.error ?? "")"
                case .alreadyRotating: "\(report.keyName) is already being rotated."
                }
            }.joined(separator: "\n")
        }
        return reports.contains { $0.status == .failed || $0.status == .retrying } ? .failure : .success
    }

    /// Exits 0 when the presented secret (from standard input) is the key's current value, 1
    /// when it is not.
    static func verify(_ context: CommandContext) throws -> ExitCode {
        let path = context.command.argument("ASSET/ACCOUNT") ?? ""
        let secret = try presentedSecret()
        let result = try context.call(.verify, VerifyParams(path: path, key: context.command.argument("KEY"), secret: WireSecret(secret)), as: VerifyResult.self)
        try context.emit(result) { result.valid ? "valid: the key is current for \(path)" : "invalid: not a current key of \(path)" }
        return result.valid ? .success : .failure
    }

    /// Reads the secret that `verify` checks, from standard input or a prompt on its terminal.
    private static func presentedSecret() throws -> SecretBytes {
        do {
            return try SecretInput.read(from: .standardInput)
        } catch where error == .noTerminal {
            throw CommandFailure("no terminal to prompt on for the secret", hint: "pipe the presented secret into standard input", exitCode: .usage)
        }
    }

    static func wire(_ values: ApiKeyValues) -> WireApiKeyValues {
        WireApiKeyValues(
            clientId: WireSecret(values.clientID), clientSecret: WireSecret(values.clientSecret),
            clientSecretId: values.clientSecretID.map(WireSecret.init)
        )
    }

    private static func status(_ key: ApiKey) -> String {
        switch key.status {
        case .active: "active"
        case .rotating: "rotating"
        case .rotationFailed: "rotation failed: \(key.rotationError ?? "see the audit trail")"
        }
    }

    private static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw CommandFailure("failed to open \(path): \(String(cString: strerror(errno)))", exitCode: .notFound)
        }
        return fd
    }
}
