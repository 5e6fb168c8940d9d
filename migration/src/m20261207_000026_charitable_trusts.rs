//! Charitable trusts (慈善信托, issue 21; 慈善法 §44–51): the filing by the
//! trustee (a charity of the register, `trustee_org_id`, or a trust company
//! named in `trustee_name` with its `contact_email`), its review (`state`
//! submitted | returned | accepted, `app::domain::trust::State`; an accepted
//! filing has its `filing_no`), the contract (one PDF a trust, kept in the
//! database), the changes filed (a history, each with its deadline and the
//! days late), the yearly reports (one a trust and year) and the reports the
//! daily job found overdue (`charitable_trust_overdue`, one row a trust and
//! year, inserted with its e-mail, so a second run sends nothing).
//!
//! `settlors` is a JSON list of `{"name": …, "person": bool}`: a natural
//! person's name is never shown publicly unmasked. `purposes` the purpose
//! codes separated by commas; `end_on` NULL is a perpetual trust; money in 分.

use crate::sql;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE charitable_trust (
    id {ID},
    name TEXT NOT NULL,
    filing_no TEXT NULL UNIQUE,
    state TEXT NOT NULL,
    trustee_kind TEXT NOT NULL,
    trustee_org_id BIGINT NULL REFERENCES organization (id),
    trustee_name TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    settlors TEXT NOT NULL,
    supervisor TEXT NOT NULL,
    purposes TEXT NOT NULL,
    purpose_note TEXT NOT NULL,
    size_fen BIGINT NOT NULL,
    start_on {DATE} NOT NULL,
    end_on {DATE} NULL,
    beneficiaries TEXT NOT NULL,
    signed_on {DATE} NOT NULL,
    filed_on {DATE} NOT NULL,
    days_late INTEGER NOT NULL,
    return_reason TEXT NULL,
    reviewed_on {DATE} NULL,
    reviewed_by BIGINT NULL REFERENCES app_user (id),
    filed_by BIGINT NOT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL,
    version INTEGER NOT NULL
);
CREATE INDEX charitable_trust_state ON charitable_trust (state, id);
CREATE INDEX charitable_trust_org ON charitable_trust (trustee_org_id);
CREATE TABLE charitable_trust_contract (
    trust_id BIGINT NOT NULL PRIMARY KEY REFERENCES charitable_trust (id),
    file_name TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size_bytes BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    content {BLOB} NOT NULL,
    created_at {TS} NOT NULL
);
CREATE TABLE charitable_trust_change (
    id {ID},
    trust_id BIGINT NOT NULL REFERENCES charitable_trust (id),
    kinds TEXT NOT NULL,
    first_on {DATE} NOT NULL,
    last_on {DATE} NOT NULL,
    description TEXT NOT NULL,
    old_size_fen BIGINT NULL,
    new_size_fen BIGINT NULL,
    due_on {DATE} NOT NULL,
    filed_on {DATE} NOT NULL,
    days_late INTEGER NOT NULL,
    filed_by BIGINT NOT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL
);
CREATE INDEX charitable_trust_change_trust ON charitable_trust_change (trust_id, id);
CREATE TABLE charitable_trust_report (
    id {ID},
    trust_id BIGINT NOT NULL REFERENCES charitable_trust (id),
    year INTEGER NOT NULL,
    income_fen BIGINT NOT NULL,
    spending_fen BIGINT NOT NULL,
    charitable_fen BIGINT NOT NULL,
    assets_fen BIGINT NOT NULL,
    note TEXT NOT NULL,
    due_on {DATE} NOT NULL,
    filed_on {DATE} NOT NULL,
    days_late INTEGER NOT NULL,
    filed_by BIGINT NOT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL,
    UNIQUE (trust_id, year)
);
CREATE TABLE charitable_trust_overdue (
    trust_id BIGINT NOT NULL REFERENCES charitable_trust (id),
    year INTEGER NOT NULL,
    due_on {DATE} NOT NULL,
    detected_on {DATE} NOT NULL,
    PRIMARY KEY (trust_id, year)
)
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await
    }
}
