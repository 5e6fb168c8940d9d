//! Campaigns: the plan (checked and created), the list of campaigns and one
//! campaign as officers or the public see it.

use chrono::{NaiveDate, Utc};
use entity::inspection_campaign as campaign;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::draw::verify;
use super::population::preview_strata;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::inspection as rules;
use crate::error::{AppError, Errors};
use crate::inspection::results;
use crate::inspection::types::*;
use crate::kernel::clock::stamp;
use crate::state::Settings;

fn number(e: &mut Errors, field: &str, value: &str, range: std::ops::RangeInclusive<i32>, key: &str) -> Option<i32> {
    let n = value.trim().parse::<i32>().ok().filter(|n| range.contains(n));
    if n.is_none() {
        e.add(field, key);
    }
    n
}

/// A checked campaign form.
struct Plan {
    name: String,
    year: i32,
    kind: String,
    object_kind: String,
    filter_type: String,
    filter_district: String,
    filter_credit: String,
    filter_rating: String,
    strata_by: String,
    size_mode: String,
    size_value: i32,
    risk_percent: i32,
    per_target: i32,
    max_per_inspector: i32,
    period_from: NaiveDate,
    period_to: NaiveDate,
    items: String,
    beacon_source: String,
}

fn one_of(e: &mut Errors, field: &str, value: &str, allowed: &[&str]) -> String {
    let v = value.trim();
    if !allowed.contains(&v) {
        e.choice(field, v);
    }
    v.to_string()
}

fn check_plan(input: &CampaignInput) -> Result<Plan, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 100);
    let year = number(&mut e, "year", &input.year, 2000..=2100, "err_rate_year");
    let kind = one_of(&mut e, "kind", &input.kind, &rules::KINDS);
    let object = if input.object_kind.trim().is_empty() { "org" } else { input.object_kind.as_str() };
    let object_kind = one_of(&mut e, "object_kind", object, &rules::OBJECT_KINDS);
    let filter_type =
        one_of(&mut e, "filter_type", &input.filter_type, &["", "social_group", "social_service", "foundation"]);
    e.line("filter_district", &input.filter_district, 50);
    let filter_credit = one_of(&mut e, "filter_credit", &input.filter_credit, &["", "clean", "abnormal", "serious"]);
    let filter_rating = one_of(&mut e, "filter_rating", &input.filter_rating, &["", "rated", "unrated", "3a"]);
    let strata_by = one_of(&mut e, "strata_by", &input.strata_by, &rules::STRATA_BY);
    if object_kind == "outlet" {
        // Outlets have no organization type, credit list or rating.
        if strata_by == "org_type" {
            e.add("strata_by", "err_insp_outlet_strata");
        }
        for (field, value) in
            [("filter_type", &filter_type), ("filter_credit", &filter_credit), ("filter_rating", &filter_rating)]
        {
            if !value.is_empty() {
                e.add(field, "err_insp_outlet_filter");
            }
        }
    }
    let size_mode = one_of(&mut e, "size_mode", &input.size_mode, &["percent", "count"]);
    let size_value = if size_mode == "percent" {
        number(&mut e, "size_value", &input.size_value, 1..=100, "err_insp_percent")
    } else {
        number(&mut e, "size_value", &input.size_value, 1..=100_000, "err_insp_count")
    };
    let risk = if input.risk_percent.trim().is_empty() { "0" } else { input.risk_percent.as_str() };
    let risk_percent = number(&mut e, "risk_percent", risk, 0..=100, "err_insp_percent0");
    let per_target =
        number(&mut e, "per_target", &input.per_target, rules::MIN_INSPECTORS as i32..=10, "err_insp_per_target");
    let max_per_inspector =
        number(&mut e, "max_per_inspector", &input.max_per_inspector, 1..=1000, "err_insp_max_per_inspector");
    let from = e.date("period_from", &input.period_from);
    let to = e.date("period_to", &input.period_to);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.add("period_to", "err_insp_period");
        }
    }
    let items: Vec<&str> =
        input.items.lines().map(crate::domain::seeded::checklist_stored).filter(|l| !l.is_empty()).collect();
    if items.is_empty() {
        e.add("items", "err_insp_items");
    }
    e.max_len("items", &input.items, 2000);
    e.required("beacon_source", &input.beacon_source);
    e.max_len("beacon_source", &input.beacon_source, 200);
    e.into_result()?;
    let (
        Some(year),
        Some(size_value),
        Some(risk_percent),
        Some(per_target),
        Some(max_per_inspector),
        Some(from),
        Some(to),
    ) = (year, size_value, risk_percent, per_target, max_per_inspector, from, to)
    else {
        return Err(AppError::Internal);
    };
    Ok(Plan {
        name: input.name.trim().into(),
        year,
        kind,
        object_kind,
        filter_type,
        filter_district: input.filter_district.trim().into(),
        filter_credit,
        filter_rating,
        strata_by,
        size_mode,
        size_value,
        risk_percent,
        per_target,
        max_per_inspector,
        period_from: from,
        period_to: to,
        items: items.join("\n"),
        beacon_source: input.beacon_source.trim().into(),
    })
}

pub async fn create_campaign(db: &DatabaseConnection, actor: &Actor, input: &CampaignInput) -> Result<i64, AppError> {
    let p = check_plan(input)?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let c = campaign::ActiveModel {
        name: Set(p.name),
        year: Set(p.year),
        kind: Set(p.kind),
        object_kind: Set(p.object_kind),
        filter_type: Set(p.filter_type),
        filter_district: Set(p.filter_district),
        filter_credit: Set(p.filter_credit),
        filter_rating: Set(p.filter_rating),
        strata_by: Set(p.strata_by),
        size_mode: Set(p.size_mode),
        size_value: Set(p.size_value),
        risk_percent: Set(p.risk_percent),
        per_target: Set(p.per_target),
        max_per_inspector: Set(p.max_per_inspector),
        period_from: Set(p.period_from),
        period_to: Set(p.period_to),
        items: Set(p.items),
        beacon_source: Set(p.beacon_source),
        status: Set(rules::CampaignStatus::Draft.as_str().into()),
        created_by: Set(actor.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_create",
            entity: "inspection_campaign",
            entity_id: c.id.to_string(),
            before: None,
            after: Some(json!({ "name": c.name, "year": c.year, "kind": c.kind })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(c.id)
}

/// The campaigns, newest first.
pub async fn campaigns(db: &DatabaseConnection, public: bool, today: NaiveDate) -> Result<Vec<CampaignRow>, AppError> {
    let mut q = campaign::Entity::find().order_by_desc(campaign::Column::Id);
    if public {
        q = q.filter(campaign::Column::Status.ne(rules::CampaignStatus::Draft.as_str()));
    }
    let rows = q.all(db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for c in rows {
        out.push(campaign_row(db, &c, today).await?);
    }
    Ok(out)
}

pub(crate) async fn campaign_row<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<CampaignRow, DbErr> {
    let targets = db::count_from(db, "FROM inspection_target WHERE campaign_id = ?", vec![c.id.into()]).await?;
    let published =
        db::count_from(db, "FROM inspection_target WHERE campaign_id = ? AND status = 'published'", vec![c.id.into()])
            .await?;
    let late = db::count_from(
        db,
        "FROM inspection_target WHERE campaign_id = ? AND publish_due IS NOT NULL \
         AND ((published_on IS NULL AND publish_due < ?) OR published_on > publish_due)",
        vec![c.id.into(), today.into()],
    )
    .await?;
    Ok(CampaignRow {
        id: c.id,
        name: c.name.clone(),
        year: c.year,
        kind: c.kind.clone(),
        status: c.status.clone(),
        population_size: c.population_size,
        targets,
        published,
        late,
        period_from: c.period_from.to_string(),
        period_to: c.period_to.to_string(),
    })
}

/// A campaign as officers (everything) or the public (no draft, no contacts,
/// no e-mail, only published results) see it.
pub async fn campaign_view(
    db: &DatabaseConnection,
    settings: &Settings,
    id: i64,
    public: bool,
    today: NaiveDate,
) -> Result<CampaignView, AppError> {
    let c = campaign::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let status = super::campaign_status(&c)?;
    if public && status == rules::CampaignStatus::Draft {
        return Err(AppError::NotFound);
    }
    let strata = if status == rules::CampaignStatus::Draft {
        preview_strata(db, &c, today).await?
    } else {
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT key, size, sample, weighted FROM inspection_stratum WHERE campaign_id = ? ORDER BY key",
                vec![id.into()],
            ))
            .await?;
        rows.iter()
            .map(|r| {
                Ok(StratumView {
                    key: r.try_get("", "key")?,
                    size: r.try_get("", "size")?,
                    sample: r.try_get("", "sample")?,
                    weighted: r.try_get("", "weighted")?,
                })
            })
            .collect::<Result<Vec<_>, DbErr>>()?
    };
    let size: i64 = strata.iter().map(|s| s.size).sum();
    let minimum = rules::minimum_sample(
        &c.kind,
        size as usize,
        settings.inspection_min_percent,
        settings.inspection_min_per_year,
    );
    let mut targets = results::target_views(db, id, today).await?;
    if public {
        for t in &mut targets {
            t.contact.clear();
            if t.status != "published" {
                // Who inspects whom is published with the result, never before.
                t.inspectors.clear();
                t.checked_items.clear();
                t.findings.clear();
                t.outcome = None;
                t.inspected_on = None;
                t.attachments.clear();
            }
        }
    }
    let drawn = status == rules::CampaignStatus::Drawn;
    let mails = if public || !drawn { Vec::new() } else { results::mail_status(db, id).await? };
    let verification = if drawn { Some(verify(db, id).await?) } else { None };
    Ok(CampaignView {
        id: c.id,
        name: c.name,
        year: c.year,
        kind: c.kind,
        object_kind: c.object_kind,
        filter_type: c.filter_type,
        filter_district: c.filter_district,
        filter_credit: c.filter_credit,
        filter_rating: c.filter_rating,
        strata_by: c.strata_by,
        size_mode: c.size_mode,
        size_value: c.size_value,
        risk_percent: c.risk_percent,
        per_target: c.per_target,
        max_per_inspector: c.max_per_inspector,
        period_from: c.period_from.to_string(),
        period_to: c.period_to.to_string(),
        items: c.items.lines().map(str::to_string).collect(),
        beacon_source: c.beacon_source,
        status: c.status,
        population_size: c.population_size,
        population_hash: c.population_hash,
        nonce_hash: c.nonce_hash,
        nonce: if drawn { c.nonce } else { None },
        frozen_at: c.frozen_at.map(stamp),
        beacon_value: c.beacon_value,
        seed: c.seed,
        algorithm: c.algorithm,
        drawn_at: c.drawn_at.map(stamp),
        minimum_sample: minimum as i64,
        strata,
        targets,
        mails,
        verification,
    })
}
