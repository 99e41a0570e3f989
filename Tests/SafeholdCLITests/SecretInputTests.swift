#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdTestSupport
import Testing

/// `apikey add` reading the three values from each secret source other than the prompt, checked
/// by checking the key out again through a request.
@Suite struct SecretInputTests {
    /// Returns a session with account pay/billing and a policy that lets alice check it out at once.
    private func session() throws -> EndToEndSession {
        let session = try EndToEndSession(users: ["alice"])
        try session.succeed(nil, ["asset", "add", "pay"])
        try session.succeed(nil, ["account", "add", "pay/billing"])
        try session.succeed(nil, ["policy", "add", "pay", "--scope", "pay", "--requesters", "alice", "--auto-approve"])
        return session
    }

    /// Returns the key as alice's check-out reveals it.
    private func revealed(_ session: EndToEndSession) throws -> RevealedKeyJSON {
        let id = try session.request("alice", ["pay/billing"])
        let keys = try session.json(RevealedJSON.self, "alice", ["show", id]).keys
        try #require(keys.count == 1)
        return keys[0]
    }

    @Test func addReadsThreeLines() throws {
        let session = try session()
        let secret = uniqueSecret()
        let added = try session.run(nil, ["apikey", "add", "pay/billing", "main"], input: "acct_1\n\(secret)\nsid_1\n")
        #expect(added.status == 0)
        #expect(added.standardOutput == "Added key main to pay/billing (version 1, sealed).\n")

        let key = try revealed(session)
        #expect(key.clientId == "acct_1")
        #expect(key.clientSecret == secret)
        #expect(key.clientSecretId == "sid_1")
    }

    @Test func addReadsJSONObject() throws {
        let session = try session()
        // JSON escapes in the object arrive as the characters they stand for.
        let input = #"{"clientId": "acct_2", "clientSecret": "pa\"ss\\word\u0021", "clientSecretId": "sid_2"}"#
        #expect(try session.run(nil, ["apikey", "add", "pay/billing", "main"], input: input).status == 0)

        let key = try revealed(session)
        #expect(key.clientId == "acct_2")
        #expect(key.clientSecret == #"pa"ss\word!"#)
        #expect(key.clientSecretId == "sid_2")
    }

    @Test func addReadsFile() throws {
        let session = try session()
        let secret = uniqueSecret()
        let file = session.service.directory.file("key.txt")
        try PrivateFileWriter.write(file, "acct_3\n\(secret)\n", mode: 0o600)
        #expect(try session.run(nil, ["apikey", "add", "pay/billing", "main", "--from-file", file]).status == 0)

        let key = try revealed(session)
        #expect(key.clientId == "acct_3")
        #expect(key.clientSecret == secret)
        #expect(key.clientSecretId == nil)
    }

    @Test func addReadsDescriptor() throws {
        let session = try session()
        let secret = uniqueSecret()
        let added = try runSafehold(
            ["--vault", session.vault, "apikey", "add", "pay/billing", "main", "--from-fd", "7"],
            input: Array("acct_4\n\(secret)\nsid_4\n".utf8), onDescriptor: 7
        )
        #expect(added.status == 0)
        #expect(added.standardError.isEmpty)

        let key = try revealed(session)
        #expect(key.clientId == "acct_4")
        #expect(key.clientSecret == secret)
        #expect(key.clientSecretId == "sid_4")
    }

    /// Descriptor 9 is closed in the child, so the read fails and nothing is stored.
    @Test func addFailsOnClosedDescriptor() throws {
        let session = try session()
        let added = try runSafehold(
            ["--vault", session.vault, "apikey", "add", "pay/billing", "main", "--from-fd", "9"],
            input: [], onDescriptor: 7
        )
        #expect(added.status == 66)
        #expect(lines(added.standardError).first == "safehold: error: failed to read the secret from file descriptor 9: Bad file descriptor")
        #expect(try session.json([ApiKeyRowJSON].self, nil, ["apikey", "list"]).isEmpty)
    }
}
