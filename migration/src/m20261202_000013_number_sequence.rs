//! Document numbers by sequence: one row per kind of number and year, taken
//! with a row lock inside the write transaction that uses the number, so two
//! writers (two server processes on PostgreSQL) never draw the same number.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE TABLE number_sequence (\
                   name TEXT NOT NULL, \
                   year INTEGER NOT NULL, \
                   last BIGINT NOT NULL, \
                   PRIMARY KEY (name, year))",
            )
            .await?;
        Ok(())
    }
}
