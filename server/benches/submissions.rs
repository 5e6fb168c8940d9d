//! Deadline-rush benchmark: annual-report submissions per second over real
//! HTTP, on SQLite (in this process) or on PostgreSQL (one or more server
//! processes), and a check that none was lost.
//!
//! ```sh
//! cargo bench -p server --bench submissions
//! BENCH_ORGS=5000 BENCH_CONCURRENCY=128 cargo bench -p server --bench submissions
//! BENCH_DB=postgres://user@host/bench_submissions BENCH_PROCESSES=2 cargo bench -p server --bench submissions
//! ```
//!
//! By default a fresh SQLite file in a temporary folder (`server::connect`, so
//! the pool and pragmas are the server's) is the database. `BENCH_DB`, a
//! PostgreSQL URL, names a database instead (created through the server's
//! `postgres` database when missing; a database of an earlier run is reused
//! and topped up). The database gets the deterministic demo register topped
//! up until `BENCH_ORGS` (default 2,000) organizations are active and obliged
//! to file for the report year (and have no account yet), one organization-user account for each of
//! them and a live session (written directly: signing 2,000 users in through
//! argon2 would dominate the run). The sessions were last seen five minutes
//! ago — the users spent them filling in the form — so each submission also
//! refreshes its session, as it would at the real deadline.
//!
//! On SQLite the real router is served with `axum::serve` on a loopback port
//! (its own tokio runtime). On PostgreSQL `BENCH_PROCESSES` (default 1)
//! server binaries of this build (`serve`) are started on loopback ports, all
//! on the same database, as in production behind a load balancer; they are
//! stopped with SIGTERM after the rush (each must exit 0 within 10 s). A client
//! on a second runtime posts one submission per organization to
//! `/api/reports/save` exactly as the hydrated page does (form-urlencoded,
//! `Accept: application/json`, same-site `Origin`, the session cookie),
//! `BENCH_CONCURRENCY` (default 64) at a time, each on a new connection (every
//! organization is a different browser), the organizations alternating over
//! the server processes. Every answer must be 200; afterwards the database must
//! hold exactly one submitted report per organization with the figures sent,
//! one history event and one audit record each, and an intact audit chain
//! (one chain, across the processes). The process exits with 1 otherwise.

mod common;

use common::{cpu_model, env_u64, free_port, load_average, ms, percentile, Server};
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
/// The throughput the deadline rush needs on SQLite (submissions per second).
const TARGET_SQLITE: f64 = 500.0;
/// The throughput the deadline rush needs on PostgreSQL (issue 18 goal 4b:
/// with two server processes).
const TARGET_POSTGRES: f64 = 1000.0;
/// The audit key of the seeding and the checks (this process) and of the
/// server binaries, on PostgreSQL.
const AUDIT_KEY: &str = "submissions-bench-audit-key-0123456789abcdef-01234567";
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
    // A database of an earlier run (PostgreSQL) is topped up: its organizations
    // that filed, or have an account from a run that stopped early, are left out.
    let started = Instant::now();
    let existing = common::scalar(db, "SELECT COUNT(*) FROM organization", vec![]).await as u64;
    let mut total = existing;
    let open_now = || async {
        let with_account: std::collections::HashSet<i64> = db
            .query_all_raw(Statement::from_string(
                db.get_database_backend(),
                "SELECT org_id FROM app_user WHERE org_id IS NOT NULL",
            ))
            .await
            .expect("accounts")
            .iter()
            .map(|r| r.try_get_by_index::<i64>(0).expect("org_id"))
            .collect();
        let mut open = common::open_filers(db, settings, year).await;
        open.retain(|o| !with_account.contains(&o.id));
        open
    };
    let mut open = open_now().await;
    while (open.len() as u64) < n {
        assert!(
            total < existing + 100 * n,
            "the demo data leaves too few organizations to file ({} of {total})",
            open.len()
        );
        let to = total + n.max(500);
        seed_orgs(db, settings, DATA_SEED, total, to, |_| {}).await.expect("seed");
        total = to;
        open = open_now().await;
    }
    open.truncate(n as usize);
    println!("seeded {} organizations (register: {total}) in {:.1?}", total - existing, started.elapsed());
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
/// The organizations alternate over `addrs` (the server processes).
async fn rush(addrs: &[std::net::SocketAddr], filers: Arc<Vec<Filer>>, concurrency: usize) -> (Vec<Sample>, Duration) {
    // No idle connections are kept: every organization is a different browser.
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(0).build_http();
    // Host, Origin and URI of each server.
    let servers: Arc<Vec<(String, String, http::Uri)>> = Arc::new(
        addrs
            .iter()
            .map(|addr| {
                let host = addr.to_string();
                let uri = format!("http://{host}/api/reports/save").parse().expect("uri");
                (host.clone(), format!("http://{host}"), uri)
            })
            .collect(),
    );
    let next = Arc::new(AtomicUsize::new(0));
    let started = Instant::now();
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency {
        let (client, filers, next, servers) = (client.clone(), filers.clone(), next.clone(), servers.clone());
        workers.push(tokio::spawn(async move {
            let mut out = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(f) = filers.get(i) else { break };
                let (host, origin, uri) = &servers[i % servers.len()];
                let req = Request::builder()
                    .method(Method::POST)
                    .uri(uri.clone())
                    .header(header::HOST, host)
                    .header(header::ORIGIN, origin)
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
        .query_all_raw(app::db::stmt(
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

/// Starts `n` server binaries of this build on `url`, each on its own port;
/// returns them when every one answers `/readyz`.
fn start_servers(
    rt: &tokio::runtime::Runtime,
    url: &str,
    dir: &std::path::Path,
    n: usize,
) -> (Vec<Server>, Vec<std::net::SocketAddr>) {
    let site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site");
    let mut servers = Vec::with_capacity(n);
    let mut addrs = Vec::with_capacity(n);
    for i in 0..n {
        let addr: std::net::SocketAddr = format!("127.0.0.1:{}", free_port()).parse().expect("address");
        servers.push(Server(
            std::process::Command::new(env!("CARGO_BIN_EXE_server"))
                .arg("serve")
                .env("DATABASE_URL", url)
                .env("AUDIT_KEY", AUDIT_KEY)
                .env("BIND_ADDR", addr.to_string())
                .env("PUBLIC_URL", format!("http://{addr}"))
                .env("SITE_ROOT", site_root)
                .env("DATA_DIR", dir.join(format!("data{i}")))
                .env("MAIL_DIR", dir.join(format!("mail{i}")))
                .env("RUST_LOG", "warn")
                .stdout(std::process::Stdio::null())
                .spawn()
                .expect("start the server binary"),
        ));
        addrs.push(addr);
    }
    let client: Client<_, Full<Bytes>> = Client::builder(TokioExecutor::new()).build_http();
    rt.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(60);
        for addr in &addrs {
            loop {
                let req = Request::builder()
                    .uri(format!("http://{addr}/readyz"))
                    .body(Full::new(Bytes::new()))
                    .expect("request");
                if let Ok(res) = client.request(req).await {
                    if res.status() == StatusCode::OK {
                        break;
                    }
                }
                assert!(Instant::now() < deadline, "the server at {addr} did not become ready within 60 s");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    });
    (servers, addrs)
}

/// Stops the server binaries with SIGTERM; whether each exited 0 within 10 s.
fn stop_servers(servers: &mut [Server]) -> Vec<bool> {
    for s in servers.iter() {
        std::process::Command::new("kill").args(["-TERM", &s.0.id().to_string()]).status().expect("kill -TERM");
    }
    let stopping = Instant::now();
    servers
        .iter_mut()
        .map(|s| loop {
            if let Some(status) = s.0.try_wait().expect("wait") {
                break status.success();
            }
            if stopping.elapsed() > Duration::from_secs(10) {
                break false;
            }
            std::thread::sleep(Duration::from_millis(20));
        })
        .collect()
}

/// The commit this bench was built from (and whether the tree differed).
fn commit() -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
    };
    let head = git(&["rev-parse", "--short", "HEAD"]).unwrap_or_else(|| "unknown".into());
    let dirty = git(&["status", "--porcelain", "--untracked-files=no"]).is_some_and(|s| !s.is_empty());
    if dirty {
        format!("{head} (with uncommitted changes)")
    } else {
        head
    }
}

fn main() {
    let n = env_u64("BENCH_ORGS", 2_000);
    let concurrency = env_u64("BENCH_CONCURRENCY", 64).max(1) as usize;
    let session_age = env_u64("BENCH_SESSION_AGE", SESSION_AGE_MINUTES);
    let processes = env_u64("BENCH_PROCESSES", 1).max(1) as usize;
    assert!(n > 0, "BENCH_ORGS must be at least 1");
    let bench_db = std::env::var("BENCH_DB").ok().filter(|v| !v.trim().is_empty());
    let postgres = bench_db.as_deref().is_some_and(|u| u.starts_with("postgres"));
    assert!(
        bench_db.is_none() || postgres,
        "BENCH_DB must be a PostgreSQL URL (postgres://…); SQLite is a fresh temporary file"
    );
    assert!(postgres || processes == 1, "BENCH_PROCESSES > 1 needs BENCH_DB=postgres://…");

    // The server's runtime (it also does the seeding and the checks) and the
    // client's, so the client's tasks never queue behind the server's.
    let server_rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("server runtime");
    let client_rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("client runtime");

    let dir = std::env::temp_dir().join(format!("sunshine-bench-submissions-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bench.db");
    let url = bench_db.clone().unwrap_or_else(|| format!("sqlite://{}?mode=rwc", file.display()));
    // In this process (SQLite) the router is served on a listener bound now;
    // the server binaries (PostgreSQL) get their ports when they start.
    let listener = if postgres {
        None
    } else {
        Some(server_rt.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind"))
    };
    let public_url = match &listener {
        Some(l) => format!("http://{}", l.local_addr().expect("address")),
        None => "http://127.0.0.1".into(),
    };
    let settings = Settings { public_url, ..Settings::default() };
    let year = settings.report_year;
    let shown = if postgres { url.clone() } else { file.display().to_string() };
    println!("submissions benchmark: {n} organizations file their {year} report, concurrency {concurrency}, {shown}");
    println!("date: {} UTC, commit {}", Utc::now().format("%Y-%m-%d %H:%M"), commit());
    println!("load average before: {}", load_average());
    if postgres {
        app::audit::chain::install_key(Some(app::audit::chain::AuditKey::new(AUDIT_KEY)));
        server_rt.block_on(common::create_database(&url));
    }

    let (db, seeded, filers, before) = server_rt.block_on(async {
        let db = server::connect(&url).await.expect("connect");
        server::migrate(&db).await.expect("migrate");
        let (seeded, filers) = prepare(&db, &settings, n, session_age).await;
        if postgres {
            db.execute_unprepared("VACUUM ANALYZE").await.expect("vacuum analyze");
        } else {
            db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
        }
        let before = counts(&db, year).await;
        (db, seeded, filers, before)
    });
    let db_version = server_rt.block_on(async {
        let sql = if postgres { "SELECT version()" } else { "SELECT 'SQLite ' || sqlite_version()" };
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .expect("version")
            .expect("a row");
        // "PostgreSQL 16.4 (Debian …) on x86_64…": the name and the version.
        let v = row.try_get_by_index::<String>(0).unwrap_or_default();
        let mut v = v.split_whitespace().take(2).collect::<Vec<_>>().join(" ");
        // How durable a commit is decides what it costs: say so.
        if postgres {
            for setting in ["fsync", "synchronous_commit"] {
                let row = db
                    .query_one_raw(Statement::from_string(db.get_database_backend(), format!("SHOW {setting}")))
                    .await
                    .expect("setting")
                    .expect("a row");
                v.push_str(&format!(" ({setting} {})", row.try_get_by_index::<String>(0).unwrap_or_default()));
            }
        }
        v
    });

    let (mut servers, addrs) = match listener {
        Some(listener) => {
            let addr = listener.local_addr().expect("address");
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
            (Vec::new(), vec![addr])
        }
        None => start_servers(&server_rt, &url, &dir, processes),
    };
    let pids: Vec<String> = servers.iter().map(|s| s.0.id().to_string()).collect();
    let cpu_of =
        |pids: &[String]| pids.iter().map(|p| common::process_cpu(p)).sum::<Duration>() + common::process_cpu("self");

    let filers = Arc::new(filers);
    let load_before = load_average();
    let cpu_before = cpu_of(&pids);
    let (samples, wall) = client_rt.block_on(rush(&addrs, filers.clone(), concurrency));
    let cpu = cpu_of(&pids).saturating_sub(cpu_before);
    let load_after = load_average();
    let stopped = stop_servers(&mut servers);

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
        "- database: {db_version}, {seeded} organizations in the register ({} {year} reports on file \
         before the rush), {n} of them filing",
        before.reports
    );
    if postgres {
        println!(
            "- servers: {processes} server binar{} of this build on the same database, the organizations \
             alternating over them; the client in this process, on the same CPUs",
            if processes == 1 { "y" } else { "ies" }
        );
    } else {
        println!("- server: the router in this process (its own runtime), the client on another runtime");
    }
    println!("- sessions last seen {session_age} min before the rush (a refresh is written when older than 30 s)");
    println!("- load average at the start / end of the rush: {load_before} / {load_after}");
    println!(
        "- CPU time of the server{} and the client during the rush: {:.2} s in {:.2} s, {:.0} % of {nproc} CPUs",
        if postgres { "s" } else { "" },
        cpu.as_secs_f64(),
        wall.as_secs_f64(),
        100.0 * cpu.as_secs_f64() / (wall.as_secs_f64() * nproc as f64)
    );
    println!();
    println!(
        "| database | processes | submissions | concurrency | wall s | submissions/s | p50 ms | p95 ms | p99 ms | \
         max ms | failed |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    println!(
        "| {db_version} | {processes} | {} | {concurrency} | {:.2} | {:.0} | {} | {} | {} | {} | {} |",
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
    let mut checks = checks;
    for (i, clean) in stopped.iter().enumerate() {
        checks.push((format!("server process {} stopped by SIGTERM with exit 0 within 10 s", i + 1), *clean));
    }
    println!("database checks:");
    for (what, passed) in &checks {
        println!("  [{}] {what}", if *passed { "ok" } else { "FAILED" });
    }
    println!("load average after: {}", load_average());
    let target = if postgres { TARGET_POSTGRES } else { TARGET_SQLITE };
    let target_met = per_second >= target;
    println!(
        "target ≥ {target:.0} submissions/s{}: {} ({per_second:.0}/s)",
        if postgres { " (PostgreSQL, two server processes)" } else { " (SQLite)" },
        if target_met { "met" } else { "NOT met" }
    );

    let all_good = failed.is_empty() && samples.len() == filers.len() && checks.iter().all(|(_, p)| *p);
    server_rt.block_on(db.close()).ok();
    drop(client_rt);
    server_rt.shutdown_timeout(Duration::from_secs(2));
    if all_good {
        std::fs::remove_dir_all(&dir).ok();
    } else {
        if postgres {
            println!("submissions were lost or refused; the database {url} is kept");
        } else {
            println!("submissions were lost or refused; the database is kept at {}", file.display());
        }
        std::process::exit(1);
    }
}
