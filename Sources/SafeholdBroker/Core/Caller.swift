#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// The performer of an operation: the Safehold user, and for socket callers the peer credentials the
/// service read from the connection. Every operation authorizes and audits against it.
public struct Caller: Sendable, Hashable {
    public var user: User
    public var uid: Int?
    public var pid: Int?

    public init(user: User, uid: Int? = nil, pid: Int? = nil) {
        self.user = user
        self.uid = uid
        self.pid = pid
    }

    public var id: UserID { user.id }
}
