#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Columns of the listings, named after the pages of the reference product (One Identity
/// Safeguard), so that its users find the same headings. Cells are filled in column order.
public enum ListingColumns {
    /// `safehold approvals`. The Action cell contains the request id to pass to `approve` or `deny`.
    public static let approvals: [TableColumn] = [
        TableColumn(name: "action", title: "Action"),
        TableColumn(name: "requester", title: "Requester / Status"),
        TableColumn(name: "asset", title: "Asset / Access Type"),
        TableColumn(name: "account", title: "Account"),
        TableColumn(name: "ticket", title: "Ticket Number"),
        TableColumn(name: "requested-for", title: "Requested For"),
    ]

    /// `safehold reviews`. The Action cell contains the request id to pass to `review`.
    public static let reviews: [TableColumn] = [
        TableColumn(name: "action", title: "Action"),
        TableColumn(name: "requester", title: "Requester"),
        TableColumn(name: "access-type", title: "Access Type"),
        TableColumn(name: "account", title: "Account"),
        TableColumn(name: "ticket", title: "Ticket Number"),
        TableColumn(name: "requested-for", title: "Requested For / Duration"),
    ]

    /// `safehold requests` (My Requests).
    public static let requests: [TableColumn] = [
        TableColumn(name: "id", title: "ID"),
        TableColumn(name: "status", title: "Status"),
        TableColumn(name: "asset", title: "Asset"),
        TableColumn(name: "account", title: "Account"),
        TableColumn(name: "ticket", title: "Ticket Number"),
        TableColumn(name: "requested-for", title: "Requested For"),
        TableColumn(name: "remaining", title: "Remaining"),
    ]
}
