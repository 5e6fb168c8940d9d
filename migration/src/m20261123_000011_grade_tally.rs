//! A fourth dashboard tally: `grade_tally`, the grades in force (status
//! `active`) of active organizations, by grade, the organization's type and
//! district, and the month the grade runs out (`valid_to`). Rating coverage
//! and the 3A+ share read it instead of joining every grade to the register;
//! only the grades running out this month are read from the records.
//!
//! Kept, like the tallies of migration 10, by database triggers on
//! `rating_grade` (insert, delete, a change of organization, grade, term or
//! status) and on `organization` (a change of status, type or district, or a
//! deletion), in the same transaction as the records. The migration fills it
//! from the records already there.

use crate::sql::{exec_all, trigger_function, ym};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const TABLE: &str = "CREATE TABLE grade_tally (
    grade TEXT NOT NULL,
    org_type TEXT NOT NULL,
    district TEXT NOT NULL,
    valid_month TEXT NOT NULL,
    n BIGINT NOT NULL,
    PRIMARY KEY (grade, org_type, district, valid_month)
)";

const KEY: &str = "(grade, org_type, district, valid_month)";
const KEY_N: &str = "(grade, org_type, district, valid_month, n)";

/// Fills the (empty) tally from the records.
pub(crate) fn backfill(b: DatabaseBackend) -> String {
    format!(
        "INSERT INTO grade_tally {KEY_N} \
         SELECT g.grade, o.org_type, o.district, {m}, COUNT(*) FROM rating_grade g \
         JOIN organization o ON o.id = g.org_id WHERE g.status = 'active' AND o.status = 'active' \
         GROUP BY g.grade, o.org_type, o.district, {m}",
        m = ym(b, "g.valid_to")
    )
}

/// Adds `sign` (`+` or `-`) one for grade row `g` (OLD or NEW) under its
/// organization's current type and district, if both count.
///
/// Both directions are the same upsert of a signed delta: a cell taken from
/// before anything added to it goes below zero for a moment instead of the
/// subtraction being lost. PostgreSQL fires row triggers after the whole
/// statement, so a trigger may meet rows of its statement whose own triggers
/// have not run yet; with deltas the order does not matter.
fn grade_change(b: DatabaseBackend, g: &str, sign: char) -> String {
    let month = ym(b, &format!("{g}.valid_to"));
    format!(
        "INSERT INTO grade_tally {KEY_N} \
         SELECT {g}.grade, o.org_type, o.district, {month}, {sign}1 FROM organization o \
         WHERE o.id = {g}.org_id AND o.status = 'active' AND {g}.status = 'active' \
         ON CONFLICT {KEY} DO UPDATE SET n = grade_tally.n + excluded.n;"
    )
}

/// Adds `sign` (`+` or `-`) every grade in force of organization row `o`
/// (OLD or NEW) under its type and district, if the organization is active.
fn org_change(b: DatabaseBackend, o: &str, sign: char) -> String {
    let month = ym(b, "g.valid_to");
    format!(
        "INSERT INTO grade_tally {KEY_N} \
         SELECT g.grade, {o}.org_type, {o}.district, {month}, {sign}COUNT(*) FROM rating_grade g \
         WHERE g.org_id = {o}.id AND g.status = 'active' AND {o}.status = 'active' \
         GROUP BY g.grade, {month} \
         ON CONFLICT {KEY} DO UPDATE SET n = grade_tally.n + excluded.n;"
    )
}

/// When an organization's change moves its grades: it became or stopped
/// being active, or an active one changed type or district.
const ORG_MOVES: &str = "(OLD.status = 'active') IS NOT (NEW.status = 'active') OR (NEW.status = 'active' \
    AND (OLD.org_type IS NOT NEW.org_type OR OLD.district IS NOT NEW.district))";

const GRADE_MOVES: &str = "OLD.org_id IS NOT NEW.org_id OR OLD.grade IS NOT NEW.grade \
    OR OLD.valid_to IS NOT NEW.valid_to OR OLD.status IS NOT NEW.status";

fn sqlite_triggers() -> Vec<String> {
    let b = DatabaseBackend::Sqlite;
    vec![
        format!(
            "CREATE TRIGGER grade_tally_insert AFTER INSERT ON rating_grade BEGIN {} END",
            grade_change(b, "NEW", '+')
        ),
        format!(
            "CREATE TRIGGER grade_tally_delete AFTER DELETE ON rating_grade BEGIN {} END",
            grade_change(b, "OLD", '-')
        ),
        format!(
            "CREATE TRIGGER grade_tally_update AFTER UPDATE OF org_id, grade, valid_to, status ON rating_grade \
             WHEN {GRADE_MOVES} BEGIN {} {} END",
            grade_change(b, "OLD", '-'),
            grade_change(b, "NEW", '+')
        ),
        format!(
            "CREATE TRIGGER organization_grade_update AFTER UPDATE OF status, org_type, district ON organization \
             WHEN {ORG_MOVES} BEGIN {} {} END",
            org_change(b, "OLD", '-'),
            org_change(b, "NEW", '+')
        ),
        format!(
            "CREATE TRIGGER organization_grade_delete AFTER DELETE ON organization BEGIN {} END",
            org_change(b, "OLD", '-')
        ),
    ]
}

fn postgres_triggers() -> Vec<String> {
    let b = DatabaseBackend::Postgres;
    let pg = |s: &str| s.replace(" IS NOT ", " IS DISTINCT FROM ");
    vec![
        trigger_function("sunshine_grade_tally", &grade_change(b, "OLD", '-'), &grade_change(b, "NEW", '+')),
        "CREATE TRIGGER grade_tally_insert_delete AFTER INSERT OR DELETE ON rating_grade \
         FOR EACH ROW EXECUTE FUNCTION sunshine_grade_tally()"
            .into(),
        format!(
            "CREATE TRIGGER grade_tally_update AFTER UPDATE ON rating_grade FOR EACH ROW WHEN ({}) \
             EXECUTE FUNCTION sunshine_grade_tally()",
            pg(GRADE_MOVES)
        ),
        // Bound to updates and deletions only.
        trigger_function("sunshine_organization_grade_tally", &org_change(b, "OLD", '-'), &org_change(b, "NEW", '+')),
        format!(
            "CREATE TRIGGER organization_grade_update AFTER UPDATE ON organization FOR EACH ROW WHEN ({}) \
             EXECUTE FUNCTION sunshine_organization_grade_tally()",
            pg(ORG_MOVES)
        ),
        "CREATE TRIGGER organization_grade_delete AFTER DELETE ON organization \
         FOR EACH ROW EXECUTE FUNCTION sunshine_organization_grade_tally()"
            .into(),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let backend = manager.get_database_backend();
        let triggers = match backend {
            DatabaseBackend::Postgres => postgres_triggers(),
            _ => sqlite_triggers(),
        };
        exec_all(manager, [TABLE.to_string(), backfill(backend)].into_iter().chain(triggers)).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let drops: &[&str] = match manager.get_database_backend() {
            DatabaseBackend::Postgres => &[
                "DROP TRIGGER IF EXISTS grade_tally_insert_delete ON rating_grade",
                "DROP TRIGGER IF EXISTS grade_tally_update ON rating_grade",
                "DROP TRIGGER IF EXISTS organization_grade_update ON organization",
                "DROP TRIGGER IF EXISTS organization_grade_delete ON organization",
                "DROP FUNCTION IF EXISTS sunshine_grade_tally()",
                "DROP FUNCTION IF EXISTS sunshine_organization_grade_tally()",
            ],
            _ => &[
                "DROP TRIGGER IF EXISTS grade_tally_insert",
                "DROP TRIGGER IF EXISTS grade_tally_delete",
                "DROP TRIGGER IF EXISTS grade_tally_update",
                "DROP TRIGGER IF EXISTS organization_grade_update",
                "DROP TRIGGER IF EXISTS organization_grade_delete",
            ],
        };
        let mut stmts: Vec<String> = drops.iter().map(|d| String::from(*d)).collect();
        stmts.push("DROP TABLE IF EXISTS grade_tally".into());
        exec_all(manager, stmts).await
    }
}
