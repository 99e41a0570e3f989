#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The shape a value of an option or argument must have. The parser checks every value against
/// its kind before any command runs, so that a typo is a usage error and never a half-done action.
public enum ValueKind: Hashable, Sendable {
    /// Any text, including the empty string.
    case text
    /// A decimal integer within the bounds (inclusive). A nil `maximum` means no upper bound.
    case integer(minimum: Int, maximum: Int?)
    /// A duration such as `90m`, `2h` or `1d12h` (see `DurationParser`).
    case duration
    /// A point in time such as `2026-12-04T14:00`, `14:00`, `tomorrow 14:00` or `now`
    /// (see `TimeParser`).
    case time
    /// One of the listed words, compared exactly.
    case choice([String])
    /// A comma-separated list of non-empty items, such as `alice,bob`.
    case list
    /// An account named as `ASSET/ACCOUNT`, both parts non-empty.
    case accountPath
    /// A comma-separated list of `ASSET` or `ASSET/ACCOUNT` items.
    case scope
    /// A regular expression in the syntax of Swift's `Regex`.
    case pattern
}
