#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Prints figures as a Markdown table, so that the output can be pasted into the benchmark page.
enum ResultTable {
    static func render(_ figures: [Figure]) -> String {
        let header = ["figure", "median", "min", "max", "unit", "runs", "target", "met"]
        var rows = [header]
        for figure in figures {
            let met: String = switch figure.isMet {
            case nil: ""
            case true?: "yes"
            case false?: "no"
            }
            rows.append([
                figure.name, Figure.format(figure.median), Figure.format(figure.minimum), Figure.format(figure.maximum),
                figure.unit, String(figure.samples.count), figure.targetText, met,
            ])
        }

        var widths = Array(repeating: 0, count: header.count)
        for row in rows {
            for (column, cell) in row.enumerated() {
                widths[column] = max(widths[column], cell.count)
            }
        }

        var lines: [String] = []
        for (index, row) in rows.enumerated() {
            lines.append(line(row, widths: widths))
            if index == 0 {
                lines.append(line(widths.map { String(repeating: "-", count: $0) }, widths: widths))
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func line(_ cells: [String], widths: [Int]) -> String {
        let padded = cells.enumerated().map { column, cell in
            cell + String(repeating: " ", count: widths[column] - cell.count)
        }
        return "| " + padded.joined(separator: " | ") + " |"
    }
}
