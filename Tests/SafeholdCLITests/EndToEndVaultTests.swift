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

/// Administration commands that act on the vault directory or change stored objects in place:
/// `rekey`, `check` and `asset update`.
@Suite struct EndToEndVaultTests {
    @Test func rekeyReplacesKeyFile() throws {
        let service = try ServiceProcess(start: false)
        let newKeyFile = service.directory.file("new.key")

        let rekeyed = try BuiltBinary.run(["rekey", "--vault", service.vault, "--key-file", service.keyFile, "--new-key-file", newKeyFile])
        #expect(rekeyed.status == 0)
        #expect(rekeyed.standardOutput == "Changed the credential that unlocks \(service.vault).\n")

        let withOldKey = try BuiltBinary.run(["rekey", "--vault", service.vault, "--key-file", service.keyFile, "--roll-master-key"])
        #expect(withOldKey.status == 77)
        let withNewKey = try BuiltBinary.run(["rekey", "--vault", service.vault, "--key-file", newKeyFile, "--roll-master-key"])
        #expect(withNewKey.status == 0)
        #expect(withNewKey.standardOutput == "Replaced the master key of \(service.vault) and rewrapped every data key.\n")

        let checked = try BuiltBinary.run(["check", "--vault", service.vault])
        #expect(checked.status == 0)
        #expect(checked.standardOutput.hasPrefix("Vault \(service.vault) is consistent: 0 keys, 0 requests, "))
    }

    /// Without a terminal, init cannot ask for a passphrase and names the options that supply one.
    @Test func initWithoutTerminalExits64() throws {
        let directory = try TemporaryDirectory(prefix: "shi")
        let vault = directory.file("v")
        let result = try runSafehold(["init", "--vault", vault], newSession: true)
        #expect(result.status == 64)
        #expect(lines(result.standardError) == [
            "safehold: error: no terminal to prompt on for the passphrase",
            "hint: pass --passphrase-fd N or --key-file FILE",
        ])
        #expect(access(vault, F_OK) != 0)
    }

    @Test func initRejectsEmptyPassphrase() throws {
        let directory = try TemporaryDirectory(prefix: "shi")
        let vault = directory.file("v")
        let result = try runSafehold(["init", "--vault", vault, "--passphrase-fd", "7"], input: Array("\n".utf8), onDescriptor: 7)
        #expect(result.status == 65)
        #expect(lines(result.standardError).first == "safehold: error: the passphrase read from file descriptor 7 is empty")
        #expect(access(vault, F_OK) != 0)
    }

    @Test func assetUpdateChangesPlatform() throws {
        let session = try EndToEndSession()
        let connector = session.service.directory.file("connector")
        try PrivateFileWriter.write(connector, "#!/bin/sh\ncat >/dev/null\nexit 0\n", mode: 0o755)
        try session.succeed(nil, ["asset", "add", "cache", "--description", "Redis cache"])

        let updated = try session.succeed(nil, ["asset", "update", "cache", "--platform", "exec", "--connector", connector])
        #expect(updated == "Updated asset cache (platform exec, connector \(connector)).\n")
        let assets = try session.json([AssetJSON].self, nil, ["asset", "list"])
        #expect(assets.map(\.platform) == ["exec"])
        #expect(assets.map(\.connectorPath) == [connector])
        #expect(assets.map(\.description) == ["Redis cache"])

        #expect(try session.succeed(nil, ["asset", "update", "cache", "--platform", "builtin"]) == "Updated asset cache (platform builtin).\n")
        #expect(try session.json([AssetJSON].self, nil, ["asset", "list"]).map(\.connectorPath) == [nil])

        let missingConnector = try session.run(nil, ["asset", "update", "cache", "--platform", "exec"])
        #expect(missingConnector.status == 65)
        #expect(lines(missingConnector.standardError).first == "safehold: error: an exec asset needs a connector program")
        let missingAsset = try session.run(nil, ["asset", "update", "nope", "--description", "x"])
        #expect(missingAsset.status == 66)
    }
}
