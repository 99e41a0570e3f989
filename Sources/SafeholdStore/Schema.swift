#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The vault's schema as an ordered list of migrations.
///
/// Times are INTEGER milliseconds since 1970, and ids are the model's 12-character TEXT ids.
/// Booleans are INTEGER 0 or 1, enums are TEXT raw values, and structured values are JSON TEXT
/// written by `StoreJSON`. Tables are STRICT, so SQLite rejects a value of the wrong type.
/// Requests and audit events refer to users, accounts and policies without foreign keys, because
/// they are records of the past that must outlive the objects they name.
enum Schema {
    static let migrations: [Migration] = [
        Migration(name: "create directory", statements: directory),
        Migration(name: "create API keys", statements: apiKeys),
        Migration(name: "create policies", statements: policies),
        Migration(name: "create requests", statements: requests),
        Migration(name: "create rotation journal", statements: rotationJournal),
        Migration(name: "create audit trail", statements: auditTrail),
        Migration(name: "create metadata", statements: metadata),
    ]

    /// The schema version this build reads and writes.
    static var version: Int { migrations.count }

    private static let directory = [
        """
        CREATE TABLE users (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            os_login TEXT UNIQUE,
            email TEXT,
            is_administrator INTEGER NOT NULL,
            is_auditor INTEGER NOT NULL,
            is_disabled INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE tokens (
            id TEXT NOT NULL PRIMARY KEY,
            user_id TEXT NOT NULL REFERENCES users (id),
            hash BLOB NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER,
            last_used_at INTEGER
        ) STRICT
        """,
        "CREATE INDEX tokens_by_user ON tokens (user_id)",
        """
        CREATE TABLE assets (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            description TEXT NOT NULL,
            platform TEXT NOT NULL,
            connector_path TEXT,
            is_disabled INTEGER NOT NULL,
            created_at INTEGER NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE accounts (
            id TEXT NOT NULL PRIMARY KEY,
            asset_id TEXT NOT NULL REFERENCES assets (id),
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            is_disabled INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            UNIQUE (asset_id, name)
        ) STRICT
        """,
    ]

    /// Key versions hold the only sealed values. A retired version keeps neither sealed column,
    /// and the CHECK makes that a rule of the file, not only of the code.
    private static let apiKeys = [
        """
        CREATE TABLE api_keys (
            id TEXT NOT NULL PRIMARY KEY,
            account_id TEXT NOT NULL REFERENCES accounts (id),
            name TEXT NOT NULL,
            description TEXT NOT NULL,
            format TEXT NOT NULL,
            status TEXT NOT NULL,
            rotation_error TEXT,
            current_version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            rotated_at INTEGER NOT NULL,
            UNIQUE (account_id, name)
        ) STRICT
        """,
        "CREATE INDEX api_keys_by_rotated_at ON api_keys (rotated_at)",
        """
        CREATE TABLE key_versions (
            key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
            version INTEGER NOT NULL,
            state TEXT NOT NULL,
            wrapped_data_key BLOB,
            sealed_value BLOB,
            created_at INTEGER NOT NULL,
            started_at INTEGER,
            ended_at INTEGER,
            PRIMARY KEY (key_id, version),
            CHECK (state <> 'retired' OR (wrapped_data_key IS NULL AND sealed_value IS NULL))
        ) STRICT, WITHOUT ROWID
        """,
    ]

    /// A policy is stored whole as JSON. `policy_members` lists its requesters, approvers and
    /// reviewers by role, so that Approvals and Reviews find a user's policies through an index.
    private static let policies = [
        """
        CREATE TABLE policies (
            id TEXT NOT NULL PRIMARY KEY,
            name TEXT NOT NULL UNIQUE,
            priority INTEGER NOT NULL,
            policy TEXT NOT NULL
        ) STRICT
        """,
        """
        CREATE TABLE policy_members (
            policy_id TEXT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
            role TEXT NOT NULL CHECK (role IN ('requester', 'approver', 'reviewer')),
            user_id TEXT NOT NULL,
            PRIMARY KEY (policy_id, role, user_id)
        ) STRICT, WITHOUT ROWID
        """,
        "CREATE INDEX policy_members_by_user ON policy_members (user_id, role, policy_id)",
    ]

    /// The listing indexes end with (requested_at, id), the listing order: My Requests reads by
    /// requester, Approvals and Reviews by policy and state, exclusivity checks by account and
    /// state. The scheduler reads by deadline. The indexes by policy and by account contain open
    /// requests only (`RequestSQL.isOpen`), because every query on them requests open states. A
    /// request leaves them when it completes instead of moving among the ever-growing finished
    /// ones at every transition.
    private static let requests = [
        """
        CREATE TABLE requests (
            id TEXT NOT NULL PRIMARY KEY,
            requester_id TEXT NOT NULL,
            account_id TEXT NOT NULL,
            asset_id TEXT NOT NULL,
            policy_id TEXT NOT NULL,
            state TEXT NOT NULL,
            requested_at INTEGER NOT NULL,
            requested_start INTEGER,
            window_start INTEGER,
            duration_seconds INTEGER NOT NULL,
            ticket_number TEXT,
            reason TEXT,
            is_emergency INTEGER NOT NULL,
            was_denied INTEGER NOT NULL,
            was_revoked INTEGER NOT NULL,
            was_cancelled INTEGER NOT NULL,
            was_expired INTEGER NOT NULL,
            was_checked_out INTEGER NOT NULL,
            is_acknowledged INTEGER NOT NULL,
            is_removed INTEGER NOT NULL,
            approvals TEXT NOT NULL,
            reviews TEXT NOT NULL,
            revealed_versions TEXT NOT NULL,
            resubmitted_from TEXT,
            close_comment TEXT,
            updated_at INTEGER NOT NULL,
            deadline INTEGER
        ) STRICT
        """,
        "CREATE INDEX requests_by_requester ON requests (requester_id, requested_at, id)",
        "CREATE INDEX requests_by_policy ON requests (policy_id, state, requested_at, id) WHERE \(RequestSQL.isOpen)",
        "CREATE INDEX requests_by_account ON requests (account_id, state, requested_at, id) WHERE \(RequestSQL.isOpen)",
        "CREATE INDEX requests_by_time ON requests (requested_at, id)",
        "CREATE INDEX requests_by_deadline ON requests (deadline) WHERE deadline IS NOT NULL",
        // Keyed by request, so that the steps of one request share a page: appending a step
        // writes that page only, where a rowid table also wrote an index page.
        """
        CREATE TABLE request_history (
            request_id TEXT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
            step INTEGER NOT NULL,
            at INTEGER NOT NULL,
            actor_id TEXT,
            action TEXT NOT NULL,
            old_state TEXT,
            new_state TEXT NOT NULL,
            comment TEXT,
            PRIMARY KEY (request_id, step)
        ) STRICT, WITHOUT ROWID
        """,
    ]

    private static let rotationJournal = [
        """
        CREATE TABLE rotation_journal (
            id TEXT NOT NULL PRIMARY KEY,
            key_id TEXT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
            account_id TEXT NOT NULL,
            pending_version INTEGER NOT NULL,
            rotation_trigger TEXT NOT NULL,
            request_id TEXT,
            attempts INTEGER NOT NULL,
            state TEXT NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            last_error TEXT,
            created_at INTEGER NOT NULL
        ) STRICT
        """,
        "CREATE INDEX rotation_journal_by_key ON rotation_journal (key_id)",
        "CREATE INDEX rotation_journal_by_account ON rotation_journal (account_id)",
        "CREATE INDEX rotation_journal_by_next_attempt ON rotation_journal (next_attempt_at) WHERE state = 'pending'",
    ]

    /// `targets` contains the targets section of the canonical encoding (`AuditEncoder`), so that
    /// verification hashes it as stored and a listing decodes it without JSON. `request_id`,
    /// `user_id` and `account_id` copy the `request`, `user` and `account` targets, so that the
    /// audit filters use an index.
    private static let auditTrail = [
        """
        CREATE TABLE audit_events (
            sequence INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            actor_id TEXT,
            actor_uid INTEGER,
            actor_pid INTEGER,
            action TEXT NOT NULL,
            targets BLOB NOT NULL,
            old_state TEXT,
            new_state TEXT,
            comment TEXT,
            value_hash BLOB,
            previous_hash BLOB NOT NULL,
            hash BLOB NOT NULL,
            request_id TEXT,
            user_id TEXT,
            account_id TEXT
        ) STRICT
        """,
        "CREATE INDEX audit_events_by_time ON audit_events (at)",
        "CREATE INDEX audit_events_by_actor ON audit_events (actor_id) WHERE actor_id IS NOT NULL",
        "CREATE INDEX audit_events_by_request ON audit_events (request_id) WHERE request_id IS NOT NULL",
        "CREATE INDEX audit_events_by_user ON audit_events (user_id) WHERE user_id IS NOT NULL",
        "CREATE INDEX audit_events_by_account ON audit_events (account_id) WHERE account_id IS NOT NULL",
        """
        CREATE TABLE audit_checkpoints (
            id INTEGER PRIMARY KEY,
            sequence INTEGER NOT NULL,
            head_hash BLOB NOT NULL,
            signature BLOB NOT NULL,
            at INTEGER NOT NULL
        ) STRICT
        """,
    ]

    private static let metadata = [
        "CREATE TABLE metadata (name TEXT NOT NULL PRIMARY KEY, value BLOB NOT NULL) STRICT, WITHOUT ROWID",
    ]
}
