//! Queries and transactions of the illegal organizations' register. Every
//! write runs in one write transaction with its log entry and its audit
//! record, the state read through `domain::illegal_org::next`.
//!
//! `register` opens entries (the officers' form, a complaint) and takes the
//! steps (a note, the outcome, publication); `queue` lists and shows entries
//! and counts them for the dashboard and the penalty cases' form; `public`
//! is the warning list and its CSV.

mod public;
mod queue;
mod register;

pub use public::{warnings, warnings_after, WARNING_CSV_HEADER};
pub use queue::{detail, list, of_complaint, open_name, queue_counts};
pub use register::{create, note, open_from_complaint, outcome, publish};

use chrono::{NaiveDate, Utc};
use entity::illegal_org;
use sea_orm::{ConnectionTrait, DbErr};

use crate::audit::service::Actor;
use crate::db;
use crate::domain::illegal_org::State;
use crate::error::AppError;

/// An entry's stored state.
fn state_of(m: &illegal_org::Model) -> Result<State, AppError> {
    db::stored_status(State::parse, &m.state, "illegal_org", m.id)
}

/// Adds an entry to the investigation log.
async fn log<C: ConnectionTrait>(
    db: &C,
    entry: i64,
    kind: &str,
    day: NaiveDate,
    actor: &Actor,
    note: &str,
) -> Result<(), DbErr> {
    db::exec(
        db,
        "INSERT INTO illegal_org_note (illegal_org_id, kind, day, officer_id, officer, note, at) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            entry.into(),
            kind.into(),
            day.into(),
            actor.id.into(),
            actor.name.clone().into(),
            note.into(),
            Utc::now().into(),
        ],
    )
    .await?;
    Ok(())
}
