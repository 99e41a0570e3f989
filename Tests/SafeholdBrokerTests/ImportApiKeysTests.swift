#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore
import Testing

/// `Broker.importApiKeys`: CSV and JSON Lines files import every row or none, name each bad row
/// by line and field without showing a value, and never change the file they came from.
@Suite struct ImportApiKeysTests {
    /// The stored values of one key's current version, decoded as text.
    private struct Stored: Equatable {
        var clientID: String
        var clientSecret: String
        var clientSecretID: String?
    }

    private func importText(
        _ fixture: BrokerFixture, _ text: String, format: ApiKeyImportFormat = .csv, update: Bool = false
    ) throws(BrokerError) -> ApiKeyImportSummary {
        try fixture.broker.importApiKeys(content: BrokerFixture.secret(text), format: format, update: update, by: fixture.admin)
    }

    /// Opens the current version of key `name` of `path`, or returns nil when there is no such key.
    private func stored(_ fixture: BrokerFixture, _ path: String, _ name: String) throws -> Stored? {
        let keys = try fixture.broker.apiKeys(path: nil, by: fixture.admin)
        guard let key = keys.first(where: { $0.path == path && $0.key.name == name })?.key else { return nil }
        let version = try #require(try fixture.broker.read { reader in try reader.keyVersion(keyID: key.id, version: key.currentVersion) })
        let values = try ApiKeySealing.open(version, masterKey: fixture.vault.masterKey)
        return Stored(
            clientID: BrokerFixture.text(values.clientID), clientSecret: BrokerFixture.text(values.clientSecret),
            clientSecretID: values.clientSecretID.map(BrokerFixture.text)
        )
    }

    private func importError(_ body: () throws(BrokerError) -> ApiKeyImportSummary, sourceLocation: SourceLocation = #_sourceLocation) throws -> BrokerError {
        let summary: ApiKeyImportSummary
        do {
            summary = try body()
        } catch {
            return error
        }
        Issue.record("the import succeeded: \(summary)", sourceLocation: sourceLocation)
        throw VaultTestError("the import succeeded")
    }

    @Test func csvWithMultiLineSecret() throws {
        let fixture = try BrokerFixture(seed: 301)
        let csv = #"""
            asset,account,key,client_id,client_secret,client_secret_id,description
            stripe,billing,api,stripe-client,"first line
            second line, with a comma and ""quotes""",stripe-secret-id,Billing API
            stripe,billing,webhook,webhook-client,webhook-secret,,
            github,ci,deploy,github-client,github-secret,github-secret-id,Deploy key

            """#

        let summary = try importText(fixture, csv)

        #expect(summary.assetsAdded == 2)
        #expect(summary.accountsAdded == 2)
        #expect(summary.keysAdded == 3)
        #expect(summary.keysUpdated == 0)
        #expect(try stored(fixture, "stripe/billing", "api") == Stored(
            clientID: "stripe-client", clientSecret: "first line\nsecond line, with a comma and \"quotes\"", clientSecretID: "stripe-secret-id"
        ))
        #expect(try stored(fixture, "stripe/billing", "webhook") == Stored(clientID: "webhook-client", clientSecret: "webhook-secret", clientSecretID: nil))
        #expect(try stored(fixture, "github/ci", "deploy") == Stored(clientID: "github-client", clientSecret: "github-secret", clientSecretID: "github-secret-id"))
        let descriptions = try fixture.broker.apiKeys(path: nil, by: fixture.admin).map(\.key.description).sorted()
        #expect(descriptions == ["", "Billing API", "Deploy key"])
    }

    @Test func csvWithCRLFAndByteOrderMark() throws {
        let fixture = try BrokerFixture(seed: 302)
        let csv = "\u{FEFF}Asset,Account,Key,Client ID,Client Secret\r\nstripe,billing,api,id-1,\"line one\r\nline two\"\r\nstripe,billing,other,id-2,plain\r\n"

        let summary = try importText(fixture, csv)

        #expect(summary.keysAdded == 2)
        #expect(try stored(fixture, "stripe/billing", "api") == Stored(clientID: "id-1", clientSecret: "line one\r\nline two", clientSecretID: nil))
        #expect(try stored(fixture, "stripe/billing", "other") == Stored(clientID: "id-2", clientSecret: "plain", clientSecretID: nil))
    }

    @Test func badRowsImportNothing() throws {
        let fixture = try BrokerFixture(seed: 303)
        let csv = #"""
            asset,account,key,client_id,client_secret,client_secret_id
            stripe,billing,api,good-client-marker,"good-secret-marker
            on two lines",good-secret-id-marker
            stripe,billing,nosecret,lonely-client-marker,,lonely-secret-id-marker
            stripe,billing/eu,api,slash-client-marker,slash-secret-marker,
            stripe,billing,api,twin-client-marker,twin-secret-marker,
            github,ci,deploy,fine-client-marker,fine-secret-marker,

            """#

        let error = try importError { () throws(BrokerError) in try importText(fixture, csv) }

        let message = error.description
        #expect(error.kind == .invalidInput)
        #expect(message.contains("3 bad row(s); nothing was imported"), "\(message)")
        #expect(message.contains("line 4, field clientSecret: missing or empty"), "\(message)")
        #expect(message.contains("line 5, field account: the account name 'billing/eu' contains '/'"), "\(message)")
        #expect(message.contains("line 6, field key: stripe/billing api is also on line 2"), "\(message)")
        for marker in ["good-client", "good-secret", "on two lines", "lonely", "slash-client", "slash-secret", "twin", "fine-client", "fine-secret"] {
            #expect(!message.contains(marker), "the message shows \(marker)")
            #expect(!(error.hint ?? "").contains(marker), "the hint shows \(marker)")
        }
        #expect(try fixture.broker.apiKeys(path: nil, by: fixture.admin).isEmpty)
        #expect(try fixture.broker.assets(by: fixture.admin).isEmpty)
    }

    /// One bad row each, on line 3 after a good row: the file imports nothing, and the message
    /// names the line and the field.
    @Test(arguments: [
        ("stripe,billing,other,lonely-client,,lonely-id\n", "line 3, field clientSecret: missing or empty"),
        ("stripe,billing/eu,other,slash-client,slash-secret,slash-id\n", "line 3, field account: the account name 'billing/eu' contains '/'"),
        ("stripe,billing,api,twin-client,twin-secret,twin-id\n", "line 3, field key: stripe/billing api is also on line 2"),
    ])
    func oneBadRowImportsNothing(row: String, expected: String) throws {
        let fixture = try BrokerFixture(seed: 311)
        let csv = "asset,account,key,client_id,client_secret,client_secret_id\nstripe,billing,api,good-client,good-secret,good-id\n" + row

        let error = try importError { () throws(BrokerError) in try importText(fixture, csv) }

        #expect(error.description.contains("1 bad row(s)"), "\(error)")
        #expect(error.description.contains(expected), "\(error)")
        for marker in ["good-secret", "good-id", "lonely", "slash-secret", "slash-id", "twin-secret", "twin-id"] {
            #expect(!error.description.contains(marker), "the message shows \(marker)")
        }
        #expect(try fixture.broker.apiKeys(path: nil, by: fixture.admin).isEmpty)
    }

    @Test func tenThousandRows() throws {
        let fixture = try BrokerFixture(seed: 304)
        var csv = "asset,account,key,client_id,client_secret,client_secret_id\n"
        for row in 0..<10_000 {
            csv += "asset\(row % 10),account\(row / 100),key\(row),client-\(row),secret-\(row)-value,secret-id-\(row)\n"
        }
        let clock = ContinuousClock()
        let started = clock.now

        let summary = try importText(fixture, csv)

        let elapsed = clock.now - started
        #expect(summary.keysAdded == 10_000)
        #expect(summary.assetsAdded == 10)
        #expect(summary.accountsAdded == 1_000)
        #expect(try fixture.broker.read { reader in try reader.apiKeyCount() } == 10_000)
        for row in [0, 4_321, 9_999] {
            let path = "asset\(row % 10)/account\(row / 100)"
            #expect(try stored(fixture, path, "key\(row)") == Stored(clientID: "client-\(row)", clientSecret: "secret-\(row)-value", clientSecretID: "secret-id-\(row)"))
        }
        // A generous bound for a debug build on a shared machine; a regression to per-row
        // transactions or quadratic parsing takes far longer.
        #expect(elapsed < .seconds(20), "importing 10,000 rows took \(elapsed)")
    }

    @Test func existingKeyWithoutUpdateIsRejected() throws {
        let fixture = try BrokerFixture(seed: 305)
        try fixture.account("stripe/billing", secret: "original-secret")
        let csv = #"""
            asset,account,key,client_id,client_secret
            stripe,billing,fresh,fresh-client,fresh-secret
            stripe,billing,api,replacement-client,replacement-secret

            """#

        let error = try importError { () throws(BrokerError) in try importText(fixture, csv) }

        #expect(error.kind == .conflict)
        #expect(error.description.contains("line 3: key stripe/billing api already exists"), "\(error)")
        #expect(!error.description.contains("replacement-secret"))
        #expect(try stored(fixture, "stripe/billing", "fresh") == nil)
        #expect(try stored(fixture, "stripe/billing", "api") == Stored(clientID: "client-id", clientSecret: "original-secret", clientSecretID: nil))
    }

    @Test func updateMakesNewCurrentVersion() throws {
        let fixture = try BrokerFixture(seed: 306)
        let key = try fixture.account("stripe/billing", secret: "original-secret")
        let csv = #"""
            asset,account,key,client_id,client_secret,client_secret_id
            stripe,billing,api,replacement-client,replacement-secret,replacement-id
            stripe,billing,fresh,fresh-client,fresh-secret,

            """#

        let summary = try importText(fixture, csv, update: true)

        #expect(summary.keysUpdated == 1)
        #expect(summary.keysAdded == 1)
        let versions = try fixture.broker.read { reader in try reader.keyVersions(keyID: key.id) }
        #expect(versions.map(\.version) == [1, 2])
        #expect(versions.map(\.state) == [.retired, .current])
        #expect(versions.first?.sealedValue == nil)
        #expect(versions.first?.wrappedDataKey == nil)
        #expect(versions.first?.endedAt != nil)
        #expect(try stored(fixture, "stripe/billing", "api") == Stored(clientID: "replacement-client", clientSecret: "replacement-secret", clientSecretID: "replacement-id"))
        #expect(try stored(fixture, "stripe/billing", "fresh") == Stored(clientID: "fresh-client", clientSecret: "fresh-secret", clientSecretID: nil))
        let presented = BrokerFixture.secret("original-secret")
        #expect(try !fixture.broker.verify(path: "stripe/billing", keyName: "api", presented: presented, by: fixture.admin))
    }

    @Test func jsonLinesImport() throws {
        let fixture = try BrokerFixture(seed: 307)
        let lines = #"""
            {"asset": "stripe", "account": "billing", "key": "api", "clientId": "json-client", "clientSecret": "line one\nline two \"quoted\" \u00e9", "clientSecretId": "json-id"}

            {"asset": "github", "account": "ci", "key": "deploy", "clientId": "gh-client", "clientSecret": "gh-secret", "description": "Deploy key", "clientSecretId": null}

            """#

        let summary = try importText(fixture, lines, format: .jsonLines)

        #expect(summary.keysAdded == 2)
        #expect(try stored(fixture, "stripe/billing", "api") == Stored(clientID: "json-client", clientSecret: "line one\nline two \"quoted\" é", clientSecretID: "json-id"))
        #expect(try stored(fixture, "github/ci", "deploy") == Stored(clientID: "gh-client", clientSecret: "gh-secret", clientSecretID: nil))
    }

    @Test func jsonLinesUnknownMember() throws {
        let fixture = try BrokerFixture(seed: 308)
        let lines = #"""
            {"asset": "stripe", "account": "billing", "key": "api", "clientId": "json-client", "clientSecret": "json-secret-marker"}
            {"asset": "stripe", "account": "billing", "key": "other", "clientId": "typo-client", "clientSecert": "typo-secret-marker"}
            {"asset": "stripe", "account": "billing", "key": "third", "clientId": "third-client", "clientSecret": "third-secret-marker", "extra": 5}

            """#

        let error = try importError { () throws(BrokerError) in try importText(fixture, lines, format: .jsonLines) }

        let message = error.description
        #expect(message.contains("line 2, field clientSecert: unknown member"), "\(message)")
        #expect(message.contains("line 3"), "\(message)")
        for marker in ["json-secret-marker", "typo-secret-marker", "third-secret-marker", "typo-client", "third-client"] {
            #expect(!message.contains(marker), "the message shows \(marker)")
        }
        #expect(try fixture.broker.apiKeys(path: nil, by: fixture.admin).isEmpty)
    }

    @Test func duplicateColumnIsRejected() throws {
        let fixture = try BrokerFixture(seed: 309)
        let csv = "asset,account,key,client_id,clientId,client_secret\nstripe,billing,api,first-id,second-id,secret\n"

        let error = try importError { () throws(BrokerError) in try importText(fixture, csv) }

        #expect(error.description.contains("line 1, field clientid"), "\(error)")
        #expect(try fixture.broker.apiKeys(path: nil, by: fixture.admin).isEmpty)
    }

    @Test func importFileIsUnchanged() throws {
        let fixture = try BrokerFixture(seed: 310)
        let path = fixture.directory + "/keys.csv"
        let csv = "asset,account,key,client_id,client_secret\nstripe,billing,api,file-client,\"quoted \"\"secret\"\"\"\n"
        #expect(FileManager.default.createFile(atPath: path, contents: Data(csv.utf8)))
        let bad = fixture.directory + "/bad.csv"
        #expect(FileManager.default.createFile(atPath: bad, contents: Data((csv + "stripe,billing,api,again,again\n").utf8)))
        let before = try VaultFileSnapshot(directory: fixture.directory, extraPaths: [path, bad])

        for (file, shouldImport) in [(path, true), (bad, false)] {
            let content = SecretBytes(copying: try #require(FileManager.default.contents(atPath: file)))
            let imported = try? fixture.broker.importApiKeys(content: content, format: .csv, update: false, by: fixture.admin)
            #expect((imported != nil) == shouldImport, "\(file)")
            #expect(VaultFixture.bytes(content) == Array(try #require(FileManager.default.contents(atPath: file))), "the content buffer changed")
        }

        let after = try VaultFileSnapshot(directory: fixture.directory, extraPaths: [path, bad])
        #expect(after.files[path] == before.files[path])
        #expect(after.files[bad] == before.files[bad])
        #expect(try stored(fixture, "stripe/billing", "api") == Stored(clientID: "file-client", clientSecret: "quoted \"secret\"", clientSecretID: nil))
    }
}
