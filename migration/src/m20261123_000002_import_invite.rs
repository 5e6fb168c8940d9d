//! CSV import jobs and one-time invitation / password-reset links.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE import_job (
    id {ID},
    created_by BIGINT NOT NULL,
    file_name TEXT NOT NULL,
    encoding TEXT NOT NULL,
    content TEXT NOT NULL,
    status TEXT NOT NULL,
    total_rows INTEGER NOT NULL DEFAULT 0,
    checked_rows INTEGER NOT NULL DEFAULT 0,
    written_rows INTEGER NOT NULL DEFAULT 0,
    unchanged_rows INTEGER NOT NULL DEFAULT 0,
    errors_json TEXT NOT NULL,
    created_at {TS} NOT NULL,
    finished_at {TS} NULL
);
CREATE TABLE invite (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL,
    expires_at {TS} NOT NULL,
    used_at {TS} NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX invite_user ON invite (user_id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
