#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Throws unless the caller is an enabled administrator, and audits the rejection. Public so
    /// that the service can authorize an operation the broker does not implement yet.
    public func requireAdministrator(_ caller: Caller, to action: String) throws(BrokerError) {
        guard caller.user.isAdministrator, !caller.user.isDisabled else {
            recordRejection(action, by: caller, targets: [:], reason: "not an administrator")
            throw .permissionDenied("only administrators may \(action)")
        }
    }

    /// Throws unless the caller is an enabled administrator or auditor.
    func requireAuditorOrAdministrator(_ caller: Caller, to action: String) throws(BrokerError) {
        guard caller.user.isAdministrator || caller.user.isAuditor, !caller.user.isDisabled else {
            recordRejection(action, by: caller, targets: [:], reason: "not an administrator or auditor")
            throw .permissionDenied("only administrators and auditors may \(action)")
        }
    }

    /// Resolves a user name, or throws `notFound`.
    func user(named name: String, in reader: any StoreReader) throws -> User {
        guard let user = try reader.user(named: name) else {
            throw BrokerError.notFound(kind: "user", name: name, hint: "list users with `safehold user list`")
        }
        return user
    }

    /// Resolves `ASSET/ACCOUNT`, or throws `notFound` naming the missing part.
    func account(path: String, in reader: any StoreReader) throws -> (Asset, Account) {
        let (assetName, accountName) = try NameRules.splitAccountPath(path)
        guard let asset = try reader.asset(named: assetName) else {
            throw BrokerError.notFound(kind: "asset", name: assetName, hint: "list assets with `safehold asset list`")
        }
        guard let account = try reader.account(assetID: asset.id, named: accountName) else {
            throw BrokerError.notFound(kind: "account", name: path, hint: "list accounts with `safehold account list \(assetName)`")
        }
        return (asset, account)
    }

    /// Resolves a request id or a unique prefix of at least four characters.
    func request(_ text: String, in reader: any StoreReader) throws -> AccessRequest {
        let lowered = text.lowercased()
        if RequestID.isWellFormed(lowered), let request = try reader.request(id: RequestID(lowered)) {
            return request
        }
        guard lowered.count >= 4 else {
            throw BrokerError.invalidInput("request id '\(text)' is too short", hint: "type at least four characters of the id")
        }
        let matches = try reader.requestIDs(withPrefix: lowered, limit: 2)
        guard let first = matches.first, let request = try reader.request(id: first) else {
            throw BrokerError.notFound(
                kind: "request", name: text,
                hint: "list your requests with `safehold requests`, and those awaiting you with `safehold approvals` or `safehold reviews`"
            )
        }
        guard matches.count == 1 else {
            throw BrokerError.invalidInput("request id '\(text)' matches several requests", hint: "type more characters of the id")
        }
        return request
    }

    /// `ASSET/ACCOUNT` for an account, for messages and listings.
    func accountPath(_ accountID: AccountID, in reader: any StoreReader) throws -> String {
        guard let account = try reader.account(id: accountID), let asset = try reader.asset(id: account.assetID) else {
            return accountID.rawValue
        }
        return "\(asset.name)/\(account.name)"
    }
}
