#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

/// Returns the lines of the section that starts with the line `heading`, up to the next blank line.
private func section(_ heading: String, of text: String) -> [String] {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    guard let start = lines.firstIndex(of: heading) else {
        return []
    }
    let rest = lines[(start + 1)...]
    return Array(rest.prefix { !$0.isEmpty })
}

/// Returns `text` with every run of spaces and newlines made one space, to compare wrapped text.
private func flattened(_ text: String) -> String {
    text.split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
}

@Test func helpOverviewListsEveryCommandUnderItsGroup() {
    let overview = HelpRenderer.overview()
    for group in RoleGroup.allCases {
        let lines = section(group.title + ":", of: overview)
        let names = lines.filter { $0.hasPrefix("  ") && !$0.hasPrefix("   ") }.map {
            String($0.dropFirst(2).split(separator: "  ")[0])
        }
        let expected = CommandCatalog.commands.filter { $0.group == group }.map(\.name)
        #expect(names == expected, "group \(group.title)")
    }
}

@Test func helpOverviewListsGroupsInOrder() {
    let overview = HelpRenderer.overview()
    let headings = overview.split(separator: "\n").filter { line in RoleGroup.allCases.contains { $0.title + ":" == line } }
    #expect(headings == ["Requesters:", "Approvers and reviewers:", "Administrators:", "Auditors:", "Vault and service:"])
}

@Test func helpOverviewShowsSummariesAndGlobalOptions() {
    let overview = flattened(HelpRenderer.overview())
    for command in CommandCatalog.commands {
        #expect(overview.contains(command.name + " " + command.summary), "\(command.name)")
    }
    for option in CommandCatalog.globalOptions {
        #expect(overview.contains(flattened(HelpRenderer.optionText(option))), "\(option.name)")
    }
    #expect(overview.hasPrefix("Safehold keeps API keys sealed"))
    #expect(overview.hasSuffix("Run 'safehold COMMAND --help' for the arguments and options of a command."))
}

@Test func helpOfEveryCommandListsItsOptionsAndArguments() {
    for command in CommandCatalog.commands {
        let help = HelpRenderer.help(for: command.path)
        let flat = flattened(help)
        #expect(help.hasPrefix("usage: " + command.usage + "\n"), "\(command.name)")
        #expect(flat.contains(command.summary + "."), "\(command.name)")
        for option in command.options {
            #expect(flat.contains(option.synopsis + " " + flattened(HelpRenderer.optionText(option))), "\(command.name) \(option.spelling)")
        }
        for argument in command.arguments {
            #expect(flat.contains(argument.name), "\(command.name) \(argument.name)")
            #expect(flat.contains(flattened(argument.help)), "\(command.name) \(argument.name)")
        }
    }
}

@Test func helpOfSmallCommandExactly() {
    #expect(HelpRenderer.help(for: ["details"]) == """
        usage: safehold details ID

        Show a request's details and its workflow history.

        Arguments:
          ID  Request identifier, or a unique prefix of at least four characters

        Global options:
          --vault DIR    Vault directory that contains the database, the wrapped master
                         key and the socket (default: $SAFEHOLD_VAULT, else
                         $XDG_DATA_HOME/safehold, else ~/.local/share/safehold)
          --socket PATH  Unix-domain socket of the service (default: $SAFEHOLD_SOCKET,
                         else safehold.sock in the vault directory)
          --json         Print results as JSON with stable field names in place of text
          -h, --help     Show help for safehold or for the command, then exit
          --version      Print the version of safehold, then exit

        """)
}

@Test func helpOfCommandMarksDefaultsAndRepeatable() {
    let help = flattened(HelpRenderer.help(for: ["copy"]))
    #expect(help.contains("--clear-after SECONDS Seconds after which the clipboard is cleared, unless its content changed meanwhile (default: 45)"))
    let policy = flattened(HelpRenderer.help(for: ["policy", "add"]))
    #expect(policy.contains("(required) (repeatable)"))
    #expect(policy.contains("--approvals N Number of distinct approvals that the --approvers set before it needs (default: 1) (repeatable)"))
}

@Test func helpOfGroupListsSubcommands() {
    #expect(HelpRenderer.help(for: ["token"]) == """
        usage: safehold token create|list|revoke [ARGUMENTS] [OPTIONS]

        Subcommands:
          token create  Create a bearer token for a user and print it once
          token list    List tokens with their users and creation times, never their
                        values
          token revoke  Revoke a token so that it no longer identifies its user

        Run 'safehold token COMMAND --help' for the arguments and options of a subcommand.

        """)
}

@Test func helpOfCommandWithSubcommands() {
    let help = HelpRenderer.help(for: ["audit"])
    let subcommands = section("Subcommands:", of: help).filter { $0.hasPrefix("  audit ") }
    #expect(subcommands.count == 3)
    #expect(subcommands.first?.hasPrefix("  audit verify  ") == true)
}

@Test func helpLinesFitWidth() {
    var pages = [HelpRenderer.overview()]
    pages += CommandCatalog.commands.map { HelpRenderer.commandHelp($0) }
    for page in pages {
        for line in page.split(separator: "\n") where !line.hasPrefix("usage: ") {
            #expect(TextWidth.of(String(line)) <= HelpRenderer.lineWidth, "\(line)")
        }
    }
}

@Test func helpVersionLine() {
    #expect(HelpRenderer.versionLine() == "safehold \(CommandCatalog.version)\n")
}

@Test func helpWrapKeepsLongWord() {
    #expect(HelpRenderer.wrap("a verylongword b", width: 5) == ["a", "verylongword", "b"])
    #expect(HelpRenderer.wrap("", width: 5) == [])
}
