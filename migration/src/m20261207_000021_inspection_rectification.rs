//! Inspections that follow through (issue 20): the rectification (整改) that a
//! published "rectify" result orders an organization to make, with its
//! deadline, the organization's report of what it did and an officer's review.
//!
//! One row per inspection target (`target_id` unique), written in the
//! publication's transaction. `status` is ordered | reported | accepted |
//! returned (`app::domain::inspection::RectificationStatus`); a returned one is
//! reported again, over the earlier report (the audit trail keeps each).
//! `version` guards against two writers at once, as on the other tables.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE inspection_rectification (
    id {ID},
    target_id BIGINT NOT NULL UNIQUE REFERENCES inspection_target (id),
    org_id BIGINT NOT NULL REFERENCES organization (id),
    findings TEXT NOT NULL,
    ordered_on {DATE} NOT NULL,
    due_on {DATE} NOT NULL,
    status TEXT NOT NULL,
    report TEXT NULL,
    reported_at {TS} NULL,
    reported_by BIGINT NULL,
    review_note TEXT NULL,
    reviewed_at {TS} NULL,
    reviewed_by BIGINT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX inspection_rectification_org ON inspection_rectification (org_id);
CREATE INDEX inspection_rectification_status_due ON inspection_rectification (status, due_on)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
