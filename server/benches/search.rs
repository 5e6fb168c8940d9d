//! Name-search benchmark: p50/p95/p99 latency of the public search over a
//! large seeded register.
//!
//! ```sh
//! cargo bench -p server --bench search
//! BENCH_ORGS=100000 cargo bench -p server --bench search
//! BENCH_ORGS=1000000 BENCH_QUERIES=400 BENCH_DB=postgres://postgres@127.0.0.1:55432/bench \
//!     cargo bench -p server --bench search
//! ```
//!
//! `BENCH_DB` defaults to `sqlite://target/bench/search.db?mode=rwc` for
//! 1,000,000 organizations (the register the other benches copy) and
//! `sqlite://target/bench/search-<BENCH_ORGS>.db?mode=rwc` for another
//! count; a relative SQLite path is taken from the workspace root. A
//! PostgreSQL database that does not exist is created (through the server's
//! `postgres` database). The database is topped up to `BENCH_ORGS`
//! organizations with the deterministic demo data, so a second run reuses it
//! and skips seeding. Every query goes through `registry::service::list` — one
//! capped count and one page of 20, exactly what the public search page runs.

mod common;

use common::{cpu_model, env_u64, load_average, ms, percentile};
use std::time::{Duration, Instant};

use app::registry::service;
use app::registry::types::OrgFilter;
use app::state::Settings;
use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, PaginatorTrait};
use server::seed::{demo_org, seed_orgs};

/// The seed of `server seed-demo` (names and codes do not depend on it).
const DATA_SEED: u64 = 2026;
/// The seed of the query set.
const QUERY_SEED: u64 = 20261123;
const COMMON_WORDS: [&str; 4] = ["协会", "慈善", "教育", "基金"];
/// Lengths of the credit-code prefixes queried (a code has 18 characters).
const CODE_PREFIX_LENS: [usize; 5] = [8, 11, 13, 15, 18];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Chars(usize),
    Common,
    Code,
}

impl Kind {
    const ALL: [Kind; 6] = [Kind::Chars(1), Kind::Chars(2), Kind::Chars(3), Kind::Chars(4), Kind::Common, Kind::Code];

    fn label(self) -> String {
        match self {
            Kind::Chars(1) => "1 char".into(),
            Kind::Chars(n) => format!("{n} chars"),
            Kind::Common => "common words".into(),
            Kind::Code => "code prefix".into(),
        }
    }
}

struct Sample {
    kind: Kind,
    q: String,
    time: Duration,
    total: u64,
}

/// The query set: 5 % common words, 5 % credit-code prefixes, the rest
/// substrings of 1–4 characters of the names of random organizations.
fn queries(n: usize, orgs: u64, settings: &Settings) -> Vec<(Kind, String)> {
    let mut rng = StdRng::seed_from_u64(QUERY_SEED);
    let today = Utc::now().date_naive();
    let n_common = (n / 20).max(COMMON_WORDS.len());
    let n_code = (n / 20).max(CODE_PREFIX_LENS.len());
    let n_sub = n.saturating_sub(n_common + n_code);
    let mut out = Vec::with_capacity(n);
    for k in 0..n_sub {
        let len = k % 4 + 1;
        let name: Vec<char> = demo_org(DATA_SEED, rng.gen_range(0..orgs), settings, today).name.chars().collect();
        let start = rng.gen_range(0..=name.len().saturating_sub(len));
        out.push((Kind::Chars(len), name[start..(start + len).min(name.len())].iter().collect()));
    }
    for k in 0..n_common {
        out.push((Kind::Common, COMMON_WORDS[k % COMMON_WORDS.len()].to_string()));
    }
    for k in 0..n_code {
        let code = demo_org(DATA_SEED, rng.gen_range(0..orgs), settings, today).code;
        let len = CODE_PREFIX_LENS[k % CODE_PREFIX_LENS.len()].min(code.len());
        out.push((Kind::Code, code[..len].to_string()));
    }
    // Interleave the kinds so that no kind runs on a colder cache than another.
    for i in (1..out.len()).rev() {
        out.swap(i, rng.gen_range(0..=i));
    }
    out
}

fn table_row(label: &str, samples: &[&Sample]) -> String {
    let mut times: Vec<Duration> = samples.iter().map(|s| s.time).collect();
    times.sort();
    let mean_rows = samples.iter().map(|s| s.total as f64).sum::<f64>() / samples.len().max(1) as f64;
    format!(
        "| {label} | {} | {} | {} | {} | {} | {:.0} |",
        samples.len(),
        ms(percentile(&times, 0.50)),
        ms(percentile(&times, 0.95)),
        ms(percentile(&times, 0.99)),
        ms(times.last().copied().unwrap_or_default()),
        mean_rows
    )
}

/// The SQLite database file of a `sqlite://` URL.
fn sqlite_file(url: &str) -> Option<String> {
    url.strip_prefix("sqlite://").map(|p| p.split('?').next().unwrap_or("").to_string())
}

fn mib(bytes: u64) -> String {
    format!("{:.0} MiB", bytes as f64 / (1024.0 * 1024.0))
}

async fn scalar_text(db: &DatabaseConnection, sql: &str) -> String {
    match db.query_one_raw(sea_orm::Statement::from_string(db.get_database_backend(), sql)).await {
        Ok(Some(row)) => row.try_get_by_index::<String>(0).unwrap_or_default(),
        _ => String::new(),
    }
}

async fn run(db: &DatabaseConnection, list: &[(Kind, String)]) -> Vec<Sample> {
    let mut out = Vec::with_capacity(list.len());
    for (kind, q) in list {
        let filter = OrgFilter { q: q.clone(), ..Default::default() };
        let started = Instant::now();
        let page = service::list(db, &filter).await.unwrap_or_else(|e| panic!("query {q:?}: {e}"));
        let time = started.elapsed();
        out.push(Sample { kind: *kind, q: q.clone(), time, total: page.total });
    }
    out
}

#[tokio::main]
async fn main() {
    // Relative SQLite paths are taken from the workspace root, not server/.
    std::env::set_current_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/..")).expect("workspace root");
    let orgs = env_u64("BENCH_ORGS", 1_000_000);
    let n_queries = env_u64("BENCH_QUERIES", 400) as usize;
    let url = std::env::var("BENCH_DB").ok().filter(|v| !v.trim().is_empty()).unwrap_or_else(|| {
        if orgs == 1_000_000 {
            "sqlite://target/bench/search.db?mode=rwc".into()
        } else {
            format!("sqlite://target/bench/search-{orgs}.db?mode=rwc")
        }
    });
    let settings = Settings::default();

    println!("search benchmark: {orgs} organizations, {n_queries} queries, {url}");
    if url.starts_with("postgres") {
        common::create_database(&url).await;
    }
    let db = server::connect(&url).await.expect("connect");
    server::migrate(&db).await.expect("migrate");
    let backend = db.get_database_backend();

    let existing = entity::organization::Entity::find().count(&db).await.expect("count");
    let mut seeded = false;
    if existing < orgs {
        println!("seeding organizations {existing}..{orgs}");
        let started = Instant::now();
        seed_orgs(&db, &settings, DATA_SEED, existing, orgs, |n| {
            if n % 100_000 == 0 {
                println!("  {n} organizations ({:.0?})", started.elapsed());
            }
        })
        .await
        .expect("seed");
        println!("seeded {} organizations in {:.1?}", orgs - existing, started.elapsed());
        seeded = true;
    } else if existing > orgs {
        println!("note: the database holds {existing} organizations, more than BENCH_ORGS={orgs}");
    } else {
        println!("reusing the database: {existing} organizations");
    }
    let orgs_now = existing.max(orgs);

    // Statistics after seeding (or for a SQLite database that never had any).
    let never_analyzed = backend == DbBackend::Sqlite
        && scalar_text(&db, "SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'").await.is_empty();
    if seeded || never_analyzed {
        let started = Instant::now();
        match backend {
            DbBackend::Postgres => {
                db.execute_unprepared("VACUUM ANALYZE organization").await.expect("vacuum analyze");
                db.execute_unprepared("VACUUM ANALYZE name_posting").await.expect("vacuum analyze");
            }
            _ => {
                db.execute_unprepared("ANALYZE").await.expect("analyze");
                db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.expect("checkpoint");
            }
        }
        println!("analyzed in {:.1?}", started.elapsed());
    }

    let list = queries(n_queries, orgs_now, &settings);
    let started = Instant::now();
    run(&db, &list).await;
    println!("warm-up pass: {:.1?}", started.elapsed());
    let load_before = load_average();
    let started = Instant::now();
    let samples = run(&db, &list).await;
    println!("measured pass: {:.1?}", started.elapsed());
    let load_after = load_average();

    let version = match backend {
        DbBackend::Postgres => format!("PostgreSQL {}", scalar_text(&db, "SHOW server_version").await),
        _ => format!("SQLite {}", scalar_text(&db, "SELECT sqlite_version()").await),
    };
    let nproc = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let profile = if cfg!(debug_assertions) { "debug build" } else { "release build" };
    println!();
    println!("- machine: {nproc} CPUs ({}), {profile}", cpu_model());
    println!("- database: {version}, {orgs_now} organizations");
    println!("- load average (1, 5, 15 min) before and after the measured pass: {load_before} / {load_after}");
    if let Some(file) = sqlite_file(&url).filter(|_| backend == DbBackend::Sqlite) {
        let size: u64 = ["", "-wal", "-shm"]
            .iter()
            .filter_map(|ext| std::fs::metadata(format!("{file}{ext}")).ok())
            .map(|m| m.len())
            .sum();
        println!("- database size on disk: {} ({file} with its -wal and -shm)", mib(size));
    }
    if backend == DbBackend::Postgres {
        let size = scalar_text(&db, "SELECT pg_size_pretty(pg_database_size(current_database()))").await;
        println!("- database size on disk: {size}");
    }
    println!();
    println!("| query | count | p50 ms | p95 ms | p99 ms | max ms | mean matches |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    for kind in Kind::ALL {
        let of_kind: Vec<&Sample> = samples.iter().filter(|s| s.kind == kind).collect();
        if !of_kind.is_empty() {
            println!("{}", table_row(&kind.label(), &of_kind));
        }
    }
    println!("{}", table_row("**all**", &samples.iter().collect::<Vec<_>>()));

    let mut slowest: Vec<&Sample> = samples.iter().collect();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.time));
    println!();
    println!("slowest queries:");
    for s in slowest.iter().take(10) {
        println!("  {:>8} ms  {:>8} matches  {:<12} {}", ms(s.time), s.total, s.kind.label(), s.q);
    }
}
