//! Granted grades: lists (public and officers'), the certificate, downgrade
//! and cancellation on the events the rules name, the KPIs, the CSV export,
//! and the experts' register with their exclusions.

use crate::domain::paging::Paging;
use chrono::{Datelike, Months, NaiveDate, Utc};
use entity::{organization, rating_change, rating_grade};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    Set, Value,
};
use serde_json::json;

use super::mails::{GradeCancelled, GradeLowered};
use super::service::like;
use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::org_type::OrgType;
use crate::domain::rating::{self as rules, Grade};
use crate::error::{AppError, Errors};
use crate::mail::service::mail_org;
use crate::state::Settings;

/// The status a grade shows on `today`: an active grade past its validity is expired.
pub fn shown_status(status: &str, valid_to: NaiveDate, today: NaiveDate) -> String {
    if status == "active" && rules::expired(valid_to, today) {
        "expired".into()
    } else {
        status.to_string()
    }
}

pub async fn grade_view<C: ConnectionTrait>(
    db: &C,
    g: &rating_grade::Model,
    o: &organization::Model,
    today: NaiveDate,
) -> Result<GradeView, DbErr> {
    let changes = rating_change::Entity::find()
        .filter(rating_change::Column::GradeId.eq(g.id))
        .order_by_asc(rating_change::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|c| ChangeView {
            kind: c.kind,
            event: c.event,
            event_date: c.event_date.to_string(),
            reason: c.reason,
            from_grade: c.from_grade,
            to_grade: c.to_grade,
        })
        .collect();
    Ok(GradeView {
        id: g.id,
        org_id: o.id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        district: o.district.clone(),
        grade: g.grade.clone(),
        granted_grade: g.granted_grade.clone(),
        score: g.score,
        announced_on: g.announced_on.to_string(),
        valid_from: g.valid_from.to_string(),
        valid_to: g.valid_to.to_string(),
        status: shown_status(&g.status, g.valid_to, today),
        certificate_no: g.certificate_no.clone(),
        changes,
    })
}

/// One grade with its organization and changes.
pub async fn grade<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<GradeView, AppError> {
    let g = rating_grade::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let o = organization::Entity::find_by_id(g.org_id).one(db).await?.ok_or(AppError::NotFound)?;
    Ok(grade_view(db, &g, &o, today).await?)
}

/// `FROM … WHERE …` of a grade list. The public list shows grades in force
/// only; officers see every grade, or those expiring within six months.
fn grades_where(f: &GradeFilter, public: bool, today: NaiveDate) -> (String, Vec<Value>) {
    let mut sql = String::from("FROM rating_grade g JOIN organization o ON o.id = g.org_id WHERE 1 = 1");
    let mut vals: Vec<Value> = Vec::new();
    if public || f.scope == "in_force" || f.scope == "expiring" {
        sql.push_str(" AND g.status = 'active' AND g.valid_to >= ?");
        vals.push(today.into());
    }
    if f.scope == "expiring" {
        sql.push_str(" AND g.valid_to <= ?");
        vals.push((today + Months::new(rules::EXPIRY_NOTICE_MONTHS)).into());
    }
    if Grade::parse(&f.grade).is_some() {
        sql.push_str(" AND g.grade = ?");
        vals.push(f.grade.trim().to_string().into());
    }
    if !f.q.trim().is_empty() {
        sql.push_str(" AND (o.name LIKE ? ESCAPE '!' OR o.credit_code LIKE ? ESCAPE '!')");
        vals.push(like(&f.q).into());
        vals.push(like(&f.q).into());
    }
    (sql, vals)
}

async fn ids<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<i64>, DbErr> {
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), sql, vals)).await?;
    rows.iter().map(|r| r.try_get::<i64>("", "id")).collect()
}

async fn views<C: ConnectionTrait>(db: &C, ids: &[i64], today: NaiveDate) -> Result<Vec<GradeView>, DbErr> {
    let grades = rating_grade::Entity::find().filter(rating_grade::Column::Id.is_in(ids.to_vec())).all(db).await?;
    let org_ids: Vec<i64> = grades.iter().map(|g| g.org_id).collect();
    let orgs = db::orgs_by_id(db, org_ids).await?;
    let mut out = Vec::with_capacity(ids.len());
    for id in ids {
        let Some(g) = grades.iter().find(|g| g.id == *id) else { continue };
        let Some(o) = orgs.get(&g.org_id) else { continue };
        out.push(grade_view(db, g, o, today).await?);
    }
    Ok(out)
}

/// A page of grades: highest grade first, then by name.
pub async fn grades<C: ConnectionTrait>(
    db: &C,
    f: &GradeFilter,
    public: bool,
    today: NaiveDate,
) -> Result<GradePage, AppError> {
    let (from_where, vals) = grades_where(f, public, today);
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let order = if f.scope == "expiring" { "g.valid_to, g.id" } else { "g.grade DESC, o.name, g.id" };
    let p = Paging::new(f.page, PER_PAGE);
    let sql = format!("SELECT g.id AS id {from_where} ORDER BY {order} {}", p.limit_offset());
    let list = ids(db, &sql, vals).await?;
    Ok(GradePage { rows: views(db, &list, today).await?, total: total as u64, page: p.page, per_page: PER_PAGE })
}

/// A grade as the open data API and the grade lists' CSV give it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OpenGrade {
    /// The grade's number: the order of the export and the cursor.
    pub id: i64,
    /// 统一社会信用代码.
    pub credit_code: String,
    pub name: String,
    /// `social_group` (社会团体), `social_service` (社会服务机构) or `foundation` (基金会).
    pub org_type: String,
    pub district: String,
    /// `1A` to `5A`.
    pub grade: String,
    /// YYYY-MM-DD.
    pub valid_from: String,
    /// YYYY-MM-DD.
    pub valid_to: String,
    pub certificate_no: String,
}

impl crate::kernel::csv::Record for OpenGrade {
    fn key(&self) -> i64 {
        self.id
    }

    fn cells(&self) -> Vec<String> {
        vec![
            self.credit_code.clone(),
            self.name.clone(),
            OrgType::parse(&self.org_type).map(|t| t.zh()).unwrap_or("").to_string(),
            self.district.clone(),
            self.grade.clone(),
            self.valid_from.clone(),
            self.valid_to.clone(),
            self.certificate_no.clone(),
        ]
    }
}

/// The grades the filter selects after grade id `after` (`public`: those in
/// force), at most `batch`, in id order, and the last id read.
pub async fn grades_after<C: ConnectionTrait>(
    db: &C,
    f: &GradeFilter,
    public: bool,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<OpenGrade>, Option<i64>), DbErr> {
    let (from_where, mut vals) = grades_where(f, public, today);
    vals.push(after.into());
    let sql = format!(
        "SELECT g.id AS id, o.credit_code AS code, o.name AS name, o.org_type AS org_type, o.district AS district, \
         g.grade AS grade, g.valid_from AS vf, g.valid_to AS vt, g.certificate_no AS cert \
         {from_where} AND g.id > ? ORDER BY g.id LIMIT {batch}"
    );
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        out.push(OpenGrade {
            id: r.try_get("", "id")?,
            credit_code: r.try_get("", "code")?,
            name: r.try_get("", "name")?,
            org_type: r.try_get("", "org_type")?,
            district: r.try_get("", "district")?,
            grade: r.try_get("", "grade")?,
            valid_from: r.try_get::<NaiveDate>("", "vf")?.to_string(),
            valid_to: r.try_get::<NaiveDate>("", "vt")?.to_string(),
            certificate_no: r.try_get("", "cert")?,
        });
    }
    let last = out.last().map(|g| g.id);
    Ok((out, last))
}

/// Lowers a grade in force by one grade (failing the annual inspection, an
/// administrative penalty, listing on the serious list) or cancels it (fraud,
/// serious violations), with the event's date and the reason. A failed
/// inspection must be on file as an `unqualified` annual-report conclusion.
pub async fn change_grade(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    grade_id: i64,
    input: &ChangeInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let known =
        rules::DOWNGRADE_EVENTS.contains(&input.event.as_str()) || rules::CANCEL_EVENTS.contains(&input.event.as_str());
    if !known {
        e.choice("event", &input.event);
    }
    let event_date = e.past_date("event_date", &input.event_date, today);
    let reason = input.reason.trim();
    e.required("reason", reason);
    e.max_len("reason", reason, super::service::MAX_TEXT);
    e.into_result()?;
    let event_date = event_date.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let g = rating_grade::Entity::find_by_id(grade_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if g.status != "active" || rules::expired(g.valid_to, today) {
        return Err(AppError::Conflict("err_rate_grade_not_in_force".into()));
    }
    let o = organization::Entity::find_by_id(g.org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if input.event == "failed_inspection" {
        let failed = txn
            .query_one_raw(db::stmt(
                txn.get_database_backend(),
                "SELECT COUNT(*) AS n FROM annual_report WHERE org_id = ? AND status = 'concluded' AND conclusion = 'unqualified'",
                vec![o.id.into()],
            ))
            .await?
            .map(|r| r.try_get::<i64>("", "n"))
            .transpose()?
            .unwrap_or(0);
        if failed == 0 {
            return Err(AppError::field("event", "err_rate_no_failed_inspection"));
        }
    }
    let recorded = rating_change::Entity::find()
        .filter(rating_change::Column::GradeId.eq(g.id))
        .filter(rating_change::Column::Event.eq(input.event.clone()))
        .filter(rating_change::Column::EventDate.eq(event_date))
        .one(&txn)
        .await?;
    if recorded.is_some() {
        // One event lowers a grade once, however often it is reported.
        return Err(AppError::Conflict("err_rate_change_recorded".into()));
    }
    let current = Grade::parse(&g.grade).ok_or(AppError::Internal)?;
    let to = rules::after_event(current, &input.event).ok_or(AppError::Internal)?;
    let kind = if to.is_some() { "downgrade" } else { "cancel" };
    let now = Utc::now();
    rating_change::ActiveModel {
        grade_id: Set(g.id),
        kind: Set(kind.into()),
        event: Set(input.event.clone()),
        event_date: Set(event_date),
        reason: Set(reason.to_string()),
        from_grade: Set(g.grade.clone()),
        to_grade: Set(to.map(|t| t.as_str().to_string())),
        actor_id: Set(actor.id),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let from = g.grade.clone();
    let mut am: rating_grade::ActiveModel = g.into();
    match to {
        Some(t) => am.grade = Set(t.as_str().to_string()),
        None => am.status = Set("cancelled".into()),
    }
    am.updated_at = Set(now);
    am.update(&txn).await?;
    let (bureau, org, date, why) =
        (settings.bureau_name.clone(), o.name.clone(), event_date.to_string(), reason.to_string());
    match to {
        Some(t) => {
            let letter =
                GradeLowered { bureau, org, from: from.clone(), to: t.as_str().to_string(), date, reason: why };
            mail_org(&txn, &o, &letter).await?;
        }
        None => mail_org(&txn, &o, &GradeCancelled { bureau, org, date, reason: why }).await?,
    }
    audit::record(
        &txn,
        actor,
        Entry {
            action: if to.is_some() { "rating_downgrade" } else { "rating_cancel" },
            entity: "rating_grade",
            entity_id: grade_id.to_string(),
            before: Some(json!({"grade": from})),
            after: Some(
                json!({"grade": to.map(|t| t.as_str()), "event": input.event, "date": event_date, "reason": reason}),
            ),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Rating KPIs of `today`'s year: coverage (organizations with a grade in
/// force ÷ those registered two full years), share of 3A and above among
/// them, and 4A+ grades granted this year.
pub async fn kpi<C: ConnectionTrait>(db: &C, settings: &Settings, today: NaiveDate) -> Result<KpiView, DbErr> {
    let backend = db.get_database_backend();
    let two_years_ago = today - Months::new(12 * rules::MIN_YEARS_REGISTERED);
    let n = |r: Option<sea_orm::QueryResult>, col: &str| -> Result<u64, DbErr> {
        Ok(r.map(|r| r.try_get::<Option<i64>>("", col)).transpose()?.flatten().unwrap_or(0) as u64)
    };
    let eligible = n(
        db.query_one_raw(db::stmt(
            backend,
            "SELECT COUNT(*) AS n FROM organization WHERE status = 'active' AND registration_date <= ?",
            vec![two_years_ago.into()],
        ))
        .await?,
        "n",
    )?;
    let rows = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT g.grade AS grade, COUNT(*) AS n FROM rating_grade g JOIN organization o ON o.id = g.org_id \
             WHERE g.status = 'active' AND g.valid_to >= ? AND o.status = 'active' GROUP BY g.grade",
            vec![today.into()],
        ))
        .await?;
    let mut by_grade: Vec<(String, u64)> = Grade::ALL.iter().map(|g| (g.as_str().to_string(), 0)).collect();
    for r in &rows {
        let g: String = r.try_get("", "grade")?;
        let c = r.try_get::<i64>("", "n")? as u64;
        if let Some(slot) = by_grade.iter_mut().find(|(x, _)| *x == g) {
            slot.1 = c;
        }
    }
    let rated = by_grade.iter().map(|(_, c)| c).sum();
    let top = by_grade.iter().filter(|(g, _)| Grade::parse(g).is_some_and(|g| g >= Grade::A3)).map(|(_, c)| c).sum();
    let (year_start, year_end) = crate::domain::dashboard::year_bounds(today.year());
    let new_top = n(
        db.query_one_raw(db::stmt(
            backend,
            "SELECT COUNT(*) AS n FROM rating_grade WHERE granted_grade IN ('4A', '5A') AND announced_on >= ? \
             AND announced_on <= ?",
            vec![year_start.into(), year_end.into()],
        ))
        .await?,
        "n",
    )?;
    Ok(KpiView {
        year: today.year(),
        eligible,
        rated,
        top,
        new_top,
        coverage_target: settings.rating_coverage_target,
        top_share_target: settings.rating_top_share_target,
        new_top_target: settings.rating_new_top_target,
        by_grade,
    })
}

/// The experts' register: accounts with the role `expert`, their affiliation
/// and the organizations they are excluded from.
pub async fn experts<C: ConnectionTrait>(db: &C, q: &str, page: u64) -> Result<ExpertPage, AppError> {
    let backend = db.get_database_backend();
    let mut from_where =
        String::from("FROM app_user u LEFT JOIN rating_expert x ON x.user_id = u.id WHERE u.role = 'expert'");
    let mut vals: Vec<Value> = Vec::new();
    if !q.trim().is_empty() {
        from_where.push_str(" AND (u.display_name LIKE ? ESCAPE '!' OR u.username LIKE ? ESCAPE '!' OR x.affiliation LIKE ? ESCAPE '!')");
        for _ in 0..3 {
            vals.push(like(q).into());
        }
    }
    let total = db::count_from(db, &from_where, vals.clone()).await?;
    let p = Paging::new(page, PER_PAGE);
    let sql = format!(
        "SELECT u.id AS id, u.username AS username, u.display_name AS name, COALESCE(x.affiliation, '') AS affiliation, \
         u.active AS active {from_where} ORDER BY u.id {}",
        p.limit_offset()
    );
    let rows = db.query_all_raw(db::stmt(backend, &sql, vals)).await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        let ex = db
            .query_all_raw(db::stmt(
                backend,
                "SELECT o.name AS name, e.reason AS reason FROM rating_exclusion e JOIN organization o ON o.id = e.org_id \
                 WHERE e.expert_id = ? ORDER BY o.name",
                vec![id.into()],
            ))
            .await?
            .iter()
            .map(|r| Ok((r.try_get::<String>("", "name")?, r.try_get::<String>("", "reason")?)))
            .collect::<Result<Vec<_>, DbErr>>()?;
        out.push(ExpertRow {
            id,
            username: r.try_get("", "username")?,
            name: r.try_get("", "name")?,
            affiliation: r.try_get("", "affiliation")?,
            active: r.try_get::<bool>("", "active")?,
            exclusions: ex,
        });
    }
    Ok(ExpertPage { rows: out, total: total as u64, page: p.page, per_page: PER_PAGE })
}

async fn expert_exists<C: ConnectionTrait>(db: &C, id: i64) -> Result<bool, DbErr> {
    Ok(db
        .query_one_raw(db::stmt(
            db.get_database_backend(),
            "SELECT id FROM app_user WHERE id = ? AND role = 'expert'",
            vec![id.into()],
        ))
        .await?
        .is_some())
}

/// Records an expert's work unit (an expert never scores that organization,
/// nor an organization whose supervisory unit it is).
pub async fn set_affiliation(db: &DatabaseConnection, actor: &Actor, input: &ExpertInput) -> Result<(), AppError> {
    let affiliation = input.affiliation.trim();
    let mut e = Errors::default();
    e.required("affiliation", affiliation);
    e.line("affiliation", affiliation, 100);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    if !expert_exists(&txn, input.expert_id).await? {
        return Err(AppError::field("expert_id", "err_rate_not_expert"));
    }
    db::exec(&txn, "DELETE FROM rating_expert WHERE user_id = ?", vec![input.expert_id.into()]).await?;
    db::exec(
        &txn,
        "INSERT INTO rating_expert (user_id, affiliation, updated_at) VALUES (?, ?, ?)",
        vec![input.expert_id.into(), affiliation.into(), Utc::now().into()],
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_expert_affiliation",
            entity: "app_user",
            entity_id: input.expert_id.to_string(),
            before: None,
            after: Some(json!({"affiliation": affiliation})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Excludes an expert from an organization for good (declared conflict,
/// former member, its supervisory unit). From then on the expert can neither
/// be put on its panel nor open or submit its sheet; an officer replaces them
/// on a panel already assigned.
pub async fn add_exclusion(db: &DatabaseConnection, actor: &Actor, input: &ExclusionInput) -> Result<(), AppError> {
    let mut e = Errors::default();
    if !EXCLUSION_REASONS.contains(&input.reason.as_str()) {
        e.choice("reason", &input.reason);
    }
    e.required("credit_code", &input.credit_code);
    e.line("credit_code", &input.credit_code, 40);
    e.max_len("note", &input.note, 500);
    let txn = db::begin_write(db).await?;
    if !expert_exists(&txn, input.expert_id).await? {
        e.add("expert_id", "err_rate_not_expert");
    }
    let code = crate::domain::credit_code::normalize(&input.credit_code);
    let o = organization::Entity::find().filter(organization::Column::CreditCode.eq(code)).one(&txn).await?;
    if o.is_none() && !input.credit_code.trim().is_empty() {
        e.add("credit_code", "err_org_not_found");
    }
    e.into_result()?;
    let o = o.ok_or(AppError::Internal)?;
    db::exec(
        &txn,
        "DELETE FROM rating_exclusion WHERE expert_id = ? AND org_id = ?",
        vec![input.expert_id.into(), o.id.into()],
    )
    .await?;
    db::exec(
        &txn,
        "INSERT INTO rating_exclusion (expert_id, org_id, reason, note, created_at) VALUES (?, ?, ?, ?, ?)",
        vec![
            input.expert_id.into(),
            o.id.into(),
            input.reason.clone().into(),
            input.note.trim().into(),
            Utc::now().into(),
        ],
    )
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_exclusion",
            entity: "app_user",
            entity_id: input.expert_id.to_string(),
            before: None,
            after: Some(json!({"org_id": o.id, "reason": input.reason, "note": input.note.trim()})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
