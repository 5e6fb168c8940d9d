//! Partner departments (协作部门, issue 21) and joint inspections (部门联合
//! 双随机抽查, 国发〔2019〕5号; 民发〔2017〕45号 allows joint inspections with
//! sponsors and sector departments).
//!
//! - `partner_department`: a department whose inspectors join campaigns
//!   (市场监管, 公安, 税务, 审计, 业务主管单位 …): name and code (both unique)
//!   and the contact e-mail that receives the department's list.
//! - `inspector.department_id`: the department an inspector belongs to (NULL:
//!   the bureau's own inspectors).
//! - `campaign_department`: the departments taking part in a joint campaign
//!   (a campaign with none is the bureau's alone), with the mail of the
//!   department's list once drawn.
//! - `inspection_campaign.population`: '' (every organization the filters
//!   select) or `charity` (recognized charities only).
//! - `inspection_assignment.department_id`: the department an inspector was
//!   drawn for (NULL: the bureau), as it was at the draw.
//! - `inspection_finding`: in a joint campaign, what each party found at a
//!   target (department NULL: the bureau).

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE partner_department (
    id {ID},
    name TEXT NOT NULL UNIQUE,
    code TEXT NOT NULL UNIQUE,
    contact_email TEXT NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
ALTER TABLE inspector ADD COLUMN department_id BIGINT NULL REFERENCES partner_department (id);
CREATE INDEX inspector_department ON inspector (department_id);
ALTER TABLE inspection_campaign ADD COLUMN population TEXT NOT NULL DEFAULT '';
CREATE TABLE campaign_department (
    campaign_id BIGINT NOT NULL REFERENCES inspection_campaign (id),
    department_id BIGINT NOT NULL REFERENCES partner_department (id),
    mail_id BIGINT NULL REFERENCES mail_outbox (id),
    PRIMARY KEY (campaign_id, department_id)
);
ALTER TABLE inspection_assignment ADD COLUMN department_id BIGINT NULL REFERENCES partner_department (id);
CREATE TABLE inspection_finding (
    id {ID},
    target_id BIGINT NOT NULL REFERENCES inspection_target (id),
    department_id BIGINT NULL REFERENCES partner_department (id),
    body TEXT NOT NULL
);
CREATE INDEX inspection_finding_target ON inspection_finding (target_id, id)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
