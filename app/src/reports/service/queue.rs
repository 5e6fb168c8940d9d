//! The officers' review queue and its CSV.

use super::*;

/// `FROM … WHERE …` of the review queue, with its values.
pub(super) fn queue_where(f: &QueueFilter, year: i32) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM annual_report r JOIN organization o ON o.id = r.org_id WHERE r.report_year = ?");
    let mut vals: Vec<Value> = vec![year.into()];
    if f.status.is_empty() {
        // The queue shows what was filed; drafts are the organizations' own.
        sql.push_str(" AND r.status <> 'draft'");
    } else {
        sql.push_str(" AND r.status = ?");
        vals.push(f.status.clone().into());
    }
    if !f.org_type.is_empty() {
        sql.push_str(" AND o.org_type = ?");
        vals.push(f.org_type.clone().into());
    }
    if !f.district.is_empty() {
        sql.push_str(" AND o.district = ?");
        vals.push(f.district.clone().into());
    }
    db::push_name_or_code(&mut sql, &mut vals, &f.q);
    (sql, vals)
}

/// The officers' review queue: submitted first (oldest first), then the rest.
pub async fn queue<C: ConnectionTrait>(db: &C, settings: &Settings, f: &QueueFilter) -> Result<QueuePage, DbErr> {
    let backend = db.get_database_backend();
    let year = if f.year == 0 { settings.report_year } else { crate::domain::input::clamp_year(f.year) };
    let (from_where, vals) = queue_where(f, year);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let sql = format!(
        "SELECT r.id AS id {from_where} ORDER BY CASE r.status WHEN 'submitted' THEN 0 WHEN 'returned' THEN 1 ELSE 2 END, \
         r.submitted_at, r.id {}",
        p.limit_offset()
    );
    let ids = db
        .query_all_raw(db::stmt(backend, &sql, vals))
        .await?
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<Vec<_>, _>>()?;
    let reports = annual_report::Entity::find().filter(annual_report::Column::Id.is_in(ids.clone())).all(db).await?;
    let org_ids: Vec<i64> = reports.iter().map(|r| r.org_id).collect();
    let orgs = db::orgs_by_id(db, org_ids).await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(r) = reports.iter().find(|r| r.id == id) else { continue };
        let Some(o) = orgs.get(&r.org_id) else { continue };
        let findings: Vec<FindingView> = serde_json::from_str(&r.findings_json).unwrap_or_default();
        rows.push(QueueRow {
            id: r.id,
            org_id: o.id,
            org_name: o.name.clone(),
            credit_code: o.credit_code.clone(),
            org_type: o.org_type.clone(),
            district: o.district.clone(),
            year: r.report_year,
            status: r.status.clone(),
            submitted_at: r.submitted_at.map(stamp),
            conclusion: r.conclusion.clone(),
            warnings: findings.iter().filter(|f| f.severity == "warning").count(),
        });
    }
    Ok(QueuePage {
        rows,
        total: total as u64,
        page: p.page,
        per_page: PER_PAGE,
        year,
        years: (settings.report_year - 4..=settings.report_year).rev().collect(),
        districts: settings.districts.clone(),
    })
}

pub const QUEUE_CSV_HEADER: [&str; 14] = [
    "统一社会信用代码",
    "名称",
    "类型",
    "区",
    "年度",
    "状态",
    "提交时间",
    "收入合计",
    "费用合计",
    "净资产",
    "年检结论",
    "党组织",
    "正式党员",
    "党组织活动次数",
];

/// A batch of the queue's CSV (the same filters) after the key `after`.
pub async fn queue_csv_batch<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    f: &QueueFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let year = if f.year == 0 { settings.report_year } else { f.year };
    let (from_where, mut vals) = queue_where(f, year);
    vals.push(after.into());
    let sql = format!(
        "SELECT r.id AS id, o.credit_code AS code, o.name AS name, o.org_type AS org_type, o.district AS district, \
         r.status AS status, r.submitted_at AS submitted_at, r.income_total AS income, r.spend_total AS spend, \
         r.net_assets AS net, r.conclusion AS conclusion, r.form_json AS form_json {from_where} AND r.id > ? ORDER BY r.id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    let amount = |v: Option<i64>| v.map(crate::domain::money::format_yuan).unwrap_or_default();
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        last = Some(id);
        let org_type: String = r.try_get("", "org_type")?;
        let status: String = r.try_get("", "status")?;
        let status_zh = crate::i18n::coded(crate::i18n::Lang::Zh, "rpt_status_", &status, "concluded");
        let submitted: Option<chrono::DateTime<Utc>> = r.try_get("", "submitted_at")?;
        let conclusion: Option<String> = r.try_get("", "conclusion")?;
        // The party section as filed (empty for a report without it).
        let form: ReportForm = serde_json::from_str(&r.try_get::<String>("", "form_json")?).unwrap_or_default();
        let party_kind = crate::domain::party::Kind::parse(form.party_kind.trim())
            .map(|k| crate::i18n::coded(crate::i18n::Lang::Zh, "party_kind_", k.as_str(), "none"))
            .unwrap_or("");
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            OrgType::parse(&org_type).map(|t| t.zh()).unwrap_or("").to_string(),
            r.try_get::<String>("", "district")?,
            year.to_string(),
            status_zh.to_string(),
            submitted.map(stamp).unwrap_or_default(),
            amount(r.try_get("", "income")?),
            amount(r.try_get("", "spend")?),
            amount(r.try_get("", "net")?),
            conclusion.as_deref().map(conclusion_zh).unwrap_or("").to_string(),
            party_kind.to_string(),
            form.party_members.trim().to_string(),
            form.party_activities.trim().to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}
