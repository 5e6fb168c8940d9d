//! What is read about charities: the disclosures a charity owes and their
//! counts, a charity's detail with its timeline and risk grade, the lists,
//! the CSV exports, the transparency ranking and the overdue disclosures.
//!
//! A charity's disclosure duties are not stored: they follow from its plans'
//! dates and its recognition ([`dues_of`]), so a change or an early
//! termination moves them at once.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};
use entity::{charity, charity_disclosure, charity_plan, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder, Value};

use super::service::{charity_of, credit_counts, qualified_on, COMPLETE_USES_CHARS};
use super::types::*;
use crate::db;
use crate::domain::charity::{self as rules, Disclosures, RiskFacts};
use crate::domain::money;
use crate::error::AppError;

/// The day a plan's campaign ends: its end date, or an earlier termination.
pub fn plan_end(p: &charity_plan::Model) -> NaiveDate {
    p.terminated_on.map(|t| t.min(p.end_on)).unwrap_or(p.end_on)
}

/// Every disclosure a charity owes (its plans' and its annual reports since
/// the year of recognition), with the disclosure that answered each.
pub fn dues_of(
    c: &charity::Model,
    plans: &[charity_plan::Model],
    disclosures: &[charity_disclosure::Model],
    today: NaiveDate,
) -> Vec<DueView> {
    let found = |plan_id: i64, kind: &str, no: i32| {
        disclosures.iter().find(|d| d.plan_id == plan_id && d.kind == kind && d.period_no == no).map(|d| d.disclosed_on)
    };
    let mut out = Vec::new();
    let mut push = |plan_id: i64, filing_no: &str, kind: &str, no: i32, due: NaiveDate| {
        let made = found(plan_id, kind, no);
        out.push(DueView {
            plan_id,
            filing_no: filing_no.to_string(),
            kind: kind.to_string(),
            period_no: no,
            due_on: due.to_string(),
            disclosed_on: made.map(|d| d.to_string()),
            overdue: made.is_none() && today > due,
            key: format!("{plan_id}:{kind}:{no}"),
        });
    };
    for p in plans {
        for d in rules::campaign_dues(p.start_on, plan_end(p)) {
            push(p.id, &p.filing_no, d.kind, d.period_no, d.due_on);
        }
    }
    for y in c.recognized_on.year()..today.year() {
        push(0, "", "annual", y, rules::annual_due(y));
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.plan_id.cmp(&b.plan_id)));
    out
}

/// The counts of the transparency index: the disclosures due by today or
/// already made, how many were made, made on time, and complete.
pub fn counts_of(dues: &[DueView], disclosures: &[charity_disclosure::Model], today: NaiveDate) -> Disclosures {
    let mut c = Disclosures::default();
    let today_s = today.to_string();
    for d in dues {
        if d.disclosed_on.is_none() && d.due_on >= today_s {
            continue;
        }
        c.due += 1;
        if let Some(made) = &d.disclosed_on {
            c.made += 1;
            if made <= &d.due_on {
                c.on_time += 1;
            }
            let complete = disclosures
                .iter()
                .find(|x| x.plan_id == d.plan_id && x.kind == d.kind && x.period_no == d.period_no)
                .is_some_and(|x| x.uses.chars().count() >= COMPLETE_USES_CHARS);
            if complete {
                c.complete += 1;
            }
        }
    }
    c
}

fn disclosure_view(d: &charity_disclosure::Model) -> DisclosureView {
    DisclosureView {
        id: d.id,
        plan_id: d.plan_id,
        kind: d.kind.clone(),
        period_no: d.period_no,
        disclosed_on: d.disclosed_on.to_string(),
        raised_fen: d.raised_fen,
        spent_fen: d.spent_fen,
        cost_fen: d.cost_fen,
        off_plan_fen: d.off_plan_fen,
        uses: d.uses.clone(),
    }
}

fn plan_status(p: &charity_plan::Model, today: NaiveDate) -> &'static str {
    if p.terminated_on.is_some_and(|t| t <= today) {
        "terminated"
    } else if p.start_on > today {
        "upcoming"
    } else if plan_end(p) < today {
        "ended"
    } else {
        "running"
    }
}

async fn changes_of<C: ConnectionTrait>(db: &C, plan_ids: &[i64]) -> Result<HashMap<i64, Vec<PlanChangeView>>, DbErr> {
    let mut out: HashMap<i64, Vec<PlanChangeView>> = HashMap::new();
    if plan_ids.is_empty() {
        return Ok(out);
    }
    let ph = vec!["?"; plan_ids.len()].join(", ");
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT plan_id, kind, changed_on, reason, before_json, after_json FROM charity_plan_change \
                 WHERE plan_id IN ({ph}) ORDER BY id"
            ),
            plan_ids.iter().map(|i| Value::from(*i)).collect(),
        ))
        .await?;
    for r in &rows {
        let before: serde_json::Value =
            serde_json::from_str(&r.try_get::<String>("", "before_json")?).unwrap_or_default();
        let after: serde_json::Value =
            serde_json::from_str(&r.try_get::<String>("", "after_json")?).unwrap_or_default();
        let kind: String = r.try_get("", "kind")?;
        let show = |v: Option<&serde_json::Value>| match v {
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Null) | None => String::new(),
            Some(v) => v.to_string(),
        };
        let fields = match (&before, &after) {
            (serde_json::Value::Object(b), serde_json::Value::Object(a)) if kind != "filed" => a
                .iter()
                .filter(|(k, v)| b.get(*k) != Some(*v))
                .map(|(k, v)| (k.clone(), show(b.get(k)), show(Some(v))))
                .collect(),
            _ => Vec::new(),
        };
        out.entry(r.try_get("", "plan_id")?).or_default().push(PlanChangeView {
            kind,
            changed_on: r.try_get::<NaiveDate>("", "changed_on")?.to_string(),
            reason: r.try_get("", "reason")?,
            fields,
        });
    }
    Ok(out)
}

fn plan_view(
    p: &charity_plan::Model,
    org_name: &str,
    disclosures: &[charity_disclosure::Model],
    changes: Vec<PlanChangeView>,
    today: NaiveDate,
) -> PlanView {
    let mine: Vec<_> = disclosures.iter().filter(|d| d.plan_id == p.id).collect();
    let raised: i64 = mine.iter().map(|d| d.raised_fen).sum();
    let spent: i64 = mine.iter().map(|d| d.spent_fen).sum();
    let cost: i64 = mine.iter().map(|d| d.cost_fen).sum();
    let off: i64 = mine.iter().map(|d| d.off_plan_fen).sum();
    PlanView {
        id: p.id,
        org_id: p.org_id,
        org_name: org_name.to_string(),
        filing_no: p.filing_no.clone(),
        title: p.title.clone(),
        purpose: p.purpose.clone(),
        start_on: p.start_on.to_string(),
        end_on: p.end_on.to_string(),
        region: p.region.clone(),
        method: p.method.clone(),
        platform: p.platform.clone(),
        target_fen: p.target_fen,
        uses: p.uses.clone(),
        beneficiaries: p.beneficiaries.clone(),
        bank_account: p.bank_account.clone(),
        person_in_charge: p.person_in_charge.clone(),
        office_address: p.office_address.clone(),
        cost_budget_fen: p.cost_budget_fen,
        leftover: p.leftover.clone(),
        emergency: p.emergency,
        filed_on: p.filed_on.to_string(),
        terminated_on: p.terminated_on.map(|d| d.to_string()),
        termination_reason: p.termination_reason.clone(),
        version: p.version,
        status: plan_status(p, today).to_string(),
        raised_fen: raised,
        spent_fen: spent,
        cost_fen: cost,
        off_plan: !mine.is_empty() && rules::spending_outside_plan(raised, spent, cost, p.cost_budget_fen, off),
        changes,
        disclosures: mine.into_iter().map(disclosure_view).collect(),
    }
}

pub(crate) fn kind_zh(kind: &str) -> &'static str {
    match kind {
        "periodic" => "定期公开",
        "final" => "结项公开",
        "annual" => "年度报告",
        _ => "",
    }
}

/// The risk facts of a charity and its grade.
async fn risk_of<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    dues: &[DueView],
    plans: &[PlanView],
    today: NaiveDate,
) -> Result<RiskView, DbErr> {
    let (abnormal, serious) = credit_counts(db, org_id).await?;
    let complaints = db::count_from(
        db,
        "FROM charity_complaint WHERE org_id = ? AND received_on > ?",
        vec![org_id.into(), (today - chrono::Days::new(365)).into()],
    )
    .await?;
    let facts = RiskFacts {
        overdue_open: dues.iter().filter(|d| d.overdue).count() as u32,
        spending_outside_plan: plans.iter().filter(|p| p.off_plan).count() as u32,
        abnormal_entries: abnormal,
        serious_entries: serious,
        complaints_year: complaints as u32,
    };
    let (grade, reasons) = rules::risk_grade(facts);
    Ok(RiskView { grade, reasons: reasons.into_iter().map(|(k, n, p)| (k.to_string(), n, p)).collect() })
}

/// A charity's page: qualification, plans with their disclosures and
/// changes, dues, the timeline, the transparency index; for officers also the
/// risk grade and complaints.
pub async fn detail<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    today: NaiveDate,
    officer: bool,
) -> Result<CharityDetail, AppError> {
    let c = charity_of(db, org_id).await?;
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let plans = charity_plan::Entity::find()
        .filter(charity_plan::Column::OrgId.eq(org_id))
        .order_by_desc(charity_plan::Column::StartOn)
        .order_by_desc(charity_plan::Column::Id)
        .all(db)
        .await?;
    let made = charity_disclosure::Entity::find()
        .filter(charity_disclosure::Column::OrgId.eq(org_id))
        .order_by_asc(charity_disclosure::Column::DisclosedOn)
        .order_by_asc(charity_disclosure::Column::Id)
        .all(db)
        .await?;
    let dues = dues_of(&c, &plans, &made, today);
    let counts = counts_of(&dues, &made, today);
    let mut changes = changes_of(db, &plans.iter().map(|p| p.id).collect::<Vec<_>>()).await?;
    let views: Vec<PlanView> =
        plans.iter().map(|p| plan_view(p, &o.name, &made, changes.remove(&p.id).unwrap_or_default(), today)).collect();

    let mut timeline = Vec::new();
    let events = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT kind, event_date, note FROM charity_event WHERE org_id = ? ORDER BY id",
            vec![org_id.into()],
        ))
        .await?;
    for r in &events {
        let kind: String = r.try_get("", "kind")?;
        let note: String = r.try_get("", "note")?;
        timeline.push(TimelineItem {
            date: r.try_get::<NaiveDate>("", "event_date")?.to_string(),
            kind: kind.clone(),
            text: note,
            plan_id: 0,
        });
    }
    for p in &views {
        for ch in &p.changes {
            timeline.push(TimelineItem {
                date: ch.changed_on.clone(),
                kind: format!("plan_{}", ch.kind),
                text: format!(
                    "{} {}{}",
                    p.filing_no,
                    p.title,
                    if ch.reason.is_empty() { String::new() } else { format!("：{}", ch.reason) }
                ),
                plan_id: p.id,
            });
        }
    }
    for d in &made {
        let plan = views.iter().find(|p| p.id == d.plan_id);
        let label = match d.kind.as_str() {
            "annual" => format!("{}年度", d.period_no),
            "periodic" => format!("第{}期", d.period_no),
            _ => String::new(),
        };
        timeline.push(TimelineItem {
            date: d.disclosed_on.to_string(),
            kind: format!("disclosure_{}", d.kind),
            text: format!(
                "{}{}{}：募得 {} 元，支出 {} 元",
                plan.map(|p| format!("{} ", p.filing_no)).unwrap_or_default(),
                label,
                kind_zh(&d.kind),
                money::display_yuan(d.raised_fen),
                money::display_yuan(d.spent_fen)
            ),
            plan_id: d.plan_id,
        });
    }
    timeline.sort_by(|a, b| b.date.cmp(&a.date));

    let (risk, complaints) = if officer {
        let risk = risk_of(db, org_id, &dues, &views, today).await?;
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT received_on, summary FROM charity_complaint WHERE org_id = ? ORDER BY received_on DESC, id DESC",
                vec![org_id.into()],
            ))
            .await?;
        let complaints = rows
            .iter()
            .map(|r| {
                Ok(ComplaintView {
                    received_on: r.try_get::<NaiveDate>("", "received_on")?.to_string(),
                    summary: r.try_get("", "summary")?,
                })
            })
            .collect::<Result<Vec<_>, DbErr>>()?;
        (Some(risk), complaints)
    } else {
        (None, Vec::new())
    };
    Ok(CharityDetail {
        org_id,
        name: o.name,
        credit_code: o.credit_code,
        org_type: o.org_type,
        district: o.district,
        legal_rep: o.legal_rep,
        registration_date: o.registration_date.to_string(),
        recognized_on: c.recognized_on.to_string(),
        recognition_note: c.recognition_note.clone(),
        qualified: qualified_on(&c, today),
        qualified_on: c.qualified_on.map(|d| d.to_string()),
        certificate_no: c.certificate_no.clone(),
        withdrawn_on: c.withdrawn_on.map(|d| d.to_string()),
        withdraw_reason: c.withdraw_reason.clone(),
        plans: views,
        annual: made.iter().filter(|d| d.kind == "annual").map(disclosure_view).collect(),
        dues,
        timeline,
        transparency: rules::transparency_index(counts),
        counts: (counts.due, counts.made, counts.on_time, counts.complete),
        risk,
        complaints,
    })
}

/// The charity page of an organization user (no charity yet: only the name).
pub async fn portal(db: &DatabaseConnection, org_id: i64, today: NaiveDate) -> Result<PortalCharity, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let detail = match detail(db, org_id, today, false).await {
        Ok(d) => Some(d),
        Err(AppError::NotFound) => None,
        Err(e) => return Err(e),
    };
    Ok(PortalCharity { org_name: o.name, detail })
}

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

/// A batch of the public list for the CSV export (keyset on the organization id).
pub async fn csv_batch<C: ConnectionTrait>(
    db: &C,
    f: &CharityFilter,
    today: NaiveDate,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let (from_where, mut vals) = list_where(f);
    vals.push(after.into());
    let sql = format!("SELECT c.org_id AS org_id, o.name AS name, o.credit_code AS code {from_where} AND c.org_id > ? ORDER BY c.org_id LIMIT {batch}");
    let rows = db.query_all_raw(db::stmt(db.get_database_backend(), &sql, vals)).await?;
    let ids: Vec<i64> = rows.iter().map(|r| r.try_get::<i64>("", "org_id")).collect::<Result<_, _>>()?;
    let (charities, plans, made) = load(db, Some(&ids)).await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    for r in &rows {
        let id: i64 = r.try_get("", "org_id")?;
        last = Some(id);
        let Some(c) = charities.iter().find(|c| c.org_id == id) else { continue };
        let p = plans.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let m = made.get(&id).map(Vec::as_slice).unwrap_or(&[]);
        let index = rules::transparency_index(counts_of(&dues_of(c, p, m, today), m, today));
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            c.recognized_on.to_string(),
            if qualified_on(c, today) { "有".to_string() } else { "无".to_string() },
            c.certificate_no.clone().unwrap_or_default(),
            p.len().to_string(),
            index.map(|i| i.to_string()).unwrap_or_default(),
        ])?;
    }
    Ok((w.finish()?, last))
}

/// The transparency ranking: every charity with something due, best first
/// (ties by name). Computed from all plans and disclosures at once.
pub async fn ranked<C: ConnectionTrait>(db: &C, today: NaiveDate) -> Result<Vec<RankRow>, DbErr> {
    let (charities, plans, made) = load(db, None).await?;
    let names: HashMap<i64, String> = {
        let rows = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT o.id AS id, o.name AS name FROM charity c JOIN organization o ON o.id = c.org_id",
                vec![],
            ))
            .await?;
        rows.iter().map(|r| Ok((r.try_get("", "id")?, r.try_get("", "name")?))).collect::<Result<_, DbErr>>()?
    };
    let mut rows: Vec<RankRow> = charities
        .iter()
        .filter_map(|c| {
            let p = plans.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
            let m = made.get(&c.org_id).map(Vec::as_slice).unwrap_or(&[]);
            let counts = counts_of(&dues_of(c, p, m, today), m, today);
            rules::transparency_index(counts).map(|index| RankRow {
                rank: 0,
                org_id: c.org_id,
                name: names.get(&c.org_id).cloned().unwrap_or_default(),
                index,
                due: counts.due,
                made: counts.made,
                on_time: counts.on_time,
                complete: counts.complete,
            })
        })
        .collect();
    rows.sort_by(|a, b| b.index.cmp(&a.index).then(a.name.cmp(&b.name)));
    let mut rank = 0;
    let mut prev = None;
    for (i, r) in rows.iter_mut().enumerate() {
        if prev != Some(r.index) {
            rank = i as u64 + 1;
            prev = Some(r.index);
        }
        r.rank = rank;
    }
    Ok(rows)
}

/// A page of the transparency ranking.
pub async fn ranking<C: ConnectionTrait>(db: &C, page: u64, today: NaiveDate) -> Result<RankingPage, AppError> {
    let rows = ranked(db, today).await?;
    let total = rows.len() as u64;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let rows = rows.into_iter().skip(p.offset_usize()).take(PER_PAGE as usize).collect();
    Ok(RankingPage { rows, total, page: p.page, per_page: PER_PAGE })
}

pub const RANKING_CSV_HEADER: [&str; 7] = ["名次", "名称", "透明指数", "应公开", "已公开", "按时公开", "内容完整"];

/// The whole ranking as CSV: it is computed in memory, so the export is one
/// batch (`after` 0 gives the rows, any other value ends the download).
pub async fn ranking_csv_batch<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
    after: i64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    if after != 0 {
        return Ok((Vec::new(), None));
    }
    let mut w = crate::kernel::csv::CsvRows::new();
    for r in ranked(db, today).await? {
        w.push([
            r.rank.to_string(),
            r.name,
            r.index.to_string(),
            r.due.to_string(),
            r.made.to_string(),
            r.on_time.to_string(),
            r.complete.to_string(),
        ])?;
    }
    Ok((w.finish()?, Some(1)))
}

/// Overdue disclosures detected by the daily job and not yet made, oldest first.
pub async fn overdue<C: ConnectionTrait>(db: &C, page: u64, today: NaiveDate) -> Result<OverduePage, AppError> {
    let from =
        "FROM charity_overdue v JOIN organization o ON o.id = v.org_id LEFT JOIN charity_plan p ON p.id = v.plan_id \
                WHERE v.resolved_on IS NULL";
    let total = db::count_from(db, from, vec![]).await? as u64;
    let p = crate::domain::paging::Paging::new(page, PER_PAGE);
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT v.org_id AS org_id, o.name AS name, p.filing_no AS filing_no, v.kind AS kind, v.period_no AS period_no, \
                 v.due_on AS due_on, v.detected_on AS detected_on {from} ORDER BY v.due_on, v.id {}",
                p.limit_offset()
            ),
            vec![],
        ))
        .await?;
    let rows = rows
        .iter()
        .map(|r| {
            let due: NaiveDate = r.try_get("", "due_on")?;
            Ok(OverdueRow {
                org_id: r.try_get("", "org_id")?,
                name: r.try_get("", "name")?,
                filing_no: r.try_get::<Option<String>>("", "filing_no")?.unwrap_or_default(),
                kind: r.try_get("", "kind")?,
                period_no: r.try_get("", "period_no")?,
                due_on: due.to_string(),
                detected_on: r.try_get::<NaiveDate>("", "detected_on")?.to_string(),
                days: (today - due).num_days(),
            })
        })
        .collect::<Result<Vec<_>, DbErr>>()?;
    Ok(OverduePage { rows, total, page: p.page, per_page: PER_PAGE })
}

pub const OVERDUE_CSV_HEADER: [&str; 6] =
    ["统一社会信用代码", "名称", "募捐方案备案编号", "应公开事项", "公开期限", "发现日期"];

/// A batch of the open overdue disclosures for the CSV export (keyset on the row id).
pub async fn overdue_csv_batch<C: ConnectionTrait>(
    db: &C,
    after: i64,
    batch: u64,
) -> Result<(Vec<u8>, Option<i64>), DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            &format!(
                "SELECT v.id AS id, o.credit_code AS code, o.name AS name, p.filing_no AS filing_no, v.kind AS kind, \
                 v.period_no AS period_no, v.due_on AS due_on, v.detected_on AS detected_on FROM charity_overdue v \
                 JOIN organization o ON o.id = v.org_id LEFT JOIN charity_plan p ON p.id = v.plan_id \
                 WHERE v.resolved_on IS NULL AND v.id > ? ORDER BY v.id LIMIT {batch}"
            ),
            vec![after.into()],
        ))
        .await?;
    let mut w = crate::kernel::csv::CsvRows::new();
    let mut last = None;
    for r in &rows {
        last = Some(r.try_get::<i64>("", "id")?);
        let kind: String = r.try_get("", "kind")?;
        let no: i32 = r.try_get("", "period_no")?;
        let what = match kind.as_str() {
            "periodic" => format!("第{no}期{}", kind_zh(&kind)),
            "annual" => format!("{no}年度{}", kind_zh(&kind)),
            _ => kind_zh(&kind).to_string(),
        };
        w.push([
            r.try_get::<String>("", "code")?,
            r.try_get::<String>("", "name")?,
            r.try_get::<Option<String>>("", "filing_no")?.unwrap_or_default(),
            what,
            r.try_get::<NaiveDate>("", "due_on")?.to_string(),
            r.try_get::<NaiveDate>("", "detected_on")?.to_string(),
        ])?;
    }
    Ok((w.finish()?, last))
}
