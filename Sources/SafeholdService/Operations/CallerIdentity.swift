#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import SafeholdBroker
import SafeholdCrypto
import SafeholdModel
import SafeholdProtocol
import SafeholdSystem

/// Identifies the caller of one request: by bearer token when the frame carries one, else by the
/// OS login of the peer's uid. Unknown callers, revoked tokens and disabled users are refused
/// with one deliberately plain "permission denied", and each refusal is audited with the uid and
/// pid.
struct CallerIdentity: Sendable {
    let broker: Broker

    struct Refusal: Error {
        let reason: String
    }

    func identify(uid: uid_t, pid: pid_t, token: String?) throws(Refusal) -> (Caller, String) {
        if let token {
            var bytes = Array(token.utf8)
            defer { for index in bytes.indices { bytes[index] = 0 } }
            let secret = SecretBytes(copying: bytes)
            guard let user = try? broker.authenticate(token: secret) else {
                return try refuse(uid: uid, pid: pid, reason: "unknown, revoked or disabled token")
            }
            return (Caller(user: user, uid: Int(uid), pid: Int(pid)), "token")
        }

        guard let login = SystemUser.loginName(of: uid) else {
            return try refuse(uid: uid, pid: pid, reason: "uid \(uid) has no login name")
        }
        guard let user = try? broker.user(osLogin: login) else {
            return try refuse(uid: uid, pid: pid, reason: "OS login \(login) is not a Safehold user")
        }
        guard !user.isDisabled else {
            return try refuse(uid: uid, pid: pid, reason: "user \(user.name) is disabled")
        }
        return (Caller(user: user, uid: Int(uid), pid: Int(pid)), "peer")
    }

    private func refuse(uid: uid_t, pid: pid_t, reason: String) throws(Refusal) -> (Caller, String) {
        broker.recordAuthenticationFailure(uid: Int(uid), pid: Int(pid), reason: reason)
        throw Refusal(reason: reason)
    }

}
