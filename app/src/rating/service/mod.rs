//! Queries and transactions of a rating round: rounds, applications and the
//! eligibility check, exclusions of experts, and the organization's rating.
//! Every write runs in one transaction with its audit record and its e-mail.
//! Panels and scores live in [`super::panel`], notice, objections and the
//! grant in [`super::notice`], grades after the grant in [`super::grades`].
//!
//! Here: what the rating files share; `rounds` the rounds and their
//! applications' list and CSV; `applications` an application from the sheet
//! to the eligibility decision, the experts' exclusions and an organization's
//! rating.

mod applications;
mod rounds;

pub use applications::*;
pub use rounds::*;

use chrono::{NaiveDate, Utc};
use entity::{
    organization, rating_application, rating_grade, rating_item, rating_objection, rating_round, rating_sheet,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, Value,
};
use serde_json::json;

use super::mails::{EligibilityPassed, EligibilityRefused};
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::org_type::OrgType;
use crate::domain::rating::{self as rules, Rerating};
use crate::error::{AppError, Errors};
use crate::mail::service::send;
use crate::mail::Letter;
use crate::state::Settings;

pub use crate::domain::input::MAX_TEXT;

use crate::kernel::clock::stamp;

pub(crate) use crate::db::like;

/// The addresses that hear about an organization: its contact and its active portal users.
pub(crate) async fn org_addresses<C: ConnectionTrait>(db: &C, o: &organization::Model) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT email FROM app_user WHERE org_id = ? AND active = ?",
            vec![o.id.into(), true.into()],
        ))
        .await?;
    let mut to = rows.iter().map(|r| r.try_get::<String>("", "email")).collect::<Result<Vec<_>, _>>()?;
    to.push(o.contact_email.clone());
    to.retain(|a| !a.trim().is_empty());
    to.sort();
    to.dedup();
    Ok(to)
}

/// Sends `letter` to every address of the organization (see [`org_addresses`]).
pub(crate) async fn mail_org<C: ConnectionTrait>(
    db: &C,
    o: &organization::Model,
    letter: &impl Letter,
) -> Result<(), DbErr> {
    for to in org_addresses(db, o).await? {
        send(db, &to, letter, None).await?;
    }
    Ok(())
}

pub(crate) async fn org<C: ConnectionTrait>(db: &C, id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)
}

pub(crate) async fn count<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<u64, DbErr> {
    let n: i64 = db
        .query_one_raw(db::stmt(db.get_database_backend(), sql, vals))
        .await?
        .map(|r| r.try_get("", "n"))
        .transpose()?
        .unwrap_or(0);
    Ok(n as u64)
}
