#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func parsedCommandTypedValues() throws {
    let command = try #require(parsedCommand([
        "copy", "4f2c", "--clear-after", "30", "--field", "client-id", "--key", "deploy",
    ]))
    #expect(try command.int("clear-after") == 30)
    #expect(command.string("field") == "client-id")
    #expect(command.string("key") == "deploy")
    #expect(command.argument("ID") == "4f2c")
}

@Test func parsedCommandAbsentValues() throws {
    let command = try #require(parsedCommand(["request", "github/ci"]))
    #expect(command.string("ticket") == nil)
    #expect(try command.duration("for") == nil)
    #expect(try command.time("at", now: instant(0), timeZone: .utc) == nil)
    #expect(!command.flag("emergency"))
    #expect(!command.wantsJSON)
}

@Test func parsedCommandDurationAndFlags() throws {
    let command = try #require(parsedCommand(["request", "github/ci", "--for", "1d12h", "--emergency", "--ticket", "INC-7"]))
    #expect(try command.duration("for") == 129_600)
    #expect(command.flag("emergency"))
    #expect(command.string("ticket") == "INC-7")
    #expect(try command.accountPathArgument() == AccountPath(asset: "github", account: "ci"))
}

@Test func parsedCommandListsJoinOccurrences() throws {
    let command = try #require(parsedCommand(["policy", "add", "p", "--scope", "aws, github/ci", "--scope", "gcp", "--requesters", "alice"]))
    #expect(command.list("scope") == ["aws", "github/ci", "gcp"])
    #expect(command.strings("scope") == ["aws, github/ci", "gcp"])
    #expect(command.list("requesters") == ["alice"])
    #expect(command.approverSets().isEmpty)
}

@Test func parsedCommandOptionalArgument() throws {
    let all = try #require(parsedCommand(["apikey", "list"]))
    #expect(all.argument("ASSET/ACCOUNT") == nil)
    #expect(try all.accountPathArgument() == nil)
    let oneKey = try #require(parsedCommand(["rotate", "github/ci", "deploy"]))
    #expect(oneKey.argument("KEY") == "deploy")
}

@Test func parsedCommandAccountOption() throws {
    let command = try #require(parsedCommand(["audit", "--account", "github/ci", "--since", "2026-12-01"]))
    #expect(try command.accountPath("account") == AccountPath(asset: "github", account: "ci"))
    #expect(try command.time("since", now: instant(0), timeZone: .utc) == instant(1_796_083_200))
}

@Test func parsedCommandBuiltByHandRejectsBadValue() {
    let command = ParsedCommand(path: ["request"], positionals: ["github/ci"], occurrences: [OptionOccurrence(name: "for", value: "later")])
    #expect(throws: UsageError.invalidValue(
        command: ["request"], name: "--for", value: "later", problem: "unknown unit \"l\"", expected: DurationParser.expectedForms
    )) {
        try command.duration("for")
    }
}
