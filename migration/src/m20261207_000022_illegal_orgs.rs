//! Illegal social organizations (非法社会组织, issue 20): the register of
//! bodies suspected of acting as social organizations without registration
//! (《取缔非法社会组织办法》; 社团条例 §35, 民非条例 §27), with what they claim
//! to do, where, their websites and public accounts, their bank accounts and
//! the people involved (officers only), where the lead came from (a
//! complaint, an inspection, another department's referral, an officer's own
//! discovery, the media), its state and outcome; and its investigation log.
//!
//! `state` is suspected | investigating | banned | dispersed | referred |
//! registered | unfounded (`app::domain::illegal_org::State`). A ban names the
//! decided penalty case (`case_id`); "registered after all" the organization
//! of the register (`org_id`); a referral the department (`referred_to`).
//! `published_on` is the day an officer put the entry on the public warning
//! list (警示曝光台); a banned entry is shown there from its outcome day.
//! `complaint_id` is unique: one entry a complaint.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE illegal_org (
    id {ID},
    name TEXT NOT NULL,
    activities TEXT NOT NULL,
    places TEXT NOT NULL,
    websites TEXT NOT NULL,
    accounts TEXT NOT NULL,
    people TEXT NOT NULL,
    source TEXT NOT NULL,
    source_ref TEXT NOT NULL,
    complaint_id BIGINT NULL UNIQUE REFERENCES complaint (id),
    found_on {DATE} NOT NULL,
    state TEXT NOT NULL,
    outcome_on {DATE} NULL,
    outcome_note TEXT NULL,
    referred_to TEXT NULL,
    org_id BIGINT NULL REFERENCES organization (id),
    case_id BIGINT NULL REFERENCES penalty_case (id),
    published_on {DATE} NULL,
    created_by BIGINT NOT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX illegal_org_state ON illegal_org (state, id);
CREATE INDEX illegal_org_published ON illegal_org (published_on);
CREATE TABLE illegal_org_note (
    id {ID},
    illegal_org_id BIGINT NOT NULL REFERENCES illegal_org (id),
    kind TEXT NOT NULL,
    day {DATE} NOT NULL,
    officer_id BIGINT NOT NULL REFERENCES app_user (id),
    officer TEXT NOT NULL,
    note TEXT NOT NULL,
    at {TS} NOT NULL
);
CREATE INDEX illegal_org_note_entry ON illegal_org_note (illegal_org_id, id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
