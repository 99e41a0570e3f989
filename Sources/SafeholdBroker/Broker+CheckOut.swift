#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

/// One key as a check-out reveals it.
public struct RevealedKey: Sendable {
    public var name: String
    public var description: String
    public var version: Int
    public var values: ApiKeyValues
}

/// What a check-out returns: the request after it, and every API key of its account.
public struct CheckOutResult: Sendable {
    public var summary: RequestSummary
    public var keys: [RevealedKey]
}

extension Broker {
    /// Checks out a request's account: only the requester, only while the request is Available
    /// or checked out and inside its window, and never while a key of the account rotates.
    /// Returns every API key of the account.
    ///
    /// The values are opened inside the write transaction that records the check-out (so they
    /// match the versions it records) and are returned only after that transaction, with its
    /// audit events, has committed. If an event cannot be written or the commit fails, the
    /// opened values are dropped, which wipes them, and the caller gets `notRecorded` instead.
    public func checkOut(_ requestText: String, by caller: Caller) throws(BrokerError) -> CheckOutResult {
        let now = clock.now()
        var requestID = requestText
        let outcome: Result<(RequestSummary, [RevealedKey], Aftermath), BrokerError>
        do {
            outcome = try openAndRecord(requestText, requestID: &requestID, by: caller, now: now)
        } catch let error as BrokerError {
            recordRejection(of: error, action: "checkOut", by: caller, targets: ["request": requestID])
            throw error
        } catch let error as StoreError where error != .busy {
            log.error("check-out not recorded", ["request": requestID, "error": "\(error)"])
            throw .notRecorded(
                "request \(requestID) was not checked out because its audit event could not be written. No key was revealed: "
                    + "Safehold reveals a key only after its check-out is recorded. Ask an administrator to check the service log."
            )
        } catch {
            throw BrokerError.from(error)
        }

        switch outcome {
        case let .failure(error):
            recordRejection("checkOut", by: caller, targets: ["request": requestID], reason: error.description)
            throw error
        case let .success((summary, keys, aftermath)):
            carryOut(aftermath)
            return CheckOutResult(summary: try summaryAfter(aftermath, of: summary), keys: keys)
        }
    }

    /// Runs the write transaction of a check-out: the workflow's decision, the opened values and
    /// the audit events. A workflow rejection is returned, not thrown, so that it can be recorded in
    /// a transaction of its own.
    private func openAndRecord(
        _ requestText: String, requestID: inout String, by caller: Caller, now: Date
    ) throws -> Result<(RequestSummary, [RevealedKey], Aftermath), BrokerError> {
        try store.write { writer in
            let request = try request(requestText, in: writer)
            requestID = request.id.rawValue
            guard let policy = try writer.policy(id: request.policyID) else {
                throw BrokerError.internalError(detail: "policy \(request.policyID) of request \(request.id) is missing")
            }

            var transition: Transition
            switch RequestWorkflow.apply(.checkOut, to: request, policy: policy, actor: caller.user, now: now) {
            case let .failure(rejection): return .failure(Self.brokerError(rejection))
            case let .success(accepted): transition = accepted
            }

            let keys = try writer.apiKeys(accountID: request.accountID)
            if keys.contains(where: { $0.status == .rotating }) {
                return .failure(.rotating(account: try accountPath(request.accountID, in: writer)))
            }
            if let changed = keys.first(where: { key in request.revealedVersions[key.id].map { $0 != key.currentVersion } ?? false }),
               !policy.showAgainAfterChange {
                return .failure(.rejected(
                    "the key \(changed.name) changed since request \(request.id) checked it out, and policy \(policy.name) does not allow showing it again",
                    kind: .conflict, hint: "check in with `safehold checkin \(request.id)` and request the account again"
                ))
            }

            var revealed: [RevealedKey] = []
            var revealedVersions = transition.request.revealedVersions
            var hashInput = Data()
            for key in keys.sorted(by: { $0.name < $1.name }) {
                guard let version = try writer.keyVersion(keyID: key.id, version: key.currentVersion) else { continue }
                let values = try ApiKeySealing.open(version, masterKey: masterKey)
                revealed.append(RevealedKey(name: key.name, description: key.description, version: key.currentVersion, values: values))
                revealedVersions[key.id] = key.currentVersion
                hashInput.append(audit.valueHash(of: values.clientSecret))
            }
            transition.request.revealedVersions = revealedVersions

            let aftermath = try store(transition, isNew: false, policy: policy, caller: caller, now: now, in: writer)
            try audit.record(
                "keysRevealed", by: caller,
                targets: ["request": request.id.rawValue, "account": request.accountID.rawValue,
                          "keys": revealed.map { "\($0.name)@\($0.version)" }.joined(separator: ",")],
                valueHash: Blake2b.hash256(hashInput), at: now, in: writer
            )
            return .success((try summary(of: transition.request, policy: policy, in: writer), revealed, aftermath))
        }
    }
}
