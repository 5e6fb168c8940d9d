//! What other features read of complaints: those that count against an
//! organization (received within the last year and not closed as unfounded,
//! `domain::complaint::counts_against`) for the charity risk grade and the
//! double-random draw's weight, and an organization's complaints for its page;
//! and a complaint about an unregistered body, from which the illegal
//! organizations' register opens an entry (`lead`), noting the
//! entry on the complaint's timeline in the entry's transaction
//! (`link_illegal_in`).

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

/// What the illegal organizations' register takes from a complaint.
pub struct Lead {
    pub number: String,
    /// The complaint is about an unregistered body (the only kind an entry is opened from).
    pub unregistered: bool,
    pub subject_name: String,
    pub what: String,
    pub place: String,
    pub received_on: NaiveDate,
}

/// Complaint `id` as a lead for the illegal organizations' register.
pub async fn lead<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<Lead>, DbErr> {
    use crate::domain::complaint::Subject;
    use sea_orm::EntityTrait;
    Ok(entity::complaint::Entity::find_by_id(id).one(db).await?.map(|c| Lead {
        unregistered: Subject::parse(&c.subject_kind) == Some(Subject::Unregistered),
        number: c.number,
        subject_name: c.subject_name,
        what: c.what,
        place: c.place,
        received_on: c.received_on,
    }))
}

/// Notes on complaint `id`'s timeline that entry `entry_id` of the illegal
/// organizations' register was opened from it (in the caller's transaction).
pub async fn link_illegal_in<C: ConnectionTrait>(
    db: &C,
    id: i64,
    entry_id: i64,
    actor: &crate::audit::service::Actor,
    day: NaiveDate,
) -> Result<(), DbErr> {
    super::event(db, id, "illegal_opened", day, actor, &format!("#{entry_id}")).await
}
