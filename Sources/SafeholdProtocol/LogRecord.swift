#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One log entry.
public struct LogRecord: Sendable, Hashable {
    public var level: Logger.Level
    public var label: String
    public var message: String
    public var metadata: Logger.Metadata

    public init(level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) {
        self.level = level
        self.label = label
        self.message = message
        self.metadata = metadata
    }

    /// Text such as `error safehold.socket: accept failed errno=24 reason="Too many open files"`,
    /// with metadata sorted by key and values quoted when they contain spaces, quotes, `=` or
    /// control characters.
    public func formatted() -> String {
        var text = "\(level.rawValue) \(label): \(message)"
        for key in metadata.keys.sorted() {
            text += " \(key)=\(Self.quotedIfNeeded(metadata[key] ?? ""))"
        }
        return text
    }

    private static func quotedIfNeeded(_ value: String) -> String {
        let needsQuotes = value.isEmpty || value.unicodeScalars.contains { scalar in
            scalar == " " || scalar == "\"" || scalar == "=" || scalar == "\\" || scalar.value < 0x20 || scalar.value == 0x7F
        }
        guard needsQuotes else {
            return value
        }

        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "\t": quoted += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                quoted += "\\u{\(String(scalar.value, radix: 16))}"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}
