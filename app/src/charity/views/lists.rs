//! The officers' and the public list of charities and its CSV export.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{charity, charity_disclosure, charity_plan};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Value};

use super::super::service::qualified_on;
use super::super::types::*;
use super::detail::{plan_view, risk_of};
use super::{counts_of, dues_of};
use crate::db;
use crate::domain::charity::{self as rules};
use crate::error::AppError;

fn list_where(f: &CharityFilter) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM charity c JOIN organization o ON o.id = c.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    match f.qualified.as_str() {
        "yes" => sql.push_str(" AND c.qualified_on IS NOT NULL AND c.withdrawn_on IS NULL"),
        "no" => sql.push_str(" AND (c.qualified_on IS NULL OR c.withdrawn_on IS NOT NULL)"),
        _ => {}
    }
    let q = crate::domain::input::query(&f.q);
    if !q.is_empty() {
        let like = crate::db::like(&q);
        sql.push_str(
            " AND (o.name LIKE ? ESCAPE '!' OR o.credit_code LIKE ? ESCAPE '!' OR EXISTS (SELECT 1 FROM charity_plan p WHERE p.org_id = c.org_id \
             AND (p.filing_no LIKE ? ESCAPE '!' OR p.purpose LIKE ? ESCAPE '!' OR p.title LIKE ? ESCAPE '!' OR p.platform LIKE ? ESCAPE '!')))",
        );
        for _ in 0..6 {
            vals.push(like.clone().into());
        }
    }
    (sql, vals)
}

/// Loads the charities, plans and disclosures of `ids`.
pub(crate) async fn load<C: ConnectionTrait>(
    db: &C,
    ids: Option<&[i64]>,
) -> Result<
    (Vec<charity::Model>, HashMap<i64, Vec<charity_plan::Model>>, HashMap<i64, Vec<charity_disclosure::Model>>),
    DbErr,
> {
    let (mut cq, mut pq, mut dq) =
        (charity::Entity::find(), charity_plan::Entity::find(), charity_disclosure::Entity::find());
    if let Some(ids) = ids {
        cq = cq.filter(charity::Column::OrgId.is_in(ids.to_vec()));
        pq = pq.filter(charity_plan::Column::OrgId.is_in(ids.to_vec()));
        dq = dq.filter(charity_disclosure::Column::OrgId.is_in(ids.to_vec()));
    }
    let charities = cq.all(db).await?;
    let mut plans: HashMap<i64, Vec<charity_plan::Model>> = HashMap::new();
    for p in pq.all(db).await? {
        plans.entry(p.org_id).or_default().push(p);
    }
    let mut made: HashMap<i64, Vec<charity_disclosure::Model>> = HashMap::new();
    for d in dq.all(db).await? {
        made.entry(d.org_id).or_default().push(d);
    }
    Ok((charities, plans, made))
}

/// The list of charities (public, or officers' with the risk grade).
pub async fn list<C: ConnectionTrait>(
    db: &C,
    f: &CharityFilter,
    today: NaiveDate,
    officer: bool,
) -> Result<CharityList, AppError> {
    let (from_where, vals) = list_where(f);
    let total = db::count_from(db, &from_where, vals.clone()).await? as u64;
    let pg = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let sql = format!(
        "SELECT c.org_id AS org_id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, \
         c.recognized_on AS recognized_on, c.qualified_on AS qualified_on, c.withdrawn_on AS withdrawn_on, \
         c.certificate_no AS certificate_no {from_where} ORDER BY c.recognized_on DESC, c.org_id DESC {}",
        pg.limit_offset()
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "org_id")).collect::<Result<_, _>>()?;
    let (charities, plans, made) = load(db, Some(&ids)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "org_id")?;
        let Some(c) = charities.iter().find(|c| c.org_id == id) else { continue };
        let p = plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let m = made.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let dues = dues_of(c, p, m, today);
        let risk = if officer {
            let views: Vec<PlanView> = p.iter().map(|x| plan_view(x, "", m, Vec::new(), today)).collect();
            risk_of(db, id, &dues, &views, today).await?.grade
        } else {
            0
        };
        out.push(CharityRow {
            org_id: id,
            name: r.try_get("", "name")?,
            credit_code: r.try_get("", "code")?,
            org_type: r.try_get("", "org_type")?,
            recognized_on: c.recognized_on.to_string(),
            qualified: qualified_on(c, today),
            certificate_no: c.certificate_no.clone(),
            plans: p.len() as i64,
            transparency: rules::transparency_index(counts_of(&dues, m, today)),
            risk,
        });
    }
    Ok(CharityList { rows: out, total, page: pg.page, per_page: PER_PAGE })
}

pub const CSV_HEADER: [&str; 7] =
    ["统一社会信用代码", "名称", "认定日期", "公开募捐资格", "资格证书编号", "备案募捐方案数", "透明指数"];

/// A charity as the open data API and the public list's CSV give it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OpenCharity {
    /// The organization's number in the register: the order of the export and the cursor.
    pub org_id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    pub name: String,
    /// YYYY-MM-DD, the day it was recognised as a charity.
    pub recognized_on: String,
    /// Whether it holds the public fundraising qualification today.
    pub qualified: bool,
    /// The qualification certificate's number.
    pub certificate_no: Option<String>,
    /// Fundraising plans filed.
    pub plans: u64,
    /// The transparency index (0 to 100) of its disclosures; none before any was due.
    pub transparency: Option<u32>,
}

impl crate::kernel::csv::Record for OpenCharity {
    fn key(&self) -> i64 {
        self.org_id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.credit_code.clone(),
            self.name.clone(),
            self.recognized_on.clone(),
            if self.qualified { "有".to_string() } else { "无".to_string() },
            self.certificate_no.clone().unwrap_or_default(),
            self.plans.to_string(),
            self.transparency.map(|i| i.to_string()).unwrap_or_default(),
        ]
    }
}

/// The charities the public list's filter selects after organization id
/// `after`, at most `batch`, in id order, and the last id read.
pub async fn charities_after<C: ConnectionTrait>(
    db: &C,
    f: &CharityFilter,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenCharity>, Option<i64>), DbErr> {
    let (from_where, mut vals) = list_where(f);
    vals.push(after.into());
    let sql = format!(
        "SELECT c.org_id AS org_id, o.name AS name, o.credit_code AS code {from_where} AND c.org_id > ? ORDER BY c.org_id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "org_id")).collect::<Result<_, _>>()?;
    let (charities, plans, made) = load(db, Some(&ids)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "org_id")?;
        let Some(c) = charities.iter().find(|c| c.org_id == id) else { continue };
        let p = plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let m = made.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        out.push(OpenCharity {
            org_id: id,
            credit_code: r.try_get("", "code")?,
            name: r.try_get("", "name")?,
            recognized_on: c.recognized_on.to_string(),
            qualified: qualified_on(c, today),
            certificate_no: c.certificate_no.clone(),
            plans: p.len() as u64,
            transparency: rules::transparency_index(counts_of(&dues_of(c, p, m, today), m, today)),
        });
    }
    Ok((out, ids.last().copied()))
}
