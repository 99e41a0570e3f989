#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

extension Policy {
    /// Distinct users listed in any approver set, in order of first appearance.
    var allApproverIDs: [UserID] {
        var seen = Set<UserID>()
        return approverSets.flatMap(\.approverIDs).filter { seen.insert($0).inserted }
    }

    func listsApprover(_ userID: UserID) -> Bool {
        approverSets.contains { $0.approverIDs.contains(userID) }
    }

    func listsReviewer(_ userID: UserID) -> Bool {
        reviewerIDs.contains(userID)
    }

    /// Distinct users whose approvals counted toward the set at `setIndex`.
    func approverCount(ofSet setIndex: Int, in approvals: [Approval]) -> Int {
        Set(approvals.filter { $0.setIndex == setIndex }.map(\.userID)).count
    }

    /// Index of the first set that lists `userID` and still needs approvals, or nil when every
    /// set that lists them is satisfied. An approval counts toward this set only.
    func firstUnsatisfiedSet(listing userID: UserID, given approvals: [Approval]) -> Int? {
        approverSets.indices.first { index in
            let set = approverSets[index]
            return set.approverIDs.contains(userID) && approverCount(ofSet: index, in: approvals) < set.requiredApprovals
        }
    }

    /// Approvals still missing over all sets; 0 means the request is approved.
    func approvalsStillNeeded(given approvals: [Approval]) -> Int {
        approverSets.indices.reduce(0) { total, index in
            total + max(0, approverSets[index].requiredApprovals - approverCount(ofSet: index, in: approvals))
        }
    }
}
