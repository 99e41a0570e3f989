#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The `safehold` command: parses the command line, runs the command, prints errors as
/// `safehold: error: ...` with a hint line, and returns the exit code.
public enum SafeholdCommandLine {
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment) -> Int32 {
        let terminal = Terminal.current()
        let invocation: Invocation
        switch CommandLineParser.parse(arguments) {
        case let .failure(error):
            _ = StandardStream.error.write(ErrorRenderer.render(error, colour: terminal.allowsColourOnStandardError))
            return error.exitCode.rawValue
        case let .success(parsed):
            invocation = parsed
        }

        switch invocation {
        case let .help(path):
            _ = StandardStream.output.write(HelpRenderer.help(for: path))
            return ExitCode.success.rawValue
        case .version:
            _ = StandardStream.output.write(HelpRenderer.versionLine() + "\n")
            return ExitCode.success.rawValue
        case let .run(command):
            let context = CommandContext(
                command: command, environment: environment, terminal: terminal,
                now: Date(), timeZone: .system
            )
            do {
                return try dispatch(context).rawValue
            } catch {
                let failure = CommandFailure.from(error, location: try? context.location())
                _ = StandardStream.error.write(ErrorRenderer.render(failure, colour: terminal.allowsColourOnStandardError))
                return failure.exitCode.rawValue
            }
        }
    }

    /// Runs the command that `context.command.path` names.
    static func dispatch(_ context: CommandContext) throws -> ExitCode {
        switch context.command.path.joined(separator: " ") {
        case "init": return try VaultCommands.initialize(context)
        case "serve": return try VaultCommands.serve(context)
        case "rekey": return try VaultCommands.rekey(context)
        case "check": return try VaultCommands.check(context)
        case "whoami": return try DirectoryCommands.whoami(context)

        case "user add": return try DirectoryCommands.addUser(context)
        case "user list": return try DirectoryCommands.listUsers(context)
        case "user update": return try DirectoryCommands.updateUser(context)
        case "user disable": return try DirectoryCommands.setUserDisabled(context, true)
        case "user enable": return try DirectoryCommands.setUserDisabled(context, false)
        case "token create": return try DirectoryCommands.createToken(context)
        case "token list": return try DirectoryCommands.listTokens(context)
        case "token revoke": return try DirectoryCommands.revokeToken(context)
        case "asset add": return try DirectoryCommands.addAsset(context)
        case "asset list": return try DirectoryCommands.listAssets(context)
        case "asset update": return try DirectoryCommands.updateAsset(context)
        case "asset delete": return try DirectoryCommands.deleteAsset(context)
        case "asset settings": return try AssetSettingsCommand.run(context)
        case "account add": return try DirectoryCommands.addAccount(context)
        case "account list": return try DirectoryCommands.listAccounts(context)
        case "account delete": return try DirectoryCommands.deleteAccount(context)

        case "apikey add": return try KeyCommands.add(context)
        case "apikey list": return try KeyCommands.list(context)
        case "apikey delete": return try KeyCommands.delete(context)
        case "apikey import": return try KeyCommands.importFile(context)
        case "rotate": return try KeyCommands.rotate(context)
        case "verify": return try KeyCommands.verify(context)

        case "policy add": return try PolicyCommands.add(context)
        case "policy update": return try PolicyCommands.update(context)
        case "policy list": return try PolicyCommands.list(context)
        case "policy show": return try PolicyCommands.show(context)
        case "policy delete": return try PolicyCommands.delete(context)

        case "request": return try RequestCommands.request(context)
        case "requests": return try RequestCommands.myRequests(context)
        case "details": return try RequestCommands.details(context)
        case "approvals": return try RequestCommands.approvals(context)
        case "reviews": return try RequestCommands.reviews(context)
        case "approve": return try RequestCommands.act(context, .approve, "Approved")
        case "deny": return try RequestCommands.act(context, .deny, "Denied")
        case "revoke": return try RequestCommands.act(context, .revoke, "Revoked")
        case "review": return try RequestCommands.act(context, .review, "Reviewed")
        case "cancel": return try RequestCommands.act(context, .cancel, "Cancelled")
        case "close": return try RequestCommands.act(context, .close, "Closed")
        case "remove": return try RequestCommands.act(context, .acknowledge, "Removed")
        case "checkin": return try RequestCommands.act(context, .checkIn, "Checked in")
        case "resubmit": return try RequestCommands.resubmit(context)
        case "show": return try CheckOutCommands.show(context)
        case "copy": return try CheckOutCommands.copy(context)

        case "audit": return try AuditCommands.list(context)
        case "audit verify": return try AuditCommands.verify(context)
        case "audit export": return try AuditCommands.export(context)
        case "audit public-key": return try AuditCommands.publicKey(context)
        case "completion": return try CompletionCommand.run(context)

        default:
            throw CommandFailure("the command '\(context.command.path.joined(separator: " "))' is not implemented", exitCode: .usage)
        }
    }
}
