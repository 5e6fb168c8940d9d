//! The freeze: the population and the inspector pool are fixed, hashed and
//! committed to before the draw.

use chrono::{NaiveDate, Utc};
use entity::{inspection_campaign as campaign, inspector};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::conflicts_of;
use super::population::load_population;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::inspection::{self as rules, InspectorFacts};
use crate::domain::sampling::{self, Stratum};
use crate::error::AppError;
use crate::state::Settings;

/// One inspector of a frozen pool.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct PoolInspector {
    pub id: i64,
    pub unit: String,
    pub districts: Vec<String>,
    pub conflicts: Vec<i64>,
    pub active: bool,
    pub cert_valid_until: NaiveDate,
    /// The partner department (None: the bureau); absent in pools frozen
    /// before joint campaigns, whose inspectors were all the bureau's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub department_id: Option<i64>,
}

impl PoolInspector {
    pub fn facts(&self) -> InspectorFacts {
        InspectorFacts {
            id: self.id,
            unit: self.unit.clone(),
            districts: self.districts.clone(),
            conflicts: self.conflicts.clone(),
            active: self.active,
            cert_valid_until: self.cert_valid_until,
        }
    }
}

/// The active inspectors of the bureau and of `departments` (a joint
/// campaign's; none: the bureau's alone), by id.
async fn inspector_pool<C: ConnectionTrait>(db: &C, departments: &[i64]) -> Result<Vec<PoolInspector>, DbErr> {
    let mut parties = sea_orm::Condition::any().add(inspector::Column::DepartmentId.is_null());
    if !departments.is_empty() {
        parties = parties.add(inspector::Column::DepartmentId.is_in(departments.to_vec()));
    }
    let rows = inspector::Entity::find()
        .filter(inspector::Column::Active.eq(true))
        .filter(parties)
        .order_by_asc(inspector::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
    let conflicts = conflicts_of(db, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|m| {
            let mut c: Vec<i64> =
                conflicts.get(&m.id).map(|v| v.iter().map(|c| c.org_id).collect()).unwrap_or_default();
            c.sort();
            PoolInspector {
                id: m.id,
                unit: m.unit,
                districts: rules::parse_districts(&m.districts),
                conflicts: c,
                active: m.active,
                cert_valid_until: m.cert_valid_until,
                department_id: m.department_id,
            }
        })
        .collect())
}

/// Freezes the population and the inspector pool, records the population hash
/// and the commitment to a fresh nonce: the plan is then public and the draw
/// waits for the announced value.
pub async fn freeze(db: &DatabaseConnection, settings: &Settings, actor: &Actor, id: i64) -> Result<(), AppError> {
    let today = crate::kernel::clock::today();
    let txn = db::begin_write(db).await?;
    let c = campaign::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let next = rules::campaign_next(super::campaign_status(&c)?, rules::CampaignStep::Freeze)
        .map_err(|k| AppError::Conflict(k.into()))?;
    let strata = load_population(&txn, &c, today).await?;
    let size: usize = strata.iter().map(|s| s.members.len()).sum();
    if size == 0 {
        return Err(AppError::Conflict("err_insp_empty_population".into()));
    }
    let sample: usize = strata.iter().map(|s| s.n).sum();
    let minimum = crate::domain::charity_sample::minimum_sample(
        c.population == "charity",
        size,
        settings.charity_sample_percent,
        rules::minimum_sample(&c.kind, size, settings.inspection_min_percent, settings.inspection_min_per_year),
    );
    if sample < minimum {
        return Err(AppError::field("size_value", "err_insp_below_minimum"));
    }
    let departments = crate::inspection::joint::service::campaign_departments(&txn, id).await?;
    let pool = inspector_pool(&txn, &departments).await?;
    let usable_of = |party: Option<i64>| {
        pool.iter().filter(|p| p.department_id == party && p.cert_valid_until >= c.period_to).count()
    };
    if departments.is_empty() {
        let usable = usable_of(None);
        let capacity = usable * (c.max_per_inspector as usize);
        if usable < (c.per_target as usize) || capacity < sample * (c.per_target as usize) {
            return Err(AppError::Conflict("err_insp_too_few_inspectors".into()));
        }
    } else {
        let usable: Vec<(Option<i64>, usize)> = std::iter::once(None)
            .chain(departments.iter().copied().map(Some))
            .map(|party| (party, usable_of(party)))
            .collect();
        let short = crate::domain::joint_draw::short_party(
            &usable,
            sample,
            c.per_target as usize,
            c.max_per_inspector as usize,
        );
        if short.is_some() {
            return Err(AppError::Conflict("err_joint_too_few_inspectors".into()));
        }
    }
    let hash = sampling::population_hash(&strata);
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let nonce = hex::encode(bytes);
    for s in &strata {
        db::exec(
            &txn,
            "INSERT INTO inspection_stratum (campaign_id, key, size, sample, weighted, members) VALUES (?, ?, ?, ?, ?, ?)",
            vec![
                id.into(),
                s.key.clone().into(),
                (s.members.len() as i64).into(),
                (s.n as i64).into(),
                (s.weighted as i64).into(),
                sampling::encode_members(&s.members).into(),
            ],
        )
        .await?;
    }
    let pool_json = serde_json::to_string(&pool).map_err(|_| AppError::Internal)?;
    let mut am: campaign::ActiveModel = c.into();
    am.status = Set(next.as_str().into());
    am.population_size = Set(Some(size as i32));
    am.population_hash = Set(Some(hash.clone()));
    am.inspector_pool = Set(Some(pool_json));
    am.nonce_hash = Set(Some(sampling::commitment(&nonce)));
    am.nonce = Set(Some(nonce));
    am.frozen_at = Set(Some(Utc::now()));
    am.updated_at = Set(Utc::now());
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_freeze",
            entity: "inspection_campaign",
            entity_id: id.to_string(),
            before: None,
            after: Some(json!({ "population": size, "sample": sample, "hash": hash, "inspectors": pool.len() })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// The frozen strata of a campaign, in key order.
pub async fn frozen_strata<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<Stratum>, AppError> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT key, sample, weighted, members FROM inspection_stratum WHERE campaign_id = ? ORDER BY key",
            vec![id.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let bytes: Vec<u8> = r.try_get("", "members")?;
        let members = sampling::decode_members(&bytes).ok_or(AppError::Internal)?;
        let n: i64 = r.try_get("", "sample")?;
        let w: i64 = r.try_get("", "weighted")?;
        out.push(Stratum { key: r.try_get("", "key")?, members, n: n as usize, weighted: w as usize });
    }
    // Keys sort the same everywhere: byte order, as BTreeMap did at the freeze.
    out.sort_by(|a, b| a.key.as_bytes().cmp(b.key.as_bytes()));
    Ok(out)
}
