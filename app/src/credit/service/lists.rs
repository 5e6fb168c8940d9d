//! The two lists: listing and closing entries, the list pages and their CSV,
//! what the public sees, and listing by an officer's decision.

use std::collections::{HashMap, HashSet};

use chrono::{NaiveDate, Utc};
use entity::{credit_entry, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Value};
use serde_json::json;

use super::scores::rescore;
use super::{orgs_by_id, reason_zh, PER_PAGE};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::credit::types::*;
use crate::db;
use crate::domain::credit::{self as rules, List};
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// Lists `org_id` for `reason` unless the same fact (`ref`) is already listed.
/// A new abnormal-list event restarts the clock of the organization's open
/// entries on that list. Returns whether a new entry was written.
#[allow(clippy::too_many_arguments)]
pub async fn list_in<C: ConnectionTrait>(
    txn: &C,
    org_id: i64,
    reason: &str,
    r#ref: &str,
    on: NaiveDate,
    office: &str,
    note: &str,
    decided_by: Option<i64>,
) -> Result<bool, DbErr> {
    let Some((list, basis)) = rules::reason(reason) else { return Ok(false) };
    let written = db::exec(
        txn,
        "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, \
         decided_by, created_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM credit_entry \
         WHERE org_id = ? AND list = ? AND reason = ? AND ref = ? AND removed_on IS NULL)",
        vec![
            org_id.into(),
            list.as_str().into(),
            reason.into(),
            basis.into(),
            r#ref.into(),
            on.into(),
            on.into(),
            office.into(),
            note.into(),
            decided_by.into(),
            Utc::now().into(),
            org_id.into(),
            list.as_str().into(),
            reason.into(),
            r#ref.into(),
        ],
    )
    .await?;
    if written == 1 {
        db::exec(
            txn,
            "UPDATE credit_entry SET clock_from = ? WHERE org_id = ? AND list = ? AND removed_on IS NULL AND clock_from < ?",
            vec![on.into(), org_id.into(), list.as_str().into(), on.into()],
        )
        .await?;
    }
    Ok(written == 1)
}

/// Closes the open entry of an organization for `reason` and `ref` (a
/// revocation's serious-list entry when the registration is reinstated),
/// removed on `on` for `why`; how many closed.
pub async fn close_in<C: ConnectionTrait>(
    txn: &C,
    org_id: i64,
    reason: &str,
    r#ref: &str,
    on: NaiveDate,
    why: &str,
) -> Result<u64, DbErr> {
    db::exec(
        txn,
        "UPDATE credit_entry SET removed_on = ?, removal_reason = ? WHERE org_id = ? AND reason = ? AND ref = ? \
         AND removed_on IS NULL",
        vec![on.into(), why.into(), org_id.into(), reason.into(), r#ref.into()],
    )
    .await
}

/// Closes every open entry of an organization (it left the register by
/// deregistration, or its serious-list revocation entry may now go).
pub async fn close_all_in<C: ConnectionTrait>(txn: &C, org_id: i64, on: NaiveDate, why: &str) -> Result<u64, DbErr> {
    db::exec(
        txn,
        "UPDATE credit_entry SET removed_on = ?, removal_reason = ? WHERE org_id = ? AND removed_on IS NULL",
        vec![on.into(), why.into(), org_id.into()],
    )
    .await
}

fn entry_view(e: credit_entry::Model, o: Option<&organization::Model>, pending: bool) -> EntryView {
    EntryView {
        id: e.id,
        org_id: e.org_id,
        org_name: o.map(|o| o.name.clone()).unwrap_or_default(),
        credit_code: o.map(|o| o.credit_code.clone()).unwrap_or_default(),
        district: o.map(|o| o.district.clone()).unwrap_or_default(),
        list: e.list,
        reason: e.reason,
        basis: e.basis,
        listed_on: e.listed_on.to_string(),
        deciding_office: e.deciding_office,
        note: e.note,
        removed_on: e.removed_on.map(|d| d.to_string()),
        removal_reason: e.removal_reason,
        repair_pending: pending,
    }
}

async fn pending_repairs<C: ConnectionTrait>(db: &C, entry_ids: &[i64]) -> Result<HashSet<i64>, DbErr> {
    let sql = "SELECT entry_id FROM repair_request WHERE status = 'pending' AND entry_id IN ({ids})";
    let rows = db::rows_by_ids(db, sql, vec![], entry_ids).await?;
    rows.iter().map(|r| r.try_get::<i64>("", "entry_id")).collect()
}

/// The list pages: entries of one list (or both), searchable, paginated.
pub async fn entries<C: ConnectionTrait>(db: &C, f: &EntryFilter) -> Result<EntryPage, DbErr> {
    let (from_where, vals) = entry_where(f);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let sql = format!("SELECT e.id AS id {from_where} ORDER BY e.listed_on DESC, e.id DESC {}", p.limit_offset());
    let ids: Vec<i64> = db::column(db, &sql, vals, "id").await?;
    let rows = load_entries(db, &ids).await?;
    Ok(EntryPage { rows, total: total as u64, page: p.page, per_page: PER_PAGE })
}

pub(super) async fn load_entries<C: ConnectionTrait>(db: &C, ids: &[i64]) -> Result<Vec<EntryView>, DbErr> {
    let models = credit_entry::Entity::find().filter(credit_entry::Column::Id.is_in(ids.to_vec())).all(db).await?;
    let orgs = orgs_by_id(db, models.iter().map(|e| e.org_id)).await?;
    let pending = pending_repairs(db, ids).await?;
    let mut by_id: HashMap<i64, credit_entry::Model> = models.into_iter().map(|e| (e.id, e)).collect();
    Ok(ids
        .iter()
        .filter_map(|id| by_id.remove(id))
        .map(|e| {
            let p = pending.contains(&e.id);
            let o = orgs.get(&e.org_id);
            entry_view(e, o, p)
        })
        .collect())
}

fn entry_where(f: &EntryFilter) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM credit_entry e JOIN organization o ON o.id = e.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if let Some(list) = List::parse(&f.list) {
        sql.push_str(" AND e.list = ?");
        vals.push(list.as_str().into());
    }
    match f.state.as_str() {
        "removed" => sql.push_str(" AND e.removed_on IS NOT NULL"),
        "all" => {}
        _ => sql.push_str(" AND e.removed_on IS NULL"),
    }
    if !f.reason.is_empty() {
        sql.push_str(" AND e.reason = ?");
        vals.push(f.reason.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    (sql, vals)
}

pub const ENTRY_CSV_HEADER: [&str; 10] =
    ["统一社会信用代码", "名称", "区", "名录", "列入事由", "依据", "列入日期", "作出决定机关", "移出日期", "移出原因"];

/// An entry of the credit lists as the open data API and the CSV give it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OpenCreditEntry {
    /// The entry's number: the order of the export and the cursor.
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    pub name: String,
    pub district: String,
    /// `abnormal` (活动异常名录) or `serious` (严重违法失信名单).
    pub list: String,
    /// Why it was listed, as a code (the CSV gives its Chinese name).
    pub reason: String,
    /// The rule it was listed under.
    pub basis: String,
    /// YYYY-MM-DD.
    pub listed_on: String,
    pub deciding_office: String,
    /// YYYY-MM-DD, when it was taken off the list.
    pub removed_on: Option<String>,
    /// Why it was taken off, as a code.
    pub removal_reason: Option<String>,
}

impl crate::kernel::csv::Record for OpenCreditEntry {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        let list = if self.list == "serious" { "严重违法失信名单" } else { "活动异常名录" };
        vec![
            self.credit_code.clone(),
            self.name.clone(),
            self.district.clone(),
            list.into(),
            reason_zh(&self.reason).into(),
            self.basis.clone(),
            self.listed_on.clone(),
            self.deciding_office.clone(),
            self.removed_on.clone().unwrap_or_default(),
            self.removal_reason.as_deref().map(removal_zh).unwrap_or("").into(),
        ]
    }
}

/// The entries the filter selects after entry id `after`, at most `batch`,
/// in id order, and the last id read.
pub async fn entries_after<C: ConnectionTrait>(
    db: &C,
    f: &EntryFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenCreditEntry>, Option<i64>), DbErr> {
    let (from_where, mut vals) = entry_where(f);
    vals.push(after.into());
    let sql = format!("SELECT e.id AS id {from_where} AND e.id > ? ORDER BY e.id LIMIT {batch}");
    let ids: Vec<i64> = db::column(db, &sql, vals, "id").await?;
    let rows = load_entries(db, &ids).await?;
    let open = rows
        .into_iter()
        .map(|e| OpenCreditEntry {
            id: e.id,
            credit_code: e.credit_code,
            name: e.org_name,
            district: e.district,
            list: e.list,
            reason: e.reason,
            basis: e.basis,
            listed_on: e.listed_on,
            deciding_office: e.deciding_office,
            removed_on: e.removed_on,
            removal_reason: e.removal_reason,
        })
        .collect();
    Ok((open, ids.last().copied()))
}

fn removal_zh(code: &str) -> &'static str {
    crate::i18n::coded(crate::i18n::Lang::Zh, "cr_removal_", code, "decision")
}

/// What the public sees of one organization: the entries in force.
pub async fn public_credit<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<PublicCredit, DbErr> {
    let ids: Vec<i64> = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrgId.eq(org_id))
        .filter(credit_entry::Column::RemovedOn.is_null())
        .order_by_desc(credit_entry::Column::ListedOn)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    Ok(PublicCredit { entries: load_entries(db, &ids).await? })
}

/// An officer lists an organization by decision (reasons that are not mechanical).
pub async fn list_by_decision(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &ListInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    if !rules::officer_reasons().any(|(r, _)| r == input.reason) {
        e.choice("reason", &input.reason);
    }
    let on = e.date("listed_on", &input.listed_on);
    e.required("note", &input.note);
    e.max_len("note", &input.note, 2000);
    e.into_result()?;
    let on = on.ok_or(AppError::Internal)?;
    if on > crate::kernel::clock::today() {
        return Err(AppError::field("listed_on", "err_date_future"));
    }
    let txn = db::begin_write(db).await?;
    organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let r#ref = format!("decision-{on}");
    if !list_in(&txn, org_id, &input.reason, &r#ref, on, &settings.bureau_name, input.note.trim(), actor.id).await? {
        return Err(AppError::Conflict("err_credit_already_listed".into()));
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: "credit_list",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"reason": input.reason, "listed_on": on.to_string(), "note": input.note})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], crate::kernel::clock::today()).await?;
    txn.commit().await?;
    Ok(())
}
