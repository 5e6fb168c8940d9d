//! Credit-code prefix search uses a range on the code. PostgreSQL needs an index
//! in the "C" collation for that range whatever the database's locale; SQLite's
//! unique index (BINARY) already serves it.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DatabaseBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(r#"CREATE INDEX organization_code_c ON organization (credit_code COLLATE "C")"#)
                .await?;
        }
        Ok(())
    }
}
