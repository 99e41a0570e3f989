#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import Testing

@Suite struct ConnectorRedactionTests {
    /// Secrets chosen so that their base64 forms use `+` and `/`, and one needs JSON escaping.
    static let newSecret = "N3w-s3cret>>>???"
    static let currentSecret = "cur\"rent\\secret"
    static let adminPassword = "admin-pass-0042"

    @Test func secretsPrintedByConnectorAreRedacted() throws {
        let directory = try ConnectorTestDirectory()
        let request = connectorRequest(
            current: Self.currentSecret, new: Self.newSecret,
            settings: #"{"adminPassword": "admin-pass-0042", "nested": [{"token": "tok\u0065n-0043"}]}"#
        )
        let script = """
            cat >&2
            printf '%s' '\(Self.newSecret)' | base64 >&2
            printf '%s' '\(Self.newSecret)' | base64 | tr '+/' '-_' >&2
            printf '%s\\n' '\(Self.newSecret)' | base64 >&2
            printf '%s' '\(Self.newSecret)' | od -An -tx1 | tr -d ' \\n' >&2
            printf '%s' '\(Self.newSecret)' | od -An -tx1 | tr -d ' \\n' | tr a-f A-F >&2
            printf '\\nplain %s and %s\\n' '\(Self.currentSecret)' 'token-0043' >&2
            exit 1
            """
        let outcome = try runScript(script, request, in: directory)
        guard case .failed(let text) = outcome else {
            Issue.record("expected a failure, got \(summary(outcome))")
            return
        }
        #expect(text.contains("[redacted]"))
        for value in [Self.newSecret, Self.currentSecret, Self.adminPassword, "token-0043", "current-secret-value"] {
            let bytes = Array(value.utf8)
            let base64 = String(Data(bytes).base64EncodedString().prefix(bytes.count * 8 / 6))
            let hex = bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
            #expect(!text.contains(value), "\(value) in \(text)")
            #expect(!text.contains(base64), "base64 of \(value) in \(text)")
            #expect(!text.contains(hex), "hex of \(value) in \(text)")
            #expect(!text.contains(hex.uppercased()), "upper-case hex of \(value) in \(text)")
        }
        #expect(!text.contains(#"cur\"rent\\secret"#), "JSON-escaped secret in \(text)")
        #expect(!text.contains("TjN3LXMzY3JldD4-Pj8_Pz"), "URL-safe base64 in \(text)")
        #expect(text.contains("plain [redacted] and [redacted]"))
    }

    @Test func shortValuesAreNotRedacted() {
        let redactor = SecretRedactor(values: [secret("abc"), secret("longer-value")])
        #expect(redactor.redact(Array("abc longer-value".utf8)) == "abc [redacted]")
    }

    @Test func controlCharactersAreReplaced() {
        let redactor = SecretRedactor(values: [])
        #expect(redactor.redact(Array("red\u{1B}[31m\r\nline\ttwo\n\n".utf8)) == "red?[31m?\nline\ttwo")
    }

    @Test func longestMatchWins() {
        let redactor = SecretRedactor(values: [secret("pass"), secret("password-1")])
        #expect(redactor.redact(Array("password-1 pass".utf8)) == "[redacted] [redacted]")
    }

    @Test func truncationKeepsWholeCharacters() {
        let redactor = SecretRedactor(values: [])
        let text = redactor.redact(Array(String(repeating: "é", count: 2000).utf8))
        #expect(text.utf8.count <= SecretRedactor.maximumOutput)
        #expect(text.hasSuffix("é [truncated]"))
    }
}
