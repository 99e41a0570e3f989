#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Every command of `safehold`, as data: the parser, the help and the error messages all read
/// this table, so a command exists in exactly one place. Lookups are in
/// `CommandCatalog+Lookup.swift`.
public enum CommandCatalog {
    public static let programName = "safehold"
    public static let version = "0.1.0"
    /// Usage line of the program as a whole.
    public static let usage = "safehold COMMAND [ARGUMENTS] [OPTIONS]"

    /// Options that every command accepts, before or after its words.
    public static let globalOptions: [OptionSpec] = [
        .value(
            "vault", "DIR",
            help: "Vault directory that contains the database, the wrapped master key and the socket",
            default: "$SAFEHOLD_VAULT, else $XDG_DATA_HOME/safehold, else ~/.local/share/safehold"
        ),
        .value(
            "socket", "PATH",
            help: "Unix-domain socket of the service",
            default: "$SAFEHOLD_SOCKET, else safehold.sock in the vault directory"
        ),
        .flag("json", help: "Print results as JSON with stable field names in place of text"),
        .flag("help", help: "Show help for safehold or for the command, then exit"),
        .flag("version", help: "Print the version of safehold, then exit"),
    ]

    public static let commands: [CommandSpec] =
        requesterCommands + approverCommands + administratorCommands + auditorCommands + serviceCommands

    // MARK: Requesters

    private static let requesterCommands: [CommandSpec] = [
        CommandSpec(
            path: ["request"],
            usage: "safehold request ASSET/ACCOUNT [--at TIME] [--for DURATION] [--ticket T] [--reason TEXT] [--emergency]",
            summary: "Request access to an account's API keys for a time window",
            group: .requesters,
            arguments: [.required("ASSET/ACCOUNT", .accountPath, help: "Account whose API keys you request")],
            options: [
                .value(
                    "at", "TIME", .time,
                    help: "Start of the access window: 2026-12-04T14:00 (ISO 8601), 14:00 (today), 'tomorrow 14:00' or now",
                    default: "now, so the window starts when the request becomes available"
                ),
                .value(
                    "for", "DURATION", .duration,
                    help: "Length of the access window, such as 90m, 2h or 1d12h",
                    default: "the policy's default duration"
                ),
                .value("ticket", "T", help: "Ticket number that justifies the request"),
                .value("reason", "TEXT", help: "Reason for the request, shown to the approvers"),
                .flag(
                    "emergency",
                    help: "Request emergency access, which skips approval and notifies the approvers, where the policy allows it"
                ),
            ]
        ),
        CommandSpec(
            path: ["requests"],
            usage: "safehold requests [--state LABEL] [--search TEXT] [--all]",
            summary: "List your requests (My Requests)",
            group: .requesters,
            options: [
                .value(
                    "state", "LABEL",
                    help: "Show only requests whose state label starts with LABEL, ignoring case, such as Pending, Available or Denied"
                ),
                searchOption,
                .flag("all", help: "Include requests that are complete, closed or removed"),
            ]
        ),
        CommandSpec(
            path: ["details"],
            usage: "safehold details ID",
            summary: "Show a request's details and its workflow history",
            group: .requesters,
            arguments: [requestID]
        ),
        CommandSpec(
            path: ["copy"],
            usage: "safehold copy ID [--key NAME] [--field client-secret|client-id|client-secret-id] [--clear-after SECONDS]",
            summary: "Check out the request's API key and copy one field of it to the clipboard",
            group: .requesters,
            arguments: [requestID],
            options: [
                .value(
                    "key", "NAME",
                    help: "Name of the API key to copy",
                    default: "the account's only key, so it is required when the account has several"
                ),
                fieldOption(default: "client-secret"),
                .value(
                    "clear-after", "SECONDS", .integer(minimum: 1, maximum: nil),
                    help: "Seconds after which the clipboard is cleared, unless its content changed meanwhile",
                    default: "45"
                ),
            ]
        ),
        CommandSpec(
            path: ["show"],
            usage: "safehold show ID [--key NAME] [--field client-secret|client-id|client-secret-id]",
            summary: "Check out the request's API keys and print them to standard output",
            group: .requesters,
            arguments: [requestID],
            options: [
                .value("key", "NAME", help: "Name of the only API key to print", default: "every key of the account"),
                fieldOption(default: "every field"),
            ]
        ),
        CommandSpec(
            path: ["checkin"],
            usage: "safehold checkin ID",
            summary: "Check the keys back in, which ends the request and, unless its policy says otherwise, rotates them",
            group: .requesters,
            arguments: [requestID]
        ),
        CommandSpec(
            path: ["cancel"],
            usage: "safehold cancel ID",
            summary: "Cancel a request that was not checked out",
            group: .requesters,
            arguments: [requestID]
        ),
        CommandSpec(
            path: ["remove"],
            usage: "safehold remove ID",
            summary: "Acknowledge a denied, revoked or expired request and hide it from your list",
            group: .requesters,
            arguments: [requestID]
        ),
        CommandSpec(
            path: ["resubmit"],
            usage: "safehold resubmit ID",
            summary: "Submit a denied or revoked request again with the same account, duration, ticket and reason",
            group: .requesters,
            arguments: [requestID]
        ),
    ]

    // MARK: Approvers and reviewers

    private static let approverCommands: [CommandSpec] = [
        CommandSpec(
            path: ["approvals"],
            usage: "safehold approvals [--search TEXT] [--columns LIST]",
            summary: "List the requests waiting for your approval",
            group: .approversAndReviewers,
            options: [searchOption, columnsOption(ListingColumns.approvals)]
        ),
        CommandSpec(
            path: ["approve"],
            usage: "safehold approve ID... [--comment TEXT]",
            summary: "Approve requests",
            group: .approversAndReviewers,
            arguments: [requestIDs],
            options: [commentOption]
        ),
        CommandSpec(
            path: ["deny"],
            usage: "safehold deny ID... [--comment TEXT]",
            summary: "Deny requests, which after check-out revokes access and rotates the key",
            group: .approversAndReviewers,
            arguments: [requestIDs],
            options: [commentOption]
        ),
        CommandSpec(
            path: ["revoke"],
            usage: "safehold revoke ID [--comment TEXT]",
            summary: "Revoke a checked-out key, which ends the request and rotates the key at once",
            group: .approversAndReviewers,
            arguments: [requestID],
            options: [commentOption]
        ),
        CommandSpec(
            path: ["reviews"],
            usage: "safehold reviews [--search TEXT] [--columns LIST]",
            summary: "List the completed requests waiting for your review",
            group: .approversAndReviewers,
            options: [searchOption, columnsOption(ListingColumns.reviews)]
        ),
        CommandSpec(
            path: ["review"],
            usage: "safehold review ID... [--comment TEXT]",
            summary: "Mark completed requests as reviewed",
            group: .approversAndReviewers,
            arguments: [requestIDs],
            options: [commentOption]
        ),
    ]

    // MARK: Administrators

    private static let administratorCommands: [CommandSpec] =
        userCommands + tokenCommands + assetCommands + accountCommands + apiKeyCommands + policyCommands + [
            CommandSpec(
                path: ["rotate"],
                usage: "safehold rotate ASSET/ACCOUNT [KEY] | --max-age DURATION",
                summary: "Rotate an account's API keys now, or every key older than a given age",
                group: .administrators,
                arguments: [
                    .optional("ASSET/ACCOUNT", .accountPath, help: "Account whose API keys to rotate"),
                    .optional("KEY", help: "Name of the only API key to rotate (default: every key of the account)"),
                ],
                options: [
                    .value(
                        "max-age", "DURATION", .duration,
                        help: "Rotate every API key whose current version is older than DURATION, such as 30d"
                    ),
                ],
                constraints: [.exclusive(["ASSET/ACCOUNT", "--max-age"]), .oneRequired(["ASSET/ACCOUNT", "--max-age"])]
            ),
            CommandSpec(
                path: ["verify"],
                usage: "safehold verify ASSET/ACCOUNT [KEY]",
                summary: "Check a client secret read from standard input against the current key (exit status 0 valid, 1 invalid)",
                group: .administrators,
                arguments: [
                    .required("ASSET/ACCOUNT", .accountPath, help: "Account that the presented secret belongs to"),
                    .optional("KEY", help: "Name of the API key to compare with (default: any key of the account)"),
                ]
            ),
            CommandSpec(
                path: ["close"],
                usage: "safehold close ID --comment TEXT",
                summary: "Close a request that is stuck, with a comment",
                group: .administrators,
                arguments: [requestID],
                options: [
                    .value(
                        "comment", "TEXT",
                        help: "Reason for closing, recorded in the request's history and the audit trail",
                        required: true
                    ),
                ]
            ),
        ]

    private static let userCommands: [CommandSpec] = [
        CommandSpec(
            path: ["user", "add"],
            usage: "safehold user add NAME [--os-user LOGIN] [--email ADDR] [--admin] [--auditor]",
            summary: "Add a user",
            group: .administrators,
            arguments: [userName],
            options: userOptions
        ),
        CommandSpec(
            path: ["user", "list"],
            usage: "safehold user list",
            summary: "List users with their roles and status",
            group: .administrators
        ),
        CommandSpec(
            path: ["user", "update"],
            usage: "safehold user update NAME [--os-user LOGIN] [--email ADDR] [--admin | --no-admin] [--auditor | --no-auditor]",
            summary: "Change a user's login, e-mail address or roles",
            group: .administrators,
            arguments: [userName],
            options: userOptions + [
                .flag("no-admin", help: "Remove the administrator role"),
                .flag("no-auditor", help: "Remove the auditor role"),
            ],
            constraints: [.exclusive(["--admin", "--no-admin"]), .exclusive(["--auditor", "--no-auditor"])]
        ),
        CommandSpec(
            path: ["user", "disable"],
            usage: "safehold user disable NAME",
            summary: "Disable a user, who can then no longer request, approve or review",
            group: .administrators,
            arguments: [userName]
        ),
        CommandSpec(
            path: ["user", "enable"],
            usage: "safehold user enable NAME",
            summary: "Enable a disabled user again",
            group: .administrators,
            arguments: [userName]
        ),
    ]

    private static let tokenCommands: [CommandSpec] = [
        CommandSpec(
            path: ["token", "create"],
            usage: "safehold token create NAME",
            summary: "Create a bearer token for a user and print it once",
            group: .administrators,
            arguments: [.required("NAME", help: "User that the token identifies")]
        ),
        CommandSpec(
            path: ["token", "list"],
            usage: "safehold token list [NAME]",
            summary: "List tokens with their users and creation times, never their values",
            group: .administrators,
            arguments: [.optional("NAME", help: "User whose tokens to list (default: every user)")]
        ),
        CommandSpec(
            path: ["token", "revoke"],
            usage: "safehold token revoke ID",
            summary: "Revoke a token so that it no longer identifies its user",
            group: .administrators,
            arguments: [.required("ID", help: "Token identifier, as listed by 'safehold token list'")]
        ),
    ]

    private static let assetCommands: [CommandSpec] = [
        CommandSpec(
            path: ["asset", "add"],
            usage: "safehold asset add NAME [--platform builtin|exec] [--connector PATH] [--description TEXT]",
            summary: "Add an asset, the system that contains accounts and their keys",
            group: .administrators,
            arguments: [assetName],
            options: assetOptions(platformDefault: "builtin")
        ),
        CommandSpec(
            path: ["asset", "list"],
            usage: "safehold asset list",
            summary: "List assets with their platforms",
            group: .administrators
        ),
        CommandSpec(
            path: ["asset", "update"],
            usage: "safehold asset update NAME [--platform builtin|exec] [--connector PATH] [--description TEXT]",
            summary: "Change an asset's platform, connector or description",
            group: .administrators,
            arguments: [assetName],
            options: assetOptions(platformDefault: nil)
        ),
        CommandSpec(
            path: ["asset", "settings"],
            usage: "safehold asset settings NAME [--from-file FILE]",
            summary: "Set the connector settings of an exec asset: one JSON object from standard input or a file, stored sealed",
            group: .administrators,
            arguments: [assetName],
            options: [
                .value(
                    "from-file", "FILE",
                    help: "Read the settings from FILE in place of standard input; they may hold credentials, so keep FILE private",
                    default: "standard input"
                ),
            ]
        ),
        CommandSpec(
            path: ["asset", "delete"],
            usage: "safehold asset delete NAME",
            summary: "Delete an asset that has no accounts left",
            group: .administrators,
            arguments: [assetName]
        ),
    ]

    private static let accountCommands: [CommandSpec] = [
        CommandSpec(
            path: ["account", "add"],
            usage: "safehold account add ASSET/ACCOUNT [--description TEXT]",
            summary: "Add an account to an asset",
            group: .administrators,
            arguments: [accountPath],
            options: [.value("description", "TEXT", help: "Description of the account, shown in listings", default: "none")]
        ),
        CommandSpec(
            path: ["account", "list"],
            usage: "safehold account list [ASSET]",
            summary: "List accounts with their asset's platform and description",
            group: .administrators,
            arguments: [.optional("ASSET", help: "Asset whose accounts to list (default: every asset)")]
        ),
        CommandSpec(
            path: ["account", "delete"],
            usage: "safehold account delete ASSET/ACCOUNT",
            summary: "Delete an account and destroy its API keys",
            group: .administrators,
            arguments: [accountPath]
        ),
    ]

    private static let apiKeyCommands: [CommandSpec] = [
        CommandSpec(
            path: ["apikey", "add"],
            usage: "safehold apikey add ASSET/ACCOUNT KEY [--description TEXT] [--length N] [--alphabet TEXT] [--prefix TEXT] [--from-file FILE | --from-fd N]",
            summary: "Add an API key, reading its client ID, secret and optional secret ID from standard input, a file, a descriptor or a prompt",
            group: .administrators,
            arguments: [accountPath, apiKeyName],
            options: [
                .value("description", "TEXT", help: "Description of the API key, shown in listings"),
                .value(
                    "length", "N", .integer(minimum: 16, maximum: 4096),
                    help: "Number of characters of each generated client secret, 16 to 4096, prefix excluded",
                    default: "40"
                ),
                .value(
                    "alphabet", "TEXT",
                    help: "Characters that generated client secrets are drawn from",
                    default: "A-Z, a-z and 0-9 (base62)"
                ),
                .value("prefix", "TEXT", help: "Fixed text at the start of generated client secrets, such as sk_live_"),
                .value(
                    "from-file", "FILE",
                    help: "Read the client ID, client secret and optional client secret ID from FILE, as three lines or one JSON object",
                    default: "standard input, or a prompt without echo on a terminal"
                ),
                .value(
                    "from-fd", "N", .integer(minimum: 0, maximum: nil),
                    help: "Read the client ID, client secret and optional client secret ID from file descriptor N"
                ),
            ],
            constraints: [.exclusive(["--from-file", "--from-fd"])]
        ),
        CommandSpec(
            path: ["apikey", "list"],
            usage: "safehold apikey list [ASSET/ACCOUNT]",
            summary: "List API keys with their versions and ages, never their values",
            group: .administrators,
            arguments: [.optional("ASSET/ACCOUNT", .accountPath, help: "Account whose keys to list (default: every account)")]
        ),
        CommandSpec(
            path: ["apikey", "delete"],
            usage: "safehold apikey delete ASSET/ACCOUNT KEY",
            summary: "Delete an API key and destroy its stored versions",
            group: .administrators,
            arguments: [accountPath, apiKeyName]
        ),
        CommandSpec(
            path: ["apikey", "import"],
            usage: "safehold apikey import FILE [--update]",
            summary: "Add the API keys listed in a CSV file (with a header row) or a JSON Lines file",
            group: .administrators,
            arguments: [
                .required(
                    "FILE",
                    help: "CSV file with a header row (asset, account, key, client_id, client_secret, client_secret_id, description), "
                        + "or JSON Lines file with one object per key (asset, account, key, clientId, clientSecret, clientSecretId, "
                        + "description). A file that starts with { is read as JSON Lines. The file holds plaintext: shred it after importing"
                ),
            ],
            options: [
                .flag(
                    "update",
                    help: "Replace the secrets of keys that already exist, where an existing key is an error otherwise"
                ),
            ]
        ),
    ]

    private static let policyCommands: [CommandSpec] = [
        CommandSpec(
            path: ["policy", "add"],
            usage: "safehold policy add NAME --scope ASSET[/ACCOUNT],... --requesters USER,... [--approvers USER,... [--approvals N]]... [OPTIONS]",
            summary: "Add an access-request policy",
            group: .administrators,
            arguments: [policyName],
            options: policyOptions(defaults: true),
            constraints: [.pairedAfter("--approvals", leader: "--approvers")]
        ),
        CommandSpec(
            path: ["policy", "list"],
            usage: "safehold policy list",
            summary: "List policies by priority",
            group: .administrators
        ),
        CommandSpec(
            path: ["policy", "show"],
            usage: "safehold policy show NAME",
            summary: "Show every setting of a policy",
            group: .administrators,
            arguments: [policyName]
        ),
        CommandSpec(
            path: ["policy", "update"],
            usage: "safehold policy update NAME [--scope ...] [--requesters ...] [--approvers USER,... [--approvals N]]... [OPTIONS]",
            summary: "Change the settings of a policy, keeping the values of options not given",
            group: .administrators,
            arguments: [policyName],
            options: policyOptions(defaults: false) + policyUpdateOptions,
            constraints: [.pairedAfter("--approvals", leader: "--approvers")] + policyUpdateExclusions
        ),
        CommandSpec(
            path: ["policy", "delete"],
            usage: "safehold policy delete NAME",
            summary: "Delete a policy that governs no open request",
            group: .administrators,
            arguments: [policyName]
        ),
    ]

    // MARK: Auditors

    private static let auditorCommands: [CommandSpec] = [
        CommandSpec(
            path: ["audit"],
            usage: "safehold audit [--since TIME] [--until TIME] [--request ID] [--user NAME] [--account ASSET/ACCOUNT] [--action NAME]",
            summary: "List audit events, oldest first, or with --json as JSON Lines for a SIEM",
            group: .auditors,
            options: [
                .value("since", "TIME", .time, help: "Show only events at or after TIME", default: "the first event"),
                .value("until", "TIME", .time, help: "Show only events before TIME", default: "now"),
                .value("request", "ID", help: "Show only events of this request"),
                .value("user", "NAME", help: "Show only events by this user or about this user"),
                .value("account", "ASSET/ACCOUNT", .accountPath, help: "Show only events about this account"),
                .value("action", "NAME", help: "Show only events of this action, such as approved or checkedIn"),
            ]
        ),
        CommandSpec(
            path: ["audit", "verify"],
            usage: "safehold audit verify [--file FILE --public-key KEY]",
            summary: "Verify the audit hash chain and its signatures, naming the first altered event",
            group: .auditors,
            options: [
                .value(
                    "file", "FILE",
                    help: "Export written by 'safehold audit export' to verify offline",
                    default: "the service's audit trail"
                ),
                .value(
                    "public-key", "KEY",
                    help: "Ed25519 public key that must have signed the export: base64, as 'safehold audit public-key' prints it, or the path of the vault's audit.pub",
                    default: "the service's key"
                ),
            ],
            constraints: [.requires("--file", requirement: "--public-key")]
        ),
        CommandSpec(
            path: ["audit", "export"],
            usage: "safehold audit export [FILE]",
            summary: "Write every audit event, the signed checkpoints and a signed head to FILE, for offline verification",
            group: .auditors,
            arguments: [.optional("FILE", help: "New file to write with mode 0600, which must not exist yet, or - for standard output (default: standard output)")]
        ),
        CommandSpec(
            path: ["audit", "public-key"],
            usage: "safehold audit public-key",
            summary: "Print the Ed25519 public key that signs the audit checkpoints",
            group: .auditors
        ),
    ]

    // MARK: Vault and service

    private static let serviceCommands: [CommandSpec] = [
        CommandSpec(
            path: ["init"],
            usage: "safehold init [--admin NAME] [--key-file FILE | --passphrase-fd N]",
            summary: "Create a vault and its first administrator",
            group: .vaultAndService,
            options: [
                .value("admin", "NAME", help: "User name of the first administrator", default: "your OS login name"),
            ] + unlockOptions,
            constraints: [.exclusive(["--key-file", "--passphrase-fd"])]
        ),
        CommandSpec(
            path: ["serve"],
            usage: "safehold serve [--key-file FILE | --passphrase-fd N] [--notify-command PATH] [--read-timeout SECONDS] [--checkpoint-every N]",
            summary: "Run the broker service on the vault's socket",
            group: .vaultAndService,
            options: unlockOptions + [
                .value(
                    "notify-command", "PATH",
                    help: "Absolute path of a program, run without a shell, that gets each notification as JSON on standard input",
                    default: "no notifications"
                ),
                .value(
                    "read-timeout", "SECONDS", .integer(minimum: 1, maximum: 3600),
                    help: "Seconds a connection may stay idle, or take to send one request, before the service closes it",
                    default: "30"
                ),
                .value(
                    "checkpoint-every", "N", .integer(minimum: 0, maximum: 1_000_000),
                    help: "Sign the audit chain head after every N events; 0 signs only a minute after an event and at shutdown",
                    default: "100"
                ),
            ],
            constraints: [.exclusive(["--key-file", "--passphrase-fd"])]
        ),
        CommandSpec(
            path: ["rekey"],
            usage: "safehold rekey [--key-file FILE | --passphrase-fd N] [--new-key-file FILE | --new-passphrase-fd N] [--roll-master-key]",
            summary: "Change the passphrase or key file that wraps the master key, or replace the master key (with the service stopped)",
            group: .vaultAndService,
            options: unlockOptions + [
                .value(
                    "new-key-file", "FILE",
                    help: "Wrap the master key with the 32-byte key file FILE (mode 0600) in place of the current passphrase or key file"
                ),
                .value(
                    "new-passphrase-fd", "N", .integer(minimum: 0, maximum: nil),
                    help: "Read the new passphrase from file descriptor N, up to the first newline",
                    default: "a prompt without echo"
                ),
                .flag(
                    "roll-master-key",
                    help: "Generate a new master key and rewrap every data key with it, leaving secret ciphertexts as they are"
                ),
            ],
            constraints: [.exclusive(["--key-file", "--passphrase-fd"]), .exclusive(["--new-key-file", "--new-passphrase-fd"])]
        ),
        CommandSpec(
            path: ["check"],
            usage: "safehold check",
            summary: "Check the vault's integrity read-only (keys, requests, rotations, audit chain), whether the service runs or not",
            group: .vaultAndService
        ),
        CommandSpec(
            path: ["whoami"],
            usage: "safehold whoami",
            summary: "Show the Safehold user that the service identifies you as",
            group: .vaultAndService
        ),
        CommandSpec(
            path: ["completion"],
            usage: "safehold completion bash|zsh|fish",
            summary: "Print a shell completion script",
            group: .vaultAndService,
            arguments: [.required("SHELL", .choice(["bash", "zsh", "fish"]), help: "Shell to write the script for: bash, zsh or fish")]
        ),
    ]

    // MARK: Parts shared by several commands

    private static let requestID = ArgumentSpec.required("ID", help: "Request identifier, or a unique prefix of at least four characters")
    private static let requestIDs = ArgumentSpec.variadic("ID", help: "Request identifiers, or unique prefixes of at least four characters")
    private static let userName = ArgumentSpec.required("NAME", help: "User name")
    private static let assetName = ArgumentSpec.required("NAME", help: "Asset name")
    private static let policyName = ArgumentSpec.required("NAME", help: "Policy name")
    private static let accountPath = ArgumentSpec.required("ASSET/ACCOUNT", .accountPath, help: "Account, named by its asset and account names")
    private static let apiKeyName = ArgumentSpec.required("KEY", help: "Name of the API key within the account")

    private static let searchOption = OptionSpec.value(
        "search", "TEXT",
        help: "Show only rows with a cell that contains TEXT, ignoring case"
    )

    private static let commentOption = OptionSpec.value(
        "comment", "TEXT",
        help: "Comment recorded in the request's history and the audit trail"
    )

    private static func columnsOption(_ columns: [TableColumn]) -> OptionSpec {
        let names = columns.map(\.name).joined(separator: ", ")
        return .value(
            "columns", "LIST", .list,
            help: "Columns to show, in order, as comma-separated names ignoring case: \(names)",
            default: "every column"
        )
    }

    private static func fieldOption(default defaultValue: String) -> OptionSpec {
        .value(
            "field", "FIELD", .choice(["client-secret", "client-id", "client-secret-id"]),
            help: "Field of the API key: client-secret, client-id or client-secret-id",
            default: defaultValue
        )
    }

    private static let unlockOptions: [OptionSpec] = [
        .value(
            "key-file", "FILE",
            help: "Unlock the master key with the 32-byte key file FILE (mode 0600) in place of a passphrase"
        ),
        .value(
            "passphrase-fd", "N", .integer(minimum: 0, maximum: nil),
            help: "Read the passphrase from file descriptor N, up to the first newline",
            default: "a prompt without echo"
        ),
    ]

    private static let userOptions: [OptionSpec] = [
        .value(
            "os-user", "LOGIN",
            help: "OS login name that identifies the user to the service through the socket's peer credentials",
            default: "none, so the user needs a token"
        ),
        .value("email", "ADDR", help: "E-mail address for notifications", default: "none"),
        .flag("admin", help: "Give the user the administrator role"),
        .flag("auditor", help: "Give the user the auditor role"),
    ]

    private static func assetOptions(platformDefault: String?) -> [OptionSpec] {
        [
            .value(
                "platform", "PLATFORM", .choice(["builtin", "exec"]),
                help: "How keys change: builtin (Safehold is the system of record) or exec (a connector program changes them)",
                default: platformDefault
            ),
            .value(
                "connector", "PATH",
                help: "Absolute path of the connector program that changes keys on the asset, for the exec platform"
            ),
            .value("description", "TEXT", help: "Description of the asset, shown in listings"),
        ]
    }

    /// Options of `policy add` and `policy update`. `defaults` is false for update, where an
    /// absent option keeps the stored value.
    private static func policyOptions(defaults: Bool) -> [OptionSpec] {
        func shown(_ value: String) -> String? { defaults ? value : nil }

        return [
            .value(
                "priority", "N", .integer(minimum: 0, maximum: nil),
                help: "Rank among the policies that cover an account for a requester, where the lowest number wins",
                default: shown("100")
            ),
            .value(
                "scope", "ASSET[/ACCOUNT],...", .scope,
                help: "Assets (with all their accounts) and single accounts that the policy covers",
                repeatable: true, required: defaults
            ),
            .value(
                "requesters", "USER,...", .list,
                help: "Users who may request access to the covered accounts",
                repeatable: true, required: defaults
            ),
            .value(
                "approvers", "USER,...", .list,
                help: "Users of one approver set. Give --approvers again, each with its own --approvals, for every further set",
                repeatable: true
            ),
            .value(
                "approvals", "N", .integer(minimum: 1, maximum: nil),
                help: "Number of distinct approvals that the --approvers set before it needs",
                default: "1", repeatable: true
            ),
            .value("reviewers", "USER,...", .list, help: "Users who review completed requests", repeatable: true),
            .value(
                "reviews", "N", .integer(minimum: 0, maximum: nil),
                help: "Number of distinct reviews that a completed request needs",
                default: shown("0")
            ),
            .flag("review-comment-required", help: "Require a comment with each review"),
            .flag("auto-approve", help: "Approve requests as soon as they are made"),
            .flag("emergency-access", help: "Allow emergency requests, which skip approval and notify the approvers"),
            .flag("ticket-required", help: "Require a ticket number with each request"),
            .value(
                "ticket-pattern", "REGEX", .pattern,
                help: "Regular expression that a ticket number must match in full",
                default: shown("any ticket number")
            ),
            .flag("reason-required", help: "Require a reason with each request"),
            .value(
                "default-duration", "DURATION", .duration,
                help: "Window length of a request made without --for, such as 2h",
                default: shown("2h")
            ),
            .value(
                "max-duration", "DURATION", .duration,
                help: "Maximum window length that a request may ask for, at most 31d",
                default: shown("7d")
            ),
            .flag("custom-duration", help: "Let requesters choose the window length with --for"),
            .value(
                "simultaneous", "N", .integer(minimum: 1, maximum: nil),
                help: "Number of releases of one account that may overlap, where 1 means exclusive access",
                default: shown("1")
            ),
            .flag("no-rotate-after-checkin", help: "Keep the key after check-in in place of rotating it"),
            .flag("show-again", help: "Let a requester copy or show a key again after it changed during the check-out"),
            .flag(
                "allow-requests-during-review",
                help: "Allow a new request while the requester's last request of the account awaits review"
            ),
            .value(
                "approval-timeout", "DURATION", .duration,
                help: "Time that a request starting now may wait for approval before it expires",
                default: shown("24h")
            ),
        ]
    }

    /// Flags of `policy update` that turn off a setting that a flag of `policy add` turns on.
    private static let policyUpdateOptions: [OptionSpec] = [
        .flag("no-review-comment-required", help: "Stop requiring a comment with each review"),
        .flag("no-auto-approve", help: "Stop approving requests automatically"),
        .flag("no-emergency-access", help: "Stop allowing emergency requests"),
        .flag("no-ticket-required", help: "Stop requiring a ticket number"),
        .flag("no-ticket-pattern", help: "Remove the ticket number pattern"),
        .flag("no-reason-required", help: "Stop requiring a reason"),
        .flag("no-custom-duration", help: "Stop letting requesters choose the window length"),
        .flag("rotate-after-checkin", help: "Rotate the key after check-in again"),
        .flag("no-show-again", help: "Stop letting requesters copy or show a changed key again"),
        .flag("no-allow-requests-during-review", help: "Stop allowing new requests while the last one awaits review"),
        .flag("disable", help: "Disable the policy, so that it grants no new requests"),
        .flag("enable", help: "Enable a disabled policy again"),
    ]

    private static let policyUpdateExclusions: [CommandConstraint] = [
        .exclusive(["--review-comment-required", "--no-review-comment-required"]),
        .exclusive(["--auto-approve", "--no-auto-approve"]),
        .exclusive(["--emergency-access", "--no-emergency-access"]),
        .exclusive(["--ticket-required", "--no-ticket-required"]),
        .exclusive(["--ticket-pattern", "--no-ticket-pattern"]),
        .exclusive(["--reason-required", "--no-reason-required"]),
        .exclusive(["--custom-duration", "--no-custom-duration"]),
        .exclusive(["--no-rotate-after-checkin", "--rotate-after-checkin"]),
        .exclusive(["--show-again", "--no-show-again"]),
        .exclusive(["--allow-requests-during-review", "--no-allow-requests-during-review"]),
        .exclusive(["--disable", "--enable"]),
    ]
}
