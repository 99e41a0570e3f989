#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Terminal state of the process's standard streams, which decides whether colour may be used
/// on each of them.
public struct Terminal: Hashable, Sendable {
    public let isStandardOutputTerminal: Bool
    public let isStandardErrorTerminal: Bool
    /// True when NO_COLOR is set to a non-empty value (https://no-color.org) or TERM is "dumb".
    public let isColourDisabledByEnvironment: Bool

    public init(isStandardOutputTerminal: Bool, isStandardErrorTerminal: Bool, environment: [String: String]) {
        self.isStandardOutputTerminal = isStandardOutputTerminal
        self.isStandardErrorTerminal = isStandardErrorTerminal
        let noColour = environment["NO_COLOR"].map { !$0.isEmpty } ?? false
        isColourDisabledByEnvironment = noColour || environment["TERM"] == "dumb"
    }

    /// Returns the terminal of this process, from `isatty` and the NO_COLOR and TERM variables.
    public static func current() -> Terminal {
        var environment: [String: String] = [:]
        for name in ["NO_COLOR", "TERM"] {
            if let value = getenv(name) {
                environment[name] = String(decoding: UnsafeRawBufferPointer(start: value, count: strlen(value)), as: UTF8.self)
            }
        }
        return Terminal(
            isStandardOutputTerminal: isatty(STDOUT_FILENO) == 1,
            isStandardErrorTerminal: isatty(STDERR_FILENO) == 1,
            environment: environment
        )
    }

    public var allowsColourOnStandardOutput: Bool {
        isStandardOutputTerminal && !isColourDisabledByEnvironment
    }

    public var allowsColourOnStandardError: Bool {
        isStandardErrorTerminal && !isColourDisabledByEnvironment
    }

    /// Returns `text` with control characters (escape codes, line breaks, tabs) replaced by
    /// visible escapes such as `\n` and `\u{1b}`, for printing text that users typed.
    public static func sanitized(_ text: String) -> String {
        ErrorRenderer.escaped(text, quotesAndBackslashes: false)
    }
}
