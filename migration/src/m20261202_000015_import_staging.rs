//! Organization imports staged outside the write lock, and a leaner search
//! index on SQLite.
//!
//! `import_row` holds the checked rows of a running import job, written in
//! short batches while the file is checked; the job's one write transaction
//! then moves them with `INSERT … SELECT`, and the job's rows are deleted when
//! it ends. Nothing reads it but the import, so rows left by a crash are never
//! shown (the next job end deletes the rows of every ended job).
//!
//! SQLite: `org_fts` becomes contentless (`content=''`, with
//! `contentless_delete=1` so a renamed organization's tokens can still be
//! replaced) and keeps no positions (`detail=none`): every phrase of the search
//! is one token, and nothing reads the tokens back, so the copy of every name's
//! tokens and their positions was a quarter of an import's writes for nothing.

use crate::sql;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const STAGING: &str = r#"
CREATE TABLE import_row (
    job_id BIGINT NOT NULL,
    n BIGINT NOT NULL,
    credit_code TEXT NOT NULL,
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
    term_end {DATE} NOT NULL,
    tokens TEXT NOT NULL,
    PRIMARY KEY (job_id, n)
);
CREATE INDEX import_row_code ON import_row (job_id, credit_code)
"#;

/// One text, so that SQLite runs it on one connection of the pool: on another
/// connection the `RENAME` could be parsed against a schema cached before the
/// `DROP` and fail with "already another table … org_fts". The savepoint makes
/// the swap all-or-nothing.
const SQLITE_FTS: &str = "SAVEPOINT lean_fts;
CREATE VIRTUAL TABLE org_fts_lean USING fts5(tokens, tokenize = 'unicode61', content = '', \
 contentless_delete = 1, detail = none);
INSERT INTO org_fts_lean (rowid, tokens) SELECT rowid, tokens FROM org_fts;
DROP TABLE org_fts;
ALTER TABLE org_fts_lean RENAME TO org_fts;
RELEASE lean_fts;";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, STAGING).await?;
        if manager.get_database_backend() == DatabaseBackend::Sqlite {
            manager.get_connection().execute_unprepared(SQLITE_FTS).await?;
        }
        Ok(())
    }
}
