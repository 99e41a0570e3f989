#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Help text, generated from `CommandCatalog` and printed to standard output: the overview of
/// `safehold --help` with commands grouped by role, the help of one command, and the list of
/// subcommands of a group such as `user`. Lines are wrapped at `lineWidth` columns.
public enum HelpRenderer {
    public static let lineWidth = 80
    /// Widest left column before the help text moves to its own line.
    private static let maximumTermWidth = 28

    /// Returns the help for `Invocation.help(path:)`: the overview for `[]`, a command's help, or
    /// the subcommands of a group.
    public static func help(for path: [String]) -> String {
        if path.isEmpty {
            return overview()
        }
        if let command = CommandCatalog.command(path) {
            return commandHelp(command)
        }
        return groupHelp(path)
    }

    /// Returns `safehold 0.1.0` and a newline, for `--version`.
    public static func versionLine() -> String {
        CommandCatalog.programName + " " + CommandCatalog.version + "\n"
    }

    /// Returns the overview: usage, every command under its role group, and the global options.
    public static func overview() -> String {
        var sections = [
            wrap("Safehold keeps API keys sealed and releases them for approved, time-limited requests.", width: lineWidth)
                .joined(separator: "\n"),
            "usage: " + CommandCatalog.usage,
        ]

        let termWidth = CommandCatalog.commands.map { TextWidth.of($0.name) }.max() ?? 0
        for group in RoleGroup.allCases {
            let commands = CommandCatalog.commands.filter { $0.group == group }
            if commands.isEmpty {
                continue
            }
            let entries = commands.map { (term: $0.name, text: $0.summary) }
            sections.append(group.title + ":\n" + definitionList(entries, termWidth: termWidth))
        }

        sections.append("Global options:\n" + optionList(CommandCatalog.globalOptions))
        sections.append("Run 'safehold COMMAND --help' for the arguments and options of a command.")
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// Returns the help of one command: usage, summary, arguments, options, and its subcommands
    /// when it has some (as `audit` has).
    public static func commandHelp(_ command: CommandSpec) -> String {
        var sections = [
            "usage: " + command.usage,
            wrap(command.summary + ".", width: lineWidth).joined(separator: "\n"),
        ]

        if !command.arguments.isEmpty {
            let entries = command.arguments.map { argument in
                (term: argument.isVariadic ? argument.name + "..." : argument.name,
                 text: argument.help + (argument.isRequired ? "" : " (optional)"))
            }
            sections.append("Arguments:\n" + definitionList(entries))
        }
        if !command.options.isEmpty {
            sections.append("Options:\n" + optionList(command.options))
        }

        let subcommands = CommandCatalog.commands.filter { $0.path.count == command.path.count + 1 && $0.path.starts(with: command.path) }
        if !subcommands.isEmpty {
            sections.append("Subcommands:\n" + definitionList(subcommands.map { (term: $0.name, text: $0.summary) }))
        }

        sections.append("Global options:\n" + optionList(CommandCatalog.globalOptions))
        return sections.joined(separator: "\n\n") + "\n"
    }

    /// Returns the help of a group of commands that is not a command itself, such as `user`.
    public static func groupHelp(_ path: [String]) -> String {
        let commands = CommandCatalog.commands.filter { $0.path.count > path.count && $0.path.starts(with: path) }
        let name = path.joined(separator: " ")
        let sections = [
            "usage: " + CommandCatalog.usageLine(for: path),
            "Subcommands:\n" + definitionList(commands.map { (term: $0.name, text: $0.summary) }),
            "Run 'safehold \(name) COMMAND --help' for the arguments and options of a subcommand.",
        ]
        return sections.joined(separator: "\n\n") + "\n"
    }

    // MARK: Layout

    private static func optionList(_ options: [OptionSpec]) -> String {
        let entries = options.map { option in
            (term: option.name == "help" ? "-h, --help" : option.synopsis, text: optionText(option))
        }
        return definitionList(entries)
    }

    /// Returns the help of an option followed by its default and its marks, such as
    /// `Length of the access window (default: 2h) (repeatable)`.
    static func optionText(_ option: OptionSpec) -> String {
        var text = option.help
        if let defaultValue = option.defaultValue {
            text += " (default: \(defaultValue))"
        }
        if option.isRequired {
            text += " (required)"
        }
        if option.isRepeatable {
            text += " (repeatable)"
        }
        return text
    }

    /// Returns indented terms with their texts aligned in a second column and wrapped. A term
    /// wider than `maximumTermWidth` gets its text on the following lines.
    private static func definitionList(_ entries: [(term: String, text: String)], termWidth: Int? = nil) -> String {
        let indent = "  "
        let width = min(termWidth ?? entries.map { TextWidth.of($0.term) }.max() ?? 0, maximumTermWidth)
        let textColumn = indent.count + width + 2
        let continuation = String(repeating: " ", count: textColumn)

        var lines: [String] = []
        for entry in entries {
            let wrapped = wrap(entry.text, width: lineWidth - textColumn)
            if TextWidth.of(entry.term) > width {
                lines.append(indent + entry.term)
                lines += wrapped.map { continuation + $0 }
                continue
            }
            lines.append(indent + TextWidth.padded(entry.term, to: width) + "  " + (wrapped.first ?? ""))
            lines += wrapped.dropFirst().map { continuation + $0 }
        }
        return lines.joined(separator: "\n")
    }

    /// Splits `text` into lines of at most `width` columns at spaces. A single longer word gets a
    /// line of its own.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let candidate = current.isEmpty ? String(word) : current + " " + word
            if TextWidth.of(candidate) <= width || current.isEmpty {
                current = candidate
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty {
            lines.append(current)
        }
        return lines
    }
}
