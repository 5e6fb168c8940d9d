//! The daily credit job: mechanical listings and removals, escalation to the
//! serious list, zombie-candidate detection and rescoring — set-based SQL, so
//! a run over a million organizations takes seconds. Idempotent: it runs in
//! one write transaction (SQLite's write lock; a transaction-scoped advisory
//! lock on PostgreSQL, so two servers never run it at once), every insert is
//! guarded by `NOT EXISTS` on the same fact, and each run is recorded in
//! `job_run` with its counts.

use chrono::{NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, DbErr, Value};

use super::service::rescore;
use super::types::CreditRun;
use crate::db;
use crate::domain::credit::{add_months, add_years, reason};
use crate::error::AppError;
use crate::state::Settings;

/// Orgs touched by a statement with `RETURNING org_id`.
async fn returning<C: ConnectionTrait>(txn: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<i64>, DbErr> {
    let rows = txn.query_all_raw(db::stmt(txn.get_database_backend(), sql, vals)).await?;
    rows.iter().map(|r| r.try_get::<i64>("", "org_id")).collect()
}

/// Runs the credit job for `today`.
pub async fn run_daily(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<CreditRun, AppError> {
    let started = Utc::now();
    let txn = db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        db::exec(&txn, "SELECT pg_advisory_xact_lock(7201)", vec![]).await?;
    }
    let office = settings.bureau_name.clone();
    let now = Utc::now();
    let mut run = CreditRun::default();
    let mut touched: Vec<i64> = Vec::new();

    // 1. A missed annual-report deadline → 活动异常名录 (one entry per year, never twice).
    let (_, basis) = reason("missed_report").unwrap_or((crate::domain::credit::List::Abnormal, ""));
    let listed = returning(
        &txn,
        "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, created_at) \
         SELECT f.org_id, 'abnormal', 'missed_report', ?, CAST(f.report_year AS TEXT), ?, ?, ?, ?, ? \
         FROM filing_flag f JOIN organization o ON o.id = f.org_id \
         WHERE f.kind = 'missed_deadline' AND o.status = 'active' AND NOT EXISTS (SELECT 1 FROM credit_entry e \
         WHERE e.org_id = f.org_id AND e.reason = 'missed_report' AND e.ref = CAST(f.report_year AS TEXT)) \
         RETURNING org_id",
        vec![basis.into(), today.into(), today.into(), office.clone().into(), "逾期未报送年度工作报告".into(), now.into()],
    )
    .await?;
    run.listed_missed_report = listed.len() as u64;
    touched.extend(&listed);
    // A new event restarts the clock of the organization's other open abnormal entries.
    db::exec(
        &txn,
        "UPDATE credit_entry SET clock_from = ? WHERE list = 'abnormal' AND removed_on IS NULL AND clock_from < ? \
         AND org_id IN (SELECT org_id FROM credit_entry WHERE list = 'abnormal' AND listed_on = ?)",
        vec![today.into(), today.into(), today.into()],
    )
    .await?;

    // 2. Two full years on the 活动异常名录 → 严重违法失信名单; the abnormal entries move.
    let two_years_ago = add_years(today, -2);
    let (_, basis) = reason("abnormal_two_years").unwrap_or((crate::domain::credit::List::Serious, ""));
    let escalated = returning(
        &txn,
        "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, created_at) \
         SELECT DISTINCT e.org_id, 'serious', 'abnormal_two_years', ?, 'abnormal', ?, ?, ?, ?, ? FROM credit_entry e \
         WHERE e.list = 'abnormal' AND e.removed_on IS NULL AND e.clock_from <= ? AND NOT EXISTS (SELECT 1 FROM credit_entry s \
         WHERE s.org_id = e.org_id AND s.reason = 'abnormal_two_years' AND s.removed_on IS NULL) RETURNING org_id",
        vec![basis.into(), today.into(), today.into(), office.clone().into(), "列入活动异常名录满2年".into(), now.into(), two_years_ago.into()],
    )
    .await?;
    run.escalated = escalated.len() as u64;
    touched.extend(&escalated);
    db::exec(
        &txn,
        "UPDATE credit_entry SET removed_on = ?, removal_reason = 'moved_to_serious' WHERE list = 'abnormal' \
         AND removed_on IS NULL AND clock_from <= ?",
        vec![today.into(), two_years_ago.into()],
    )
    .await?;

    // 3. Entries that need no rectification leave after six months.
    let six_months_ago = add_months(today, 0).checked_sub_months(chrono::Months::new(6)).unwrap_or(today);
    let removed = returning(
        &txn,
        "UPDATE credit_entry SET removed_on = ?, removal_reason = 'period_ended' WHERE reason = 'penalty_minor' \
         AND removed_on IS NULL AND listed_on <= ? RETURNING org_id",
        vec![today.into(), six_months_ago.into()],
    )
    .await?;
    run.auto_removed = removed.len() as u64;
    touched.extend(&removed);

    // 4. Zombie candidates: two consecutive years without a report, unreachable,
    //    or no activity for the configured months with the term of office expired.
    let y = settings.report_year;
    let inactive_since =
        add_months(today, 0).checked_sub_months(chrono::Months::new(settings.zombie_inactive_months)).unwrap_or(today);
    let missed = "(EXISTS (SELECT 1 FROM filing_flag f1 WHERE f1.org_id = o.id AND f1.report_year = ?) \
        AND EXISTS (SELECT 1 FROM filing_flag f2 WHERE f2.org_id = o.id AND f2.report_year = ?))";
    let unreachable = "EXISTS (SELECT 1 FROM credit_entry u WHERE u.org_id = o.id AND u.reason = 'unreachable' \
        AND u.removed_on IS NULL)";
    let inactive = "(o.term_end < ? AND o.registration_date <= ? \
        AND NOT EXISTS (SELECT 1 FROM org_event v WHERE v.org_id = o.id AND v.event_date > ?) \
        AND NOT EXISTS (SELECT 1 FROM annual_report r WHERE r.org_id = o.id AND r.first_submitted_at IS NOT NULL \
        AND r.report_year >= ?))";
    let sql = format!(
        "INSERT INTO zombie_case (org_id, status, missed_reports, unreachable, inactive, detected_on, updated_at) \
         SELECT o.id, 'candidate', CASE WHEN {missed} THEN ? ELSE ? END, CASE WHEN {unreachable} THEN ? ELSE ? END, \
         CASE WHEN {inactive} THEN ? ELSE ? END, ?, ? FROM organization o WHERE o.status = 'active' \
         AND ({missed} OR {unreachable} OR {inactive}) \
         AND NOT EXISTS (SELECT 1 FROM zombie_case z WHERE z.org_id = o.id AND z.status IN ('candidate', 'notified', 'rectifying')) \
         AND NOT EXISTS (SELECT 1 FROM zombie_case z WHERE z.org_id = o.id AND z.status IN ('dismissed', 'restored') \
         AND z.closed_on > ?) RETURNING org_id"
    );
    let inactive_vals = |v: &mut Vec<Value>| {
        v.extend([today.into(), inactive_since.into(), inactive_since.into(), Value::from(y - 1)]);
    };
    let mut vals: Vec<Value> = vec![y.into(), (y - 1).into(), true.into(), false.into(), true.into(), false.into()];
    inactive_vals(&mut vals);
    vals.extend([true.into(), false.into(), today.into(), now.into(), y.into(), (y - 1).into()]);
    inactive_vals(&mut vals);
    // A case closed as not a zombie is not reopened within a year.
    vals.push(add_years(today, -1).into());
    let found = returning(&txn, &sql, vals).await?;
    run.zombies_found = found.len() as u64;

    // 5. Rescore every organization whose facts changed.
    touched.sort_unstable();
    touched.dedup();
    run.rescored = rescore(&txn, settings, &touched, today).await?;
    let counts = serde_json::to_string(&run).unwrap_or_default();
    db::exec(
        &txn,
        "INSERT INTO job_run (job, run_on, started_at, finished_at, counts_json) VALUES ('credit', ?, ?, ?, ?)",
        vec![today.into(), started.into(), Utc::now().into(), counts.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(run)
}
