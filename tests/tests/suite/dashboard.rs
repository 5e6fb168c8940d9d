//! The dashboard on SQLite and PostgreSQL: every measure of a known data set
//! exactly (and equal to the features' own figures), the tallies agreeing
//! with the records through inserts, updates and deletes, targets entered
//! by officers (bad input named and nothing written), the year-end
//! statistics with their CSV, and the public statistics.

use chrono::{NaiveDate, Utc};
use http::StatusCode;
use sea_orm::{ConnectionTrait, DatabaseConnection, Value};
use sunshine_tests::{db_test, org_form, pairs, TestApp};

use app::dashboard::service as dash;
use app::dashboard::types::MeasureValue;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// The day the figures are taken: mid-June 2026 (the 2025 reports were due
/// 31 March for foundations, 31 May for the others).
fn today() -> NaiveDate {
    d("2026-06-15")
}

async fn exec(db: &DatabaseConnection, sql: &str, vals: Vec<Value>) {
    app::db::exec(db, sql, vals).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// Registers an organization as an officer (the real form), then sets what a
/// lifecycle would have set: district, status and its date, end of term.
#[allow(clippy::too_many_arguments)]
async fn org(
    app: &mut TestApp,
    n: u32,
    t: &str,
    registered: &str,
    district: &str,
    status: &str,
    status_date: Option<&str>,
    term_end: &str,
) -> i64 {
    let suffix = match t {
        "foundation" => "基金会",
        "social_service" => "服务中心",
        _ => "协会",
    };
    let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut form = org_form(&format!("阳光市看板{}号{suffix}", digits[n as usize]), t, n);
    for (k, v) in form.iter_mut() {
        match k.as_str() {
            "input[registration_date]" => *v = registered.into(),
            "input[district]" => *v = district.into(),
            "input[contact_email]" => *v = format!("c{n}@example.org"),
            _ => {}
        }
    }
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let loc = res.location().unwrap();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap_or_else(|_| panic!("{loc}: {}", res.body));
    exec(
        &app.db,
        "UPDATE organization SET status = ?, status_date = ?, term_end = ? WHERE id = ?",
        vec![status.into(), status_date.map(d).into(), d(term_end).into(), id.into()],
    )
    .await;
    id
}

/// A report of `year`: filed when `filed`, concluded with `conclusion` when given.
async fn report(db: &DatabaseConnection, org: i64, year: i32, filed: bool, conclusion: Option<&str>) {
    let now = Utc::now();
    let status = match (filed, conclusion) {
        (_, Some(_)) => "concluded",
        (true, None) => "submitted",
        (false, None) => "draft",
    };
    let at = filed.then_some(now);
    exec(
        db,
        "INSERT INTO annual_report (org_id, report_year, status, form_json, findings_json, source, version, \
         first_submitted_at, submitted_at, conclusion, created_at, updated_at) \
         VALUES (?, ?, ?, '{}', '[]', 'online', 1, ?, ?, ?, ?, ?)",
        vec![
            org.into(),
            year.into(),
            status.into(),
            at.into(),
            at.into(),
            conclusion.map(str::to_string).into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
}

async fn grade(db: &DatabaseConnection, org: i64, g: &str, announced: &str, valid_to: &str) {
    let now = Utc::now();
    exec(
        db,
        "INSERT INTO rating_grade (org_id, grade, granted_grade, score, announced_on, valid_from, valid_to, status, \
         certificate_no, created_at, updated_at) VALUES (?, ?, ?, 850, ?, ?, ?, 'active', ?, ?, ?)",
        vec![
            org.into(),
            g.into(),
            g.into(),
            d(announced).into(),
            d(announced).into(),
            d(valid_to).into(),
            format!("CERT-{org}").into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
}

async fn outlet(db: &DatabaseConnection, no: &str, status: &str) {
    let now = Utc::now();
    exec(
        db,
        "INSERT INTO lottery_outlet (outlet_no, name, address, district, lng_e6, lat_e6, operator_kind, operator_name, \
         contact_person, contact_phone, terminals, opened_on, status, status_since, created_at, updated_at) \
         VALUES (?, '投注站', '南山区', '南山区', 113900000, 22500000, 'person', '王', '王', '139', 'T1', ?, ?, ?, ?, ?)",
        vec![no.into(), d("2020-01-01").into(), status.into(), d("2026-01-01").into(), now.into(), now.into()],
    )
    .await;
}

fn value(ms: &[MeasureValue], m: &str) -> i64 {
    ms.iter().find(|x| x.measure == m).unwrap_or_else(|| panic!("measure {m}")).value
}

fn share(ms: &[MeasureValue], m: &str) -> (u64, u64) {
    let s = ms.iter().find(|x| x.measure == m).unwrap().share.clone().unwrap();
    (s.num, s.den)
}

/// The known data set; returns the ids A … J.
async fn known_data(app: &mut TestApp) -> Vec<i64> {
    app.officer().await;
    // A: 2020 social group, active, term to 2027 — filed 2025, concluded 合格 (2024 基本合格).
    let a = org(app, 1, "social_group", "2020-01-10", "南山区", "active", None, "2027-01-01").await;
    // B: foundation registered in the second half of 2025 — still obliged for 2025; filed.
    let b = org(app, 2, "foundation", "2025-09-01", "南山区", "active", None, "2030-09-01").await;
    // C: social service registered after 30 June 2025 — not obliged for 2025.
    let c = org(app, 3, "social_service", "2025-08-01", "福田区", "active", None, "2030-08-01").await;
    // D: deregistered on 10 June 2026, after the 31 May deadline — obliged; filed.
    let dd =
        org(app, 4, "social_group", "2019-05-05", "福田区", "deregistered", Some("2026-06-10"), "2024-05-05").await;
    // E: revoked on 1 March 2026, before the deadline — not obliged; a zombie cleared.
    let e = org(app, 5, "social_group", "2019-05-05", "福田区", "revoked", Some("2026-03-01"), "2024-05-05").await;
    // F: registered exactly two years before today (eligible for rating); term ends this month; 2024 合格, 2025 draft.
    let f = org(app, 6, "social_service", "2024-06-15", "南山区", "active", None, "2026-06-30").await;
    // G: registered a day later (not eligible), obliged, nothing filed; rated 2A.
    let g = org(app, 7, "social_group", "2024-06-16", "南山区", "active", None, "2029-06-16").await;
    // H: registered this year.
    let h = org(app, 8, "social_group", "2026-02-01", "罗湖区", "active", None, "2031-02-01").await;
    // I: 合格 but on the abnormal list.
    let i = org(app, 9, "social_group", "2018-03-01", "南山区", "active", None, "2029-03-01").await;
    // J: 合格 but its term ended on 1 June 2026.
    let j = org(app, 10, "social_group", "2015-03-01", "罗湖区", "active", None, "2026-06-01").await;
    let db = app.db.clone();
    report(&db, a, 2024, true, Some("basic")).await;
    report(&db, a, 2025, true, Some("qualified")).await;
    report(&db, b, 2025, true, None).await;
    report(&db, dd, 2025, true, None).await;
    report(&db, f, 2024, true, Some("qualified")).await;
    report(&db, f, 2025, false, None).await;
    report(&db, i, 2025, true, Some("qualified")).await;
    report(&db, j, 2025, true, Some("qualified")).await;
    grade(&db, a, "4A", "2026-01-10", "2030-12-31").await;
    grade(&db, g, "2A", "2025-12-01", "2030-12-31").await;
    let now = Utc::now();
    exec(
        &db,
        "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, \
         created_at) VALUES (?, 'abnormal', 'missed_report', '办法第十条', 'T-1', ?, ?, '民政局', '', ?)",
        vec![i.into(), d("2026-04-01").into(), d("2026-04-01").into(), now.into()],
    )
    .await;
    exec(
        &db,
        "INSERT INTO zombie_case (org_id, status, missed_reports, unreachable, inactive, detected_on, closed_on, \
         updated_at) VALUES (?, 'revoked', ?, ?, ?, ?, ?, ?)",
        vec![
            e.into(),
            true.into(),
            true.into(),
            false.into(),
            d("2025-10-01").into(),
            d("2026-03-01").into(),
            now.into(),
        ],
    )
    .await;
    outlet(&db, "44030001", "open").await;
    outlet(&db, "44030002", "suspended").await;
    outlet(&db, "44030003", "closed").await;
    // A campaign of 2026 drew A and B (and an outlet, not an organization).
    exec(
        &db,
        "INSERT INTO inspection_campaign (name, year, kind, object_kind, filter_type, filter_district, filter_credit, \
         filter_rating, strata_by, size_mode, size_value, risk_percent, per_target, max_per_inspector, period_from, \
         period_to, items, beacon_source, status, created_at, updated_at) VALUES ('2026年抽查', 2026, 'regular', 'org', \
         '', '', '', '', 'none', 'count', 2, 0, 2, 10, ?, ?, '[]', '福彩3D', 'drawn', ?, ?)",
        vec![d("2026-05-01").into(), d("2026-06-01").into(), now.into(), now.into()],
    )
    .await;
    let campaign = app::db::count_from(&db, "FROM inspection_campaign", vec![]).await.unwrap();
    for (pos, (kind, id)) in [("org", a), ("org", b), ("outlet", 1)].into_iter().enumerate() {
        exec(
            &db,
            "INSERT INTO inspection_target (campaign_id, position, stratum, by_weight, object_kind, object_id, org_name, \
             credit_code, district, address, contact, status, checked_items, findings, version) \
             VALUES (?, ?, 'all', ?, ?, ?, '对象', '', '南山区', '', '', 'pending', '', '', 1)",
            vec![campaign.into(), (pos as i32 + 1).into(), false.into(), kind.into(), id.into()],
        )
        .await;
    }
    vec![a, b, c, dd, e, f, g, h, i, j]
}

async fn assert_tallies_agree(db: &DatabaseConnection) {
    let diffs = dash::tally_check(db).await.unwrap();
    assert!(diffs.is_empty(), "tallies disagree: {diffs:#?}");
}

db_test!(every_measure_of_a_known_data_set, |app| {
    let ids = known_data(&mut app).await;
    let db = app.db.clone();
    let settings = app.state.settings.clone();
    assert_tallies_agree(&db).await;
    let orgs = dash::org_tally(&db).await.unwrap();
    let ms = dash::measures(&db, &settings, today(), &orgs).await.unwrap();
    // 参检率 2025: obliged A B D F G I J (C after 30 June, E left before the
    // deadline, H not yet registered); filed A B D I J.
    assert_eq!(share(&ms, "participation"), (5, 7));
    assert_eq!(value(&ms, "participation"), 714);
    // Coverage: eligible A F I J (registered by 15 June 2024); rated A and G.
    assert_eq!(share(&ms, "rating_coverage"), (2, 4));
    assert_eq!(value(&ms, "rating_coverage"), 500);
    // 3A and above: A (4A) of A and G.
    assert_eq!(share(&ms, "rating_top_share"), (1, 2));
    assert_eq!(value(&ms, "new_top_grades"), 1);
    assert_eq!(value(&ms, "inspected_orgs"), 2);
    // Sound governance: A and F (in term, newest conclusion 合格, not listed)
    // of the 8 active; I is listed, J's term is over.
    assert_eq!(share(&ms, "governance"), (2, 8));
    assert_eq!(value(&ms, "governance"), 250);
    assert_eq!(value(&ms, "lottery_outlets"), 2);
    assert_eq!(value(&ms, "new_registrations"), 1);
    assert_eq!(value(&ms, "zombies_cleared"), 1);
    // By district: 南山区 obliged A B F G I, filed A B I.
    let p = ms.iter().find(|m| m.measure == "participation").unwrap().share.clone().unwrap();
    assert_eq!(p.by_district["南山区"], (3, 5));
    assert_eq!(p.by_district["福田区"], (1, 1));
    assert_eq!(p.by_type["foundation"], (1, 1));

    // The same figures as each feature's own page computes from the records.
    let live = app::reports::service::participation(&db, &settings, 2025, 0).await.unwrap();
    assert_eq!((live.overall.filed, live.overall.obliged), share(&ms, "participation"));
    let rating = app::rating::grades::kpi(&db, &settings, today()).await.unwrap();
    assert_eq!((rating.rated, rating.eligible), share(&ms, "rating_coverage"));
    let credit = app::credit::service::kpis(&db, &settings, today()).await.unwrap();
    assert_eq!((credit.sound_governance, credit.active_orgs), share(&ms, "governance"));

    // Changes move the tallies in the same transaction: J moves district and
    // leaves, A's 2025 conclusion becomes 不合格, D's report is withdrawn.
    let (a, dd, j) = (ids[0], ids[3], ids[9]);
    exec(&db, "UPDATE organization SET district = '福田区' WHERE id = ?", vec![j.into()]).await;
    exec(
        &db,
        "UPDATE organization SET status = 'deregistered', status_date = ? WHERE id = ?",
        vec![d("2026-04-01").into(), j.into()],
    )
    .await;
    exec(
        &db,
        "UPDATE annual_report SET conclusion = 'unqualified' WHERE org_id = ? AND report_year = 2025",
        vec![a.into()],
    )
    .await;
    exec(&db, "DELETE FROM annual_report WHERE org_id = ? AND report_year = 2025", vec![dd.into()]).await;
    assert_tallies_agree(&db).await;
    let orgs = dash::org_tally(&db).await.unwrap();
    let ms = dash::measures(&db, &settings, today(), &orgs).await.unwrap();
    // J left before the deadline: no longer obliged; D obliged but not filed.
    assert_eq!(share(&ms, "participation"), (3, 6));
    let live = app::reports::service::participation(&db, &settings, 2025, 0).await.unwrap();
    assert_eq!((live.overall.filed, live.overall.obliged), (3, 6));
    // A's newest conclusion is 不合格: only F is sound, of 7 active.
    assert_eq!(share(&ms, "governance"), (1, 7));
    let credit = app::credit::service::kpis(&db, &settings, today()).await.unwrap();
    assert_eq!((credit.sound_governance, credit.active_orgs), (1, 7));
    assert_eq!(share(&ms, "rating_coverage"), (2, 3));

    // The dashboard: targets with value, progress and trend; queues; months.
    dash::snapshot(&db, &settings, today()).await.unwrap();
    let actor = app::audit::service::Actor::system("test");
    assert_eq!(dash::add_work_plan(&db, &actor, 2026).await.unwrap(), 7);
    assert_eq!(dash::add_work_plan(&db, &actor, 2026).await.unwrap(), 0, "never twice");
    let v = dash::dashboard(&db, &settings, today(), 2026).await.unwrap();
    assert_eq!(v.targets.len(), 7);
    let part = v.targets.iter().find(|t| t.measure == "participation").unwrap();
    assert_eq!((part.target, part.value, part.progress, part.met), (970, 500, 515, false));
    assert_eq!(part.trend, vec![("2026-06".to_string(), 500)]);
    let outlets = v.targets.iter().find(|t| t.measure == "lottery_outlets").unwrap();
    assert_eq!((outlets.target, outlets.value), (1700, 2));
    let june = v.months.iter().find(|m| m.month == "2026-06").unwrap();
    assert_eq!((june.registered, june.exited), (0, 1), "D deregistered in June");
    let feb = v.months.iter().find(|m| m.month == "2026-02").unwrap();
    assert_eq!(feb.registered, 1);
    let q = |key: &str| v.queues.iter().find(|q| q.key == key).unwrap().clone();
    assert_eq!((q("dash_q_reports").open, q("dash_q_reports").overdue), (1, 0), "B's report awaits review");
    assert_eq!((q("dash_q_non_filers").open, q("dash_q_non_filers").overdue), (3, 3));
    assert_eq!(q("dash_q_inspections").overdue, 3, "the period ended on 1 June");
    let active: u64 = v.counts.iter().filter(|c| c.1 == "active").map(|c| c.2).sum();
    assert_eq!(active, 7);

    // Grades move `grade_tally` in the same transaction: F gets a 3A that
    // runs out later this month (in force), I a 5A that ran out on 10 June
    // (not in force, then deleted), H a 2A to July; A (4A) moves district;
    // G's 2A is downgraded to 1A, then G is deregistered.
    let (f, g, h, i) = (ids[5], ids[6], ids[7], ids[8]);
    grade(&db, f, "3A", "2023-06-20", "2026-06-20").await;
    grade(&db, i, "5A", "2023-06-10", "2026-06-10").await;
    grade(&db, h, "2A", "2026-03-01", "2026-07-31").await;
    assert_tallies_agree(&db).await;
    exec(&db, "UPDATE organization SET district = '福田区' WHERE id = ?", vec![a.into()]).await;
    exec(&db, "UPDATE rating_grade SET grade = '1A' WHERE org_id = ?", vec![g.into()]).await;
    assert_tallies_agree(&db).await;
    exec(
        &db,
        "UPDATE organization SET status = 'deregistered', status_date = ? WHERE id = ?",
        vec![d("2026-06-12").into(), g.into()],
    )
    .await;
    exec(&db, "DELETE FROM rating_grade WHERE org_id = ?", vec![i.into()]).await;
    assert_tallies_agree(&db).await;
    let orgs = dash::org_tally(&db).await.unwrap();
    let ms = dash::measures(&db, &settings, today(), &orgs).await.unwrap();
    // In force: A 4A, F 3A, H 2A; eligible A F I.
    assert_eq!(share(&ms, "rating_coverage"), (3, 3));
    assert_eq!(share(&ms, "rating_top_share"), (2, 3));
    let cov = ms.iter().find(|m| m.measure == "rating_coverage").unwrap().share.clone().unwrap();
    assert_eq!(cov.by_district["福田区"], (1, 1), "A counts in its new district");
    let rating = app::rating::grades::kpi(&db, &settings, today()).await.unwrap();
    assert_eq!((rating.rated, rating.eligible), (3, 3));
    assert_eq!(rating.top, 2);
    // The grade running out on 20 June is gone from the 21st.
    let later = d("2026-06-21");
    let ms = dash::measures(&db, &settings, later, &orgs).await.unwrap();
    let rating = app::rating::grades::kpi(&db, &settings, later).await.unwrap();
    assert_eq!(share(&ms, "rating_coverage"), (rating.rated, rating.eligible));
    assert_eq!(rating.rated, 2);

    // One statement writing two filed reports of an organization (as the
    // demo seed and imports do): on PostgreSQL the row triggers run after the
    // statement, the first one's change of `last_conclusion` recounting the
    // organization's reports before the second is counted.
    let c = ids[2];
    let now = Utc::now();
    exec(
        &db,
        "INSERT INTO annual_report (org_id, report_year, status, form_json, findings_json, source, version, \
         first_submitted_at, submitted_at, conclusion, created_at, updated_at) VALUES \
         (?, 2024, 'concluded', '{}', '[]', 'online', 1, ?, ?, 'basic', ?, ?), \
         (?, 2025, 'concluded', '{}', '[]', 'online', 1, ?, ?, 'qualified', ?, ?)",
        vec![
            c.into(),
            now.into(),
            now.into(),
            now.into(),
            now.into(),
            c.into(),
            now.into(),
            now.into(),
            now.into(),
            now.into(),
        ],
    )
    .await;
    assert_tallies_agree(&db).await;
    let ms = dash::measures(&db, &settings, today(), &dash::org_tally(&db).await.unwrap()).await.unwrap();
    let live = app::reports::service::participation(&db, &settings, 2025, 0).await.unwrap();
    assert_eq!((live.overall.filed, live.overall.obliged), share(&ms, "participation"));
    let credit = app::credit::service::kpis(&db, &settings, today()).await.unwrap();
    assert_eq!((credit.sound_governance, credit.active_orgs), share(&ms, "governance"));

    // The recount names a tally edited behind the triggers' back.
    exec(&db, "UPDATE grade_tally SET n = n + 1 WHERE grade = '4A'", vec![]).await;
    exec(&db, "UPDATE organization SET last_conclusion = 'basic' WHERE id = ?", vec![ids[0].into()]).await;
    let diffs = dash::tally_check(&db).await.unwrap();
    assert!(
        diffs.iter().any(|d| d.starts_with("grade_tally 4A|social_group|福田区|2030-12: kept 2, records 1")),
        "{diffs:#?}"
    );
    assert!(diffs.iter().any(|d| d.starts_with("organization.last_conclusion: 1 differ")), "{diffs:#?}");
});

// The dashboard reads `org_tally` with the months before the first month any
// figure tells apart summed by the database: the same figures as from every
// row, on any day and for any year of the dashboard.
db_test!(the_summed_tally_gives_the_same_figures, |app| {
    known_data(&mut app).await;
    let db = app.db.clone();
    let settings = app.state.settings.clone();
    // Rating: registered by 15 June 2024 (so May 2024 and before); the
    // 2025 filings: by 30 June 2025; the year: from January 2026.
    assert_eq!(dash::tally_floor(&settings, today(), 2026), "2024-05");
    assert_eq!(dash::tally_floor(&settings, today(), 2019), "2019-01");
    let full = dash::org_tally(&db).await.unwrap();
    for day in [today(), d("2026-06-21"), d("2026-01-01"), d("2026-12-31"), d("2027-03-01")] {
        let floor = dash::tally_floor(&settings, day, 2026);
        let summed = dash::org_tally_from(&db, &floor).await.unwrap();
        assert!(summed.len() < full.len(), "{day}: {} rows of {}", summed.len(), full.len());
        assert!(summed.iter().all(|r| r.month == "0000-00" || r.month >= floor), "{day}");
        assert_eq!(summed.iter().map(|r| r.n).sum::<u64>(), full.iter().map(|r| r.n).sum::<u64>());
        let a = dash::measures(&db, &settings, day, &full).await.unwrap();
        let b = dash::measures(&db, &settings, day, &summed).await.unwrap();
        assert_eq!(a, b, "{day}");
    }
    // The dashboard's counts and months agree with every row of the tally.
    for year in [2026, 2025, 2019] {
        let v = dash::dashboard(&db, &settings, today(), year).await.unwrap();
        let mut counts = std::collections::BTreeMap::<(String, String), u64>::new();
        for r in &full {
            *counts.entry((r.org_type.clone(), r.status.clone())).or_default() += r.n;
        }
        let counts: Vec<_> = counts.into_iter().map(|((t, s), n)| (t, s, n)).collect();
        assert_eq!(v.counts, counts, "{year}");
        for m in &v.months {
            let n: u64 = full.iter().filter(|r| r.month == m.month).map(|r| r.n).sum();
            assert_eq!(m.registered, n, "{year} {}", m.month);
        }
    }
    let v = dash::dashboard(&db, &settings, today(), 2019).await.unwrap();
    assert_eq!(v.months.iter().find(|m| m.month == "2019-05").unwrap().registered, 2, "D and E");
});

db_test!(targets_are_entered_and_checked, |app| {
    // Only staff.
    let res = app.call("/api/dashboard/view", &[]).await;
    assert!(res.status == StatusCode::UNAUTHORIZED || res.status == StatusCode::FORBIDDEN, "{}", res.status);
    app.officer().await;
    let before = app.count("dashboard_target").await;
    let res = app
        .call(
            "/api/dashboard/target/save",
            &[
                ("input[year]", "20x6"),
                ("input[name]", ""),
                ("input[measure]", "governance"),
                ("input[target]", "97.55"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    for field in ["year", "name", "target"] {
        assert!(res.body.contains(&format!("\"{field}\"")), "{field} named: {}", res.body);
    }
    let res = app
        .call(
            "/api/dashboard/target/save",
            &[
                ("input[year]", "2026"),
                ("input[name]", "网点"),
                ("input[measure]", "lottery_outlets"),
                ("input[target]", "1,700.5"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_dash_target_count"), "{}", res.body);
    assert_eq!(app.count("dashboard_target").await, before, "nothing written");

    // A good target, through the plain form (JavaScript off): a redirect.
    let res = app
        .post_form(
            "/api/dashboard/target/save",
            "/officer/dashboard/targets?year=2026",
            &[
                ("input[year]", "2026"),
                ("input[name]", "年检参检率"),
                ("input[measure]", "participation"),
                ("input[target]", "97"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().unwrap(), "/officer/dashboard/targets?year=2026");
    let list = dash::target_list(&app.db, 2026).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].1.target, "97");
    let id = list[0].0.to_string();
    // The same name twice in a year is refused.
    let res = app
        .call(
            "/api/dashboard/target/save",
            &[
                ("input[year]", "2026"),
                ("input[name]", "年检参检率"),
                ("input[measure]", "governance"),
                ("input[target]", "90"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_dash_target_exists"), "{}", res.body);
    // Changed, then shown on the dashboard and the targets page.
    let res = app
        .call(
            "/api/dashboard/target/save",
            &[
                ("id", id.as_str()),
                ("input[year]", "2026"),
                ("input[name]", "年检参检率"),
                ("input[measure]", "participation"),
                ("input[target]", "97.5%"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(dash::target_list(&app.db, 2026).await.unwrap()[0].1.target, "97.5");
    let page = app.get("/officer/dashboard?year=2026").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("年检参检率") && page.body.contains("97.5%"), "{}", page.body);
    assert!(page.body.contains("<svg"), "charts drawn by the server");
    let page = app.get("/officer/dashboard/targets?year=2026").await;
    assert!(page.body.contains("97.5%"), "{}", page.body);
    let page = app.get(&format!("/officer/dashboard/targets?year=2026&edit={id}")).await;
    assert!(page.body.contains("value=\"97.5\""), "{}", page.body);
    // The audit trail has each change.
    let audited =
        app::db::count_from(&app.db, "FROM audit_log WHERE entity = 'dashboard_target'", vec![]).await.unwrap();
    assert_eq!(audited, 2);
    let res = app.call("/api/dashboard/target/delete", &[("id", id.as_str())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(dash::target_list(&app.db, 2026).await.unwrap().is_empty());
    // The change and the deletion record the target as it was.
    let rows = app
        .db
        .query_all_raw(app::db::stmt(
            app.db.get_database_backend(),
            "SELECT action, before_json FROM audit_log WHERE entity = 'dashboard_target' AND before_json IS NOT NULL \
             ORDER BY seq",
            vec![],
        ))
        .await
        .unwrap();
    let before: Vec<(String, serde_json::Value)> = rows
        .iter()
        .map(|r| {
            let json: String = r.try_get("", "before_json").unwrap();
            (r.try_get("", "action").unwrap(), serde_json::from_str(&json).unwrap())
        })
        .collect();
    assert_eq!(before.len(), 2, "{before:?}");
    assert_eq!(before[0].0, "target_change");
    assert_eq!(before[0].1["target"], 970);
    assert_eq!(before[1].0, "target_delete");
    assert_eq!(before[1].1["year"], 2026);
    assert_eq!(before[1].1["target"], 975);
});

db_test!(year_end_and_public_statistics, |app| {
    known_data(&mut app).await;
    let s = dash::year_stats(&app.db, &app.state.settings, 2026).await.unwrap();
    let get = |key: &str, detail: &str| {
        s.sections
            .iter()
            .flat_map(|x| x.rows.iter())
            .find(|r| r.key == key && r.detail == detail)
            .map(|r| r.value.clone())
            .unwrap_or_else(|| panic!("{key} {detail}"))
    };
    assert_eq!(get("ys_registered", ""), "1");
    assert_eq!(get("ys_deregistered", ""), "1");
    assert_eq!(get("ys_revoked", ""), "1");
    assert_eq!(get("ys_obliged", ""), "7");
    assert_eq!(get("ys_filed", ""), "5");
    assert_eq!(get("ys_participation", ""), "71.4%");
    assert_eq!(get("ys_concluded", "rpt_conclusion_qualified"), "3");
    assert_eq!(get("ys_granted", ""), "1");
    assert_eq!(get("ys_granted", "4A"), "1");
    assert_eq!(get("ys_drawn", ""), "3");
    assert_eq!(get("ys_listed", "cr_list_abnormal"), "1");
    assert_eq!(get("ys_zombies_closed", "zb_status_revoked"), "1");
    assert_eq!(get("ys_outlets_closed", ""), "1");

    // The CSV opens in Excel: BOM, Chinese labels.
    let csv = app.get("/officer/statistics/export.csv?year=2026").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(csv.body.contains("登记管理,成立登记,,1"), "{}", csv.body);
    assert!(csv.body.contains("年度检查,参检率,,71.4%"), "{}", csv.body);
    let page = app.get("/officer/statistics?year=2026").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("2026 年度社会组织监管统计"), "{}", page.body);

    // Public: headline figures for anyone, no personal data.
    app.logout().await;
    let page = app.get("/public/statistics").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"stat-active\""), "{}", page.body);
    assert!(!page.body.contains("0755-88886666") && !page.body.contains("example.org"), "no contacts");
    let csv = app.get("/officer/statistics/export.csv?year=2026").await;
    assert_ne!(csv.status, StatusCode::OK, "the officers' statistics need a login");
});
