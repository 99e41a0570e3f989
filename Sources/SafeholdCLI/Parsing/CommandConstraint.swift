#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A rule between the options and arguments of one command, checked after every word was parsed.
/// Members are named as typed: options with their dashes (`--key-file`), arguments by their
/// name (`ASSET/ACCOUNT`).
public enum CommandConstraint: Hashable, Sendable {
    /// At most one of the members may be given.
    case exclusive([String])
    /// At least one of the members must be given.
    case oneRequired([String])
    /// When the first member is given, the second must be given too.
    case requires(String, requirement: String)
    /// Every occurrence of the option must come after an occurrence of `leader`, and at most
    /// once per occurrence of `leader`, as in `--approvers ... --approvals N` pairs.
    case pairedAfter(String, leader: String)
}
