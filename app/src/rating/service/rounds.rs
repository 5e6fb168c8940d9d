//! Rating rounds, and their applications' list and CSV.

use super::*;

pub(super) fn round_view(r: &rating_round::Model, applications: u64, today: NaiveDate) -> RoundView {
    RoundView {
        id: r.id,
        year: r.year,
        title: r.title.clone(),
        org_types: r.org_types.split(',').filter(|s| !s.is_empty()).map(str::to_string).collect(),
        apply_from: r.apply_from.to_string(),
        apply_to: r.apply_to.to_string(),
        notice_days: r.notice_days,
        open: r.apply_from <= today && today <= r.apply_to,
        applications,
    }
}

pub(super) async fn round_of<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<RoundView, AppError> {
    let r = rating_round::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let n = count(db, "SELECT COUNT(*) AS n FROM rating_application WHERE round_id = ?", vec![id.into()]).await?;
    Ok(round_view(&r, n, today))
}

/// Every round, newest first (a bureau opens one or two a year).
pub async fn rounds<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<RoundView>, AppError> {
    let list = rating_round::Entity::find().order_by_desc(rating_round::Column::Id).all(db).await?;
    let mut out = Vec::with_capacity(list.len());
    for r in &list {
        let n = count(db, "SELECT COUNT(*) AS n FROM rating_application WHERE round_id = ?", vec![r.id.into()]).await?;
        out.push(round_view(r, n, today));
    }
    Ok(out)
}

/// Opens a round after checking every field.
pub async fn open_round(db: &DatabaseConnection, actor: &Actor, input: &RoundInput) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let year = input.year.trim().parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    if year.is_none() {
        e.add("year", "err_rate_year");
    }
    e.required("title", &input.title);
    e.line("title", &input.title, 100);
    let mut types: Vec<&str> = Vec::new();
    for t in input.org_types.keys() {
        match OrgType::parse(t) {
            Some(t) if !types.contains(&t.as_str()) => types.push(t.as_str()),
            Some(_) => {}
            None => e.add("org_types", "err_invalid_choice"),
        }
    }
    if types.is_empty() && input.org_types.is_empty() {
        e.add("org_types", "err_rate_org_types");
    }
    let from = e.date("apply_from", &input.apply_from);
    let to = e.date("apply_to", &input.apply_to);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.add("apply_to", "err_rate_window");
        }
    }
    let notice_days = input.notice_days.trim().parse::<i32>().ok().filter(|d| (5..=30).contains(d));
    if notice_days.is_none() {
        e.add("notice_days", "err_rate_notice_days");
    }
    e.into_result()?;
    let (Some(year), Some(from), Some(to), Some(notice_days)) = (year, from, to, notice_days) else {
        return Err(AppError::Internal);
    };
    let txn = db::begin_write(db).await?;
    let r = rating_round::ActiveModel {
        year: Set(year),
        title: Set(input.title.trim().to_string()),
        org_types: Set(types.join(",")),
        apply_from: Set(from),
        apply_to: Set(to),
        notice_days: Set(notice_days),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_round_open",
            entity: "rating_round",
            entity_id: r.id.to_string(),
            before: None,
            after: Some(json!({"year": year, "title": r.title, "org_types": r.org_types, "from": from, "to": to})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(r.id)
}

pub(super) fn apps_where(f: &AppFilter) -> (String, Vec<Value>) {
    let mut sql = String::from(
        "FROM rating_application a JOIN organization o ON o.id = a.org_id JOIN rating_round r ON r.id = a.round_id WHERE 1 = 1",
    );
    let mut vals: Vec<Value> = Vec::new();
    if f.round_id != 0 {
        sql.push_str(" AND a.round_id = ?");
        vals.push(f.round_id.into());
    }
    if !f.status.is_empty() {
        sql.push_str(" AND a.status = ?");
        vals.push(f.status.clone().into());
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.credit_code LIKE ? ESCAPE '!')");
        vals.push(like(&f.q).into());
        vals.push(like(&f.q).into());
    }
    (sql, vals)
}

/// A round's applications, filtered and paginated.
pub async fn round_page<C: ConnectionTrait>(db: &C, f: &AppFilter, today: NaiveDate) -> Result<RoundPage, AppError> {
    let round = round_of(db, f.round_id, today).await?;
    let (from_where, vals) = apps_where(f);
    let total = count(db, &format!("SELECT COUNT(*) AS n {from_where}"), vals.clone()).await?;
    let p = crate::domain::paging::Paging::new(f.page, PER_PAGE);
    let sql = format!(
        "SELECT a.id AS id, a.org_id AS org_id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, \
         a.status AS status, a.self_score AS self_score, a.final_score AS final_score, a.grade AS grade \
         {from_where} ORDER BY a.id {}",
        p.limit_offset()
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let rows = rows
        .iter()
        .map(|r| {
            Ok(AppRow {
                id: r.try_get("", "id")?,
                org_id: r.try_get("", "org_id")?,
                org_name: r.try_get("", "name")?,
                credit_code: r.try_get("", "code")?,
                org_type: r.try_get("", "org_type")?,
                status: r.try_get("", "status")?,
                self_score: r.try_get("", "self_score")?,
                final_score: r.try_get("", "final_score")?,
                grade: r.try_get("", "grade")?,
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(RoundPage { round, rows, total, page: p.page, per_page: PER_PAGE })
}

pub const APPS_CSV_HEADER: [&str; 8] =
    ["统一社会信用代码", "名称", "类型", "状态", "自评分", "评估得分", "等级", "评估年度"];

/// A batch of a round's applications as CSV rows, after application id `after`.
pub async fn apps_csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &AppFilter,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, mut vals) = apps_where(f);
    vals.push(after.into());
    let sql = format!(
        "SELECT a.id AS id, o.name AS name, o.credit_code AS code, o.org_type AS org_type, a.status AS status, \
         a.self_score AS self_score, a.final_score AS final_score, a.grade AS grade, r.year AS year \
         {from_where} AND a.id > ? ORDER BY a.id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let t: String = r.try_get("", "org_type")?;
        let status: String = r.try_get("", "status")?;
        let score: Option<i32> = r.try_get("", "final_score")?;
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            OrgType::parse(&t).map(|t| t.zh()).unwrap_or("").to_string(),
            status_zh(&status).to_string(),
            r.try_get::<i32>("", "self_score")?.to_string(),
            score.map(|s| rules::show_score(s as u32)).unwrap_or_default(),
            r.try_get::<Option<String>>("", "grade")?.unwrap_or_default(),
            r.try_get::<i32>("", "year")?.to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}

pub fn status_zh(s: &str) -> &'static str {
    crate::i18n::coded(crate::i18n::Lang::Zh, "rate_status_", s, "not_rated")
}
