#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Work that the broker carries out for a transition after it has stored the new request.
public enum WorkflowEffect: Hashable, Sendable {
    /// Rotate every key that the request revealed, because a checked-out request ended.
    ///
    /// The workflow emits it for every checked-out request that ends. With simultaneous releases,
    /// the rotation code decides whether to wait for the account's last release: every trigger
    /// except `.revocation` may wait, and a revocation rotates at once.
    case rotateRevealedKeys(trigger: RotationTrigger)
    /// Send one notification to each listed user. The list is never empty.
    case notify(NotificationKind, recipients: [UserID])
}
