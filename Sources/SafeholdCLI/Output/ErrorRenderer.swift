#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Formats errors for standard error:
/// ```
/// safehold: error: unknown option "--fro"
/// usage: safehold request ASSET/ACCOUNT [--at TIME] ...
/// hint: did you mean --for?
/// ```
/// The usage line is printed for usage errors only, and the hint line only when there is a hint.
public enum ErrorRenderer {
    /// Returns the lines for `error`, each ending in a newline. With `colour`, the prefixes are
    /// coloured (see `Terminal` for when that is allowed).
    public static func render(_ error: any ReportableError, colour: Bool = false) -> String {
        let usage = (error as? UsageError)?.usageLine
        return render(message: error.message, usage: usage, hint: error.hint, colour: colour)
    }

    /// Returns the lines for a message, an optional usage line and an optional hint.
    public static func render(message: String, usage: String? = nil, hint: String? = nil, colour: Bool = false) -> String {
        var output = style("safehold: error:", .red, colour) + " " + message + "\n"
        if let usage {
            output += "usage: " + usage + "\n"
        }
        if let hint {
            output += style("hint:", .yellow, colour) + " " + hint + "\n"
        }
        return output
    }

    /// Returns `text` in double quotes, with quotes, backslashes and control characters escaped
    /// so that a typed word can neither break the message's line nor send terminal escape codes.
    public static func quoted(_ text: String) -> String {
        "\"" + escaped(text, quotesAndBackslashes: true) + "\""
    }

    /// Returns `text` with control characters written as `\n`, `\t`, `\r` or `\u{1b}`, and with
    /// `"` and `\` escaped too when `quotesAndBackslashes` is true.
    static func escaped(_ text: String, quotesAndBackslashes: Bool) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"" where quotesAndBackslashes:
                output += "\\\""
            case "\\" where quotesAndBackslashes:
                output += "\\\\"
            case "\n":
                output += "\\n"
            case "\t":
                output += "\\t"
            case "\r":
                output += "\\r"
            default:
                if scalar.properties.generalCategory == .control {
                    output += "\\u{" + String(scalar.value, radix: 16) + "}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        return output
    }

    private static func style(_ text: String, _ style: TerminalStyle, _ colour: Bool) -> String {
        colour ? style.apply(to: text) : text
    }
}
