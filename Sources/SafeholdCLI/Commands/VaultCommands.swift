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
import SafeholdService
import SafeholdStore
import SafeholdSystem

/// `init`, `serve`, `rekey` and `check`: the commands that work on the vault directory itself.
enum VaultCommands {
    static func initialize(_ context: CommandContext) throws -> ExitCode {
        let location = try context.location()
        let layout = VaultLayout(directory: location.directory)
        let login = SystemUser.current() ?? "admin"
        let name = context.command.string("admin") ?? login
        let administrator = User(
            id: IdentifierFactory.make(), name: name, osLogin: login, isAdministrator: true, createdAt: Date.truncatedToMilliseconds(Date())
        )

        let protection: VaultProtection
        if let keyFile = context.command.string("key-file") {
            protection = .keyFile(path: keyFile)
        } else {
            let passphrase = try newPassphrase(fd: try context.command.int("passphrase-fd"), alternatives: "--passphrase-fd N or --key-file FILE")
            protection = .passphrase(passphrase, limits: .moderate)
        }

        try Vault.initialize(layout: layout, protection: protection, administrator: administrator)
        try context.emit(["vault": layout.directory, "administrator": name]) {
            """
            Created the vault in \(layout.directory).
            The first administrator is \(name) (OS login \(login)).
            Start the service with: safehold serve --vault \(layout.directory)\(keyFileHint(protection))
            """
        }
        return .success
    }

    static func serve(_ context: CommandContext) throws -> ExitCode {
        // Before the master key is in memory: no core dumps, no ptrace by other processes.
        _ = MemoryHardening.disableCoreDumps()
        _ = MemoryHardening.lockAll()

        let location = try context.location()
        let layout = VaultLayout(directory: location.directory)
        let vault = try Vault.open(layout: layout, unlock: try unlock(context, layout: layout))

        var configuration = ServiceConfiguration(socketPath: location.socketPath)
        configuration.notifyCommand = context.command.string("notify-command")
        if let seconds = try context.command.int("read-timeout") {
            configuration.readTimeout = .seconds(seconds)
        }
        if let count = try context.command.int("checkpoint-every") {
            configuration.brokerOptions.auditCheckpointEventCount = count
        }
        let logger = Logger.standardError(label: "safehold.serve")
        let service = try BrokerService(vault: vault, configuration: configuration, logger: logger)
        try service.run()
        return .success
    }

    static func rekey(_ context: CommandContext) throws -> ExitCode {
        let location = try context.location()
        let layout = VaultLayout(directory: location.directory)
        let current = try unlock(context, layout: layout)

        var newProtection: VaultProtection?
        if let keyFile = context.command.string("new-key-file") {
            newProtection = .keyFile(path: keyFile)
        } else if let fd = try context.command.int("new-passphrase-fd") {
            newProtection = .passphrase(try newPassphrase(fd: fd, alternatives: ""), limits: .moderate)
        } else if !context.command.flag("roll-master-key") {
            let passphrase = try newPassphrase(fd: nil, alternatives: "--new-passphrase-fd N, --new-key-file FILE or --roll-master-key")
            newProtection = .passphrase(passphrase, limits: .moderate)
        }
        let caller = User(
            id: UserID("000000000000"), name: SystemUser.current() ?? "unknown", isAdministrator: true,
            createdAt: Date.truncatedToMilliseconds(Date())
        )
        try Vault.rekey(
            layout: layout, unlock: current, newProtection: newProtection,
            rollMasterKey: context.command.flag("roll-master-key"), caller: caller
        )
        try context.emit(["vault": layout.directory, "result": "rekeyed"]) {
            context.command.flag("roll-master-key")
                ? "Replaced the master key of \(layout.directory) and rewrapped every data key."
                : "Changed the credential that unlocks \(layout.directory)."
        }
        return .success
    }

    static func check(_ context: CommandContext) throws -> ExitCode {
        let location = try context.location()
        let layout = VaultLayout(directory: location.directory)
        let report = try VaultCheck.run(layout: layout)
        try context.emit(report) {
            var lines = report.findings.map { "problem: \($0)" }
            lines.append(report.findings.isEmpty
                ? "Vault \(layout.directory) is consistent: \(report.keyCount) keys, \(report.requestCount) requests, \(report.eventCount) audit events."
                : "Vault \(layout.directory) has \(report.findings.count) problem(s).")
            return lines.joined(separator: "\n")
        }
        return report.findings.isEmpty ? .success : .failure
    }

    /// Returns the credential for an existing vault: `--key-file`, `--passphrase-fd`, or a prompt when
    /// the vault is protected by a passphrase.
    static func unlock(_ context: CommandContext, layout: VaultLayout) throws -> VaultUnlock {
        if let keyFile = context.command.string("key-file") { return .keyFile(path: keyFile) }
        if let fd = try context.command.int("passphrase-fd") { return .passphrase(try SecretInput.readLine(fd: Int32(fd))) }
        switch try Vault.protectionMethod(layout: layout) {
        case .passphrase:
            return .passphrase(try prompting(hint: "pass --passphrase-fd N to read the passphrase from a descriptor") {
                try TerminalPrompt.readLine(prompt: "Vault passphrase: ")
            })
        case .keyFile:
            throw CommandFailure(
                "the vault \(layout.directory) is unlocked with a key file", hint: "pass --key-file FILE", exitCode: .usage
            )
        }
    }

    /// Reads a new passphrase from descriptor `fd`, or prompts for it twice on the terminal when
    /// `fd` is nil. An empty passphrase is rejected on both paths.
    private static func newPassphrase(fd: Int?, alternatives: String) throws -> SecretBytes {
        guard let fd else {
            return try prompting(hint: "pass \(alternatives)") { try SecretInput.promptNewPassphrase() }
        }
        let passphrase = try SecretInput.readLine(fd: Int32(fd))
        guard passphrase.count > 0 else {
            throw CommandFailure(
                "the passphrase read from file descriptor \(fd) is empty", hint: "write the passphrase and a newline to descriptor \(fd)",
                exitCode: .invalidInput
            )
        }
        return passphrase
    }

    /// Runs a terminal prompt for a passphrase, and turns "no terminal" into a hint that names
    /// this command's own options.
    private static func prompting(hint: String, _ prompt: () throws -> SecretBytes) throws -> SecretBytes {
        do {
            return try prompt()
        } catch let error as InputError where error == .noTerminal {
            throw CommandFailure("no terminal to prompt on for the passphrase", hint: hint, exitCode: .usage)
        }
    }

    private static func keyFileHint(_ protection: VaultProtection) -> String {
        if case let .keyFile(path) = protection { return " --key-file \(path)" }
        return ""
    }
}


/// Identifiers made outside the broker, for the first administrator.
enum IdentifierFactory {
    static func make<Entity>() -> Identifier<Entity> {
        let bytes = SystemRandomSource().bytes(count: Identifier<Entity>.length / 2)
        let hex = bytes.map { String($0, radix: 16) }.map { $0.count == 1 ? "0" + $0 : $0 }.joined()
        return Identifier(hex)
    }
}
