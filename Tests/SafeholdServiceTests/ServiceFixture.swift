#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdClient
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol
import SafeholdSystem
import SafeholdTestSupport
import Synchronization
import Testing

/// A real `safehold serve` on a fresh vault, set up as a security team would: the builtin asset
/// `svc` with accounts `acct0`, `acct1`, ..., each holding one API key `main` with random values;
/// the requester alice, the approver bob and the auditor erin, each with a token file; and the
/// policy `p`, by which alice may request every account of `svc` with one approval from bob.
///
/// Every secret that the test puts into the service or gets out of it is kept, so that
/// `expectLogHasNoSecrets()` can check the service's stderr for each of them.
final class ServiceFixture: Sendable {
    let service: ServiceProcess
    let clientIDs: [String]
    let clientSecrets: [String]
    private let secrets: Mutex<[String]>

    init(
        accounts: Int = 1, policyArguments: [String] = [], serveArguments: [String] = [], socket: String? = nil
    ) throws {
        service = try ServiceProcess(extraServeArguments: serveArguments, socket: socket)
        clientIDs = (0..<accounts).map { _ in "cid-" + Self.randomHex() }
        clientSecrets = (0..<accounts).map { _ in "sec-" + Self.randomHex() + Self.randomHex() }
        secrets = Mutex(clientIDs + clientSecrets)

        for user in ["alice", "bob"] {
            try service.addUser(user)
        }
        try service.addUser("erin", flags: ["--auditor"])
        for user in ["alice", "bob", "erin"] {
            let token = try PrivateFile.read(service.tokenFile(user), limit: 4096)
            remember(String(decoding: token.filter { $0 != UInt8(ascii: "\n") }, as: UTF8.self))
        }

        let lines = (0..<accounts).map { index in
            #"{"asset":"svc","account":"acct\#(index)","key":"main","clientId":"\#(clientIDs[index])","clientSecret":"\#(clientSecrets[index])"}"#
        }
        let keysFile = service.directory.file("keys.jsonl")
        try PrivateFile.create(keysFile, contents: Array((lines.joined(separator: "\n") + "\n").utf8), mode: 0o600)
        try succeed(service.admin(["apikey", "import", keysFile]), "apikey import")
        try succeed(
            service.admin(["policy", "add", "p", "--scope", "svc", "--requesters", "alice", "--approvers", "bob"] + policyArguments),
            "policy add"
        )
    }

    /// Adds `value` to the secrets that the service's log must not contain.
    func remember(_ value: String) {
        secrets.withLock { $0.append(value) }
    }

    /// Returns standard output of a run that must succeed, or throws with its standard error.
    @discardableResult
    func succeed(_ run: BuiltBinary.Run, _ command: String) throws -> String {
        guard run.status == 0 else {
            throw TestSupportError("safehold \(command) exited with \(run.status): \(run.standardError)")
        }
        return run.standardOutput
    }

    /// Makes a request as alice with the CLI and returns its id.
    func request(account: Int = 0, arguments: [String] = []) throws -> String {
        let output = try succeed(service.run(as: "alice", ["request", "svc/acct\(account)", "--json"] + arguments), "request")
        return try JSONDecoder().decode(RequestLine.self, from: Data(output.utf8)).request.id
    }

    /// The request's state and flags, as alice sees them in `details --json`.
    func details(_ id: String) throws -> RequestLine.Request {
        let output = try succeed(service.run(as: "alice", ["details", id, "--json"]), "details")
        return try JSONDecoder().decode(RequestDetailsLine.self, from: Data(output.utf8)).summary.request
    }

    /// A protocol client that authenticates as `user` with its token file.
    func client(as user: String) throws -> ServiceClient {
        ServiceClient(socketPath: service.socket, token: try TokenSource(contentsOf: service.tokenFile(user)))
    }

    /// Events of `action`, read by the auditor erin with `audit --action ACTION --json`.
    func auditEvents(_ action: String) throws -> [AuditLine] {
        let output = try succeed(service.run(as: "erin", ["audit", "--action", action, "--json"]), "audit --action \(action)")
        return try output.split(separator: "\n").map { line in
            try JSONDecoder().decode(AuditLine.self, from: Data(line.utf8))
        }
    }

    /// Whether `safehold verify` accepts `secret` as a current client secret of `svc/acctN`.
    func verifies(_ secret: String, account: Int = 0) throws -> Bool {
        let run = try service.admin(["verify", "svc/acct\(account)"], input: secret)
        guard run.status == 0 || run.status == 1 else {
            throw TestSupportError("safehold verify exited with \(run.status): \(run.standardError)")
        }
        return run.status == 0
    }

    /// Checks the service's stderr for every remembered secret: as is, in base64 and in hex.
    func expectLogHasNoSecrets(sourceLocation: SourceLocation = #_sourceLocation) {
        let log = service.log()
        #expect(!log.isEmpty, "the service wrote no log", sourceLocation: sourceLocation)
        for secret in secrets.withLock({ $0 }) {
            let bytes = Data(secret.utf8)
            let hex = bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            for form in [secret, bytes.base64EncodedString(), hex, hex.uppercased()] {
                #expect(!log.contains(form), "the service log contains a secret value", sourceLocation: sourceLocation)
            }
        }
    }

    private static func randomHex() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 16)
    }
}

/// The fields of a request summary that the tests read from `--json` output.
struct RequestLine: Decodable {
    struct Request: Decodable {
        var id: String
        var state: String
        var flags: [String: Bool]
    }

    var request: Request
}

/// The part of `details --json` that holds the request.
struct RequestDetailsLine: Decodable {
    var summary: RequestLine
}

/// The fields of an audit event that the tests check.
struct AuditLine: Decodable {
    var action: String
    /// Milliseconds since 1970.
    var at: Int64
    var actorID: String?
    var actorUID: Int?
    var actorPID: Int?
    var comment: String?
    var targets: [String: String]?
}
