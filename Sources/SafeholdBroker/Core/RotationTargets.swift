#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel

/// One key change for a rotation target to apply or check.
public struct KeyChange: Sendable {
    public var asset: Asset
    public var account: Account
    public var key: ApiKey
    public var current: ApiKeyValues
    public var candidate: ApiKeyValues
    /// The asset's connector settings (one JSON object), nil when none are stored.
    public var settings: SecretBytes?

    public init(
        asset: Asset, account: Account, key: ApiKey, current: ApiKeyValues, candidate: ApiKeyValues, settings: SecretBytes? = nil
    ) {
        self.asset = asset
        self.account = account
        self.key = key
        self.current = current
        self.candidate = candidate
        self.settings = settings
    }
}

/// The outcome a target reports for `change`. Error texts are already redacted.
public enum KeyChangeOutcome: Sendable {
    /// The target accepts the candidate, or the values it minted itself.
    case applied(minted: ApiKeyValues?)
    /// The account does not exist on the target: permanent, never retried.
    case accountMissing(String)
    /// The target refused this candidate; a retry uses a fresh one.
    case rejected(String)
    /// The outcome is unknown (the program failed or timed out); `check` decides.
    case failed(String)
}

/// The outcome a target reports for `check`, used after a failure and when recovering the journal.
public enum KeyCheckOutcome: Sendable {
    case acceptsCandidate
    case acceptsCurrent
    case accountMissing(String)
    case unknown(String)
}

/// A system that applies key changes: the `exec` platform's connector programs.
public protocol KeyChangeTarget: Sendable {
    func change(_ change: KeyChange) -> KeyChangeOutcome
    func check(_ change: KeyChange) -> KeyCheckOutcome
}

/// The targets of each platform. `builtin` needs none: Safehold is its system of record.
public struct RotationTargets: Sendable {
    public var exec: (any KeyChangeTarget)?

    public init(exec: (any KeyChangeTarget)? = nil) {
        self.exec = exec
    }
}
