#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The state of one parse: the words read so far and what they were taken as.
struct ParserRun {
    let arguments: [String]
    private(set) var path: [String] = []
    private(set) var positionals: [String] = []
    private(set) var occurrences: [OptionOccurrence] = []
    private(set) var helpRequested = false
    private(set) var versionRequested = false
    private var index = 0
    /// True while the words read may still extend `path`.
    private var resolvingPath = true
    private var optionsEnded = false

    init(arguments: [String]) {
        self.arguments = arguments
    }

    /// Reads every word, stopping at the first error.
    mutating func scanWords() throws(UsageError) {
        while index < arguments.count {
            let word = arguments[index]
            index += 1

            if optionsEnded {
                resolvingPath = false
                positionals.append(word)
            } else if word == "--" {
                optionsEnded = true
            } else if word == "-h" {
                helpRequested = true
            } else if word.hasPrefix("--") {
                try readLongOption(word)
            } else if word.hasPrefix("-"), word != "-" {
                throw unknownOption(word)
            } else if resolvingPath {
                try resolve(word)
            } else {
                positionals.append(word)
            }
        }
    }

    /// Returns whether `--help` or `-h` appears at or after the word where scanning stopped,
    /// before any `--`.
    func helpRequestedLater() -> Bool {
        if helpRequested {
            return true
        }
        for word in arguments[min(index, arguments.count)...] {
            if word == "--" {
                return false
            }
            if word == "--help" || word == "-h" {
                return true
            }
        }
        return false
    }

    // MARK: Command words

    /// Takes `word` as the next command word, or as the first argument once `path` names a
    /// command that has no subcommand `word`.
    private mutating func resolve(_ word: String) throws(UsageError) {
        let subcommands = CommandCatalog.subcommandWords(after: path)
        if subcommands.contains(word) {
            path.append(word)
            return
        }

        if let command = CommandCatalog.command(path), !command.arguments.isEmpty || subcommands.isEmpty {
            resolvingPath = false
            positionals.append(word)
            return
        }
        throw UsageError.unknownCommand(
            path: path, word: word,
            suggestion: ClosestMatch.suggestion(for: word, among: subcommands)
        )
    }

    // MARK: Options

    private mutating func readLongOption(_ word: String) throws(UsageError) {
        let body = word.dropFirst(2)
        let name: String
        let inlineValue: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            inlineValue = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
            inlineValue = nil
        }

        guard let (option, isGlobal) = lookUpOption(name) else {
            throw unknownOption("--" + name)
        }
        if !isGlobal {
            resolvingPath = false
        }
        if !option.isRepeatable, occurrences.contains(where: { $0.name == name }) {
            throw UsageError.repeatedOption(command: path, option: option.spelling)
        }

        if option.isFlag {
            try readFlag(option, inlineValue: inlineValue)
        } else {
            let value = try readValue(of: option, inlineValue: inlineValue)
            occurrences.append(OptionOccurrence(name: name, value: value))
        }
    }

    /// Returns the option named `name` of the current command, or the global option of that
    /// name, with whether it is global.
    private func lookUpOption(_ name: String) -> (OptionSpec, Bool)? {
        if let option = CommandCatalog.command(path)?.option(named: name) {
            return (option, false)
        }
        if let option = CommandCatalog.globalOption(named: name) {
            return (option, true)
        }
        return nil
    }

    private mutating func readFlag(_ option: OptionSpec, inlineValue: String?) throws(UsageError) {
        if let inlineValue {
            throw UsageError.unexpectedValue(command: path, option: option.spelling, value: inlineValue)
        }

        switch option.name {
        case "help":
            helpRequested = true
        case "version":
            versionRequested = true
        default:
            occurrences.append(OptionOccurrence(name: option.name, value: nil))
        }
    }

    private mutating func readValue(of option: OptionSpec, inlineValue: String?) throws(UsageError) -> String {
        var value = inlineValue
        if value == nil, index < arguments.count, !Self.looksLikeOption(arguments[index]) {
            value = arguments[index]
            index += 1
        }
        guard let value else {
            throw UsageError.missingValue(command: path, option: option.spelling)
        }

        if let mismatch = option.kind.mismatch(of: value) {
            throw UsageError.invalidValue(
                command: path, name: option.spelling, value: value,
                problem: mismatch.problem, expected: mismatch.expected
            )
        }
        return value
    }

    private static func looksLikeOption(_ word: String) -> Bool {
        word.hasPrefix("-") && word != "-"
    }

    private func unknownOption(_ spelling: String) -> UsageError {
        var candidates = CommandCatalog.command(path)?.options.map(\.spelling) ?? []
        candidates += CommandCatalog.globalOptions.map(\.spelling)
        return .unknownOption(
            command: path, option: spelling,
            suggestion: ClosestMatch.suggestion(for: spelling, among: candidates)
        )
    }
}
