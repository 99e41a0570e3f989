#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One option of a command: its long name, the value it takes (or none for a flag), and the help
/// text that `safehold CMD --help` prints.
public struct OptionSpec: Hashable, Sendable {
    /// Long name without the leading dashes, such as `clear-after`. Parsed values are stored
    /// under this name.
    public let name: String
    /// Placeholder for the value in usage and help, such as `DURATION`, or nil for a flag.
    public let valueName: String?
    public let kind: ValueKind
    /// Sentence naming what the option sets and in which unit. The default goes in
    /// `defaultValue`.
    public let help: String
    /// Value used when the option is absent, as shown in help, or nil when there is none to show.
    public let defaultValue: String?
    public let isRepeatable: Bool
    public let isRequired: Bool

    public init(
        name: String, valueName: String?, kind: ValueKind, help: String,
        defaultValue: String? = nil, isRepeatable: Bool = false, isRequired: Bool = false
    ) {
        self.name = name
        self.valueName = valueName
        self.kind = kind
        self.help = help
        self.defaultValue = defaultValue
        self.isRepeatable = isRepeatable
        self.isRequired = isRequired
    }

    /// Declares an option that takes a value.
    public static func value(
        _ name: String, _ valueName: String, _ kind: ValueKind = .text, help: String,
        default defaultValue: String? = nil, repeatable: Bool = false, required: Bool = false
    ) -> OptionSpec {
        OptionSpec(
            name: name, valueName: valueName, kind: kind, help: help,
            defaultValue: defaultValue, isRepeatable: repeatable, isRequired: required
        )
    }

    /// Declares a flag: an option without a value that is either present or absent.
    public static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, kind: .text, help: help)
    }

    public var isFlag: Bool { valueName == nil }

    /// The option as typed on the command line, such as `--clear-after`.
    public var spelling: String { "--" + name }

    /// The option with its value placeholder, such as `--clear-after SECONDS`.
    public var synopsis: String {
        guard let valueName else {
            return spelling
        }
        return spelling + " " + valueName
    }
}
