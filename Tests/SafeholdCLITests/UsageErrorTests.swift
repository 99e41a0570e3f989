#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

// Exact stderr text of every kind of usage error, as `safehold` prints it.

private let requestUsage =
    "usage: safehold request ASSET/ACCOUNT [--at TIME] [--for DURATION] [--ticket T] [--reason TEXT] [--emergency]\n"

@Test func missingCommandMessage() {
    #expect(renderedError([]) == """
        safehold: error: missing command
        usage: safehold COMMAND [ARGUMENTS] [OPTIONS]
        hint: run 'safehold --help' to list the commands

        """)
}

@Test func missingSubcommandMessage() {
    #expect(renderedError(["user"]) == """
        safehold: error: missing subcommand after "user"
        usage: safehold user add|list|update|disable|enable [ARGUMENTS] [OPTIONS]
        hint: run 'safehold user --help' to list its subcommands

        """)
}

@Test func unknownCommandWithSuggestion() {
    #expect(renderedError(["reqest", "github/ci"]) == """
        safehold: error: unknown command "reqest"
        usage: safehold COMMAND [ARGUMENTS] [OPTIONS]
        hint: did you mean "request"?

        """)
}

@Test func unknownCommandWithoutSuggestion() {
    #expect(renderedError(["xyzzy"]) == """
        safehold: error: unknown command "xyzzy"
        usage: safehold COMMAND [ARGUMENTS] [OPTIONS]
        hint: run 'safehold --help' to list the commands

        """)
}

@Test func unknownSubcommandWithSuggestion() {
    #expect(renderedError(["user", "ad", "bob"]) == """
        safehold: error: unknown command "user ad"
        usage: safehold user add|list|update|disable|enable [ARGUMENTS] [OPTIONS]
        hint: did you mean "user add"?

        """)
}

@Test func unknownSubcommandOfCommand() {
    #expect(renderedError(["audit", "verfy"]) == """
        safehold: error: unknown command "audit verfy"
        usage: safehold audit [--since TIME] [--until TIME] [--request ID] [--user NAME] [--account ASSET/ACCOUNT] [--action NAME]
        hint: did you mean "audit verify"?

        """)
}

@Test func unknownCommandQuotesControlCharacters() {
    #expect(renderedError(["req\u{1B}[31m\n"]) == """
        safehold: error: unknown command "req\\u{1b}[31m\\n"
        usage: safehold COMMAND [ARGUMENTS] [OPTIONS]
        hint: run 'safehold --help' to list the commands

        """)
}

@Test func unknownOptionWithSuggestion() {
    #expect(renderedError(["request", "github/ci", "--fro", "2h"]) == """
        safehold: error: unknown option "--fro"
        \(requestUsage)hint: did you mean --for?

        """)
}

@Test func unknownOptionWithoutSuggestion() {
    #expect(renderedError(["request", "github/ci", "--zzzzzz"]) == """
        safehold: error: unknown option "--zzzzzz"
        \(requestUsage)hint: run 'safehold request --help' to list its options

        """)
}

@Test func unknownShortOption() {
    #expect(renderedError(["-x"]) == """
        safehold: error: unknown option "-x"
        usage: safehold COMMAND [ARGUMENTS] [OPTIONS]
        hint: run 'safehold --help' to list the commands and global options

        """)
}

@Test func missingValueMessage() {
    #expect(renderedError(["request", "github/ci", "--for"]) == """
        safehold: error: missing value for option --for
        \(requestUsage)hint: write --for DURATION, or --for=DURATION for a value that starts with a dash

        """)
}

@Test func missingValueBeforeOption() {
    #expect(usageError(["request", "github/ci", "--reason", "--emergency"]) == .missingValue(command: ["request"], option: "--reason"))
}

@Test func unexpectedValueMessage() {
    #expect(renderedError(["check", "--json=yes"]) == """
        safehold: error: unexpected value "yes" for flag --json
        usage: safehold check
        hint: write --json without a value

        """)
}

@Test func repeatedOptionMessage() {
    #expect(renderedError(["request", "github/ci", "--for", "1h", "--for=2h"]) == """
        safehold: error: option --for given more than once
        \(requestUsage)hint: only options marked (repeatable) in 'safehold request --help' can be given more than once

        """)
}

@Test func repeatedFlagIsRejected() {
    #expect(usageError(["request", "github/ci", "--emergency", "--emergency"]) == .repeatedOption(command: ["request"], option: "--emergency"))
}

@Test func unexpectedArgumentMessage() {
    #expect(renderedError(["details", "4f2c", "9a1b"]) == """
        safehold: error: unexpected argument "9a1b"
        usage: safehold details ID

        """)
}

@Test func unexpectedArgumentForCommandWithoutArguments() {
    #expect(renderedError(["whoami", "alice"]) == """
        safehold: error: unexpected argument "alice"
        usage: safehold whoami
        hint: safehold whoami takes no arguments

        """)
}

@Test func missingArgumentMessage() {
    #expect(renderedError(["request"]) == """
        safehold: error: missing argument ASSET/ACCOUNT
        \(requestUsage)
        """)
}

@Test func missingVariadicArgument() {
    #expect(usageError(["approve", "--comment", "ok"]) == .missingArgument(command: ["approve"], argument: "ID"))
}

@Test func missingRequiredOptionMessage() {
    #expect(renderedError(["close", "4f2c"]) == """
        safehold: error: missing option --comment
        usage: safehold close ID --comment TEXT
        hint: --comment TEXT: Reason for closing, recorded in the request's history and the audit trail

        """)
}

@Test func optionRequiresOtherMessage() {
    #expect(renderedError(["audit", "verify", "--file", "trail.jsonl"]) == """
        safehold: error: option --file requires --public-key
        usage: safehold audit verify [--file FILE --public-key KEY]
        hint: --public-key KEY: Ed25519 public key, as printed by 'safehold audit public-key', that must have signed the checkpoints

        """)
}

@Test func invalidDurationMessage() {
    #expect(renderedError(["request", "github/ci", "--for", "1h2h"]) == """
        safehold: error: invalid value "1h2h" for --for: the unit h appears twice
        \(requestUsage)hint: expected a positive duration such as 90m, 2h, 1h30m or 1d12h (units d, h, m, s, largest first)

        """)
}

@Test func invalidTimeMessage() {
    #expect(renderedError(["request", "github/ci", "--at=25:00"]) == """
        safehold: error: invalid value "25:00" for --at: hour 25 is out of range 0-23
        \(requestUsage)hint: expected a time such as 2026-12-04T14:00 (ISO 8601, local time unless it ends in Z or an offset such as +01:00), 14:00 (today), 'tomorrow 14:00' or now

        """)
}

@Test func invalidChoiceArgumentMessage() {
    #expect(renderedError(["completion", "tcsh"]) == """
        safehold: error: invalid value "tcsh" for SHELL
        usage: safehold completion bash|zsh|fish
        hint: expected one of bash, zsh, fish

        """)
}

@Test func invalidIntegerMessage() {
    #expect(renderedError(["copy", "4f2c", "--clear-after", "0"]) == """
        safehold: error: invalid value "0" for --clear-after: 0 is less than 1
        usage: safehold copy ID [--key NAME] [--field client-secret|client-id|client-secret-id] [--clear-after SECONDS]
        hint: expected a whole number of at least 1

        """)
}

@Test func invalidAccountPathMessage() {
    #expect(renderedError(["account", "add", "github"]) == """
        safehold: error: invalid value "github" for ASSET/ACCOUNT: the "/" between asset and account is missing
        usage: safehold account add ASSET/ACCOUNT [--description TEXT]
        hint: expected ASSET/ACCOUNT, such as github/ci-bot

        """)
}

@Test func conflictingOptionsMessage() {
    #expect(renderedError(["init", "--key-file", "master.key", "--passphrase-fd", "3"]) == """
        safehold: error: --key-file and --passphrase-fd cannot be used together
        usage: safehold init [--admin NAME] [--key-file FILE | --passphrase-fd N]
        hint: give either --key-file or --passphrase-fd

        """)
}

@Test func argumentConflictsWithOption() {
    #expect(renderedError(["rotate", "github/ci", "--max-age", "30d"]) == """
        safehold: error: ASSET/ACCOUNT and --max-age cannot be used together
        usage: safehold rotate ASSET/ACCOUNT [KEY] | --max-age DURATION
        hint: give either ASSET/ACCOUNT or --max-age

        """)
}

@Test func missingChoiceMessage() {
    #expect(renderedError(["rotate"]) == """
        safehold: error: missing ASSET/ACCOUNT or --max-age
        usage: safehold rotate ASSET/ACCOUNT [KEY] | --max-age DURATION

        """)
}

@Test func missingChoiceOfThreeNames() {
    let error = UsageError.missingChoice(command: ["rekey"], names: ["--new-key-file", "--new-passphrase-fd", "--roll-master-key"])
    #expect(error.message == "missing one of --new-key-file, --new-passphrase-fd or --roll-master-key")
}

@Test func misplacedOptionMessage() {
    let arguments = ["policy", "add", "prod", "--scope", "aws", "--requesters", "alice", "--approvals", "2"]
    #expect(renderedError(arguments) == """
        safehold: error: option --approvals must follow its own --approvers
        usage: safehold policy add NAME --scope ASSET[/ACCOUNT],... --requesters USER,... [--approvers USER,... [--approvals N]]... [OPTIONS]
        hint: write each pair as --approvers USER,... --approvals N

        """)
}

@Test func usageErrorExitCode() {
    #expect(UsageError.missingCommand(path: []).exitCode == .usage)
    #expect(ExitCode.usage.rawValue == 64)
}
