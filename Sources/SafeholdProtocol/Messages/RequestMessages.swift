#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

public struct MyRequestsParams: Codable, Sendable, Hashable {
    public var states: [RequestState]?
    public var search: String?
    public var includeRemoved: Bool
    /// Every requester's requests (administrators and auditors).
    public var everyone: Bool
    public init(states: [RequestState]? = nil, search: String? = nil, includeRemoved: Bool = false, everyone: Bool = false) {
        self.states = states
        self.search = search
        self.includeRemoved = includeRemoved
        self.everyone = everyone
    }
}

public struct SearchParams: Codable, Sendable, Hashable {
    public var search: String?
    public init(search: String? = nil) { self.search = search }
}

/// An action on one or more requests, with an optional comment.
public struct RequestActionParams: Codable, Sendable, Hashable {
    public var ids: [String]
    public var comment: String?
    public init(ids: [String], comment: String? = nil) {
        self.ids = ids
        self.comment = comment
    }
}

/// The outcome of an action on several requests: each succeeded or failed on its own.
public struct RequestActionResult: Codable, Sendable, Hashable {
    public struct Failure: Codable, Sendable, Hashable {
        public var id: String
        public var code: ErrorCode
        public var message: String
        public var hint: String?
        public init(id: String, code: ErrorCode, message: String, hint: String?) {
            self.id = id
            self.code = code
            self.message = message
            self.hint = hint
        }
    }

    public var succeeded: [RequestSummary]
    public var failed: [Failure]
    public init(succeeded: [RequestSummary], failed: [Failure]) {
        self.succeeded = succeeded
        self.failed = failed
    }
}

public struct RequestIDParams: Codable, Sendable, Hashable {
    public var id: String
    public init(id: String) { self.id = id }
}

/// One API key as a check-out reveals it.
public struct WireRevealedKey: Codable, Sendable {
    public var name: String
    public var description: String
    public var version: Int
    public var values: WireApiKeyValues
    public init(name: String, description: String, version: Int, values: WireApiKeyValues) {
        self.name = name
        self.description = description
        self.version = version
        self.values = values
    }
}

/// The reply to `CheckOutApiKeys`: the request and account the keys belong to, and the keys.
/// It leaves out the request's summary, which `Details` returns: a check-out is the hottest
/// call of the service, and encoding and decoding the summary took a fifth of its time.
public struct CheckOutResult: Codable, Sendable {
    public var requestId: String
    /// The account as `asset/account`.
    public var accountPath: String
    public var keys: [WireRevealedKey]
    public init(requestId: String, accountPath: String, keys: [WireRevealedKey]) {
        self.requestId = requestId
        self.accountPath = accountPath
        self.keys = keys
    }
}

public struct CompletionParams: Codable, Sendable, Hashable {
    /// `requests`, `accounts` or `users`.
    public var kind: String
    public init(kind: String) { self.kind = kind }
}

public struct CompletionResult: Codable, Sendable, Hashable {
    public var words: [String]
    public init(words: [String]) { self.words = words }
}
