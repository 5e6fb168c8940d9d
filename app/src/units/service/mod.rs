//! Queries and transactions of supervisory units. Every write runs in one
//! write transaction with its audit record.
//!
//! `records` keeps the units (the officers' list and form, the name an
//! organization's form or import types resolved to a unit, a unit's mail
//! addresses); `merge` proposes, confirms and dismisses merges of spellings;
//! `portal` is what a unit's users see and record (their organizations,
//! reports, cases, notes) and what officers see of those notes.

mod merge;
mod portal;
mod records;

pub use merge::{dismiss, merge};
pub use portal::{add_note, first_review, home, notes_of, org_view, report, unit_of_user};
pub use records::{
    add_member_in, addresses, create, find_by_name, link_unlinked_in, list, names, one, resolve_in, unit_names_of,
    update,
};

use entity::supervisory_unit;
use sea_orm::{ConnectionTrait, DbErr};

use crate::db;

/// The organizations and accounts of `unit`, counted.
async fn counts<C: ConnectionTrait>(db: &C, unit: i64) -> Result<(u64, u64), DbErr> {
    let orgs = db::count(db, "SELECT COUNT(*) AS n FROM organization WHERE supervisory_unit_id = ?", vec![unit.into()])
        .await?;
    let users =
        db::count(db, "SELECT COUNT(*) AS n FROM supervisory_unit_user WHERE unit_id = ?", vec![unit.into()]).await?;
    Ok((orgs, users))
}

/// A unit as a row of the officers' list.
async fn row_of<C: ConnectionTrait>(db: &C, u: supervisory_unit::Model) -> Result<super::types::UnitRow, DbErr> {
    let (orgs, users) = counts(db, u.id).await?;
    Ok(super::types::UnitRow {
        id: u.id,
        name: u.name,
        code: u.code,
        kind: u.kind,
        contact_person: u.contact_person,
        contact_phone: u.contact_phone,
        contact_email: u.contact_email,
        orgs,
        users,
    })
}
