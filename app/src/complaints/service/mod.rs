//! Queries and transactions of complaints. Every write runs in one write
//! transaction with its timeline entry, its audit record and its mail.
//!
//! `report` receives a report (the public form, an officer recording one)
//! and signs the public form's start stamp; `status` answers the reporter's
//! enquiry by tracking number and code; `queue` lists and shows complaints
//! and counts them for the dashboard; `handle` assigns, notes, replies and
//! closes; `weight` is what other features read: the complaints that count
//! against an organization (charity risk grade, the draw's weight).

mod handle;
mod queue;
mod report;
mod status;
mod weight;

pub use handle::{assign, close, note, open_case_from_complaint, reply};
pub use queue::{attachment, detail, list, outcome_counts, queue_counts};
pub use report::{form_stamp, record, record_for_org, submit, FileUpload};
pub use status::{check, grant_cookie, granted, GRANT_COOKIE};
pub use weight::{count_against_org, draw_count_sql, lead, link_illegal_in, of_org, Lead};

use chrono::Utc;
use entity::complaint;
use sea_orm::{ConnectionTrait, DbErr};

use crate::audit::service::Actor;
use crate::db;
use crate::domain::complaint::Status;
use crate::error::AppError;

/// A complaint's tracking number (a penalty case opened from it shows it).
pub async fn number_of<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<String>, DbErr> {
    Ok(db::column(db, "SELECT number FROM complaint WHERE id = ?", vec![id.into()], "number").await?.into_iter().next())
}

/// A complaint's stored status.
fn status_of(c: &complaint::Model) -> Result<Status, AppError> {
    db::stored_status(Status::parse, &c.status, "complaint", c.id)
}

/// Adds an entry to a complaint's timeline.
async fn event<C: ConnectionTrait>(
    db: &C,
    complaint_id: i64,
    kind: &str,
    day: chrono::NaiveDate,
    actor: &Actor,
    note: &str,
) -> Result<(), DbErr> {
    db::exec(
        db,
        "INSERT INTO complaint_event (complaint_id, kind, day, officer_id, actor, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        vec![
            complaint_id.into(),
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

/// HMAC-SHA-256 of `payload` under the server's secret, in hex.
fn mac(secret: &str, payload: &str) -> String {
    use hmac::Mac;
    let mut m = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
    m.update(payload.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Whether `tag` (hex) is `payload`'s MAC, compared in constant time.
fn mac_ok(secret: &str, payload: &str, tag: &str) -> bool {
    use hmac::Mac;
    let mut m = <hmac::Hmac<sha2::Sha256> as Mac>::new_from_slice(secret.as_bytes()).expect("any key length");
    m.update(payload.as_bytes());
    !secret.is_empty() && hex::decode(tag).is_ok_and(|t| m.verify_slice(&t).is_ok())
}
