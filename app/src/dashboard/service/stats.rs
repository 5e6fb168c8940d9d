//! The year-end statistics (a bureau's annual summary, and its CSV) and the
//! public headline figures.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, Utc};
use sea_orm::{ConnectionTrait, DbErr, Value};

use super::measures::{org_tally, participation, rating};
use super::rows;
use crate::dashboard::types::*;
use crate::db::count;
use crate::domain::dashboard::{self as rules, Unit};
use crate::domain::money::format_yuan;
use crate::kernel::clock::stamp;
use crate::state::Settings;

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

/// Penalty cases and complaints as statistics rows: the cases by state (all
/// of them with `all_cases`, else those registered in `year`), `year`'s
/// decisions by penalty kind and `year`'s complaints by outcome (an open
/// one by its status). Read through the two features' services.
pub async fn enforcement_rows<C: ConnectionTrait>(db: &C, year: i32, all_cases: bool) -> Result<Vec<StatRow>, DbErr> {
    let cases = crate::penalty::service::stats(db, year).await?;
    let (key, states) = if all_cases {
        ("ys_cases_by_state", cases.by_state)
    } else {
        ("ys_cases_opened_by_state", cases.opened_by_state)
    };
    let mut out: Vec<StatRow> = states.into_iter().map(|(k, n)| row(key, format!("pen_state_{k}"), n)).collect();
    out.extend(cases.by_kind.into_iter().map(|(k, n)| row("ys_decisions_by_kind", format!("pen_penalty_{k}"), n)));
    for (k, n) in crate::complaints::service::outcome_counts(db, year).await? {
        let detail = match k.split_once(':') {
            Some(("outcome", o)) => format!("cpl_outcome_{o}"),
            Some((_, st)) => format!("cpl_status_{st}"),
            None => k.clone(),
        };
        out.push(row("ys_complaints_by_outcome", detail, n));
    }
    Ok(out)
}

/// Charitable trusts as statistics rows (read through `trust::service::stats`):
/// accepted filings of the year, their size, the late ones, and the filings
/// waiting and the yearly reports overdue on the day of the figures.
pub fn trust_rows(s: &crate::trust::types::TrustStats) -> Vec<StatRow> {
    vec![
        row("ys_trusts_filed", "", s.filed),
        row("ys_trusts_size", "", format_yuan(s.size_fen)),
        row("ys_trusts_late", "", s.late),
        row("ys_trusts_pending", "", s.pending),
        row("ys_trusts_overdue_reports", "", s.overdue_reports),
    ]
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
    sections.push(StatSection { key: "ys_sec_enforcement".into(), rows: enforcement_rows(db, year, false).await? });
    // Charitable trusts: filed in the year, and their reports overdue at its end (or today).
    let as_of = crate::kernel::clock::today().min(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or_default());
    let trusts = crate::trust::service::stats(db, settings, year, as_of).await?;
    sections.push(StatSection { key: "ys_sec_trusts".into(), rows: trust_rows(&trusts) });

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
