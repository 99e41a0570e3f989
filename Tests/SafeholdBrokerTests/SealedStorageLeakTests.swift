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

/// Keys whose every value is a distinct marker round trip through check-out. No marker is ever
/// found in a file of the vault: not while the vault is open, not after a WAL checkpoint, not
/// after a rotation retired the version, and not after the key was deleted.
@Suite struct SealedStorageLeakTests {
    /// Keys whose values are distinct markers, with the values the scanner looks for.
    private struct MarkedVault {
        let fixture: BrokerFixture
        let requester: Caller
        let keys: [VaultFixture.StoredKey]
        let scanner: SealedStorageScanner

        /// Every file of the vault directory and the key file.
        var paths: [String] {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: fixture.layout.directory)) ?? []
            return names.map { fixture.layout.directory + "/" + $0 } + [fixture.keyFile]
        }

        func expectNoMarkers(_ stage: Comment, sourceLocation: SourceLocation = #_sourceLocation) {
            let files = paths
            #expect(files.contains(fixture.layout.database), sourceLocation: sourceLocation)
            #expect(files.contains(fixture.layout.wrappedMasterKey), sourceLocation: sourceLocation)
            #expect(scanner.findings(in: files) == [], stage, sourceLocation: sourceLocation)
        }
    }

    /// A 64 KiB value of printable lines, each numbered, so that any slice of it is unique.
    private static let largeValue: [UInt8] = {
        var bytes: [UInt8] = []
        var line = 0
        while bytes.count < 64 * 1024 {
            bytes += Array("large-value line \(line) of the sixty-four KiB client secret\n".utf8)
            line += 1
        }
        return Array(bytes.prefix(64 * 1024))
    }()

    /// Bytes that are not UTF-8: lone continuation bytes, a truncated sequence, 0xff and NUL.
    private static let binaryValue: [UInt8] = [0xff, 0xfe, 0x80, 0xbf, 0xc3, 0x28, 0x00, 0xf0, 0x9f, 0x92] + Array("binary-secret-marker-q8".utf8) + [0xed, 0xa0, 0x80, 0xc0, 0xaf]

    private func markedVault(seed: UInt64) throws -> MarkedVault {
        let fixture = try BrokerFixture(seed: seed)
        let alice = try fixture.user("alice")
        let bob = try fixture.user("bob")
        let admin = fixture.admin
        _ = try fixture.broker.addAsset(name: "vendor", platform: .builtin, connectorPath: nil, by: admin)
        _ = try fixture.broker.addAccount(path: "vendor/app", by: admin)

        let multiLine = Array("multi-line-secret-marker first line\nsecond line of the secret\r\nthird line\n".utf8)
        let keys = [
            VaultFixture.StoredKey(
                path: "vendor/app", name: "full", clientID: Array("client-id-marker-Kp3vQ9".utf8),
                clientSecret: Array("client-secret-marker-Zt7mW2".utf8), clientSecretID: Array("secret-id-marker-Hx4nB6".utf8)
            ),
            VaultFixture.StoredKey(
                path: "vendor/app", name: "empty-id", clientID: Array("client-id-marker-Ee5rT1".utf8),
                clientSecret: Array("client-secret-marker-Uu8yI0".utf8), clientSecretID: []
            ),
            VaultFixture.StoredKey(
                path: "vendor/app", name: "no-id", clientID: Array("client-id-marker-Oo2pA3".utf8),
                clientSecret: multiLine, clientSecretID: nil
            ),
            VaultFixture.StoredKey(
                path: "vendor/app", name: "large", clientID: Array("client-id-marker-Ll6kJ4".utf8),
                clientSecret: Self.largeValue, clientSecretID: Array("secret-id-marker-Gg9fD7".utf8)
            ),
            VaultFixture.StoredKey(
                path: "vendor/app", name: "binary", clientID: Array("client-id-marker-Ss1aZ5".utf8),
                clientSecret: Self.binaryValue, clientSecretID: [0x00, 0x01, 0xfe] + Array("binary-secret-id-marker".utf8)
            ),
        ]
        for key in keys {
            _ = try fixture.broker.addApiKey(path: key.path, name: key.name, values: key.values, by: admin)
        }
        try fixture.policy(scope: ["vendor"], requesters: [alice], approverSets: [([bob], 1)]) { $0.autoApprove = true }

        var markers: [String: [UInt8]] = [:]
        for key in keys {
            markers["\(key.name) client ID"] = key.clientID
            markers["\(key.name) client secret"] = key.clientSecret
            if let secretID = key.clientSecretID, !secretID.isEmpty { markers["\(key.name) client secret ID"] = secretID }
        }
        // The 64 KiB value is looked for by three slices: any copy of it contains all three.
        markers["large client secret"] = nil
        for (index, start) in [0, 32 * 1024, 64 * 1024 - 48].enumerated() {
            markers["large client secret, slice \(index + 1)"] = Array(Self.largeValue[start..<(start + 48)])
        }
        return MarkedVault(fixture: fixture, requester: alice, keys: keys, scanner: SealedStorageScanner(markers: markers))
    }

    /// Checks out the account and compares every revealed value with what was stored.
    private func checkOutAndCompare(_ vault: MarkedVault, sourceLocation: SourceLocation = #_sourceLocation) throws -> RequestID {
        let submitted = try vault.fixture.broker.submitRequest(RequestInput(accountPath: "vendor/app"), by: vault.requester)
        #expect(submitted.request.state == .requestAvailable, sourceLocation: sourceLocation)
        let result = try vault.fixture.broker.checkOut(submitted.request.id.rawValue, by: vault.requester)

        #expect(result.keys.count == vault.keys.count, sourceLocation: sourceLocation)
        for key in vault.keys {
            guard let revealed = result.keys.first(where: { $0.name == key.name }) else {
                Issue.record("key \(key.name) was not revealed", sourceLocation: sourceLocation)
                continue
            }
            #expect(VaultFixture.bytes(revealed.values.clientID) == key.clientID, "client ID of \(key.name)", sourceLocation: sourceLocation)
            #expect(VaultFixture.bytes(revealed.values.clientSecret) == key.clientSecret, "client secret of \(key.name)", sourceLocation: sourceLocation)
            #expect(revealed.values.clientSecretID.map(VaultFixture.bytes) == key.clientSecretID, "client secret ID of \(key.name)", sourceLocation: sourceLocation)
        }
        return submitted.request.id
    }

    @Test func checkedOutValuesRoundTrip() throws {
        let vault = try markedVault(seed: 101)

        let requestID = try checkOutAndCompare(vault)

        // Shown again in the same window, the values are the same, the empty secret ID included.
        let again = try vault.fixture.broker.checkOut(requestID.rawValue, by: vault.requester)
        let empty = try #require(again.keys.first { $0.name == "empty-id" })
        #expect(empty.values.clientSecretID?.count == 0)
        let missing = try #require(again.keys.first { $0.name == "no-id" })
        #expect(missing.values.clientSecretID == nil)
    }

    @Test func noMarkerWhileOpen() throws {
        let vault = try markedVault(seed: 102)
        _ = try checkOutAndCompare(vault)

        #expect(FileManager.default.fileExists(atPath: vault.fixture.layout.database + "-wal"))
        vault.expectNoMarkers("after check-out, before a checkpoint")
    }

    @Test func noMarkerAfterCheckpoint() throws {
        let vault = try markedVault(seed: 103)
        _ = try checkOutAndCompare(vault)

        #expect(try vault.fixture.vault.store.checkpoint())
        vault.expectNoMarkers("after a WAL checkpoint")
    }

    @Test func noMarkerAfterRotation() throws {
        let vault = try markedVault(seed: 104)
        let requestID = try checkOutAndCompare(vault)

        _ = try vault.fixture.broker.act(.checkIn, on: requestID.rawValue, by: vault.requester)
        let versions = try vault.fixture.broker.read { reader in
            try reader.apiKeys(accountID: nil).map { try reader.keyVersions(keyID: $0.id) }
        }
        for keyVersions in versions {
            #expect(keyVersions.map(\.state) == [.retired, .current])
            #expect(keyVersions.first?.sealedValue == nil)
        }
        vault.expectNoMarkers("after a rotation retired version 1")

        #expect(try vault.fixture.vault.store.checkpoint())
        vault.expectNoMarkers("after a rotation and a checkpoint")
    }

    @Test func noMarkerAfterDelete() throws {
        let vault = try markedVault(seed: 105)
        let requestID = try checkOutAndCompare(vault)
        _ = try vault.fixture.broker.act(.checkIn, on: requestID.rawValue, by: vault.requester)

        for key in vault.keys {
            try vault.fixture.broker.deleteApiKey(path: key.path, name: key.name, by: vault.fixture.admin)
        }
        #expect(try vault.fixture.broker.apiKeys(path: nil, by: vault.fixture.admin).isEmpty)
        vault.expectNoMarkers("after the keys were deleted")

        #expect(try vault.fixture.vault.store.checkpoint())
        vault.fixture.vault.close()
        vault.expectNoMarkers("after a checkpoint and close")
    }

    /// The scanner finds a marker in each encoding, so that the tests above can fail.
    @Test func scannerFindsEncodedMarkers() throws {
        let directory = try BrokerFixture.makeTemporaryDirectory()
        defer { BrokerFixture.removeTree(directory) }
        let marker = Array("client-secret-marker-Zt7mW2".utf8)
        let scanner = SealedStorageScanner(markers: ["marker": marker])

        for (index, (encoding, bytes)) in SealedStorageScanner.encodings(of: marker).enumerated() {
            let path = directory + "/file\(index)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(Array("prefix ".utf8) + bytes + Array(" suffix".utf8))))
            #expect(scanner.findings(in: [path]).contains("\(path): marker as \(encoding)"))
        }

        // Encoded behind one and two other bytes, inside a longer base64url text without padding.
        for filler in [[UInt8(7)], [UInt8(7), 8]] {
            let text = Data(filler + marker + [9]).base64EncodedString()
                .replacing("+", with: "-").replacing("/", with: "_").replacing("=", with: "")
            let path = directory + "/shifted\(filler.count)"
            #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
            #expect(scanner.findings(in: [path]).contains("\(path): marker as base64url at offset \(filler.count)"))
        }
    }
}
