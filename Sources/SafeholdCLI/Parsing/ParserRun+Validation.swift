#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ParserRun {
    /// Checks the words read against the command they name: its arguments, required options and
    /// constraints. Returns the parsed command.
    func finish() throws(UsageError) -> ParsedCommand {
        guard let command = CommandCatalog.command(path) else {
            throw UsageError.missingCommand(path: path)
        }

        try checkArguments(of: command)
        try checkRequiredOptions(of: command)
        for constraint in command.constraints {
            try check(constraint, of: command)
        }
        return ParsedCommand(path: path, positionals: positionals, occurrences: occurrences)
    }

    private func checkArguments(of command: CommandSpec) throws(UsageError) {
        var remaining = positionals[...]
        for argument in command.arguments {
            let values: ArraySlice<String>
            if argument.isVariadic {
                values = remaining
            } else {
                values = remaining.prefix(1)
            }
            if values.isEmpty, argument.isRequired {
                throw UsageError.missingArgument(command: path, argument: argument.name)
            }

            for value in values {
                if let mismatch = argument.kind.mismatch(of: value) {
                    throw UsageError.invalidValue(
                        command: path, name: argument.name, value: value,
                        problem: mismatch.problem, expected: mismatch.expected
                    )
                }
            }
            remaining = remaining.dropFirst(values.count)
        }

        if let extra = remaining.first {
            throw UsageError.unexpectedArgument(command: path, argument: extra)
        }
    }

    private func checkRequiredOptions(of command: CommandSpec) throws(UsageError) {
        for option in command.options where option.isRequired {
            if !occurrences.contains(where: { $0.name == option.name }) {
                throw UsageError.missingOption(command: path, option: option.spelling, requiredBy: nil)
            }
        }
    }

    private func check(_ constraint: CommandConstraint, of command: CommandSpec) throws(UsageError) {
        switch constraint {
        case .exclusive(let members):
            let givenMembers = members.filter { isGiven($0, in: command) }
            if givenMembers.count >= 2 {
                throw UsageError.conflictingOptions(command: path, first: givenMembers[0], second: givenMembers[1])
            }
        case .oneRequired(let members):
            if !members.contains(where: { isGiven($0, in: command) }) {
                throw UsageError.missingChoice(command: path, names: members)
            }
        case .requires(let member, let requirement):
            if isGiven(member, in: command), !isGiven(requirement, in: command) {
                throw UsageError.missingOption(command: path, option: requirement, requiredBy: member)
            }
        case .pairedAfter(let option, let leader):
            try checkPairs(option: option, leader: leader)
        }
    }

    /// Returns whether the option (spelled with dashes) or the argument (by name) was given.
    private func isGiven(_ member: String, in command: CommandSpec) -> Bool {
        if member.hasPrefix("--") {
            return occurrences.contains { "--" + $0.name == member }
        }
        guard let position = command.arguments.firstIndex(where: { $0.name == member }) else {
            return false
        }
        return positionals.count > position
    }

    /// Checks that each occurrence of `option` follows an occurrence of `leader` that has no
    /// `option` yet.
    private func checkPairs(option: String, leader: String) throws(UsageError) {
        var leaderIsOpen = false
        for occurrence in occurrences {
            let spelling = "--" + occurrence.name
            if spelling == leader {
                leaderIsOpen = true
            } else if spelling == option {
                if !leaderIsOpen {
                    throw UsageError.misplacedOption(command: path, option: option, leader: leader)
                }
                leaderIsOpen = false
            }
        }
    }
}
