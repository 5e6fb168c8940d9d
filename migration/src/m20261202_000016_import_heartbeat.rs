//! Who still runs an import job: `import_job.heartbeat_at`, set when the job is
//! created and renewed by the process running it while it works. At start a
//! server ends the jobs whose heartbeat is older than a stale limit (their
//! process died), so several servers on one database never end a job another
//! live server is running.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
ALTER TABLE import_job ADD COLUMN heartbeat_at {TS} NULL
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
