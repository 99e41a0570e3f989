#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto

extension ConnectorRequest {
    /// Encodes the request as the connector's standard input, written straight into `SecretBytes`:
    ///
    ///     {"version":1,"action":"change","asset":"...","account":"...","key":"...",
    ///      "current":{"clientId":"...","clientSecret":"...","clientSecretId":"..."|null},
    ///      "new":{...}|null,"settings":{...}|null}
    ///
    /// Throws when a secret is not valid UTF-8 or the settings are not one JSON object, before any
    /// byte is written.
    func encodedJSON() throws(ConnectorError) -> SecretBytes {
        try checkEncodable()

        var measuring = SecretJSONWriter.measuring()
        write(to: &measuring)

        let document = SecretBytes(count: measuring.count)
        document.withUnsafeMutableBytes { buffer in
            var writer = SecretJSONWriter(into: buffer)
            write(to: &writer)
            precondition(writer.count == buffer.count, "the writing pass wrote fewer bytes than the measuring pass counted")
        }
        return document
    }

    private func checkEncodable() throws(ConnectorError) {
        let fields: [(String, SecretBytes?)] = [
            ("current client ID", current.clientId), ("current client secret", current.clientSecret),
            ("current client secret ID", current.clientSecretId), ("new client ID", new?.clientId),
            ("new client secret", new?.clientSecret), ("new client secret ID", new?.clientSecretId),
        ]
        for (field, value) in fields {
            guard let value else { continue }
            let valid = value.withUnsafeBytes { SecretJSONReader.isValidUTF8($0) }
            guard valid else { throw .invalidSecretEncoding(field: field, key: key, account: account, asset: asset) }
        }

        guard let settings else { return }
        let syntaxError: JSONSyntaxError? = settings.withUnsafeBytes { bytes in
            do throws(JSONSyntaxError) {
                try SecretJSONReader.validateObject(bytes)
                return nil
            } catch {
                return error
            }
        }
        if let syntaxError { throw .invalidSettings(asset: asset, reason: syntaxError.description) }
    }

    private func write(to writer: inout SecretJSONWriter) {
        writer.appendLiteral("{\"version\":1,\"action\":")
        writer.appendString(action.rawValue)
        writer.appendLiteral(",\"asset\":")
        writer.appendString(asset)
        writer.appendLiteral(",\"account\":")
        writer.appendString(account)
        writer.appendLiteral(",\"key\":")
        writer.appendString(key)
        writer.appendLiteral(",\"current\":")
        Self.write(current, to: &writer)
        writer.appendLiteral(",\"new\":")
        if let new {
            Self.write(new, to: &writer)
        } else {
            writer.appendLiteral("null")
        }
        writer.appendLiteral(",\"settings\":")
        if let settings {
            settings.withUnsafeBytes { writer.appendRaw($0) }
        } else {
            writer.appendLiteral("null")
        }
        writer.appendLiteral("}\n")
    }

    private static func write(_ credentials: ConnectorCredentials, to writer: inout SecretJSONWriter) {
        writer.appendLiteral("{\"clientId\":")
        writer.appendString(credentials.clientId)
        writer.appendLiteral(",\"clientSecret\":")
        writer.appendString(credentials.clientSecret)
        writer.appendLiteral(",\"clientSecretId\":")
        if let secretID = credentials.clientSecretId {
            writer.appendString(secretID)
        } else {
            writer.appendLiteral("null")
        }
        writer.appendLiteral("}")
    }
}

extension MintedKey {
    /// Parses the object a minting connector prints on standard output:
    /// `{"clientId":"...","clientSecret":"...","clientSecretId":"..."|null}`. `clientSecretId` may
    /// be left out; other members are ignored. Empty values are rejected, because a platform never
    /// issues an empty credential. Each value is decoded straight into `SecretBytes`.
    static func parse(_ bytes: UnsafeRawBufferPointer) throws(JSONSyntaxError) -> MintedKey {
        var reader = SecretJSONReader(bytes)
        var found: [String: Range<Int>] = [:]
        var seen: Set<String> = []

        try reader.expect(UInt8(ascii: "{"), "expected an object")
        reader.skipWhitespace()
        if reader.peek() == UInt8(ascii: "}") {
            try reader.expect(UInt8(ascii: "}"), "expected '}'")
        } else {
            try readMembers(&reader, bytes: bytes, found: &found, seen: &seen)
        }
        try reader.expectEnd()

        guard let clientId = found["clientId"] else { throw JSONSyntaxError(offset: 0, reason: "the object has no clientId string") }
        guard let clientSecret = found["clientSecret"] else {
            throw JSONSyntaxError(offset: 0, reason: "the object has no clientSecret string")
        }
        return MintedKey(
            clientId: SecretJSONReader.decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[clientId])),
            clientSecret: SecretJSONReader.decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[clientSecret])),
            clientSecretId: found["clientSecretId"].map { SecretJSONReader.decodeSecret(UnsafeRawBufferPointer(rebasing: bytes[$0])) }
        )
    }

    private static let memberNames: Set<String> = ["clientId", "clientSecret", "clientSecretId"]

    private static func readMembers(
        _ reader: inout SecretJSONReader, bytes: UnsafeRawBufferPointer, found: inout [String: Range<Int>], seen: inout Set<String>
    ) throws(JSONSyntaxError) {
        while true {
            let nameRange = try reader.readString()
            let name = String(decoding: SecretJSONReader.decodePlain(UnsafeRawBufferPointer(rebasing: bytes[nameRange])), as: UTF8.self)
            try reader.expect(UInt8(ascii: ":"), "expected ':' after a member name")

            if memberNames.contains(name) {
                guard seen.insert(name).inserted else { throw reader.error("duplicate member") }
                let isNull = name == "clientSecretId" ? try reader.readNull() : false
                if !isNull {
                    let range = try reader.readString()
                    guard !range.isEmpty else { throw JSONSyntaxError(offset: range.lowerBound, reason: "\(name) is empty") }
                    found[name] = range
                }
            } else {
                try reader.skipValue(depth: 1) { _ in }
            }

            reader.skipWhitespace()
            if reader.peek() == UInt8(ascii: "}") {
                try reader.expect(UInt8(ascii: "}"), "expected '}'")
                return
            }
            try reader.expect(UInt8(ascii: ","), "expected ',' or '}' in an object")
        }
    }
}
