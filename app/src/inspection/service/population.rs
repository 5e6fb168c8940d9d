//! A campaign's population: the objects its filters select, their strata
//! and sample sizes, and the frozen population as CSV.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use entity::inspection_campaign as campaign;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, Value};

use super::draw::load_objects;
use super::freeze::frozen_strata;
use crate::db;
use crate::domain::inspection as rules;
use crate::domain::sampling::{Member, Stratum};
use crate::error::AppError;
use crate::inspection::types::*;

/// `FROM … WHERE …` of a campaign's population, with its values: active
/// organizations, or open outlets (with their unrectified findings).
fn population_where(c: &campaign::Model, today: NaiveDate) -> (String, Vec<Value>) {
    if c.object_kind == "outlet" {
        let mut sql = String::from(
            "FROM lottery_outlet o LEFT JOIN (SELECT outlet_id, COUNT(*) AS open_findings FROM lottery_finding \
             WHERE rectified = ? GROUP BY outlet_id) f ON f.outlet_id = o.id WHERE o.status = 'open'",
        );
        let mut vals: Vec<Value> = vec![false.into()];
        if !c.filter_district.is_empty() {
            sql.push_str(" AND o.district = ?");
            vals.push(c.filter_district.clone().into());
        }
        return (sql, vals);
    }
    let mut sql = String::from(
        "FROM organization o LEFT JOIN organization_credit c ON c.org_id = o.id \
         LEFT JOIN (SELECT org_id, SUM(CASE WHEN list = 'serious' THEN 1 ELSE 0 END) AS serious, \
                           SUM(CASE WHEN list = 'abnormal' THEN 1 ELSE 0 END) AS abnormal \
                    FROM credit_entry WHERE removed_on IS NULL GROUP BY org_id) e ON e.org_id = o.id \
         WHERE o.status = 'active'",
    );
    let mut vals: Vec<Value> = Vec::new();
    if c.population == "charity" {
        // Recognized charities (慈善组织) only.
        sql.push_str(" AND EXISTS (SELECT 1 FROM charity ch WHERE ch.org_id = o.id)");
    }
    if !c.filter_type.is_empty() {
        sql.push_str(" AND o.org_type = ?");
        vals.push(c.filter_type.clone().into());
    }
    if !c.filter_district.is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(c.filter_district.clone().into());
    }
    // Trade associations only (行业协会商会), or those of one sector.
    match c.filter_trade.as_str() {
        "" => {}
        "yes" => sql.push_str(" AND o.trade_sector IS NOT NULL"),
        sector => {
            sql.push_str(" AND o.trade_sector = ?");
            vals.push(sector.to_string().into());
        }
    }
    match c.filter_credit.as_str() {
        "clean" => sql.push_str(" AND e.org_id IS NULL"),
        "abnormal" => sql.push_str(" AND e.abnormal > 0"),
        "serious" => sql.push_str(" AND e.serious > 0"),
        _ => {}
    }
    let graded =
        "EXISTS (SELECT 1 FROM rating_grade g WHERE g.org_id = o.id AND g.status = 'active' AND g.valid_to >= ?";
    match c.filter_rating.as_str() {
        "rated" => {
            sql.push_str(&format!(" AND {graded})"));
            vals.push(today.into());
        }
        "unrated" => {
            sql.push_str(&format!(" AND NOT {graded})"));
            vals.push(today.into());
        }
        "3a" => {
            sql.push_str(&format!(" AND {graded} AND g.grade IN ('3A', '4A', '5A'))"));
            vals.push(today.into());
        }
        _ => {}
    }
    (sql, vals)
}

fn stratum_column(strata_by: &str) -> &'static str {
    match strata_by {
        "org_type" => "o.org_type",
        "district" => "o.district",
        _ => "'*'",
    }
}

/// The sizes of the strata as they stand today (a preview before the freeze).
pub(super) async fn preview_strata<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<Vec<StratumView>, DbErr> {
    let (from_where, vals) = population_where(c, today);
    let col = stratum_column(&c.strata_by);
    // By position: PostgreSQL refuses a constant (`'*'`, not stratified) in GROUP BY and ORDER BY.
    let sql = format!("SELECT {col} AS k, COUNT(*) AS n {from_where} GROUP BY 1 ORDER BY 1");
    let mut out = Vec::new();
    for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
        let size: i64 = r.try_get("", "n")?;
        let sample = rules::stratum_sample(size as usize, &c.size_mode, c.size_value as u32);
        out.push(StratumView {
            key: r.try_get("", "k")?,
            size,
            sample: sample as i64,
            weighted: rules::weighted_share(sample, c.risk_percent as u32) as i64,
        });
    }
    Ok(out)
}

/// Loads the population of a campaign, in strata ordered by key, members by id.
pub async fn load_population<C: ConnectionTrait>(
    db: &C,
    c: &campaign::Model,
    today: NaiveDate,
) -> Result<Vec<Stratum>, DbErr> {
    let (from_where, where_vals) = population_where(c, today);
    let col = stratum_column(&c.strata_by);
    let outlets = c.object_kind == "outlet";
    // The complaints that count against each object raise its weight.
    let (complaints, since) =
        crate::complaints::service::draw_count_sql(if outlets { "outlet_id" } else { "org_id" }, today);
    let mut vals = vec![since];
    vals.extend(where_vals);
    let sql = if outlets {
        format!(
            "SELECT o.id AS id, {col} AS k, {complaints} AS complaints, COALESCE(f.open_findings, 0) AS open_findings \
             {from_where} ORDER BY o.id"
        )
    } else {
        format!(
            "SELECT o.id AS id, {col} AS k, {complaints} AS complaints, c.level AS level, \
             COALESCE(e.serious, 0) AS serious, COALESCE(e.abnormal, 0) AS abnormal {from_where} ORDER BY o.id"
        )
    };
    let mut strata: BTreeMap<String, Vec<Member>> = BTreeMap::new();
    for r in db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await? {
        let weight = if c.risk_percent == 0 {
            1
        } else if outlets {
            let base = rules::outlet_risk_weight(r.try_get("", "open_findings")?);
            crate::domain::complaint::draw_weight(base, r.try_get("", "complaints")?)
        } else {
            let level: Option<String> = r.try_get("", "level")?;
            let base = rules::risk_weight(r.try_get("", "serious")?, r.try_get("", "abnormal")?, level.as_deref());
            crate::domain::complaint::draw_weight(base, r.try_get("", "complaints")?)
        };
        strata.entry(r.try_get("", "k")?).or_default().push(Member { id: r.try_get("", "id")?, weight });
    }
    Ok(strata_with_sizes(c, strata))
}

/// Strata with the campaign's sample sizes.
pub fn strata_with_sizes(c: &campaign::Model, strata: BTreeMap<String, Vec<Member>>) -> Vec<Stratum> {
    strata
        .into_iter()
        .map(|(key, members)| {
            let n = rules::stratum_sample(members.len(), &c.size_mode, c.size_value as u32);
            Stratum { key, n, weighted: rules::weighted_share(n, c.risk_percent as u32), members }
        })
        .collect()
}

/// The frozen population as CSV rows (stratum, id, weight, code, name), so
/// anyone can re-run the draw; without the header.
pub async fn population_csv(db: &DatabaseConnection, id: i64) -> Result<Vec<u8>, AppError> {
    let c = campaign::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    if super::campaign_status(&c)? == rules::CampaignStatus::Draft {
        return Err(AppError::NotFound);
    }
    let mut w = crate::kernel::csv::CsvRows::new();
    for s in frozen_strata(db, id).await? {
        for chunk in s.members.chunks(db::IN_CHUNK) {
            let ids: Vec<i64> = chunk.iter().map(|m| m.id).collect();
            let objects = load_objects(db, &c.object_kind, &ids).await?;
            for m in chunk {
                let o = objects.get(&m.id);
                w.push([
                    s.key.as_str(),
                    &m.id.to_string(),
                    &m.weight.to_string(),
                    o.map(|o| o.code.as_str()).unwrap_or(""),
                    o.map(|o| o.name.as_str()).unwrap_or(""),
                ])?;
            }
        }
    }
    Ok(w.finish()?)
}

pub const POPULATION_CSV_HEADER: [&str; 5] = ["层", "编号", "风险权重", "统一社会信用代码或网点编号", "名称"];
