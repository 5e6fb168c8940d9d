//! Published decisions (行政处罚法 §48): every penalty decision with its
//! number that was not annulled, newest first, without personal data.

use std::collections::HashMap;

use entity::{organization, penalty_case};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

use super::{sanction_views, PER_PAGE};
use crate::db;
use crate::domain::paging::Paging;
use crate::domain::penalty_case::Party;
use crate::error::AppError;
use crate::penalty::types::{DecisionPage, PublicDecision};
use crate::penalty::{steps, violations};
use crate::state::Settings;

/// The decisions the public sees: numbered (a penalty, not "no penalty") and not annulled.
const PUBLISHED: &str = "FROM penalty_case WHERE decision_number IS NOT NULL AND annulled_on IS NULL";

/// A person's name as published: the surname, the rest masked (张**).
fn masked(name: &str) -> String {
    let mut chars = name.trim().chars();
    match chars.next() {
        Some(first) => format!("{first}{}", "*".repeat(chars.count().clamp(1, 3))),
        None => String::new(),
    }
}

async fn views<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    cases: Vec<penalty_case::Model>,
) -> Result<Vec<PublicDecision>, AppError> {
    let ids: Vec<i64> = cases.iter().filter_map(|c| c.org_id).collect();
    let codes: HashMap<i64, String> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o.credit_code))
        .collect();
    let mut out = Vec::with_capacity(cases.len());
    for c in cases {
        let decided = steps::from_json(&c.decided).ok_or_else(|| {
            tracing::error!(case = c.id, "unreadable stored penalties");
            AppError::Internal
        })?;
        let v = c.violation_code.as_deref().and_then(violations::find);
        let person = c.party_kind == Party::Person.as_str();
        out.push(PublicDecision {
            case_id: c.id,
            decision_number: c.decision_number.clone().unwrap_or_default(),
            org_id: c.org_id.filter(|_| !person),
            party_name: if person { masked(&c.party_name) } else { c.party_name.clone() },
            credit_code: if person {
                String::new()
            } else {
                c.org_id.and_then(|o| codes.get(&o).cloned()).unwrap_or_default()
            },
            regulation: v.map(|v| v.regulation.clone()).unwrap_or_default(),
            article: v.map(|v| v.article.clone()).unwrap_or_default(),
            description: v.map(|v| v.description.clone()).unwrap_or_default(),
            penalties: sanction_views(&decided),
            decided_on: c.decided_on.map(|d| d.to_string()).unwrap_or_default(),
            office: settings.bureau_name.clone(),
        });
    }
    Ok(out)
}

/// The published decisions, newest first, a page at a time.
pub async fn public_decisions<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    page: u64,
) -> Result<DecisionPage, AppError> {
    let total = db::count_from(db, PUBLISHED, vec![]).await?;
    let p = Paging::new(page, PER_PAGE);
    let ids: Vec<i64> = db::column(
        db,
        &format!("SELECT id {PUBLISHED} ORDER BY decided_on DESC, id DESC {}", p.limit_offset()),
        vec![],
        "id",
    )
    .await?;
    let mut cases = penalty_case::Entity::find().filter(penalty_case::Column::Id.is_in(ids.clone())).all(db).await?;
    cases.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    Ok(DecisionPage {
        rows: views(db, settings, cases).await?,
        total: u64::try_from(total).unwrap_or(0),
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// An organization's published decisions (against it, not its people), newest first.
pub async fn org_decisions<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    org_id: i64,
) -> Result<Vec<PublicDecision>, AppError> {
    let cases = penalty_case::Entity::find()
        .filter(penalty_case::Column::OrgId.eq(org_id))
        .filter(penalty_case::Column::PartyKind.eq(Party::Organization.as_str()))
        .filter(penalty_case::Column::DecisionNumber.is_not_null())
        .filter(penalty_case::Column::AnnulledOn.is_null())
        .order_by_desc(penalty_case::Column::DecidedOn)
        .order_by_desc(penalty_case::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    views(db, settings, cases).await
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_persons_name_is_masked() {
        assert_eq!(super::masked("张三"), "张*");
        assert_eq!(super::masked("欧阳明月"), "欧***");
        assert_eq!(super::masked(" 李 "), "李*");
        assert_eq!(super::masked(""), "");
    }
}
