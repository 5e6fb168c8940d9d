//! Trade associations and chambers of commerce (行业协会商会, issue 21).
//!
//! `organization.trade_sector`: the sector code (GB/T 4754-2017 门类, `A`–`T`,
//! `app::domain::trade::SECTORS`) of a social group that is a trade
//! association or chamber of commerce; NULL for every other organization.
//! `import_row` stages it for an import like the other registered items, and
//! an inspection campaign may draw from trade associations only
//! (`inspection_campaign.filter_trade`: empty, `yes` or a sector code).
//!
//! Their conduct, filed by the organization in its portal or by an officer:
//! fees charged to enterprises (`trade_fee`, money in 分), branches and
//! representative offices (`trade_branch`), awards and commendations
//! (`trade_award`) and forums (`trade_forum`). Each row keeps the anomalies
//! the rules found when it was filed (`anomalies`: message keys separated by
//! commas, empty when none), so the officers' list of anomalies is a query.
//! `trade_report_section` keeps, per annual report, the section as it was
//! when the report was last submitted (JSON), so later filings change nothing
//! in a submitted report.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
ALTER TABLE organization ADD COLUMN trade_sector TEXT NULL;
CREATE INDEX organization_trade_sector ON organization (trade_sector);
ALTER TABLE import_row ADD COLUMN trade_sector TEXT NULL;
ALTER TABLE inspection_campaign ADD COLUMN filter_trade TEXT NOT NULL DEFAULT '';
CREATE TABLE trade_fee (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    year INTEGER NOT NULL,
    item TEXT NOT NULL,
    kind TEXT NOT NULL,
    basis TEXT NOT NULL,
    standard TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    compulsory {BOOL} NOT NULL,
    published {BOOL} NOT NULL,
    anomalies TEXT NOT NULL,
    created_by BIGINT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL
);
CREATE INDEX trade_fee_org ON trade_fee (org_id, year);
CREATE TABLE trade_branch (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    head TEXT NOT NULL,
    established_on {DATE} NOT NULL,
    status TEXT NOT NULL,
    regional {BOOL} NOT NULL,
    under_branch {BOOL} NOT NULL,
    anomalies TEXT NOT NULL,
    created_by BIGINT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL
);
CREATE INDEX trade_branch_org ON trade_branch (org_id);
CREATE TABLE trade_award (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    year INTEGER NOT NULL,
    name TEXT NOT NULL,
    approval_no TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    fee_charged {BOOL} NOT NULL,
    anomalies TEXT NOT NULL,
    created_by BIGINT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL
);
CREATE INDEX trade_award_org ON trade_award (org_id, year);
CREATE TABLE trade_forum (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    name TEXT NOT NULL,
    held_on {DATE} NOT NULL,
    co_organizers TEXT NOT NULL,
    fee_charged {BOOL} NOT NULL,
    approval_ref TEXT NOT NULL,
    anomalies TEXT NOT NULL,
    created_by BIGINT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL
);
CREATE INDEX trade_forum_org ON trade_forum (org_id, held_on);
CREATE TABLE trade_report_section (
    report_id BIGINT NOT NULL PRIMARY KEY REFERENCES annual_report (id),
    section_json TEXT NOT NULL,
    taken_at {TS} NOT NULL
)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
