//! What other features show of an organization's party building: the record
//! as a report's draft is prefilled from it (`record_of`), and its summary as
//! the rating experts see it at the sheet's party-building item (`summary`).

use chrono::{Datelike, NaiveDate};
use entity::{party_org, party_sync};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use super::record::view_of;
use crate::domain::party::{self as rules, Kind, Step};
use crate::error::AppError;
use crate::party::types::{PartySummary, RecordView};

/// Organization `org_id`'s party record, if one was saved.
pub async fn record_of<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Option<RecordView>, AppError> {
    Ok(party_org::Entity::find().filter(party_org::Column::OrgId.eq(org_id)).one(db).await?.as_ref().map(view_of))
}

/// Organization `org_id`'s party building in short: the record's kind,
/// members, instructor or liaison, the 应建未建 flag, and the newest check of
/// each of the six steps recorded with a day in `year`.
pub async fn summary<C: ConnectionTrait>(db: &C, org_id: i64, year: i32) -> Result<PartySummary, AppError> {
    let record = record_of(db, org_id).await?;
    let kind = record.as_ref().and_then(|r| Kind::parse(&r.kind));
    let (from, to) = match (NaiveDate::from_ymd_opt(year, 1, 1), NaiveDate::from_ymd_opt(year, 12, 31)) {
        (Some(from), Some(to)) => (from, to),
        _ => return Err(AppError::NotFound),
    };
    let checks = party_sync::Entity::find()
        .filter(party_sync::Column::OrgId.eq(org_id))
        .filter(party_sync::Column::Day.between(from, to))
        .order_by_desc(party_sync::Column::Day)
        .order_by_desc(party_sync::Column::Id)
        .all(db)
        .await?;
    let steps = Step::ALL
        .iter()
        .map(|s| {
            let done = checks.iter().find(|c| c.step == s.as_str()).map(|c| c.done);
            (s.as_str().to_string(), done)
        })
        .collect();
    Ok(PartySummary {
        year: from.year(),
        should_establish: record
            .as_ref()
            .is_some_and(|r| kind.is_some_and(|k| rules::should_establish(k, r.full_members))),
        record,
        steps,
    })
}
