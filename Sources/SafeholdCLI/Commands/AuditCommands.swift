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
    /// Events per call while paging through the trail; a few MiB of JSON, well under the
    /// client's 64 MiB reply limit.
    static let pageSize = 5000

    /// Lists events as a table, or with `--json` as JSON Lines (one event per line) for a SIEM.
    static func list(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let filter = AuditFilter(
            since: try command.time("since", now: context.now, timeZone: context.timeZone),
            until: try command.time("until", now: context.now, timeZone: context.timeZone),
            requestID: command.string("request"), userName: command.string("user"),
            accountPath: command.string("account"), action: command.string("action")
        )
        if context.wantsJSON {
            try forEachPage(of: filter, context) { page in
                for event in page { try context.printJSON(event) }
            }
            return .success
        }

        var events: [AuditEvent] = []
        try forEachPage(of: filter, context) { events += $0 }
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
    /// the public key, and no vault or service.
    static func verify(_ context: CommandContext) throws -> ExitCode {
        let verification: AuditVerification
        let file = context.command.string("file")
        if let file {
            verification = try verifyOffline(path: file, publicKeyText: context.command.string("public-key") ?? "")
        } else {
            verification = try context.call(.auditVerify, EmptyPayload(), as: AuditVerification.self)
        }
        try context.emit(verification) { verificationText(verification, file: file, timeZone: context.timeZone) }
        return verification.isValid ? .success : .failure
    }

    /// Writes the export header, then every event up to the head it signs, one JSON object per
    /// line, to FILE (a new file, mode 0600) or with `-` to standard output.
    static func export(_ context: CommandContext) throws -> ExitCode {
        let path = context.command.argument("FILE") ?? "-"
        let header = try context.call(.auditExport, EmptyPayload(), as: AuditExport.self)
        var bytes = try AuditExportFile.line(header)
        var count = 0
        try forEachPage(of: AuditFilter(), context, through: header.head.sequence) { page in
            for event in page where event.sequence <= header.head.sequence {
                bytes += try AuditExportFile.line(event)
                count += 1
            }
        }

        let checkpoints = header.checkpoints.count
        let summary = "Exported \(count) event\(count == 1 ? "" : "s") and \(checkpoints) checkpoint\(checkpoints == 1 ? "" : "s"), "
            + "signed through event \(header.head.sequence)"
        if path == "-" {
            _ = StandardStream.output.write(String(decoding: bytes, as: UTF8.self))
            context.note(summary + ".")
            return .success
        }
        do {
            try PrivateFile.create(path, contents: bytes, mode: 0o600)
        } catch {
            throw CommandFailure("failed to write \(path): \(error.reason)", hint: "choose a path that does not exist yet")
        }
        try context.emit(ExportSummary(file: path, events: count, checkpoints: checkpoints, headSequence: header.head.sequence)) {
            "\(summary), to \(path). Verify it with `safehold audit verify --file \(path) --public-key KEY`."
        }
        return .success
    }

    /// The `--json` summary of an export to a file.
    struct ExportSummary: Encodable {
        var file: String
        var events: Int
        var checkpoints: Int
        var headSequence: Int64
    }

    static func publicKey(_ context: CommandContext) throws -> ExitCode {
        let result = try context.call(.auditPublicKey, EmptyPayload(), as: AuditPublicKeyResult.self)
        try context.emit(result) { result.publicKey }
        return .success
    }

    /// Calls `body` with each page of events matching `filter`, in sequence order, stopping at a
    /// short page or once `last` is reached. The service fills every page but the last.
    private static func forEachPage(
        of filter: AuditFilter, _ context: CommandContext, through last: Int64 = .max, _ body: ([AuditEvent]) throws -> Void
    ) throws {
        var filter = filter
        filter.limit = pageSize
        while true {
            let page = try context.call(.auditList, filter, as: [AuditEvent].self)
            try body(page)
            guard page.count == pageSize, let final = page.last, final.sequence < last else { return }
            filter.afterSequence = final.sequence
        }
    }

    private static func verifyOffline(path: String, publicKeyText: String) throws -> AuditVerification {
        let publicKey = try parsePublicKey(publicKeyText)
        let bytes: [UInt8]
        do {
            bytes = try PrivateFile.read(path, limit: 1 << 30)
        } catch {
            throw CommandFailure("failed to read \(path): \(error.reason)", hint: "pass a file written by `safehold audit export FILE`", exitCode: .notFound)
        }
        do {
            return try AuditExportFile.verify(bytes, publicKey: publicKey)
        } catch {
            throw CommandFailure("\(path): \(error.description)", hint: "pass a file written by `safehold audit export FILE`", exitCode: .invalidInput)
        }
    }

    /// Reads KEY as base64, or as the path of a file that contains it, such as the vault's audit.pub.
    private static func parsePublicKey(_ text: String) throws -> Data {
        var keyText = text
        if PrivateFile.exists(text) {
            do {
                keyText = String(decoding: try PrivateFile.read(text, limit: 4096), as: UTF8.self).trimmingWhitespace()
            } catch {
                throw CommandFailure("failed to read the public key from \(text): \(error.reason)", exitCode: .invalidInput)
            }
        }
        guard let publicKey = Data(base64Encoded: keyText), publicKey.count == 32 else {
            throw CommandFailure(
                "the public key is neither 32 bytes of base64 nor a file that contains them",
                hint: "pass the output of `safehold audit public-key`, or the vault's audit.pub file", exitCode: .invalidInput
            )
        }
        return publicKey
    }

    static func verificationText(_ verification: AuditVerification, file: String?, timeZone: LocalTimeZone) -> String {
        guard verification.isValid else {
            let place = verification.firstBadSequence.map { " at event \($0)" } ?? ""
            return "audit trail INVALID\(place): \(verification.problem ?? "verification failed")"
        }

        let count = verification.eventCount
        var text = "audit trail verified: \(count) event\(count == 1 ? "" : "s")"
        if let file { text += " in \(file)" }
        text += ", chain intact"
        if let head = verification.exportHeadSequence, let exportedAt = verification.exportedAt {
            text += ", export signed through event \(head) on \(TimeFormatting.dateTime(exportedAt, timeZone: timeZone))"
        }
        text += verification.lastCheckpointSequence.map { ", checkpoints signed through event \($0)" } ?? ", no signed checkpoint yet"

        let unsigned = verification.unsignedEventCount
        guard unsigned > 0, let head = verification.headSequence else { return text }
        let first = head - Int64(unsigned) + 1
        let range = unsigned == 1 ? "event \(head) is" : "events \(first) to \(head) are"
        return text + "\nnote: \(range) not signed yet, so removing \(unsigned == 1 ? "it" : "them") from the end would go undetected."
            + " The service signs them within a minute, and when it stops."
    }
}

extension String {
    /// Returns the string without leading and trailing spaces, tabs and newlines.
    func trimmingWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}
