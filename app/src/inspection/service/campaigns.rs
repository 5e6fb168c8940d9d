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
use crate::error::AppError;
use crate::inspection::results;
use crate::inspection::types::*;
use crate::inspection::validate::check_plan;
use crate::kernel::clock::stamp;
use crate::state::Settings;

pub async fn create_campaign(db: &DatabaseConnection, actor: &Actor, input: &CampaignInput) -> Result<i64, AppError> {
    let p = check_plan(input)?;
    let now = Utc::now();
    let txn = db::begin_write(db).await?;
    let departments = crate::inspection::joint::service::ticked_departments(&txn, input.departments.as_ref()).await?;
    let c = campaign::ActiveModel {
        name: Set(p.name),
        year: Set(p.year),
        kind: Set(p.kind),
        object_kind: Set(p.object_kind),
        filter_type: Set(p.filter_type),
        filter_district: Set(p.filter_district),
        filter_credit: Set(p.filter_credit),
        filter_rating: Set(p.filter_rating),
        filter_trade: Set(p.filter_trade),
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
        population: Set(p.population),
        status: Set(rules::CampaignStatus::Draft.as_str().into()),
        created_by: Set(actor.id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    crate::inspection::joint::service::set_campaign_departments(&txn, c.id, &departments).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_create",
            entity: "inspection_campaign",
            entity_id: c.id.to_string(),
            before: None,
            after: Some(json!({
                "name": c.name, "year": c.year, "kind": c.kind, "population": c.population, "departments": departments,
            })),
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
    let minimum = crate::domain::charity_sample::minimum_sample(
        c.population == "charity",
        size as usize,
        settings.charity_sample_percent,
        rules::minimum_sample(
            &c.kind,
            size as usize,
            settings.inspection_min_percent,
            settings.inspection_min_per_year,
        ),
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
                t.findings_by_department.clear();
                t.answers.clear();
                t.outcome = None;
                t.inspected_on = None;
                t.attachments.clear();
            }
        }
    }
    let drawn = status == rules::CampaignStatus::Drawn;
    let mails = if public || !drawn { Vec::new() } else { results::mail_status(db, id).await? };
    let verification = if drawn { Some(verify(db, id).await?) } else { None };
    let mut departments = crate::inspection::joint::service::joint_views(db, id).await?;
    if public {
        // The public sees which departments take part, not who or their mail.
        for d in &mut departments {
            d.inspectors.clear();
            d.contact_email.clear();
            d.mail_status = "none".into();
            d.sent_at.clear();
        }
    }
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
        filter_trade: c.filter_trade,
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
        population: c.population,
        departments,
    })
}
