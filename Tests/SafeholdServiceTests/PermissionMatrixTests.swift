#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdTestSupport
import Testing

/// Every command that the service authorizes, run as each role against a real service, checked
/// against one table. The commands that work on the vault directory itself (`init`, `serve`,
/// `rekey`, `check`) and `completion` never reach the service, so file permissions, not roles,
/// govern them, and they are not in the table.
@Suite struct PermissionMatrixTests {
    /// Expected outcome per role: `+` allowed (exit 0), `-` refused as permission denied
    /// (exit 77), `.` not applicable, a number for any other exit status.
    ///
    /// `approve own` is the requester's or the administrator's own request under a policy that
    /// lists them as approvers.
    static let table: [(command: String, expected: String)] = [
        //                          req  appr rev  aud  adm  unk  dis  rvk
        ("whoami",                  "+    +    +    +    +    -    -    -"),
        ("request",                 "+    -    -    -    -    -    -    -"),
        ("requests",                "+    +    +    +    +    -    -    -"),
        ("details",                 "+    +    +    +    +    -    -    -"),
        ("show",                    "+    -    -    -    -    -    -    -"),
        ("copy",                    "+    -    -    -    -    -    -    -"),
        ("checkin",                 "+    -    -    -    -    -    -    -"),
        ("cancel",                  "+    -    -    -    -    -    -    -"),
        ("remove",                  "+    -    -    -    -    -    -    -"),
        ("resubmit",                "+    -    -    -    -    -    -    -"),
        ("approvals",               "+    +    +    +    +    -    -    -"),
        ("approve",                 "-    +    -    -    -    -    -    -"),
        ("approve own",             "-    .    .    .    -    .    .    ."),
        ("deny",                    "-    +    -    -    -    -    -    -"),
        ("revoke",                  "-    +    -    -    -    -    -    -"),
        ("reviews",                 "+    +    +    +    +    -    -    -"),
        ("review",                  "-    -    +    -    -    -    -    -"),
        ("close",                   "-    -    -    -    +    -    -    -"),
        ("rotate",                  "-    -    -    -    +    -    -    -"),
        ("verify",                  "+    +    +    +    +    -    -    -"),
        ("user add",                "-    -    -    -    +    -    -    -"),
        ("user list",               "-    -    -    +    +    -    -    -"),
        ("user update",             "-    -    -    -    +    -    -    -"),
        ("user disable",            "-    -    -    -    +    -    -    -"),
        ("user enable",             "-    -    -    -    +    -    -    -"),
        ("token create",            "-    -    -    -    +    -    -    -"),
        ("token list",              "-    -    -    +    +    -    -    -"),
        ("token revoke",            "-    -    -    -    +    -    -    -"),
        ("asset add",               "-    -    -    -    +    -    -    -"),
        ("asset list",              "+    +    +    +    +    -    -    -"),
        ("asset update",            "-    -    -    -    +    -    -    -"),
        ("asset delete",            "-    -    -    -    +    -    -    -"),
        ("account add",             "-    -    -    -    +    -    -    -"),
        ("account list",            "+    +    +    +    +    -    -    -"),
        ("account delete",          "-    -    -    -    +    -    -    -"),
        ("apikey add",              "-    -    -    -    +    -    -    -"),
        ("apikey list",             "+    +    +    +    +    -    -    -"),
        ("apikey delete",           "-    -    -    -    +    -    -    -"),
        ("apikey import",           "-    -    -    -    +    -    -    -"),
        ("policy add",              "-    -    -    -    +    -    -    -"),
        ("policy list",             "-    -    -    +    +    -    -    -"),
        ("policy show",             "-    -    -    +    +    -    -    -"),
        ("policy update",           "-    -    -    -    +    -    -    -"),
        ("policy delete",           "-    -    -    -    +    -    -    -"),
        ("audit",                   "+    +    +    +    +    -    -    -"),
        ("audit verify",            "-    -    -    +    +    -    -    -"),
        ("audit export",            "-    -    -    +    +    -    -    -"),
        ("audit public-key",        "+    +    +    +    +    -    -    -"),
    ]

    @Test func everyCommandAsEveryRole() throws {
        let world = try PermissionMatrixWorld()
        for (command, expected) in Self.table {
            let outcomes = expected.split(separator: " ", omittingEmptySubsequences: true)
            try #require(outcomes.count == PermissionRole.allCases.count, "row \(command) needs one outcome per role")
            for (role, outcome) in zip(PermissionRole.allCases, outcomes) where outcome != "." {
                let invocation = try Self.invocation(command, for: role, in: world)
                let result = try world.run(invocation, as: role)
                let status: Int32 = switch outcome {
                case "+": 0
                case "-": 77
                default: Int32(outcome) ?? -1
                }
                #expect(result.status == status, "\(command) as \(role.rawValue): exit \(result.status), expected \(status): \(result.standardError)")
            }
        }
    }

    @Test func tableCoversEveryServiceCommand() {
        let commands = Set(Self.table.map(\.command))
        for command in ["request", "show", "copy", "approve", "close", "rotate", "verify", "user add", "token revoke", "audit export"] {
            #expect(commands.contains(command), "the table has no row for \(command)")
        }
        #expect(commands.count == Self.table.count, "a command appears in two rows")
    }

    /// Prepares what the cell acts on (a fresh request in the right state, a user, an asset of
    /// its own) and returns the command line. Names carry the role, so no two cells share an
    /// object.
    static func invocation(_ command: String, for role: PermissionRole, in world: PermissionMatrixWorld) throws -> MatrixInvocation {
        let tag = role.rawValue
        switch command {
        case "whoami": return MatrixInvocation(arguments: ["whoami"])
        case "request": return MatrixInvocation(arguments: ["request", "lab/main"])
        case "requests": return MatrixInvocation(arguments: ["requests", "--all"])
        case "details": return MatrixInvocation(arguments: ["details", try world.pendingRequest()])
        case "show": return MatrixInvocation(arguments: ["show", try world.availableRequest(), "--field", "client-secret"])
        case "copy": return MatrixInvocation(arguments: ["copy", try world.availableRequest(), "--clear-after", "1"], onTerminal: true)
        case "checkin": return MatrixInvocation(arguments: ["checkin", try world.checkedOutRequest()])
        case "cancel": return MatrixInvocation(arguments: ["cancel", try world.pendingRequest()])
        case "remove": return MatrixInvocation(arguments: ["remove", try world.deniedRequest()])
        case "resubmit": return MatrixInvocation(arguments: ["resubmit", try world.deniedRequest()])
        case "approvals": return MatrixInvocation(arguments: ["approvals"])
        case "approve": return MatrixInvocation(arguments: ["approve", try world.pendingRequest()])
        case "approve own":
            let requester = role == .administrator ? "admin" : "alice"
            return MatrixInvocation(arguments: ["approve", try world.pendingRequest("lab/self", by: requester)])
        case "deny": return MatrixInvocation(arguments: ["deny", try world.pendingRequest()])
        case "revoke": return MatrixInvocation(arguments: ["revoke", try world.checkedOutRequest()])
        case "reviews": return MatrixInvocation(arguments: ["reviews"])
        case "review": return MatrixInvocation(arguments: ["review", try world.reviewableRequest()])
        case "close": return MatrixInvocation(arguments: ["close", try world.pendingRequest(), "--comment", "closed by the matrix"])
        case "rotate": return MatrixInvocation(arguments: ["rotate", "lab/rotate"])
        case "verify": return MatrixInvocation(arguments: ["verify", "lab/verify"], input: PermissionMatrixWorld.verifySecret)
        default: return try directoryInvocation(command, tag: tag, in: world)
        }
    }

    /// Prepares the administration and audit rows.
    static func directoryInvocation(_ command: String, tag: String, in world: PermissionMatrixWorld) throws -> MatrixInvocation {
        switch command {
        case "user add": return MatrixInvocation(arguments: ["user", "add", "new-\(tag)"])
        case "user list": return MatrixInvocation(arguments: ["user", "list"])
        case "user update":
            try world.addTarget("upd-\(tag)")
            return MatrixInvocation(arguments: ["user", "update", "upd-\(tag)", "--email", "upd-\(tag)@example.com"])
        case "user disable":
            try world.addTarget("dis-\(tag)")
            return MatrixInvocation(arguments: ["user", "disable", "dis-\(tag)"])
        case "user enable":
            try world.addTarget("ena-\(tag)", disabled: true)
            return MatrixInvocation(arguments: ["user", "enable", "ena-\(tag)"])
        case "token create":
            try world.admin(["user", "add", "tok-\(tag)"])
            return MatrixInvocation(arguments: ["token", "create", "tok-\(tag)"])
        case "token list": return MatrixInvocation(arguments: ["token", "list"])
        case "token revoke":
            try world.addTarget("rev-\(tag)")
            return MatrixInvocation(arguments: ["token", "revoke", try world.tokenID(of: "rev-\(tag)")])
        case "asset add": return MatrixInvocation(arguments: ["asset", "add", "asset-\(tag)"])
        case "asset list": return MatrixInvocation(arguments: ["asset", "list"])
        case "asset update": return MatrixInvocation(arguments: ["asset", "update", "lab", "--description", "the lab"])
        case "asset delete":
            try world.admin(["asset", "add", "gone-\(tag)"])
            return MatrixInvocation(arguments: ["asset", "delete", "gone-\(tag)"])
        case "account add": return MatrixInvocation(arguments: ["account", "add", "lab/new-\(tag)"])
        case "account list": return MatrixInvocation(arguments: ["account", "list"])
        case "account delete":
            try world.admin(["account", "add", "lab/gone-\(tag)"])
            return MatrixInvocation(arguments: ["account", "delete", "lab/gone-\(tag)"])
        case "apikey add":
            return MatrixInvocation(arguments: ["apikey", "add", "lab/keys", "add-\(tag)"], input: "client-\(tag)\nsecret-\(tag)-\(PermissionMatrixWorld.randomText(16))\n")
        case "apikey list": return MatrixInvocation(arguments: ["apikey", "list"])
        case "apikey delete":
            try world.admin(["apikey", "add", "lab/keys", "del-\(tag)"], input: "client-\(tag)\nsecret-\(PermissionMatrixWorld.randomText(16))\n")
            return MatrixInvocation(arguments: ["apikey", "delete", "lab/keys", "del-\(tag)"])
        case "apikey import": return MatrixInvocation(arguments: ["apikey", "import", try world.importFile(key: "imp-\(tag)")])
        case "policy add":
            return MatrixInvocation(arguments: ["policy", "add", "new-\(tag)", "--scope", "lab/keys", "--requesters", "alice", "--approvers", "bob"])
        case "policy list": return MatrixInvocation(arguments: ["policy", "list"])
        case "policy show": return MatrixInvocation(arguments: ["policy", "show", "main"])
        case "policy update": return MatrixInvocation(arguments: ["policy", "update", "spare", "--approval-timeout", "3h"])
        case "policy delete":
            try world.admin(["policy", "add", "gone-\(tag)", "--scope", "lab/keys", "--requesters", "alice", "--approvers", "bob"])
            return MatrixInvocation(arguments: ["policy", "delete", "gone-\(tag)"])
        case "audit": return MatrixInvocation(arguments: ["audit"])
        case "audit verify": return MatrixInvocation(arguments: ["audit", "verify"])
        case "audit export": return MatrixInvocation(arguments: ["audit", "export", world.service.directory.file("export-\(tag).json")])
        case "audit public-key": return MatrixInvocation(arguments: ["audit", "public-key"])
        default: throw TestSupportError("the permission matrix has no invocation for \(command)")
        }
    }
}
