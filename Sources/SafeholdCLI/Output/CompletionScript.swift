#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shell completion scripts for `safehold completion bash|zsh|fish`, generated from
/// `CommandCatalog`: command and subcommand words, the options of the command typed so far, file
/// names after options that take a file, directory or path, and the words of fixed choices.
/// The zsh script loads the bash one through zsh's `bashcompinit`.
///
/// NOTE: the tests run the bash script in bash. The zsh and fish scripts were tried by hand (zsh
/// 5.9, fish 3.6), and the tests check only their text.
public enum CompletionScript {
    public enum Shell: String, CaseIterable, Hashable, Sendable {
        case bash
        case zsh
        case fish
    }

    /// Returns the script for `shell`, ending in a newline.
    public static func script(for shell: Shell) -> String {
        switch shell {
        case .bash:
            return "# Bash completion for safehold. Load it with: source <(safehold completion bash)\n" + bashFunction()
        case .zsh:
            return """
                #compdef safehold
                # Zsh completion for safehold, through zsh's bash completion support.
                # Load it with: source <(safehold completion zsh)
                autoload -U +X bashcompinit && bashcompinit

                """ + bashFunction()
        case .fish:
            return fishScript()
        }
    }

    // MARK: Catalog data

    /// Returns every path that names a command or a group, shortest first: `request`, `user`,
    /// `user add`.
    static func commandPrefixes() -> [[String]] {
        var prefixes: [[String]] = []
        for command in CommandCatalog.commands {
            for length in 1...command.path.count {
                let prefix = Array(command.path.prefix(length))
                if !prefixes.contains(prefix) {
                    prefixes.append(prefix)
                }
            }
        }
        return prefixes.sorted { $0.count < $1.count }
    }

    /// Words that may follow `path`: subcommands, the command's options, the global options and
    /// the words of a first argument with fixed choices.
    static func candidateWords(after path: [String]) -> [String] {
        var words = CommandCatalog.subcommandWords(after: path)
        if let command = CommandCatalog.command(path) {
            if case .choice(let choices) = command.arguments.first?.kind {
                words += choices
            }
            words += command.options.map(\.spelling)
        }
        return words + CommandCatalog.globalOptions.map(\.spelling)
    }

    /// Returns every option that takes a value, once per name, from all commands and the global
    /// options.
    private static func valueOptions() -> [OptionSpec] {
        var options: [OptionSpec] = []
        for option in CommandCatalog.globalOptions + CommandCatalog.commands.flatMap(\.options) where !option.isFlag {
            if !options.contains(where: { $0.name == option.name }) {
                options.append(option)
            }
        }
        return options
    }

    /// Returns which words of the running service a command's arguments take: `requests` for request
    /// ids, `accounts` for `ASSET/ACCOUNT`, or nil.
    static func serviceWordKind(for path: [String]) -> String? {
        guard let command = CommandCatalog.command(path) else { return nil }
        if command.arguments.contains(where: { $0.name == "ID" }) { return "requests" }
        if command.arguments.contains(where: { $0.name == "ASSET/ACCOUNT" }) { return "accounts" }
        return nil
    }

    private static func takesFileName(_ option: OptionSpec) -> Bool {
        ["FILE", "DIR", "PATH"].contains(option.valueName ?? "")
    }

    private static func choices(of option: OptionSpec) -> [String]? {
        if case .choice(let words) = option.kind {
            return words
        }
        return nil
    }

    // MARK: Bash

    private static func bashFunction() -> String {
        let pathPatterns = commandPrefixes().map { prefix in
            "'" + prefix.dropLast().joined(separator: " ") + ":" + prefix[prefix.count - 1] + "'"
        }

        var lines = [
            "_safehold() {",
            "    local cur=${COMP_WORDS[COMP_CWORD]}",
            "    local prev=${COMP_WORDS[COMP_CWORD-1]}",
            "    local path='' word i",
            "    for ((i = 1; i < COMP_CWORD; i++)); do",
            "        word=${COMP_WORDS[i]}",
            "        case \"$path:$word\" in",
            "            " + pathPatterns.joined(separator: "|") + ")",
            "                path=${path:+$path }$word ;;",
            "        esac",
            "    done",
            "",
            "    case \"$prev\" in",
        ]
        lines += bashValueCases()
        lines += [
            "    esac",
            "",
            "    local words dynamic=''",
            "    case \"$path\" in",
        ]
        for prefix in [[]] + commandPrefixes() {
            let words = candidateWords(after: prefix).joined(separator: " ")
            let dynamic = serviceWordKind(for: prefix).map { " dynamic=\($0)" } ?? ""
            lines.append("        '\(prefix.joined(separator: " "))') words='\(words)'\(dynamic) ;;")
        }
        lines += [
            "    esac",
            "    # Request ids and account names come from the running service; nothing when it is down.",
            "    if [[ -n $dynamic && $cur != -* ]]; then",
            "        words=\"$words $(\"${COMP_WORDS[0]}\" \(ServiceWords.commandWord) $dynamic 2>/dev/null)\"",
            "    fi",
            "    COMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))",
            "}",
            "complete -F _safehold safehold",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Returns the bash `case` branches for the word after an option: its choices, file names, or
    /// nothing to offer.
    private static func bashValueCases() -> [String] {
        var lines: [String] = []
        var freeText: [String] = []
        var fileNames: [String] = []
        for option in valueOptions() {
            if let words = choices(of: option) {
                let list = words.joined(separator: " ")
                lines.append("        \(option.spelling)) COMPREPLY=($(compgen -W '\(list)' -- \"$cur\")); return ;;")
            } else if takesFileName(option) {
                fileNames.append(option.spelling)
            } else {
                freeText.append(option.spelling)
            }
        }
        if !fileNames.isEmpty {
            lines.append("        " + fileNames.joined(separator: "|") + ") COMPREPLY=($(compgen -f -- \"$cur\")); return ;;")
        }
        if !freeText.isEmpty {
            lines.append("        " + freeText.joined(separator: "|") + ") COMPREPLY=(); return ;;")
        }
        return lines
    }

    // MARK: Fish

    private static func fishScript() -> String {
        let prefixes = commandPrefixes().map { fishQuoted($0.joined(separator: " ")) }.joined(separator: " ")
        var lines = [
            "# Fish completion for safehold. Load it with: safehold completion fish | source",
            "function __safehold_path",
            "    set -l prefixes \(prefixes)",
            "    set -l path ''",
            "    for word in (commandline -opc)[2..-1]",
            "        set -l candidate (string trim -- \"$path $word\")",
            "        if contains -- $candidate $prefixes",
            "            set path $candidate",
            "        end",
            "    end",
            "    echo $path",
            "end",
            "complete -c safehold -f",
        ]
        lines += CommandCatalog.globalOptions.map { fishOption($0, condition: nil) }

        for prefix in [[]] + commandPrefixes() {
            let condition = "test (__safehold_path) = " + fishQuoted(prefix.joined(separator: " "))
            for command in CommandCatalog.commands where command.path.count == prefix.count + 1 && command.path.starts(with: prefix) {
                lines.append(fishWord(command.path[prefix.count], summary: command.summary, condition: condition))
            }
            for word in CommandCatalog.subcommandWords(after: prefix) where CommandCatalog.command(prefix + [word]) == nil {
                lines.append(fishWord(word, summary: "Commands of " + (prefix + [word]).joined(separator: " "), condition: condition))
            }
            guard let command = CommandCatalog.command(prefix) else {
                continue
            }
            if case .choice(let words) = command.arguments.first?.kind {
                lines.append("complete -c safehold -n \(fishQuoted(condition)) -a \(fishQuoted(words.joined(separator: " ")))")
            }
            if let kind = serviceWordKind(for: prefix) {
                lines.append("complete -c safehold -n \(fishQuoted(condition)) -a \(fishQuoted("(safehold \(ServiceWords.commandWord) \(kind) 2>/dev/null)"))")
            }
            lines += command.options.map { fishOption($0, condition: condition) }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func fishWord(_ word: String, summary: String, condition: String) -> String {
        "complete -c safehold -n \(fishQuoted(condition)) -a \(fishQuoted(word)) -d \(fishQuoted(summary))"
    }

    private static func fishOption(_ option: OptionSpec, condition: String?) -> String {
        var line = "complete -c safehold"
        if let condition {
            line += " -n " + fishQuoted(condition)
        }
        line += " -l " + option.name
        if let words = choices(of: option) {
            line += " -x -a " + fishQuoted(words.joined(separator: " "))
        } else if takesFileName(option) {
            line += " -r -F"
        } else if !option.isFlag {
            line += " -x"
        }
        return line + " -d " + fishQuoted(option.help)
    }

    /// Returns `text` in fish single quotes, where only `\` and `'` need escaping.
    private static func fishQuoted(_ text: String) -> String {
        var output = "'"
        for character in text {
            if character == "\\" || character == "'" {
                output.append("\\")
            }
            output.append(character)
        }
        return output + "'"
    }
}
