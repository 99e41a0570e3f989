#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension ValueKind {
    /// A value that does not have its kind: what is wrong, if known, and the accepted forms.
    struct Mismatch: Hashable, Sendable {
        let problem: String?
        let expected: String
    }

    /// Returns nil when `value` has this kind, or what is wrong with it.
    func mismatch(of value: String) -> Mismatch? {
        switch self {
        case .text:
            return nil
        case .integer(let minimum, let maximum):
            return Self.integerMismatch(value, minimum: minimum, maximum: maximum)
        case .duration:
            do {
                _ = try DurationParser.parse(value)
                return nil
            } catch {
                return Mismatch(problem: error.problem, expected: DurationParser.expectedForms)
            }
        case .time:
            do {
                // Only the form is checked here: any reference time and zone will do.
                _ = try TimeParser.parse(value, now: Date(timeIntervalSince1970: 0), timeZone: .utc)
                return nil
            } catch {
                return Mismatch(problem: error.problem, expected: TimeParser.expectedForms)
            }
        case .choice(let words):
            return words.contains(value) ? nil : Mismatch(problem: nil, expected: "one of " + words.joined(separator: ", "))
        case .list:
            return Self.listItems(value).contains("") ? Mismatch(problem: "the list has an empty item", expected: "a comma-separated list such as alice,bob") : nil
        case .accountPath:
            do {
                _ = try AccountPath.parse(value)
                return nil
            } catch {
                return Mismatch(problem: error.problem, expected: AccountPath.expectedForm)
            }
        case .scope:
            return Self.scopeMismatch(value)
        case .pattern:
            return (try? Regex(value)) == nil
                ? Mismatch(problem: "it is not a valid regular expression", expected: "a regular expression such as ^INC[0-9]+$")
                : nil
        }
    }

    /// Splits a comma-separated list, trimming spaces around each item.
    static func listItems(_ value: String) -> [String] {
        value.split(separator: ",", omittingEmptySubsequences: false).map { item in
            var trimmed = item
            while trimmed.first == " " {
                trimmed = trimmed.dropFirst()
            }
            while trimmed.last == " " {
                trimmed = trimmed.dropLast()
            }
            return String(trimmed)
        }
    }

    private static func integerMismatch(_ value: String, minimum: Int, maximum: Int?) -> Mismatch? {
        let expected: String
        if let maximum {
            expected = "a whole number from \(minimum) to \(maximum)"
        } else {
            expected = "a whole number of at least \(minimum)"
        }

        guard value.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "-") }), let number = Int(value) else {
            return Mismatch(problem: nil, expected: expected)
        }
        if number < minimum {
            return Mismatch(problem: "\(number) is less than \(minimum)", expected: expected)
        }
        if let maximum, number > maximum {
            return Mismatch(problem: "\(number) is greater than \(maximum)", expected: expected)
        }
        return nil
    }

    private static func scopeMismatch(_ value: String) -> Mismatch? {
        let expected = "a comma-separated list of ASSET or ASSET/ACCOUNT items, such as github,aws/ci-bot"
        for item in listItems(value) {
            if item.isEmpty {
                return Mismatch(problem: "the list has an empty item", expected: expected)
            }
            do {
                _ = try AccountPath.parse(item, accountOptional: true)
            } catch {
                return Mismatch(problem: "in \"\(item)\", \(error.problem)", expected: expected)
            }
        }
        return nil
    }
}
