//! Queries and transactions of charitable trusts. Every write runs in one
//! write transaction with its audit record, the state read through
//! `domain::trust::next`.
//!
//! `filing` files a trust with its contract and reviews it; `history` files
//! its changes and yearly reports; `lists` lists and shows trusts (officers,
//! the portal, the public with masked settlors), the CSV and the figures of
//! the dashboard and the year's statistics. Trusts are few (hundreds in a
//! city), so the lists compute each trust's overdue reports in memory.

mod filing;
mod history;
mod lists;

pub use filing::{accept, contract, file, return_filing, trustee_of, Trustee};
pub use history::{file_change, file_report};
pub use lists::{detail, list, portal, public_after, public_list, stats, PUBLIC_CSV_HEADER};

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{charitable_trust, charitable_trust_report};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter};

use crate::audit::service::{self as audit, Actor, Entry};
use crate::db::{self, WriteTxn};
use crate::domain::trust::{self as rules, State};
use crate::error::AppError;

/// A trust's stored state.
fn state_of(m: &charitable_trust::Model) -> Result<State, AppError> {
    db::stored_status(State::parse, &m.state, "charitable_trust", m.id)
}

async fn audited(
    txn: &WriteTxn,
    actor: &Actor,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), AppError> {
    Ok(audit::record(txn, actor, Entry::after(action, "charitable_trust", id, after)).await?)
}

/// The years each of `ids` has reported on.
async fn reported<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<HashMap<i64, Vec<i32>>, DbErr> {
    let mut out: HashMap<i64, Vec<i32>> = HashMap::new();
    for r in charitable_trust_report::Entity::find()
        .filter(charitable_trust_report::Column::TrustId.is_in(ids.to_vec()))
        .all(db)
        .await?
    {
        out.entry(r.trust_id).or_default().push(r.year);
    }
    Ok(out)
}

/// The years an accepted trust owes a report for on `today`: in force in a
/// complete year, not reported; with `overdue`, only those past the deadline.
fn owed(m: &charitable_trust::Model, reported: &[i32], due: (u32, u32), today: NaiveDate, overdue: bool) -> Vec<i32> {
    if m.state != State::Accepted.as_str() {
        return Vec::new();
    }
    rules::report_years(m.start_on, m.end_on, today)
        .into_iter()
        .filter(|y| !reported.contains(y))
        .filter(|y| !overdue || rules::report_overdue(*y, due, today))
        .collect()
}

/// All the trusts with their overdue years, for the lists, the figures and
/// the daily job.
pub(crate) async fn with_overdue<C: ConnectionTrait>(
    db: &C,
    trusts: Vec<charitable_trust::Model>,
    due: (u32, u32),
    today: NaiveDate,
) -> Result<Vec<(charitable_trust::Model, Vec<i32>)>, DbErr> {
    let ids: Vec<i64> = trusts.iter().map(|t| t.id).collect();
    let done = reported(db, &ids).await?;
    Ok(trusts
        .into_iter()
        .map(|t| {
            let years = owed(&t, done.get(&t.id).map(Vec::as_slice).unwrap_or(&[]), due, today, true);
            (t, years)
        })
        .collect())
}
