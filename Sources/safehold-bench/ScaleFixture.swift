#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// The large data set: `keyCount` keys, ten per account and a hundred accounts per asset, with
/// one open request per account (100,000 for a million keys). Each asset has its own policy with
/// ten requesters, two approvers and two reviewers, so a requester owns ten requests, an approver
/// can approve forty and a reviewer can review twenty.
///
/// Keys go through the product's import (`Broker.importApiKeys`: sealing, audit event per key) in
/// transactions of `importChunk` keys. Users, policies and requests are inserted through the store
/// in large transactions, which is faster than the workflow and gives the same rows.
final class ScaleFixture {
    static let keysPerAccount = 10
    static let accountsPerAsset = 100
    static let requestersPerPolicy = 10
    static let importChunk = 5000

    let bench: BenchVault
    let keyCount: Int
    var requesters: [Caller] = []
    var approvers: [Caller] = []
    var reviewers: [Caller] = []
    var requestCount = 0
    /// Size of the database files before and after the key import, in bytes.
    var sizeBeforeKeys = 0
    var sizeAfterKeys = 0

    private let now = Date()
    private var random = SplitMix(seed: 0x5afe_401d)

    init(keyCount: Int) throws {
        self.keyCount = keyCount
        bench = try BenchVault(label: "scale")
    }

    var assetCount: Int { keyCount / Self.keysPerAccount / Self.accountsPerAsset }

    func build() throws {
        sizeBeforeKeys = try databaseSize()
        try importKeys()
        sizeAfterKeys = try databaseSize()
        try insertUsersAndPolicies()
        try insertRequests()
        bench.broker.signCheckpoint()
    }

    /// Size of the database, its write-ahead log and shared memory file after a checkpoint.
    func databaseSize() throws -> Int {
        try bench.vault.store.checkpoint()
        let path = bench.layout.database
        return BenchSupport.fileSize(path) + BenchSupport.fileSize(path + "-wal") + BenchSupport.fileSize(path + "-shm")
    }

    static func hexID(_ prefix: Character, _ number: Int) -> String {
        let digits = String(number, radix: 16)
        return String(prefix) + String(repeating: "0", count: max(0, 11 - digits.count)) + digits
    }

    static func assetName(_ index: Int) -> String { "asset-\(index)" }
    static func accountName(_ index: Int) -> String { "account-\(index)" }

    // MARK: - Keys

    private func importKeys() throws {
        let accounts = keyCount / Self.keysPerAccount
        var rows: [UInt8] = []
        var keysInChunk = 0
        for account in 0..<accounts {
            let asset = Self.assetName(account / Self.accountsPerAsset)
            let name = Self.accountName(account % Self.accountsPerAsset)
            for key in 0..<Self.keysPerAccount {
                rows += Array("\(asset),\(name),key-\(key),client-\(account)-\(key),".utf8)
                rows += random.secret(length: 40)
                rows.append(0x0a)
                keysInChunk += 1
            }
            if keysInChunk >= Self.importChunk || account == accounts - 1 {
                try importChunk(rows)
                rows.removeAll(keepingCapacity: true)
                keysInChunk = 0
                if (account + 1) % (accounts / 10 == 0 ? 1 : accounts / 10) == 0 {
                    BenchSupport.progress("imported \((account + 1) * Self.keysPerAccount) of \(keyCount) keys")
                }
            }
        }
    }

    private func importChunk(_ rows: [UInt8]) throws {
        var content = Array("asset,account,key,client_id,client_secret\n".utf8) + rows
        defer { for index in content.indices { content[index] = 0 } }
        let secret = SecretBytes(copying: content)
        _ = try bench.broker.importApiKeys(content: secret, format: .csv, update: false, by: bench.admin)
    }

    // MARK: - Users and policies

    private func insertUsersAndPolicies() throws {
        var users: [User] = []
        var policies: [Policy] = []
        let assets = try bench.vault.store.read { reader in try reader.assets() }
        let assetsByName = Dictionary(uniqueKeysWithValues: assets.map { ($0.name, $0) })

        for index in 0..<assetCount {
            guard let asset = assetsByName[Self.assetName(index)] else { throw BenchError("asset \(index) is missing after the import") }
            let policyRequesters = (0..<Self.requestersPerPolicy).map { user(Self.hexID("r", index * Self.requestersPerPolicy + $0)) }
            let policyApprovers = (0..<2).map { user(Self.hexID("p", index * 2 + $0)) }
            let policyReviewers = (0..<2).map { user(Self.hexID("v", index * 2 + $0)) }
            users += policyRequesters + policyApprovers + policyReviewers
            policies.append(Policy(
                id: PolicyID(Self.hexID("y", index)), name: "policy-\(index)", scopeAssetIDs: [asset.id],
                requesterIDs: policyRequesters.map(\.id), approverSets: [ApproverSet(approverIDs: policyApprovers.map(\.id))],
                reviewerIDs: policyReviewers.map(\.id), requiredReviews: 1, createdAt: now
            ))
        }

        try bench.vault.store.write { writer in
            for user in users { try writer.insert(user) }
            for policy in policies { try writer.insert(policy) }
        }
        let callers = users.map { Caller(user: $0) }
        requesters = callers.filter { $0.user.id.rawValue.hasPrefix("r") }
        approvers = callers.filter { $0.user.id.rawValue.hasPrefix("p") }
        reviewers = callers.filter { $0.user.id.rawValue.hasPrefix("v") }
    }

    private func user(_ id: String) -> User {
        User(id: UserID(id), name: "user-\(id)", createdAt: now)
    }

    // MARK: - Requests

    private func insertRequests() throws {
        let (accounts, keysByAccount) = try bench.vault.store.read { reader in
            let accounts = try reader.accounts(assetID: nil)
            var keys: [AccountID: [ApiKeyID]] = [:]
            for account in accounts where Self.isCheckedOut(Int(account.name.dropFirst("account-".count)) ?? 0) {
                keys[account.id] = try reader.apiKeys(accountID: account.id).map(\.id)
            }
            return (accounts, keys)
        }
        let assets = try bench.vault.store.read { reader in try reader.assets() }
        let assetIndex = Dictionary(uniqueKeysWithValues: assets.map { ($0.id, Int($0.name.dropFirst("asset-".count)) ?? 0) })

        var batch: [(AccessRequest, Date?)] = []
        for account in accounts {
            guard let policyIndex = assetIndex[account.assetID] else { continue }
            let slot = Int(account.name.dropFirst("account-".count)) ?? 0
            batch.append(request(account: account, policyIndex: policyIndex, slot: slot, keys: keysByAccount[account.id] ?? []))
            if batch.count == 20_000 {
                try insert(batch)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try insert(batch)
    }

    private func insert(_ requests: [(AccessRequest, Date?)]) throws {
        guard !requests.isEmpty else { return }
        try bench.vault.store.write { writer in
            for (request, deadline) in requests { try writer.insert(request, deadline: deadline) }
        }
        requestCount += requests.count
        BenchSupport.progress("inserted \(requestCount) requests")
    }

    /// Slots 6 to 9 of every hundred were checked out: 6 and 7 are still, 8 and 9 wait for review.
    private static func isCheckedOut(_ slot: Int) -> Bool {
        slot % 10 >= 6
    }

    /// Builds the request on the account in `slot` of its asset. Of every ten slots, 0-3 wait for
    /// approval, 4-5 are Available, 6-7 are checked out and 8-9 wait for review.
    private func request(account: Account, policyIndex: Int, slot: Int, keys: [ApiKeyID]) -> (AccessRequest, Date?) {
        let requester = requesters[policyIndex * Self.requestersPerPolicy + slot % Self.requestersPerPolicy]
        let approver = approvers[policyIndex * 2]
        let requestedAt = now.addingTimeInterval(-Double(slot * 60 + policyIndex % 60))
        let windowStart = requestedAt.addingTimeInterval(300)
        let duration = 2 * 3600
        let state: RequestState = switch slot % 10 {
        case 0...3: .pendingApproval
        case 4...5: .requestAvailable
        case 6...7: .apiKeyCheckedOut
        default: .pendingReview
        }

        var flags = RequestFlags()
        flags.wasCheckedOut = Self.isCheckedOut(slot)
        let approved = state != .pendingApproval
        let request = AccessRequest(
            id: RequestID(Self.hexID("q", policyIndex * Self.accountsPerAsset + slot)), requesterID: requester.id,
            accountID: account.id, assetID: account.assetID, policyID: PolicyID(Self.hexID("y", policyIndex)), state: state,
            requestedAt: requestedAt, windowStart: approved ? windowStart : nil, durationSeconds: duration,
            ticketNumber: "CHG-\(policyIndex)-\(slot)", reason: "scheduled maintenance", flags: flags,
            approvals: approved ? [Approval(userID: approver.id, setIndex: 0, at: windowStart)] : [],
            revealedVersions: Dictionary(uniqueKeysWithValues: keys.map { ($0, 1) }), updatedAt: requestedAt
        )
        let deadline: Date? = switch state {
        case .pendingApproval: requestedAt.addingTimeInterval(24 * 3600)
        case .pendingReview: nil
        default: windowStart.addingTimeInterval(Double(duration))
        }
        return (request, deadline)
    }
}

/// A fast deterministic generator for fixture secrets; they need to differ, not to be secure.
struct SplitMix {
    private var state: UInt64
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9e37_79b9_7f4a_7c15
        var value = state
        value = (value ^ (value >> 30)) &* 0xbf58_476d_1ce4_e5b9
        value = (value ^ (value >> 27)) &* 0x94d0_49bb_1331_11eb
        return value ^ (value >> 31)
    }

    mutating func secret(length: Int) -> [UInt8] {
        (0..<length).map { _ in Self.alphabet[Int(next() % UInt64(Self.alphabet.count))] }
    }
}
