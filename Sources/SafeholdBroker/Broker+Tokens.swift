#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdCrypto
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Prefix of every token, so that secret scanners can recognise a leaked one.
    public static let tokenPrefix = "sht_"

    /// Creates a bearer token for `userName` and returns it once. Only its keyed hash is stored.
    /// Administrators only.
    public func createToken(for userName: String, by caller: Caller) throws(BrokerError) -> (token: Token, text: SecretBytes) {
        try requireAdministrator(caller, to: "create tokens")
        let text = KeyGenerator.generate(
            length: 40, alphabet: Array(KeyFormat.base62Alphabet.utf8), prefix: Array(Self.tokenPrefix.utf8), random: random
        )
        let now = clock.now()
        let token = try write(rejecting: "create tokens", by: caller) { writer in
            let user = try user(named: userName, in: writer)
            let token = Token(id: IdentifierGenerator.make(random: random), userID: user.id, hash: tokenHash(text), createdAt: now)
            try writer.insert(token)
            try audit.record("tokenCreated", by: caller, targets: ["user": user.id.rawValue, "token": token.id.rawValue], at: now, in: writer)
            return token
        }
        return (token, text)
    }

    /// Lists tokens (never their text), of one user or of all. Administrators and auditors only.
    public func tokens(of userName: String?, by caller: Caller) throws(BrokerError) -> [Token] {
        try requireAuditorOrAdministrator(caller, to: "list tokens")
        return try read { reader in
            let userID = try userName.map { try user(named: $0, in: reader).id }
            return try reader.tokens(userID: userID)
        }
    }

    /// Revokes a token by id. Administrators only.
    public func revokeToken(id: String, by caller: Caller) throws(BrokerError) -> Token {
        try requireAdministrator(caller, to: "revoke tokens")
        let now = clock.now()
        return try write(rejecting: "revoke tokens", by: caller) { writer in
            guard var token = try writer.token(id: TokenID(id.lowercased())) else {
                throw BrokerError.notFound(kind: "token", name: id, hint: "list tokens with `safehold token list`")
            }
            guard token.revokedAt == nil else { return token }
            token.revokedAt = now
            try writer.update(token)
            try audit.record("tokenRevoked", by: caller, targets: ["user": token.userID.rawValue, "token": token.id.rawValue], at: now, in: writer)
            return token
        }
    }

    /// Returns the enabled user a token belongs to, or nil for an unknown or revoked token, a
    /// disabled user, or a token without the prefix. The lookup is by keyed hash, so timing does
    /// not depend on how much of a guess matches a real token.
    public func authenticate(token text: SecretBytes) throws(BrokerError) -> User? {
        let hash = tokenHash(text)
        return try read { reader in
            guard let token = try reader.token(hash: hash), token.revokedAt == nil,
                  let user = try reader.user(id: token.userID), !user.isDisabled
            else { return nil }
            return user
        }
    }

    /// Records a failed authentication: unknown uid, unknown or revoked token, disabled user.
    public func recordAuthenticationFailure(uid: Int, pid: Int, reason: String) {
        do {
            try store.write { writer in
                try audit.record("authenticationFailed", by: nil, uid: uid, pid: pid, targets: [:], comment: reason, at: clock.now(), in: writer)
            }
        } catch {
            log.error("failed to record an authentication failure", ["uid": String(uid), "error": "\(error)"])
        }
    }

    private func tokenHash(_ text: SecretBytes) -> Data {
        KeyedHash.hash(text, key: keys.tokenHashKey)
    }
}
