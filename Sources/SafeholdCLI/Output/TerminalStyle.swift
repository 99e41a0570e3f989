#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// SGR escape codes used on terminals (ECMA-48). Apply them only where `Terminal` allows colour.
public enum TerminalStyle: String, Hashable, Sendable, CaseIterable {
    case bold = "1"
    case dim = "2"
    case red = "31"
    case green = "32"
    case yellow = "33"

    /// Returns `text` wrapped in this style's code and the reset code.
    public func apply(to text: String) -> String {
        "\u{1B}[" + rawValue + "m" + text + "\u{1B}[0m"
    }
}
