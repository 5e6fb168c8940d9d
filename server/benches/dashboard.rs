//! The dashboard over a register of a million organizations (SQLite).
//!
//! ```sh
//! cargo bench -p server --bench dashboard
//! BENCH_ORGS=200000 cargo bench -p server --bench dashboard
//! BENCH_DB=postgres://postgres@127.0.0.1:55432/dashboard cargo bench -p server --bench dashboard
//! ```
//!
//! The register is `target/bench/dashboard.db` (or the PostgreSQL database
//! `BENCH_DB` names, which must exist), built once and kept (from
//! the search benchmark's register when there is one): the
//! deterministic demo register (`seed_orgs`, the seed of `server seed-demo`)
//! up to `BENCH_ORGS` (default 1,000,000) organizations, then, with plain SQL
//! so the database's own triggers keep the tallies: unless the seed wrote
//! reports, last year's annual report for nine in ten organizations (six in ten concluded, most of them 合格),
//! a grade for one in eight, the abnormal list for one in a hundred, and the
//! work plan's targets.
//!
//! Measured: the dashboard's figures (`dashboard::service::dashboard`, every
//! measure, target, queue and month) and the whole page as an officer's
//! browser gets it (`GET /officer/dashboard` through the real router, server-
//! side rendered), each the median and the slowest of 7 runs after one
//! warm-up; then the same participation computed by reading the records
//! (`reports::service::participation`, what the dashboard would do without
//! the tallies) for comparison, and the check that the tallies agree with the
//! records (`verify-stats`). Exits with 1 if they do not.

mod common;

use common::env_u64;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::auth::service::{create_user, new_token, NewUser};
use app::auth::types::Role;
use app::state::Settings;
use chrono::{Datelike, Utc};
use http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait, Set};
use tower::ServiceExt;

fn root() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

/// Median and slowest of `runs` timed runs after one warm-up.
async fn time<T, F, Fut>(runs: usize, mut f: F) -> (Duration, Duration, T)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = T>,
{
    let mut last = f().await;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        last = f().await;
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1], last)
}

async fn exec(db: &sea_orm::DatabaseConnection, sql: &str) {
    db.execute_unprepared(sql).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::main]
async fn main() {
    let n = env_u64("BENCH_ORGS", 1_000_000);
    let url = match std::env::var("BENCH_DB") {
        Ok(url) if !url.trim().is_empty() => url,
        _ => {
            let path = root().join("target/bench/dashboard.db");
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            // The search benchmark's register (the same seed) saves seeding it again.
            let search = root().join("target/bench/search.db");
            if !path.exists() && search.exists() {
                println!("starting from {}", search.display());
                std::fs::copy(&search, &path).expect("copy the register");
            }
            format!("sqlite://{}?mode=rwc", path.display())
        }
    };
    println!("dashboard benchmark: {url}");
    let db = server::connect(&url).await.expect("connect");
    server::migrate(&db).await.expect("migrate");
    let settings = Settings::default();
    let today = app::kernel::clock::today();
    let report_year = settings.report_year;

    let have = entity::organization::Entity::find().count(&db).await.unwrap();
    if have < n {
        let started = Instant::now();
        println!("seeding {} organizations (kept for the next run)", n - have);
        server::seed::seed_orgs(&db, &settings, 2026, have, n, |k| {
            if k % 100_000 == 0 {
                println!("  {k} organizations ({:.0?})", started.elapsed());
            }
        })
        .await
        .expect("seed");
        println!("seeded in {:.1?}", started.elapsed());
    }
    let reports = app::db::count_from(&db, "FROM annual_report", vec![]).await.unwrap();
    // The demo seed may have written reports already; the older one did not.
    if reports == 0 {
        let started = Instant::now();
        let now = Utc::now().to_rfc3339();
        exec(
            &db,
            &format!(
                "INSERT INTO annual_report (org_id, report_year, status, form_json, findings_json, source, version, \
                 first_submitted_at, submitted_at, conclusion, created_at, updated_at) \
                 SELECT id, {report_year}, CASE WHEN id % 10 < 6 THEN 'concluded' ELSE 'submitted' END, '{{}}', '[]', \
                 'online', 1, '{now}', '{now}', CASE WHEN id % 10 < 5 THEN 'qualified' WHEN id % 10 < 6 THEN 'basic' END, \
                 '{now}', '{now}' FROM organization WHERE id % 10 <> 9"
            ),
        )
        .await;
        println!("reports written in {:.1?}", started.elapsed());
    }
    let grades = app::db::count_from(&db, "FROM rating_grade", vec![]).await.unwrap();
    if grades == 0 {
        let started = Instant::now();
        let now = Utc::now().to_rfc3339();
        exec(
            &db,
            &format!(
                "INSERT INTO rating_grade (org_id, grade, granted_grade, score, announced_on, valid_from, valid_to, \
                 status, certificate_no, created_at, updated_at) \
                 SELECT id, CASE id % 5 WHEN 0 THEN '5A' WHEN 1 THEN '4A' WHEN 2 THEN '3A' WHEN 3 THEN '2A' ELSE '1A' END, \
                 CASE id % 5 WHEN 0 THEN '5A' WHEN 1 THEN '4A' WHEN 2 THEN '3A' WHEN 3 THEN '2A' ELSE '1A' END, 800, \
                 '{y}-03-01', '{y}-01-01', '{z}-12-31', 'active', 'B' || id, '{now}', '{now}' \
                 FROM organization WHERE status = 'active' AND id % 8 = 3",
                y = today.year(),
                z = today.year() + 4
            ),
        )
        .await;
        exec(
            &db,
            &format!(
                "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, \
                 created_at) SELECT id, 'abnormal', 'missed_report', '办法', 'B' || id, '{d}', '{d}', '民政局', '', '{now}' \
                 FROM organization WHERE status = 'active' AND id % 100 = 7",
                d = today
            ),
        )
        .await;
        let actor = app::audit::service::Actor::system("bench");
        app::dashboard::service::add_work_plan(&db, &actor, today.year()).await.expect("targets");
        app::dashboard::service::snapshot(&db, &settings, today).await.expect("snapshot");
        if db.get_database_backend() == sea_orm::DbBackend::Postgres {
            exec(&db, "VACUUM ANALYZE").await;
        }
        println!("grades, listings and targets written in {:.1?}", started.elapsed());
    }
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { app::db::count_from(&db, sql, vec![]).await.unwrap() }
    };
    println!(
        "\nregister: {} organizations ({} active), {} annual reports, {} grades, {} credit listings",
        count("FROM organization").await,
        count("FROM organization WHERE status = 'active'").await,
        count("FROM annual_report").await,
        count("FROM rating_grade").await,
        count("FROM credit_entry").await
    );

    // An officer's session, for the page.
    let (token, sid) = new_token();
    let username = format!("bench{}", Utc::now().timestamp_micros());
    let txn = app::db::begin_write(&db).await.unwrap();
    let user = create_user(
        &txn,
        &app::audit::service::Actor::system("bench"),
        NewUser {
            username: &username,
            display_name: "看板",
            email: "bench@example.org",
            role: Role::Officer,
            org_id: None,
            password: None,
        },
    )
    .await
    .expect("officer");
    entity::session::Entity::insert(entity::session::ActiveModel {
        id: Set(sid),
        user_id: Set(user),
        created_at: Set(Utc::now()),
        last_seen_at: Set(Utc::now()),
    })
    .exec_without_returning(&*txn)
    .await
    .expect("session");
    txn.commit().await.unwrap();

    let runs = 7;
    println!("\n## The dashboard ({runs} runs after a warm-up; target: under 1 s)");
    let (med, max, view) = time(runs, || app::dashboard::service::dashboard(&db, &settings, today, today.year())).await;
    let view = view.expect("dashboard");
    println!("- figures (every measure, target, queue, month): median {}, slowest {}", ms(med), ms(max));
    for m in &view.measures {
        println!("    {:<18} {}", m.measure, app::domain::dashboard::format_value(m.value, m.unit));
    }

    // Where the time goes, part by part (medians).
    let (med, _, _) = time(runs, || app::dashboard::service::org_tally(&db)).await;
    println!("    (every row of org_tally: {})", ms(med));
    let floor = app::dashboard::service::tally_floor(&settings, today, today.year());
    let orgs = app::dashboard::service::org_tally_from(&db, &floor).await.unwrap();
    let (med, _, _) = time(runs, || app::dashboard::service::org_tally_from(&db, &floor)).await;
    println!("    of which: org_tally from {floor} ({} rows) {}", orgs.len(), ms(med));
    let (med, _, _) = time(runs, || app::dashboard::service::participation(&db, &settings, report_year, &orgs)).await;
    println!("    of which: participation {}", ms(med));
    let (med, _, _) = time(runs, || app::dashboard::service::rating(&db, today, &orgs)).await;
    println!("    of which: rating coverage and 3A+ share {}", ms(med));
    let (med, _, _) = time(runs, || app::dashboard::service::governance(&db, today, &orgs)).await;
    println!("    of which: governance {}", ms(med));
    let (med, _, _) = time(runs, || app::dashboard::service::measures(&db, &settings, today, &orgs)).await;
    println!("    of which: all nine measures {}", ms(med));

    let state = server::app_state(db.clone(), settings.clone());
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("sunshine")
        .site_root(root().join("target/site").display().to_string())
        .site_pkg_dir("pkg")
        .build();
    let router = server::web::router(state, options);
    let cookie = format!("{}={token}", app::auth::service::COOKIE);
    let (med, max, bytes) = time(runs, || {
        let router = router.clone();
        let cookie = cookie.clone();
        async move {
            let req = Request::get("/officer/dashboard")
                .header(header::COOKIE, cookie)
                .body(axum::body::Body::empty())
                .unwrap();
            let res = router.oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            let body = res.into_body().collect().await.unwrap().to_bytes();
            assert!(String::from_utf8_lossy(&body).contains("targets-table"), "the page shows the targets");
            body.len()
        }
    })
    .await;
    println!(
        "- the page, server-side rendered for an officer: median {}, slowest {} ({} KB)",
        ms(med),
        ms(max),
        bytes / 1024
    );

    println!("\n## For comparison: participation read from the records");
    let t = Instant::now();
    let live = app::reports::service::participation(&db, &settings, report_year, 0).await.unwrap();
    println!(
        "- reports::service::participation: {} ({} of {})",
        ms(t.elapsed()),
        live.overall.filed,
        live.overall.obliged
    );
    let part = view.measures.iter().find(|m| m.measure == "participation").and_then(|m| m.share.clone()).unwrap();
    println!("- the dashboard's (tallies): {} of {}", part.num, part.den);

    println!("\n## The tallies against the records");
    let t = Instant::now();
    let diffs = app::dashboard::service::tally_check(&db).await.unwrap();
    println!("- recount: {} ({} differences)", ms(t.elapsed()), diffs.len());
    if !diffs.is_empty() || (part.num, part.den) != (live.overall.filed, live.overall.obliged) {
        for d in diffs.iter().take(20) {
            println!("  {d}");
        }
        println!("the tallies DISAGREE with the records");
        std::process::exit(1);
    }
    println!("the tallies agree with the records");
}
