#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Rules for the names of users, assets, accounts, keys and policies: 1 to 64 characters of
/// ASCII letters, digits and `. _ - @`, starting with a letter or digit. `/` is excluded because
/// it separates asset and account in `ASSET/ACCOUNT`.
public enum NameRules {
    public static let maximumLength = 64

    /// Returns `name` when it follows the rules, or throws an error that names it and the rule.
    public static func validate(_ name: String, kind: String) throws(BrokerError) -> String {
        let bytes = Array(name.utf8)
        guard !bytes.isEmpty else {
            throw .invalidInput("the \(kind) name is empty", hint: "give a name of 1 to \(maximumLength) characters")
        }
        guard bytes.count <= maximumLength else {
            throw .invalidInput("the \(kind) name '\(name.prefix(20))...' is \(bytes.count) characters long; the limit is \(maximumLength)")
        }
        guard isAlphanumeric(bytes[0]) else {
            throw .invalidInput("the \(kind) name '\(name)' must start with a letter or digit")
        }
        if let bad = bytes.first(where: { !isAlphanumeric($0) && !"._-@".utf8.contains($0) }) {
            let character = bad < 0x80 ? String(UnicodeScalar(bad)) : "a non-ASCII character"
            throw .invalidInput(
                "the \(kind) name '\(name)' contains '\(character)'",
                hint: "use letters, digits and . _ - @ only"
            )
        }
        return name
    }

    /// Splits `ASSET/ACCOUNT` into its two names.
    public static func splitAccountPath(_ path: String) throws(BrokerError) -> (asset: String, account: String) {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalidInput("'\(path)' is not an account path", hint: "write ASSET/ACCOUNT, such as stripe/billing")
        }
        return (String(parts[0]), String(parts[1]))
    }

    private static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5a).contains(byte) || (0x61...0x7a).contains(byte)
    }
}
