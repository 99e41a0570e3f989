#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import SafeholdModel

/// Statements on `requests` and `request_history`. Column lists are constants; every value is a
/// parameter. The listing queries of `RequestQuery` are in `SQLiteVaultStore+RequestQuery.swift`.
enum RequestSQL {
    /// Every column except `deadline`, which is the scheduler's and not part of the model.
    static let columns = """
        id, requester_id, account_id, asset_id, policy_id, state, requested_at, requested_start, window_start,
        duration_seconds, ticket_number, reason, is_emergency, was_denied, was_revoked, was_cancelled, was_expired,
        was_checked_out, is_acknowledged, is_removed, approvals, reviews, revealed_versions, resubmitted_from,
        close_comment, updated_at
        """
    /// The condition of the partial indexes by policy and by account. A query uses them only when
    /// its WHERE clause contains this exact text, so `RequestQuery` adds it whenever every state
    /// it requests is open.
    static let isOpen = "state NOT IN ('Complete', 'Closed')"
    static let selectByID = "SELECT \(columns) FROM requests WHERE id = ?1"
    static let insert = """
        INSERT INTO requests (\(columns), deadline)
        VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22,
            ?23, ?24, ?25, ?26, ?27)
        """
    /// Sets only what the workflow changes after submission. The requester, account, asset,
    /// policy, requested times, duration, ticket, reason, emergency flag and resubmission source
    /// are fixed at insert. Leaving them out of the SET keeps SQLite from rewriting the indexes on
    /// requester and request time at every transition.
    static let update = """
        UPDATE requests SET state = ?2, window_start = ?3, was_denied = ?4, was_revoked = ?5, was_cancelled = ?6,
            was_expired = ?7, was_checked_out = ?8, is_acknowledged = ?9, is_removed = ?10, approvals = ?11,
            reviews = ?12, revealed_versions = ?13, close_comment = ?14, updated_at = ?15, deadline = ?16
        WHERE id = ?1
        """
    /// A range on the primary key instead of LIKE, which would read every id.
    static let selectIDsInRange = "SELECT id FROM requests WHERE id >= ?1 AND id < ?2 ORDER BY id LIMIT ?3"
    static let selectIDsFrom = "SELECT id FROM requests WHERE id >= ?1 ORDER BY id LIMIT ?2"
    static let selectEarliestDeadline = """
        SELECT deadline FROM requests WHERE deadline IS NOT NULL ORDER BY deadline LIMIT 1
        """
    static let selectDue = """
        SELECT \(columns) FROM requests WHERE deadline IS NOT NULL AND deadline <= ?1 ORDER BY deadline, id
        """
    static let selectHistory = """
        SELECT at, actor_id, action, old_state, new_state, comment FROM request_history
        WHERE request_id = ?1 ORDER BY step
        """
    /// Steps count from 0 per request; the next one is found through the primary key.
    static let insertHistory = """
        INSERT INTO request_history (request_id, step, at, actor_id, action, old_state, new_state, comment)
        VALUES (?1, (SELECT coalesce(max(step) + 1, 0) FROM request_history WHERE request_id = ?1), ?2, ?3, ?4, ?5, ?6, ?7)
        """
}

extension SQLiteVaultStore.Transaction {
    func request(id: RequestID) throws -> AccessRequest? {
        try fetchOne(RequestSQL.selectByID, [id], AccessRequest.init(row:))
    }

    /// Full ids that start with `prefix`, in id order, at most `limit` of them.
    func requestIDs(withPrefix prefix: String, limit: Int) throws -> [RequestID] {
        let decode = { (row: Row) throws(DatabaseError) -> RequestID in try row.id(0) }
        guard let successor = Self.successor(ofPrefix: prefix) else {
            return try fetchAll(RequestSQL.selectIDsFrom, [prefix, limit], decode)
        }
        return try fetchAll(RequestSQL.selectIDsInRange, [prefix, successor, limit], decode)
    }

    /// Returns the smallest string greater than every string that starts with `prefix`, in SQLite's
    /// BINARY order (UTF-8 bytes, which sort like Unicode scalar values). Returns nil when there is
    /// none, for an empty prefix or one of only U+10FFFF.
    static func successor(ofPrefix prefix: String) -> String? {
        var scalars = Array(prefix.unicodeScalars)
        while let last = scalars.popLast() {
            // Skip the surrogate range, which contains no scalar values.
            let next = last.value == 0xD7FF ? 0xE000 : last.value + 1
            if let scalar = Unicode.Scalar(next) {
                scalars.append(scalar)
                var text = String.UnicodeScalarView()
                text.append(contentsOf: scalars)
                return String(text)
            }
        }
        return nil
    }

    func history(requestID: RequestID) throws -> [HistoryEntry] {
        try fetchAll(RequestSQL.selectHistory, [requestID], HistoryEntry.init(row:))
    }

    func earliestRequestDeadline() throws -> Date? {
        try fetchOne(RequestSQL.selectEarliestDeadline) { row throws(DatabaseError) in try row.date(0) }
    }

    /// Requests whose deadline is at or before `date`, earliest deadline first.
    func requestsDue(by date: Date) throws -> [AccessRequest] {
        try fetchAll(RequestSQL.selectDue, [date], AccessRequest.init(row:))
    }

    func insert(_ request: AccessRequest, deadline: Date?) throws {
        try execute(
            RequestSQL.insert, arguments(of: request, deadline: deadline),
            unique: ["requests.id": ("request", request.id.rawValue)]
        )
    }

    func update(_ request: AccessRequest, deadline: Date?) throws {
        let flags = request.flags
        let arguments: [any DatabaseValueConvertible] = [
            request.id, request.state.rawValue, request.windowStart, flags.wasDenied, flags.wasRevoked,
            flags.wasCancelled, flags.wasExpired, flags.wasCheckedOut, request.isAcknowledged, request.isRemoved,
            RequestListJSON.encode(request.approvals), RequestListJSON.encode(request.reviews),
            RequestListJSON.encode(request.revealedVersions), request.closeComment, request.updatedAt, deadline,
        ]
        try change(RequestSQL.update, arguments, kind: "request", id: request.id.rawValue)
    }

    func appendHistory(_ entry: HistoryEntry, requestID: RequestID) throws {
        let arguments: [any DatabaseValueConvertible] = [
            requestID, entry.at, entry.actorID, entry.action.rawValue, entry.oldState?.rawValue,
            entry.newState.rawValue, entry.comment,
        ]
        try execute(RequestSQL.insertHistory, arguments, parent: ("request", requestID.rawValue))
    }

    private func arguments(of request: AccessRequest, deadline: Date?) -> [any DatabaseValueConvertible] {
        let flags = request.flags
        return [
            request.id, request.requesterID, request.accountID, request.assetID, request.policyID,
            request.state.rawValue, request.requestedAt, request.requestedStart, request.windowStart,
            request.durationSeconds, request.ticketNumber, request.reason, request.isEmergency,
            flags.wasDenied, flags.wasRevoked, flags.wasCancelled, flags.wasExpired, flags.wasCheckedOut,
            request.isAcknowledged, request.isRemoved, RequestListJSON.encode(request.approvals),
            RequestListJSON.encode(request.reviews), RequestListJSON.encode(request.revealedVersions), request.resubmittedFrom, request.closeComment, request.updatedAt, deadline,
        ]
    }
}

extension AccessRequest {
    /// Reads a row selected with `RequestSQL.columns`.
    init(row: Row) throws(DatabaseError) {
        var flags = RequestFlags()
        flags.wasDenied = try row.bool(13)
        flags.wasRevoked = try row.bool(14)
        flags.wasCancelled = try row.bool(15)
        flags.wasExpired = try row.bool(16)
        flags.wasCheckedOut = try row.bool(17)

        self.init(
            id: try row.id(0), requesterID: try row.id(1), accountID: try row.id(2), assetID: try row.id(3),
            policyID: try row.id(4), state: try row.value(5), requestedAt: try row.date(6),
            requestedStart: try row.optionalDate(7), windowStart: try row.optionalDate(8),
            durationSeconds: try row.int(9), ticketNumber: try row.optionalText(10), reason: try row.optionalText(11),
            isEmergency: try row.bool(12), flags: flags, isAcknowledged: try row.bool(18),
            isRemoved: try row.bool(19), approvals: try row.json(20, reading: RequestListJSON.approvals),
            reviews: try row.json(21, reading: RequestListJSON.reviews),
            revealedVersions: try row.json(22, reading: RequestListJSON.revealedVersions), resubmittedFrom: try row.optionalID(23),
            closeComment: try row.optionalText(24), updatedAt: try row.date(25)
        )
    }
}

private extension HistoryEntry {
    init(row: Row) throws(DatabaseError) {
        self.init(
            at: try row.date(0), actorID: try row.optionalID(1), action: try row.value(2),
            oldState: try row.optionalValue(3), newState: try row.value(4), comment: try row.optionalText(5)
        )
    }
}
