#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol

extension ServiceHandler {
    /// Routes the access-request operations, check-out, the audit trail and completion.
    func routeRequests(_ header: RequestHeader, frame: Data, caller: Caller) throws -> Data {
        switch header.operation {
        case .create:
            return try run(header, frame, RequestInput.self) { input in try broker.submitRequest(input, by: caller) }
        case .myRequests:
            return try run(header, frame, MyRequestsParams.self) { params in
                try broker.myRequests(
                    states: params.states.map(Set.init), search: params.search, includeRemoved: params.includeRemoved,
                    everyone: params.everyone, by: caller
                )
            }
        case .details:
            return try run(header, frame, RequestIDParams.self) { params in try broker.details(params.id, by: caller) }
        case .actionableApprovals:
            return try run(header, frame, SearchParams.self) { params in try broker.approvals(search: params.search, by: caller) }
        case .actionableReviews:
            return try run(header, frame, SearchParams.self) { params in try broker.reviews(search: params.search, by: caller) }

        case .approve: return try runEach(header, frame, caller, .approve)
        case .deny: return try runEach(header, frame, caller, .deny)
        case .revoke: return try runEach(header, frame, caller, .revoke)
        case .review: return try runEach(header, frame, caller, .review)
        case .cancel: return try runEach(header, frame, caller, .cancel)
        case .close: return try runEach(header, frame, caller, .close)
        case .acknowledge: return try runEach(header, frame, caller, .remove)
        case .checkIn: return try runEach(header, frame, caller, .checkIn)
        case .resubmit:
            return try run(header, frame, RequestIDParams.self) { params in try broker.resubmit(params.id, by: caller) }

        case .checkOutApiKeys:
            return try run(header, frame, RequestIDParams.self) { params in
                let result = try broker.checkOut(params.id, by: caller)
                let keys = result.keys.map { key in
                    WireRevealedKey(
                        name: key.name, description: key.description, version: key.version,
                        values: WireApiKeyValues(
                            clientId: WireSecret(key.values.clientID), clientSecret: WireSecret(key.values.clientSecret),
                            clientSecretId: key.values.clientSecretID.map(WireSecret.init)
                        )
                    )
                }
                return SafeholdProtocol.CheckOutResult(
                    requestId: result.summary.request.id.rawValue, accountPath: result.summary.accountPath, keys: keys
                )
            }

        case .auditList:
            return try run(header, frame, AuditFilter.self) { filter in try broker.auditEvents(filter, by: caller) }
        case .auditVerify:
            return try run(header, frame, EmptyPayload.self) { _ in try broker.verifyAuditTrail(by: caller) }
        case .auditExport:
            return try run(header, frame, EmptyPayload.self) { _ in try broker.exportAuditTrail(by: caller) }
        case .auditPublicKey:
            return try run(header, frame, EmptyPayload.self) { _ in AuditPublicKeyResult(publicKey: broker.auditPublicKey.base64EncodedString()) }

        case .complete:
            return try run(header, frame, CompletionParams.self) { params in
                CompletionResult(words: try broker.completionWords(params.kind, by: caller))
            }

        default:
            throw BrokerError.invalidInput("operation \(header.operation.rawValue) is not handled by this service")
        }
    }

    /// Applies one action to each listed request on its own, so that one failure does not hide
    /// the others' results.
    private func runEach(_ header: RequestHeader, _ frame: Data, _ caller: Caller, _ action: WorkflowAction) throws -> Data {
        try run(header, frame, RequestActionParams.self) { params in
            guard !params.ids.isEmpty else {
                throw BrokerError.invalidInput("no request id given", hint: "pass one or more request ids")
            }
            var succeeded: [RequestSummary] = []
            var failed: [RequestActionResult.Failure] = []
            for id in params.ids {
                do {
                    succeeded.append(try broker.act(action, on: id, comment: params.comment, by: caller))
                } catch let error as BrokerError {
                    let wire = Self.wireError(error)
                    failed.append(.init(id: id, code: wire.code, message: wire.message, hint: wire.hint))
                } catch {
                    logger.error("request action failed", ["request": id, "error": "\(error)"])
                    failed.append(.init(id: id, code: .internalError, message: "internal error", hint: nil))
                }
            }
            return RequestActionResult(succeeded: succeeded, failed: failed)
        }
    }
}
