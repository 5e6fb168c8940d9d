//! Daily-job benchmark over a large register: the credit job (mechanical
//! listings, escalation, removals, zombie detection, rescoring) on its busy
//! first run and on an idempotent second run the same day, and the reminder
//! job on a quiet day.
//!
//! ```sh
//! cargo bench -p server --bench daily_jobs
//! ```
//!
//! `BENCH_SOURCE` (default `target/bench/search.db`, the search benchmark's
//! SQLite register) is copied to `target/bench/jobs.db` and migrated; it is
//! topped up to `BENCH_ORGS` (default 1,000,000) organizations. Then 10 % of
//! the organizations are flagged as having missed the current year's
//! deadline and 5 % the previous year's too, set-based, before the jobs run.

mod common;

use common::env_u64;
use std::path::PathBuf;
use std::time::Instant;

use app::state::Settings;
use chrono::NaiveDate;
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

#[tokio::main]
async fn main() {
    let orgs = env_u64("BENCH_ORGS", 1_000_000);
    let source =
        std::env::var("BENCH_SOURCE").map(PathBuf::from).unwrap_or_else(|_| root().join("target/bench/search.db"));
    let target = root().join("target/bench/jobs.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    let _ = std::fs::remove_file(&target);
    for ext in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", target.display()));
    }
    if source.exists() {
        std::fs::copy(&source, &target).expect("copy the source register");
    }
    let url = format!("sqlite://{}?mode=rwc", target.display());
    let db = server::connect(&url).await.expect("connect");
    server::migrate(&db).await.expect("migrate");
    let settings = Settings { report_year: 2025, ..Settings::default() };
    let have = entity::organization::Entity::find().count(&db).await.unwrap();
    if have < orgs {
        println!("seeding {} organizations (once; later runs reuse {})", orgs - have, source.display());
        server::seed::seed_orgs(&db, &settings, 2026, have, orgs, |_| {}).await.unwrap();
    }
    let n = entity::organization::Entity::find().count(&db).await.unwrap();
    let t = Instant::now();
    for (year, modulo) in [(2025, 10), (2024, 20)] {
        app::db::exec(
            &db,
            &format!(
                "INSERT INTO filing_flag (org_id, report_year, kind, flagged_on) SELECT id, ?, 'missed_deadline', ? \
                 FROM organization WHERE status = 'active' AND id % {modulo} = 0 ON CONFLICT DO NOTHING"
            ),
            vec![year.into(), NaiveDate::from_ymd_opt(year + 1, 6, 1).unwrap().into()],
        )
        .await
        .unwrap();
    }
    let flags: i64 = db
        .query_one_raw(app::db::stmt(db.get_database_backend(), "SELECT COUNT(*) AS n FROM filing_flag", vec![]))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    println!("{n} organizations, {flags} missed-deadline flags ({:.1?} to flag)", t.elapsed());

    let day = NaiveDate::from_ymd_opt(2026, 6, 2).unwrap();
    println!("| run | time | listed | escalated | removed | zombie candidates | rescored |");
    println!("|---|---|---|---|---|---|---|");
    for label in ["credit job, first run", "credit job, same day again"] {
        let t = Instant::now();
        let r = app::credit::jobs::run_daily(&db, &settings, day).await.expect("credit job");
        println!(
            "| {label} | {:.2?} | {} | {} | {} | {} | {} |",
            t.elapsed(),
            r.listed_missed_report,
            r.escalated,
            r.auto_removed,
            r.zombies_found,
            r.rescored
        );
    }
    let quiet = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let t = Instant::now();
    let r = app::reports::jobs::run_daily(&db, &settings, quiet).await.expect("reminder job");
    println!("| reminder job, a day with no reminder due | {:.2?} | {} reminders | | | | |", t.elapsed(), r.reminders);
}
