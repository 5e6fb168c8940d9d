//! PostgreSQL: the tallies of migration 10 kept by signed deltas, and
//! rebuilt from the records.
//!
//! PostgreSQL fires row triggers after the whole statement. When one
//! statement wrote two filed reports of an organization (the demo seed and
//! imports write many rows a statement), the first report's trigger updated
//! the organization's `last_conclusion`; the organization's trigger then took
//! every filed report away from `filing_tally` and added them back, meeting
//! the second report before its own trigger had counted it. Taking away was an
//! `UPDATE` and found no cell; adding back was an upsert and made one; the
//! second report's trigger then counted it again, one too many.
//!
//! Now every change, up or down, is the same upsert of a signed delta, so the
//! order the triggers run in no longer matters (a cell may dip below zero for
//! a moment). The trigger functions are replaced in place (their triggers stay
//! bound), then the tallies and `organization.last_conclusion` are recomputed
//! from the records, which mends any count the old functions got wrong.
//!
//! SQLite runs a row trigger as each row is written, so its triggers never
//! meet an uncounted row; this migration changes nothing there.

use crate::m20261123_000010_dashboard::{newest_conclusion, tally_backfill};
use crate::m20261123_000011_grade_tally::backfill as grade_backfill;
use crate::sql::{exec_all, trigger_function, ym};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DatabaseBackend;

#[derive(DeriveMigrationName)]
pub struct Migration;

const ORG_KEY: &str = "(status, org_type, district, reg_month)";
const FILING_KEY: &str = "(report_year, status, org_type, district, reg_month)";
const GOV_KEY: &str = "(org_type, district, term_month)";

/// The upsert adding `n` (a signed SQL expression) to a `table` cell.
fn bump(table: &str, key: &str, select: &str) -> String {
    let cols = key.trim_end_matches(')');
    format!(
        "INSERT INTO {table} {cols}, n) {select} \
         ON CONFLICT {key} DO UPDATE SET n = {table}.n + excluded.n;"
    )
}

/// The organization's trigger function: row `o` (OLD or NEW) counted with
/// `sign` in `org_tally`, `governance_tally` and, for each of its filed
/// reports, `filing_tally`.
fn organization_part(o: &str, sign: char) -> String {
    let b = DatabaseBackend::Postgres;
    let reg = ym(b, &format!("{o}.registration_date"));
    let term = ym(b, &format!("{o}.term_end"));
    format!(
        "{org}
    IF {o}.status = 'active' AND {o}.last_conclusion = 'qualified' THEN
      {gov}
    END IF;
    {filing}",
        org = bump("org_tally", ORG_KEY, &format!("SELECT {o}.status, {o}.org_type, {o}.district, {reg}, {sign}1")),
        gov = bump("governance_tally", GOV_KEY, &format!("SELECT {o}.org_type, {o}.district, {term}, {sign}1")),
        filing = bump(
            "filing_tally",
            FILING_KEY,
            &format!(
                "SELECT r.report_year, {o}.status, {o}.org_type, {o}.district, {reg}, {sign}COUNT(*) \
                 FROM annual_report r WHERE r.org_id = {o}.id AND r.first_submitted_at IS NOT NULL \
                 GROUP BY r.report_year"
            )
        ),
    )
}

/// The report's trigger function: report `r` (OLD or NEW), if filed, counted
/// with `sign` under its organization.
fn report_part(r: &str, sign: char) -> String {
    bump(
        "filing_tally",
        FILING_KEY,
        &format!(
            "SELECT {r}.report_year, o.status, o.org_type, o.district, {}, {sign}1 FROM organization o \
             WHERE o.id = {r}.org_id AND {r}.first_submitted_at IS NOT NULL",
            ym(DatabaseBackend::Postgres, "o.registration_date")
        ),
    )
}

/// Recomputes `last_conclusion` of `org` (an SQL expression).
fn refresh(org: &str) -> String {
    let newest = newest_conclusion(org);
    format!("UPDATE organization SET last_conclusion = {newest} WHERE id = {org} AND last_conclusion IS DISTINCT FROM {newest};")
}

fn functions() -> Vec<String> {
    vec![
        trigger_function("sunshine_organization_tally", &organization_part("OLD", '-'), &organization_part("NEW", '+')),
        // Counts first, then the organization's newest conclusion (deltas:
        // the order does not change the tallies).
        trigger_function(
            "sunshine_report_tally",
            &format!("{}\n    {}", report_part("OLD", '-'), refresh("OLD.org_id")),
            &format!("{}\n    {}", report_part("NEW", '+'), refresh("NEW.org_id")),
        ),
    ]
}

/// Recomputes `last_conclusion` (its triggers keep the tallies in step), then
/// every tally from the records.
fn rebuild() -> Vec<String> {
    let b = DatabaseBackend::Postgres;
    let newest = newest_conclusion("organization.id");
    let mut out = vec![format!(
        "UPDATE organization SET last_conclusion = {newest} WHERE last_conclusion IS DISTINCT FROM {newest}"
    )];
    for t in ["org_tally", "filing_tally", "governance_tally", "grade_tally"] {
        out.push(format!("DELETE FROM {t}"));
    }
    out.extend(tally_backfill(b));
    out.push(grade_backfill(b));
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DatabaseBackend::Postgres {
            return Ok(());
        }
        exec_all(manager, functions().into_iter().chain(rebuild())).await
    }

    /// The functions stay as they are: the ones of migration 10 counted
    /// wrong, and the tallies do not depend on which ones run.
    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
