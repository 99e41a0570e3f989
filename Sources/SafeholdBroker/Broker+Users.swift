#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel
import SafeholdStore

extension Broker {
    /// Adds a user. Administrators only.
    public func addUser(
        name: String, osLogin: String? = nil, email: String? = nil, isAdministrator: Bool = false,
        isAuditor: Bool = false, by caller: Caller
    ) throws(BrokerError) -> User {
        try requireAdministrator(caller, to: "add users")
        let now = clock.now()
        return try write(rejecting: "add users", by: caller) { writer in
            let name = try NameRules.validate(name, kind: "user")
            if let osLogin { _ = try NameRules.validate(osLogin, kind: "OS login") }
            let user = User(
                id: IdentifierGenerator.make(random: random), name: name, osLogin: osLogin, email: email,
                isAdministrator: isAdministrator, isAuditor: isAuditor, createdAt: now
            )
            if let osLogin, let existing = try writer.user(osLogin: osLogin) {
                throw BrokerError.conflict("OS login '\(osLogin)' already belongs to user '\(existing.name)'")
            }
            try writer.insert(user)
            try audit.record("userAdded", by: caller, targets: ["user": user.id.rawValue], comment: roleSummary(user), at: now, in: writer)
            return user
        }
    }

    /// Changes a user's login, e-mail, roles or disabled flag. Administrators only; an
    /// administrator cannot remove their own administrator role or disable themselves, so that a
    /// vault never loses its last way in by accident.
    public func updateUser(name: String, changes: UserChanges, by caller: Caller) throws(BrokerError) -> User {
        try requireAdministrator(caller, to: "change users")
        let now = clock.now()
        return try write(rejecting: "change users", by: caller) { writer in
            if let login = changes.osLogin, !login.isEmpty { _ = try NameRules.validate(login, kind: "OS login") }
            var user = try user(named: name, in: writer)
            if user.id == caller.id && (changes.isAdministrator == false || changes.isDisabled == true) {
                throw BrokerError.invalidInput(
                    "you cannot remove your own administrator role or disable yourself",
                    hint: "ask another administrator"
                )
            }
            let before = user
            if let login = changes.osLogin {
                if !login.isEmpty, let owner = try writer.user(osLogin: login), owner.id != user.id {
                    throw BrokerError.conflict("OS login '\(login)' already belongs to user '\(owner.name)'")
                }
                user.osLogin = login.isEmpty ? nil : login
            }
            if let email = changes.email { user.email = email.isEmpty ? nil : email }
            if let isAdministrator = changes.isAdministrator { user.isAdministrator = isAdministrator }
            if let isAuditor = changes.isAuditor { user.isAuditor = isAuditor }
            if let isDisabled = changes.isDisabled { user.isDisabled = isDisabled }
            guard user != before else { return user }
            try writer.update(user)
            var action = "userUpdated"
            if before.isDisabled != user.isDisabled {
                action = user.isDisabled ? "userDisabled" : "userEnabled"
            }
            try audit.record(action, by: caller, targets: ["user": user.id.rawValue], comment: roleSummary(user), at: now, in: writer)
            return user
        }
    }

    /// Lists users. Administrators and auditors only.
    public func users(by caller: Caller) throws(BrokerError) -> [User] {
        try requireAuditorOrAdministrator(caller, to: "list users")
        return try read { reader in try reader.users() }
    }

    /// Finds the enabled user whose OS login is `login`, for socket callers.
    public func user(osLogin login: String) throws(BrokerError) -> User? {
        try read { reader in try reader.user(osLogin: login) }
    }

    /// Finds a user by id, for re-reading the caller on each call.
    public func user(id: UserID) throws(BrokerError) -> User? {
        try read { reader in try reader.user(id: id) }
    }

    private func roleSummary(_ user: User) -> String {
        var roles: [String] = []
        if user.isAdministrator { roles.append("administrator") }
        if user.isAuditor { roles.append("auditor") }
        if user.isDisabled { roles.append("disabled") }
        return roles.isEmpty ? "user" : roles.joined(separator: ", ")
    }
}
