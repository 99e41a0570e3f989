#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol

/// `show` and `copy`: the check-out. Both ask the service for every key of the request's account
/// (which records the check-out in the audit trail first), then print or copy what was asked for.
/// Values go from guarded memory to standard output or a clipboard tool's stdin, never through a
/// Swift string except in `--json` output.
enum CheckOutCommands {
    enum Field: String {
        case clientSecret = "client-secret"
        case clientID = "client-id"
        case clientSecretID = "client-secret-id"

        func value(of key: WireRevealedKey) -> SecretBytes? {
            switch self {
            case .clientSecret: key.values.clientSecret.bytes
            case .clientID: key.values.clientId.bytes
            case .clientSecretID: key.values.clientSecretId?.bytes
            }
        }
    }

    static func show(_ context: CommandContext) throws -> ExitCode {
        let keys = try checkOut(context).keys
        let field = context.command.string("field").flatMap(Field.init(rawValue:))

        if context.wantsJSON {
            try printJSON(keys, context: context)
        } else if let field {
            for key in keys {
                guard let value = field.value(of: key) else {
                    throw CommandFailure("key \(key.name) has no \(field.rawValue)", exitCode: .notFound)
                }
                writeLine(value)
            }
        } else if context.terminal.isStandardOutputTerminal {
            printTable(keys, context: context)
        } else {
            // Piped: the three lines that `apikey add` reads, keys separated by an empty line.
            for (index, key) in keys.enumerated() {
                if index > 0 { writeRaw([0x0a]) }
                writeLine(key.values.clientId.bytes)
                writeLine(key.values.clientSecret.bytes)
                if let secretID = key.values.clientSecretId { writeLine(secretID.bytes) }
            }
        }
        return .success
    }

    static func copy(_ context: CommandContext) throws -> ExitCode {
        guard let clipboard = Clipboard.detect(environment: context.environment, standardOutputIsTerminal: context.terminal.isStandardOutputTerminal) else {
            throw CommandFailure(
                "no clipboard was found: no Wayland or X display, and standard output is not a terminal",
                hint: "print the key with `safehold show \(context.command.argument("ID") ?? "ID") --field client-secret`",
                exitCode: .unavailable
            )
        }
        let (checkedOut, keys) = try checkOut(context)
        guard keys.count == 1 else {
            throw CommandFailure(
                "the account has \(keys.count) keys: \(keys.map(\.name).joined(separator: ", "))",
                hint: "choose one with --key NAME", exitCode: .usage
            )
        }
        let field = context.command.string("field").flatMap(Field.init(rawValue:)) ?? .clientSecret
        guard let value = field.value(of: keys[0]) else {
            throw CommandFailure("key \(keys[0].name) has no \(field.rawValue)", exitCode: .notFound)
        }
        let delay = try context.command.int("clear-after") ?? 45
        try clipboard.copy(value)
        try ClipboardClearHelper.start(clipboard: clipboard, value: value, delaySeconds: delay)
        let copied = CopyResult(
            request: checkedOut.requestId, account: checkedOut.accountPath, key: keys[0].name, field: field.rawValue,
            clearAfterSeconds: delay
        )
        try context.emit(copied) {
            let what = "the \(field.rawValue.replacingDashes) of \(copied.account) (key \(copied.key))"
            let delayText = TimeFormatting.duration(seconds: delay)
            // A terminal's clipboard cannot be read back, so the helper clears it unconditionally.
            guard clipboard.tool != .osc52 else {
                return "Copied \(what) to the terminal's clipboard. It is cleared in \(delayText), whatever it contains then."
            }
            return "Copied \(what) to the clipboard. It is cleared in \(delayText) unless you copy something else first."
        }
        return .success
    }

    /// The `--json` output of `copy`, which names what was copied but never contains the value.
    struct CopyResult: Encodable {
        var request: String
        var account: String
        var key: String
        var field: String
        var clearAfterSeconds: Int
    }

    /// Checks out the request and keeps the keys that `--key` names.
    private static func checkOut(_ context: CommandContext) throws -> (result: CheckOutResult, keys: [WireRevealedKey]) {
        let id = context.command.argument("ID") ?? ""
        let result = try context.call(.checkOutApiKeys, RequestIDParams(id: id), as: CheckOutResult.self)
        guard let name = context.command.string("key") else { return (result, result.keys) }
        let chosen = result.keys.filter { $0.name == name }
        guard !chosen.isEmpty else {
            throw CommandFailure(
                "request \(id) has no key named \(name)", hint: "its keys are: \(result.keys.map(\.name).joined(separator: ", "))",
                exitCode: .notFound
            )
        }
        return (result, chosen)
    }

    private static func printTable(_ keys: [WireRevealedKey], context: CommandContext) {
        for key in keys {
            context.print("\(key.name) (version \(key.version))\(key.description.isEmpty ? "" : ": \(key.description)")")
            writeRaw(Array("  client ID:        ".utf8))
            writeLine(key.values.clientId.bytes)
            writeRaw(Array("  client secret:    ".utf8))
            writeLine(key.values.clientSecret.bytes)
            if let secretID = key.values.clientSecretId {
                writeRaw(Array("  client secret ID: ".utf8))
                writeLine(secretID.bytes)
            }
        }
    }

    private static func printJSON(_ keys: [WireRevealedKey], context: CommandContext) throws {
        struct Plain: Encodable {
            var name: String
            var description: String
            var version: Int
            var clientId: String
            var clientSecret: String
            var clientSecretId: String?
        }
        let text = { (secret: SecretBytes) in secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) } }
        let plain = keys.map {
            Plain(name: $0.name, description: $0.description, version: $0.version, clientId: text($0.values.clientId.bytes),
                  clientSecret: text($0.values.clientSecret.bytes), clientSecretId: $0.values.clientSecretId.map { text($0.bytes) })
        }
        try context.printJSON(["keys": plain])
    }

    /// Writes a secret and a newline straight from guarded memory to standard output.
    private static func writeLine(_ secret: SecretBytes) {
        secret.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let written = write(STDOUT_FILENO, bytes.baseAddress! + offset, bytes.count - offset)
                if written <= 0 { if errno == EINTR { continue } else { return } }
                offset += written
            }
        }
        writeRaw([0x0a])
    }

    private static func writeRaw(_ bytes: [UInt8]) {
        _ = bytes.withUnsafeBytes { write(STDOUT_FILENO, $0.baseAddress!, $0.count) }
    }
}

extension String {
    /// `client-secret` as `client secret`.
    var replacingDashes: String { split(separator: "-").joined(separator: " ") }
}
