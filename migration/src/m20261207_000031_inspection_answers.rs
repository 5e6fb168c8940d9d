//! An inspection's checklist answered item by item (issue 21, the 涉企收费
//! special check among others): for every item of the campaign's checklist the
//! inspector's answer — compliant (`yes`, 合规), not compliant (`no`, 不合规)
//! or not applicable (`na`, 不适用) — with a note (required for `no`).
//!
//! - `inspection_item_answer`: one row per target and item position (1 = the
//!   checklist's first line), the item's text as it was when answered, the
//!   answer's code and the note. Written with the result (a correction
//!   replaces them); `inspection_target.checked_items` keeps the items
//!   answered other than n.a., so its readers are unchanged. Results recorded
//!   before have no rows and show as before.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE inspection_item_answer (
    id {ID},
    target_id BIGINT NOT NULL REFERENCES inspection_target (id),
    position INTEGER NOT NULL,
    item TEXT NOT NULL,
    answer TEXT NOT NULL CHECK (answer IN ('yes', 'no', 'na')),
    note TEXT NOT NULL DEFAULT ''
);
CREATE UNIQUE INDEX inspection_item_answer_target ON inspection_item_answer (target_id, position)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
