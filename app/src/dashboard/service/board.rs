//! The officers' dashboard: the targets' progress and trend, the counts, the
//! monthly flows, the open queues; and the daily snapshot of the measures.

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, NaiveDate};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

use super::measures::{measures, org_tally_from, tally_floor};
use super::{rows, targets_of};
use crate::dashboard::types::*;
use crate::db::{self, count};
use crate::domain::dashboard::{self as rules, Measure, Share, TallyRow};
use crate::domain::org_type::OrgType;
use crate::state::Settings;

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
    let counted: [(&str, &str, Option<Overdue>, &str); 9] = [
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
            "dash_q_rectifications",
            "SELECT COUNT(*) AS n FROM inspection_rectification WHERE status <> 'accepted'",
            Some((
                "SELECT COUNT(*) AS n FROM inspection_rectification WHERE status <> 'accepted' AND due_on < ?",
                today,
            )),
            "/officer/rectifications?overdue=1",
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
    // Penalty cases: overdue by their rules (the 90-day decision, service, payment, …).
    let (cases, late_cases) = crate::penalty::service::queue(db, settings, today).await?;
    out.push(item("dash_q_cases", cases, late_cases, "/officer/cases?overdue=1"));
    // Complaints: those not closed, overdue when the reply is past its due date.
    let (complaints, late_complaints) = crate::complaints::service::queue_counts(db, today).await?;
    out.push(item("dash_q_complaints", complaints, late_complaints, "/officer/complaints?status=open"));
    // Suspected illegal organizations being handled (no deadline of their own).
    let (illegal, _) = crate::illegal::service::queue_counts(db, today.year()).await?;
    out.push(item("dash_q_illegal", illegal, 0, "/officer/illegal?state=open"));
    // Charitable trusts: filings waiting for review; overdue, the yearly reports past their deadline.
    let trusts = crate::trust::service::stats(db, settings, today.year(), today).await?;
    out.push(item("dash_q_trusts", trusts.pending, trusts.overdue_reports, "/officer/trusts?status=submitted"));
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
    let orgs = org_tally_from(db, &tally_floor(settings, today, year)).await?;
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
    let (_, illegal_handled) = crate::illegal::service::queue_counts(db, year).await?;
    let enforcement = super::stats::enforcement_rows(db, today.year(), true).await?;
    let trusts = super::stats::trust_rows(&crate::trust::service::stats(db, settings, year, today).await?);
    let share_of = |m: Measure| {
        measures.iter().find(|v| v.measure == m.as_str()).and_then(|v| v.share.clone()).unwrap_or_default()
    };
    let party = crate::party::service::figures(
        db,
        year,
        &share_of(Measure::PartyOrgCoverage),
        &share_of(Measure::PartyWorkCoverage),
    )
    .await?;
    Ok(DashboardView {
        year,
        today: today.to_string(),
        report_year: settings.report_year,
        targets,
        measures,
        counts: counts.into_iter().map(|((t, s), n)| (t, s, n)).collect(),
        months,
        queues,
        illegal_handled,
        enforcement,
        trusts,
        party,
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
    let orgs = org_tally_from(db, &tally_floor(settings, today, today.year())).await?;
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
