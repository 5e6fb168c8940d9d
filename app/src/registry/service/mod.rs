//! Queries and transactions of the registry. Every write runs in one
//! transaction with its registration event and its audit record.
//!
//! `write` registers, changes and acts on organizations; `staging` moves an
//! import's checked rows into the register; `lists` lists and shows them;
//! `export` writes them as CSV. What they share is here.

mod export;
mod lists;
mod postings;
mod staging;
mod write;

pub use export::*;
pub use lists::*;
pub use postings::{index_org, probe_statement, reindex_name, write_postings};
pub use staging::*;
pub use write::*;

use chrono::{NaiveDate, Utc};
use entity::{org_event, organization};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    EntityTrait, QueryFilter, QueryOrder, Set, Value,
};
use serde_json::json;

use super::types::*;
use super::validate::{self, CapitalRules, ValidOrg};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::{money, org_status, org_status::OrgAction, org_status::OrgStatus, org_type::OrgType, search, term};
use crate::error::AppError;
use crate::state::Settings;

pub const PER_PAGE: u64 = 20;

use crate::kernel::clock::today;

pub(super) fn snapshot(o: &organization::Model) -> serde_json::Value {
    json!({
        "name": o.name, "credit_code": o.credit_code, "org_type": o.org_type, "domicile": o.domicile,
        "district": o.district, "legal_rep": o.legal_rep, "capital": money::format_yuan(o.capital_fen),
        "supervisory_unit": o.supervisory_unit, "business_scope": o.business_scope,
        "contact_person": o.contact_person, "contact_phone": o.contact_phone, "contact_email": o.contact_email,
        "registration_date": o.registration_date.to_string(), "status": o.status,
        "status_date": o.status_date.map(|d| d.to_string()), "status_reason": o.status_reason,
        "charter_approved_on": o.charter_approved_on.map(|d| d.to_string()),
        "term_start": o.term_start.to_string(), "term_end": o.term_end.to_string(),
        "trade_sector": o.trade_sector,
    })
}

pub(super) async fn add_event(
    txn: &DatabaseTransaction,
    org_id: i64,
    kind: &str,
    date: NaiveDate,
    note: &str,
    changes: &[ChangeItem],
    actor: &Actor,
) -> Result<(), DbErr> {
    org_event::ActiveModel {
        org_id: Set(org_id),
        kind: Set(kind.to_string()),
        event_date: Set(date),
        note: Set(note.to_string()),
        changes_json: Set(serde_json::to_string(changes).unwrap_or_else(|_| "[]".into())),
        actor_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// Refuses a name already used by a registered organization, or a code
/// already on the register, with a field error.
///
/// A name or code staged by an organization import still running is refused
/// too, until the import ends: its rows were checked against the register and
/// are written in batches, so a registration in between must not take one of
/// them (on SQLite the check and the batches are serialized by the write lock).
/// Whether an organization import still running has staged a row whose
/// `column` (`name` or `credit_code`) is `value`.
async fn being_imported<C: ConnectionTrait>(db: &C, column: &str, value: &str) -> Result<bool, DbErr> {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM (SELECT 1 FROM import_row s JOIN import_job j ON j.id = s.job_id \
         WHERE j.finished_at IS NULL AND s.{column} = ? LIMIT 1) t"
    );
    Ok(db::count(db, &sql, vec![value.into()]).await? > 0)
}

async fn check_unique<C: ConnectionTrait>(
    db: &C,
    name: Option<&str>,
    code: Option<&str>,
    except: i64,
) -> Result<(), AppError> {
    let mut e = crate::error::Errors::default();
    if let Some(name) = name {
        let taken = organization::Entity::find()
            .filter(organization::Column::Name.eq(name))
            .filter(organization::Column::Status.eq(OrgStatus::Active.as_str()))
            .filter(organization::Column::Id.ne(except))
            .one(db)
            .await?;
        if taken.is_some() {
            e.add("name", "err_name_taken");
        } else if being_imported(db, "name", name).await? {
            e.add("name", "err_name_importing");
        }
    }
    if let Some(code) = code {
        let taken = organization::Entity::find().filter(organization::Column::CreditCode.eq(code)).one(db).await?;
        if taken.is_some() {
            e.add("credit_code", "err_code_taken");
        } else if being_imported(db, "credit_code", code).await? {
            e.add("credit_code", "err_code_importing");
        }
    }
    e.into_result()
}
