//! The daily job of the audit trail: the chain's head at the end of each of
//! the bureau's days is published once — written to `audit_day_head` and
//! e-mailed to every administrator — the first time the job runs after that
//! day. A head names the day's last record, its chain value and the day's
//! count; `verify` compares the chain with every published head, so a chain
//! recomputed later (even with the audit key) no longer matches what was
//! published and e-mailed.
//!
//! Exactly once across processes: the job takes the chain's head row as a
//! writer does (so every record of the days it publishes is committed, and a
//! second server's run waits), and each head is inserted with
//! `ON CONFLICT DO NOTHING` in the same transaction as its e-mail.

use chrono::{NaiveDate, Utc};
use entity::app_user;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter};

use super::chain::{self, DayHead, GENESIS};
use super::mails::DayHeadsPublished;
use crate::db;
use crate::state::Settings;

/// What a run published.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DailyReport {
    /// The heads published by this run, oldest first.
    pub published: Vec<DayHead>,
    /// E-mails queued (one to each administrator, when anything was published).
    pub mails: u64,
}

/// Publishes the heads of the days before `today` not published yet
/// ([`chain::days_to_publish`]).
pub async fn run_daily(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<DailyReport, DbErr> {
    let txn = db::begin_write(db).await?;
    // The head row, as a writer takes it: records are numbered and stamped
    // under it, so none of the days published can still be written.
    db::exec(&txn, "UPDATE audit_head SET seq = seq WHERE id = 1", vec![]).await?;
    let backend = txn.get_database_backend();
    let last = txn.query_one_raw(db::stmt(backend, "SELECT MAX(day) AS day FROM audit_day_head", vec![])).await?;
    let last: Option<NaiveDate> = last.map(|r| r.try_get("", "day")).transpose()?.flatten();
    let mut report = DailyReport::default();
    let now = Utc::now();
    for day in chain::days_to_publish(last, today) {
        let head = head_of_day(&*txn, day).await?;
        let inserted = db::exec(
            &txn,
            "INSERT INTO audit_day_head (day, last_seq, last_hash, records, published_at) VALUES (?, ?, ?, ?, ?) \
             ON CONFLICT DO NOTHING",
            vec![day.into(), head.last_seq.into(), head.last_hash.clone().into(), head.records.into(), now.into()],
        )
        .await?;
        if inserted == 1 {
            report.published.push(head);
        }
    }
    if let (Some(first), Some(last)) = (report.published.first(), report.published.last()) {
        let letter = DayHeadsPublished {
            bureau: settings.bureau_name.clone(),
            days: if first.day == last.day { first.day.to_string() } else { format!("{} – {}", first.day, last.day) },
            heads: report.published.iter().map(DayHead::line).collect::<Vec<_>>().join("\n"),
            url: settings.public_url.clone(),
        };
        let admins = app_user::Entity::find()
            .filter(app_user::Column::Role.eq("admin"))
            .filter(app_user::Column::Active.eq(true))
            .all(&*txn)
            .await?;
        let mut to: Vec<String> = admins.into_iter().map(|u| u.email).filter(|a| !a.trim().is_empty()).collect();
        to.sort();
        to.dedup();
        for addr in &to {
            crate::mail::service::send(&*txn, addr, &letter, None).await?;
            report.mails += 1;
        }
    }
    txn.commit().await?;
    Ok(report)
}

/// The chain's head at the end of `day`: the last record stamped before the
/// next day began (through the index on `at`, from the newest back), and the
/// count of the day's records.
async fn head_of_day<C: ConnectionTrait>(txn: &C, day: NaiveDate) -> Result<DayHead, DbErr> {
    let (start, end) = chain::day_bounds(day);
    let backend = txn.get_database_backend();
    let last = txn
        .query_one_raw(db::stmt(
            backend,
            "SELECT seq, hash FROM audit_log WHERE at < ? ORDER BY at DESC, seq DESC LIMIT 1",
            vec![end.into()],
        ))
        .await?;
    let (last_seq, last_hash) = match last {
        Some(r) => (r.try_get("", "seq")?, r.try_get("", "hash")?),
        None => (0, GENESIS.to_string()),
    };
    let records =
        db::count(txn, "SELECT COUNT(*) AS n FROM audit_log WHERE at >= ? AND at < ?", vec![start.into(), end.into()])
            .await? as i64;
    Ok(DayHead { day, last_seq, last_hash, records })
}
