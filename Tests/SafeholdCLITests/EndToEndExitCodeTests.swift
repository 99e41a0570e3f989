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

/// The exit statuses that scripts rely on, each provoked as a user would, through the built
/// binary and a real service.
@Suite struct EndToEndExitCodeTests {
    /// A usage error: the offending token, the command's usage line, exit 64.
    struct UsageCase: Sendable, CustomStringConvertible {
        let arguments: [String]
        let message: String
        let usage: String
        var description: String { arguments.joined(separator: " ") }
    }

    static let usageCases = [
        UsageCase(
            arguments: ["requests", "--bogus"], message: "safehold: error: unknown option \"--bogus\"",
            usage: "usage: safehold requests [--state LABEL] [--search TEXT] [--all]"
        ),
        UsageCase(
            arguments: ["request", "pay/billing", "--for"], message: "safehold: error: missing value for option --for",
            usage: "usage: safehold request ASSET/ACCOUNT [--at TIME] [--for DURATION] [--ticket T] [--reason TEXT] [--emergency]"
        ),
        UsageCase(
            arguments: ["request", "pay/billing", "--for", "1h", "--for", "2h"], message: "safehold: error: option --for given more than once",
            usage: "usage: safehold request ASSET/ACCOUNT [--at TIME] [--for DURATION] [--ticket T] [--reason TEXT] [--emergency]"
        ),
        UsageCase(
            arguments: ["details", "4f2c", "extra"], message: "safehold: error: unexpected argument \"extra\"",
            usage: "usage: safehold details ID"
        ),
    ]

    @Test(arguments: usageCases)
    func usageErrorExits64(_ usage: UsageCase) throws {
        let result = try BuiltBinary.run(["--vault", "/nonexistent/vault"] + usage.arguments)
        let errorLines = lines(result.standardError)
        #expect(result.status == 64)
        #expect(errorLines.first == usage.message)
        #expect(errorLines.dropFirst().first == usage.usage)
        #expect(result.standardOutput.isEmpty)
    }

    @Test func verifyOfWrongKeyExits1() throws {
        let session = try EndToEndSession()
        try session.addKey("pay/billing", "main", clientID: "acct", secret: uniqueSecret())
        let result = try session.run(nil, ["verify", "pay/billing"], input: uniqueSecret() + "\n")
        #expect(result.status == 1)
        #expect(result.standardOutput == "invalid: not a current key of pay/billing\n")
    }

    @Test func badKeyObjectExits65() throws {
        let session = try EndToEndSession()
        try session.succeed(nil, ["asset", "add", "pay"])
        try session.succeed(nil, ["account", "add", "pay/billing"])
        let result = try session.run(nil, ["apikey", "add", "pay/billing", "main"], input: "{\"clientId\": \"acct\"}\n")
        #expect(result.status == 65)
        #expect(result.standardError == "safehold: error: the key object has no clientSecret\n")
        #expect(try session.json([ApiKeyRowJSON].self, nil, ["apikey", "list"]).isEmpty)
    }

    @Test func unknownRequestExits66() throws {
        let session = try EndToEndSession(users: ["alice"])
        let result = try session.run("alice", ["details", "0123456789ab"])
        #expect(result.status == 66)
        #expect(lines(result.standardError).first == "safehold: error: request '0123456789ab' not found")
    }

    @Test func stoppedServiceExits69() throws {
        let session = try EndToEndSession()
        session.service.stop()
        let result = try session.run(nil, ["whoami"])
        let errorLines = lines(result.standardError)
        #expect(result.status == 69)
        #expect(errorLines.first == "safehold: error: the safehold service is not running on \(session.service.socket)")
        #expect(errorLines.dropFirst().first?.hasPrefix("hint: start it with `safehold serve --vault \(session.vault)`") == true)
    }

    @Test func requesterAddingUserExits77() throws {
        let session = try EndToEndSession(users: ["alice"])
        let result = try session.run("alice", ["user", "add", "mallory"])
        #expect(result.status == 77)
        #expect(lines(result.standardError).first == "safehold: error: permission denied: only administrators may add users")
        #expect(try session.json([UserJSON].self, nil, ["user", "list"]).contains { $0.name == "mallory" } == false)
    }

    /// A connector that waits for the test keeps the key rotating. A check-out meanwhile must
    /// fail with 75 rather than return a key that is about to be replaced.
    @Test func showWhileRotatingExits75() throws {
        let session = try EndToEndSession(users: ["alice"])
        let connector = session.service.directory.file("slow-connector")
        let gate = session.service.directory.file("gate")
        // The connector finishes once the gate file exists, or after 25 s, within the service's
        // 30 s connector timeout.
        try PrivateFileWriter.write(connector, """
            #!/bin/sh
            cat >/dev/null
            i=0
            while [ ! -e '\(gate)' ] && [ $i -lt 250 ]; do sleep 0.1; i=$((i + 1)); done
            exit 0

            """, mode: 0o755)
        try session.succeed(nil, ["asset", "add", "slow", "--platform", "exec", "--connector", connector])
        try session.addKey("slow/app", "main", clientID: "app", secret: uniqueSecret())
        try session.succeed(nil, ["policy", "add", "slow", "--scope", "slow", "--requesters", "alice", "--auto-approve"])
        let id = try session.request("alice", ["slow/app"])

        let rotation = try SpawnedProcess(
            BuiltBinary.path, ["--vault", session.vault, "rotate", "slow/app"], environment: safeholdEnvironment(),
            actions: [.open("/dev/null", to: 0, flags: O_RDONLY), .open("/dev/null", to: 1, flags: O_WRONLY), .open("/dev/null", to: 2, flags: O_WRONLY)]
        )
        // On any early exit, let the connector finish so that no rotation outlives the test.
        defer { try? PrivateFileWriter.write(gate, "", mode: 0o600) }
        var status = ""
        let deadline = ContinuousClock.now.advanced(by: .seconds(20))
        while status != "rotating" && ContinuousClock.now < deadline {
            status = try session.json([ApiKeyRowJSON].self, nil, ["apikey", "list", "slow/app"]).first?.key.status ?? ""
            usleep(10_000)
        }
        #expect(status == "rotating")

        let shown = try session.run("alice", ["show", id])
        #expect(shown.status == 75)
        #expect(shown.standardOutput.isEmpty)
        #expect(lines(shown.standardError).first == "safehold: error: the key of slow/app is being rotated; retry in a few seconds")
        try PrivateFileWriter.write(gate, "", mode: 0o600)
        #expect(try rotation.wait() == 0)
        #expect(try session.run("alice", ["show", id]).status == 0)
    }
}

/// Writes small files for tests with a given mode.
enum PrivateFileWriter {
    static func write(_ path: String, _ text: String, mode: mode_t) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw TestSupportError("cannot create \(path): errno \(errno)") }
        TestDescriptors.write(Array(text.utf8), to: fd)
        close(fd)
        chmod(path, mode)
    }
}
