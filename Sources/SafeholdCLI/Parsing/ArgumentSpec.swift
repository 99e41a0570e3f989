#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One positional argument of a command.
public struct ArgumentSpec: Hashable, Sendable {
    /// Name shown in usage, help and errors, such as `ASSET/ACCOUNT` or `ID`.
    public let name: String
    public let help: String
    public let kind: ValueKind
    public let isRequired: Bool
    /// Whether the argument takes every remaining word (`ID...`). Only the last argument of a
    /// command may be variadic.
    public let isVariadic: Bool

    public init(name: String, help: String, kind: ValueKind = .text, isRequired: Bool = true, isVariadic: Bool = false) {
        self.name = name
        self.help = help
        self.kind = kind
        self.isRequired = isRequired
        self.isVariadic = isVariadic
    }

    /// Declares a required argument.
    public static func required(_ name: String, _ kind: ValueKind = .text, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, help: help, kind: kind)
    }

    /// Declares an argument that may be left out.
    public static func optional(_ name: String, _ kind: ValueKind = .text, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, help: help, kind: kind, isRequired: false)
    }

    /// Declares a required argument that takes one or more words.
    public static func variadic(_ name: String, _ kind: ValueKind = .text, help: String) -> ArgumentSpec {
        ArgumentSpec(name: name, help: help, kind: kind, isVariadic: true)
    }
}
