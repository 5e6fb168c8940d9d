//! The published results of the double-random inspections (双随机、一公开) as
//! the open data API and their CSV give them: who was inspected, on what,
//! what was found item by item and the outcome, as the campaign's public page
//! shows them.

use entity::inspection_target as target;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Value};
use serde::{Deserialize, Serialize};

use crate::db;

/// The filters of the results: the inspected body's name or code (`q`), the
/// campaign's year, the outcome.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ResultFilter {
    pub q: String,
    pub year: String,
    pub outcome: String,
}

/// A published inspection result.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OpenResult {
    /// The target's number: the order of the export and the cursor.
    pub id: i64,
    pub campaign_id: i64,
    pub campaign_name: String,
    pub campaign_year: i32,
    /// `org` (a social organization) or `outlet` (a lottery outlet).
    pub object_kind: String,
    pub name: String,
    /// The organization's 统一社会信用代码 or the outlet's number.
    pub code: String,
    pub district: String,
    /// The items checked.
    pub checked_items: Vec<String>,
    pub findings: String,
    /// `none` (no problem found), `rectify` (ordered to rectify) or `penalty` (referred for a penalty).
    pub outcome: Option<String>,
    /// YYYY-MM-DD.
    pub inspected_on: Option<String>,
    /// YYYY-MM-DD.
    pub published_on: Option<String>,
    /// In a joint campaign (联合抽查), what each party found: the department's
    /// name (empty for the bureau) and its findings. Empty otherwise.
    pub findings_by_department: Vec<crate::inspection::joint::DepartmentFinding>,
    /// The checklist answered item by item, in the checklist's order: each
    /// item, its answer (`yes` compliant, `no` not compliant, `na` not
    /// applicable) and the inspector's note. Empty for results recorded before
    /// answers were kept.
    pub item_answers: Vec<crate::inspection::types::ItemAnswerView>,
}

pub const RESULT_CSV_HEADER: [&str; 12] = [
    "抽查任务",
    "年度",
    "检查对象",
    "统一社会信用代码或网点编号",
    "所在区",
    "抽查事项",
    "检查情况",
    "检查结果",
    "检查日期",
    "公示日期",
    "联合检查部门发现",
    "检查项目结果",
];

impl crate::kernel::csv::Record for OpenResult {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        let outcome =
            self.outcome.as_deref().map(|o| crate::i18n::coded(crate::i18n::Lang::Zh, "insp_outcome_", o, "none"));
        vec![
            self.campaign_name.clone(),
            self.campaign_year.to_string(),
            self.name.clone(),
            self.code.clone(),
            self.district.clone(),
            self.checked_items.join("；"),
            self.findings.clone(),
            outcome.unwrap_or("").to_string(),
            self.inspected_on.clone().unwrap_or_default(),
            self.published_on.clone().unwrap_or_default(),
            self.findings_by_department
                .iter()
                .map(|f| format!("{}：{}", if f.department.is_empty() { "本局" } else { &f.department }, f.body))
                .collect::<Vec<_>>()
                .join("；"),
            super::answer_lines(crate::i18n::Lang::Zh, &self.item_answers, false).join("；"),
        ]
    }
}

/// The published results the filter selects after target id `after`, at
/// most `batch`, in id order, and the last id read.
pub async fn results_after<C: ConnectionTrait>(
    db: &C,
    f: &ResultFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenResult>, Option<i64>), DbErr> {
    let mut sql = String::from(
        "FROM inspection_target t JOIN inspection_campaign c ON c.id = t.campaign_id \
         WHERE t.status = 'published' AND t.id > ?",
    );
    let mut vals: Vec<Value> = vec![after.into()];
    let q = f.q.trim();
    if !q.is_empty() {
        sql.push_str(&format!(" AND (t.org_name {l} OR t.credit_code {l})", l = db::LIKE));
        let like = db::like(q);
        vals.push(like.clone().into());
        vals.push(like.into());
    }
    if let Ok(year) = f.year.trim().parse::<i32>() {
        sql.push_str(" AND c.year = ?");
        vals.push(year.into());
    }
    if !f.outcome.trim().is_empty() {
        sql.push_str(" AND t.outcome = ?");
        vals.push(f.outcome.trim().to_string().into());
    }
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!("SELECT t.id AS id, c.name AS cname, c.year AS cyear {sql} ORDER BY t.id LIMIT {batch}"),
            vals,
        ))
        .await?;
    let mut campaigns = std::collections::HashMap::new();
    let mut ids = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        campaigns.insert(id, (r.try_get::<String>("", "cname")?, r.try_get::<i32>("", "cyear")?));
        ids.push(id);
    }
    let mut targets = target::Entity::find().filter(target::Column::Id.is_in(ids.clone())).all(db).await?;
    let mut found = crate::inspection::joint::service::findings_of(db, &ids).await?;
    let mut answered = super::answers_of(db, &ids).await?;
    targets.sort_by_key(|t| t.id);
    let out = targets
        .into_iter()
        .map(|t| {
            let (campaign_name, campaign_year) = campaigns.get(&t.id).cloned().unwrap_or_default();
            OpenResult {
                id: t.id,
                campaign_id: t.campaign_id,
                campaign_name,
                campaign_year,
                object_kind: t.object_kind,
                name: t.org_name,
                code: t.credit_code,
                district: t.district,
                checked_items: t.checked_items.lines().map(str::to_string).collect(),
                findings: t.findings,
                outcome: t.outcome,
                inspected_on: t.inspected_on.map(|d| d.to_string()),
                published_on: t.published_on.map(|d| d.to_string()),
                findings_by_department: found.remove(&t.id).unwrap_or_default(),
                item_answers: answered.remove(&t.id).unwrap_or_default(),
            }
        })
        .collect();
    Ok((out, ids.last().copied()))
}
