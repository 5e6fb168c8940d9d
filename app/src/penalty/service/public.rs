//! Published decisions (行政处罚法 §48): every penalty decision with its
//! number, newest first, without personal data (a person's name masked, no
//! facts); an annulled one stays listed with its annulment, so the
//! withdrawal is public too. Searched by a registered party's name, a credit
//! code or a decision number, the year and a penalty kind; a page at a time
//! (bounded like every list) or as CSV.

use std::collections::HashMap;

use entity::penalty_case;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Value};

use super::{sanction_views, PER_PAGE};
use crate::db;
use crate::domain::paging::Paging;
use crate::domain::penalty_case::{Party, Penalty};
use crate::error::AppError;
use crate::penalty::types::{DecisionFilter, DecisionPage, PublicDecision, SanctionView};
use crate::penalty::{steps, violations};
use crate::state::Settings;

/// The decisions the public sees: numbered (a penalty, not "no penalty"),
/// annulled ones with their annulment.
const PUBLISHED: &str = "FROM penalty_case c LEFT JOIN organization o ON o.id = c.org_id \
                         WHERE c.decision_number IS NOT NULL";

/// The columns of the CSV of published decisions (no facts, no person's name).
pub const DECISION_CSV_HEADER: [&str; 9] = [
    "决定书文号",
    "当事人",
    "统一社会信用代码",
    "违法行为依据",
    "违法行为",
    "处罚内容",
    "决定日期",
    "处罚机关",
    "撤销日期",
];

/// The search's SQL after `PUBLISHED`, and its values. A name is searched
/// among registered parties only: a person's name is published masked, so
/// it is not a search key either.
fn filtered(f: &DecisionFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(PUBLISHED);
    let mut vals: Vec<Value> = Vec::new();
    let q = f.q.trim();
    if !q.is_empty() {
        sql.push_str(&format!(
            " AND ((c.party_kind = 'organization' AND c.party_name {0}) OR o.credit_code {0} OR c.decision_number {0})",
            db::LIKE
        ));
        let like = db::like(q);
        vals.extend([like.clone().into(), like.clone().into(), like.into()]);
    }
    if let Ok(year) = f.year.trim().parse::<i32>() {
        sql.push_str(" AND c.decision_year = ?");
        vals.push(year.into());
    }
    if let Some(kind) = Penalty::parse(&f.kind) {
        // Stored as a JSON list of {"penalty":"<kind>",…} (`steps::to_json`).
        sql.push_str(" AND c.decided LIKE ?");
        vals.push(format!("%\"penalty\":\"{}\"%", kind.as_str()).into());
    }
    (sql, vals)
}

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
    let codes: HashMap<i64, String> =
        crate::db::orgs_by_id(db, ids).await?.into_iter().map(|(id, o)| (id, o.credit_code)).collect();
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
            annulled_on: c.annulled_on.map(|d| d.to_string()),
        });
    }
    Ok(out)
}

/// The published decisions the search selects, newest first, a page at a time.
pub async fn public_decisions<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &DecisionFilter,
) -> Result<DecisionPage, AppError> {
    let (sql, vals) = filtered(f);
    let total = db::count_from(db, &sql, vals.clone()).await?;
    let p = Paging::new(f.page, PER_PAGE);
    let ids: Vec<i64> = db::column(
        db,
        &format!("SELECT c.id AS id {sql} ORDER BY c.decided_on DESC, c.id DESC {}", p.limit_offset()),
        vals,
        "id",
    )
    .await?;
    let mut cases = penalty_case::Entity::find().filter(penalty_case::Column::Id.is_in(ids.clone())).all(db).await?;
    cases.sort_by_key(|c| ids.iter().position(|i| *i == c.id));
    let years: Vec<i32> = db::column(
        db,
        "SELECT DISTINCT decision_year AS y FROM penalty_case WHERE decision_number IS NOT NULL \
         AND decision_year IS NOT NULL ORDER BY decision_year DESC",
        vec![],
        "y",
    )
    .await?;
    Ok(DecisionPage {
        years,
        rows: views(db, settings, cases).await?,
        total: u64::try_from(total).unwrap_or(0),
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// An organization's published decisions (against it, not its people),
/// newest first, annulled ones with their annulment.
pub async fn org_decisions<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    org_id: i64,
) -> Result<Vec<PublicDecision>, AppError> {
    let cases = penalty_case::Entity::find()
        .filter(penalty_case::Column::OrgId.eq(org_id))
        .filter(penalty_case::Column::PartyKind.eq(Party::Organization.as_str()))
        .filter(penalty_case::Column::DecisionNumber.is_not_null())
        .order_by_desc(penalty_case::Column::DecidedOn)
        .order_by_desc(penalty_case::Column::Id)
        .limit(100)
        .all(db)
        .await?;
    views(db, settings, cases).await
}

/// A penalty as the CSV says it, in Chinese: "罚款 ¥30,000.00", "限期停止活动 3个月".
fn sanction_zh(s: &SanctionView) -> String {
    let name = crate::i18n::coded(crate::i18n::Lang::Zh, "pen_penalty_", &s.penalty, "");
    if s.amount_fen > 0 {
        format!("{name} {}", crate::domain::money::display_money(s.amount_fen))
    } else if s.months > 0 {
        format!("{name} {}个月", s.months)
    } else {
        name.to_string()
    }
}

impl crate::kernel::csv::Record for PublicDecision {
    fn key(&self) -> i64 {
        self.case_id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.decision_number.clone(),
            self.party_name.clone(),
            self.credit_code.clone(),
            format!("{}{}", self.regulation, self.article),
            self.description.clone(),
            self.penalties.iter().map(sanction_zh).collect::<Vec<_>>().join("；"),
            self.decided_on.clone(),
            self.office.clone(),
            self.annulled_on.clone().unwrap_or_default(),
        ]
    }
}

/// The published decisions the search selects after case id `after` (the
/// export's and the open data API's key), at most `batch`, and the last id.
pub async fn decisions_after<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &DecisionFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<PublicDecision>, Option<i64>), DbErr> {
    let (sql, mut vals) = filtered(f);
    vals.push(after.into());
    let ids: Vec<i64> =
        db::column(db, &format!("SELECT c.id AS id {sql} AND c.id > ? ORDER BY c.id LIMIT {batch}"), vals, "id")
            .await?;
    let mut cases = penalty_case::Entity::find().filter(penalty_case::Column::Id.is_in(ids.clone())).all(db).await?;
    cases.sort_by_key(|c| c.id);
    let rows = views(db, settings, cases).await.map_err(|e| DbErr::Custom(format!("{e:?}")))?;
    Ok((rows, ids.last().copied()))
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
