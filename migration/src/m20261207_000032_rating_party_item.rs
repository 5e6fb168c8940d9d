//! The rating sheets' party-building indicator (党建工作, issue 21 六同步):
//! `rating_item.kind` marks an item that a feature reads by its meaning rather
//! than by its name — `party` for the party-building item, whose experts see
//! the organization's party record beside it and whose panel mean the rating
//! step's party check shows; '' for every other item. The default sheets'
//! 党建工作 items are marked here; a sheet version added later (sheets are
//! data written by migrations, the application makes none) sets the kind of
//! its items itself.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
ALTER TABLE rating_item ADD COLUMN kind TEXT NOT NULL DEFAULT '';
UPDATE rating_item SET kind = 'party' WHERE name = '党建工作';
CREATE INDEX rating_item_kind ON rating_item (sheet_id, kind)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
