//! The draw: targets and their inspectors from the frozen inputs and the
//! announced value, and the verification that re-runs it.

use std::collections::HashMap;

use chrono::{NaiveDate, Utc};
use entity::{inspection_campaign as campaign, inspection_target as target};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde_json::json;

use super::freeze::{frozen_strata, PoolInspector};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::inspection::{self as rules, InspectorFacts, TargetFacts};
use crate::domain::{joint_draw, sampling};
use crate::error::{AppError, Errors};
use crate::inspection::results;
use crate::inspection::types::*;
use crate::state::Settings;

fn seed_hex(seed: &[u8; 32]) -> String {
    hex::encode(seed)
}

/// The inspectors of the drawn targets, from the frozen pool (step 6 of the
/// algorithm); `facts` gives each drawn object's district and supervisory unit.
pub fn assign(
    seed: &[u8; 32],
    drawn: &[sampling::Drawn],
    pool: &[PoolInspector],
    per_target: usize,
    max_per_inspector: usize,
    period_to: NaiveDate,
    facts: impl Fn(i64) -> TargetFacts,
) -> sampling::Assignment {
    let target_facts: Vec<TargetFacts> = drawn.iter().map(|d| facts(d.id)).collect();
    let pool_facts: Vec<InspectorFacts> = pool.iter().map(PoolInspector::facts).collect();
    let ids: Vec<i64> = pool.iter().map(|p| p.id).collect();
    sampling::assign_inspectors(seed, drawn.len(), &ids, per_target, max_per_inspector, |t, k| {
        rules::conflict(&pool_facts[k], &target_facts[t], period_to).is_none()
    })
}

/// A target's team: each inspector and the party drawn for (None: the bureau).
pub type Team = Vec<(i64, Option<i64>)>;

/// The teams of the drawn targets: the bureau's draw (`sunshine-draw-v1`)
/// or, with `departments`, the joint one (`sunshine-draw-v1-joint`); or the
/// index of the first target that could not be staffed and how many were eligible.
#[allow(clippy::too_many_arguments)]
pub fn assign_teams(
    seed: &[u8; 32],
    drawn: &[sampling::Drawn],
    pool: &[PoolInspector],
    departments: &[i64],
    per_target: usize,
    max_per_inspector: usize,
    period_to: NaiveDate,
    facts: impl Fn(i64) -> TargetFacts,
) -> Result<Vec<Team>, (usize, usize)> {
    if departments.is_empty() {
        let a = assign(seed, drawn, pool, per_target, max_per_inspector, period_to, facts)?;
        return Ok(a.into_iter().map(|ids| ids.into_iter().map(|i| (i, None)).collect()).collect());
    }
    let target_facts: Vec<TargetFacts> = drawn.iter().map(|d| facts(d.id)).collect();
    let pool_facts: Vec<InspectorFacts> = pool.iter().map(PoolInspector::facts).collect();
    let members: Vec<joint_draw::PoolMember> =
        pool.iter().map(|p| joint_draw::PoolMember { id: p.id, department: p.department_id }).collect();
    joint_draw::assign_joint(seed, drawn.len(), &members, departments, per_target, max_per_inspector, |t, k| {
        rules::conflict(&pool_facts[k], &target_facts[t], period_to).is_none()
    })
    .map(|teams| teams.into_iter().map(|t| t.into_iter().map(|a| (a.id, a.department)).collect()).collect())
    .map_err(|s| (s.target, s.eligible))
}

fn pool_of(c: &campaign::Model) -> Result<Vec<PoolInspector>, AppError> {
    serde_json::from_str(c.inspector_pool.as_deref().unwrap_or("[]")).map_err(|_| AppError::Internal)
}

/// Draws the targets and their inspectors with the announced value, writes
/// them and queues each inspector's list by e-mail, and each drawn
/// organization's inspection notice.
pub async fn draw(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &DrawInput,
) -> Result<(), AppError> {
    let beacon = input.beacon_value.trim();
    let mut e = Errors::default();
    e.required("beacon_value", beacon);
    e.line("beacon_value", beacon, 200);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let c = campaign::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let next = rules::campaign_next(super::campaign_status(&c)?, rules::CampaignStep::Draw)
        .map_err(|k| AppError::Conflict(k.into()))?;
    let strata = frozen_strata(&txn, id).await?;
    let hash = sampling::population_hash(&strata);
    if Some(&hash) != c.population_hash.as_ref() {
        tracing::error!(campaign = id, "frozen population does not match its hash");
        return Err(AppError::Internal);
    }
    let nonce = c.nonce.clone().ok_or(AppError::Internal)?;
    let seed = sampling::seed(beacon, &nonce, &hash);
    let pool = pool_of(&c)?;
    let drawn = sampling::draw_strata(&seed, &strata);
    let drawn_ids: Vec<i64> = drawn.iter().map(|d| d.id).collect();
    let orgs: HashMap<i64, ObjectFacts> = load_objects(&txn, &c.object_kind, &drawn_ids).await?;
    let is_org = c.object_kind == "org";
    let facts = |id: i64| {
        let o = orgs.get(&id);
        TargetFacts {
            org_id: is_org.then_some(id),
            district: o.map(|o| o.district.clone()).unwrap_or_default(),
            supervisory_unit: o.and_then(|o| o.supervisory_unit.clone()),
        }
    };
    let departments = crate::inspection::joint::service::campaign_departments(&txn, id).await?;
    let algorithm = if departments.is_empty() { sampling::ALGORITHM } else { joint_draw::ALGORITHM };
    let assigned = assign_teams(
        &seed,
        &drawn,
        &pool,
        &departments,
        c.per_target as usize,
        c.max_per_inspector as usize,
        c.period_to,
        facts,
    );
    let assigned = match assigned {
        Ok(a) => a,
        Err((t, n)) => {
            let name = orgs.get(&drawn[t].id).map(|o| o.name.clone()).unwrap_or_default();
            tracing::info!(campaign = id, target = %name, eligible = n, "too few eligible inspectors");
            let key = if departments.is_empty() { "err_insp_no_eligible" } else { "err_joint_no_eligible" };
            return Err(AppError::Conflict(key.into()));
        }
    };
    let mut target_ids = Vec::with_capacity(drawn.len());
    for (pos, d) in drawn.iter().enumerate() {
        let o = orgs.get(&d.id).ok_or(AppError::Internal)?;
        let t = target::ActiveModel {
            campaign_id: Set(id),
            position: Set(pos as i32 + 1),
            stratum: Set(d.stratum.clone()),
            by_weight: Set(d.by_weight),
            object_kind: Set(c.object_kind.clone()),
            object_id: Set(o.id),
            org_name: Set(o.name.clone()),
            credit_code: Set(o.code.clone()),
            district: Set(o.district.clone()),
            address: Set(o.address.clone()),
            contact: Set(o.contact.clone()),
            supervisory_unit: Set(o.supervisory_unit.clone()),
            status: Set("pending".into()),
            checked_items: Set(String::new()),
            findings: Set(String::new()),
            version: Set(0),
            ..Default::default()
        }
        .insert(&txn)
        .await?;
        target_ids.push(t.id);
    }
    for (t, inspectors) in target_ids.iter().zip(&assigned) {
        for (pos, (i, department)) in inspectors.iter().enumerate() {
            db::exec(
                &txn,
                "INSERT INTO inspection_assignment (campaign_id, target_id, inspector_id, position, department_id) \
                 VALUES (?, ?, ?, ?, ?)",
                vec![id.into(), (*t).into(), (*i).into(), (pos as i32 + 1).into(), (*department).into()],
            )
            .await?;
        }
    }
    // The inspection notice to each drawn organization with an e-mail address
    // (outlets have none on record).
    let addressees: Vec<results::Addressee> = if is_org {
        drawn
            .iter()
            .filter_map(|d| orgs.get(&d.id))
            .map(|o| results::Addressee { name: &o.name, code: &o.code, email: &o.email })
            .collect()
    } else {
        Vec::new()
    };
    let notices = results::notify_drawn(&txn, settings, &c, &addressees, crate::kernel::clock::today()).await?;
    let department_lists = if departments.is_empty() {
        0
    } else {
        let views = results::target_views(&txn, id, crate::kernel::clock::today()).await?;
        crate::inspection::joint::service::send_department_lists(&txn, settings, &c, &views).await?
    };
    let mut am: campaign::ActiveModel = c.into();
    am.status = Set(next.as_str().into());
    am.beacon_value = Set(Some(beacon.to_string()));
    am.seed = Set(Some(seed_hex(&seed)));
    am.algorithm = Set(Some(algorithm.into()));
    am.drawn_at = Set(Some(Utc::now()));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    let mut notified: Vec<i64> = assigned.iter().flatten().map(|(i, _)| *i).collect();
    notified.sort();
    notified.dedup();
    results::send_lists(&txn, settings, id, &notified).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_draw",
            entity: "inspection_campaign",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({
                "beacon": beacon, "seed": seed_hex(&seed), "algorithm": algorithm,
                "targets": drawn.len(), "inspectors": notified.len(), "notices": notices,
                "departments": departments, "department_lists": department_lists,
            })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// What a target keeps of the organization or outlet drawn, as it was at the draw.
pub(crate) struct ObjectFacts {
    pub id: i64,
    pub name: String,
    /// The credit code, or the outlet number.
    pub code: String,
    pub district: String,
    pub address: String,
    pub contact: String,
    pub supervisory_unit: Option<String>,
    /// An organization's contact e-mail (blank when none; outlets have none).
    pub email: String,
}

/// The organizations (`org`) or outlets (`outlet`) of `ids`.
pub(crate) async fn load_objects<C: ConnectionTrait>(
    db: &C,
    kind: &str,
    ids: &[i64],
) -> Result<HashMap<i64, ObjectFacts>, DbErr> {
    let facts = if kind == "outlet" {
        let rows = db::in_chunks(ids, |chunk| {
            entity::lottery_outlet::Entity::find()
                .filter(entity::lottery_outlet::Column::Id.is_in(chunk.to_vec()))
                .all(db)
        })
        .await?;
        rows.into_iter()
            .map(|o| {
                let contact = format!("{} {} {}", o.operator_name, o.contact_person, o.contact_phone);
                ObjectFacts {
                    id: o.id,
                    name: o.name,
                    code: o.outlet_no,
                    district: o.district,
                    address: o.address,
                    contact: contact.trim().to_string(),
                    supervisory_unit: None,
                    email: String::new(),
                }
            })
            .collect::<Vec<_>>()
    } else {
        db::orgs_by_id(db, ids.iter().copied())
            .await?
            .into_values()
            .map(|o| {
                let contact = format!("{} {}", o.contact_person, o.contact_phone);
                ObjectFacts {
                    id: o.id,
                    name: o.name,
                    code: o.credit_code,
                    district: o.district,
                    address: o.domicile,
                    contact: contact.trim().to_string(),
                    supervisory_unit: o.supervisory_unit,
                    email: o.contact_email,
                }
            })
            .collect()
    };
    Ok(facts.into_iter().map(|f| (f.id, f)).collect())
}

/// Re-runs a drawn campaign from its frozen inputs and compares with the
/// targets and inspectors on record.
pub async fn verify<C: ConnectionTrait>(db: &C, id: i64) -> Result<Verification, AppError> {
    let c = campaign::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if super::campaign_status(&c)? != rules::CampaignStatus::Drawn {
        return Err(AppError::Conflict("err_insp_not_drawn".into()));
    }
    let strata = frozen_strata(db, id).await?;
    let hash = sampling::population_hash(&strata);
    let population_hash_ok = Some(&hash) == c.population_hash.as_ref();
    let seed = sampling::seed(
        c.beacon_value.as_deref().unwrap_or(""),
        c.nonce.as_deref().unwrap_or(""),
        c.population_hash.as_deref().unwrap_or(""),
    );
    let seed_ok = c.seed.as_deref() == Some(seed_hex(&seed).as_str());
    let targets = target::Entity::find()
        .filter(target::Column::CampaignId.eq(id))
        .order_by_asc(target::Column::Position)
        .all(db)
        .await?;
    let by_object: HashMap<i64, &target::Model> = targets.iter().map(|t| (t.object_id, t)).collect();
    let org_id = |id: i64| (c.object_kind == "org").then_some(id);
    let facts = |id: i64| match by_object.get(&id) {
        Some(t) => TargetFacts {
            org_id: org_id(id),
            district: t.district.clone(),
            supervisory_unit: t.supervisory_unit.clone(),
        },
        None => TargetFacts { org_id: org_id(id), district: String::new(), supervisory_unit: None },
    };
    let pool = pool_of(&c)?;
    let drawn = sampling::draw_strata(&seed, &strata);
    let departments = crate::inspection::joint::service::campaign_departments(db, id).await?;
    let assigned = assign_teams(
        &seed,
        &drawn,
        &pool,
        &departments,
        c.per_target as usize,
        c.max_per_inspector as usize,
        c.period_to,
        facts,
    );
    let recorded: Vec<(String, i64, bool)> =
        targets.iter().map(|t| (t.stratum.clone(), t.object_id, t.by_weight)).collect();
    let again: Vec<(String, i64, bool)> = drawn.into_iter().map(|d| (d.stratum, d.id, d.by_weight)).collect();
    let targets_ok = recorded == again;
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT t.position AS tp, a.inspector_id AS i, a.department_id AS d FROM inspection_assignment a \
             JOIN inspection_target t ON t.id = a.target_id WHERE a.campaign_id = ? ORDER BY t.position, a.position",
            vec![id.into()],
        ))
        .await?;
    let mut on_record: Vec<Team> = vec![Vec::new(); targets.len()];
    for r in rows {
        let tp: i32 = r.try_get("", "tp")?;
        if let Some(v) = on_record.get_mut(tp as usize - 1) {
            v.push((r.try_get("", "i")?, r.try_get("", "d")?));
        }
    }
    let inspectors_ok = assigned.is_ok_and(|a| a == on_record);
    Ok(Verification { population_hash_ok, seed_ok, targets_ok, inspectors_ok })
}
