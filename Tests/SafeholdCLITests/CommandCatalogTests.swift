#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func catalogHasEveryCommand() {
    let expected = [
        "init", "serve", "rekey", "check", "whoami",
        "user add", "user list", "user update", "user disable", "user enable",
        "token create", "token list", "token revoke",
        "asset add", "asset list", "asset update", "asset delete", "asset settings",
        "account add", "account list", "account delete",
        "apikey add", "apikey list", "apikey delete", "apikey import",
        "policy add", "policy list", "policy show", "policy update", "policy delete",
        "rotate", "verify", "close", "request", "requests", "details", "copy", "show", "checkin",
        "cancel", "remove", "resubmit", "approvals", "approve", "deny", "revoke", "reviews", "review",
        "audit", "audit verify", "audit export", "audit public-key", "completion",
    ]
    #expect(Set(CommandCatalog.commands.map(\.name)) == Set(expected))
    #expect(CommandCatalog.commands.count == expected.count)
}

@Test func catalogEveryCommandHasSummary() {
    for command in CommandCatalog.commands {
        #expect(!command.summary.isEmpty, "\(command.name)")
        #expect(!command.summary.hasSuffix("."), "\(command.name): help adds the period")
        #expect(command.summary.first?.isUppercase == true, "\(command.name)")
    }
}

@Test func catalogEveryOptionAndArgumentHasHelp() {
    for command in CommandCatalog.commands {
        for option in command.options {
            #expect(!option.help.isEmpty, "\(command.name) \(option.spelling)")
            #expect(option.help.first?.isUppercase == true, "\(command.name) \(option.spelling)")
            if let valueName = option.valueName {
                #expect(valueName == valueName.uppercased(), "\(command.name) \(option.spelling)")
            }
        }
        for argument in command.arguments {
            #expect(!argument.help.isEmpty, "\(command.name) \(argument.name)")
        }
    }
    for option in CommandCatalog.globalOptions {
        #expect(!option.help.isEmpty, "\(option.spelling)")
    }
}

@Test func catalogUsageLinesNameCommandAndArguments() {
    for command in CommandCatalog.commands {
        #expect(command.usage.hasPrefix("safehold " + command.name), "\(command.name)")
        for argument in command.arguments {
            // A choice may be spelled out in place of its name, as in `completion bash|zsh|fish`.
            var spelling = argument.name
            if case .choice(let words) = argument.kind {
                spelling = words.joined(separator: "|")
            }
            #expect(command.usage.contains(argument.name) || command.usage.contains(spelling), "\(command.name) \(argument.name)")
        }
        for option in command.options where option.isRequired {
            #expect(command.usage.contains(option.spelling), "\(command.name) \(option.spelling)")
        }
    }
}

@Test func catalogPathsAndOptionNamesAreUnique() {
    let paths = CommandCatalog.commands.map(\.path)
    #expect(Set(paths).count == paths.count)

    let globalNames = Set(CommandCatalog.globalOptions.map(\.name))
    for command in CommandCatalog.commands {
        let names = command.options.map(\.name)
        #expect(Set(names).count == names.count, "\(command.name)")
        #expect(globalNames.isDisjoint(with: names), "\(command.name)")
    }
}

@Test func catalogArgumentOrderIsParseable() {
    for command in CommandCatalog.commands {
        let variadic = command.arguments.firstIndex { $0.isVariadic }
        #expect(variadic == nil || variadic == command.arguments.count - 1, "\(command.name)")
        let firstOptional = command.arguments.firstIndex { !$0.isRequired } ?? command.arguments.count
        #expect(command.arguments[firstOptional...].allSatisfy { !$0.isRequired }, "\(command.name)")
    }
}

@Test func catalogConstraintsNameKnownMembers() {
    for command in CommandCatalog.commands {
        let known = Set(command.options.map(\.spelling) + command.arguments.map(\.name))
        for constraint in command.constraints {
            let members: [String]
            switch constraint {
            case .exclusive(let names), .oneRequired(let names):
                members = names
            case .requires(let member, let requirement):
                members = [member, requirement]
            case .pairedAfter(let option, let leader):
                members = [option, leader]
            }
            for member in members {
                #expect(known.contains(member), "\(command.name): \(member)")
            }
        }
    }
}

@Test func catalogEveryGroupHasCommands() {
    for group in RoleGroup.allCases {
        #expect(CommandCatalog.commands.contains { $0.group == group }, "\(group.title)")
    }
}

@Test func catalogColumnsHelpNamesEveryColumn() throws {
    let listings: [([String], [TableColumn])] = [(["approvals"], ListingColumns.approvals), (["reviews"], ListingColumns.reviews)]
    for (path, columns) in listings {
        let option = try #require(CommandCatalog.command(path)?.option(named: "columns"))
        for column in columns {
            #expect(option.help.contains(column.name), "\(path) \(column.name)")
        }
    }
}

@Test func catalogCopyClearsAfter45Seconds() throws {
    let option = try #require(CommandCatalog.command(["copy"])?.option(named: "clear-after"))
    #expect(option.defaultValue == "45")
    #expect(option.kind == .integer(minimum: 1, maximum: nil))
}

@Test func catalogUsageLineOfGroup() {
    #expect(CommandCatalog.usageLine(for: ["apikey"]) == "safehold apikey add|list|delete|import [ARGUMENTS] [OPTIONS]")
    #expect(CommandCatalog.usageLine(for: []) == "safehold COMMAND [ARGUMENTS] [OPTIONS]")
    #expect(CommandCatalog.usageLine(for: ["verify"]) == "safehold verify ASSET/ACCOUNT [KEY]")
}
