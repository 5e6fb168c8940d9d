//! The whole credit record of one organization.

use chrono::NaiveDate;
use entity::{credit_entry, organization, zombie_case};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder};

use super::lists::load_entries;
use super::repairs::repairs;
use super::zombies::zombie_view;
use crate::credit::types::*;
use crate::db;
use crate::error::AppError;

/// The whole credit record of one organization (officers, and the organization itself).
pub async fn record<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<CreditRecord, AppError> {
    let backend = db.get_database_backend();
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let ids: Vec<i64> = credit_entry::Entity::find()
        .filter(credit_entry::Column::OrgId.eq(org_id))
        .order_by_desc(credit_entry::Column::ListedOn)
        .order_by_desc(credit_entry::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|e| e.id)
        .collect();
    let entries = load_entries(db, &ids).await?;
    let score_row = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT score, level, facts_json FROM organization_credit WHERE org_id = ?",
            vec![org_id.into()],
        ))
        .await?;
    let (score, level, facts_json) = match score_row {
        Some(r) => {
            (r.try_get::<i32>("", "score")? as i64, r.try_get("", "level")?, r.try_get::<String>("", "facts_json")?)
        }
        None => (100, "A".to_string(), "{}".to_string()),
    };
    let facts: Vec<(String, String)> = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&facts_json)
        .unwrap_or_default()
        .into_iter()
        .map(|(k, v)| (k, if let Some(s) = v.as_str() { s.to_string() } else { v.to_string() }))
        .collect();
    let penalties = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT kind, amount_fen, decided_on, deciding_office, facts, basis, annulled_on FROM penalty WHERE org_id = ? \
             ORDER BY decided_on DESC",
            vec![org_id.into()],
        ))
        .await?
        .iter()
        .map(|r| {
            Ok(PenaltyView {
                kind: r.try_get("", "kind")?,
                amount_fen: r.try_get("", "amount_fen")?,
                decided_on: r.try_get::<NaiveDate>("", "decided_on")?.to_string(),
                deciding_office: r.try_get("", "deciding_office")?,
                facts: r.try_get("", "facts")?,
                basis: r.try_get("", "basis")?,
                annulled_on: r.try_get::<Option<NaiveDate>>("", "annulled_on")?.map(|d| d.to_string()),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    let letters = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT sent_on FROM returned_letter WHERE org_id = ? ORDER BY sent_on DESC",
            vec![org_id.into()],
        ))
        .await?
        .iter()
        .map(|r| r.try_get::<NaiveDate>("", "sent_on").map(|d| d.to_string()))
        .collect::<Result<Vec<_>, DbErr>>()?;
    let repairs = repairs(db, Some(org_id), "").await?;
    let zombie = zombie_case::Entity::find()
        .filter(zombie_case::Column::OrgId.eq(org_id))
        .order_by_desc(zombie_case::Column::Id)
        .one(db)
        .await?
        .map(|z| zombie_view(z, Some(&o)));
    let inspections = crate::inspection::results::results_of_org(db, org_id)
        .await?
        .into_iter()
        .map(|(campaign, inspected_on, outcome)| InspectionFact { campaign, inspected_on, outcome })
        .collect();
    Ok(CreditRecord {
        org_id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        score,
        level,
        facts,
        entries,
        penalties,
        letters,
        repairs,
        zombie,
        inspections,
    })
}
