#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The export file: JSON Lines in UTF-8. The first line is the `AuditExport` header with the
/// public key, the signed head and the checkpoints. Every following line is one event in sequence
/// order, encoded as `safehold audit --json` prints it. Keys are sorted, binary values are base64
/// and times are integer milliseconds since 1970.
public enum AuditExportFile {
    /// Returns `value` as one line of JSON ending in a newline.
    public static func line<Value: Encodable>(_ value: Value) throws(AuditExportFileError) -> [UInt8] {
        do {
            return [UInt8](try encoder().encode(value)) + [0x0a]
        } catch {
            throw .encodingFailed(type: String(describing: Value.self))
        }
    }

    /// Verifies an export's contents with only `publicKey`: the header's signed head and
    /// checkpoints, then every event line in order. The public key inside the file is ignored,
    /// because anyone who altered the file could have replaced it too.
    public static func verify(_ contents: [UInt8], publicKey: Data) throws(AuditExportFileError) -> AuditVerification {
        var lines = contents.split(separator: 0x0a, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        guard let first = lines.first, let header = try? decoder().decode(AuditExport.self, from: Data(first)),
              header.format == AuditExport.formatName
        else { throw .notAnExport }
        guard header.version == 1 else { throw .unsupportedVersion(header.version) }

        var verifier = AuditVerifier(publicKey: publicKey, checkpoints: header.checkpoints, exportHead: header.head)
        for (index, line) in lines.dropFirst().enumerated() where !verifier.hasFailed {
            guard let event = try? decoder().decode(AuditEvent.self, from: Data(line)) else {
                var result = verifier.finish()
                result.isValid = false
                result.firstBadSequence = (result.headSequence ?? 0) + 1
                result.problem = "line \(index + 2) of the export is not an audit event: the file was altered or damaged"
                return result
            }
            verifier.check(event)
        }
        return verifier.finish()
    }

    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(AuditSignature.milliseconds(date))
        }
        return encoder
    }

    static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .millisecondsSince1970
        return decoder
    }
}
