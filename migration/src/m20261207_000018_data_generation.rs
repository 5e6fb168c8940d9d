//! The data's generation (issue 18): a counter every write transaction on
//! SQLite raises before it commits (`app::db::WriteTxn::commit`), so that a
//! process serving cached public pages learns of writes made by any process
//! on the same file (a second server, `daily-jobs`, an import). On
//! PostgreSQL the writers notify instead (`NOTIFY sunshine_data`): one row
//! raised by every transaction would make parallel writers wait for each
//! other; the row exists there too but stays at 0.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE data_generation (
    id INTEGER PRIMARY KEY,
    n BIGINT NOT NULL
);
INSERT INTO data_generation (id, n) VALUES (1, 0)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
