//! Fundraising plans and their disclosures as the open data API and their
//! CSV give them: what 慈善法 §§ 24, 71–73 make public of a filed plan (no
//! person in charge, no office address) and of each disclosure.

use entity::{charity_disclosure, charity_plan};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Value};
use serde::{Deserialize, Serialize};

use crate::db;
use crate::domain::money;

/// The filters of the plans: a filing number, title, purpose or platform
/// (`q`), the charity's name or credit code (`org`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PlanFilter {
    pub q: String,
    pub org: String,
}

/// The filters of the disclosures: the charity's name or credit code
/// (`org`), the plan's filing number, the kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DisclosureFilter {
    pub org: String,
    pub filing_no: String,
    pub kind: String,
}

/// A filed fundraising plan (募捐方案).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OpenPlan {
    /// The plan's number: the order of the export and the cursor.
    pub id: i64,
    /// 备案编号.
    pub filing_no: String,
    pub org_name: String,
    /// The charity's 统一社会信用代码.
    pub credit_code: String,
    pub title: String,
    pub purpose: String,
    /// YYYY-MM-DD.
    pub start_on: String,
    /// YYYY-MM-DD.
    pub end_on: String,
    pub region: String,
    /// How it raises: `box` (募捐箱), `event` (义演、义赛、义卖), `internet`, `media` (广播、电视、报刊).
    pub method: String,
    pub platform: String,
    /// The target in fen (hundredths of a yuan).
    pub target_fen: i64,
    pub uses: String,
    pub beneficiaries: String,
    /// The account donations go to.
    pub bank_account: String,
    /// The budget of its costs in fen.
    pub cost_budget_fen: i64,
    /// What happens to what is left.
    pub leftover: String,
    /// Raised for an emergency (突发事件).
    pub emergency: bool,
    /// YYYY-MM-DD.
    pub filed_on: String,
    /// YYYY-MM-DD, when it ended early.
    pub terminated_on: Option<String>,
    pub termination_reason: Option<String>,
}

pub const PLAN_CSV_HEADER: [&str; 18] = [
    "备案编号",
    "慈善组织",
    "统一社会信用代码",
    "募捐方案名称",
    "募捐目的",
    "起始日期",
    "终止日期",
    "募捐区域",
    "募捐方式",
    "募捐平台",
    "募捐目标(元)",
    "募得款物用途",
    "受益人",
    "募捐账户",
    "工作成本预算(元)",
    "剩余财产处理",
    "备案日期",
    "提前终止日期",
];

impl crate::kernel::csv::Record for OpenPlan {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.filing_no.clone(),
            self.org_name.clone(),
            self.credit_code.clone(),
            self.title.clone(),
            self.purpose.clone(),
            self.start_on.clone(),
            self.end_on.clone(),
            self.region.clone(),
            crate::i18n::coded(crate::i18n::Lang::Zh, "ch_method_", &self.method, "").to_string(),
            self.platform.clone(),
            money::format_yuan(self.target_fen),
            self.uses.clone(),
            self.beneficiaries.clone(),
            self.bank_account.clone(),
            money::format_yuan(self.cost_budget_fen),
            self.leftover.clone(),
            self.filed_on.clone(),
            self.terminated_on.clone().unwrap_or_default(),
        ]
    }
}

/// The organizations' names and codes of `ids`.
async fn names<C: ConnectionTrait>(
    db: &C,
    ids: impl Iterator<Item = i64>,
) -> Result<std::collections::HashMap<i64, (String, String)>, DbErr> {
    Ok(db::orgs_by_id(db, ids).await?.into_iter().map(|(id, o)| (id, (o.name, o.credit_code))).collect())
}

/// The plans the filter selects after plan id `after`, at most `batch`, in
/// id order, and the last id read.
pub async fn plans_after<C: ConnectionTrait>(
    db: &C,
    f: &PlanFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenPlan>, Option<i64>), DbErr> {
    let mut sql = String::from("FROM charity_plan p JOIN organization o ON o.id = p.org_id WHERE p.id > ?");
    let mut vals: Vec<Value> = vec![after.into()];
    let q = f.q.trim();
    if !q.is_empty() {
        sql.push_str(&format!(
            " AND (p.filing_no {l} OR p.title {l} OR p.purpose {l} OR p.platform {l})",
            l = db::LIKE
        ));
        let like = db::like(q);
        vals.extend(std::iter::repeat_n(Value::from(like), 4));
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.org);
    let ids: Vec<i64> =
        db::column(db, &format!("SELECT p.id AS id {sql} ORDER BY p.id LIMIT {batch}"), vals, "id").await?;
    let mut plans = charity_plan::Entity::find().filter(charity_plan::Column::Id.is_in(ids.clone())).all(db).await?;
    plans.sort_by_key(|p| p.id);
    let orgs = names(db, plans.iter().map(|p| p.org_id)).await?;
    let rows = plans
        .into_iter()
        .map(|p| {
            let (org_name, credit_code) = orgs.get(&p.org_id).cloned().unwrap_or_default();
            OpenPlan {
                id: p.id,
                filing_no: p.filing_no,
                org_name,
                credit_code,
                title: p.title,
                purpose: p.purpose,
                start_on: p.start_on.to_string(),
                end_on: p.end_on.to_string(),
                region: p.region,
                method: p.method,
                platform: p.platform,
                target_fen: p.target_fen,
                uses: p.uses,
                beneficiaries: p.beneficiaries,
                bank_account: p.bank_account,
                cost_budget_fen: p.cost_budget_fen,
                leftover: p.leftover,
                emergency: p.emergency,
                filed_on: p.filed_on.to_string(),
                terminated_on: p.terminated_on.map(|d| d.to_string()),
                termination_reason: p.termination_reason,
            }
        })
        .collect();
    Ok((rows, ids.last().copied()))
}

/// A disclosure of a fundraising plan (募捐信息公开).
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct OpenDisclosure {
    /// The disclosure's number: the order of the export and the cursor.
    pub id: i64,
    pub filing_no: String,
    pub org_name: String,
    pub credit_code: String,
    /// `periodic` (while a plan runs), `final` (after it ends) or `annual`
    /// (the charity's yearly work and financial report).
    pub kind: String,
    /// A periodic disclosure's number (1, 2, …), an annual report's year, 0 for a final one.
    pub period_no: i32,
    /// The plan's 备案编号; empty for an annual report.
    /// YYYY-MM-DD.
    pub disclosed_on: String,
    /// Raised so far, in fen.
    pub raised_fen: i64,
    /// Spent on the plan's uses, in fen.
    pub spent_fen: i64,
    /// Its costs, in fen.
    pub cost_fen: i64,
    /// Spent outside the plan, in fen.
    pub off_plan_fen: i64,
    /// What the money was used for.
    pub uses: String,
}

pub const DISCLOSURE_CSV_HEADER: [&str; 10] = [
    "备案编号",
    "慈善组织",
    "统一社会信用代码",
    "公开事项",
    "公开日期",
    "募得款物(元)",
    "已使用(元)",
    "工作成本(元)",
    "方案外使用(元)",
    "使用情况",
];

impl crate::kernel::csv::Record for OpenDisclosure {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.filing_no.clone(),
            self.org_name.clone(),
            self.credit_code.clone(),
            crate::charity::types::due_label_in(crate::i18n::Lang::Zh, &self.kind, self.period_no),
            self.disclosed_on.clone(),
            money::format_yuan(self.raised_fen),
            money::format_yuan(self.spent_fen),
            money::format_yuan(self.cost_fen),
            money::format_yuan(self.off_plan_fen),
            self.uses.clone(),
        ]
    }
}

/// The disclosures the filter selects after id `after`, at most `batch`, in
/// id order, and the last id read.
pub async fn disclosures_after<C: ConnectionTrait>(
    db: &C,
    f: &DisclosureFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenDisclosure>, Option<i64>), DbErr> {
    let mut sql = String::from(
        "FROM charity_disclosure d LEFT JOIN charity_plan p ON p.id = d.plan_id JOIN organization o ON o.id = d.org_id \
         WHERE d.id > ?",
    );
    let mut vals: Vec<Value> = vec![after.into()];
    if !f.filing_no.trim().is_empty() {
        sql.push_str(" AND p.filing_no = ?");
        vals.push(f.filing_no.trim().to_string().into());
    }
    if !f.kind.trim().is_empty() {
        sql.push_str(" AND d.kind = ?");
        vals.push(f.kind.trim().to_string().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.org);
    let ids: Vec<i64> =
        db::column(db, &format!("SELECT d.id AS id {sql} ORDER BY d.id LIMIT {batch}"), vals, "id").await?;
    let mut rows =
        charity_disclosure::Entity::find().filter(charity_disclosure::Column::Id.is_in(ids.clone())).all(db).await?;
    rows.sort_by_key(|d| d.id);
    let plans: std::collections::HashMap<i64, String> = charity_plan::Entity::find()
        .filter(charity_plan::Column::Id.is_in(rows.iter().map(|d| d.plan_id).collect::<Vec<_>>()))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.id, p.filing_no))
        .collect();
    let orgs = names(db, rows.iter().map(|d| d.org_id)).await?;
    let out = rows
        .into_iter()
        .map(|d| {
            let (org_name, credit_code) = orgs.get(&d.org_id).cloned().unwrap_or_default();
            OpenDisclosure {
                id: d.id,
                filing_no: plans.get(&d.plan_id).cloned().unwrap_or_default(),
                org_name,
                credit_code,
                kind: d.kind,
                period_no: d.period_no,
                disclosed_on: d.disclosed_on.to_string(),
                raised_fen: d.raised_fen,
                spent_fen: d.spent_fen,
                cost_fen: d.cost_fen,
                off_plan_fen: d.off_plan_fen,
                uses: d.uses,
            }
        })
        .collect();
    Ok((out, ids.last().copied()))
}
