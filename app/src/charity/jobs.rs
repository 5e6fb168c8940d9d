//! The daily charity job: every disclosure past its deadline and not made
//! (a campaign's periodic or final disclosure, an annual report) becomes one
//! `charity_overdue` row, inserted with `ON CONFLICT DO NOTHING` in the same
//! transaction as the e-mail to the charity, so a second run (or a second
//! server) sends nothing twice. Officers list the open rows; a disclosure
//! made later resolves its row. One write transaction (an advisory lock on
//! PostgreSQL), recorded in `job_run`.

use chrono::{NaiveDate, Utc};
use entity::organization;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait};

use super::mails::DisclosuresOverdue;
use super::service::{dues_of, load};
use super::types::{due_label_in, CharityRun};
use crate::db;
use crate::error::AppError;
use crate::mail::service::mail_org;
use crate::mail::MAIL_LANG;
use crate::state::Settings;

/// Runs the overdue detection for `today`.
pub async fn run_daily(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<CharityRun, AppError> {
    let started = Utc::now();
    let txn = db::begin_write(db).await?;
    if txn.get_database_backend() == DbBackend::Postgres {
        db::exec(&txn, "SELECT pg_advisory_xact_lock(7209)", vec![]).await?;
    }
    let (charities, plans, made) = load(&*txn, None).await?;
    let mut run = CharityRun::default();
    for c in &charities {
        let p = plans.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
        let m = made.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
        let mut new_items = Vec::new();
        for d in dues_of(c, p, m, today).into_iter().filter(|d| d.overdue) {
            let inserted = db::exec(
                &txn,
                "INSERT INTO charity_overdue (org_id, plan_id, kind, period_no, due_on, detected_on) \
                 VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                vec![
                    c.org_id.into(),
                    d.plan_id.into(),
                    d.kind.clone().into(),
                    d.period_no.into(),
                    d.due_on.parse::<NaiveDate>().unwrap_or(today).into(),
                    today.into(),
                ],
            )
            .await?;
            if inserted == 1 {
                run.overdue_found += 1;
                let due = due_label_in(MAIL_LANG, &d.kind, d.period_no);
                let what = match d.kind.as_str() {
                    "annual" => due,
                    _ => format!("募捐方案 {} {due}", d.filing_no),
                };
                new_items.push(format!("· {what}，应于 {} 前公开", d.due_on));
            }
        }
        if new_items.is_empty() {
            continue;
        }
        let Some(o) = organization::Entity::find_by_id(c.org_id).one(&*txn).await? else { continue };
        let letter = DisclosuresOverdue {
            bureau: settings.bureau_name.clone(),
            org: o.name.clone(),
            items: new_items.join("\n"),
            url: settings.public_url.clone(),
        };
        mail_org(&*txn, &o, &letter).await?;
        run.mails += 1;
    }
    let counts = serde_json::to_string(&run).unwrap_or_default();
    db::exec(
        &txn,
        "INSERT INTO job_run (job, run_on, started_at, finished_at, counts_json) VALUES ('charity', ?, ?, ?, ?)",
        vec![today.into(), started.into(), Utc::now().into(), counts.into()],
    )
    .await?;
    txn.commit().await?;
    Ok(run)
}
