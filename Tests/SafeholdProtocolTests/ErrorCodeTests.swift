#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdProtocol
import Testing

struct ErrorCodeTests {
    @Test(arguments: [
        (ErrorCode.usage, Int32(64)),
        (.invalidInput, 65),
        (.notFound, 66),
        (.unavailable, 69),
        (.busy, 75),
        (.rotating, 75),
        (.permissionDenied, 77),
        (.conflict, 1),
        (.failed, 1),
        (.internalError, 1),
        (.unsupportedVersion, 1),
        (.malformedFrame, 1),
        (.frameTooLarge, 1),
        (.timeout, 1),
    ])
    func exitCode(code: ErrorCode, expected: Int32) {
        #expect(code.exitCode == expected)
    }

    @Test func everyCodeHasAnExitCodeCase() {
        #expect(ErrorCode.allCases.count == 14)
    }

    @Test func rawValuesAreWireNames() {
        #expect(ErrorCode.permissionDenied.rawValue == "permissionDenied")
        #expect(ErrorCode(rawValue: "frameTooLarge") == .frameTooLarge)
    }
}

struct OperationTests {
    /// Each wire name is the case name with its first letter in upper case, which catches typos.
    @Test func wireNamesMatchCaseNames() {
        for operation in Operation.allCases {
            let caseName = String(describing: operation)
            let expected = caseName.prefix(1).uppercased() + caseName.dropFirst()
            #expect(operation.rawValue == expected)
        }
    }

    @Test func referenceProductActionsPresent() {
        let names = Set(Operation.allCases.map(\.rawValue))
        let actions = ["Approve", "Deny", "Review", "Cancel", "Close", "Acknowledge", "CheckIn", "CheckOutApiKeys", "Create"]

        for action in actions {
            #expect(names.contains(action), "missing \(action)")
        }
        #expect(names.count == Operation.allCases.count)
    }
}
