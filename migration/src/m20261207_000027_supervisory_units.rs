//! Supervisory units (业务主管单位, issue 21) as records: a unit has a name
//! (unique), an optional unified social credit code, a kind (party organ,
//! government department, people's organization, other) and its contacts.
//! Organizations point to their unit (`organization.supervisory_unit_id`); the
//! old text column stays as the unit's name shown and typed (NULL still means
//! 直接登记), so lists, filters, exports and imports read it as before.
//!
//! A merge an officer confirms keeps one unit and marks the other
//! `merged_into` it: its name then resolves to the kept unit, so an import
//! that still spells it the old way links to the kept one. A proposal the
//! officer dismissed is remembered (`unit_merge_dismissal`, the pair with the
//! smaller id first) so it is not proposed again.
//!
//! A unit's accounts (role `unit`) are listed in `supervisory_unit_user`, one
//! unit a user. What a unit did about a zombie case or a rectification of its
//! organization (谁主管、谁负责) is a dated note in `unit_action`, `subject`
//! being `zombie` (a `zombie_case` id) or `rectification` (an
//! `inspection_rectification` id).
//!
//! The migration creates one unit for each distinct trimmed text value of
//! today's organizations and links them; annual reports gain no column: the
//! unit's first review (初审) is the report status `unit_review` and its
//! events `unit_passed` and `unit_returned`.

use crate::sql;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const SQL: &str = r#"
CREATE TABLE supervisory_unit (
    id {ID},
    name TEXT NOT NULL UNIQUE,
    code TEXT NULL,
    kind TEXT NOT NULL,
    contact_person TEXT NOT NULL,
    contact_phone TEXT NOT NULL,
    contact_email TEXT NOT NULL,
    merged_into BIGINT NULL REFERENCES supervisory_unit (id),
    created_at {TS} NOT NULL,
    updated_at {TS} NOT NULL
);
CREATE INDEX supervisory_unit_merged ON supervisory_unit (merged_into);
ALTER TABLE organization ADD COLUMN supervisory_unit_id BIGINT NULL REFERENCES supervisory_unit (id);
CREATE INDEX organization_supervisory_unit_id ON organization (supervisory_unit_id);
CREATE TABLE supervisory_unit_user (
    user_id BIGINT NOT NULL PRIMARY KEY REFERENCES app_user (id),
    unit_id BIGINT NOT NULL REFERENCES supervisory_unit (id),
    created_at {TS} NOT NULL
);
CREATE INDEX supervisory_unit_user_unit ON supervisory_unit_user (unit_id);
CREATE TABLE unit_merge_dismissal (
    id {ID},
    unit_a BIGINT NOT NULL REFERENCES supervisory_unit (id),
    unit_b BIGINT NOT NULL REFERENCES supervisory_unit (id),
    dismissed_by BIGINT NULL REFERENCES app_user (id),
    created_at {TS} NOT NULL,
    UNIQUE (unit_a, unit_b)
);
CREATE TABLE unit_action (
    id {ID},
    unit_id BIGINT NOT NULL REFERENCES supervisory_unit (id),
    org_id BIGINT NOT NULL REFERENCES organization (id),
    subject TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    acted_on {DATE} NOT NULL,
    body TEXT NOT NULL,
    user_id BIGINT NULL REFERENCES app_user (id),
    author TEXT NOT NULL,
    created_at {TS} NOT NULL
);
CREATE INDEX unit_action_subject ON unit_action (subject, subject_id, id)
"#;

/// Creates a unit for every distinct (trimmed) text value no unit has yet and
/// links every organization whose text names a unit (an alias resolving to
/// the unit it was merged into). Also what `app::units::service::link_unlinked`
/// runs after an import's batch.
pub fn link_sql(backend: DatabaseBackend) -> [String; 3] {
    let now = match backend {
        DatabaseBackend::Postgres => "CURRENT_TIMESTAMP",
        _ => "strftime('%Y-%m-%dT%H:%M:%SZ','now')",
    };
    [
        "UPDATE organization SET supervisory_unit = TRIM(supervisory_unit) \
         WHERE supervisory_unit IS NOT NULL AND supervisory_unit <> TRIM(supervisory_unit)"
            .to_string(),
        format!(
            "INSERT INTO supervisory_unit (name, kind, contact_person, contact_phone, contact_email, created_at, updated_at) \
             SELECT t.name, 'other', '', '', '', {now}, {now} FROM (SELECT DISTINCT o.supervisory_unit AS name \
             FROM organization o WHERE o.supervisory_unit IS NOT NULL AND o.supervisory_unit <> '' \
             AND NOT EXISTS (SELECT 1 FROM supervisory_unit u WHERE u.name = o.supervisory_unit)) t"
        ),
        "UPDATE organization SET supervisory_unit_id = (SELECT COALESCE(u.merged_into, u.id) FROM supervisory_unit u \
         WHERE u.name = organization.supervisory_unit) \
         WHERE supervisory_unit IS NOT NULL AND supervisory_unit <> '' AND supervisory_unit_id IS NULL"
            .to_string(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        sql::run(manager, SQL).await?;
        let db = manager.get_connection();
        for stmt in link_sql(manager.get_database_backend()) {
            db.execute_unprepared(&stmt).await?;
        }
        Ok(())
    }
}
