//! Participation (参检率) and the organizations that have not filed.

use super::*;

/// `FROM organization o … WHERE <obliged for year>` and its values: registered
/// by 31 December (社会团体 and 社会服务机构 by 30 June), and still on the
/// register at its deadline.
pub fn obliged_sql(settings: &Settings, year: i32) -> (String, Vec<Value>) {
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid date");
    let foundation = settings.report_deadline_for(OrgType::Foundation, year);
    let others = settings.report_deadline_for(OrgType::SocialGroup, year);
    let sql = "FROM organization o \
        LEFT JOIN annual_report r ON r.org_id = o.id AND r.report_year = ? \
        WHERE (o.registration_date <= ? OR (o.org_type = 'foundation' AND o.registration_date <= ?)) \
        AND (o.status = 'active' OR o.status_date > CASE WHEN o.org_type = 'foundation' THEN ? ELSE ? END)"
        .to_string();
    let vals: Vec<Value> = vec![year.into(), d(6, 30).into(), d(12, 31).into(), foundation.into(), others.into()];
    (sql, vals)
}

pub(super) const FILED: &str = "r.first_submitted_at IS NOT NULL";

pub(super) async fn grouped<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    group: &str,
) -> Result<Vec<Participation>, DbErr> {
    let backend = db.get_database_backend();
    let (from_where, vals) = obliged_sql(settings, year);
    let label = if group.is_empty() { "'all'".to_string() } else { group.to_string() };
    let group_by = if group.is_empty() { String::new() } else { format!(" GROUP BY {group} ORDER BY {group}") };
    let sql = format!(
        "SELECT {label} AS label, COUNT(*) AS obliged, \
         CAST(SUM(CASE WHEN {FILED} THEN 1 ELSE 0 END) AS BIGINT) AS filed {from_where}{group_by}"
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    rows.iter()
        .map(|r| {
            Ok(Participation {
                label: r.try_get("", "label")?,
                obliged: r.try_get::<i64>("", "obliged")? as u64,
                filed: r.try_get::<Option<i64>>("", "filed")?.unwrap_or(0) as u64,
            })
        })
        .collect()
}

/// Participation (参检率) of `year`: overall, by district and by type, and a
/// page of the organizations that have not filed.
pub async fn participation<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    page: u64,
) -> Result<ParticipationView, DbErr> {
    let overall = grouped(db, settings, year, "").await?.into_iter().next().unwrap_or(Participation {
        label: "all".into(),
        obliged: 0,
        filed: 0,
    });
    let by_district = grouped(db, settings, year, "o.district").await?;
    let by_type = grouped(db, settings, year, "o.org_type").await?;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let (non_filers, _) = non_filers(db, settings, year, p.offset(), PER_PAGE, 0).await?;
    Ok(ParticipationView {
        year,
        target_percent: settings.participation_target,
        non_filer_total: overall.obliged - overall.filed,
        overall,
        by_district,
        by_type,
        non_filers,
        page: p.page,
        per_page: PER_PAGE,
    })
}

/// Obliged organizations without a filed report, by id after `after`.
pub async fn non_filers<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    offset: u64,
    limit: u64,
    after: i64,
) -> Result<(Vec<NonFiler>, Option<i64>), DbErr> {
    let backend = db.get_database_backend();
    let (from_where, mut vals) = obliged_sql(settings, year);
    vals.push(after.into());
    let sql = format!(
        "SELECT o.id AS id, o.name AS name, o.credit_code AS credit_code, o.org_type AS org_type, \
         o.district AS district, r.status AS status {from_where} AND r.first_submitted_at IS NULL AND o.id > ? \
         ORDER BY o.id LIMIT {limit} OFFSET {offset}"
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let org_type: String = r.try_get("", "org_type")?;
        let t = OrgType::parse(&org_type).unwrap_or(OrgType::SocialGroup);
        out.push(NonFiler {
            org_id: r.try_get("", "id")?,
            name: r.try_get("", "name")?,
            credit_code: r.try_get("", "credit_code")?,
            district: r.try_get("", "district")?,
            deadline: settings.report_deadline_for(t, year).to_string(),
            status: r.try_get::<Option<String>>("", "status")?.unwrap_or_else(|| "none".into()),
            org_type,
        });
    }
    let last = out.last().map(|n| n.org_id);
    Ok((out, last))
}

pub const NON_FILER_CSV_HEADER: [&str; 7] = ["统一社会信用代码", "名称", "类型", "区", "年度", "截止日期", "状态"];

/// A batch of the non-filers CSV after the key `after`.
pub async fn non_filers_csv_batch<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (rows, last) = non_filers(db, settings, year, 0, batch, after).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    for n in &rows {
        let t = OrgType::parse(&n.org_type).map(|t| t.zh()).unwrap_or("");
        let status = if n.status == ReportStatus::Draft.as_str() { "草稿未提交" } else { "未填报" };
        w.push([n.credit_code.as_str(), &n.name, t, &n.district, &year.to_string(), &n.deadline, status])?;
    }
    Ok((w.finish()?, last))
}
