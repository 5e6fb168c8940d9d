//! Measures computed from the records, the year's targets, the daily
//! snapshot, the year-end statistics and the public statistics.
//!
//! Shares of organizations read the tallies the database triggers keep
//! (`org_tally`, `filing_tally`, `governance_tally`, see migration 10) and
//! add the few records a tally cannot settle (the month of a cut-off date,
//! organizations that left after a deadline, listed organizations), so the
//! dashboard never reads the whole register. [`tally_check`] recounts the
//! tallies from the records.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, QueryResult, Value};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db::{self, count};
use crate::domain::dashboard::{self as rules, Measure, Share, TallyRow, Unit};
use crate::domain::money::format_yuan;
use crate::domain::org_type::OrgType;
use crate::domain::rating::{self as rating_rules, Grade};
use crate::error::{AppError, Errors};
use crate::registry::service::stamp;
use crate::state::Settings;

type Key = (String, String);

async fn rows<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(db::stmt(db.get_database_backend(), sql, vals)).await
}

/// Counts grouped by `district` and `org_type` (an `n` column).
async fn by_key<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<BTreeMap<Key, u64>, DbErr> {
    let mut out = BTreeMap::new();
    for r in rows(db, sql, vals).await? {
        let k = (r.try_get::<String>("", "district")?, r.try_get::<String>("", "org_type")?);
        *out.entry(k).or_default() += r.try_get::<i64>("", "n")? as u64;
    }
    Ok(out)
}

async fn tally<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<TallyRow>, DbErr> {
    rows(db, sql, vals)
        .await?
        .iter()
        .map(|r| {
            Ok(TallyRow {
                status: r.try_get("", "status")?,
                org_type: r.try_get("", "org_type")?,
                district: r.try_get("", "district")?,
                month: r.try_get("", "month")?,
                n: r.try_get::<i64>("", "n")? as u64,
            })
        })
        .collect()
}

/// Organizations by status, type, district and month of registration.
pub async fn org_tally<C: ConnectionTrait>(db: &C) -> Result<Vec<TallyRow>, DbErr> {
    tally(db, "SELECT status, org_type, district, reg_month AS month, n FROM org_tally WHERE n <> 0", vec![]).await
}

async fn filing_tally<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<TallyRow>, DbErr> {
    tally(
        db,
        "SELECT status, org_type, district, reg_month AS month, n FROM filing_tally WHERE report_year = ? AND n <> 0",
        vec![year.into()],
    )
    .await
}

async fn governance_tally<C: ConnectionTrait>(db: &C) -> Result<Vec<TallyRow>, DbErr> {
    tally(
        db,
        "SELECT 'active' AS status, org_type, district, term_month AS month, n FROM governance_tally WHERE n <> 0",
        vec![],
    )
    .await
}

/// Adds `num` of `den` for every key of either map.
fn share_of(num: &BTreeMap<Key, u64>, den: &BTreeMap<Key, u64>) -> Share {
    let keys: BTreeSet<&Key> = num.keys().chain(den.keys()).collect();
    let mut s = Share::default();
    for k in keys {
        s.add(&k.0, &k.1, num.get(k).copied().unwrap_or(0), den.get(k).copied().unwrap_or(0));
    }
    s
}

fn merge(into: &mut BTreeMap<Key, u64>, from: BTreeMap<Key, u64>) {
    for (k, v) in from {
        *into.entry(k).or_default() += v;
    }
}

/// 参检率 of `year`: organizations obliged to report (registered by the
/// type's cut-off, active or left after the type's deadline) and those of
/// them that filed. Agrees with `reports::service::participation`.
pub async fn participation<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    year: i32,
    orgs: &[TallyRow],
) -> Result<Share, DbErr> {
    let filings = filing_tally(db, year).await?;
    let mut obliged = BTreeMap::new();
    let mut filed = BTreeMap::new();
    for t in OrgType::ALL {
        let cutoff = rules::month_of(rules::filing_cutoff(t, year));
        let of_type = |m: BTreeMap<Key, u64>| m.into_iter().filter(|((_, ty), _)| ty == t.as_str()).collect();
        merge(&mut obliged, of_type(rules::sum_through(orgs, "active", &cutoff)));
        merge(&mut filed, of_type(rules::sum_through(&filings, "active", &cutoff)));
    }
    // Organizations that left after the deadline still had to report.
    let foundation = settings.report_deadline_for(OrgType::Foundation, year);
    let others = settings.report_deadline_for(OrgType::SocialGroup, year);
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).expect("valid date");
    // One row each, summed here: grouping in SQL lets SQLite's planner walk
    // the district index through the whole register instead of the few
    // organizations that left after the deadline.
    let left = rows(
        db,
        "SELECT o.district AS district, o.org_type AS org_type, \
         CAST(CASE WHEN r.first_submitted_at IS NOT NULL THEN 1 ELSE 0 END AS BIGINT) AS filed \
         FROM organization o LEFT JOIN annual_report r ON r.org_id = o.id AND r.report_year = ? \
         WHERE o.status_date > ? AND o.status <> 'active' \
         AND (o.registration_date <= ? OR (o.org_type = 'foundation' AND o.registration_date <= ?)) \
         AND o.status_date > CASE WHEN o.org_type = 'foundation' THEN ? ELSE ? END",
        vec![
            year.into(),
            foundation.min(others).into(),
            d(6, 30).into(),
            d(12, 31).into(),
            foundation.into(),
            others.into(),
        ],
    )
    .await?;
    for r in left {
        let k: Key = (r.try_get("", "district")?, r.try_get("", "org_type")?);
        *obliged.entry(k.clone()).or_default() += 1;
        *filed.entry(k).or_default() += r.try_get::<i64>("", "filed")? as u64;
    }
    Ok(share_of(&filed, &obliged))
}

/// Rating coverage (organizations with a grade in force ÷ those registered
/// two full years) and the share of 3A and above among the rated, with the
/// rated by grade, from `org_tally` and `grade_tally`. Agrees with
/// `rating::grades::kpi`.
pub async fn rating<C: ConnectionTrait>(
    db: &C,
    today: NaiveDate,
    orgs: &[TallyRow],
) -> Result<(Share, Share, Vec<(String, u64)>), DbErr> {
    let cutoff = rules::rating_cutoff(today, rating_rules::MIN_YEARS_REGISTERED);
    let mut eligible = rules::sum_through(orgs, "active", &rules::month_before(cutoff));
    let boundary = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM organization WHERE status = 'active' \
         AND registration_date >= ? AND registration_date <= ? GROUP BY district, org_type",
        vec![rules::month_start(cutoff).into(), cutoff.into()],
    )
    .await?;
    merge(&mut eligible, boundary);
    // Grades in force from the tally, but those running out this month,
    // which are read from the records (valid on `today` or not).
    let mut graded = rows(
        db,
        "SELECT district, org_type, grade, n FROM grade_tally WHERE valid_month > ? AND n <> 0",
        vec![rules::month_of(today).into()],
    )
    .await?;
    graded.extend(
        rows(
            db,
            "SELECT o.district AS district, o.org_type AS org_type, g.grade AS grade, COUNT(*) AS n \
             FROM rating_grade g JOIN organization o ON o.id = g.org_id \
             WHERE g.status = 'active' AND g.valid_to >= ? AND g.valid_to <= ? AND o.status = 'active' \
             GROUP BY o.district, o.org_type, g.grade",
            vec![today.into(), rules::month_end(today).into()],
        )
        .await?,
    );
    let mut rated = BTreeMap::new();
    let mut top = BTreeMap::new();
    let mut by_grade: Vec<(String, u64)> = Grade::ALL.iter().map(|g| (g.as_str().to_string(), 0)).collect();
    for r in graded {
        let k: Key = (r.try_get("", "district")?, r.try_get("", "org_type")?);
        let grade: String = r.try_get("", "grade")?;
        let n = r.try_get::<i64>("", "n")? as u64;
        *rated.entry(k.clone()).or_default() += n;
        if Grade::parse(&grade).is_some_and(|g| g >= Grade::A3) {
            *top.entry(k).or_default() += n;
        }
        if let Some(slot) = by_grade.iter_mut().find(|(g, _)| *g == grade) {
            slot.1 += n;
        }
    }
    Ok((share_of(&rated, &eligible), share_of(&top, &rated), by_grade))
}

/// Active organizations with sound governance — the newest concluded annual
/// report 合格, within their term of office, on no credit list — among the
/// active ones. Agrees with `credit::service::kpis`.
pub async fn governance<C: ConnectionTrait>(db: &C, today: NaiveDate, orgs: &[TallyRow]) -> Result<Share, DbErr> {
    let this_month = rules::month_of(today);
    let mut sound = BTreeMap::new();
    for r in governance_tally(db).await?.iter().filter(|r| r.month > this_month) {
        *sound.entry((r.district.clone(), r.org_type.clone())).or_default() += r.n;
    }
    let ending = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM organization WHERE status = 'active' \
         AND last_conclusion = 'qualified' AND term_end >= ? AND term_end <= ? GROUP BY district, org_type",
        vec![today.into(), rules::month_end(today).into()],
    )
    .await?;
    merge(&mut sound, ending);
    let listed = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM organization WHERE id IN \
         (SELECT org_id FROM credit_entry WHERE list IN ('abnormal', 'serious') AND removed_on IS NULL) \
         AND status = 'active' AND last_conclusion = 'qualified' AND term_end >= ? GROUP BY district, org_type",
        vec![today.into()],
    )
    .await?;
    for (k, n) in listed {
        if let Some(v) = sound.get_mut(&k) {
            *v = v.saturating_sub(n);
        }
    }
    let active = rules::sum_through(orgs, "active", "9999-12");
    Ok(share_of(&sound, &active))
}

/// Every measure's value on `today` (the year's counts are `today`'s year).
pub async fn measures<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    today: NaiveDate,
    orgs: &[TallyRow],
) -> Result<Vec<MeasureValue>, DbErr> {
    let (from, to) = rules::year_bounds(today.year());
    let part = participation(db, settings, settings.report_year, orgs).await?;
    let (coverage, top, _) = rating(db, today, orgs).await?;
    let gov = governance(db, today, orgs).await?;
    let new_top = count(
        db,
        "SELECT COUNT(*) AS n FROM rating_grade WHERE granted_grade IN ('4A', '5A') AND announced_on >= ? \
         AND announced_on <= ?",
        vec![from.into(), to.into()],
    )
    .await?;
    let inspected = count(
        db,
        "SELECT COUNT(DISTINCT t.object_id) AS n FROM inspection_target t \
         JOIN inspection_campaign c ON c.id = t.campaign_id WHERE t.object_kind = 'org' AND c.year = ?",
        vec![today.year().into()],
    )
    .await?;
    let outlets =
        count(db, "SELECT COUNT(*) AS n FROM lottery_outlet WHERE status IN ('open', 'suspended')", vec![]).await?;
    let prefix = format!("{}-", today.year());
    let registered: u64 = orgs.iter().filter(|r| r.month.starts_with(&prefix)).map(|r| r.n).sum();
    let cleared = count(
        db,
        "SELECT COUNT(*) AS n FROM zombie_case WHERE status IN ('revoked', 'deregistered') \
         AND closed_on >= ? AND closed_on <= ?",
        vec![from.into(), to.into()],
    )
    .await?;
    let share = |m: Measure, s: Share| MeasureValue {
        measure: m.as_str().into(),
        unit: m.unit(),
        value: s.permille(),
        share: Some(s),
    };
    let number =
        |m: Measure, n: u64| MeasureValue { measure: m.as_str().into(), unit: m.unit(), value: n as i64, share: None };
    Ok(vec![
        share(Measure::Participation, part),
        share(Measure::RatingCoverage, coverage),
        share(Measure::RatingTopShare, top),
        number(Measure::NewTopGrades, new_top),
        number(Measure::InspectedOrgs, inspected),
        share(Measure::Governance, gov),
        number(Measure::LotteryOutlets, outlets),
        number(Measure::NewRegistrations, registered),
        number(Measure::ZombiesCleared, cleared),
    ])
}

/// One target row.
struct Target {
    id: i64,
    year: i32,
    name: String,
    measure: Measure,
    target: i64,
}

async fn targets_of<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<Target>, DbErr> {
    let mut out = Vec::new();
    for r in rows(
        db,
        "SELECT id, year, name, measure, target FROM dashboard_target WHERE year = ? ORDER BY id",
        vec![year.into()],
    )
    .await?
    {
        let measure: String = r.try_get("", "measure")?;
        if let Some(measure) = Measure::parse(&measure) {
            out.push(Target {
                id: r.try_get("", "id")?,
                year: r.try_get::<i32>("", "year")?,
                name: r.try_get("", "name")?,
                measure,
                target: r.try_get("", "target")?,
            });
        }
    }
    Ok(out)
}

/// Snapshots of `measure` in `year`, by day.
async fn snapshots<C: ConnectionTrait>(db: &C, measure: Measure, year: i32) -> Result<Vec<(NaiveDate, i64)>, DbErr> {
    let (from, to) = rules::year_bounds(year);
    rows(
        db,
        "SELECT day, value FROM dashboard_snapshot WHERE measure = ? AND day >= ? AND day <= ? ORDER BY day",
        vec![measure.as_str().into(), from.into(), to.into()],
    )
    .await?
    .iter()
    .map(|r| Ok((r.try_get::<NaiveDate>("", "day")?, r.try_get::<i64>("", "value")?)))
    .collect()
}

/// A count of overdue items and the date they are overdue from (its `?`).
type Overdue = (&'static str, NaiveDate);

/// The open queues and overdue items of every feature.
async fn queues<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    today: NaiveDate,
    participation: &Share,
) -> Result<Vec<QueueItem>, DbErr> {
    let item = |key: &str, open: u64, overdue: u64, href: &str| QueueItem {
        key: key.into(),
        open,
        overdue,
        href: href.into(),
    };
    let year = settings.report_year;
    let non_filers = participation.den - participation.num;
    let deadline = OrgType::ALL.iter().map(|t| settings.report_deadline_for(*t, year)).min().unwrap_or(today);
    let late_non_filers = if today > deadline {
        participation
            .by_type
            .iter()
            .filter(|(t, _)| OrgType::parse(t).is_some_and(|t| today > settings.report_deadline_for(t, year)))
            .map(|(_, (f, o))| o - f)
            .sum()
    } else {
        0
    };
    let notice_cutoff = today - chrono::Days::new(settings.zombie_notice_days.max(0) as u64);
    // (key, open items, overdue items with the date they are overdue from, list).
    let counted: [(&str, &str, Option<Overdue>, &str); 8] = [
        (
            "dash_q_reports",
            "SELECT COUNT(*) AS n FROM annual_report WHERE status = 'submitted'",
            None,
            "/officer/reports?status=submitted",
        ),
        (
            "dash_q_rating",
            "SELECT COUNT(*) AS n FROM rating_application WHERE status IN ('applied', 'eligible', 'scoring', 'scored', \
             'notice')",
            Some(("SELECT COUNT(*) AS n FROM rating_application WHERE status = 'notice' AND notice_to < ?", today)),
            "/officer/rating",
        ),
        ("dash_q_objections", "SELECT COUNT(*) AS n FROM rating_objection WHERE status = 'open'", None, "/officer/rating"),
        (
            "dash_q_repairs",
            "SELECT COUNT(*) AS n FROM repair_request WHERE status = 'pending'",
            None,
            "/officer/credit/repairs",
        ),
        (
            "dash_q_zombies",
            "SELECT COUNT(*) AS n FROM zombie_case WHERE status IN ('candidate', 'notified', 'rectifying')",
            Some(("SELECT COUNT(*) AS n FROM zombie_case WHERE status = 'notified' AND notified_on < ?", notice_cutoff)),
            "/officer/zombies",
        ),
        (
            "dash_q_inspections",
            "SELECT COUNT(*) AS n FROM inspection_target WHERE status IN ('pending', 'recorded')",
            Some((
                "SELECT COUNT(*) AS n FROM inspection_target t JOIN inspection_campaign c ON c.id = t.campaign_id \
                 WHERE t.status IN ('pending', 'recorded') AND c.period_to < ?",
                today,
            )),
            "/officer/inspections",
        ),
        (
            "dash_q_disclosures",
            "SELECT COUNT(*) AS n FROM charity_overdue WHERE resolved_on IS NULL",
            Some(("SELECT COUNT(*) AS n FROM charity_overdue WHERE resolved_on IS NULL AND due_on < ?", today)),
            "/officer/charity/overdue",
        ),
        (
            "dash_q_outlets",
            "SELECT COUNT(*) AS n FROM lottery_inspection WHERE status = 'open'",
            Some(("SELECT COUNT(*) AS n FROM lottery_inspection WHERE status = 'open' AND deadline < ?", today)),
            "/officer/lottery/inspections",
        ),
    ];
    let mut out = Vec::with_capacity(counted.len() + 1);
    for (key, open, overdue, href) in counted {
        let open = count(db, open, vec![]).await?;
        let overdue = match overdue {
            Some((sql, from)) => count(db, sql, vec![from.into()]).await?,
            None => 0,
        };
        out.push(item(key, open, overdue, href));
    }
    // The non-filers come from participation, second in the list.
    out.insert(1, item("dash_q_non_filers", non_filers, late_non_filers, "/officer/participation"));
    Ok(out)
}

/// The officers' dashboard of `year` on `today`.
pub async fn dashboard<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    today: NaiveDate,
    year: i32,
) -> Result<DashboardView, DbErr> {
    let started = Instant::now();
    let orgs = org_tally(db).await?;
    let measures = measures(db, settings, today, &orgs).await?;
    let mut targets = Vec::new();
    for t in targets_of(db, year).await? {
        let now = measures.iter().find(|m| m.measure == t.measure.as_str());
        let snaps = snapshots(db, t.measure, year).await?;
        // A past year stands at its last snapshot.
        let (value, share) = if year < today.year() {
            (snaps.last().map(|s| s.1).unwrap_or(0), None)
        } else {
            (now.map(|m| m.value).unwrap_or(0), now.and_then(|m| m.share.clone()))
        };
        targets.push(TargetView {
            id: t.id,
            year: t.year,
            name: t.name,
            measure: t.measure.as_str().into(),
            unit: t.measure.unit(),
            target: t.target,
            value,
            progress: rules::progress(value, t.target),
            met: value >= t.target,
            trend: rules::trend(year, today, &snaps, value),
            share,
        });
    }
    let mut counts: BTreeMap<(String, String), u64> = BTreeMap::new();
    for r in &orgs {
        *counts.entry((r.org_type.clone(), r.status.clone())).or_default() += r.n;
    }
    let months = flows(db, &orgs, year, today).await?;
    let part = measures
        .iter()
        .find(|m| m.measure == Measure::Participation.as_str())
        .and_then(|m| m.share.clone())
        .unwrap_or_default();
    let queues = queues(db, settings, today, &part).await?;
    Ok(DashboardView {
        year,
        today: today.to_string(),
        report_year: settings.report_year,
        targets,
        measures,
        counts: counts.into_iter().map(|((t, s), n)| (t, s, n)).collect(),
        months,
        queues,
        elapsed_ms: started.elapsed().as_millis() as u64,
    })
}

/// Registrations (from the tally) and exits (deregistered or revoked, by
/// the date of the decision) in each month of `year` so far.
async fn flows<C: ConnectionTrait>(
    db: &C,
    orgs: &[TallyRow],
    year: i32,
    today: NaiveDate,
) -> Result<Vec<MonthFlow>, DbErr> {
    let (from, to) = rules::year_bounds(year);
    let mut exits: BTreeMap<String, u64> = BTreeMap::new();
    for r in rows(
        db,
        "SELECT status_date FROM organization WHERE status_date >= ? AND status_date <= ? \
         AND status IN ('deregistered', 'revoked')",
        vec![from.into(), to.into()],
    )
    .await?
    {
        if let Some(d) = r.try_get::<Option<NaiveDate>>("", "status_date")? {
            *exits.entry(rules::month_of(d)).or_default() += 1;
        }
    }
    Ok(rules::months_so_far(year, today)
        .into_iter()
        .map(|m| MonthFlow {
            registered: orgs.iter().filter(|r| r.month == m).map(|r| r.n).sum(),
            exited: exits.get(&m).copied().unwrap_or(0),
            month: m,
        })
        .collect())
}

/// Records every measure's value of `today` (the trend's points); run by the
/// daily job, again the same day it replaces the day's values.
pub async fn snapshot(db: &DatabaseConnection, settings: &Settings, today: NaiveDate) -> Result<usize, DbErr> {
    let orgs = org_tally(db).await?;
    let values = measures(db, settings, today, &orgs).await?;
    let txn = db::begin_write(db).await?;
    for m in &values {
        db::exec(
            &txn,
            "INSERT INTO dashboard_snapshot (measure, day, value) VALUES (?, ?, ?) \
             ON CONFLICT (measure, day) DO UPDATE SET value = excluded.value",
            vec![m.measure.clone().into(), today.into(), m.value.into()],
        )
        .await?;
    }
    txn.commit().await?;
    Ok(values.len())
}

// ---- targets ----

/// The targets of `year` as stored, for the form.
pub async fn target_list<C: ConnectionTrait>(db: &C, year: i32) -> Result<Vec<(i64, TargetInput)>, DbErr> {
    Ok(targets_of(db, year)
        .await?
        .into_iter()
        .map(|t| {
            (
                t.id,
                TargetInput {
                    year: t.year.to_string(),
                    name: t.name,
                    measure: t.measure.as_str().into(),
                    target: rules::format_input(t.target, t.measure.unit()),
                },
            )
        })
        .collect())
}

/// A checked target: year, name, measure, value in the measure's unit.
fn check_target(input: &TargetInput) -> Result<(i32, String, Measure, i64), AppError> {
    let mut e = Errors::default();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            e.add("year", "err_dash_year");
            None
        }
    };
    let name = e.take(crate::domain::input::required_line("name", &input.name, 60)).unwrap_or("").to_string();
    let measure = Measure::parse(input.measure.trim());
    if measure.is_none() {
        e.choice("measure", &input.measure);
    }
    let target = measure.and_then(|m| match rules::parse_target(&input.target, m.unit()) {
        Ok(v) => Some(v),
        Err(msg) => {
            e.add("target", msg);
            None
        }
    });
    e.into_result()?;
    match (year, measure, target) {
        (Some(y), Some(m), Some(t)) => Ok((y, name, m, t)),
        _ => Err(AppError::Internal),
    }
}

/// Target `id`'s year, and the target as the audit log records it (year,
/// name, measure, target).
async fn target_record<C: ConnectionTrait>(db: &C, id: i64) -> Result<(i32, serde_json::Value), AppError> {
    let r = rows(db, "SELECT year, name, measure, target FROM dashboard_target WHERE id = ?", vec![id.into()])
        .await?
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)?;
    let year = r.try_get::<i32>("", "year")?;
    Ok((
        year,
        json!({
            "year": year,
            "name": r.try_get::<String>("", "name")?,
            "measure": r.try_get::<String>("", "measure")?,
            "target": r.try_get::<i64>("", "target")?,
        }),
    ))
}

/// Adds a target (`id` None) or changes one. A year names each target once.
pub async fn save_target(
    db: &DatabaseConnection,
    actor: &Actor,
    id: Option<i64>,
    input: &TargetInput,
) -> Result<i64, AppError> {
    let (year, name, measure, target) = check_target(input)?;
    let txn = db::begin_write(db).await?;
    let clash = count(
        &txn,
        "SELECT COUNT(*) AS n FROM dashboard_target WHERE year = ? AND name = ? AND id <> ?",
        vec![year.into(), name.clone().into(), id.unwrap_or(0).into()],
    )
    .await?;
    if clash > 0 {
        return Err(AppError::field("name", "err_dash_target_exists"));
    }
    let before = match id {
        Some(id) => Some(target_record(&txn, id).await?.1),
        None => None,
    };
    let now = Utc::now();
    let mut vals: Vec<Value> = vec![
        year.into(),
        name.clone().into(),
        measure.as_str().into(),
        target.into(),
        measure.unit().as_str().into(),
        now.into(),
    ];
    let id = match id {
        Some(id) => {
            vals.push(id.into());
            db::exec(
                &txn,
                "UPDATE dashboard_target SET year = ?, name = ?, measure = ?, target = ?, unit = ?, updated_at = ? \
                 WHERE id = ?",
                vals,
            )
            .await?;
            id
        }
        None => {
            vals.push(now.into());
            db::column(
                &txn,
                "INSERT INTO dashboard_target (year, name, measure, target, unit, updated_at, created_at) \
                 VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                vals,
                "id",
            )
            .await?
            .first()
            .copied()
            .ok_or(AppError::Internal)?
        }
    };
    audit::record(
        &txn,
        actor,
        Entry {
            action: if before.is_some() { "target_change" } else { "target_add" },
            entity: "dashboard_target",
            entity_id: id.to_string(),
            before,
            after: Some(json!({"year": year, "name": name, "measure": measure.as_str(), "target": target})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(id)
}

/// Removes a target.
pub async fn delete_target(db: &DatabaseConnection, actor: &Actor, id: i64) -> Result<i32, AppError> {
    let txn = db::begin_write(db).await?;
    let (year, before) = target_record(&txn, id).await?;
    db::exec(&txn, "DELETE FROM dashboard_target WHERE id = ?", vec![id.into()]).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "target_delete",
            entity: "dashboard_target",
            entity_id: id.to_string(),
            before: Some(before),
            after: None,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(year)
}

/// Adds the work plan's targets (`rules::WORK_PLAN`) to `year` where a target
/// of that name is missing. Returns how many were added.
pub async fn add_work_plan(db: &DatabaseConnection, actor: &Actor, year: i32) -> Result<usize, AppError> {
    crate::domain::input::year("year", year).map_err(|e| AppError::Validation(vec![e]))?;
    let have: BTreeSet<String> = targets_of(db, year).await?.into_iter().map(|t| t.name).collect();
    let mut added = 0;
    for (name, measure, target) in rules::WORK_PLAN {
        if have.contains(name) {
            continue;
        }
        let input = TargetInput {
            year: year.to_string(),
            name: name.into(),
            measure: measure.as_str().into(),
            target: rules::format_input(target, measure.unit()),
        };
        save_target(db, actor, None, &input).await?;
        added += 1;
    }
    Ok(added)
}

// ---- the tallies against the records ----

/// Recounts the tallies from the records; returns one line per difference
/// (none when they agree).
pub async fn tally_check<C: ConnectionTrait>(db: &C) -> Result<Vec<String>, DbErr> {
    let ym = |col: &str| match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => format!("to_char({col}, 'YYYY-MM')"),
        _ => format!("substr({col}, 1, 7)"),
    };
    let checks = [
        (
            "org_tally",
            "SELECT status || '|' || org_type || '|' || district || '|' || reg_month AS k, n FROM org_tally WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT status || '|' || org_type || '|' || district || '|' || {m} AS k, COUNT(*) AS n \
                 FROM organization GROUP BY status, org_type, district, {m}",
                m = ym("registration_date")
            ),
        ),
        (
            "filing_tally",
            "SELECT CAST(report_year AS TEXT) || '|' || status || '|' || org_type || '|' || district || '|' || reg_month \
             AS k, n FROM filing_tally WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT CAST(r.report_year AS TEXT) || '|' || o.status || '|' || o.org_type || '|' || o.district || '|' \
                 || {m} AS k, COUNT(*) AS n FROM annual_report r JOIN organization o ON o.id = r.org_id \
                 WHERE r.first_submitted_at IS NOT NULL GROUP BY r.report_year, o.status, o.org_type, o.district, {m}",
                m = ym("o.registration_date")
            ),
        ),
        (
            "governance_tally",
            "SELECT org_type || '|' || district || '|' || term_month AS k, n FROM governance_tally WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT o.org_type || '|' || o.district || '|' || {m} AS k, COUNT(*) AS n FROM organization o \
                 WHERE o.status = 'active' AND (SELECT r.conclusion FROM annual_report r WHERE r.org_id = o.id \
                 AND r.status = 'concluded' ORDER BY r.report_year DESC LIMIT 1) = 'qualified' \
                 GROUP BY o.org_type, o.district, {m}",
                m = ym("o.term_end")
            ),
        ),
        (
            "grade_tally",
            "SELECT grade || '|' || org_type || '|' || district || '|' || valid_month AS k, n FROM grade_tally \
             WHERE n <> 0"
                .to_string(),
            format!(
                "SELECT g.grade || '|' || o.org_type || '|' || o.district || '|' || {m} AS k, COUNT(*) AS n \
                 FROM rating_grade g JOIN organization o ON o.id = g.org_id \
                 WHERE g.status = 'active' AND o.status = 'active' GROUP BY g.grade, o.org_type, o.district, {m}",
                m = ym("g.valid_to")
            ),
        ),
    ];
    let read = |rs: Vec<QueryResult>| -> Result<BTreeMap<String, i64>, DbErr> {
        rs.iter().map(|r| Ok((r.try_get::<String>("", "k")?, r.try_get::<i64>("", "n")?))).collect()
    };
    let mut out = Vec::new();
    for (name, kept, recount) in checks {
        let kept = read(rows(db, &kept, vec![]).await?)?;
        let truth = read(rows(db, &recount, vec![]).await?)?;
        for k in kept.keys().chain(truth.keys()).collect::<BTreeSet<_>>() {
            let (a, b) = (kept.get(k).copied().unwrap_or(0), truth.get(k).copied().unwrap_or(0));
            if a != b {
                out.push(format!("{name} {k}: kept {a}, records {b}"));
            }
        }
    }
    let stale = count(
        db,
        "SELECT COUNT(*) AS n FROM organization o WHERE o.last_conclusion IS DISTINCT FROM \
         (SELECT r.conclusion FROM annual_report r WHERE r.org_id = o.id AND r.status = 'concluded' \
         ORDER BY r.report_year DESC LIMIT 1)",
        vec![],
    )
    .await?;
    if stale > 0 {
        out.push(format!("organization.last_conclusion: {stale} differ from the newest concluded report"));
    }
    Ok(out)
}

// ---- year-end and public statistics ----

fn row(key: &str, detail: impl Into<String>, value: impl ToString) -> StatRow {
    StatRow { key: key.into(), detail: detail.into(), value: value.to_string() }
}

/// Counts by a text column (`k`, `n`).
async fn counts_by<C: ConnectionTrait>(db: &C, sql: &str, vals: Vec<Value>) -> Result<Vec<(String, u64)>, DbErr> {
    rows(db, sql, vals)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<Option<String>>("", "k")?.unwrap_or_default(), r.try_get::<i64>("", "n")? as u64)))
        .collect()
}

/// A breakdown: one `key` row for each value `k` that `sql` counts, its
/// detail `prefix` followed by the value; with `total`, first a row of that
/// key holding their sum.
async fn breakdown<C: ConnectionTrait>(
    db: &C,
    total: Option<&str>,
    key: &str,
    prefix: &str,
    sql: &str,
    vals: Vec<Value>,
) -> Result<Vec<StatRow>, DbErr> {
    let counts = counts_by(db, sql, vals).await?;
    let sum = total.map(|t| row(t, "", counts.iter().map(|(_, n)| n).sum::<u64>()));
    Ok(sum.into_iter().chain(counts.into_iter().map(|(v, n)| row(key, format!("{prefix}{v}"), n))).collect())
}

/// The year's figures in the form of a bureau's annual summary.
pub async fn year_stats<C: ConnectionTrait>(db: &C, settings: &Settings, year: i32) -> Result<YearStats, DbErr> {
    let (from, to) = rules::year_bounds(year);
    let span = || -> Vec<Value> { vec![from.into(), to.into()] };
    let mut sections = Vec::new();

    // The register.
    let mut reg = Vec::new();
    reg.extend(
        breakdown(
            db,
            Some("ys_registered"),
            "ys_registered",
            "type_",
            "SELECT org_type AS k, COUNT(*) AS n FROM organization \
             WHERE registration_date >= ? AND registration_date <= ? GROUP BY org_type ORDER BY org_type",
            span(),
        )
        .await?,
    );
    for (status, key) in [("deregistered", "ys_deregistered"), ("revoked", "ys_revoked")] {
        let n = count(
            db,
            "SELECT COUNT(*) AS n FROM organization WHERE status = ? AND status_date >= ? AND status_date <= ?",
            vec![status.into(), from.into(), to.into()],
        )
        .await?;
        reg.push(row(key, "", n));
    }
    reg.extend(
        breakdown(
            db,
            Some("ys_active"),
            "ys_active",
            "type_",
            "SELECT org_type AS k, COUNT(*) AS n FROM organization WHERE status = 'active' AND registration_date <= ? \
             GROUP BY org_type ORDER BY org_type",
            vec![to.into()],
        )
        .await?,
    );
    sections.push(StatSection { key: "ys_sec_register".into(), rows: reg });

    // Annual reports filed this year: those of the year before.
    let report_year = year - 1;
    let orgs = org_tally(db).await?;
    let part = participation(db, settings, report_year, &orgs).await?;
    let mut rep = vec![
        row("ys_report_year", "", report_year),
        row("ys_obliged", "", part.den),
        row("ys_filed", "", part.num),
        row("ys_participation", "", rules::format_value(part.permille(), Unit::Percent)),
    ];
    rep.extend(
        breakdown(
            db,
            None,
            "ys_concluded",
            "rpt_conclusion_",
            "SELECT conclusion AS k, COUNT(*) AS n FROM annual_report WHERE report_year = ? AND status = 'concluded' \
             GROUP BY conclusion ORDER BY conclusion DESC",
            vec![report_year.into()],
        )
        .await?,
    );
    sections.push(StatSection { key: "ys_sec_reports".into(), rows: rep });

    // Rating.
    let mut rat = Vec::new();
    rat.extend(
        breakdown(
            db,
            Some("ys_granted"),
            "ys_granted",
            "",
            "SELECT granted_grade AS k, COUNT(*) AS n FROM rating_grade WHERE announced_on >= ? AND announced_on <= ? \
             GROUP BY granted_grade ORDER BY granted_grade DESC",
            span(),
        )
        .await?,
    );
    rat.extend(
        breakdown(
            db,
            None,
            "ys_rating_change",
            "ys_change_",
            "SELECT kind AS k, COUNT(*) AS n FROM rating_change WHERE event_date >= ? AND event_date <= ? \
             GROUP BY kind ORDER BY kind",
            span(),
        )
        .await?,
    );
    sections.push(StatSection { key: "ys_sec_rating".into(), rows: rat });

    // Inspections.
    let mut ins = vec![
        row(
            "ys_campaigns",
            "",
            count(
                db,
                "SELECT COUNT(*) AS n FROM inspection_campaign WHERE year = ? AND drawn_at IS NOT NULL",
                vec![year.into()],
            )
            .await?,
        ),
        row(
            "ys_drawn",
            "",
            count(
                db,
                "SELECT COUNT(*) AS n FROM inspection_target t JOIN inspection_campaign c ON c.id = t.campaign_id \
                 WHERE c.year = ?",
                vec![year.into()],
            )
            .await?,
        ),
    ];
    ins.extend(
        breakdown(
            db,
            Some("ys_inspected"),
            "ys_outcome",
            "insp_outcome_",
            "SELECT outcome AS k, COUNT(*) AS n FROM inspection_target WHERE inspected_on >= ? AND inspected_on <= ? \
             AND status IN ('recorded', 'confirmed', 'published') GROUP BY outcome ORDER BY outcome",
            span(),
        )
        .await?,
    );
    sections.push(StatSection { key: "ys_sec_inspection".into(), rows: ins });

    // Credit lists and zombies.
    let mut cre = Vec::new();
    cre.extend(
        breakdown(
            db,
            None,
            "ys_listed",
            "cr_list_",
            "SELECT list AS k, COUNT(*) AS n FROM credit_entry WHERE listed_on >= ? AND listed_on <= ? GROUP BY list \
             ORDER BY list",
            span(),
        )
        .await?,
    );
    cre.extend(
        breakdown(
            db,
            None,
            "ys_removed",
            "cr_list_",
            "SELECT list AS k, COUNT(*) AS n FROM credit_entry WHERE removed_on >= ? AND removed_on <= ? GROUP BY list \
             ORDER BY list",
            span(),
        )
        .await?,
    );
    cre.push(row(
        "ys_zombies_found",
        "",
        count(db, "SELECT COUNT(*) AS n FROM zombie_case WHERE detected_on >= ? AND detected_on <= ?", span()).await?,
    ));
    cre.extend(
        breakdown(
            db,
            None,
            "ys_zombies_closed",
            "zb_status_",
            "SELECT status AS k, COUNT(*) AS n FROM zombie_case WHERE closed_on >= ? AND closed_on <= ? \
             GROUP BY status ORDER BY status",
            span(),
        )
        .await?,
    );
    sections.push(StatSection { key: "ys_sec_credit".into(), rows: cre });

    // Charities and fundraising.
    let raised = rows(
        db,
        "SELECT COUNT(*) AS n, CAST(COALESCE(SUM(raised_fen), 0) AS BIGINT) AS raised, \
         CAST(COALESCE(SUM(spent_fen), 0) AS BIGINT) AS spent FROM charity_disclosure \
         WHERE disclosed_on >= ? AND disclosed_on <= ?",
        span(),
    )
    .await?;
    let (disclosures, raised_fen, spent_fen) = match raised.first() {
        Some(r) => (r.try_get::<i64>("", "n")?, r.try_get::<i64>("", "raised")?, r.try_get::<i64>("", "spent")?),
        None => (0, 0, 0),
    };
    let cha = vec![
        row(
            "ys_charities_recognized",
            "",
            count(db, "SELECT COUNT(*) AS n FROM charity WHERE recognized_on >= ? AND recognized_on <= ?", span())
                .await?,
        ),
        row(
            "ys_charities_qualified",
            "",
            count(db, "SELECT COUNT(*) AS n FROM charity WHERE qualified_on >= ? AND qualified_on <= ?", span())
                .await?,
        ),
        row(
            "ys_charities_total",
            "",
            count(
                db,
                "SELECT COUNT(*) AS n FROM charity WHERE withdrawn_on IS NULL AND recognized_on <= ?",
                vec![to.into()],
            )
            .await?,
        ),
        row(
            "ys_plans_filed",
            "",
            count(db, "SELECT COUNT(*) AS n FROM charity_plan WHERE filed_on >= ? AND filed_on <= ?", span()).await?,
        ),
        row("ys_disclosures", "", disclosures),
        row("ys_raised", "", format_yuan(raised_fen)),
        row("ys_spent", "", format_yuan(spent_fen)),
    ];
    sections.push(StatSection { key: "ys_sec_charity".into(), rows: cha });

    // Welfare-lottery outlets.
    let mut lot = vec![
        row(
            "ys_outlets_opened",
            "",
            count(db, "SELECT COUNT(*) AS n FROM lottery_outlet WHERE opened_on >= ? AND opened_on <= ?", span())
                .await?,
        ),
        row(
            "ys_outlets_closed",
            "",
            count(
                db,
                "SELECT COUNT(*) AS n FROM lottery_outlet WHERE status = 'closed' AND status_since >= ? \
                 AND status_since <= ?",
                span(),
            )
            .await?,
        ),
        row(
            "ys_outlets",
            "",
            count(
                db,
                "SELECT COUNT(*) AS n FROM lottery_outlet WHERE opened_on <= ? AND (status <> 'closed' OR status_since > ?)",
                vec![to.into(), to.into()],
            )
            .await?,
        ),
    ];
    lot.extend(
        breakdown(
            db,
            None,
            "ys_outlet_grades",
            "lot_grade_",
            "SELECT grade AS k, COUNT(*) AS n FROM lottery_grading WHERE year = ? GROUP BY grade ORDER BY grade DESC",
            vec![year.into()],
        )
        .await?,
    );
    lot.push(row(
        "ys_outlet_inspections",
        "",
        count(db, "SELECT COUNT(*) AS n FROM lottery_inspection WHERE inspected_on >= ? AND inspected_on <= ?", span())
            .await?,
    ));
    sections.push(StatSection { key: "ys_sec_lottery".into(), rows: lot });

    Ok(YearStats { year, bureau: settings.bureau_name.clone(), generated: stamp(Utc::now()), sections })
}

/// The public headline figures on `today`.
pub async fn public_stats<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    today: NaiveDate,
) -> Result<PublicStats, DbErr> {
    let orgs = org_tally(db).await?;
    let mut by_type: BTreeMap<String, u64> = BTreeMap::new();
    for r in orgs.iter().filter(|r| r.status == "active") {
        *by_type.entry(r.org_type.clone()).or_default() += r.n;
    }
    let prefix = format!("{}-", today.year());
    let part = participation(db, settings, settings.report_year, &orgs).await?;
    let (_, _, rated_by_grade) = rating(db, today, &orgs).await?;
    let open_list = "SELECT COUNT(*) AS n FROM credit_entry WHERE removed_on IS NULL AND list = ?";
    let (from, to) = rules::year_bounds(today.year());
    let raised = rows(
        db,
        "SELECT CAST(COALESCE(SUM(raised_fen), 0) AS BIGINT) AS raised FROM charity_disclosure \
         WHERE disclosed_on >= ? AND disclosed_on <= ?",
        vec![from.into(), to.into()],
    )
    .await?
    .first()
    .map(|r| r.try_get::<i64>("", "raised"))
    .transpose()?
    .unwrap_or(0);
    Ok(PublicStats {
        today: today.to_string(),
        year: today.year(),
        report_year: settings.report_year,
        active_total: by_type.values().sum(),
        active_by_type: by_type.into_iter().collect(),
        registered_this_year: orgs.iter().filter(|r| r.month.starts_with(&prefix)).map(|r| r.n).sum(),
        participation: part.permille(),
        rated_by_grade,
        abnormal_list: count(db, open_list, vec!["abnormal".into()]).await?,
        serious_list: count(db, open_list, vec!["serious".into()]).await?,
        charities: count(db, "SELECT COUNT(*) AS n FROM charity WHERE withdrawn_on IS NULL", vec![]).await?,
        qualified_charities: count(
            db,
            "SELECT COUNT(*) AS n FROM charity WHERE withdrawn_on IS NULL AND qualified_on IS NOT NULL",
            vec![],
        )
        .await?,
        raised_this_year_fen: raised,
        outlets: count(db, "SELECT COUNT(*) AS n FROM lottery_outlet WHERE status IN ('open', 'suspended')", vec![])
            .await?,
        inspections_published: count(
            db,
            "SELECT COUNT(*) AS n FROM inspection_target WHERE status = 'published' AND published_on >= ? \
             AND published_on <= ?",
            vec![from.into(), to.into()],
        )
        .await?,
    })
}

/// The year-end statistics as CSV rows (section, figure, detail, value).
pub fn stats_csv(s: &YearStats, label: impl Fn(&str) -> String) -> Vec<[String; 4]> {
    s.sections
        .iter()
        .flat_map(|sec| {
            let title = label(&sec.key);
            sec.rows
                .iter()
                .map(|r| {
                    let detail = if r.detail.is_empty() { String::new() } else { label(&r.detail) };
                    [title.clone(), label(&r.key), detail, r.value.clone()]
                })
                .collect::<Vec<_>>()
        })
        .collect()
}
