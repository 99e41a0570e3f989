// Terminal-output rules of safehold. Every command follows them, so change a rule here before
// changing a command.
//
// 1. Standard output carries results only: listings, details, the secret that `show` prints,
//    JSON. A script can pipe it without filtering anything out.
// 2. Standard error carries everything meant for people: errors, warnings, progress, prompts.
//    An error reads `safehold: error: <what failed, on which value>`, then `usage: <line>` for
//    usage errors, then `hint: <next step>` when there is one (`ErrorRenderer`). Failures of an
//    action start with "failed to", such as `failed to check in request 4f2c: ...`.
// 3. Colour and other escape codes appear only on a stream that is a terminal, and never when
//    NO_COLOR is set to a non-empty value or TERM is "dumb" (`Terminal`). No output needs colour
//    to be understood.
// 4. Text that users typed (names, comments, reasons, tickets) is printed quoted through
//    `ErrorRenderer.quoted` or cleaned through `Terminal.sanitized`, so that it cannot carry
//    escape codes or break lines. `Table` cleans its cells itself.
// 5. With `--json`, standard output is JSON from `OutputRules.makeJSONEncoder()`: stable
//    camelCase field names, sorted keys, times in ISO 8601 UTC. Listings print one object per line
//    (JSON Lines). A field, once released, keeps its name and meaning, but new fields may be
//    added.
//    Errors stay text on standard error.
// 6. Times for people are local (`TimeFormatting`): "Mar 20, 2021 9:56 AM · 2 hours".
//    Remaining time is never negative: a window that is over reads "ended".
// 7. A secret reaches standard output only through `show`, and reaches no other stream, error
//    message or JSON field.
// 8. The exit status is an `ExitCode`: 0 success, 64 usage, 69 service unavailable, ...

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Shared settings that put the terminal-output rules at the top of this file into practice.
public enum OutputRules {
    /// Returns the encoder for `--json` output: sorted keys, ISO 8601 times, slashes unescaped.
    public static func makeJSONEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }

    /// Returns `value` as one line of JSON Lines, ending in a newline.
    public static func jsonLine<Value: Encodable>(_ value: Value) throws -> String {
        let data = try makeJSONEncoder().encode(value)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
