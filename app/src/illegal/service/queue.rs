//! The officers' list and one entry with its log; what neighbours read: the
//! entry opened from a complaint, an open entry's name for a new penalty
//! case, the dashboard's counts.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{illegal_org, illegal_org_note, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, Value};

use super::state_of;
use crate::db;
use crate::domain::illegal_org::{on_warning_list, State};
use crate::domain::paging::Paging;
use crate::error::AppError;
use crate::illegal::types::*;

/// The entry opened from complaint `complaint_id`, if any.
pub async fn of_complaint<C: ConnectionTrait>(db: &C, complaint_id: i64) -> Result<Option<i64>, DbErr> {
    Ok(illegal_org::Entity::find()
        .filter(illegal_org::Column::ComplaintId.eq(complaint_id))
        .one(db)
        .await?
        .map(|m| m.id))
}

/// The name of entry `id` while it is being handled (a penalty case opened
/// for it names the party so); `None` for an unknown or ended entry.
pub async fn open_name<C: ConnectionTrait>(db: &C, id: i64) -> Result<Option<String>, DbErr> {
    Ok(illegal_org::Entity::find_by_id(id)
        .one(db)
        .await?
        .filter(|m| State::parse(&m.state).is_some_and(State::open))
        .map(|m| m.name))
}

/// The condition of a text search over the public columns of `i`.
pub(super) fn search_sql(q: &str, sql: &mut String, vals: &mut Vec<Value>) {
    let q = q.trim();
    if !q.is_empty() {
        sql.push_str(&format!(" AND (i.name {0} OR i.activities {0} OR i.places {0} OR i.websites {0})", db::LIKE));
        let like = db::like(q);
        vals.extend((0..4).map(|_| Value::from(like.clone())));
    }
}

/// Entries by state and text, newest first.
pub async fn list<C: ConnectionTrait>(db: &C, f: &EntryFilter) -> Result<EntryPage, AppError> {
    let mut sql = String::from("FROM illegal_org i WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if f.state == "open" {
        sql.push_str(" AND i.state IN ('suspected', 'investigating')");
    } else if let Some(st) = State::parse(&f.state) {
        sql.push_str(" AND i.state = ?");
        vals.push(st.as_str().into());
    }
    search_sql(&f.q, &mut sql, &mut vals);
    let p = Paging::new(f.page, PER_PAGE);
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let ids: Vec<i64> =
        db::column(db, &format!("SELECT i.id AS id {sql} ORDER BY i.id DESC {}", p.limit_offset()), vals, "id").await?;
    let mut by_id: HashMap<i64, illegal_org::Model> = illegal_org::Entity::find()
        .filter(illegal_org::Column::Id.is_in(ids.clone()))
        .all(db)
        .await?
        .into_iter()
        .map(|m| (m.id, m))
        .collect();
    let rows = ids
        .into_iter()
        .filter_map(|id| by_id.remove(&id))
        .map(|m| EntryRow {
            id: m.id,
            name: m.name,
            state: m.state,
            source: m.source,
            found_on: m.found_on.to_string(),
            outcome_on: m.outcome_on.map(|d| d.to_string()),
            published_on: m.published_on.map(|d| d.to_string()),
        })
        .collect();
    Ok(EntryPage { rows, total: u64::try_from(total).unwrap_or(0), page: p.page, per_page: PER_PAGE })
}

/// One entry with its log and the penalty cases opened for it.
pub async fn detail<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<EntryDetail, AppError> {
    let m = illegal_org::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let state = state_of(&m)?;
    let org = match m.org_id {
        Some(o) => organization::Entity::find_by_id(o).one(db).await?.map(|o| (o.id, o.name, o.credit_code)),
        None => None,
    };
    let notes = illegal_org_note::Entity::find()
        .filter(illegal_org_note::Column::IllegalOrgId.eq(id))
        .order_by_asc(illegal_org_note::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|n| NoteView { kind: n.kind, day: n.day.to_string(), officer: n.officer, note: n.note })
        .collect();
    let cases = crate::penalty::service::cases_from(db, "illegal", id)
        .await?
        .into_iter()
        .map(|(id, state, decision_number)| CaseLink { id, state, decision_number })
        .collect();
    let ban_decided = crate::penalty::service::ban_decided(db, "illegal", id).await?.is_some();
    Ok(EntryDetail {
        id: m.id,
        name: m.name,
        activities: m.activities,
        places: m.places,
        websites: m.websites,
        accounts: m.accounts,
        people: m.people,
        source: m.source,
        source_ref: m.source_ref,
        complaint_id: m.complaint_id,
        found_on: m.found_on.to_string(),
        state: m.state,
        outcome_on: m.outcome_on.map(|d| d.to_string()),
        outcome_note: m.outcome_note,
        referred_to: m.referred_to,
        org,
        case_id: m.case_id,
        cases,
        ban_decided,
        published_on: m.published_on.map(|d| d.to_string()),
        listed: on_warning_list(state, m.published_on.is_some()),
        notes,
        today: today.to_string(),
    })
}

/// The dashboard's counts: entries being handled, and those ended in `year`
/// by outcome (in the order of `State::outcomes`).
pub async fn queue_counts<C: ConnectionTrait>(db: &C, year: i32) -> Result<(u64, Vec<(String, u64)>), DbErr> {
    let open =
        db::count(db, "SELECT COUNT(*) AS n FROM illegal_org WHERE state IN ('suspected', 'investigating')", vec![])
            .await?;
    let (from, to) = (
        NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default(),
        NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default(),
    );
    let mut handled = Vec::new();
    for s in State::outcomes() {
        let n = db::count(
            db,
            "SELECT COUNT(*) AS n FROM illegal_org WHERE state = ? AND outcome_on >= ? AND outcome_on <= ?",
            vec![s.as_str().into(), from.into(), to.into()],
        )
        .await?;
        handled.push((s.as_str().to_string(), n));
    }
    Ok((open, handled))
}
