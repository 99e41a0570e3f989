#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One column of a `Table`.
public struct TableColumn: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable {
        case left
        case right
    }

    /// Name that `--columns` selects the column by, ignoring case, such as `requested-for`.
    public let name: String
    /// Heading printed above the column, such as `Requested For`, which `--columns` accepts too.
    public let title: String
    public let alignment: Alignment

    public init(name: String, title: String, alignment: Alignment = .left) {
        self.name = name
        self.title = title
        self.alignment = alignment
    }
}
