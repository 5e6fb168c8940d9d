//! Complaints and tip-offs (投诉举报, issue 20): the complaint with its
//! subject (a registered organization, an unregistered one by name, a
//! charity's fundraising, a lottery outlet), the reporter's optional contact,
//! the one-time code's Argon2 hash (never the code), its handling (officer,
//! reply due date, reply, outcome, the penalty case it opened); its files
//! (checked by content, with their SHA-256) and its timeline.
//!
//! The charity-only `charity_complaint` rows become complaints against their
//! organization, recorded by officers (channel `officer`, no code), still
//! awaiting their handling (`received`), numbered `TS<year>-<n>` in the order
//! they were received; their reply is due 21 days after receipt (fifteen
//! working days when no holiday falls inside: the migration cannot read the
//! `HOLIDAYS` setting). The tracking numbers' sequence continues after them.
//! The table is dropped: the charity risk grade reads `complaint`.

use crate::sql;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE complaint (
    id {ID},
    number TEXT NOT NULL UNIQUE,
    code_hash TEXT NULL,
    channel TEXT NOT NULL,
    subject_kind TEXT NOT NULL,
    org_id BIGINT NULL REFERENCES organization (id),
    outlet_id BIGINT NULL REFERENCES lottery_outlet (id),
    subject_name TEXT NOT NULL,
    what TEXT NOT NULL,
    place TEXT NOT NULL,
    happened_on {DATE} NULL,
    reporter_name TEXT NULL,
    reporter_phone TEXT NULL,
    reporter_email TEXT NULL,
    status TEXT NOT NULL,
    officer_id BIGINT NULL REFERENCES app_user (id),
    received_on {DATE} NOT NULL,
    due_on {DATE} NOT NULL,
    reply TEXT NULL,
    replied_on {DATE} NULL,
    outcome TEXT NULL,
    referred_to TEXT NULL,
    closed_on {DATE} NULL,
    case_id BIGINT NULL REFERENCES penalty_case (id),
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX complaint_queue ON complaint (status, due_on);
CREATE INDEX complaint_org ON complaint (org_id, received_on);
CREATE INDEX complaint_outlet ON complaint (outlet_id, received_on);
CREATE INDEX complaint_received ON complaint (received_on, id);
CREATE TABLE complaint_attachment (
    id {ID},
    complaint_id BIGINT NOT NULL REFERENCES complaint (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content {BLOB} NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX complaint_attachment_complaint ON complaint_attachment (complaint_id, id);
CREATE TABLE complaint_event (
    id {ID},
    complaint_id BIGINT NOT NULL REFERENCES complaint (id),
    kind TEXT NOT NULL,
    day {DATE} NOT NULL,
    officer_id BIGINT NULL REFERENCES app_user (id),
    actor TEXT NOT NULL,
    note TEXT NOT NULL,
    at {TS} NOT NULL
);
CREATE INDEX complaint_event_complaint ON complaint_event (complaint_id, id)
"#;

/// The old rows with their new tracking numbers: numbered per year of
/// receipt, in the order received.
fn numbered(backend: DatabaseBackend) -> &'static str {
    match backend {
        DatabaseBackend::Postgres => {
            "SELECT c.id, c.org_id, c.received_on, c.summary, c.created_by, c.created_at, \
                    EXTRACT(YEAR FROM c.received_on)::int AS year, \
                    'TS' || to_char(c.received_on, 'YYYY') || '-' || lpad((ROW_NUMBER() OVER \
                      (PARTITION BY EXTRACT(YEAR FROM c.received_on) ORDER BY c.received_on, c.id))::text, 6, '0') \
                      AS number \
             FROM charity_complaint c"
        }
        _ => {
            "SELECT c.id, c.org_id, c.received_on, c.summary, c.created_by, c.created_at, \
                    CAST(substr(c.received_on, 1, 4) AS INTEGER) AS year, \
                    printf('TS%s-%06d', substr(c.received_on, 1, 4), ROW_NUMBER() OVER \
                      (PARTITION BY substr(c.received_on, 1, 4) ORDER BY c.received_on, c.id)) AS number \
             FROM charity_complaint c"
        }
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await?;
        let backend = manager.get_database_backend();
        let rows = numbered(backend);
        let due = match backend {
            DatabaseBackend::Postgres => "c.received_on + 21",
            _ => "date(c.received_on, '+21 days')",
        };
        sql::exec_all(
            manager,
            [
                format!(
                    "INSERT INTO complaint (number, code_hash, channel, subject_kind, org_id, outlet_id, subject_name, \
                       what, place, happened_on, reporter_name, reporter_phone, reporter_email, status, officer_id, \
                       received_on, due_on, reply, replied_on, outcome, referred_to, closed_on, case_id, created_at, \
                       updated_at) \
                     SELECT c.number, NULL, 'officer', 'org', c.org_id, NULL, o.name, c.summary, '', NULL, NULL, NULL, \
                       NULL, 'received', NULL, c.received_on, {due}, NULL, NULL, NULL, NULL, NULL, NULL, c.created_at, \
                       c.created_at \
                     FROM ({rows}) c JOIN organization o ON o.id = c.org_id \
                     ORDER BY c.received_on, c.id"
                ),
                format!(
                    "INSERT INTO complaint_event (complaint_id, kind, day, officer_id, actor, note, at) \
                     SELECT q.id, 'migrated', c.received_on, u.id, COALESCE(u.username, 'system'), '', c.created_at \
                     FROM ({rows}) c JOIN complaint q ON q.number = c.number \
                     LEFT JOIN app_user u ON u.id = c.created_by \
                     ORDER BY q.id"
                ),
                format!(
                    "INSERT INTO number_sequence (name, year, last) \
                     SELECT 'complaint', c.year, COUNT(*) FROM ({rows}) c GROUP BY c.year"
                ),
                "DROP TABLE charity_complaint".to_string(),
            ],
        )
        .await
    }
}
