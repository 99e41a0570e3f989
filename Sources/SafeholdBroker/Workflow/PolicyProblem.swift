#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// One reason why a policy cannot work. Approver sets are numbered by their index in
/// `Policy.approverSets`, from 0; messages count them from 1.
public enum PolicyProblem: Hashable, Sendable, CustomStringConvertible {
    case noRequesters
    case emptyScope
    /// Auto-approve is off and there is no approver set, so no request could ever be approved.
    case noApproverSet
    case approverSetEmpty(setIndex: Int)
    case requiredApprovalsBelowOne(setIndex: Int, required: Int)
    case requiredApprovalsAboveApprovers(setIndex: Int, required: Int, distinctApprovers: Int)
    case requiredReviewsNegative(required: Int)
    case requiredReviewsWithoutReviewers(required: Int)
    case requiredReviewsAboveReviewers(required: Int, distinctReviewers: Int)
    case defaultDurationNotPositive(seconds: Int)
    case maximumDurationNotPositive(seconds: Int)
    case maximumDurationAboveLimit(seconds: Int)
    case maximumDurationBelowDefault(maximumSeconds: Int, defaultSeconds: Int)
    case simultaneousReleasesBelowOne(count: Int)
    case approvalTimeoutNotPositive(seconds: Int)
    /// The ticket pattern does not compile as a Swift regular expression; `error` is the parser's message.
    case invalidTicketPattern(pattern: String, error: String)

    /// A clause that states what is wrong and what to change.
    public var description: String {
        switch self {
        case .noRequesters:
            return "it lists no requesters; add at least one"
        case .emptyScope:
            return "its scope names no asset or account; add at least one"
        case .noApproverSet:
            return "auto-approve is off and it has no approver set, so no request could be approved; add an approver set or turn auto-approve on"
        case let .approverSetEmpty(index):
            return "approver set \(index + 1) lists no approvers; add approvers or remove the set"
        case let .requiredApprovalsBelowOne(index, required):
            return "approver set \(index + 1) requires \(required) approvals; require at least 1"
        case let .requiredApprovalsAboveApprovers(index, required, approvers):
            return "approver set \(index + 1) requires \(required) approvals but lists only \(approvers) distinct approvers; add approvers or require fewer approvals"
        case let .requiredReviewsNegative(required):
            return "it requires \(required) reviews; require 0 or more"
        case let .requiredReviewsWithoutReviewers(required):
            return "it requires \(required) reviews but lists no reviewers; add reviewers or require 0 reviews"
        case let .requiredReviewsAboveReviewers(required, reviewers):
            return "it requires \(required) reviews but lists only \(reviewers) distinct reviewers; add reviewers or require fewer reviews"
        default:
            return settingDescription
        }
    }

    private var settingDescription: String {
        switch self {
        case let .defaultDurationNotPositive(seconds):
            return "its default duration is \(seconds) seconds; make it positive"
        case let .maximumDurationNotPositive(seconds):
            return "its maximum duration is \(seconds) seconds; make it positive"
        case let .maximumDurationAboveLimit(seconds):
            return "its maximum duration \(WorkflowText.duration(seconds)) is longer than the limit of \(WorkflowText.duration(Policy.longestMaximumDuration)); lower it"
        case let .maximumDurationBelowDefault(maximum, defaultSeconds):
            return "its maximum duration \(WorkflowText.duration(maximum)) is shorter than its default duration \(WorkflowText.duration(defaultSeconds)); raise the maximum or lower the default"
        case let .simultaneousReleasesBelowOne(count):
            return "it allows \(count) simultaneous releases; allow at least 1"
        case let .approvalTimeoutNotPositive(seconds):
            return "its approval timeout is \(seconds) seconds; make it positive"
        case let .invalidTicketPattern(pattern, error):
            return "its ticket pattern \"\(pattern)\" is not a valid regular expression (\(error)); correct the pattern"
        default:
            return "it has an invalid setting"
        }
    }
}
