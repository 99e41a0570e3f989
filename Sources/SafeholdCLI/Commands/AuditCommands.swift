#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdModel
import SafeholdProtocol
import SafeholdSystem

/// `audit`, `audit verify`, `audit export` and `audit public-key`.
enum AuditCommands {
    /// Lists events as a table, or with `--json` as JSON Lines (one event per line) for a SIEM.
    static func list(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let filter = AuditFilter(
            since: try command.time("since", now: context.now, timeZone: context.timeZone),
            until: try command.time("until", now: context.now, timeZone: context.timeZone),
            requestID: command.string("request"), userName: command.string("user"),
            accountPath: command.string("account"), action: command.string("action")
        )
        let events = try context.call(.auditList, filter, as: [AuditEvent].self)
        if context.wantsJSON {
            for event in events { try context.printJSON(event) }
            return .success
        }
        // Administrators and auditors may list users, so they see names; others see ids.
        let me = try context.call(.me, EmptyPayload(), as: MeResult.self).user
        let users = me.isAdministrator || me.isAuditor ? try context.call(.userList, EmptyPayload(), as: [User].self) : [me]
        let names = Dictionary(users.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let rows = events.map { event in
            [String(event.sequence), TimeFormatting.dateTime(event.at, timeZone: context.timeZone),
             event.actorID.map { names[$0] ?? $0.rawValue } ?? (event.actorUID.map { "uid \($0)" } ?? "safehold"), event.action,
             event.targets.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "),
             [event.oldState, event.newState].compactMap { $0 }.joined(separator: " → "), event.comment ?? ""]
        }
        context.print(DirectoryCommands.table(["Seq", "Time", "Actor", "Action", "Targets", "State", "Comment"], rows))
        return .success
    }

    /// Verifies the live chain through the service, or with `--file` an export offline with only
    /// the public key.
    static func verify(_ context: CommandContext) throws -> ExitCode {
        let verification: AuditVerification
        if let path = context.command.string("file") {
            verification = try verifyOffline(path: path, publicKeyText: context.command.string("public-key") ?? "")
        } else {
            verification = try context.call(.auditVerify, EmptyPayload(), as: AuditVerification.self)
        }
        try context.emit(verification) {
            guard verification.isValid else {
                return "audit trail INVALID at event \(verification.firstBadSequence ?? 0): \(verification.problem ?? "")"
            }
            let signed = verification.lastCheckpointSequence.map { "signed through event \($0)" } ?? "no signed checkpoint yet"
            let tail = verification.eventCount - Int(verification.lastCheckpointSequence ?? 0)
            return "audit trail verified: \(verification.eventCount) events, chain intact, \(signed)"
                + (tail > 0 ? "; the last \(tail) event(s) are not covered by a signature yet" : "")
        }
        return verification.isValid ? .success : .failure
    }

    /// Writes the export to a new file (mode 0600) or, without FILE, to standard output. The
    /// export itself is JSON, so `--json` changes only the summary printed after writing a file.
    static func export(_ context: CommandContext) throws -> ExitCode {
        let export = try context.call(.auditExport, EmptyPayload(), as: AuditExport.self)
        let data = try WireCoding.encode(export)
        guard let path = context.command.argument("FILE") else {
            context.print(String(decoding: data, as: UTF8.self))
            return .success
        }
        do {
            try PrivateFile.create(path, contents: [UInt8](data), mode: 0o600)
        } catch {
            throw CommandFailure("failed to write \(path): \(error.reason)", hint: "choose a path that does not exist yet")
        }
        let summary = ExportSummary(file: path, events: export.events.count, checkpoints: export.checkpoints.count)
        try context.emit(summary) {
            "Exported \(summary.events) events and \(summary.checkpoints) checkpoints to \(path)."
        }
        return .success
    }

    struct ExportSummary: Encodable {
        var file: String
        var events: Int
        var checkpoints: Int
    }

    static func publicKey(_ context: CommandContext) throws -> ExitCode {
        let result = try context.call(.auditPublicKey, EmptyPayload(), as: AuditPublicKeyResult.self)
        try context.emit(result) { result.publicKey }
        return .success
    }

    private static func verifyOffline(path: String, publicKeyText: String) throws -> AuditVerification {
        let bytes = try PrivateFile.read(path, limit: 1 << 30)
        let export: AuditExport
        do {
            export = try WireCoding.decoder().decode(AuditExport.self, from: Data(bytes))
        } catch {
            throw CommandFailure("\(path) is not a Safehold audit export", hint: "create one with `safehold audit export FILE`", exitCode: .invalidInput)
        }
        let keyText = PrivateFile.exists(publicKeyText)
            ? String(decoding: try PrivateFile.read(publicKeyText), as: UTF8.self).trimmingWhitespace()
            : publicKeyText
        guard let publicKey = Data(base64Encoded: keyText), publicKey.count == 32 else {
            throw CommandFailure(
                "the public key is not 32 bytes of base64", hint: "pass the output of `safehold audit public-key`, or the vault's audit.pub file",
                exitCode: .invalidInput
            )
        }
        if publicKey != export.publicKey {
            return AuditVerification(isValid: false, eventCount: export.events.count, firstBadSequence: 0,
                                     problem: "the export was signed with a different key than the one given")
        }
        return AuditVerifier.verify(events: export.events, checkpoints: export.checkpoints, publicKey: publicKey)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
