#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One approver set as given to `policy add` or `policy update`: the users of one
/// `--approvers` and the count of the `--approvals` after it.
public struct ApproverSetOption: Hashable, Sendable {
    /// User names, in the order given.
    public let approvers: [String]
    /// Distinct approvals the set needs, 1 when `--approvals` was left out.
    public let approvals: Int

    public init(approvers: [String], approvals: Int = 1) {
        self.approvers = approvers
        self.approvals = approvals
    }
}
