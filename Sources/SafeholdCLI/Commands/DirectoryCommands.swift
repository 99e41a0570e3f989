#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdProtocol

/// `whoami`, and the administrators' `user`, `token`, `asset` and `account` commands.
enum DirectoryCommands {
    static func whoami(_ context: CommandContext) throws -> ExitCode {
        let me = try context.call(.me, EmptyPayload(), as: MeResult.self)
        try context.emit(me) {
            "\(me.user.name) (\(roles(me.user))), identified by \(me.authenticatedBy == "token" ? "token" : "OS login")"
        }
        return .success
    }

    static func addUser(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let params = UserAddParams(
            name: command.argument("NAME") ?? "", osLogin: command.string("os-user"), email: command.string("email"),
            isAdministrator: command.flag("admin"), isAuditor: command.flag("auditor")
        )
        let user = try context.call(.userAdd, params, as: User.self)
        try context.emit(user) { "Added user \(user.name) (\(roles(user)))." }
        return .success
    }

    static func listUsers(_ context: CommandContext) throws -> ExitCode {
        let users = try context.call(.userList, EmptyPayload(), as: [User].self)
        try context.emit(users) {
            table(
                ["Name", "OS Login", "E-mail", "Roles", "ID"],
                users.map { [$0.name, $0.osLogin ?? "-", $0.email ?? "-", roles($0), $0.id.rawValue] }
            )
        }
        return .success
    }

    static func updateUser(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        var changes = UserChanges(osLogin: command.string("os-user"), email: command.string("email"))
        if command.flag("admin") { changes.isAdministrator = true }
        if command.flag("no-admin") { changes.isAdministrator = false }
        if command.flag("auditor") { changes.isAuditor = true }
        if command.flag("no-auditor") { changes.isAuditor = false }
        let user = try context.call(.userUpdate, UserUpdateParams(name: command.argument("NAME") ?? "", changes: changes), as: User.self)
        try context.emit(user) { "Updated user \(user.name) (\(roles(user)))." }
        return .success
    }

    static func setUserDisabled(_ context: CommandContext, _ disabled: Bool) throws -> ExitCode {
        let params = UserUpdateParams(name: context.command.argument("NAME") ?? "", changes: UserChanges(isDisabled: disabled))
        let user = try context.call(.userUpdate, params, as: User.self)
        try context.emit(user) { "\(disabled ? "Disabled" : "Enabled") user \(user.name)." }
        return .success
    }

    /// Prints the new token once, alone on standard output, so that it can be redirected into a
    /// file (`umask 077; safehold token create alice > alice.token`).
    static func createToken(_ context: CommandContext) throws -> ExitCode {
        let result = try context.call(.tokenCreate, NameParams(name: context.command.argument("NAME") ?? ""), as: TokenCreateResult.self)
        if context.wantsJSON {
            // The token as the text that token files hold, not the wire's base64 of it.
            struct CreatedToken: Encodable {
                var token: Token
                var text: String
            }
            let text = result.text.bytes.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
            try context.printJSON(CreatedToken(token: result.token, text: text))
        } else {
            let encoded = result.text.bytes
            encoded.withUnsafeBytes { bytes in
                var line = [UInt8](bytes) + [0x0a]
                _ = StandardStream.output.write(String(decoding: line, as: UTF8.self))
                for index in line.indices { line[index] = 0 }
            }
            if context.terminal.isStandardOutputTerminal {
                context.note("This token is shown once. Store it in a file with mode 0600 and point SAFEHOLD_TOKEN_FILE at it.")
            }
        }
        return .success
    }

    static func listTokens(_ context: CommandContext) throws -> ExitCode {
        let tokens = try context.call(.tokenList, OptionalNameParams(name: context.command.argument("NAME")), as: [Token].self)
        try context.emit(tokens) {
            table(
                ["ID", "User ID", "Created", "Revoked"],
                tokens.map {
                    [$0.id.rawValue, $0.userID.rawValue, TimeFormatting.dateTime($0.createdAt, timeZone: context.timeZone),
                     $0.revokedAt.map { TimeFormatting.dateTime($0, timeZone: context.timeZone) } ?? "-"]
                }
            )
        }
        return .success
    }

    static func revokeToken(_ context: CommandContext) throws -> ExitCode {
        let token = try context.call(.tokenRevoke, NameParams(name: context.command.argument("ID") ?? ""), as: Token.self)
        try context.emit(token) { "Revoked token \(token.id)." }
        return .success
    }

    static func addAsset(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let platform = Platform(rawValue: command.string("platform") ?? "builtin") ?? .builtin
        let params = AssetAddParams(
            name: command.argument("NAME") ?? "", platform: platform, connectorPath: command.string("connector"),
            description: command.string("description") ?? ""
        )
        let asset = try context.call(.assetAdd, params, as: Asset.self)
        try context.emit(asset) { "Added asset \(asset.name) (platform \(asset.platform.rawValue))." }
        return .success
    }

    static func listAssets(_ context: CommandContext) throws -> ExitCode {
        let assets = try context.call(.assetList, EmptyPayload(), as: [Asset].self)
        try context.emit(assets) {
            table(["Name", "Platform", "Connector", "Description"], assets.map {
                [$0.name, $0.platform.rawValue, $0.connectorPath ?? "-", $0.description]
            })
        }
        return .success
    }

    static func updateAsset(_ context: CommandContext) throws -> ExitCode {
        let command = context.command
        let params = AssetUpdateParams(
            name: command.argument("NAME") ?? "", platform: command.string("platform").flatMap(Platform.init(rawValue:)),
            connectorPath: command.string("connector"), description: command.string("description")
        )
        let asset = try context.call(.assetUpdate, params, as: Asset.self)
        try context.emit(asset) {
            "Updated asset \(asset.name) (platform \(asset.platform.rawValue)\(asset.connectorPath.map { ", connector \($0)" } ?? ""))."
        }
        return .success
    }

    static func deleteAsset(_ context: CommandContext) throws -> ExitCode {
        let name = context.command.argument("NAME") ?? ""
        _ = try context.call(.assetDelete, NameParams(name: name), as: EmptyPayload.self)
        try context.emit(["deleted": name]) { "Deleted asset \(name)." }
        return .success
    }

    static func addAccount(_ context: CommandContext) throws -> ExitCode {
        let path = context.command.argument("ASSET/ACCOUNT") ?? ""
        let account = try context.call(.accountAdd, AccountParams(path: path, description: context.command.string("description") ?? ""), as: Account.self)
        try context.emit(account) { "Added account \(path)." }
        return .success
    }

    static func listAccounts(_ context: CommandContext) throws -> ExitCode {
        let rows = try context.call(.accountList, OptionalNameParams(name: context.command.argument("ASSET")), as: [AccountRow].self)
            .sorted { ($0.asset.name, $0.account.name) < ($1.asset.name, $1.account.name) }
        try context.emit(rows) {
            table(["Account", "Platform", "Description"], rows.map {
                ["\($0.asset.name)/\($0.account.name)", $0.asset.platform.rawValue, $0.account.description]
            })
        }
        return .success
    }

    static func deleteAccount(_ context: CommandContext) throws -> ExitCode {
        let path = context.command.argument("ASSET/ACCOUNT") ?? ""
        _ = try context.call(.accountDelete, AccountParams(path: path), as: EmptyPayload.self)
        try context.emit(["deleted": path]) { "Deleted account \(path) and destroyed its keys." }
        return .success
    }

    static func roles(_ user: User) -> String {
        var roles: [String] = []
        if user.isAdministrator { roles.append("administrator") }
        if user.isAuditor { roles.append("auditor") }
        if user.isDisabled { roles.append("disabled") }
        return roles.isEmpty ? "user" : roles.joined(separator: ", ")
    }

    /// A plain aligned table with the given titles.
    static func table(_ titles: [String], _ rows: [[String]]) -> String {
        let columns = titles.map { TableColumn(name: $0.lowercased(), title: $0) }
        return rows.isEmpty ? "(none)" : Table(columns: columns, rows: rows).rendered()
    }
}
