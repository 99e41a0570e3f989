#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdBroker
import SafeholdCrypto

/// The client ID, client secret and optional client secret ID of `apikey add`, from one secret
/// input: either one JSON object `{"clientId": ..., "clientSecret": ..., "clientSecretId": ...}`
/// or up to three lines (client ID, client secret, client secret ID).
enum ApiKeyInput {
    static let memberNames: Set<String> = ["clientId", "clientSecret", "clientSecretId"]

    static func parse(_ input: SecretBytes) throws(InputError) -> ApiKeyValues {
        let isJSON = input.withUnsafeBytes { bytes in bytes.first { ![0x20, 0x09, 0x0a, 0x0d].contains($0) } == UInt8(ascii: "{") }
        return isJSON ? try parseJSON(input) : try parseLines(input)
    }

    private static func parseJSON(_ input: SecretBytes) throws(InputError) -> ApiKeyValues {
        let outcome: Result<ApiKeyValues, InputError> = input.withUnsafeBytes { bytes in
            do {
                let object = try SecretJSONObject(parsing: bytes)
                if let unknown = object.members.first(where: { !memberNames.contains($0.name) }) {
                    return .failure(.malformed("unknown member '\(unknown.name)' in the key object; expected clientId, clientSecret and clientSecretId"))
                }
                guard let id = object.range(of: "clientId") else { return .failure(.malformed("the key object has no clientId")) }
                guard let secret = object.range(of: "clientSecret"), !secret.isEmpty else {
                    return .failure(.malformed("the key object has no clientSecret"))
                }
                return .success(ApiKeyValues(
                    clientID: SecretJSONObject.secret(bytes, id), clientSecret: SecretJSONObject.secret(bytes, secret),
                    clientSecretID: object.range(of: "clientSecretId").map { SecretJSONObject.secret(bytes, $0) }
                ))
            } catch {
                return .failure(.malformed("the key object is not valid JSON: \(error)"))
            }
        }
        return try outcome.get()
    }

    /// Line 1 is the client ID, line 2 the client secret, line 3 (optional) the client secret ID.
    private static func parseLines(_ input: SecretBytes) throws(InputError) -> ApiKeyValues {
        let lines: [SecretBytes] = input.withUnsafeBytes { bytes in
            var parts: [SecretBytes] = []
            var start = 0
            for index in 0...bytes.count where index == bytes.count || bytes[index] == 0x0a {
                var end = index
                if end > start && bytes[end - 1] == 0x0d { end -= 1 }
                parts.append(SecretBytes(copying: UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
                start = index + 1
            }
            return parts
        }
        guard lines.count >= 2, lines[1].count > 0 else {
            throw .malformed("expected the client ID on line 1 and the client secret on line 2 (the client secret ID on line 3 is optional)")
        }
        guard lines.count <= 3 else {
            throw .malformed("expected at most three lines (client ID, client secret, client secret ID), found \(lines.count)")
        }
        let secretID = lines.count == 3 && lines[2].count > 0 ? lines[2] : nil
        return ApiKeyValues(clientID: lines[0], clientSecret: lines[1], clientSecretID: secretID)
    }

    /// Asks for each value on the terminal without echo.
    static func prompt() throws(InputError) -> ApiKeyValues {
        let clientID = try TerminalPrompt.readLine(prompt: "Client ID: ")
        let clientSecret = try TerminalPrompt.readLine(prompt: "Client secret: ")
        guard clientSecret.count > 0 else { throw .empty(source: "the prompt") }
        let clientSecretID = try TerminalPrompt.readLine(prompt: "Client secret ID (Enter for none): ")
        return ApiKeyValues(clientID: clientID, clientSecret: clientSecret, clientSecretID: clientSecretID.count > 0 ? clientSecretID : nil)
    }
}
