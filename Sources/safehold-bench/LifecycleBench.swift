#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdModel

/// Full request lifecycles in process, one after another, each step a durable commit: request,
/// approve, check out, check in (builtin rotation in the same transaction), review.
struct LifecycleBench {
    let options: BenchOptions

    func run() throws -> [Figure] {
        let bench = try BenchVault(label: "lifecycle")
        defer { bench.remove() }

        let requester = try bench.addUser("requester")
        let approver = try bench.addUser("approver")
        let reviewer = try bench.addUser("reviewer")
        try bench.addAccount(asset: "lifecycle", account: "service")
        var spec = PolicySpec(name: "lifecycle")
        spec.scope = ["lifecycle"]
        spec.requesters = [requester.user.name]
        spec.approverSets = [.init(approvers: [approver.user.name], requiredApprovals: 1)]
        spec.reviewers = [reviewer.user.name]
        spec.requiredReviews = 1
        _ = try bench.broker.addPolicy(spec, by: bench.admin)

        let broker = bench.broker
        let lifecycle = {
            let submitted = try broker.submitRequest(RequestInput(accountPath: "lifecycle/service"), by: requester)
            let id = submitted.request.id.rawValue
            _ = try broker.act(.approve, on: id, by: approver)
            _ = try broker.checkOut(id, by: requester)
            _ = try broker.act(.checkIn, on: id, by: requester)
            let reviewed = try broker.act(.review, on: id, by: reviewer)
            guard reviewed.request.state == .complete else {
                throw BenchError("request \(id) ended in \(reviewed.request.state), not Complete")
            }
        }

        let count = options.isQuick ? 100 : 1000
        for _ in 0..<(count / 10) { try lifecycle() }
        var rates: [Double] = []
        for run in 1...options.runs {
            let elapsed = try BenchSupport.seconds {
                for _ in 0..<count { try lifecycle() }
            }
            rates.append(Double(count) / elapsed)
            BenchSupport.progress("lifecycle run \(run): \(Figure.format(Double(count) / elapsed))/s")
        }
        return [Figure("full lifecycles in process (5 durable commits each)", unit: "lifecycles/s", samples: rates, target: .atLeast(1000))]
    }
}
