#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The result of one connector run, read from its exit status. Every text is the connector's
/// standard error with each secret it was given redacted, cut to 2 KiB (see `SecretRedactor`).
enum ConnectorOutcome {
    /// The value that a `check` found the target accepting.
    enum AcceptedValue: String, Sendable, Equatable {
        case new
        case current
    }

    /// `change` exited 0: the target now accepts `new`, or, for a minting platform, the key the
    /// connector printed.
    case applied(minted: MintedKey?)
    /// `check` exited 0 (`new`) or 10 (`current`).
    case accepted(which: AcceptedValue)
    /// Exit 3: the account does not exist on the target. Permanent; retrying will not help.
    case accountMissing(String)
    /// `change` exited 4: the target rejected the candidate. Retry with a fresh candidate.
    case rejected(String)
    /// Any other exit status, a signal, or standard output that is not a valid key object. The text
    /// starts with the exit status (`exit status 1: ...`). For `check` this means "cannot tell".
    case failed(String)
    /// The connector overran its timeout and its process group was killed.
    case timedOut
}
