#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import SafeholdModel
@testable import SafeholdStore

/// A private temporary directory for one test, removed with everything in it on deinit.
final class TemporaryDirectory {
    let path: String

    init() {
        var template = Array("/tmp/safehold-store-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(created != nil, "mkdtemp failed with errno \(errno)")
        path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    func file(_ name: String) -> String {
        path + "/" + name
    }
}

/// A new vault database in its own temporary directory.
final class TestVault {
    let directory = TemporaryDirectory()
    let store: SQLiteVaultStore

    var path: String { store.path }

    init() throws {
        store = try SQLiteVaultStore.open(path: directory.file("vault.db"), mode: .create)
    }

    deinit {
        store.close()
    }
}

struct TestFailure: Error, Equatable {}

/// Returns the date `milliseconds` after 1970. The store keeps such whole-millisecond dates exactly.
func date(_ milliseconds: Int64) -> Date {
    Date(timeIntervalSince1970: TimeInterval(milliseconds) / 1000)
}

/// Runs `body` and returns the `StoreError` it throws, or nil when it throws none.
func storeError(_ body: () throws -> Void) -> StoreError? {
    do {
        try body()
        return nil
    } catch let error as StoreError {
        return error
    } catch {
        return .sqlite(code: -1, message: "not a StoreError: \(error)", sql: "")
    }
}

enum Fixture {
    static let now = date(1_700_000_000_123)

    static func user(_ id: String, name: String? = nil, osLogin: String? = nil) -> User {
        User(id: UserID(id), name: name ?? "user-\(id)", osLogin: osLogin, createdAt: now)
    }

    static func asset(_ id: String, name: String? = nil) -> Asset {
        Asset(id: AssetID(id), name: name ?? "asset-\(id)", createdAt: now)
    }

    static func account(_ id: String, assetID: String, name: String? = nil) -> Account {
        Account(id: AccountID(id), assetID: AssetID(assetID), name: name ?? "account-\(id)", createdAt: now)
    }

    static func apiKey(_ id: String, accountID: String, name: String? = nil) -> ApiKey {
        ApiKey(id: ApiKeyID(id), accountID: AccountID(accountID), name: name ?? "key-\(id)", createdAt: now, rotatedAt: now)
    }

    static func policy(
        _ id: String, name: String? = nil, requesters: [String] = [], approvers: [String] = [], reviewers: [String] = []
    ) -> Policy {
        Policy(
            id: PolicyID(id), name: name ?? "policy-\(id)", requesterIDs: requesters.map(UserID.init),
            approverSets: [ApproverSet(approverIDs: approvers.map(UserID.init))], reviewerIDs: reviewers.map(UserID.init),
            createdAt: now
        )
    }

    static func request(
        _ id: String, requester: String = "u00000000001", account: String = "c00000000001",
        policy: String = "p00000000001", state: RequestState = .pendingApproval, requestedAt: Date = now,
        isRemoved: Bool = false
    ) -> AccessRequest {
        AccessRequest(
            id: RequestID(id), requesterID: UserID(requester), accountID: AccountID(account),
            assetID: AssetID("a00000000001"), policyID: PolicyID(policy), state: state, requestedAt: requestedAt,
            durationSeconds: 7200, isRemoved: isRemoved, updatedAt: requestedAt
        )
    }

    /// Inserts an asset, an account and a key with ids a00000000001, c00000000001 and k00000000001.
    static func insertKeyChain(_ writer: any StoreWriter) throws {
        try writer.insert(asset("a00000000001"))
        try writer.insert(account("c00000000001", assetID: "a00000000001"))
        try writer.insert(apiKey("k00000000001", accountID: "c00000000001"))
    }
}
