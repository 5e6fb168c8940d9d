//! Credit lists (活动异常名录, 严重违法失信名单), penalties, returned letters,
//! repair applications, credit scores and their weights, zombie-organization
//! cases, and a record of every daily job run.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE credit_entry (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    list TEXT NOT NULL,
    reason TEXT NOT NULL,
    basis TEXT NOT NULL,
    ref TEXT NOT NULL,
    listed_on {DATE} NOT NULL,
    clock_from {DATE} NOT NULL,
    deciding_office TEXT NOT NULL,
    note TEXT NOT NULL,
    decided_by BIGINT NULL,
    removed_on {DATE} NULL,
    removal_reason TEXT NULL,
    created_at {TS} NOT NULL
);
CREATE UNIQUE INDEX credit_entry_open ON credit_entry (org_id, list, reason, ref) WHERE removed_on IS NULL;
CREATE INDEX credit_entry_list ON credit_entry (list, removed_on, listed_on);
CREATE INDEX credit_entry_org ON credit_entry (org_id);
CREATE TABLE penalty (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    kind TEXT NOT NULL,
    amount_fen BIGINT NOT NULL,
    decided_on {DATE} NOT NULL,
    deciding_office TEXT NOT NULL,
    facts TEXT NOT NULL,
    basis TEXT NOT NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX penalty_org ON penalty (org_id, decided_on);
CREATE TABLE returned_letter (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    sent_on {DATE} NOT NULL,
    note TEXT NOT NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX returned_letter_org ON returned_letter (org_id);
CREATE TABLE repair_request (
    id {ID},
    entry_id BIGINT NOT NULL REFERENCES credit_entry (id),
    org_id BIGINT NOT NULL,
    statement TEXT NOT NULL,
    status TEXT NOT NULL,
    decision_reason TEXT NULL,
    decided_by BIGINT NULL,
    created_at {TS} NOT NULL,
    decided_at {TS} NULL
);
CREATE UNIQUE INDEX repair_request_pending ON repair_request (entry_id) WHERE status = 'pending';
CREATE TABLE credit_weight (
    name TEXT PRIMARY KEY,
    points INTEGER NOT NULL,
    description TEXT NOT NULL
);
INSERT INTO credit_weight (name, points, description) VALUES
    ('base', 100, '起始分'),
    ('abnormal_entry', -20, '每条在列的活动异常名录记录'),
    ('serious_entry', -50, '每条在列的严重违法失信名单记录'),
    ('penalty_3y', -10, '近三年每项行政处罚'),
    ('report_basic', -5, '最近一次年检结论为基本合格'),
    ('report_unqualified', -15, '最近一次年检结论为不合格'),
    ('report_missing', -10, '最近应报年度未报送年度工作报告'),
    ('grade_per_a', 2, '有效评估等级每个A');
CREATE TABLE organization_credit (
    org_id BIGINT PRIMARY KEY REFERENCES organization (id),
    score INTEGER NOT NULL,
    level TEXT NOT NULL,
    facts_json TEXT NOT NULL,
    computed_at {TS} NOT NULL
);
CREATE INDEX organization_credit_level ON organization_credit (level, score);
CREATE TABLE zombie_case (
    id {ID},
    org_id BIGINT NOT NULL REFERENCES organization (id),
    status TEXT NOT NULL,
    missed_reports {BOOL} NOT NULL,
    unreachable {BOOL} NOT NULL,
    inactive {BOOL} NOT NULL,
    detected_on {DATE} NOT NULL,
    notified_on {DATE} NULL,
    respond_by {DATE} NULL,
    response TEXT NULL,
    responded_on {DATE} NULL,
    closed_on {DATE} NULL,
    decision_reason TEXT NULL,
    updated_at {TS} NOT NULL
);
CREATE UNIQUE INDEX zombie_case_open ON zombie_case (org_id) WHERE status IN ('candidate', 'notified', 'rectifying');
CREATE INDEX zombie_case_status ON zombie_case (status, detected_on);
CREATE TABLE job_run (
    id {ID},
    job TEXT NOT NULL,
    run_on {DATE} NOT NULL,
    started_at {TS} NOT NULL,
    finished_at {TS} NOT NULL,
    counts_json TEXT NOT NULL
);
CREATE INDEX job_run_job ON job_run (job, run_on)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
