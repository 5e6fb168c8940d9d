//! Failed sign-ins counted per account and client address (`login_lock`), so
//! failures from one address lock the account for that address only and an
//! attacker cannot lock its owner out. `app_user.failed_logins` and
//! `app_user.locked_until` are no longer read or written.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE login_lock (
    user_id BIGINT NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    client TEXT NOT NULL,
    failures INTEGER NOT NULL,
    locked_until {TS} NULL,
    last_at {TS} NOT NULL,
    PRIMARY KEY (user_id, client)
);
CREATE INDEX login_lock_last_at ON login_lock (last_at)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
