#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

/// Formats of an import file.
public enum ApiKeyImportFormat: String, Sendable, Codable, CaseIterable {
    /// RFC 4180 CSV with a header row naming the columns.
    case csv
    /// One JSON object per line.
    case jsonLines = "jsonl"
}

/// One row of an import file. Names are plain text. The three values are decoded into guarded
/// memory only when `values()` is called, so only one row's secrets are in memory at a time.
public struct ApiKeyImportRecord {
    public var line: Int
    public var asset: String
    public var account: String
    public var key: String
    public var description: String
    let content: UnsafeRawBufferPointer
    let clientID: FieldRange
    let clientSecret: FieldRange
    let clientSecretID: FieldRange?

    /// Decodes the row's three values into guarded memory.
    public func values() -> ApiKeyValues {
        ApiKeyValues(
            clientID: clientID.secret(in: content), clientSecret: clientSecret.secret(in: content),
            clientSecretID: clientSecretID.map { $0.secret(in: content) }
        )
    }
}

/// The location of a field's value in the file, and its encoding.
struct FieldRange {
    enum Encoding { case raw, csvQuoted, json }
    let range: Range<Int>
    let encoding: Encoding

    var isEmpty: Bool { range.isEmpty }

    func secret(in content: UnsafeRawBufferPointer) -> SecretBytes {
        switch encoding {
        case .raw:
            return SecretBytes(copying: UnsafeRawBufferPointer(rebasing: content[range]))
        case .json:
            return SecretJSONObject.secret(content, range)
        case .csvQuoted:
            // Inside quotes, "" stands for one quote; the unescaped value is never longer.
            let buffer = SecretBytes(count: range.count)
            var length = 0
            buffer.withUnsafeMutableBytes { output in
                var index = range.lowerBound
                while index < range.upperBound {
                    output[length] = content[index]
                    length += 1
                    index += content[index] == 0x22 ? 2 : 1
                }
            }
            return buffer.withUnsafeBytes { SecretBytes(copying: UnsafeRawBufferPointer(rebasing: $0[0..<length])) }
        }
    }

    func text(in content: UnsafeRawBufferPointer) -> String {
        secret(in: content).withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }
}

/// A problem with one row, naming the line and the field, never a value.
public struct ApiKeyImportProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var problem: String

    public var description: String {
        "line \(line)\(field.map { ", field \($0)" } ?? ""): \(problem)"
    }
}

/// Reads CSV and JSON Lines import files row by row.
public enum ApiKeyImportParser {
    /// Column names accepted in a CSV header, by the field each one fills.
    static let columnNames: [String: String] = [
        "asset": "asset", "account": "account", "key": "key", "name": "key", "description": "description",
        "clientid": "clientId", "client_id": "clientId", "client id": "clientId",
        "clientsecret": "clientSecret", "client_secret": "clientSecret", "client secret": "clientSecret",
        "clientsecretid": "clientSecretId", "client_secret_id": "clientSecretId", "client secret id": "clientSecretId",
    ]
    static let requiredFields = ["asset", "account", "key", "clientId", "clientSecret"]

    /// Calls `body` with every well-formed row, in file order, and returns the problems of the
    /// rows that are not. `body` may throw to stop early.
    public static func forEachRecord(
        in content: UnsafeRawBufferPointer, format: ApiKeyImportFormat, _ body: (ApiKeyImportRecord) throws -> Void
    ) rethrows -> [ApiKeyImportProblem] {
        let content = droppingByteOrderMark(content)
        switch format {
        case .csv: return try CSVImport.forEachRecord(in: content, body)
        case .jsonLines: return try JSONLinesImport.forEachRecord(in: content, body)
        }
    }

    /// Guesses the format from the first byte that is not white space: `{` means JSON Lines.
    public static func detectFormat(_ content: UnsafeRawBufferPointer) -> ApiKeyImportFormat {
        droppingByteOrderMark(content).first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) } == UInt8(ascii: "{") ? .jsonLines : .csv
    }

    /// Returns the content after a leading UTF-8 byte order mark, which spreadsheet programs
    /// write at the start of the CSV files they export.
    static func droppingByteOrderMark(_ content: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard content.count >= 3, content[0] == 0xef, content[1] == 0xbb, content[2] == 0xbf else { return content }
        return UnsafeRawBufferPointer(rebasing: content[3...])
    }

    /// Builds a record from named fields, or returns the row's problems.
    static func record(
        line: Int, fields: [String: FieldRange], content: UnsafeRawBufferPointer
    ) -> (record: ApiKeyImportRecord?, problems: [ApiKeyImportProblem]) {
        var problems: [ApiKeyImportProblem] = []
        for name in requiredFields where fields[name]?.isEmpty ?? true {
            problems.append(ApiKeyImportProblem(line: line, field: name, problem: "missing or empty"))
        }
        guard problems.isEmpty, let clientID = fields["clientId"], let clientSecret = fields["clientSecret"] else {
            return (nil, problems)
        }
        let secretID = fields["clientSecretId"].flatMap { $0.isEmpty ? nil : $0 }
        return (ApiKeyImportRecord(
            line: line, asset: fields["asset"]!.text(in: content), account: fields["account"]!.text(in: content),
            key: fields["key"]!.text(in: content), description: fields["description"]?.text(in: content) ?? "",
            content: content, clientID: clientID, clientSecret: clientSecret, clientSecretID: secretID
        ), [])
    }
}
