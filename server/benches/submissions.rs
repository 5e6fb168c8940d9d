//! Deadline-rush benchmark: annual-report submissions per second over real
//! HTTP on SQLite, and a check that none was lost.
//!
//! ```sh
//! cargo bench -p server --bench submissions
//! BENCH_ORGS=5000 BENCH_CONCURRENCY=128 cargo bench -p server --bench submissions
//! ```
//!
//! A fresh SQLite file in a temporary folder (`server::connect`, so the pool
//! and pragmas are the server's) gets the deterministic demo register topped
//! up until `BENCH_ORGS` (default 2,000) organizations are active and obliged
//! to file for the report year, one organization-user account for each of
//! them and a live session (written directly: signing 2,000 users in through
//! argon2 would dominate the run). The sessions were last seen five minutes
//! ago — the users spent them filling in the form — so each submission also
//! refreshes its session, as it would at the real deadline.
//!
//! The real router is served with `axum::serve` on a loopback port (its own
//! tokio runtime); a client on a second runtime posts one submission per
//! organization to `/api/reports/save` exactly as the hydrated page does
//! (form-urlencoded, `Accept: application/json`, same-site `Origin`, the
//! session cookie), `BENCH_CONCURRENCY` (default 64) at a time, each on a new
//! connection (every organization is a different browser). Every answer must
//! be 200; afterwards the database must hold exactly one submitted report per
//! organization with the figures sent, one history event and one audit record
//! each, and an intact audit chain. The process exits with 1 otherwise.

mod common;

use common::{cpu_model, env_u64, load_average, ms, percentile};
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::audit::types::ChainCheck;
use app::domain::annual_report::{check_form, form_from_figures, Financials, ReportForm};
use app::domain::money::format_yuan;
use app::domain::org_type::OrgType;
use app::state::Settings;
use axum::body::Bytes;
use chrono::Utc;
use http::{header, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use server::seed::seed_orgs;

/// The seed of `server seed-demo`.
const DATA_SEED: u64 = 2026;
/// The seed of the report figures.
const FORM_SEED: u64 = 20260531;
/// The throughput the deadline rush needs (submissions per second).
const TARGET_PER_SECOND: f64 = 500.0;
/// How long ago the users' sessions were last seen, by default (minutes).
const SESSION_AGE_MINUTES: u64 = 5;

/// One organization that files: its id, its session token and the form it sends.
struct Filer {
    org_id: i64,
    token: String,
    body: String,
    income_total: i64,
    net_assets: i64,
}

/// The outcome of one request.
struct Sample {
    time: Duration,
    status: Option<StatusCode>,
    error: String,
}

/// Amounts in 分 with cents, from `lo` to `hi` yuan.
fn fen(rng: &mut StdRng, lo: i64, hi: i64) -> i64 {
    rng.gen_range(lo * 100..=hi * 100)
}

/// A complete, valid report of an organization of `org_type`, different for
/// every organization: the statements add up and balance; foundations state
/// their fundraising status and last year's figures (none are on file).
fn report_form(org_id: i64, org_type: OrgType) -> (ReportForm, Financials) {
    let mut rng = StdRng::seed_from_u64(FORM_SEED.wrapping_mul(31).wrapping_add(org_id as u64));
    let mut f = Financials {
        income_donations: fen(&mut rng, 0, 2_000_000),
        income_grants: fen(&mut rng, 0, 500_000),
        income_services: fen(&mut rng, 0, 1_000_000),
        income_dues: if org_type == OrgType::SocialGroup { fen(&mut rng, 0, 300_000) } else { 0 },
        income_investment: fen(&mut rng, 0, 100_000),
        income_other: fen(&mut rng, 0, 50_000),
        ..Financials::default()
    };
    f.income_total =
        f.income_donations + f.income_grants + f.income_services + f.income_dues + f.income_investment + f.income_other;
    f.spend_activities = f.income_total * rng.gen_range(50..=85) / 100;
    f.spend_admin = f.income_total * rng.gen_range(5..=15) / 100;
    f.spend_fundraising = if org_type == OrgType::Foundation { f.income_total * rng.gen_range(0..=3) / 100 } else { 0 };
    f.spend_other = fen(&mut rng, 0, 20_000);
    f.spend_total = f.spend_activities + f.spend_admin + f.spend_fundraising + f.spend_other;
    f.assets = fen(&mut rng, 100_000, 20_000_000);
    f.liabilities = f.assets * rng.gen_range(0..=60) / 100;
    f.net_assets = f.assets - f.liabilities;
    let foundation = org_type == OrgType::Foundation;
    let form = ReportForm {
        changes: if rng.gen_ratio(1, 5) {
            "本年度变更住所一次，已办理变更登记".into()
        } else {
            "无".into()
        },
        board_meetings: rng.gen_range(1..=6).to_string(),
        activities: format!(
            "开展培训、咨询和公益服务活动{}场，服务{}人次",
            rng.gen_range(3..60),
            rng.gen_range(100..20_000)
        ),
        projects: rng.gen_range(0..=12).to_string(),
        staff_full_time: rng.gen_range(0..=40).to_string(),
        staff_part_time: rng.gen_range(0..=10).to_string(),
        volunteers: rng.gen_range(0..=500).to_string(),
        public_fundraising: if !foundation {
            String::new()
        } else if rng.gen_bool(0.3) {
            "yes".into()
        } else {
            "no".into()
        },
        prior_income_total: if foundation { format_yuan(fen(&mut rng, 0, 3_000_000)) } else { String::new() },
        prior_net_assets: if foundation { format_yuan(fen(&mut rng, 2_000_000, 50_000_000)) } else { String::new() },
        ..form_from_figures(&f)
    }
    .without_party_organization("暂无党员");
    (form, f)
}

/// Seeds the register, the accounts and the sessions; returns the size of
/// the register and the filers.
async fn prepare(db: &DatabaseConnection, settings: &Settings, n: u64, session_age: u64) -> (u64, Vec<Filer>) {
    let year = settings.report_year;
    // The demo register holds organizations that are inactive, not yet obliged
    // or already done with this year's report (the demo data has reports in
    // every state); it grows until `n` organizations are left to file.
    let started = Instant::now();
    let mut total = 0u64;
    let mut open = Vec::new();
    while (open.len() as u64) < n {
        assert!(total < 100 * n, "the demo data leaves too few organizations to file ({} of {total})", open.len());
        let to = total + n.max(500);
        seed_orgs(db, settings, DATA_SEED, total, to, |_| {}).await.expect("seed");
        total = to;
        open = common::open_filers(db, settings, year).await;
    }
    open.truncate(n as usize);
    println!("seeded {total} organizations in {:.1?}", started.elapsed());
    let eligible = open;

    let started = Instant::now();
    let txn = app::db::begin_write(db).await.expect("begin");
    let last_seen = Utc::now() - chrono::Duration::minutes(session_age as i64);
    let mut filers = Vec::with_capacity(eligible.len());
    for o in &eligible {
        let token = common::org_user_session(&txn, o, last_seen).await;
        let org_type = OrgType::parse(&o.org_type).expect("org type");
        let (form, figures) = report_form(o.id, org_type);
        let checked = check_form(&form, org_type, None);
        assert!(!checked.has_errors(), "benchmark bug: invalid form for {}: {:?}", o.name, checked.findings);
        filers.push(Filer {
            org_id: o.id,
            token,
            body: common::save_body(year, 0, "submit", &form),
            income_total: figures.income_total,
            net_assets: figures.net_assets,
        });
    }
    txn.commit().await.expect("commit");
    println!("created {} organization users with sessions in {:.1?}", filers.len(), started.elapsed());
    (total, filers)
}

/// Posts every filer's submission, `concurrency` at a time; returns the
/// samples (in no particular order) and the wall-clock time.
async fn rush(addr: std::net::SocketAddr, filers: Arc<Vec<Filer>>, concurrency: usize) -> (Vec<Sample>, Duration) {
    // No idle connections are kept: every organization is a different browser.
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build_http();
    let host = addr.to_string();
    let origin = format!("http://{host}");
    let uri: http::Uri = format!("http://{host}/api/reports/save").parse().expect("uri");
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, filers, next) = (client.clone(), filers.clone(), next.clone());
        let (host, origin, uri) = (host.clone(), origin.clone(), uri.clone());
        workers.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(f) = filers.get(i) else { break };
                let req = Request::builder()
                    .method(Method::POST)
                    .uri(uri.clone())
                    .header(header::HOST, &host)
                    .header(header::ORIGIN, &origin)
                    .header(header::ACCEPT, "application/json")
                    .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                    .header(header::COOKIE, format!("sid={}", f.token))
                    .body(Full::new(Bytes::from(f.body.clone())))
                    .expect("request");
                let t = Instant::now();
                let sample = match client.request(req).await {
                    Ok(res) => {
                        let status = res.status();
                        match res.into_body().collect().await {
                            Ok(body) => {
                                let body = body.to_bytes();
                                let error = if status == StatusCode::OK {
                                    String::new()
                                } else {
                                    format!("org {}: {}", f.org_id, String::from_utf8_lossy(&body))
                                };
                                Sample { time: t.elapsed(), status: Some(status), error }
                            }
                            Err(e) => Sample {
                                time: t.elapsed(),
                                status: None,
                                error: format!("org {}: reading the answer: {e}", f.org_id),
                            },
                        }
                    }
                    Err(e) => Sample { time: t.elapsed(), status: None, error: format!("org {}: {e:?}", f.org_id) },
                };
                out.push(sample);
            }
            out
        }));
    }
    let mut samples = Vec::with_capacity(filers.len());
    for w in workers {
        samples.extend(w.await.expect("client task"));
    }
    (samples, started.elapsed())
}

/// Counters of the database, taken before and after the rush.
#[derive(Clone, Copy)]
struct Counts {
    reports: i64,
    submitted: i64,
    events: i64,
    audits: i64,
}

async fn counts(db: &DatabaseConnection, year: i32) -> Counts {
    let y = || vec![sea_orm::Value::from(year)];
    Counts {
        reports: common::scalar(db, "SELECT COUNT(*) FROM annual_report WHERE report_year = ?", y()).await,
        submitted: common::scalar(
            db,
            "SELECT COUNT(*) FROM annual_report WHERE report_year = ? AND status = 'submitted' \
             AND first_submitted_at IS NOT NULL AND submitted_at IS NOT NULL",
            y(),
        )
        .await,
        events: common::scalar(db, "SELECT COUNT(*) FROM report_event WHERE kind = 'submitted'", vec![]).await,
        audits: common::scalar(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'report_submit'", vec![]).await,
    }
}

/// The database checks after the rush: (description, passed).
async fn verify(db: &DatabaseConnection, year: i32, filers: &[Filer], before: Counts) -> Vec<(String, bool)> {
    let n = filers.len() as i64;
    let after = counts(db, year).await;
    let mut out = Vec::new();
    let submitted = after.submitted - before.submitted;
    out.push((format!("new {year} reports submitted with first_submitted_at set: {submitted} of {n}"), submitted == n));
    let rows = after.reports - before.reports;
    out.push((format!("new {year} report rows: {rows} (expected {n}, no duplicates)"), rows == n));

    let reports = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "SELECT org_id, status, first_submitted_at IS NOT NULL, income_total, net_assets \
             FROM annual_report WHERE report_year = ?",
            vec![year.into()],
        ))
        .await
        .expect("reports");
    type Stored = (String, bool, Option<i64>, Option<i64>);
    let mut by_org: HashMap<i64, Vec<Stored>> = HashMap::new();
    for r in &reports {
        let org: i64 = r.try_get_by_index(0).expect("org_id");
        by_org.entry(org).or_default().push((
            r.try_get_by_index(1).expect("status"),
            r.try_get_by_index(2).expect("first_submitted_at"),
            r.try_get_by_index(3).expect("income_total"),
            r.try_get_by_index(4).expect("net_assets"),
        ));
    }
    let mut missing = 0;
    let mut wrong = 0;
    for f in filers {
        match by_org.get(&f.org_id).map(Vec::as_slice) {
            Some([(status, true, income, net)]) if status == "submitted" => {
                if (*income, *net) != (Some(f.income_total), Some(f.net_assets)) {
                    wrong += 1;
                }
            }
            _ => missing += 1,
        }
    }
    out.push((format!("filers without exactly one submitted {year} report: {missing}"), missing == 0));
    out.push((format!("reports whose stored figures differ from the form sent: {wrong}"), wrong == 0));

    let events = after.events - before.events;
    out.push((format!("new 'submitted' history events: {events} of {n}"), events == n));
    let audits = after.audits - before.audits;
    out.push((format!("new 'report_submit' audit records: {audits} of {n}"), audits == n));
    match app::audit::service::verify(db).await.expect("verify audit chain") {
        ChainCheck::Intact { records } => out.push((format!("audit chain intact ({records} records)"), true)),
        ChainCheck::Broken { seq, reason } => {
            out.push((format!("audit chain BROKEN at record {seq}: {reason}"), false))
        }
    }
    out
}

fn main() {
    let n = env_u64("BENCH_ORGS", 2_000);
    let concurrency = env_u64("BENCH_CONCURRENCY", 64).max(1) as usize;
    let session_age = env_u64("BENCH_SESSION_AGE", SESSION_AGE_MINUTES);
    assert!(n > 0, "BENCH_ORGS must be at least 1");

    // The server's runtime (it also does the seeding and the checks) and the
    // client's, so the client's tasks never queue behind the server's.
    let server_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("server runtime");
    let client_rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");

    let dir = std::env::temp_dir().join(format!("sunshine-bench-submissions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bench.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let listener = server_rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("address");
    let settings = Settings { public_url: format!("http://{addr}"), ..Settings::default() };
    let year = settings.report_year;
    println!(
        "submissions benchmark: {n} organizations file their {year} report, concurrency {concurrency}, {}",
        file.display()
    );
    println!("load average before: {}", load_average());

    let (db, seeded, filers, before) = server_rt.block_on(async {
        let db = server::connect(&url).await.expect("connect");
        server::migrate(&db).await.expect("migrate");
        let (seeded, filers) = prepare(&db, &settings, n, session_age).await;
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
        let before = counts(&db, year).await;
        (db, seeded, filers, before)
    });
    let sqlite_version = server_rt.block_on(async {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), "SELECT sqlite_version()"))
            .await
            .expect("version")
            .expect("a row");
        row.try_get_by_index::<String>(0).unwrap_or_default()
    });

    let state = server::app_state(db.clone(), settings);
    let site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site");
    let options = leptos::prelude::LeptosOptions::builder()
        .output_name("sunshine")
        .site_root(site_root)
        .site_pkg_dir("pkg")
        .site_addr(addr)
        .build();
    server_rt.spawn(async move {
        let router = server::web::router(state, options);
        axum::serve(listener, router.into_make_service()).await.expect("serve");
    });

    let filers = Arc::new(filers);
    let load_before = load_average();
    let cpu_before = common::process_cpu("self");
    let (samples, wall) = client_rt.block_on(rush(addr, filers.clone(), concurrency));
    let cpu = common::process_cpu("self").saturating_sub(cpu_before);
    let load_after = load_average();

    let ok = samples.iter().filter(|s| s.status == Some(StatusCode::OK)).count();
    let failed: Vec<&Sample> = samples.iter().filter(|s| s.status != Some(StatusCode::OK)).collect();
    let mut times: Vec<Duration> = samples.iter().map(|s| s.time).collect();
    times.sort();
    let per_second = samples.len() as f64 / wall.as_secs_f64();

    let checks = server_rt.block_on(verify(&db, year, &filers, before));

    let nproc = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let profile = if cfg!(debug_assertions) { "debug build" } else { "release build" };
    println!();
    println!("- machine: {nproc} CPUs ({}), {profile}", cpu_model());
    println!(
        "- database: SQLite {sqlite_version}, {seeded} organizations in the register ({} {year} reports on file \
         before the rush), {n} of them filing",
        before.reports
    );
    println!("- sessions last seen {session_age} min before the rush (a refresh is written when older than 30 s)");
    println!("- load average at the start / end of the rush: {load_before} / {load_after}");
    println!(
        "- CPU time of this process (server and client) during the rush: {:.2} s in {:.2} s, {:.0} % of {nproc} CPUs",
        cpu.as_secs_f64(),
        wall.as_secs_f64(),
        100.0 * cpu.as_secs_f64() / (wall.as_secs_f64() * nproc as f64)
    );
    println!();
    println!("| submissions | concurrency | wall s | submissions/s | p50 ms | p95 ms | p99 ms | max ms | failed |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {} | {concurrency} | {:.2} | {:.0} | {} | {} | {} | {} | {} |",
        samples.len(),
        wall.as_secs_f64(),
        per_second,
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
        failed.len()
    );
    println!();
    println!("answers: {ok} × 200 of {}", samples.len());
    for s in failed.iter().take(10) {
        let status = s.status.map(|c| c.to_string()).unwrap_or_else(|| "no answer".into());
        println!("  FAILED {status}: {}", s.error.chars().take(300).collect::<String>());
    }
    println!("database checks:");
    for (what, passed) in &checks {
        println!("  [{}] {what}", if *passed { "ok" } else { "FAILED" });
    }
    let target_met = per_second >= TARGET_PER_SECOND;
    println!(
        "target ≥ {TARGET_PER_SECOND:.0} submissions/s: {} ({per_second:.0}/s)",
        if target_met { "met" } else { "NOT met" }
    );

    let all_good = failed.is_empty() && samples.len() == filers.len() && checks.iter().all(|(_, p)| *p);
    server_rt.block_on(db.close()).ok();
    drop(client_rt);
    server_rt.shutdown_timeout(Duration::from_secs(2));
    if all_good {
        std::fs::remove_dir_all(&dir).ok();
    } else {
        println!("submissions were lost or refused; the database is kept at {}", file.display());
        std::process::exit(1);
    }
}
