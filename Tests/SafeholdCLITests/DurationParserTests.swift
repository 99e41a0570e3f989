#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Testing
@testable import SafeholdCLI

@Test(arguments: [
    ("90m", 5_400), ("2h", 7_200), ("1d12h", 129_600), ("45s", 45), ("1h30m", 5_400),
    ("1d2h3m4s", 93_784), ("0h30m", 1_800), ("31d", 2_678_400), ("007m", 420),
])
func durationValid(text: String, seconds: Int) throws {
    #expect(try DurationParser.parse(text) == seconds)
}

@Test(arguments: [
    ("", DurationParser.Failure.empty),
    ("-5m", .negative),
    ("90", .missingUnit(number: "90")),
    ("1h30", .missingUnit(number: "30")),
    ("h", .missingNumber(unit: "h")),
    ("2x", .unknownUnit("x")),
    ("2H", .unknownUnit("H")),
    ("1h2h", .repeatedUnit("h")),
    ("30m1h", .unitOutOfOrder("h", after: "m")),
    ("0m", .zero),
    ("0d0s", .zero),
    ("1h 30m", .unexpectedCharacter(" ")),
    ("1.5h", .unexpectedCharacter(".")),
    ("99999999999999999999d", .tooLarge),
    ("100000000000000000d", .tooLarge),
])
func durationInvalid(text: String, failure: DurationParser.Failure) {
    #expect(throws: failure) {
        try DurationParser.parse(text)
    }
}

@Test func durationFailureProblems() {
    #expect(DurationParser.Failure.empty.problem == "the value is empty")
    #expect(DurationParser.Failure.negative.problem == "a duration cannot be negative")
    #expect(DurationParser.Failure.unexpectedCharacter(" ").problem == "unexpected character \" \"")
    #expect(DurationParser.Failure.missingUnit(number: "90").problem == "the number 90 has no unit")
    #expect(DurationParser.Failure.missingNumber(unit: "h").problem == "the unit h has no number before it")
    #expect(DurationParser.Failure.unknownUnit("x").problem == "unknown unit \"x\"")
    #expect(DurationParser.Failure.repeatedUnit("h").problem == "the unit h appears twice")
    #expect(DurationParser.Failure.unitOutOfOrder("h", after: "m").problem == "the unit h comes after m, but units go largest first")
    #expect(DurationParser.Failure.zero.problem == "the duration is zero")
    #expect(DurationParser.Failure.tooLarge.problem == "the duration is too large")
}

@Test func durationErrorThroughParser() {
    #expect(usageError(["policy", "update", "p", "--max-duration", "30m1h"]) == .invalidValue(
        command: ["policy", "update"], name: "--max-duration", value: "30m1h",
        problem: "the unit h comes after m, but units go largest first",
        expected: DurationParser.expectedForms
    ))
}
