#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension VaultCheck {
    /// The ids and rows that the request checks look up, read once.
    struct RequestContext {
        var userIDs: Set<UserID>
        var keyIDs: Set<ApiKeyID>
        var accounts: [AccountID: Account]
        var policyIDs: Set<PolicyID>
        var journalRequestIDs: Set<RequestID>
    }

    /// Checks every request against its own history and against the rows it refers to. Nothing
    /// here depends on the current policy, because an administrator may change a policy after
    /// its requests were approved or reviewed.
    static func requestFindings(_ reader: any StoreReader) throws -> ([VaultCheckFinding], Int) {
        let context = RequestContext(
            userIDs: Set(try reader.users().map(\.id)),
            keyIDs: Set(try reader.apiKeys(accountID: nil).map(\.id)),
            accounts: Dictionary(try reader.accounts(assetID: nil).map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
            policyIDs: Set(try reader.policies().map(\.id)),
            journalRequestIDs: Set(try reader.journalEntries(keyID: nil).compactMap(\.requestID))
        )
        let requests = try reader.requests(RequestQuery())
        var findings: [VaultCheckFinding] = []
        for request in requests {
            var problems = stateProblems(request) + participantProblems(request) + timeProblems(request)
            problems += historyProblems(request, history: try reader.history(requestID: request.id))
            problems += referenceProblems(request, context: context)
            findings += problems.map { VaultCheckFinding(.request, ids: [request.id.rawValue], "request \(request.id) \($0)") }
        }
        return (findings, requests.count)
    }

    /// Checks the flags that each state allows and requires, as the workflow sets them.
    static func stateProblems(_ request: AccessRequest) -> [String] {
        let flags = request.flags
        let state = request.state.rawValue
        let ended = flags.wasDenied || flags.wasRevoked || flags.wasExpired
        let owesAcknowledgment = ended && !request.isAcknowledged
        var problems: [String] = []

        switch request.state {
        case .pendingApproval, .approved, .requestAvailable, .apiKeyCheckedOut:
            if ended || flags.wasCancelled { problems.append("is \(state) but is flagged as ended (\(describe(flags)))") }
            if request.isAcknowledged || request.isRemoved { problems.append("is \(state) but is acknowledged or removed") }
            if request.state == .apiKeyCheckedOut && !flags.wasCheckedOut { problems.append("is checked out but not flagged wasCheckedOut") }
            if request.state != .apiKeyCheckedOut && flags.wasCheckedOut { problems.append("is \(state) but flagged wasCheckedOut") }
        case .pendingKeyReset:
            if !flags.wasCheckedOut { problems.append("is rotating its key after check-in but was never checked out") }
            if ended || flags.wasCancelled { problems.append("is rotating its key after check-in but is flagged as ended (\(describe(flags)))") }
        case .pendingAcknowledgment:
            if !owesAcknowledgment { problems.append("awaits acknowledgment but none is owed: it was not denied, revoked or expired, or it was acknowledged") }
        case .pendingReview:
            if !flags.wasCheckedOut { problems.append("awaits review but was never checked out") }
            if owesAcknowledgment { problems.append("awaits review but still owes an acknowledgment, so it should be PendingAcknowledgment") }
        case .complete:
            if owesAcknowledgment { problems.append("is Complete but still owes an acknowledgment") }
        case .closed:
            if request.closeComment == nil { problems.append("is Closed without the administrator's comment") }
        }

        if flags.wasCancelled && (ended || flags.wasCheckedOut) { problems.append("is flagged cancelled and also \(describe(flags))") }
        if flags.wasCancelled && request.state != .complete { problems.append("was cancelled but is \(state), not Complete") }
        if flags.wasDenied && (flags.wasRevoked || flags.wasCheckedOut) {
            problems.append("is flagged denied, which happens only before approval, and also \(describe(flags))")
        }
        if request.isRemoved && !request.isAcknowledged { problems.append("is removed but not acknowledged") }
        if request.isAcknowledged && !ended { problems.append("is acknowledged but was not denied, revoked or expired") }
        if !request.revealedVersions.isEmpty && !flags.wasCheckedOut { problems.append("records revealed key versions but was never checked out") }
        return problems
    }

    /// Checks that approvals and reviews come from distinct people and never from the requester,
    /// and that only requests that were checked out have reviews.
    static func participantProblems(_ request: AccessRequest) -> [String] {
        var problems: [String] = []
        let approvers = request.approvals.map(\.userID)
        let reviewers = request.reviews.map(\.userID)
        if Set(approvers).count != approvers.count { problems.append("counts an approval of the same user twice") }
        if approvers.contains(request.requesterID) { problems.append("counts an approval by its own requester \(request.requesterID)") }
        if Set(reviewers).count != reviewers.count { problems.append("counts a review of the same user twice") }
        if reviewers.contains(request.requesterID) { problems.append("counts a review by its own requester \(request.requesterID)") }
        if !reviewers.isEmpty && !request.flags.wasCheckedOut { problems.append("has reviews but was never checked out") }
        return problems
    }

    /// Checks windows and timestamps: a granted request has a window, a fixed start stays fixed,
    /// and approvals and reviews happen between the request and its last change.
    static func timeProblems(_ request: AccessRequest) -> [String] {
        var problems: [String] = []
        let state = request.state.rawValue
        if request.durationSeconds <= 0 { problems.append("has a duration of \(request.durationSeconds) seconds") }
        if request.updatedAt < request.requestedAt { problems.append("was last changed at \(text(request.updatedAt)), before it was made") }

        switch request.state {
        case .approved:
            if request.requestedStart == nil || request.windowStart != request.requestedStart {
                problems.append("is Approved, which waits for a fixed start, but its window start does not equal its requested start")
            }
        case .requestAvailable, .apiKeyCheckedOut, .pendingKeyReset:
            if request.windowStart == nil { problems.append("is \(state) but has no window start") }
        case .pendingApproval:
            if request.windowStart != nil && request.requestedStart == nil { problems.append("waits for approval but its window has started") }
        default:
            break
        }
        if let start = request.requestedStart, let window = request.windowStart, window != start {
            problems.append("has a fixed start of \(text(start)) but its window starts at \(text(window))")
        }

        let span = request.requestedAt...max(request.requestedAt, request.updatedAt)
        for approval in request.approvals where !span.contains(approval.at) {
            problems.append("has an approval by \(approval.userID) at \(text(approval.at)), outside its lifetime")
        }
        for review in request.reviews where !span.contains(review.at) {
            problems.append("has a review by \(review.userID) at \(text(review.at)), outside its lifetime")
        }
        return problems
    }

    /// Checks what a request refers to by id: users, accounts, policies and keys. Users are never deleted. An
    /// open request keeps its account, policy and revealed keys, because deleting them is refused
    /// while it is open; a final one may outlive them. A request rotating its key after check-in
    /// has a journal entry until the rotation finishes.
    static func referenceProblems(_ request: AccessRequest, context: RequestContext) -> [String] {
        var problems: [String] = []
        for userID in Set(request.approvals.map(\.userID) + request.reviews.map(\.userID)) where !context.userIDs.contains(userID) {
            problems.append("has an approval or review by user \(userID), which does not exist")
        }
        guard !request.state.isFinal else { return problems }

        if let account = context.accounts[request.accountID] {
            if account.assetID != request.assetID {
                problems.append("names asset \(request.assetID), but its account \(request.accountID) belongs to asset \(account.assetID)")
            }
        } else {
            problems.append("is open but its account \(request.accountID) does not exist")
        }
        if !context.policyIDs.contains(request.policyID) { problems.append("is open but its policy \(request.policyID) does not exist") }
        if request.state == .apiKeyCheckedOut || request.state == .pendingKeyReset {
            for keyID in request.revealedVersions.keys.sorted() where !context.keyIDs.contains(keyID) {
                problems.append("revealed key \(keyID), which does not exist")
            }
        }
        if request.state == .pendingKeyReset && !context.journalRequestIDs.contains(request.id) {
            problems.append("is rotating its key after check-in, but no rotation for it is journaled, so it would stay PendingKeyReset for good")
        }
        return problems
    }

    static func describe(_ flags: RequestFlags) -> String {
        let names = [
            (flags.wasDenied, "wasDenied"), (flags.wasRevoked, "wasRevoked"), (flags.wasCancelled, "wasCancelled"),
            (flags.wasExpired, "wasExpired"), (flags.wasCheckedOut, "wasCheckedOut"),
        ].filter(\.0).map(\.1)
        return names.isEmpty ? "no flags" : names.joined(separator: ", ")
    }
}
