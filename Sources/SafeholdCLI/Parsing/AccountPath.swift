#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// An account named on the command line as `ASSET/ACCOUNT`.
public struct AccountPath: Hashable, Sendable, CustomStringConvertible {
    public let asset: String
    public let account: String

    public init(asset: String, account: String) {
        self.asset = asset
        self.account = account
    }

    /// Accepted form, as shown in error messages.
    public static let expectedForm = "ASSET/ACCOUNT, such as github/ci-bot"

    /// Reads `ASSET/ACCOUNT`, or only `ASSET` when `accountOptional` is true (scope items).
    /// Throws the problem as a sentence for people.
    public static func parse(_ text: String, accountOptional: Bool = false) throws(AccountPathProblem) -> (asset: String, account: String?) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count > 2 {
            throw AccountPathProblem(problem: "it contains more than one \"/\"")
        }
        if parts[0].isEmpty {
            throw AccountPathProblem(problem: "the asset name is empty")
        }
        guard parts.count == 2 else {
            if accountOptional {
                return (String(parts[0]), nil)
            }
            throw AccountPathProblem(problem: "the \"/\" between asset and account is missing")
        }
        if parts[1].isEmpty {
            throw AccountPathProblem(problem: "the account name is empty")
        }
        return (String(parts[0]), String(parts[1]))
    }

    /// Creates the path from `ASSET/ACCOUNT`, or returns nil when `text` has another form.
    public init?(_ text: String) {
        guard let (asset, account) = try? Self.parse(text), let account else {
            return nil
        }
        self.init(asset: asset, account: account)
    }

    public var description: String { asset + "/" + account }
}

/// Problem that makes a text invalid as an `ASSET/ACCOUNT` path.
public struct AccountPathProblem: Error, Hashable, Sendable {
    public let problem: String
}
