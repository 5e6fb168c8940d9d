//! The daily trust job: each yearly report of an accepted trust past its
//! deadline and not filed becomes one `charitable_trust_overdue` row,
//! inserted with `ON CONFLICT DO NOTHING` in the same transaction as the
//! e-mail to the trustee, so a second run (or a second server) sends nothing
//! twice. One write transaction (an advisory lock on PostgreSQL), recorded in
//! `job_run`.

use chrono::{NaiveDate, Utc};
use entity::{charitable_trust, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter};
use serde::{Deserialize, Serialize};

use super::mails::ReportOverdue;
use crate::db;
use crate::domain::trust::{report_due, State};
use crate::error::AppError;
use crate::mail::service::{mail_org, send};
use crate::state::Settings;

/// What the daily job did.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustRun {
    pub overdue_found: u64,
    pub mails: u64,
}

/// Runs the overdue detection for `today`.
pub async fn run_daily(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<TrustRun, AppError> {
    let started = Utc::now();
    let txn = db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        db::exec(&txn, "SELECT pg_advisory_xact_lock(7221)", vec![]).await?;
    }
    let trusts = charitable_trust::Entity::find()
        .filter(charitable_trust::Column::State.eq(State::Accepted.as_str()))
        .all(&*txn)
        .await?;
    let due = settings.trust_report_due;
    let mut run = TrustRun::default();
    for (t, years) in super::service::with_overdue(&*txn, trusts, due, today).await? {
        let mut new_years = Vec::new();
        for y in years {
            let inserted = db::exec(
                &txn,
                "INSERT INTO charitable_trust_overdue (trust_id, year, due_on, detected_on) VALUES (?, ?, ?, ?) \
                 ON CONFLICT DO NOTHING",
                vec![t.id.into(), y.into(), report_due(y, due).into(), today.into()],
            )
            .await?;
            if inserted == 1 {
                run.overdue_found += 1;
                new_years.push(y);
            }
        }
        let Some(first) = new_years.first().copied() else { continue };
        let letter = ReportOverdue {
            bureau: settings.bureau_name.clone(),
            trustee: t.trustee_name.clone(),
            trust: t.name.clone(),
            filing_no: t.filing_no.clone().unwrap_or_default(),
            years: new_years.iter().map(i32::to_string).collect::<Vec<_>>().join("、"),
            due: report_due(first, due).to_string(),
            url: settings.public_url.clone(),
        };
        match t.trustee_org_id {
            Some(org) => {
                let Some(o) = organization::Entity::find_by_id(org).one(&*txn).await? else { continue };
                mail_org(&*txn, &o, &letter).await?;
            }
            None if !t.contact_email.trim().is_empty() => {
                send(&*txn, &t.contact_email, &letter, None).await?;
            }
            None => continue,
        }
        run.mails += 1;
    }
    let counts = serde_json::to_string(&run).unwrap_or_default();
    db::exec(
        &txn,
        "INSERT INTO job_run (job, run_on, started_at, finished_at, counts_json) VALUES ('trusts', ?, ?, ?, ?)",
        vec![today.into(), started.into(), Utc::now().into(), counts.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(run)
}
