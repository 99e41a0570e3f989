#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension Notification {
    /// Encodes the notify command's standard input: one JSON object and a newline, keys sorted,
    /// times in ISO 8601 (UTC), absent values as `null`:
    ///
    ///     {"account":"app","asset":"cache","kind":"requestApproved",
    ///      "recipient":{"email":"ann@example.com","id":"1f2e3d4c5b6a","name":"ann"},
    ///      "requestId":"a1b2c3d4e5f6","text":"...","version":1,
    ///      "windowEnd":"2026-03-20T11:56:00Z","windowStart":"2026-03-20T09:56:00Z"}
    public func encodedJSON() -> [UInt8] {
        let payload = Payload(
            version: 1, kind: kind,
            recipient: Recipient(id: recipientID.rawValue, name: recipientName, email: recipientEmail),
            requestId: requestID?.rawValue, asset: asset, account: account,
            windowStart: windowStart.map(Self.timestamp), windowEnd: windowEnd.map(Self.timestamp), text: text
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // JSONEncoder fails only on non-finite floating-point numbers, and the payload has none.
        let data = (try? encoder.encode(payload)) ?? Data("{}".utf8)
        return Array(data) + [0x0a]
    }

    private static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }

    private struct Payload: Encodable {
        var version: Int
        var kind: Kind
        var recipient: Recipient
        var requestId: String?
        var asset: String
        var account: String
        var windowStart: String?
        var windowEnd: String?
        var text: String

        // Written by hand so that absent values appear as `null` rather than being left out.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(version, forKey: .version)
            try container.encode(kind, forKey: .kind)
            try container.encode(recipient, forKey: .recipient)
            try container.encode(requestId, forKey: .requestId)
            try container.encode(asset, forKey: .asset)
            try container.encode(account, forKey: .account)
            try container.encode(windowStart, forKey: .windowStart)
            try container.encode(windowEnd, forKey: .windowEnd)
            try container.encode(text, forKey: .text)
        }

        enum CodingKeys: String, CodingKey {
            case version, kind, recipient, requestId, asset, account, windowStart, windowEnd, text
        }
    }

    private struct Recipient: Encodable {
        var id: String
        var name: String
        var email: String?

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(email, forKey: .email)
        }

        enum CodingKeys: String, CodingKey {
            case id, name, email
        }
    }
}
