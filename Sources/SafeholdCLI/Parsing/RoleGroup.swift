#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The role groups under which `safehold --help` lists the commands, in the order shown.
public enum RoleGroup: String, CaseIterable, Hashable, Sendable {
    case requesters = "Requesters"
    case approversAndReviewers = "Approvers and reviewers"
    case administrators = "Administrators"
    case auditors = "Auditors"
    case vaultAndService = "Vault and service"

    /// Heading of the group in the help overview.
    public var title: String { rawValue }
}
