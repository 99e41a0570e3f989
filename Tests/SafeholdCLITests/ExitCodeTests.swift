#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test func exitCodeValues() {
    #expect(ExitCode.success.rawValue == 0)
    #expect(ExitCode.failure.rawValue == 1)
    #expect(ExitCode.usage.rawValue == 64)
    #expect(ExitCode.invalidInput.rawValue == 65)
    #expect(ExitCode.notFound.rawValue == 66)
    #expect(ExitCode.unavailable.rawValue == 69)
    #expect(ExitCode.busy.rawValue == 75)
    #expect(ExitCode.permissionDenied.rawValue == 77)
    #expect(ExitCode.allCases.count == 8)
}
