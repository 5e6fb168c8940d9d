//! What other features read of complaints: those that count against an
//! organization (received within the last year and not closed as unfounded,
//! `domain::complaint::counts_against`) for the charity risk grade and the
//! double-random draw's weight, and an organization's complaints for its page.

use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, DbErr};

use crate::complaints::types::ComplaintBrief;
use crate::db;
use crate::domain::complaint::count_since;

/// The condition of a complaint `q` that counts on the day given as its `?`.
const COUNTS: &str = "q.received_on > ? AND (q.outcome IS NULL OR q.outcome <> 'unfounded')";

/// The complaints that count against organization `org_id` on `today`.
pub async fn count_against_org<C: ConnectionTrait>(db: &C, org_id: i64, today: NaiveDate) -> Result<u32, DbErr> {
    let n = db::count(
        db,
        &format!("SELECT COUNT(*) AS n FROM complaint q WHERE q.org_id = ? AND {COUNTS}"),
        vec![org_id.into(), count_since(today).into()],
    )
    .await?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A correlated count of the complaints that count against the row `o` of a
/// query, matched on the complaint's `column` (`org_id` or `outlet_id`), and
/// the value of its one `?` on `today`: for a draw's population.
pub fn draw_count_sql(column: &str, today: NaiveDate) -> (String, sea_orm::Value) {
    let column = if column == "outlet_id" { "outlet_id" } else { "org_id" };
    (format!("(SELECT COUNT(*) FROM complaint q WHERE q.{column} = o.id AND {COUNTS})"), count_since(today).into())
}

/// An organization's complaints, newest first.
pub async fn of_org<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Vec<ComplaintBrief>, DbErr> {
    db.query_all_raw(db::stmt(
        db.get_database_backend(),
        "SELECT id, number, received_on, what, status, outcome FROM complaint WHERE org_id = ? \
         ORDER BY received_on DESC, id DESC LIMIT 100",
        vec![org_id.into()],
    ))
    .await?
    .iter()
    .map(|r| {
        Ok(ComplaintBrief {
            id: r.try_get("", "id")?,
            number: r.try_get("", "number")?,
            received_on: r.try_get::<NaiveDate>("", "received_on")?.to_string(),
            what: r.try_get("", "what")?,
            status: r.try_get("", "status")?,
            outcome: r.try_get("", "outcome")?,
        })
    })
    .collect()
}
