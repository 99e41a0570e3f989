#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func parserReadsPathArgumentsAndOptions() throws {
    let command = try #require(parsedCommand(["user", "add", "bob", "--admin", "--email", "bob@example.org"]))
    #expect(command.path == ["user", "add"])
    #expect(command.positionals == ["bob"])
    #expect(command.options == ["email": ["bob@example.org"]])
    #expect(command.flags == ["admin"])
}

@Test func parserEqualsFormMatchesSpaceForm() {
    let spaced = parsedCommand(["request", "github/ci", "--for", "90m"])
    let joined = parsedCommand(["request", "github/ci", "--for=90m"])
    #expect(spaced != nil)
    #expect(spaced == joined)
}

@Test func parserEqualsFormTakesDashValue() throws {
    let command = try #require(parsedCommand(["request", "github/ci", "--reason=-x is broken"]))
    #expect(command.options["reason"] == ["-x is broken"])
}

@Test func parserEqualsFormTakesEmptyValue() throws {
    let command = try #require(parsedCommand(["approve", "4f2c", "--comment="]))
    #expect(command.options["comment"] == [""])
}

@Test func parserEqualsFormKeepsLaterEquals() throws {
    let command = try #require(parsedCommand(["request", "github/ci", "--reason=a=b"]))
    #expect(command.options["reason"] == ["a=b"])
}

@Test func parserDoubleDashEndsOptions() throws {
    let command = try #require(parsedCommand(["approve", "--comment", "ok", "--", "--abcd", "-h", "--json"]))
    #expect(command.positionals == ["--abcd", "-h", "--json"])
    #expect(command.flags.isEmpty)
    #expect(command.options["comment"] == ["ok"])
}

@Test func parserSingleDashIsArgument() throws {
    let command = try #require(parsedCommand(["apikey", "import", "-"]))
    #expect(command.positionals == ["-"])
}

@Test func parserGlobalOptionsAnywhere() throws {
    let command = try #require(parsedCommand(["--vault", "/srv/vault", "request", "github/ci", "--json", "--socket=/run/s.sock"]))
    #expect(command.path == ["request"])
    #expect(command.positionals == ["github/ci"])
    #expect(command.options["vault"] == ["/srv/vault"])
    #expect(command.options["socket"] == ["/run/s.sock"])
    #expect(command.wantsJSON)
}

@Test func parserGlobalOptionBetweenCommandWords() throws {
    let command = try #require(parsedCommand(["user", "--json", "list"]))
    #expect(command.path == ["user", "list"])
    #expect(command.flags == ["json"])
}

@Test func parserOptionsInterleaveWithArguments() throws {
    let command = try #require(parsedCommand(["approve", "4f2c", "--comment", "ok", "9a1b"]))
    #expect(command.positionals == ["4f2c", "9a1b"])
}

@Test func parserCommandWithSubcommands() throws {
    let list = try #require(parsedCommand(["audit", "--since", "now"]))
    #expect(list.path == ["audit"])
    let verify = try #require(parsedCommand(["audit", "verify"]))
    #expect(verify.path == ["audit", "verify"])
}

@Test func parserArgumentMayEqualCommandWord() throws {
    let command = try #require(parsedCommand(["policy", "show", "list"]))
    #expect(command.path == ["policy", "show"])
    #expect(command.positionals == ["list"])
}

@Test func parserOptionOfOtherCommandIsUnknown() {
    #expect(usageError(["requests", "--for", "2h"]) == .unknownOption(command: ["requests"], option: "--for", suggestion: nil))
}

@Test func parserHelpInvocations() throws {
    #expect(try CommandLineParser.parse(["--help"]).get() == .help(path: []))
    #expect(try CommandLineParser.parse(["-h"]).get() == .help(path: []))
    #expect(try CommandLineParser.parse(["user", "--help"]).get() == .help(path: ["user"]))
    #expect(try CommandLineParser.parse(["user", "add", "-h"]).get() == .help(path: ["user", "add"]))
    #expect(try CommandLineParser.parse(["close", "--help"]).get() == .help(path: ["close"]))
}

@Test func parserHelpWinsOverLaterErrors() throws {
    #expect(try CommandLineParser.parse(["request", "--fro", "2h", "--help"]).get() == .help(path: ["request"]))
    #expect(try CommandLineParser.parse(["request", "--reason", "-h"]).get() == .help(path: ["request"]))
}

@Test func parserHelpAfterUnknownCommandIsError() {
    #expect(usageError(["reqest", "--help"]) == .unknownCommand(path: [], word: "reqest", suggestion: "request"))
}

@Test func parserHelpAfterDoubleDashIsArgument() throws {
    let command = try #require(parsedCommand(["approve", "--", "--help"]))
    #expect(command.positionals == ["--help"])
}

@Test func parserHelpRejectsValue() {
    #expect(usageError(["--help=yes"]) == .unexpectedValue(command: [], option: "--help", value: "yes"))
}

@Test func parserVersionInvocation() throws {
    #expect(try CommandLineParser.parse(["--version"]).get() == .version)
    #expect(try CommandLineParser.parse(["check", "--version"]).get() == .version)
}

@Test func parserVariadicArgument() throws {
    let command = try #require(parsedCommand(["approve", "4f2c", "9a1b", "77ee"]))
    #expect(command.arguments("ID") == ["4f2c", "9a1b", "77ee"])
}

@Test func parserRepeatableApproverPairs() throws {
    let command = try #require(parsedCommand([
        "policy", "add", "prod", "--scope", "aws,github/ci", "--requesters", "alice",
        "--approvers", "bob,carol", "--approvals", "2", "--approvers", "dave",
        "--approvers=erin, frank", "--approvals=1",
    ]))
    #expect(command.approverSets() == [
        ApproverSetOption(approvers: ["bob", "carol"], approvals: 2),
        ApproverSetOption(approvers: ["dave"], approvals: 1),
        ApproverSetOption(approvers: ["erin", "frank"], approvals: 1),
    ])
    #expect(command.options["approvers"] == ["bob,carol", "dave", "erin, frank"])
    #expect(command.options["approvals"] == ["2", "1"])
}

@Test func parserApprovalsTwiceForOneSet() {
    let arguments = ["policy", "add", "prod", "--scope", "aws", "--requesters", "alice", "--approvers", "bob", "--approvals", "1", "--approvals", "2"]
    #expect(usageError(arguments) == .misplacedOption(command: ["policy", "add"], option: "--approvals", leader: "--approvers"))
}

@Test func parserApproverPairsOnUpdate() throws {
    let command = try #require(parsedCommand(["policy", "update", "prod", "--approvers", "bob", "--approvals", "1", "--approvers", "carol,dave", "--approvals", "2"]))
    #expect(command.approverSets() == [
        ApproverSetOption(approvers: ["bob"], approvals: 1),
        ApproverSetOption(approvers: ["carol", "dave"], approvals: 2),
    ])
}

@Test func parserRequiredPolicyOptions() {
    #expect(usageError(["policy", "add", "prod", "--requesters", "alice"]) == .missingOption(command: ["policy", "add"], option: "--scope", requiredBy: nil))
}

@Test func parserPolicyUpdateNegationsConflict() {
    #expect(usageError(["policy", "update", "prod", "--auto-approve", "--no-auto-approve"]) == .conflictingOptions(command: ["policy", "update"], first: "--auto-approve", second: "--no-auto-approve"))
}

@Test func parserInvalidScopeItem() {
    #expect(usageError(["policy", "add", "p", "--scope", "aws,/ci", "--requesters", "alice"]) == .invalidValue(
        command: ["policy", "add"], name: "--scope", value: "aws,/ci",
        problem: "in \"/ci\", the asset name is empty",
        expected: "a comma-separated list of ASSET or ASSET/ACCOUNT items, such as github,aws/ci-bot"
    ))
}

@Test func parserInvalidTicketPattern() {
    #expect(usageError(["policy", "update", "p", "--ticket-pattern", "INC[0-9"]) == .invalidValue(
        command: ["policy", "update"], name: "--ticket-pattern", value: "INC[0-9",
        problem: "it is not a valid regular expression", expected: "a regular expression such as ^INC[0-9]+$"
    ))
}

@Test func parserEmptyListItem() {
    #expect(usageError(["policy", "add", "p", "--scope", "aws", "--requesters", "alice,,bob"]) == .invalidValue(
        command: ["policy", "add"], name: "--requesters", value: "alice,,bob",
        problem: "the list has an empty item", expected: "a comma-separated list such as alice,bob"
    ))
}

@Test func parserRotateByAccountOrAge() throws {
    let byAccount = try #require(parsedCommand(["rotate", "github/ci", "deploy"]))
    #expect(byAccount.positionals == ["github/ci", "deploy"])
    let byAge = try #require(parsedCommand(["rotate", "--max-age", "30d"]))
    #expect(try byAge.duration("max-age") == 30 * 86_400)
}

@Test func parserRekeyOptionsExclusive() {
    #expect(usageError(["rekey", "--new-passphrase-fd", "3", "--new-key-file", "k"]) == .conflictingOptions(command: ["rekey"], first: "--new-key-file", second: "--new-passphrase-fd"))
}

@Test func parserRekeyRollWithNewKeyFile() {
    #expect(usageError(["rekey", "--roll-master-key", "--new-key-file", "k"]) == nil)
}

@Test func parserOptionBeforeGroupWord() {
    #expect(usageError(["user", "--admin", "add", "bob"]) == .unknownOption(command: ["user"], option: "--admin", suggestion: nil))
}

@Test func parserEveryCommandParses() {
    // Each catalog command must be reachable from its own words plus its required arguments.
    for command in CommandCatalog.commands {
        var arguments = command.path
        for argument in command.arguments where argument.isRequired {
            switch argument.kind {
            case .accountPath: arguments.append("github/ci")
            case .choice(let words): arguments.append(words[0])
            default: arguments.append("x")
            }
        }
        for option in command.options where option.isRequired {
            arguments += [option.spelling, option.kind == .scope ? "aws" : "x"]
        }
        if command.path == ["rotate"] {
            arguments.append("github/ci")
        }
        let parsed = parsedCommand(arguments)
        #expect(parsed?.path == command.path, "\(arguments)")
    }
}
