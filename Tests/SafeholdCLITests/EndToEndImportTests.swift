#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing

/// `apikey import` of the repository's example file through the built binary, and a check-out of
/// its multi-line secret.
@Suite struct EndToEndImportTests {
    /// `examples/keys.csv` of this checkout.
    static let examplePath: String = {
        var path = #filePath
        for _ in 0..<3 {
            path = String(path[..<path.lastIndex(of: "/")!])
        }
        return path + "/examples/keys.csv"
    }()

    /// The Google service-account key of the example file, a client secret that spans lines.
    static let serviceAccountSecret = #"""
        {
          "type": "service_account",
          "project_id": "example-project",
          "private_key_id": "0123456789abcdef0123456789abcdef01234567",
          "private_key": "-----BEGIN PRIVATE KEY-----\nEXAMPLEnotArealKEYMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----\n",
          "client_email": "exporter@example-project.iam.gserviceaccount.com"
        }
        """#

    @Test func importListsFiveKeys() throws {
        let session = try EndToEndSession()
        let imported = try session.succeed(nil, ["apikey", "import", Self.examplePath])
        #expect(imported == """
            Imported \(Self.examplePath): 5 keys added, 0 updated, 5 assets and 5 accounts created.
            The file holds plaintext secrets: shred it now, for example with `shred -u \(Self.examplePath)`.

            """)

        let listing = lines(try session.succeed(nil, ["apikey", "list"]))
        #expect(cells(listing[0]) == ["Account", "Key", "Version", "Status", "Rotated", "Description"])
        #expect(listing.dropFirst().map { Array(cells($0).prefix(5)) } == [
            ["aws/deploy", "access-key", "1", "active", "just now"],
            ["azure/graph-reader", "client-secret", "1", "active", "just now"],
            ["gcp/exporter", "service-account", "1", "active", "just now"],
            ["github/ci-bot", "token", "1", "active", "just now"],
            ["stripe/billing", "secret", "1", "active", "just now"],
        ])
    }

    @Test func showPrintsMultiLineSecret() throws {
        let session = try EndToEndSession(users: ["alice"])
        try session.succeed(nil, ["apikey", "import", Self.examplePath])
        try session.succeed(nil, ["policy", "add", "gcp", "--scope", "gcp", "--requesters", "alice", "--auto-approve"])
        let id = try session.request("alice", ["gcp/exporter"])

        let shown = try session.succeed("alice", ["show", id, "--field", "client-secret"])
        #expect(shown == Self.serviceAccountSecret + "\n")
        let keys = try session.json(RevealedJSON.self, "alice", ["show", id]).keys
        #expect(keys.map(\.clientSecret) == [Self.serviceAccountSecret])
        #expect(keys.map(\.clientId) == ["exporter@example-project.iam.gserviceaccount.com"])
    }
}
