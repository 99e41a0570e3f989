#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Reads durations such as `90m`, `2h`, `45s`, `1h30m` and `1d12h`: one or more numbers, each
/// followed by a unit (d, h, m or s), with each unit at most once and the largest first. The total
/// must be positive.
public enum DurationParser {
    /// Accepted forms, as shown in error messages.
    public static let expectedForms = "a positive duration such as 90m, 2h, 1h30m or 1d12h (units d, h, m, s, largest first)"

    /// Problem that makes a text invalid as a duration, with `problem` as the sentence shown to
    /// people.
    public enum Failure: Error, Hashable, Sendable {
        case empty
        case negative
        case unexpectedCharacter(Character)
        case missingUnit(number: String)
        case missingNumber(unit: Character)
        case unknownUnit(Character)
        case repeatedUnit(Character)
        case unitOutOfOrder(Character, after: Character)
        case zero
        case tooLarge

        public var problem: String {
            switch self {
            case .empty:
                "the value is empty"
            case .negative:
                "a duration cannot be negative"
            case .unexpectedCharacter(let character):
                "unexpected character \"\(character)\""
            case .missingUnit(let number):
                "the number \(number) has no unit"
            case .missingNumber(let unit):
                "the unit \(unit) has no number before it"
            case .unknownUnit(let unit):
                "unknown unit \"\(unit)\""
            case .repeatedUnit(let unit):
                "the unit \(unit) appears twice"
            case .unitOutOfOrder(let unit, let previous):
                "the unit \(unit) comes after \(previous), but units go largest first"
            case .zero:
                "the duration is zero"
            case .tooLarge:
                "the duration is too large"
            }
        }
    }

    /// Units from largest to smallest, with their length in seconds.
    private static let units: [(unit: Character, seconds: Int)] = [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)]

    /// Returns the length of `text` in seconds.
    public static func parse(_ text: String) throws(Failure) -> Int {
        if text.isEmpty {
            throw .empty
        }
        if text.first == "-" {
            throw .negative
        }

        var total = 0
        var digits = ""
        var lastUnitIndex: Int? = nil
        for character in text {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard character.isLetter else {
                throw .unexpectedCharacter(character)
            }

            let unitIndex = try checkedUnitIndex(character, digits: digits, lastUnitIndex: lastUnitIndex)
            total = try adding(digits, times: units[unitIndex].seconds, to: total)
            lastUnitIndex = unitIndex
            digits = ""
        }

        if !digits.isEmpty {
            throw .missingUnit(number: digits)
        }
        if total == 0 {
            throw .zero
        }
        return total
    }

    private static func checkedUnitIndex(_ unit: Character, digits: String, lastUnitIndex: Int?) throws(Failure) -> Int {
        guard let index = units.firstIndex(where: { $0.unit == unit }) else {
            throw .unknownUnit(unit)
        }
        if digits.isEmpty {
            throw .missingNumber(unit: unit)
        }
        if let lastUnitIndex {
            if index == lastUnitIndex {
                throw .repeatedUnit(unit)
            }
            if index < lastUnitIndex {
                throw .unitOutOfOrder(unit, after: units[lastUnitIndex].unit)
            }
        }
        return index
    }

    private static func adding(_ digits: String, times seconds: Int, to total: Int) throws(Failure) -> Int {
        guard let count = Int(digits) else {
            throw .tooLarge
        }
        let (product, productOverflow) = count.multipliedReportingOverflow(by: seconds)
        let (sum, sumOverflow) = total.addingReportingOverflow(product)
        if productOverflow || sumOverflow {
            throw .tooLarge
        }
        return sum
    }
}
