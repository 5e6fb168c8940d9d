//! The daily job of annual reports: reminders 30 and 7 days before the
//! deadline and the day after it, and flags for the credit rules on the
//! organizations that missed it. Idempotent: each reminder and each flag is a
//! row with a primary key, inserted in the same transaction as its e-mail, so
//! running the job twice a day, or on several servers at once, sends nothing twice.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use serde::{Deserialize, Serialize};

use super::mails::{Reminder, ReportDue, ReportOverdue};
use super::service::obliged_sql;
use crate::db;
use crate::domain::annual_report::reminder_due;
use crate::domain::org_type::OrgType;
use crate::error::AppError;
use crate::mail::service::send;
use crate::state::Settings;

/// Organizations handled per transaction.
const BATCH: u64 = 500;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailyReport {
    pub reminders: u64,
    pub flagged: u64,
}

struct Target {
    id: i64,
    name: String,
    contact_email: String,
}

/// Obliged organizations of `t` that have not filed for `year`, after id `after`.
async fn unfiled<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    t: OrgType,
    after: i64,
) -> Result<Vec<Target>, DbErr> {
    let (from_where, mut vals) = obliged_sql(settings, year);
    vals.push(t.as_str().into());
    vals.push(after.into());
    let sql = format!(
        "SELECT o.id AS id, o.name AS name, o.contact_email AS email {from_where} \
         AND r.first_submitted_at IS NULL AND o.org_type = ? AND o.id > ? ORDER BY o.id LIMIT {BATCH}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    rows.iter()
        .map(|r| {
            Ok(Target {
                id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                contact_email: r.try_get("", "email")?,
            })
        })
        .collect()
}

async fn portal_addresses<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT email FROM app_user WHERE org_id = ? AND active = ?",
            vec![org_id.into(), true.into()],
        ))
        .await?;
    rows.iter().map(|r| r.try_get::<String>("", "email")).collect()
}

/// Queues the reminder of `kind` (a kind of [`reminder_due`]) to each of `to`.
async fn send_reminder<C: ConnectionTrait>(db: &C, to: &[String], kind: &str, r: Reminder) -> Result<(), DbErr> {
    if kind == "overdue" {
        let letter = ReportOverdue(r);
        for addr in to {
            send(db, addr, &letter, None).await?;
        }
    } else {
        let letter = ReportDue(r);
        for addr in to {
            send(db, addr, &letter, None).await?;
        }
    }
    Ok(())
}

/// Runs the job for `today` (the filing year of the settings).
pub async fn run_daily(
    db: &DatabaseConnection,
    settings: &Settings,
    today: NaiveDate,
) -> Result<DailyReport, AppError> {
    let year = settings.report_year;
    let mut report = DailyReport::default();
    for t in OrgType::ALL {
        let deadline = settings.report_deadline_for(t, year);
        let kind = reminder_due(deadline, today);
        let flag = today > deadline;
        if kind.is_none() && !flag {
            continue;
        }
        let mut after = 0;
        loop {
            let batch = unfiled(db, settings, year, t, after).await?;
            let Some(last) = batch.last().map(|x| x.id) else { break };
            after = last;
            let txn = db::begin_write(db).await?;
            for target in &batch {
                if let Some(kind) = kind {
                    let inserted = db::exec(
                        &txn,
                        "INSERT INTO reminder_log (org_id, report_year, kind, sent_at) VALUES (?, ?, ?, ?) \
                         ON CONFLICT DO NOTHING",
                        vec![target.id.into(), year.into(), kind.into(), chrono::Utc::now().into()],
                    )
                    .await?;
                    if inserted == 1 {
                        let reminder = Reminder {
                            bureau: settings.bureau_name.clone(),
                            org: target.name.clone(),
                            year,
                            deadline,
                            link: format!("{}/portal/reports/{year}", settings.public_url),
                        };
                        let mut to = portal_addresses(&txn, target.id).await?;
                        to.push(target.contact_email.clone());
                        to.retain(|a| !a.trim().is_empty());
                        to.sort();
                        to.dedup();
                        send_reminder(&txn, &to, kind, reminder).await?;
                        report.reminders += 1;
                    }
                }
                if flag {
                    report.flagged += db::exec(
                        &txn,
                        "INSERT INTO filing_flag (org_id, report_year, kind, flagged_on) VALUES (?, ?, 'missed_deadline', ?) \
                         ON CONFLICT DO NOTHING",
                        vec![target.id.into(), year.into(), today.into()],
                    )
                    .await?;
                }
            }
            txn.commit().await?;
        }
    }
    Ok(report)
}
