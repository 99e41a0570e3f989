#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import Testing

@Suite struct ConnectorMintedKeyTests {
    @Test func mintedKeyOnStandardOutputIsParsed() throws {
        let directory = try ConnectorTestDirectory()
        let script = #"printf '%s\n' '{"clientId": "id-2", "clientSecret": "s\u00e9cret\ud83d\ude00\n", "clientSecretId": "kid-2", "extra": [1, {"x": null}]}'"#
        let outcome = try runScript(script, connectorRequest(new: nil), in: directory)
        guard case .applied(let minted?) = outcome else {
            Issue.record("expected a minted key, got \(summary(outcome))")
            return
        }
        #expect(plainText(minted.clientId) == "id-2")
        #expect(plainText(minted.clientSecret) == "sécret😀\n")
        #expect(plainText(minted.clientSecretId) == "kid-2")
    }

    @Test func mintedKeyWithNullSecretID() throws {
        let directory = try ConnectorTestDirectory()
        let script = #"echo '{"clientId":"id-3","clientSecret":"minted-3","clientSecretId":null}'"#
        let outcome = try runScript(script, connectorRequest(new: nil), in: directory)
        guard case .applied(let minted?) = outcome else {
            Issue.record("expected a minted key, got \(summary(outcome))")
            return
        }
        #expect(plainText(minted.clientSecret) == "minted-3")
        #expect(minted.clientSecretId == nil)
    }

    @Test func malformedStandardOutputFails() throws {
        let directory = try ConnectorTestDirectory()
        let outputs = [
            #"{"clientId":"id","clientSecret":"minted-secret-4""#,
            #"{"clientId":"id"}"#,
            #"{"clientId":"id","clientSecret":"minted-secret-4"} trailing"#,
            #"{"clientId":"id","clientSecret":"minted-secret-4","clientSecret":"x"}"#,
            #"{"clientId":"id","clientSecret":42}"#,
            #"{"clientId":"","clientSecret":"minted-secret-4"}"#,
            #"["id","minted-secret-4"]"#,
            "minted-secret-4",
        ]
        for output in outputs {
            let outcome = try runScript("cat <<'EOF'\n\(output)\nEOF", connectorRequest(new: nil), in: directory)
            let text = summary(outcome)
            #expect(text.hasPrefix("failed: exit status 0, but standard output is not a key object (invalid JSON at byte"), "\(output)")
            #expect(!text.contains("minted-secret-4"), "\(output)")
        }
    }

    @Test func blankStandardOutputMeansNoMintedKey() throws {
        let directory = try ConnectorTestDirectory()
        let outcome = try runScript("echo; echo '  '", connectorRequest(), in: directory)
        #expect(summary(outcome) == "applied")
    }

    @Test func mintedKeyIsRedactedFromStandardError() throws {
        let directory = try ConnectorTestDirectory()
        let script = #"echo '{"clientId":"id-5","clientSecret":"minted-secret-5"}'; echo "issued minted-secret-5" >&2; exit 1"#
        let outcome = try runScript(script, connectorRequest(new: nil), in: directory)
        #expect(summary(outcome) == "failed: exit status 1: issued [redacted]")
    }
}
