#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// RFC 4180 CSV: a header row, then one record per row. Quoted fields may hold commas, line
/// breaks (a multi-line secret) and doubled quotes. Line numbers count physical lines, so a
/// problem names the line where its record starts.
enum CSVImport {
    static func forEachRecord(in content: UnsafeRawBufferPointer, _ body: (ApiKeyImportRecord) throws -> Void) rethrows -> [ApiKeyImportProblem] {
        var scanner = CSVScanner(content: content)
        guard let header = scanner.nextRecord() else {
            return [ApiKeyImportProblem(line: 1, field: nil, problem: "the file is empty; expected a header row")]
        }
        if let problem = header.problem { return [problem] }

        var columns: [String?] = []
        for field in header.fields {
            let name = String(field.text(in: content).lowercased().drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            guard let column = ApiKeyImportParser.columnNames[name] else {
                return [ApiKeyImportProblem(
                    line: header.line, field: name,
                    problem: "unknown column; expected asset, account, key, client_id, client_secret, client_secret_id, description"
                )]
            }
            // Two spellings of one column would leave one of them silently ignored.
            guard !columns.contains(column) else {
                return [ApiKeyImportProblem(line: header.line, field: name, problem: "a second column for \(column)")]
            }
            columns.append(column)
        }
        let missing = ApiKeyImportParser.requiredFields.filter { !columns.contains($0) }
        guard missing.isEmpty else {
            return [ApiKeyImportProblem(line: header.line, field: nil, problem: "the header lacks the columns \(missing.joined(separator: ", "))")]
        }

        var problems: [ApiKeyImportProblem] = []
        while let row = scanner.nextRecord() {
            if let problem = row.problem {
                problems.append(problem)
                continue
            }
            if row.fields.count == 1 && row.fields[0].isEmpty { continue }
            guard row.fields.count == columns.count else {
                problems.append(ApiKeyImportProblem(line: row.line, field: nil, problem: "has \(row.fields.count) fields; the header has \(columns.count)"))
                continue
            }
            var named: [String: FieldRange] = [:]
            for (index, field) in row.fields.enumerated() {
                if let name = columns[index] { named[name] = field }
            }
            let (record, rowProblems) = ApiKeyImportParser.record(line: row.line, fields: named, content: content)
            problems += rowProblems
            if let record { try body(record) }
        }
        return problems
    }
}

/// Splits CSV into records of field ranges without copying any value.
struct CSVScanner {
    struct Record {
        var line: Int
        var fields: [FieldRange]
        var problem: ApiKeyImportProblem?
    }

    let content: UnsafeRawBufferPointer
    var position = 0
    var line = 1

    init(content: UnsafeRawBufferPointer) {
        self.content = content
    }

    mutating func nextRecord() -> Record? {
        guard position < content.count else { return nil }
        var record = Record(line: line, fields: [])
        while true {
            let field = nextField(&record)
            record.fields.append(field)
            if record.problem != nil {
                skipToLineEnd()
                return record
            }
            guard position < content.count else { return record }
            let separator = content[position]
            position += 1
            if separator == 0x2c { continue }
            if separator == 0x0d, position < content.count, content[position] == 0x0a { position += 1 }
            line += 1
            return record
        }
    }

    private mutating func nextField(_ record: inout Record) -> FieldRange {
        guard position < content.count, content[position] == 0x22 else {
            let start = position
            while position < content.count, ![0x2c, 0x0a, 0x0d].contains(content[position]) { position += 1 }
            return FieldRange(range: start..<position, encoding: .raw)
        }
        position += 1
        let start = position
        while position < content.count {
            let byte = content[position]
            if byte == 0x0a { line += 1 }
            if byte == 0x22 {
                if position + 1 < content.count, content[position + 1] == 0x22 {
                    position += 2
                    continue
                }
                let range = start..<position
                position += 1
                if position < content.count, ![0x2c, 0x0a, 0x0d].contains(content[position]) {
                    record.problem = ApiKeyImportProblem(line: record.line, field: nil, problem: "text after a closing quote")
                }
                return FieldRange(range: range, encoding: .csvQuoted)
            }
            position += 1
        }
        record.problem = ApiKeyImportProblem(line: record.line, field: nil, problem: "a quoted field is not closed")
        return FieldRange(range: start..<position, encoding: .csvQuoted)
    }

    private mutating func skipToLineEnd() {
        while position < content.count, content[position] != 0x0a { position += 1 }
        if position < content.count {
            position += 1
            line += 1
        }
    }
}

/// JSON Lines: one object per line with string members `asset`, `account`, `key`, `clientId`,
/// `clientSecret` and optional `clientSecretId` and `description`. Blank lines are skipped.
enum JSONLinesImport {
    static let memberNames: Set<String> = ["asset", "account", "key", "description", "clientId", "clientSecret", "clientSecretId"]

    static func forEachRecord(in content: UnsafeRawBufferPointer, _ body: (ApiKeyImportRecord) throws -> Void) rethrows -> [ApiKeyImportProblem] {
        var problems: [ApiKeyImportProblem] = []
        var start = 0
        var line = 1
        while start < content.count {
            let end = content[start...].firstIndex(of: 0x0a) ?? content.count
            defer {
                start = end + 1
                line += 1
            }
            let slice = UnsafeRawBufferPointer(rebasing: content[start..<end])
            guard slice.contains(where: { ![0x20, 0x09, 0x0d].contains($0) }) else { continue }

            let object: SecretJSONObject
            do {
                object = try SecretJSONObject(parsing: slice)
            } catch {
                problems.append(ApiKeyImportProblem(line: line, field: nil, problem: "not a JSON object: \(error.description)"))
                continue
            }
            if let unknown = object.members.first(where: { !memberNames.contains($0.name) }) {
                problems.append(ApiKeyImportProblem(line: line, field: unknown.name, problem: "unknown member"))
                continue
            }
            var named: [String: FieldRange] = [:]
            for member in object.members {
                if let range = member.range {
                    named[member.name] = FieldRange(range: (range.lowerBound + start)..<(range.upperBound + start), encoding: .json)
                }
            }
            let (record, rowProblems) = ApiKeyImportParser.record(line: line, fields: named, content: content)
            problems += rowProblems
            if let record { try body(record) }
        }
        return problems
    }
}
