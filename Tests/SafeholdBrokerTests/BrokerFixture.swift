#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
@testable import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// A real vault in its own temporary directory, opened with a key file, and a broker on it with
/// a manual clock. Each test makes its own, so tests run in parallel without sharing files.
final class BrokerFixture: @unchecked Sendable {
    static let start = Date(timeIntervalSince1970: 1_780_000_000)

    let directory: String
    let layout: VaultLayout
    let keyFile: String
    let clock: ManualTimeSource
    let random: any RandomSource
    let vault: OpenedVault
    let broker: Broker
    let admin: Caller

    init(seed: UInt64 = 1, targets: RotationTargets = RotationTargets(), options: BrokerOptions = BrokerOptions(), notifications: NotificationSink = NotificationSink()) throws {
        directory = try Self.makeTemporaryDirectory()
        layout = VaultLayout(directory: directory + "/vault")
        keyFile = directory + "/vault.key"
        clock = ManualTimeSource(Self.start)
        random = DeterministicRandomSource(seed: seed)
        let administrator = User(id: UserID("aaaaaaaaaaaa"), name: "admin", osLogin: "root", isAdministrator: true, createdAt: clock.now())
        try Vault.initialize(layout: layout, protection: .keyFile(path: keyFile), administrator: administrator, random: random)
        vault = try Vault.open(layout: layout, unlock: .keyFile(path: keyFile), random: random)
        broker = Broker(vault: vault, clock: clock, random: random, options: options, targets: targets, notifications: notifications)
        admin = Caller(user: administrator, uid: 0, pid: 1)
    }

    deinit {
        vault.close()
        Self.removeTree(directory)
    }

    /// Adds an enabled user and returns it as a caller.
    func user(_ name: String, administrator: Bool = false, auditor: Bool = false) throws -> Caller {
        Caller(user: try broker.addUser(name: name, isAdministrator: administrator, isAuditor: auditor, by: admin), uid: 1000, pid: 2)
    }

    /// Adds `asset/account` with one key named `api` whose client secret is `secret`.
    @discardableResult
    func account(_ path: String, secret: String = "initial-secret", platform: Platform = .builtin, connector: String? = nil) throws -> ApiKey {
        let (asset, _) = try NameRules.splitAccountPath(path)
        if try broker.assets(by: admin).first(where: { $0.name == asset }) == nil {
            _ = try broker.addAsset(name: asset, platform: platform, connectorPath: connector, by: admin)
        }
        _ = try broker.addAccount(path: path, by: admin)
        return try broker.addApiKey(path: path, name: "api", values: Self.values(secret), by: admin)
    }

    /// A policy over `scope` for `requesters`, with one approver set per entry of `approverSets`.
    func policy(
        _ name: String = "default", scope: [String], requesters: [Caller], approverSets: [([Caller], Int)],
        reviewers: [Caller] = [], reviews: Int = 0, configure: (inout PolicySpec) -> Void = { _ in }
    ) throws {
        var spec = PolicySpec(name: name)
        spec.scope = scope
        spec.requesters = requesters.map(\.user.name)
        spec.approverSets = approverSets.map { .init(approvers: $0.0.map(\.user.name), requiredApprovals: $0.1) }
        spec.reviewers = reviewers.map(\.user.name)
        spec.requiredReviews = reviews
        configure(&spec)
        _ = try broker.addPolicy(spec, by: admin)
    }

    static func values(_ secret: String, clientID: String = "client-id", secretID: String? = nil) -> ApiKeyValues {
        ApiKeyValues(
            clientID: SecretBytes(copying: Array(clientID.utf8)), clientSecret: SecretBytes(copying: Array(secret.utf8)),
            clientSecretID: secretID.map { SecretBytes(copying: Array($0.utf8)) }
        )
    }

    static func secret(_ text: String) -> SecretBytes {
        SecretBytes(copying: Array(text.utf8))
    }

    static func text(_ secret: SecretBytes) -> String {
        secret.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    static func makeTemporaryDirectory() throws -> String {
        var template = Array("/tmp/safehold-test-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw BrokerError.internalError(detail: "mkdtemp failed") }
        return String(decoding: UnsafeRawBufferPointer(start: made, count: strlen(made)), as: UTF8.self)
    }

    static func removeTree(_ path: String) {
        _ = try? FileManager.default.removeItem(atPath: path)
    }
}
