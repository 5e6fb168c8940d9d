//! What a penalty case's decision wrote, tied to the case, so that annulling
//! the decision (撤销) can undo it: the credit record's `penalty` rows name
//! their case and are marked void with the annulment's day (kept, so the
//! record shows the annulment; the credit lists and scores skip them), and a
//! grade lowered by the decision names the case in its `rating_change`, so
//! the annulment raises it again. Rows written before this migration (and
//! the officers' penalty form's rows) have no case.
//!
//! Numbered 23: 22 belongs to the illegal-organizations register.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
ALTER TABLE penalty ADD COLUMN case_id BIGINT NULL REFERENCES penalty_case (id);
ALTER TABLE penalty ADD COLUMN annulled_on {DATE} NULL;
CREATE INDEX penalty_case_ref ON penalty (case_id);
ALTER TABLE rating_change ADD COLUMN case_id BIGINT NULL REFERENCES penalty_case (id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
