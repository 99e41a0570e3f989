#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import Testing

/// Printing, dumping or encoding what a check-out returns never shows a secret: the values print
/// as redacted, reflect as nothing, and none of the types can reach an encoder.
@Suite struct SealedStorageRedactionTests {
    private static let markers: [String: [UInt8]] = [
        "client ID": Array("redaction-client-id-Wq81".utf8),
        "client secret": Array("redaction-client-secret-Pz27".utf8),
        "client secret ID": Array("redaction-secret-id-Mv64".utf8),
    ]

    /// Checks out a key whose three values are the markers, through a real broker.
    private func checkedOut() throws -> (BrokerFixture, CheckOutResult) {
        let fixture = try BrokerFixture(seed: 401)
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        _ = try fixture.broker.addAsset(name: "vendor", platform: .builtin, connectorPath: nil, by: fixture.admin)
        _ = try fixture.broker.addAccount(path: "vendor/app", by: fixture.admin)
        let values = ApiKeyValues(
            clientID: SecretBytes(copying: Self.markers["client ID"]!), clientSecret: SecretBytes(copying: Self.markers["client secret"]!),
            clientSecretID: SecretBytes(copying: Self.markers["client secret ID"]!)
        )
        _ = try fixture.broker.addApiKey(path: "vendor/app", name: "api", values: values, by: fixture.admin)
        try fixture.policy(scope: ["vendor"], requesters: [alice], approverSets: [([bob], 1)]) { $0.autoApprove = true }
        let submitted = try fixture.broker.submitRequest(RequestInput(accountPath: "vendor/app"), by: alice)
        return (fixture, try fixture.broker.checkOut(submitted.request.id.rawValue, by: alice))
    }

    /// Returns every text form of `value` that a log line, a debugger or a crash report could contain.
    private func renderings(of value: Any) -> [(String, String)] {
        var dumped = ""
        dump(value, to: &dumped)
        return [
            ("String(describing:)", String(describing: value)),
            ("String(reflecting:)", String(reflecting: value)),
            ("interpolation", "\(value)"),
            ("dump", dumped),
        ]
    }

    @Test func printedFormsShowNoSecret() throws {
        let (_, result) = try checkedOut()
        let key = try #require(result.keys.first)
        #expect(VaultFixture.bytes(key.values.clientSecret) == Self.markers["client secret"])
        let scanner = SealedStorageScanner(markers: Self.markers)

        let values: [(String, Any)] = [("ApiKeyValues", key.values), ("RevealedKey", key), ("CheckOutResult", result)]
        for (typeName, value) in values {
            for (form, text) in renderings(of: value) {
                #expect(scanner.findings(in: Array(text.utf8), source: "\(form) of \(typeName)") == [])
                #expect(text.contains("redacted"), "\(form) of \(typeName) does not mark the values as redacted: \(text)")
            }
        }
    }

    @Test func mirrorsHoldNoValue() throws {
        let (_, result) = try checkedOut()
        let scanner = SealedStorageScanner(markers: Self.markers)

        // Walk every child that reflection reaches, as a debugger or a generic logger would.
        var pending: [(String, Any)] = [("result", result)]
        var visited = 0
        var found: [String] = []
        while let (path, value) = pending.popLast(), visited < 10_000 {
            visited += 1
            if let bytes = value as? [UInt8] { found += scanner.findings(in: bytes, source: path) }
            if let data = value as? Data { found += scanner.findings(in: [UInt8](data), source: path) }
            if let text = value as? String { found += scanner.findings(in: Array(text.utf8), source: path) }
            pending += Mirror(reflecting: value).children.enumerated().map { index, child in
                ("\(path).\(child.label ?? String(index))", child.value)
            }
        }
        #expect(found == [])
        #expect(visited > 10)
    }

    @Test func valuesCannotBeEncoded() throws {
        let (_, result) = try checkedOut()
        let key = try #require(result.keys.first)

        #expect(!((key.values as Any) is any Encodable))
        #expect(!((key as Any) is any Encodable))
        #expect(!((result as Any) is any Encodable))
        #expect(!((key.values.clientSecret as Any) is any Encodable))
        // The request summary that a check-out returns beside the keys encodes, and contains no value.
        let summary = String(decoding: try JSONEncoder().encode(result.summary), as: UTF8.self)
        #expect(SealedStorageScanner(markers: Self.markers).findings(in: Array(summary.utf8), source: "summary JSON") == [])
    }
}
