//! The audit chain keyed (issue 19 item 4). Records are chained by an
//! HMAC-SHA-256 under `AUDIT_KEY`, a key kept outside the database, from the
//! first record after the switch; the records before it keep their SHA-256
//! links. The switch is recorded in `audit_head` and sealed with the key when
//! the first keyed server starts or writes (`sealed_seq`: the last record
//! chained by SHA-256, 0 when there was none; `sealed_hash`: its hash; `seal`:
//! the MAC of both), so nobody without the key can move it. Migrating writes
//! none of them: the migration has no key.
//!
//! `audit_day_head` holds the chain's head at the end of each of the bureau's
//! days, published once by the daily job (and e-mailed to the administrators):
//! the last record of the day, its chain value and the day's count.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
ALTER TABLE audit_head ADD COLUMN sealed_seq BIGINT NULL;
ALTER TABLE audit_head ADD COLUMN sealed_hash TEXT NULL;
ALTER TABLE audit_head ADD COLUMN seal TEXT NULL;
CREATE TABLE audit_day_head (
    day {DATE} PRIMARY KEY,
    last_seq BIGINT NOT NULL,
    last_hash TEXT NOT NULL,
    records BIGINT NOT NULL,
    published_at {TS} NOT NULL
)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
