//! Party building (党建, issue 21): per organization, its party organization
//! (`party_org`: kind independent | joint | none, the other organizations of a
//! joint branch one a line, the reason there is none, the day it was set up,
//! full and probationary members, the secretary, the party-building
//! instructor 党建指导员 or a liaison), each saved version kept whole in
//! `party_org_history`; and the six synchronisations (六同步) as checks
//! recorded at the steps they name (`party_sync`: registration, charter,
//! annual_report, rating, term_renewal, inspection), one a step's record
//! (`ref_id`: the charter's or renewal's registry event, the report year,
//! the rating application, the inspection target; 0 for registration).

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE party_org (
    id {ID},
    org_id BIGINT NOT NULL UNIQUE REFERENCES organization (id),
    kind TEXT NOT NULL,
    joint_with TEXT NOT NULL,
    none_reason TEXT NOT NULL,
    established_on {DATE} NULL,
    full_members INTEGER NOT NULL,
    probationary_members INTEGER NOT NULL,
    secretary TEXT NOT NULL,
    instructor_name TEXT NOT NULL,
    instructor_unit TEXT NOT NULL,
    instructor_phone TEXT NOT NULL,
    liaison TEXT NOT NULL,
    updated_by BIGINT NULL REFERENCES app_user (id),
    updated_at {TS} NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX party_org_kind ON party_org (kind);
CREATE TABLE party_org_history (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    version INTEGER NOT NULL,
    record_json TEXT NOT NULL,
    actor_id BIGINT NULL REFERENCES app_user (id),
    actor TEXT NOT NULL,
    at {TS} NOT NULL
);
CREATE INDEX party_org_history_org ON party_org_history (org_id, id);
CREATE TABLE party_sync (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    step TEXT NOT NULL,
    ref_id BIGINT NOT NULL,
    done {BOOL} NOT NULL,
    note TEXT NOT NULL,
    day {DATE} NOT NULL,
    actor_id BIGINT NULL REFERENCES app_user (id),
    actor TEXT NOT NULL,
    at {TS} NOT NULL
);
CREATE UNIQUE INDEX party_sync_step ON party_sync (org_id, step, ref_id);
CREATE INDEX party_sync_day ON party_sync (day)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
