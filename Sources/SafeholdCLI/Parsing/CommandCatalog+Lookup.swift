#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension CommandCatalog {
    /// Returns the command whose words are exactly `path`, or nil.
    public static func command(_ path: [String]) -> CommandSpec? {
        commands.first { $0.path == path }
    }

    /// Returns the words that can follow `prefix` to name a longer command, in catalog order and
    /// without repeats: `["add", "list", ...]` after `["user"]`, every first word after `[]`.
    public static func subcommandWords(after prefix: [String]) -> [String] {
        var words: [String] = []
        for command in commands where command.path.count > prefix.count && command.path.starts(with: prefix) {
            let word = command.path[prefix.count]
            if !words.contains(word) {
                words.append(word)
            }
        }
        return words
    }

    /// Returns the global option named `name` (without dashes), or nil.
    public static func globalOption(named name: String) -> OptionSpec? {
        globalOptions.first { $0.name == name }
    }

    /// Returns the usage line for `path`: the command's own line, a line listing the
    /// subcommands of a group such as `user`, or the program's line for `[]` and unknown paths.
    public static func usageLine(for path: [String]) -> String {
        if let command = command(path) {
            return command.usage
        }

        let words = subcommandWords(after: path)
        if path.isEmpty || words.isEmpty {
            return usage
        }
        return "safehold " + path.joined(separator: " ") + " " + words.joined(separator: "|") + " [ARGUMENTS] [OPTIONS]"
    }
}
