//! Accounts, sessions, the audit chain, the mail outbox and the registry.

use crate::sql;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const COMMON: &str = r#"
CREATE TABLE organization (
    id {ID},
    credit_code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    org_type TEXT NOT NULL,
    domicile TEXT NOT NULL,
    district TEXT NOT NULL,
    legal_rep TEXT NOT NULL,
    capital_fen BIGINT NOT NULL,
    supervisory_unit TEXT NULL,
    business_scope TEXT NOT NULL,
    contact_person TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    registration_date {DATE} NOT NULL,
    status TEXT NOT NULL,
    status_date {DATE} NULL,
    status_reason TEXT NULL,
    charter_approved_on {DATE} NULL,
    term_start {DATE} NOT NULL,
    term_end {DATE} NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE UNIQUE INDEX organization_active_name ON organization (name) WHERE status = 'active';
CREATE INDEX organization_filter ON organization (status, org_type, district);
CREATE INDEX organization_district ON organization (district);
CREATE INDEX organization_term_end ON organization (term_end);
CREATE INDEX organization_supervisory ON organization (supervisory_unit);
CREATE INDEX organization_registered ON organization (registration_date);
CREATE TABLE org_event (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    kind TEXT NOT NULL,
    event_date {DATE} NOT NULL,
    note TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    actor_id BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX org_event_org ON org_event (org_id, event_date);
CREATE TABLE app_user (
    id {ID},
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    email TEXT NOT NULL,
    role TEXT NOT NULL,
    org_id BIGINT NULL REFERENCES organization (id),
    password_hash TEXT NULL,
    active {BOOL} NOT NULL,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {TS} NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE TABLE session (
    id TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    created_at {TS} NOT NULL,
    last_seen_at {TS} NOT NULL
);
CREATE INDEX session_by_user ON session (user_id);
CREATE TABLE audit_log (
    seq BIGINT PRIMARY KEY,
    at {TS} NOT NULL,
    actor_id BIGINT NULL,
    actor_name TEXT NOT NULL,
    actor_role TEXT NOT NULL,
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT NULL,
    after_json TEXT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE TABLE audit_head (
    id INTEGER PRIMARY KEY,
    seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL
);
INSERT INTO audit_head (id, seq, last_hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
CREATE TABLE mail_outbox (
    id {ID},
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    attachment_name TEXT NULL,
    attachment_mime TEXT NULL,
    attachment_body TEXT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {TS} NOT NULL,
    claimed_until {TS} NULL,
    last_error TEXT NULL,
    created_at {TS} NOT NULL,
    sent_at {TS} NULL
);
CREATE INDEX mail_outbox_due ON mail_outbox (status, next_attempt_at)
"#;

/// Name search. SQLite: an FTS5 table of character unigrams and bigrams
/// (the trigram tokenizer finds nothing for one- or two-character queries).
/// PostgreSQL: the same tokens in an array column under a GIN index.
const SQLITE_SEARCH: &str = r#"
CREATE VIRTUAL TABLE org_fts USING fts5(tokens, tokenize = 'unicode61')
"#;

const PG_SEARCH: &str = r#"
ALTER TABLE organization ADD COLUMN search_tokens TEXT[] NOT NULL DEFAULT '{}';
CREATE INDEX organization_search ON organization USING GIN (search_tokens)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, COMMON).await?;
        match manager.get_database_backend() {
            DatabaseBackend::Postgres => sql::run(manager, PG_SEARCH).await,
            _ => sql::run(manager, SQLITE_SEARCH).await,
        }
    }
}
