#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel

/// The `exec` platform's target: runs the asset's connector program through `ConnectorRunner`,
/// with the asset's connector settings as the `settings` member of its input, and translates its
/// outcome for the rotation journal.
public struct ExecKeyChangeTarget: KeyChangeTarget {
    public var timeout: Duration

    public init(timeout: Duration = .seconds(30)) {
        self.timeout = timeout
    }

    public func change(_ change: KeyChange) -> KeyChangeOutcome {
        switch run(.change, change) {
        case let .success(.applied(minted)):
            return .applied(minted: minted.map {
                ApiKeyValues(clientID: $0.clientId, clientSecret: $0.clientSecret, clientSecretID: $0.clientSecretId)
            })
        case let .success(.accountMissing(detail)): return .accountMissing(detail)
        case let .success(.rejected(detail)): return .rejected(detail)
        case let .success(.failed(detail)): return .failed(detail)
        case .success(.timedOut): return .failed("the connector timed out after \(timeout) and was killed")
        case .success(.accepted): return .failed("the connector answered a change as if it were a check")
        case let .failure(error): return .failed(error.description)
        }
    }

    public func check(_ change: KeyChange) -> KeyCheckOutcome {
        switch run(.check, change) {
        case .success(.accepted(which: .new)): return .acceptsCandidate
        case .success(.accepted(which: .current)): return .acceptsCurrent
        case let .success(.accountMissing(detail)): return .accountMissing(detail)
        case let .success(.failed(detail)): return .unknown(detail)
        case .success(.timedOut): return .unknown("the connector timed out after \(timeout) and was killed")
        case .success: return .unknown("the connector answered a check as if it were a change")
        case let .failure(error): return .unknown(error.description)
        }
    }

    private func run(_ action: ConnectorRequest.Action, _ change: KeyChange) -> Result<ConnectorOutcome, ConnectorError> {
        guard let path = change.asset.connectorPath else {
            return .success(.accountMissing("asset \(change.asset.name) has no connector program"))
        }
        let request = ConnectorRequest(
            action: action, asset: change.asset.name, account: change.account.name, key: change.key.name,
            current: credentials(change.current), new: credentials(change.candidate), settings: change.settings
        )
        let runner = ConnectorRunner(path: path, timeout: timeout)
        return Result { () throws(ConnectorError) in try runner.run(request) }
    }

    private func credentials(_ values: ApiKeyValues) -> ConnectorCredentials {
        ConnectorCredentials(clientId: values.clientID, clientSecret: values.clientSecret, clientSecretId: values.clientSecretID)
    }
}
