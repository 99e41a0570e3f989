#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A field of a request that a policy can require.
public enum RequestField: String, Hashable, Sendable, Codable {
    case ticketNumber
    case reason

    /// The command-line option that sets the field.
    var option: String {
        switch self {
        case .ticketNumber: "--ticket"
        case .reason: "--reason"
        }
    }

    /// The field's name in a sentence.
    var phrase: String {
        switch self {
        case .ticketNumber: "a ticket number"
        case .reason: "a reason"
        }
    }
}
