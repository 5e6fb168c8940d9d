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
use crate::state::Settings;

pub use crate::domain::input::MAX_TEXT;

use crate::kernel::clock::stamp;

pub(crate) use crate::db::like;

use crate::mail::service::mail_org;

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
