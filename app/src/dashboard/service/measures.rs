//! The tallies and the measures: 参检率, rating coverage, sound governance
//! and every measure's value on a day.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::rows;
use crate::dashboard::types::*;
use crate::db::count;
use crate::domain::dashboard::{self as rules, Measure, Share, TallyRow};
use crate::domain::org_type::OrgType;
use crate::domain::rating::{self as rating_rules, Grade};
use crate::state::Settings;

type Key = (String, String);

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

/// The month before which no measure of `today` nor the dashboard of `year`
/// tells the months of registration apart: the filing cut-offs of the report
/// year, the rating's two years, the first month of `year` and of `today`'s.
pub fn tally_floor(settings: &Settings, today: NaiveDate, year: i32) -> String {
    let rating = rules::month_before(rules::rating_cutoff(today, rating_rules::MIN_YEARS_REGISTERED));
    OrgType::ALL
        .iter()
        .map(|t| rules::month_of(rules::filing_cutoff(*t, settings.report_year)))
        .chain([rating, format!("{:04}-01", year.min(today.year()))])
        .min()
        .expect("months")
}

/// [`org_tally`] with the months of registration before `floor` summed into
/// one row per status, type and district (month `0000-00`): the same sums
/// through any month from `floor` on, from a few thousand rows instead of
/// every month of the register's history. The database does the summing.
pub async fn org_tally_from<C: ConnectionTrait>(db: &C, floor: &str) -> Result<Vec<TallyRow>, DbErr> {
    tally(
        db,
        "SELECT status, org_type, district, '0000-00' AS month, CAST(SUM(n) AS BIGINT) AS n FROM org_tally \
         WHERE reg_month < ? AND n <> 0 GROUP BY status, org_type, district \
         UNION ALL SELECT status, org_type, district, reg_month AS month, n FROM org_tally \
         WHERE reg_month >= ? AND n <> 0",
        vec![floor.into(), floor.into()],
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
    let mut obliged = BTreeMap::new();
    // The filed reports of organizations registered by their type's cut-off,
    // summed by the database from `filing_tally`.
    let mut by_type = Vec::new();
    let mut vals: Vec<Value> = vec![year.into()];
    for t in OrgType::ALL {
        let cutoff = rules::month_of(rules::filing_cutoff(t, year));
        let of_type = |m: BTreeMap<Key, u64>| m.into_iter().filter(|((_, ty), _)| ty == t.as_str()).collect();
        merge(&mut obliged, of_type(rules::sum_through(orgs, "active", &cutoff)));
        by_type.push("(org_type = ? AND reg_month <= ?)");
        vals.extend([t.as_str().into(), cutoff.into()]);
    }
    let mut filed = by_key(
        db,
        &format!(
            "SELECT district, org_type, CAST(SUM(n) AS BIGINT) AS n FROM filing_tally WHERE report_year = ? \
             AND status = 'active' AND n <> 0 AND ({}) GROUP BY district, org_type",
            by_type.join(" OR ")
        ),
        vals,
    )
    .await?;
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
        "SELECT district, org_type, grade, CAST(SUM(n) AS BIGINT) AS n FROM grade_tally \
         WHERE valid_month > ? AND n <> 0 GROUP BY district, org_type, grade",
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
    let mut sound = by_key(
        db,
        "SELECT district, org_type, CAST(SUM(n) AS BIGINT) AS n FROM governance_tally WHERE term_month > ? \
         AND n <> 0 GROUP BY district, org_type",
        vec![rules::month_of(today).into()],
    )
    .await?;
    let ending = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM organization WHERE status = 'active' \
         AND last_conclusion = 'qualified' AND term_end >= ? AND term_end <= ? GROUP BY district, org_type",
        vec![today.into(), rules::month_end(today).into()],
    )
    .await?;
    merge(&mut sound, ending);
    // From the few open listings to their organizations (`CROSS JOIN` keeps
    // SQLite from walking the active register instead).
    let listed = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM (SELECT DISTINCT o.id, o.district, o.org_type \
         FROM credit_entry c CROSS JOIN organization o WHERE o.id = c.org_id \
         AND c.list IN ('abnormal', 'serious') AND c.removed_on IS NULL \
         AND o.status = 'active' AND o.last_conclusion = 'qualified' AND o.term_end >= ?) l \
         GROUP BY district, org_type",
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

/// Reports waiting for their unit's first review now, and this year's first
/// reviews done within `UNIT_REVIEW_DAYS` of the submission they answered
/// (`domain::supervisory_unit::first_reviews`), from the reports' events.
async fn unit_reviews<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    today: NaiveDate,
) -> Result<(u64, Share), DbErr> {
    use crate::domain::supervisory_unit::{first_reviews, reviewed_in_time};
    let waiting = count(db, "SELECT COUNT(*) AS n FROM annual_report WHERE status = 'unit_review'", vec![]).await?;
    // The events of the reports a unit answered (the year's and earlier: a submission may precede the year).
    let rows = rows(
        db,
        "SELECT report_id, kind, created_at FROM report_event WHERE kind IN \
         ('submitted', 'resubmitted', 'unit_passed', 'unit_returned') AND report_id IN \
         (SELECT report_id FROM report_event WHERE kind IN ('unit_passed', 'unit_returned')) ORDER BY report_id, id",
        vec![],
    )
    .await?;
    let mut events: BTreeMap<i64, Vec<(String, NaiveDate)>> = BTreeMap::new();
    for r in &rows {
        let at: chrono::DateTime<chrono::Utc> = r.try_get("", "created_at")?;
        events
            .entry(r.try_get("", "report_id")?)
            .or_default()
            .push((r.try_get("", "kind")?, crate::kernel::clock::local_date(at)));
    }
    let (mut num, mut den) = (0, 0);
    for list in events.values() {
        let list: Vec<(&str, NaiveDate)> = list.iter().map(|(k, d)| (k.as_str(), *d)).collect();
        for (sent, reviewed) in first_reviews(&list) {
            if reviewed.year() == today.year() {
                den += 1;
                num += u64::from(reviewed_in_time(sent, reviewed, settings.unit_review_days));
            }
        }
    }
    Ok((waiting, Share { num, den, ..Default::default() }))
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
    // Trade associations with a fee anomaly of this year or the report year.
    // `trade_sector >= ''` (every sector code) is a range SQLite reads from
    // the index on (status, trade_sector); `IS NOT NULL` is not.
    let trade_den = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM organization WHERE status = 'active' \
         AND trade_sector >= '' GROUP BY district, org_type",
        vec![],
    )
    .await?;
    let trade_num = by_key(
        db,
        "SELECT district, org_type, COUNT(*) AS n FROM organization WHERE status = 'active' \
         AND trade_sector >= '' AND id IN (SELECT org_id FROM trade_fee WHERE anomalies <> '' \
         AND year IN (?, ?)) GROUP BY district, org_type",
        vec![today.year().into(), settings.report_year.into()],
    )
    .await?;
    let trade_fees = share_of(&trade_num, &trade_den);
    let trade_fee_orgs: u64 = trade_num.values().sum();
    let active = rules::sum_through(orgs, "active", "9999-12");
    let (party_org, party_work) = crate::party::service::coverage(db, &active).await?;
    let (waiting, in_time) = unit_reviews(db, settings, today).await?;
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
        number(Measure::TradeFeeAnomalies, trade_fee_orgs),
        share(Measure::TradeFeeAnomalyShare, trade_fees),
        share(Measure::PartyOrgCoverage, party_org),
        share(Measure::PartyWorkCoverage, party_work),
        number(Measure::UnitReviewsWaiting, waiting),
        share(Measure::UnitReviewsInTime, in_time),
    ])
}
