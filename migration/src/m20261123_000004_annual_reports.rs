//! Annual work reports (年度工作报告), their review history and attachments;
//! reminders sent (once each) and missed filings flagged for the credit rules;
//! import jobs of more than one kind.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE annual_report (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    report_year INTEGER NOT NULL,
    status TEXT NOT NULL,
    form_json TEXT NOT NULL,
    findings_json TEXT NOT NULL,
    income_total BIGINT NULL,
    spend_total BIGINT NULL,
    assets BIGINT NULL,
    liabilities BIGINT NULL,
    net_assets BIGINT NULL,
    source TEXT NOT NULL,
    version INTEGER NOT NULL,
    first_submitted_at {TS} NULL,
    submitted_at {TS} NULL,
    return_comment TEXT NULL,
    conclusion TEXT NULL,
    conclusion_reason TEXT NULL,
    concluded_at {TS} NULL,
    concluded_by BIGINT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    UNIQUE (org_id, report_year)
);
CREATE INDEX annual_report_year_status ON annual_report (report_year, status);
CREATE TABLE report_event (
    id {ID},
    report_id BIGINT NOT NULL REFERENCES annual_report (id),
    kind TEXT NOT NULL,
    comment TEXT NOT NULL,
    actor_id BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX report_event_report ON report_event (report_id);
CREATE TABLE report_attachment (
    id {ID},
    report_id BIGINT NOT NULL REFERENCES annual_report (id),
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content {BLOB} NOT NULL,
    uploaded_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX report_attachment_report ON report_attachment (report_id);
CREATE TABLE reminder_log (
    org_id BIGINT NOT NULL,
    report_year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    sent_at {TS} NOT NULL,
    PRIMARY KEY (org_id, report_year, kind)
);
CREATE TABLE filing_flag (
    org_id BIGINT NOT NULL,
    report_year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    flagged_on {DATE} NOT NULL,
    PRIMARY KEY (org_id, report_year, kind)
);
ALTER TABLE import_job ADD COLUMN kind TEXT NOT NULL DEFAULT 'organizations'
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
