//! Charities (慈善组织): recognition and the public-fundraising qualification
//! with their history, fundraising plans (募捐方案备案) with their changes and
//! termination, disclosures, the overdue disclosures detected by the daily
//! job (one row each, inserted with its e-mail), and complaints.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE charity (
    org_id BIGINT PRIMARY KEY REFERENCES organization (id),
    recognized_on {DATE} NOT NULL,
    recognition_note TEXT NOT NULL,
    qualified_on {DATE} NULL,
    certificate_no TEXT NULL,
    withdrawn_on {DATE} NULL,
    withdraw_reason TEXT NULL,
    withdrawn_for_violation {BOOL} NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE TABLE charity_event (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    kind TEXT NOT NULL,
    event_date {DATE} NOT NULL,
    note TEXT NOT NULL,
    actor TEXT NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX charity_event_org ON charity_event (org_id, id);
CREATE TABLE charity_plan (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    filing_no TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    purpose TEXT NOT NULL,
    start_on {DATE} NOT NULL,
    end_on {DATE} NOT NULL,
    region TEXT NOT NULL,
    method TEXT NOT NULL,
    platform TEXT NOT NULL,
    target_fen BIGINT NOT NULL,
    uses TEXT NOT NULL,
    beneficiaries TEXT NOT NULL,
    bank_account TEXT NOT NULL,
    person_in_charge TEXT NOT NULL,
    office_address TEXT NOT NULL,
    cost_budget_fen BIGINT NOT NULL,
    leftover TEXT NOT NULL,
    emergency {BOOL} NOT NULL,
    filed_on {DATE} NOT NULL,
    terminated_on {DATE} NULL,
    termination_reason TEXT NULL,
    version INTEGER NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX charity_plan_org ON charity_plan (org_id, start_on);
CREATE TABLE charity_plan_change (
    id {ID},
    plan_id BIGINT NOT NULL REFERENCES charity_plan (id),
    kind TEXT NOT NULL,
    changed_on {DATE} NOT NULL,
    reason TEXT NOT NULL,
    before_json TEXT NOT NULL,
    after_json TEXT NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX charity_plan_change_plan ON charity_plan_change (plan_id, id);
CREATE TABLE charity_disclosure (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    plan_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    period_no INTEGER NOT NULL,
    disclosed_on {DATE} NOT NULL,
    raised_fen BIGINT NOT NULL,
    spent_fen BIGINT NOT NULL,
    cost_fen BIGINT NOT NULL,
    off_plan_fen BIGINT NOT NULL,
    uses TEXT NOT NULL,
    created_at {TS} NOT NULL,
    UNIQUE (org_id, plan_id, kind, period_no)
);
CREATE INDEX charity_disclosure_plan ON charity_disclosure (plan_id, disclosed_on);
CREATE TABLE charity_overdue (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    plan_id BIGINT NOT NULL,
    kind TEXT NOT NULL,
    period_no INTEGER NOT NULL,
    due_on {DATE} NOT NULL,
    detected_on {DATE} NOT NULL,
    resolved_on {DATE} NULL,
    UNIQUE (org_id, plan_id, kind, period_no)
);
CREATE INDEX charity_overdue_open ON charity_overdue (resolved_on, due_on);
CREATE TABLE charity_complaint (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    received_on {DATE} NOT NULL,
    summary TEXT NOT NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX charity_complaint_org ON charity_complaint (org_id, received_on)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
