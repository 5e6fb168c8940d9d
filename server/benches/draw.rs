//! Double-random draw benchmark: a stratified draw over 1,000,000
//! organizations (target: at most 200 ms).
//!
//! ```sh
//! cargo bench -p server --bench draw
//! ```
//!
//! Part 1 times the draw itself on a population held in memory, as the draw
//! and every verification run it: the population hash over all members, and
//! the stratified draw (3 strata by organization type, 4 % each, a quarter of
//! it by risk weight, 5 % of the members weighted 2–4), then the assignment
//! of two inspectors per target from 2,000 inspectors with avoidance. Each
//! step runs 7 times; the median and the slowest are printed.
//!
//! Part 2 reads the population of a campaign from a SQLite register of
//! `BENCH_ORGS` (default 1,000,000) organizations — the query of the freeze —
//! from a copy of `target/bench/search.db` (the search benchmark's register),
//! seeded if missing.

mod common;

use common::env_u64;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use app::domain::inspection::{conflict, InspectorFacts, TargetFacts};
use app::domain::sampling::{assign_inspectors, draw_strata, population_hash, seed, Member, Stratum};
use app::state::Settings;
use chrono::{NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use sea_orm::{EntityTrait, PaginatorTrait};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Median and maximum of `runs` timings of `f`.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (Duration, Duration, T) {
    let mut times = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed());
    }
    times.sort();
    (times[runs / 2], times[runs - 1], last.expect("at least one run"))
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

#[tokio::main]
async fn main() {
    let n = env_u64("BENCH_ORGS", 1_000_000) as i64;
    println!("## Part 1: the draw on {n} organizations in memory");
    let mut rng = StdRng::seed_from_u64(2026);
    let keys = ["foundation", "social_group", "social_service"];
    let mut strata: Vec<Stratum> =
        keys.iter().map(|k| Stratum { key: k.to_string(), members: Vec::new(), n: 0, weighted: 0 }).collect();
    for id in 1..=n {
        let s = match rng.gen_range(0..100) {
            0..=4 => 0,
            5..=59 => 1,
            _ => 2,
        };
        let weight = if rng.gen_range(0..100) < 5 { rng.gen_range(2..=4) } else { 1 };
        strata[s].members.push(Member { id, weight });
    }
    for s in &mut strata {
        s.n = app::domain::inspection::stratum_sample(s.members.len(), "percent", 4);
        s.weighted = app::domain::inspection::weighted_share(s.n, 25);
    }
    let (hash_med, hash_max, hash) = time(7, || population_hash(&strata));
    let seed = seed("2026-11-22 福彩3D 538", "6f1c0d2e9a7b4c33", &hash);
    let (draw_med, draw_max, drawn) = time(7, || draw_strata(&seed, &strata));
    println!("- population hash: median {}, max {}", ms(hash_med), ms(hash_max));
    println!("- stratified draw of {} targets: median {}, max {}", drawn.len(), ms(draw_med), ms(draw_max));
    println!("- hash + draw: median {} (target ≤ 200 ms)", ms(hash_med + draw_med));

    let districts = ["南山区", "福田区", "罗湖区", "宝安区", "龙岗区", "盐田区"];
    let inspectors: Vec<InspectorFacts> = (1..=2000)
        .map(|i| InspectorFacts {
            id: i,
            unit: format!("单位{}", i % 40),
            districts: if i % 3 == 0 { vec![] } else { vec![districts[i as usize % 6].to_string()] },
            conflicts: vec![i * 13],
            active: true,
            cert_valid_until: NaiveDate::from_ymd_opt(2030, 1, 1).unwrap(),
        })
        .collect();
    let facts: Vec<TargetFacts> = drawn
        .iter()
        .map(|d| TargetFacts {
            org_id: Some(d.id),
            district: districts[d.id as usize % 6].to_string(),
            supervisory_unit: Some(format!("单位{}", d.id % 50)),
        })
        .collect();
    let ids: Vec<i64> = inspectors.iter().map(|i| i.id).collect();
    let end = NaiveDate::from_ymd_opt(2026, 12, 31).unwrap();
    // A third of the inspectors serve every district, the others one each.
    let per = (drawn.len() * 2 * 5).div_ceil(inspectors.len());
    let (assign_med, assign_max, assigned) = time(3, || {
        assign_inspectors(&seed, facts.len(), &ids, 2, per, |t, k| conflict(&inspectors[k], &facts[t], end).is_none())
    });
    assert!(assigned.is_ok(), "every target gets two inspectors");
    println!(
        "- {} inspectors assigned to {} targets (2 each, at most {per} each): median {}, max {}",
        inspectors.len(),
        facts.len(),
        ms(assign_med),
        ms(assign_max)
    );

    println!("\n## Part 2: the freeze's population query on SQLite");
    let source = root().join("target/bench/search.db");
    let target = root().join("target/bench/draw.db");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", target.display()));
    }
    if source.exists() {
        std::fs::copy(&source, &target).expect("copy the register");
    }
    let url = format!("sqlite://{}?mode=rwc", target.display());
    let db = server::connect(&url).await.expect("connect");
    server::migrate(&db).await.expect("migrate");
    let settings = Settings::default();
    let have = entity::organization::Entity::find().count(&db).await.unwrap();
    if have < n as u64 {
        println!("seeding {} organizations", n as u64 - have);
        server::seed::seed_orgs(&db, &settings, 2026, have, n as u64, |_| {}).await.unwrap();
    }
    let now = Utc::now();
    let c = entity::inspection_campaign::Model {
        id: 1,
        name: "bench".into(),
        year: 2026,
        kind: "regular".into(),
        object_kind: "org".into(),
        filter_type: String::new(),
        filter_district: String::new(),
        filter_credit: String::new(),
        filter_rating: String::new(),
        filter_trade: String::new(),
        strata_by: "org_type".into(),
        size_mode: "percent".into(),
        size_value: 4,
        risk_percent: 25,
        per_target: 2,
        max_per_inspector: 50,
        period_from: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        period_to: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
        items: "年度报告".into(),
        beacon_source: "bench".into(),
        status: "draft".into(),
        population_size: None,
        population_hash: None,
        inspector_pool: None,
        nonce: None,
        nonce_hash: None,
        frozen_at: None,
        beacon_value: None,
        seed: None,
        algorithm: None,
        drawn_at: None,
        created_by: None,
        created_at: now,
        updated_at: now,
        population: String::new(),
    };
    let today = now.date_naive();
    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let strata = app::inspection::service::load_population(&db, &c, today).await.unwrap();
        times.push(t.elapsed());
        size = strata.iter().map(|s| s.members.len()).sum::<usize>();
    }
    times.sort();
    println!("- {size} active organizations read with risk weights: median {}, max {}", ms(times[1]), ms(times[2]));
}
