#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Rows of text in aligned columns, for the listings. Cells are measured in terminal columns
/// (`TextWidth`), so wide characters keep the columns straight, and cleaned of control
/// characters (`Terminal.sanitized`) when printed.
public struct Table: Hashable, Sendable {
    public let columns: [TableColumn]
    /// Cells of each row, one per column, in column order.
    public let rows: [[String]]

    /// Spaces between two columns.
    public static let columnGap = 2

    public init(columns: [TableColumn], rows: [[String]]) {
        precondition(rows.allSatisfy { $0.count == columns.count }, "every row needs one cell per column")
        self.columns = columns
        self.rows = rows
    }

    /// Returns the table as lines ending in newlines: the titles, then one line per row.
    /// `titleStyle` styles the title line. Pass it only where `Terminal` allows colour.
    public func rendered(titleStyle: TerminalStyle? = nil) -> String {
        let titles = columns.map { Terminal.sanitized($0.title) }
        let cells = rows.map { $0.map(Terminal.sanitized) }

        var widths = titles.map(TextWidth.of)
        for row in cells {
            for (index, cell) in row.enumerated() {
                widths[index] = max(widths[index], TextWidth.of(cell))
            }
        }

        var titleLine = line(titles, widths: widths)
        if let titleStyle {
            titleLine = titleStyle.apply(to: titleLine)
        }
        return ([titleLine] + cells.map { line($0, widths: widths) }).map { $0 + "\n" }.joined()
    }

    /// Returns the rows that contain `query` in any cell, ignoring case (`TextSearch`), or every
    /// row when `query` is nil. Filter before selecting columns so that hidden cells count too.
    public func filtered(matching query: String?) -> Table {
        guard let query else {
            return self
        }
        return Table(columns: columns, rows: rows.filter { TextSearch.matches($0, query: query) })
    }

    /// Returns the table with only the columns that `list` names, in its order. `list` contains
    /// column names or titles, comma-separated, ignoring case, and a column named twice is shown
    /// once. Returns the table unchanged when `list` is nil. Throws a usage error of `command`
    /// that names an unknown column and lists the valid ones.
    public func selectingColumns(_ list: String?, command: [String]) throws(UsageError) -> Table {
        guard let list else {
            return self
        }

        var indices: [Int] = []
        for item in ValueKind.listItems(list) {
            guard let index = columnIndex(named: item) else {
                let names = columns.map(\.name).joined(separator: ", ")
                throw UsageError.invalidValue(
                    command: command, name: "--columns", value: item,
                    problem: item.isEmpty ? "the list has an empty item" : "unknown column",
                    expected: "column names from: \(names)"
                )
            }
            if !indices.contains(index) {
                indices.append(index)
            }
        }

        return Table(
            columns: indices.map { columns[$0] },
            rows: rows.map { row in indices.map { row[$0] } }
        )
    }

    private func columnIndex(named name: String) -> Int? {
        let lowered = name.lowercased()
        return columns.firstIndex { $0.name.lowercased() == lowered || $0.title.lowercased() == lowered }
    }

    /// Returns one line of cells padded to `widths`, without trailing spaces.
    private func line(_ cells: [String], widths: [Int]) -> String {
        var text = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 {
                text += String(repeating: " ", count: Self.columnGap)
            }
            text += TextWidth.padded(cell, to: widths[index], alignment: columns[index].alignment)
        }
        while text.last == " " {
            text.removeLast()
        }
        return text
    }
}
