//! Double-random inspections (双随机、一公开) of organizations or welfare-lottery
//! outlets (`object_kind`; no foreign key, the outlets' table comes later): the inspector directory and
//! declared conflicts, campaigns with their frozen population (one row per
//! stratum, members as text lines) and draw record, the drawn targets with
//! their results, the inspectors assigned to each, the e-mails of each list
//! and the result attachments.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE inspector (
    id {ID},
    user_id BIGINT NULL,
    name TEXT NOT NULL,
    unit TEXT NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    cert_no TEXT NOT NULL UNIQUE,
    cert_valid_until {DATE} NOT NULL,
    districts TEXT NOT NULL,
    active {BOOL} NOT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE TABLE inspector_conflict (
    id {ID},
    inspector_id BIGINT NOT NULL REFERENCES inspector (id),
    org_id BIGINT NOT NULL REFERENCES organization (id),
    reason TEXT NOT NULL,
    declared_on {DATE} NOT NULL,
    UNIQUE (inspector_id, org_id)
);
CREATE TABLE inspection_campaign (
    id {ID},
    name TEXT NOT NULL,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    object_kind TEXT NOT NULL,
    filter_type TEXT NOT NULL,
    filter_district TEXT NOT NULL,
    filter_credit TEXT NOT NULL,
    filter_rating TEXT NOT NULL,
    strata_by TEXT NOT NULL,
    size_mode TEXT NOT NULL,
    size_value INTEGER NOT NULL,
    risk_percent INTEGER NOT NULL,
    per_target INTEGER NOT NULL,
    max_per_inspector INTEGER NOT NULL,
    period_from {DATE} NOT NULL,
    period_to {DATE} NOT NULL,
    items TEXT NOT NULL,
    beacon_source TEXT NOT NULL,
    status TEXT NOT NULL,
    population_size INTEGER NULL,
    population_hash TEXT NULL,
    inspector_pool TEXT NULL,
    nonce TEXT NULL,
    nonce_hash TEXT NULL,
    frozen_at {TS} NULL,
    beacon_value TEXT NULL,
    seed TEXT NULL,
    algorithm TEXT NULL,
    drawn_at {TS} NULL,
    created_by BIGINT NULL,
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE TABLE inspection_stratum (
    id {ID},
    campaign_id BIGINT NOT NULL REFERENCES inspection_campaign (id),
    key TEXT NOT NULL,
    size BIGINT NOT NULL,
    sample BIGINT NOT NULL,
    weighted BIGINT NOT NULL,
    members {BLOB} NOT NULL,
    UNIQUE (campaign_id, key)
);
CREATE TABLE inspection_target (
    id {ID},
    campaign_id BIGINT NOT NULL REFERENCES inspection_campaign (id),
    position INTEGER NOT NULL,
    stratum TEXT NOT NULL,
    by_weight {BOOL} NOT NULL,
    object_kind TEXT NOT NULL,
    object_id BIGINT NOT NULL,
    org_name TEXT NOT NULL,
    credit_code TEXT NOT NULL,
    district TEXT NOT NULL,
    address TEXT NOT NULL,
    contact TEXT NOT NULL,
    supervisory_unit TEXT NULL,
    status TEXT NOT NULL,
    checked_items TEXT NOT NULL,
    findings TEXT NOT NULL,
    outcome TEXT NULL,
    inspected_on {DATE} NULL,
    recorded_by BIGINT NULL,
    recorded_at {TS} NULL,
    confirmed_on {DATE} NULL,
    publish_due {DATE} NULL,
    published_on {DATE} NULL,
    version INTEGER NOT NULL,
    UNIQUE (campaign_id, position)
);
CREATE INDEX inspection_target_object ON inspection_target (object_kind, object_id);
CREATE TABLE inspection_assignment (
    id {ID},
    campaign_id BIGINT NOT NULL REFERENCES inspection_campaign (id),
    target_id BIGINT NOT NULL REFERENCES inspection_target (id),
    inspector_id BIGINT NOT NULL REFERENCES inspector (id),
    position INTEGER NOT NULL,
    confirmed_at {TS} NULL,
    UNIQUE (target_id, inspector_id)
);
CREATE INDEX inspection_assignment_inspector ON inspection_assignment (inspector_id);
CREATE TABLE inspection_mail (
    id {ID},
    campaign_id BIGINT NOT NULL REFERENCES inspection_campaign (id),
    inspector_id BIGINT NOT NULL REFERENCES inspector (id),
    mail_id BIGINT NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX inspection_mail_campaign ON inspection_mail (campaign_id, inspector_id);
CREATE TABLE inspection_attachment (
    id {ID},
    target_id BIGINT NOT NULL REFERENCES inspection_target (id),
    file_name TEXT NOT NULL,
    mime TEXT NOT NULL,
    size BIGINT NOT NULL,
    body {BLOB} NOT NULL,
    uploaded_by BIGINT NULL,
    created_at {TS} NOT NULL
)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
