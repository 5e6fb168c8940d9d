//! A charity's detail: its plans with their changes and disclosures, the
//! timeline, the risk grade (officers only) and the organization's portal.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{charity_disclosure, charity_plan, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Value};

use super::super::service::{charity_of, credit_counts, qualified_on};
use super::super::types::*;
use super::{counts_of, dues_of, plan_end};
use crate::db;
use crate::domain::charity::{self as rules, RiskFacts};
use crate::domain::money;
use crate::error::AppError;

pub(super) fn disclosure_view(d: &charity_disclosure::Model) -> DisclosureView {
    DisclosureView {
        id: d.id,
        plan_id: d.plan_id,
        kind: d.kind.clone(),
        period_no: d.period_no,
        disclosed_on: d.disclosed_on.to_string(),
        raised_fen: d.raised_fen,
        spent_fen: d.spent_fen,
        cost_fen: d.cost_fen,
        off_plan_fen: d.off_plan_fen,
        uses: d.uses.clone(),
    }
}

fn plan_status(p: &charity_plan::Model, today: NaiveDate) -> &'static str {
    if p.terminated_on.is_some_and(|t| t <= today) {
        "terminated"
    } else if p.start_on > today {
        "upcoming"
    } else if plan_end(p) < today {
        "ended"
    } else {
        "running"
    }
}

async fn changes_of<C: ConnectionTrait>(db: &C, plan_ids: &[i64]) -> Result<HashMap<i64, Vec<PlanChangeView>>, DbErr> {
    let mut out: HashMap<i64, Vec<PlanChangeView>> = HashMap::new();
    if plan_ids.is_empty() {
        return Ok(out);
    }
    let ph = vec!["?"; plan_ids.len()].join(", ");
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT plan_id, kind, changed_on, reason, before_json, after_json FROM charity_plan_change \
                 WHERE plan_id IN ({ph}) ORDER BY id"
            ),
            plan_ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .await?;
    for r in &rows {
        let before: serde_json::Value =
            serde_json::from_str(&r.try_get::<String>("", "before_json")?).unwrap_or_default();
        let after: serde_json::Value =
            serde_json::from_str(&r.try_get::<String>("", "after_json")?).unwrap_or_default();
        let kind: String = r.try_get("", "kind")?;
        let show = |v: Option<&serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        };
        let fields = match (&before, &after) {
            (serde_json::Value::Object(b), serde_json::Value::Object(a)) if kind != "filed" => a
                .iter()
                .filter(|(k, v)| b.get(*k) != Some(*v))
                .map(|(k, v)| (k.clone(), show(b.get(k)), show(Some(v))))
                .collect(),
            _ => Vec::new(),
        };
        out.entry(r.try_get("", "plan_id")?).or_default().push(PlanChangeView {
            kind,
            changed_on: r.try_get::<NaiveDate>("", "changed_on")?.to_string(),
            reason: r.try_get("", "reason")?,
            fields,
        });
    }
    Ok(out)
}

pub(super) fn plan_view(
    p: &charity_plan::Model,
    org_name: &str,
    disclosures: &[charity_disclosure::Model],
    changes: Vec<PlanChangeView>,
    today: NaiveDate,
) -> PlanView {
    let mine: Vec<_> = disclosures.iter().filter(|d| d.plan_id == p.id).collect();
    let raised: i64 = mine.iter().map(|d| d.raised_fen).sum();
    let spent: i64 = mine.iter().map(|d| d.spent_fen).sum();
    let cost: i64 = mine.iter().map(|d| d.cost_fen).sum();
    let off: i64 = mine.iter().map(|d| d.off_plan_fen).sum();
    PlanView {
        id: p.id,
        org_id: p.org_id,
        org_name: org_name.to_string(),
        filing_no: p.filing_no.clone(),
        title: p.title.clone(),
        purpose: p.purpose.clone(),
        start_on: p.start_on.to_string(),
        end_on: p.end_on.to_string(),
        region: p.region.clone(),
        method: p.method.clone(),
        platform: p.platform.clone(),
        target_fen: p.target_fen,
        uses: p.uses.clone(),
        beneficiaries: p.beneficiaries.clone(),
        bank_account: p.bank_account.clone(),
        person_in_charge: p.person_in_charge.clone(),
        office_address: p.office_address.clone(),
        cost_budget_fen: p.cost_budget_fen,
        leftover: p.leftover.clone(),
        emergency: p.emergency,
        filed_on: p.filed_on.to_string(),
        terminated_on: p.terminated_on.map(|d| d.to_string()),
        termination_reason: p.termination_reason.clone(),
        version: p.version,
        status: plan_status(p, today).to_string(),
        raised_fen: raised,
        spent_fen: spent,
        cost_fen: cost,
        off_plan: !mine.is_empty() && rules::spending_outside_plan(raised, spent, cost, p.cost_budget_fen, off),
        changes,
        disclosures: mine.into_iter().map(disclosure_view).collect(),
    }
}

/// The risk facts of a charity and its grade.
pub(super) async fn risk_of<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    dues: &[DueView],
    plans: &[PlanView],
    today: NaiveDate,
) -> Result<RiskView, DbErr> {
    let (abnormal, serious) = credit_counts(db, org_id).await?;
    // Complaints received within a year and not closed as unfounded (the complaints' own rule).
    let complaints = crate::complaints::service::count_against_org(db, org_id, today).await?;
    let facts = RiskFacts {
        overdue_open: dues.iter().filter(|d| d.overdue).count() as u32,
        spending_outside_plan: plans.iter().filter(|p| p.off_plan).count() as u32,
        abnormal_entries: abnormal,
        serious_entries: serious,
        complaints_year: complaints,
    };
    let (grade, reasons) = rules::risk_grade(facts);
    Ok(RiskView { grade, reasons: reasons.into_iter().map(|(k, n, p)| (k.to_string(), n, p)).collect() })
}

/// A charity's page: qualification, plans with their disclosures and
/// changes, dues, the timeline, the transparency index; for officers also the
/// risk grade and complaints.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    today: NaiveDate,
    officer: bool,
) -> Result<CharityDetail, AppError> {
    let c = charity_of(db, org_id).await?;
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let plans = charity_plan::Entity::find()
        .filter(charity_plan::Column::OrgId.eq(org_id))
        .order_by_desc(charity_plan::Column::StartOn)
        .order_by_desc(charity_plan::Column::Id)
        .all(db)
        .await?;
    let made = charity_disclosure::Entity::find()
        .filter(charity_disclosure::Column::OrgId.eq(org_id))
        .order_by_asc(charity_disclosure::Column::DisclosedOn)
        .order_by_asc(charity_disclosure::Column::Id)
        .all(db)
        .await?;
    let dues = dues_of(&c, &plans, &made, today);
    let counts = counts_of(&dues, &made, today);
    let mut changes = changes_of(db, &plans.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let views: Vec<PlanView> =
        plans.iter().map(|p| plan_view(p, &o.name, &made, changes.remove(&p.id).unwrap_or_default(), today)).collect();

    let mut timeline = Vec::new();
    let events = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT kind, event_date, note FROM charity_event WHERE org_id = ? ORDER BY id",
            vec![org_id.into()],
        ))
        .await?;
    for r in &events {
        let kind: String = r.try_get("", "kind")?;
        let note: String = r.try_get("", "note")?;
        timeline.push(TimelineItem {
            date: r.try_get::<NaiveDate>("", "event_date")?.to_string(),
            kind: kind.clone(),
            text: note,
            plan_id: 0,
        });
    }
    for p in &views {
        for ch in &p.changes {
            timeline.push(TimelineItem {
                date: ch.changed_on.clone(),
                kind: format!("plan_{}", ch.kind),
                text: format!(
                    "{} {}{}",
                    p.filing_no,
                    p.title,
                    if ch.reason.is_empty() { String::new() } else { format!("：{}", ch.reason) }
                ),
                plan_id: p.id,
            });
        }
    }
    for d in &made {
        let plan = views.iter().find(|p| p.id == d.plan_id);
        // The item's kind (定期公开, 结项公开, 年度报告公开) is its label on the
        // page; the text names the plan and the period.
        let period = match d.kind.as_str() {
            "annual" => format!("{}年度", d.period_no),
            "periodic" => format!("第{}期", d.period_no),
            _ => String::new(),
        };
        let what: Vec<String> = [plan.map(|p| p.filing_no.clone()).unwrap_or_default(), period]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        timeline.push(TimelineItem {
            date: d.disclosed_on.to_string(),
            kind: format!("disclosure_{}", d.kind),
            text: format!(
                "{}：募得 {} 元，支出 {} 元",
                what.join(" "),
                money::display_yuan(d.raised_fen),
                money::display_yuan(d.spent_fen)
            ),
            plan_id: d.plan_id,
        });
    }
    timeline.sort_by(|a, b| b.date.cmp(&a.date));

    let (risk, complaints) = if officer {
        let risk = risk_of(db, org_id, &dues, &views, today).await?;
        let complaints = crate::complaints::service::of_org(db, org_id)
            .await?
            .into_iter()
            .map(|c| ComplaintView { received_on: c.received_on, summary: c.what })
            .collect();
        (Some(risk), complaints)
    } else {
        (None, Vec::new())
    };
    Ok(CharityDetail {
        org_id,
        name: o.name,
        credit_code: o.credit_code,
        org_type: o.org_type,
        district: o.district,
        legal_rep: o.legal_rep,
        registration_date: o.registration_date.to_string(),
        recognized_on: c.recognized_on.to_string(),
        recognition_note: c.recognition_note.clone(),
        qualified: qualified_on(&c, today),
        qualified_on: c.qualified_on.map(|d| d.to_string()),
        certificate_no: c.certificate_no.clone(),
        withdrawn_on: c.withdrawn_on.map(|d| d.to_string()),
        withdraw_reason: c.withdraw_reason.clone(),
        plans: views,
        annual: made.iter().filter(|d| d.kind == "annual").map(disclosure_view).collect(),
        dues,
        timeline,
        transparency: rules::transparency_index(counts),
        counts: (counts.due, counts.made, counts.on_time, counts.complete),
        risk,
        complaints,
    })
}

/// The charity page of an organization user (no charity yet: only the name).
pub async fn portal(db: &DatabaseConnection, org_id: i64, today: NaiveDate) -> Result<PortalCharity, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let detail = match detail(db, org_id, today, false).await {
        Ok(d) => Some(d),
        Err(AppError::NotFound) => None,
        Err(e) => return Err(e),
    };
    Ok(PortalCharity { org_name: o.name, detail })
}
