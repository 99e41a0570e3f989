#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import Testing

@Suite struct ConnectorRunnerTests {
    @Test func changeSendsExactInput() throws {
        let directory = try ConnectorTestDirectory()
        let request = ConnectorRequest(
            action: .change, asset: "cache \"eu\"", account: "app", key: "default",
            current: credentials("old\tsecret", clientId: "id-1", clientSecretId: "kid-1"),
            new: credentials("new-secret", clientId: "id-1"),
            settings: secret(" {\"socket\": \"/run/redis.sock\"} ")
        )
        let outcome = try runScript("cat > \(directory.file("input.json"))", request, in: directory)
        #expect(summary(outcome) == "applied")
        let expected = #"{"version":1,"action":"change","asset":"cache \"eu\"","account":"app","key":"default","#
            + #""current":{"clientId":"id-1","clientSecret":"old\tsecret","clientSecretId":"kid-1"},"#
            + #""new":{"clientId":"id-1","clientSecret":"new-secret","clientSecretId":null},"#
            + #""settings": {"socket": "/run/redis.sock"} }"# + "\n"
        #expect(directory.read("input.json") == expected)
    }

    @Test func checkWithoutNewOrSettingsSendsNulls() throws {
        let directory = try ConnectorTestDirectory()
        let request = connectorRequest(.check, new: nil)
        _ = try runScript("cat > \(directory.file("input.json")); exit 10", request, in: directory)
        let input = try #require(directory.read("input.json"))
        #expect(input.contains(#""action":"check""#))
        #expect(input.contains(#""new":null,"settings":null}"#))
    }

    @Test func rejectedCandidateThenFreshOneApplied() throws {
        let directory = try ConnectorTestDirectory()
        let marker = directory.file("rejected-once")
        let script = """
            cat > \(directory.file("input.json"))
            if [ ! -e \(marker) ]; then touch \(marker); echo "password policy: too weak" >&2; exit 4; fi
            exit 0
            """
        let first = try runScript(script, connectorRequest(new: "candidate-one"), in: directory)
        #expect(summary(first) == "rejected: password policy: too weak")

        let second = try runScript(script, connectorRequest(new: "candidate-two"), in: directory)
        #expect(summary(second) == "applied")
        #expect(directory.read("input.json")?.contains("candidate-two") == true)
    }

    @Test func changeExitStatusesMapToOutcomes() throws {
        let directory = try ConnectorTestDirectory()
        let cases: [(Int32, String)] = [
            (0, "applied"), (3, "accountMissing: message"), (4, "rejected: message"),
            (10, "failed: exit status 10: message"), (1, "failed: exit status 1: message"),
        ]
        for (status, expected) in cases {
            let outcome = try runScript("echo message >&2; exit \(status)", connectorRequest(.change), in: directory)
            #expect(summary(outcome) == expected, "exit status \(status)")
        }
    }

    @Test func checkExitStatusesMapToOutcomes() throws {
        let directory = try ConnectorTestDirectory()
        let cases: [(Int32, String)] = [
            (0, "accepted new"), (10, "accepted current"), (3, "accountMissing: "),
            (4, "failed: exit status 4"), (2, "failed: exit status 2"),
        ]
        for (status, expected) in cases {
            let outcome = try runScript("exit \(status)", connectorRequest(.check), in: directory)
            #expect(summary(outcome) == expected, "exit status \(status)")
        }
    }

    @Test func hangingConnectorTimesOut() throws {
        let directory = try ConnectorTestDirectory()
        let started = ContinuousClock.now
        let outcome = try runScript("sleep 30 & exec sleep 30", connectorRequest(), in: directory, timeout: .milliseconds(300))
        #expect(summary(outcome) == "timedOut")
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func signalIsFailure() throws {
        let directory = try ConnectorTestDirectory()
        let outcome = try runScript("kill -9 $$", connectorRequest(), in: directory)
        #expect(summary(outcome) == "failed: killed by signal 9")
    }

    @Test func environmentIsMinimal() throws {
        let directory = try ConnectorTestDirectory()
        let outcome = try runScript("/usr/bin/env >&2; exit 1", connectorRequest(), in: directory)
        guard case .failed(let text) = outcome else {
            Issue.record("expected a failure, got \(summary(outcome))")
            return
        }
        let names = Set(text.split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "=" }) })
        #expect(names.isSubset(of: ["PATH", "LANG", "LC_ALL", "PWD"]), "environment: \(names.sorted())")
        #expect(text.contains("PATH=/usr/local/bin:/usr/bin:/bin"))
    }

    @Test func longStandardErrorIsTruncated() throws {
        let directory = try ConnectorTestDirectory()
        let outcome = try runScript("head -c 6000 /dev/zero | tr '\\0' x >&2; exit 4", connectorRequest(), in: directory)
        guard case .rejected(let text) = outcome else {
            Issue.record("expected a rejection, got \(summary(outcome))")
            return
        }
        #expect(text.utf8.count == SecretRedactor.maximumOutput)
        #expect(text.hasSuffix(" [truncated]"))
    }

    @Test func invalidSettingsAreRejectedBeforeRun() throws {
        let directory = try ConnectorTestDirectory()
        let marker = directory.file("ran")
        #expect(throws: ConnectorError.self) {
            try runScript("touch \(marker)", connectorRequest(settings: "[\"not\", \"an object\"]"), in: directory)
        }
        #expect(directory.read("ran") == nil)
    }

    @Test func invalidUTF8SecretIsRejectedBeforeRun() throws {
        let directory = try ConnectorTestDirectory()
        var request = connectorRequest()
        request.new = ConnectorCredentials(clientId: secret("id"), clientSecret: SecretBytes(copying: [0x61, 0xFF, 0x62]))
        do {
            _ = try runScript("exit 0", request, in: directory)
            Issue.record("expected invalidSecretEncoding")
        } catch let error as ConnectorError {
            #expect(error == .invalidSecretEncoding(field: "new client secret", key: "default", account: "app", asset: "cache"))
        }
    }
}
