#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Failures to read or write an export file. Verification problems are not errors: they are
/// reported in `AuditVerification`.
public enum AuditExportFileError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The first line is not a Safehold audit export header.
    case notAnExport
    case unsupportedVersion(Int)
    case encodingFailed(type: String)

    public var description: String {
        switch self {
        case .notAnExport: "the file is not a Safehold audit export: its first line is not an export header"
        case let .unsupportedVersion(version): "the export has format version \(version), which this safehold does not know; upgrade safehold"
        case let .encodingFailed(type): "failed to encode \(type) as JSON"
        }
    }
}
