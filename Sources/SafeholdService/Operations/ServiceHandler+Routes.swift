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
    /// Calls the broker operation that `header.operation` names. Authorization happens inside
    /// the broker, on every path.
    func route(_ header: RequestHeader, frame: Data, caller: Caller, method: String) throws -> Data {
        switch header.operation {
        case .me:
            return try run(header, frame, EmptyPayload.self) { _ in MeResult(user: caller.user, authenticatedBy: method) }

        case .userAdd:
            return try run(header, frame, UserAddParams.self) { params in
                try broker.addUser(
                    name: params.name, osLogin: params.osLogin, email: params.email,
                    isAdministrator: params.isAdministrator, isAuditor: params.isAuditor, by: caller
                )
            }
        case .userList:
            return try run(header, frame, EmptyPayload.self) { _ in try broker.users(by: caller) }
        case .userUpdate:
            return try run(header, frame, UserUpdateParams.self) { params in
                try broker.updateUser(name: params.name, changes: params.changes, by: caller)
            }

        case .tokenCreate:
            return try run(header, frame, NameParams.self) { params in
                let (token, text) = try broker.createToken(for: params.name, by: caller)
                return TokenCreateResult(token: token, text: WireSecret(text))
            }
        case .tokenList:
            return try run(header, frame, OptionalNameParams.self) { params in try broker.tokens(of: params.name, by: caller) }
        case .tokenRevoke:
            return try run(header, frame, NameParams.self) { params in try broker.revokeToken(id: params.name, by: caller) }

        case .assetAdd:
            return try run(header, frame, AssetAddParams.self) { params in
                try broker.addAsset(
                    name: params.name, platform: params.platform, connectorPath: params.connectorPath,
                    description: params.description, by: caller
                )
            }
        case .assetList:
            return try run(header, frame, EmptyPayload.self) { _ in try broker.assets(by: caller) }
        case .assetUpdate:
            // Authorize first, so that only an administrator learns that the change is unsupported.
            try broker.requireAdministrator(caller, to: "change assets")
            throw BrokerError.invalidInput("changing an asset is not supported yet", hint: "delete and add it again")
        case .assetDelete:
            return try run(header, frame, NameParams.self) { params in
                try broker.deleteAsset(name: params.name, by: caller)
                return EmptyPayload()
            }

        case .accountAdd:
            return try run(header, frame, AccountParams.self) { params in
                try broker.addAccount(path: params.path, description: params.description, by: caller)
            }
        case .accountList:
            return try run(header, frame, OptionalNameParams.self) { params in
                try broker.accounts(assetName: params.name, by: caller).map { AccountRow(asset: $0.asset, account: $0.account) }
            }
        case .accountDelete:
            return try run(header, frame, AccountParams.self) { params in
                try broker.deleteAccount(path: params.path, by: caller)
                return EmptyPayload()
            }

        case .apiKeyAdd:
            return try run(header, frame, ApiKeyAddParams.self) { params in
                try broker.addApiKey(
                    path: params.path, name: params.name, description: params.description, format: params.format ?? .default,
                    values: Self.values(params.values), by: caller
                )
            }
        case .apiKeyList:
            return try run(header, frame, KeyParams.self) { params in
                try broker.apiKeys(path: params.path, by: caller).map { ApiKeyRow(path: $0.path, key: $0.key) }
            }
        case .apiKeyDelete:
            return try run(header, frame, KeyParams.self) { params in
                try broker.deleteApiKey(path: params.path ?? "", name: params.key ?? "", by: caller)
                return EmptyPayload()
            }
        case .apiKeyImport:
            return try run(header, frame, ApiKeyImportParams.self) { params in
                guard let format = ApiKeyImportFormat(rawValue: params.format) else {
                    throw BrokerError.invalidInput("unknown import format '\(params.format)'", hint: "use csv or jsonl")
                }
                return try broker.importApiKeys(content: params.content.bytes, format: format, update: params.update, by: caller)
            }

        case .policyAdd:
            return try run(header, frame, PolicySpec.self) { spec in try broker.addPolicy(spec, by: caller) }
        case .policyUpdate:
            return try run(header, frame, PolicySpec.self) { spec in try broker.updatePolicy(spec, by: caller) }
        case .policyList:
            return try run(header, frame, EmptyPayload.self) { _ in try broker.policies(by: caller) }
        case .policyGet:
            return try run(header, frame, NameParams.self) { params in
                guard let view = try broker.policies(by: caller).first(where: { $0.policy.name == params.name }) else {
                    throw BrokerError.notFound(kind: "policy", name: params.name, hint: "list policies with `safehold policy list`")
                }
                return view
            }
        case .policyDelete:
            return try run(header, frame, NameParams.self) { params in
                try broker.deletePolicy(name: params.name, by: caller)
                return EmptyPayload()
            }

        case .rotate:
            return try run(header, frame, RotateParams.self) { params in
                if let seconds = params.maxAgeSeconds {
                    return try broker.rotateKeys(olderThan: TimeInterval(seconds), by: caller)
                }
                guard let path = params.path else {
                    throw BrokerError.invalidInput("name an account to rotate, or give a maximum age", hint: "safehold rotate ASSET/ACCOUNT [KEY] | --max-age DURATION")
                }
                return try broker.rotate(path: path, keyName: params.key, by: caller)
            }
        case .verify:
            return try run(header, frame, VerifyParams.self) { params in
                VerifyResult(valid: try broker.verify(path: params.path, keyName: params.key, presented: params.secret.bytes, by: caller))
            }

        default:
            return try routeRequests(header, frame: frame, caller: caller)
        }
    }

    static func values(_ wire: WireApiKeyValues) -> ApiKeyValues {
        ApiKeyValues(clientID: wire.clientId.bytes, clientSecret: wire.clientSecret.bytes, clientSecretID: wire.clientSecretId?.bytes)
    }
}
