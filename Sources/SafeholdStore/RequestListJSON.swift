#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Hand-written JSON for the list columns of `requests` (approvals, reviews, revealed versions),
/// which every workflow action reads and writes: `JSONDecoder` and `JSONEncoder` cost more than
/// the rest of a request's row. The text has the shape that `StoreJSON` writes for the same values
/// (sorted keys, dates as integer milliseconds, absent comments left out), and text this reader
/// does not expect goes to `StoreJSON`, so both read each other's text.
enum RequestListJSON {
    static func encode(_ approvals: [Approval]) -> String {
        var text = "["
        for (offset, approval) in approvals.enumerated() {
            text += offset == 0 ? "{\"at\":" : ",{\"at\":"
            text += String(approval.at.millisecondsSince1970)
            appendComment(approval.comment, to: &text)
            text += ",\"setIndex\":" + String(approval.setIndex) + ",\"userID\":"
            appendString(approval.userID.rawValue, to: &text)
            text += "}"
        }
        return text + "]"
    }

    static func encode(_ reviews: [Review]) -> String {
        var text = "["
        for (offset, review) in reviews.enumerated() {
            text += offset == 0 ? "{\"at\":" : ",{\"at\":"
            text += String(review.at.millisecondsSince1970)
            appendComment(review.comment, to: &text)
            text += ",\"userID\":"
            appendString(review.userID.rawValue, to: &text)
            text += "}"
        }
        return text + "]"
    }

    /// Encodes versions by key id, keys in ascending order.
    static func encode(_ revealed: [ApiKeyID: Int]) -> String {
        var text = "{"
        for (offset, (keyID, version)) in revealed.sorted(by: { $0.key < $1.key }).enumerated() {
            if offset > 0 { text += "," }
            appendString(keyID.rawValue, to: &text)
            text += ":" + String(version)
        }
        return text + "}"
    }

    static func approvals(_ text: String) -> [Approval]? {
        if text == "[]" { return [] }
        return try? JSONReader.read(text) { reader throws(JSONReader.Failure) in
            var approvals: [Approval] = []
            try reader.readArray { reader throws(JSONReader.Failure) in
                var fields = Fields()
                try reader.readObject { key, reader throws(JSONReader.Failure) in try fields.read(key, from: &reader, allowingSetIndex: true) }
                guard let userID = fields.userID, let at = fields.at, let setIndex = fields.setIndex else {
                    throw reader.failure("missing approval field")
                }
                approvals.append(Approval(userID: UserID(userID), setIndex: setIndex, at: at, comment: fields.comment))
            }
            return approvals
        }
    }

    static func reviews(_ text: String) -> [Review]? {
        if text == "[]" { return [] }
        return try? JSONReader.read(text) { reader throws(JSONReader.Failure) in
            var reviews: [Review] = []
            try reader.readArray { reader throws(JSONReader.Failure) in
                var fields = Fields()
                try reader.readObject { key, reader throws(JSONReader.Failure) in try fields.read(key, from: &reader, allowingSetIndex: false) }
                guard let userID = fields.userID, let at = fields.at else { throw reader.failure("missing review field") }
                reviews.append(Review(userID: UserID(userID), at: at, comment: fields.comment))
            }
            return reviews
        }
    }

    static func revealedVersions(_ text: String) -> [ApiKeyID: Int]? {
        if text == "{}" { return [:] }
        return try? JSONReader.read(text) { reader throws(JSONReader.Failure) in
            var versions: [ApiKeyID: Int] = [:]
            try reader.readObject { key, reader throws(JSONReader.Failure) in
                guard versions[ApiKeyID(key)] == nil else { throw reader.failure("repeated key") }
                versions[ApiKeyID(key)] = try reader.readInt()
            }
            return versions
        }
    }

    /// The members of one approval or review. A repeated or unknown key fails the read.
    private struct Fields {
        var userID: String?
        var at: Date?
        var setIndex: Int?
        var comment: String?
        var hasComment = false

        mutating func read(_ key: String, from reader: inout JSONReader, allowingSetIndex: Bool) throws(JSONReader.Failure) {
            switch key {
            case "userID" where userID == nil:
                userID = try reader.readString()
            case "at" where at == nil:
                at = Date(millisecondsSince1970: Int64(try reader.readInt()))
            case "setIndex" where allowingSetIndex && setIndex == nil:
                setIndex = try reader.readInt()
            case "comment" where !hasComment:
                hasComment = true
                comment = try reader.readNull() ? nil : try reader.readString()
            default:
                throw reader.failure("unexpected or repeated key")
            }
        }
    }

    private static func appendComment(_ comment: String?, to text: inout String) {
        guard let comment else { return }
        text += ",\"comment\":"
        appendString(comment, to: &text)
    }

    /// Appends `value` as a JSON string, escaping what JSON requires and `/`, as `JSONEncoder` does.
    static func appendString(_ value: String, to text: inout String) {
        text += "\""
        let needsEscaping = value.utf8.contains { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "/") }
        guard needsEscaping else {
            text += value
            text += "\""
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "/": text += "\\/"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            case "\u{00}"..."\u{1F}":
                let hex = String(scalar.value, radix: 16)
                text += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: text.unicodeScalars.append(scalar)
            }
        }
        text += "\""
    }
}
