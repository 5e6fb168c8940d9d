//! The reporter's enquiry: a tracking number and its one-time code show the
//! status and the reply. A wrong code and an unknown number get the same
//! answer, after the same work (an Argon2 check against a stand-in hash when
//! there is no complaint), so neither tells which numbers exist; the server
//! limits the enquiries per client (`server::limits`).
//!
//! With JavaScript off the enquiry's answer must survive the redirect back to
//! the page: a matching enquiry sets a short-lived signed cookie naming the
//! complaint ([`grant_cookie`]), which the page reads ([`granted`]). The code
//! itself is never kept anywhere.

use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::Argon2;
use entity::complaint;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter};

use super::{mac, mac_ok};
use crate::complaints::types::{StatusInput, StatusView};
use crate::domain::complaint::{normalize_code, parse_number};
use crate::error::{AppError, Errors};

/// The cookie of a matching enquiry.
pub const GRANT_COOKIE: &str = "complaint_view";

/// Seconds the page shows the complaint after a matching enquiry.
const GRANT_SECONDS: i64 = 600;

/// The one answer to a wrong code and to an unknown number.
fn no_match() -> AppError {
    AppError::field("code", "cpl_err_no_match")
}

/// A hash that no code matches, checked when the number is unknown.
fn stand_in_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| crate::auth::service::hash_password("no complaint has this code").unwrap_or_default())
}

fn code_matches(hash: &str, code: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(code.as_bytes(), &h).is_ok())
}

/// The complaint of a tracking number and code, and what its reporter sees.
pub async fn check(db: &DatabaseConnection, input: &StatusInput) -> Result<(i64, StatusView), AppError> {
    let mut e = Errors::default();
    e.required("number", &input.number);
    e.required("code", &input.code);
    e.line("number", &input.number, 40);
    e.line("code", &input.code, 40);
    e.into_result()?;
    let number = parse_number(&input.number);
    let code = normalize_code(&input.code);
    let found = match &number {
        Some(n) => complaint::Entity::find().filter(complaint::Column::Number.eq(n.as_str())).one(db).await?,
        None => None,
    };
    let hash = found.as_ref().and_then(|c| c.code_hash.clone());
    let ok = code_matches(hash.as_deref().unwrap_or(stand_in_hash()), &code);
    match found {
        Some(c) if ok && hash.is_some() => Ok((c.id, view(&c))),
        _ => Err(no_match()),
    }
}

/// A complaint as its reporter sees it: no notes, no officer, no contact.
fn view(c: &complaint::Model) -> StatusView {
    StatusView {
        number: c.number.clone(),
        subject_kind: c.subject_kind.clone(),
        subject_name: c.subject_name.clone(),
        received_on: c.received_on.to_string(),
        due_on: c.due_on.to_string(),
        status: c.status.clone(),
        reply: c.reply.clone(),
        replied_on: c.replied_on.map(|d| d.to_string()),
        outcome: c.outcome.clone(),
        closed_on: c.closed_on.map(|d| d.to_string()),
    }
}

/// The `Set-Cookie` value letting this browser see complaint `id` until
/// `now` + ten minutes (Unix seconds).
pub fn grant_cookie(secret: &str, id: i64, now: i64) -> String {
    let until = now + GRANT_SECONDS;
    let tag = mac(secret, &format!("{GRANT_COOKIE}:{id}:{until}"));
    format!("{GRANT_COOKIE}={id}.{until}.{tag}; Path=/public/report; HttpOnly; SameSite=Lax; Max-Age={GRANT_SECONDS}")
}

/// The complaint a genuine, unexpired grant cookie value names, as its
/// reporter sees it now.
pub async fn granted(
    db: &DatabaseConnection,
    secret: &str,
    cookie: &str,
    now: i64,
) -> Result<Option<StatusView>, AppError> {
    let mut parts = cookie.splitn(3, '.');
    let (Some(id), Some(until), Some(tag)) = (parts.next(), parts.next(), parts.next()) else { return Ok(None) };
    let (Ok(id), Ok(until)) = (id.parse::<i64>(), until.parse::<i64>()) else { return Ok(None) };
    if until < now || !mac_ok(secret, &format!("{GRANT_COOKIE}:{id}:{until}"), tag) {
        return Ok(None);
    }
    Ok(complaint::Entity::find_by_id(id).one(db).await?.map(|c| view(&c)))
}
