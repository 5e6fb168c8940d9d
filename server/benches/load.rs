//! Load benchmark (issue 19): the release server binary under 200 keep-alive
//! connections on its public pages while organizations save drafts, then a
//! graceful stop; every acknowledged save must be in the database.
//!
//! ```sh
//! cargo bench -p server --bench load
//! BENCH_CONNECTIONS=200 BENCH_SECONDS=60 BENCH_SAVERS=20 BENCH_ORGS=2000 cargo bench -p server --bench load
//! ```
//!
//! A fresh SQLite file gets the deterministic demo data (`BENCH_ORGS`
//! organizations, as `server seed-demo`) and, for `BENCH_SAVERS` organizations
//! that have not filed this year, an organization-user account with a live
//! session. The server binary of this build (`serve`, default settings: the
//! back-pressure limit of 256 requests in flight and the 60 s request timeout)
//! is started on a loopback port. Then, for `BENCH_SECONDS`:
//! - `BENCH_CONNECTIONS` clients, each on its own keep-alive connection, ask
//!   for public pages one after another: the home page, an organization's
//!   page, a name search, the credit list, the charities and the statistics;
//! - each saver saves its draft again and again (`/api/reports/save`, intent
//!   `save`, the version it got back), a new text each time.
//!
//! Before that, each page alone (and two static files) is asked for by
//! `BENCH_PAGE_CONNECTIONS` (16) connections for `BENCH_PAGE_SECONDS` (5 s),
//! as `wrk -t2 -c16` would: requests per second, and each as a share of the
//! home page's in the same run (issue 18's goal: public pages at ≥ 50 %).
//!
//! The server is then stopped with SIGTERM (it must exit 0 within 10 s), and
//! the database is read: every save answered 200 must be there — the report's
//! version is the number of acknowledged saves and its text the last one
//! acknowledged, with one audit record per save. The bench prints requests,
//! errors (anything but 200, or no answer), 503s from back-pressure, p50/p99
//! per page and for the saves, the server's CPU and peak memory, and exits
//! with 1 on an error or a lost save.

mod common;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use app::domain::annual_report::ReportForm;
use app::state::Settings;
use axum::body::Bytes;
use chrono::Utc;
use common::{env_u64, free_port, load_average, machine, ms, percentile, process_cpu, status_kb, Server};
use http::{header, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

/// The seed of `server seed-demo`.
const DATA_SEED: u64 = 2026;
/// The audit key of the seeding (this process) and of the server binary.
const AUDIT_KEY: &str = "load-bench-audit-key-0123456789abcdef-0123456789";

/// The pages the clients ask for, in turn.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Page {
    Home,
    Org,
    Search,
    Credit,
    Charities,
    Statistics,
}

const PAGES: [Page; 6] = [Page::Home, Page::Org, Page::Search, Page::Credit, Page::Charities, Page::Statistics];

impl Page {
    fn label(self) -> &'static str {
        match self {
            Page::Home => "`/`",
            Page::Org => "`/public/orgs/:id`",
            Page::Search => "`/public/orgs?q=协会`",
            Page::Credit => "`/public/credit`",
            Page::Charities => "`/public/charity`",
            Page::Statistics => "`/public/statistics`",
        }
    }

    fn path(self, org: i64) -> String {
        match self {
            Page::Home => "/".into(),
            Page::Org => format!("/public/orgs/{org}"),
            Page::Search => "/public/orgs?q=%E5%8D%8F%E4%BC%9A".into(),
            Page::Credit => "/public/credit".into(),
            Page::Charities => "/public/charity".into(),
            Page::Statistics => "/public/statistics".into(),
        }
    }
}

/// One answer: what was asked, how long it took, its status (none: no answer).
struct Sample {
    page: Option<Page>,
    time: Duration,
    status: Option<StatusCode>,
}

/// A saver's account of its saves.
struct Saver {
    org_id: i64,
    token: String,
    /// Saves answered 200 (each one version more).
    acked: i32,
    /// The text of the last save answered 200.
    last_text: String,
    samples: Vec<Sample>,
    errors: Vec<String>,
}

/// Seeds the demo data and the savers' accounts; returns the organizations'
/// ids (for their pages) and the savers.
async fn prepare(
    db: &DatabaseConnection,
    settings: &Settings,
    orgs: u64,
    savers: u64,
) -> (Vec<i64>, Vec<i64>, Vec<Saver>) {
    let started = Instant::now();
    server::seed::seed_demo(db, settings, orgs, DATA_SEED).await.expect("seed");
    let filers = common::open_filers(db, settings, settings.report_year).await;
    assert!(filers.len() as u64 >= savers, "the demo data leaves {} organizations to file", filers.len());
    let txn = app::db::begin_write(db).await.expect("begin");
    let mut out = Vec::new();
    for o in filers.iter().take(savers as usize) {
        let token = common::org_user_session(&txn, o, Utc::now()).await;
        out.push(Saver {
            org_id: o.id,
            token,
            acked: 0,
            last_text: String::new(),
            samples: Vec::new(),
            errors: Vec::new(),
        });
    }
    txn.commit().await.expect("commit");
    let ids = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT id FROM organization ORDER BY id"))
        .await
        .expect("ids")
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0).expect("id"))
        .collect();
    let charities = db
        .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT org_id FROM charity ORDER BY org_id"))
        .await
        .expect("charities")
        .iter()
        .map(|r| r.try_get_by_index::<i64>(0).expect("org_id"))
        .collect();
    println!("seeded {orgs} organizations and {savers} savers in {:.1?}", started.elapsed());
    (ids, charities, out)
}

type Http = Client<hyper_util::client::legacy::connect::HttpConnector, Full<Bytes>>;

/// One client: its own keep-alive connection, one page after another.
async fn browse(client: Http, base: String, ids: Arc<Vec<i64>>, n: usize, stop: Arc<AtomicBool>) -> Vec<Sample> {
    let mut out = Vec::new();
    let mut k = n;
    while !stop.load(Ordering::Relaxed) {
        let page = PAGES[k % PAGES.len()];
        let org = ids[(k * 7919) % ids.len()];
        k += 1;
        let req = Request::builder()
            .uri(format!("{base}{}", page.path(org)))
            .header(header::ACCEPT, "text/html")
            .body(Full::new(Bytes::new()))
            .expect("request");
        let t = Instant::now();
        let status = match client.request(req).await {
            Ok(res) => {
                let status = res.status();
                res.into_body().collect().await.ok().map(|_| status)
            }
            Err(_) => None,
        };
        out.push(Sample { page: Some(page), time: t.elapsed(), status });
    }
    out
}

/// `connections` keep-alive clients asking for `paths` in turn for
/// `seconds`: the answers and how many were not 200.
async fn rate(client: Http, base: String, paths: Arc<Vec<String>>, connections: usize, seconds: u64) -> (usize, usize) {
    let stop = Arc::new(AtomicBool::new(false));
    let workers: Vec<_> = (0..connections)
        .map(|n| {
            let (client, base, paths, stop) = (client.clone(), base.clone(), paths.clone(), stop.clone());
            tokio::spawn(async move {
                let (mut done, mut errors) = (0usize, 0usize);
                let mut k = n;
                while !stop.load(Ordering::Relaxed) {
                    let path = &paths[k % paths.len()];
                    k += 1;
                    let req =
                        Request::builder().uri(format!("{base}{path}")).body(Full::new(Bytes::new())).expect("request");
                    let ok = match client.request(req).await {
                        Ok(res) => res.status() == StatusCode::OK && res.into_body().collect().await.is_ok(),
                        Err(_) => false,
                    };
                    done += 1;
                    errors += usize::from(!ok);
                }
                (done, errors)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut out = (0, 0);
    for w in workers {
        let (d, e) = w.await.expect("client");
        out = (out.0 + d, out.1 + e);
    }
    out
}

/// One organization saving its draft until told to stop.
async fn save_drafts(client: Http, base: String, year: i32, mut s: Saver, stop: Arc<AtomicBool>) -> Saver {
    let uri = format!("{base}/api/reports/save");
    let mut k = 0;
    while !stop.load(Ordering::Relaxed) {
        k += 1;
        let text = format!("第{k}次保存：开展培训和咨询服务活动（机构{}）", s.org_id);
        let form = ReportForm { activities: text.clone(), ..ReportForm::default() };
        let req = Request::builder()
            .method(Method::POST)
            .uri(&uri)
            .header(header::ORIGIN, &base)
            .header(header::ACCEPT, "application/json")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("sid={}", s.token))
            .body(Full::new(Bytes::from(common::save_body(year, s.acked, "save", &form))))
            .expect("request");
        let t = Instant::now();
        let answer = match client.request(req).await {
            Ok(res) => {
                let status = res.status();
                match res.into_body().collect().await {
                    Ok(body) => Ok((status, String::from_utf8_lossy(&body.to_bytes()).into_owned())),
                    Err(e) => Err(format!("reading the answer: {e}")),
                }
            }
            Err(e) => Err(format!("{e:?}")),
        };
        let time = t.elapsed();
        match answer {
            Ok((StatusCode::OK, _)) => {
                s.acked += 1;
                s.last_text = text;
                s.samples.push(Sample { page: None, time, status: Some(StatusCode::OK) });
            }
            Ok((status, body)) => {
                s.samples.push(Sample { page: None, time, status: Some(status) });
                s.errors.push(format!("org {}: {status}: {}", s.org_id, body.chars().take(200).collect::<String>()));
            }
            Err(e) => {
                s.samples.push(Sample { page: None, time, status: None });
                s.errors.push(format!("org {}: {e}", s.org_id));
            }
        }
    }
    s
}

/// A row of the results table.
fn row(label: &str, samples: &[&Sample], wall: Duration) -> String {
    let mut times: Vec<Duration> = samples.iter().map(|s| s.time).collect();
    times.sort();
    let busy = samples.iter().filter(|s| s.status == Some(StatusCode::SERVICE_UNAVAILABLE)).count();
    let errors = samples.iter().filter(|s| s.status != Some(StatusCode::OK)).count() - busy;
    format!(
        "| {label} | {} | {:.0} | {} | {} | {} | {errors} | {busy} |",
        samples.len(),
        samples.len() as f64 / wall.as_secs_f64(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
    )
}

/// The database after the stop: (description, passed) for the saves.
async fn verify(db: &DatabaseConnection, year: i32, savers: &[Saver]) -> (Vec<(String, bool)>, i64) {
    let mut lost = 0i64;
    let mut wrong_text = 0;
    for s in savers {
        let row = db
            .query_one_raw(Statement::from_sql_and_values(
                db.get_database_backend(),
                "SELECT version, form_json FROM annual_report WHERE org_id = ? AND report_year = ?",
                vec![s.org_id.into(), year.into()],
            ))
            .await
            .expect("report");
        let (version, form) = match row {
            Some(r) => (r.try_get_by_index::<i32>(0).expect("version"), r.try_get_by_index::<String>(1).expect("form")),
            None => (0, String::new()),
        };
        if version < s.acked {
            lost += i64::from(s.acked - version);
        }
        if s.acked > 0 && !form.contains(&s.last_text) {
            wrong_text += 1;
        }
    }
    let acked: i64 = savers.iter().map(|s| i64::from(s.acked)).sum();
    let audits = common::scalar(db, "SELECT COUNT(*) FROM audit_log WHERE action = 'report_save'", vec![]).await;
    let checks = vec![
        (format!("acknowledged saves missing from the reports' versions: {lost} of {acked}"), lost == 0),
        (format!("reports whose text is not the last acknowledged save: {wrong_text}"), wrong_text == 0),
        (format!("'report_save' audit records: {audits} for {acked} acknowledged saves"), audits == acked),
    ];
    (checks, lost)
}

fn main() {
    let orgs = env_u64("BENCH_ORGS", 2_000);
    let connections = env_u64("BENCH_CONNECTIONS", 200).max(1) as usize;
    let seconds = env_u64("BENCH_SECONDS", 60).max(1);
    let savers = env_u64("BENCH_SAVERS", 20);

    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let dir = std::env::temp_dir().join(format!("sunshine-bench-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bench.db");
    let url = format!("sqlite://{}?mode=rwc", file.display());
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let settings = Settings { public_url: base.clone(), ..Settings::default() };
    let year = settings.report_year;
    println!(
        "load benchmark: {connections} connections on the public pages and {savers} organizations saving drafts for \
         {seconds} s, {orgs} organizations, {}",
        file.display()
    );

    app::audit::chain::install_key(Some(app::audit::chain::AuditKey::new(AUDIT_KEY)));
    let (ids, charities, savers) = rt.block_on(async {
        let db = server::connect(&url).await.expect("connect");
        server::migrate(&db).await.expect("migrate");
        let out = prepare(&db, &settings, orgs, savers).await;
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
        db.close().await.ok();
        out
    });

    let site_root = concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site");
    let mut server = Server(
        std::process::Command::new(env!("CARGO_BIN_EXE_server"))
            .arg("serve")
            .env("DATABASE_URL", &url)
            .env("AUDIT_KEY", AUDIT_KEY)
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("PUBLIC_URL", &base)
            .env("SITE_ROOT", site_root)
            .env("DATA_DIR", dir.join("data"))
            .env("MAIL_DIR", dir.join("mail"))
            .env("RUST_LOG", "warn")
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("start the server binary"),
    );
    let pid = server.0.id().to_string();
    // Keep-alive connections, as many as there are clients, plus the savers'.
    let client: Http = Client::builder(TokioExecutor::new()).pool_max_idle_per_host(connections + 64).build_http();
    rt.block_on(async {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let req = Request::builder().uri(format!("{base}/readyz")).body(Full::new(Bytes::new())).expect("req");
            if let Ok(res) = client.request(req).await {
                if res.status() == StatusCode::OK {
                    break;
                }
            }
            assert!(Instant::now() < deadline, "the server did not become ready within 60 s");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    });

    let page_connections = env_u64("BENCH_PAGE_CONNECTIONS", 16).max(1) as usize;
    let page_seconds = env_u64("BENCH_PAGE_SECONDS", 5).max(1);
    let css = std::fs::read_to_string(format!("{site_root}/hash.txt"))
        .ok()
        .and_then(|h| h.lines().find_map(|l| l.strip_prefix("css:").map(|v| format!("/pkg/sunshine.{}.css", v.trim()))))
        .unwrap_or_else(|| "/pkg/sunshine.css".into());
    let mut alone: Vec<(String, Vec<String>)> = vec![
        ("`/`".into(), vec!["/".into()]),
        (
            "`/public/orgs/:id` (20 of them)".into(),
            ids.iter().take(20).map(|id| format!("/public/orgs/{id}")).collect(),
        ),
        ("`/public/orgs?q=协会`".into(), vec![Page::Search.path(0)]),
        ("`/public/credit`".into(), vec!["/public/credit".into()]),
    ];
    if !charities.is_empty() {
        alone.push((
            "`/public/charity/:id`".into(),
            charities.iter().map(|id| format!("/public/charity/{id}")).collect(),
        ));
    }
    alone.push(("`/favicon.svg`".into(), vec!["/favicon.svg".into()]));
    alone.push((format!("`{css}`"), vec![css.clone()]));
    let mut rates = Vec::new();
    for (label, paths) in &alone {
        let paths = Arc::new(paths.clone());
        let (n, errors) = rt.block_on(rate(client.clone(), base.clone(), paths, page_connections, page_seconds));
        rates.push((label.clone(), n as f64 / page_seconds as f64, errors));
    }

    let ids = Arc::new(ids);
    let stop = Arc::new(AtomicBool::new(false));
    let load_before = load_average();
    let cpu_before = process_cpu(&pid);
    let started = Instant::now();
    let (pages, savers) = rt.block_on(async {
        let browsers: Vec<_> = (0..connections)
            .map(|n| tokio::spawn(browse(client.clone(), base.clone(), ids.clone(), n, stop.clone())))
            .collect();
        let savers: Vec<_> = savers
            .into_iter()
            .map(|s| tokio::spawn(save_drafts(client.clone(), base.clone(), year, s, stop.clone())))
            .collect();
        tokio::time::sleep(Duration::from_secs(seconds)).await;
        stop.store(true, Ordering::Relaxed);
        let mut pages = Vec::new();
        for b in browsers {
            pages.extend(b.await.expect("client"));
        }
        let mut done = Vec::new();
        for s in savers {
            done.push(s.await.expect("saver"));
        }
        (pages, done)
    });
    let wall = started.elapsed();
    let cpu = process_cpu(&pid).saturating_sub(cpu_before);
    let load_after = load_average();
    let hwm_mb = status_kb(&pid, "VmHWM:") / 1024;
    drop(client);

    // The graceful stop: SIGTERM, exit 0 within 10 s.
    let stopping = Instant::now();
    std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill -TERM");
    let mut exit = None;
    while stopping.elapsed() < Duration::from_secs(10) {
        if let Some(status) = server.0.try_wait().expect("wait") {
            exit = Some(status);
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let stopped = stopping.elapsed();
    let clean_exit = exit.is_some_and(|s| s.success());

    let (checks, lost) = rt.block_on(async {
        let db = server::connect(&url).await.expect("connect");
        let out = verify(&db, year, &savers).await;
        db.close().await.ok();
        out
    });

    println!();
    println!("- machine: {}, the server binary and this client on the same CPUs", machine());
    println!("- load average at the start / end: {load_before} / {load_after}");
    println!(
        "- server CPU {:.1} s in {:.1} s; peak resident memory {hwm_mb} MB",
        cpu.as_secs_f64(),
        wall.as_secs_f64()
    );
    println!();
    println!("Each alone, {page_connections} connections, {page_seconds} s:");
    println!();
    println!("| page | requests/s | share of `/` | errors |");
    println!("|---|---:|---:|---:|");
    let home = rates.first().map(|r| r.1).unwrap_or(1.0).max(1.0);
    for (label, per_s, errors) in &rates {
        println!("| {label} | {per_s:.0} | {:.0} % | {errors} |", 100.0 * per_s / home);
    }
    println!();
    println!("Together, with the saves:");
    println!();
    println!("| requests | count | per s | p50 ms | p99 ms | max ms | errors | 503 |");
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    let all: Vec<&Sample> = pages.iter().collect();
    println!("{}", row(&format!("public pages, {connections} connections"), &all, wall));
    for p in PAGES {
        let of: Vec<&Sample> = pages.iter().filter(|s| s.page == Some(p)).collect();
        println!("{}", row(p.label(), &of, wall));
    }
    let saves: Vec<&Sample> = savers.iter().flat_map(|s| s.samples.iter()).collect();
    println!("{}", row(&format!("draft saves, {} organizations", savers.len()), &saves, wall));
    println!();
    println!(
        "stop: SIGTERM answered by {} in {:.2} s",
        match exit {
            Some(s) => format!("exit {}", s.code().map(|c| c.to_string()).unwrap_or_else(|| "by a signal".into())),
            None => "no exit".into(),
        },
        stopped.as_secs_f64()
    );
    for e in savers.iter().flat_map(|s| s.errors.iter()).take(10) {
        println!("  save FAILED: {e}");
    }
    println!("database checks:");
    for (what, passed) in &checks {
        println!("  [{}] {what}", if *passed { "ok" } else { "FAILED" });
    }
    let page_errors = pages.iter().filter(|s| s.status != Some(StatusCode::OK)).count();
    let save_errors = saves.iter().filter(|s| s.status != Some(StatusCode::OK)).count();
    println!("lost saves: {lost}; errors: {page_errors} page answers and {save_errors} saves not 200");
    let rate_errors: usize = rates.iter().map(|r| r.2).sum();
    let all_good = rate_errors == 0
        && lost == 0
        && page_errors == 0
        && save_errors == 0
        && clean_exit
        && checks.iter().all(|c| c.1);
    drop(server);
    if all_good {
        std::fs::remove_dir_all(&dir).ok();
    } else {
        println!("the database is kept at {}", file.display());
        std::process::exit(1);
    }
}
