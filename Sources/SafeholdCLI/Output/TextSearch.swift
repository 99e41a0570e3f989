#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The free-text search of listings (`--search TEXT`): a row matches when any of its cells
/// contains the query, ignoring case.
public enum TextSearch {
    /// Returns whether any cell contains `query`, ignoring case. An empty query matches every row.
    public static func matches(_ cells: [String], query: String) -> Bool {
        if query.isEmpty {
            return true
        }
        let loweredQuery = query.lowercased()
        return cells.contains { $0.lowercased().contains(loweredQuery) }
    }
}
