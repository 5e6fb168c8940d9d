//! Administrative penalty cases (行政处罚案件, issue 20): the case with the
//! facts its rules read (`app::domain::penalty_case::Facts`), each dated step
//! by a named officer with the document it produced, and the evidence files
//! with their SHA-256.
//!
//! `org_id` is nullable: a case against an illegal organization (or a person
//! with no registered organization) has none. Penalties are stored as JSON
//! lists of `{penalty, amount_fen, months}`; the decision's number is unique,
//! one sequence a year (`number_sequence` row `penalty_decision`).

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE penalty_case (
    id {ID},
    org_id BIGINT NULL REFERENCES organization (id),
    party_kind TEXT NOT NULL,
    party_name TEXT NOT NULL,
    source TEXT NOT NULL,
    source_id BIGINT NULL,
    state TEXT NOT NULL,
    violation_code TEXT NULL,
    facts TEXT NOT NULL,
    discovered_on {DATE} NULL,
    violation_ended_on {DATE} NULL,
    opened_on {DATE} NULL,
    extension_days INTEGER NOT NULL,
    gravity TEXT NULL,
    adjust TEXT NOT NULL,
    fine_base TEXT NULL,
    fine_base_fen BIGINT NULL,
    other_heavy {BOOL} NOT NULL,
    proposed TEXT NOT NULL,
    decided TEXT NOT NULL,
    decided_on {DATE} NULL,
    decision_year INTEGER NULL,
    decision_seq BIGINT NULL,
    decision_number TEXT NULL UNIQUE,
    decision_basis TEXT NULL,
    notice_method TEXT NULL,
    notice_on {DATE} NULL,
    decision_method TEXT NULL,
    decision_service_on {DATE} NULL,
    statement_done {BOOL} NOT NULL,
    hearing_waived {BOOL} NOT NULL,
    hearing_requested_on {DATE} NULL,
    hearing_notice_on {DATE} NULL,
    hearing_on {DATE} NULL,
    electronic_consent {BOOL} NOT NULL,
    receipt_refused {BOOL} NOT NULL,
    other_methods_failed {BOOL} NOT NULL,
    legal_review_done {BOOL} NOT NULL,
    appeal_pending {BOOL} NOT NULL,
    fine_paid {BOOL} NOT NULL,
    demand_served_on {DATE} NULL,
    annulled_on {DATE} NULL,
    opened_by BIGINT NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX penalty_case_state ON penalty_case (state);
CREATE INDEX penalty_case_org ON penalty_case (org_id);
CREATE INDEX penalty_case_decided ON penalty_case (decided_on);
CREATE TABLE penalty_case_step (
    id {ID},
    case_id BIGINT NOT NULL REFERENCES penalty_case (id),
    action TEXT NOT NULL,
    from_state TEXT NOT NULL,
    to_state TEXT NOT NULL,
    day {DATE} NOT NULL,
    officer_id BIGINT NOT NULL,
    note TEXT NOT NULL,
    document_kind TEXT NULL,
    document_number TEXT NULL,
    at {TS} NOT NULL
);
CREATE INDEX penalty_case_step_case ON penalty_case_step (case_id);
CREATE TABLE penalty_case_evidence (
    id {ID},
    case_id BIGINT NOT NULL REFERENCES penalty_case (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    body {BLOB} NOT NULL,
    uploaded_by BIGINT NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX penalty_case_evidence_case ON penalty_case_evidence (case_id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
