//! Subcommands: serve (default), migrate, seed-demo, create-admin, verify-audit.

use std::future::IntoFuture;
use std::time::Duration;

use app::audit::chain::{AuditKey, DayHead};
use app::audit::service::{self as audit, Actor};
use app::auth::service::NewUser;
use app::auth::types::Role;
use leptos::prelude::LeptosOptions;

use crate::config::Config;
use crate::{app_state, connect, mailer, migrate, seed, web};

pub const USAGE: &str = "\
usage: server [COMMAND] [OPTIONS]

commands:
  serve                         run the web server (default)
  migrate                       apply pending database migrations
  seed-demo [--orgs N] [--seed S]
                                load deterministic demo data (default 2000 organizations)
  create-admin --username U --password P [--name NAME] [--email E]
                                create an administrator account
  verify-audit [--head DAY:LAST_SEQ:RECORDS:CHAIN_VALUE]...
                                check the audit trail's keyed chain (needs its AUDIT_KEY)
                                against every published day head, and the heads given
                                (lines of the administrators' e-mails)
  daily-jobs [--date YYYY-MM-DD]
                                run the daily jobs once (reminders, missed-deadline flags,
                                grade expiry notices, overdue charity disclosures,
                                the dashboard's daily snapshot, the audit chain's head
                                of each day before published and e-mailed);
                                the server also runs them every hour, and a second run
                                on the same day sends nothing twice
  rescore-credit                recompute every organization's credit score
                                (after changing the weights in credit_weight)
  verify-draw CAMPAIGN          re-run a double-random draw from its frozen inputs
                                and compare with the targets and inspectors on record
  verify-stats                  recount the dashboard's tallies from the records
  backup FILE                   write a consistent copy of the SQLite database to FILE,
                                also while the server runs (PostgreSQL: pg_dump)
  restore FILE                  replace the SQLite database with the backup FILE, after
                                checking it (integrity, audit chain, tallies); refused
                                while a server uses the database

Configuration comes from environment variables; see README.md.";

/// Every value after `--name` in `args`.
pub fn flags(args: &[String], name: &str) -> Vec<String> {
    args.windows(2).filter(|w| w[0] == name).map(|w| w[1].clone()).collect()
}

/// Commands that write to the database, and so to the audit chain: they make
/// the audit key file when there is none, and check the chain's seal (or seal
/// it) before they write.
const WRITERS: [&str; 6] = ["serve", "seed-demo", "create-admin", "daily-jobs", "rescore-credit", "restore"];

/// Checks that the audit chain was sealed by this process's key, or seals it
/// (a database from before the key); a chain sealed by another key stops the
/// command before it writes anything.
async fn check_audit_key(db: &sea_orm::DatabaseConnection) -> Result<(), Box<dyn std::error::Error>> {
    // Sealing records from before the key is logged (a warning) by the service.
    audit::seal(db).await.map(|_| ()).map_err(|e| e.to_string().into())
}

/// The value after `--name` in `args`.
pub fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
}

type Res = Result<(), Box<dyn std::error::Error>>;

pub async fn run(args: Vec<String>) -> Res {
    let cmd = args.first().map(String::as_str).unwrap_or("serve");
    let rest = args.get(1..).unwrap_or(&[]).to_vec();
    let mut cfg = Config::from_env()?;
    if cmd != "help" && cmd != "--help" && cmd != "-h" {
        // Commands that only check never make a key: without one, keyed
        // records are reported as not verifiable.
        cfg.resolve_audit_key(WRITERS.contains(&cmd))?;
        app::audit::chain::install_key(cfg.audit_key.as_deref().map(AuditKey::new));
    }
    match cmd {
        "serve" => serve(cfg).await,
        "migrate" => {
            let db = connect(&cfg.database_url).await?;
            migrate(&db).await?;
            println!("migrations applied");
            Ok(())
        }
        "seed-demo" => {
            let orgs: u64 = flag(&rest, "--orgs").map(|v| v.parse()).transpose()?.unwrap_or(2000);
            let seed_value: u64 = flag(&rest, "--seed").map(|v| v.parse()).transpose()?.unwrap_or(2026);
            let db = connect(&cfg.database_url).await?;
            migrate(&db).await?;
            check_audit_key(&db).await?;
            let started = std::time::Instant::now();
            let written = seed::seed_demo(&db, &cfg.settings, orgs, seed_value).await.map_err(|e| format!("{e:?}"))?;
            println!("seed-demo: {written} organizations written in {:.1?}", started.elapsed());
            print_logins();
            Ok(())
        }
        "create-admin" => {
            let username = flag(&rest, "--username").ok_or("--username is required")?;
            let password = flag(&rest, "--password").ok_or("--password is required")?;
            let name = flag(&rest, "--name").unwrap_or_else(|| username.clone());
            let email = flag(&rest, "--email").unwrap_or_else(|| format!("{username}@sunshine.local"));
            if let Err(e) = app::accounts::types::check_password(&password, &password, &[&username, &name, &email]) {
                let reason = e.fields().first().map(|f| f.message.as_str()).unwrap_or("err_password_weak");
                return Err(format!("--password: {}", app::i18n::lookup(app::i18n::Lang::En, reason)).into());
            }
            let db = connect(&cfg.database_url).await?;
            migrate(&db).await?;
            check_audit_key(&db).await?;
            let txn = app::db::begin_write(&db).await?;
            let new = NewUser {
                username: &username,
                display_name: &name,
                email: &email,
                role: Role::Admin,
                org_id: None,
                password: Some(&password),
            };
            let id = app::auth::service::create_user(&txn, &Actor::system("create-admin"), new)
                .await
                .map_err(|e| format!("{e:?}"))?;
            txn.commit().await?;
            println!("administrator {username} created (id {id})");
            Ok(())
        }
        "verify-audit" => {
            let given = flags(&rest, "--head").iter().map(|h| DayHead::parse(h)).collect::<Result<Vec<_>, _>>()?;
            let db = connect(&cfg.database_url).await?;
            let key = app::audit::chain::installed_key();
            if key.is_none() {
                println!(
                    "no audit key (AUDIT_KEY, or {}): keyed records cannot be checked",
                    cfg.data_dir.join(crate::config::AUDIT_KEY_FILE).display()
                );
            }
            let v = audit::verify_with(&db, key, given).await?;
            match &v.failure {
                None => {
                    println!(
                        "audit chain intact: {} records ({} linked by SHA-256 before the audit key, {} keyed), \
                         {} day heads match (published, and given with --head)",
                        v.records,
                        v.legacy,
                        v.records - v.legacy,
                        v.heads
                    );
                    Ok(())
                }
                Some(f) => {
                    let what = if f.tampered { "BROKEN" } else { "NOT VERIFIABLE" };
                    match f.day {
                        Some(day) => println!("audit chain {what} at record {} (day {day}): {}", f.seq, f.reason),
                        None => println!("audit chain {what} at record {}: {}", f.seq, f.reason),
                    }
                    std::process::exit(2);
                }
            }
        }
        "daily-jobs" => {
            let _in_use = crate::backup::hold(&cfg.database_url)?;
            let db = connect(&cfg.database_url).await?;
            check_audit_key(&db).await?;
            let today = match flag(&rest, "--date") {
                Some(d) => d.parse().map_err(|_| format!("--date {d:?}: a date YYYY-MM-DD"))?,
                None => app::kernel::clock::today(),
            };
            let r = app::reports::jobs::run_daily(&db, &cfg.settings, today).await.map_err(|e| format!("{e:?}"))?;
            let g = app::rating::jobs::run_daily(&db, &cfg.settings, today).await.map_err(|e| format!("{e:?}"))?;
            println!(
                "daily jobs for {today}: {} reminders queued, {} missed deadlines flagged, {} grade expiry notices, \
                 {} grades lowered for failed inspections",
                r.reminders, r.flagged, g.expiry_notices, g.downgrades
            );
            let c = app::credit::jobs::run_daily(&db, &cfg.settings, today).await.map_err(|e| format!("{e:?}"))?;
            println!("credit: {c:?}");
            let ch = app::charity::jobs::run_daily(&db, &cfg.settings, today).await.map_err(|e| format!("{e:?}"))?;
            println!("charity: {} overdue disclosures found, {} charities e-mailed", ch.overdue_found, ch.mails);
            let tr = app::trust::jobs::run_daily(&db, &cfg.settings, today).await.map_err(|e| format!("{e:?}"))?;
            println!("trusts: {} overdue yearly reports found, {} trustees e-mailed", tr.overdue_found, tr.mails);
            let td = app::trade::jobs::run_daily(&db, &cfg.settings, today).await.map_err(|e| format!("{e:?}"))?;
            println!("trade: {td:?}");
            let n = app::dashboard::service::snapshot(&db, &cfg.settings, today).await?;
            println!("dashboard: {n} measures recorded for the trend");
            let a = app::audit::jobs::run_daily(&db, &cfg.settings, today).await?;
            println!("audit: {} day heads published, {} e-mails to administrators", a.published.len(), a.mails);
            for h in &a.published {
                println!("  {}", h.line());
            }
            Ok(())
        }
        "rescore-credit" => {
            let db = connect(&cfg.database_url).await?;
            check_audit_key(&db).await?;
            let n = app::credit::service::rescore_all(&db, &cfg.settings, app::kernel::clock::today()).await?;
            println!("credit scores recomputed for {n} organizations");
            Ok(())
        }
        "verify-draw" => {
            let id: i64 = rest.first().ok_or("verify-draw needs a campaign id")?.parse()?;
            let db = connect(&cfg.database_url).await?;
            let v = app::inspection::service::verify(&db, id).await.map_err(|e| format!("{e:?}"))?;
            let mark = |ok: bool| if ok { "matches" } else { "DOES NOT MATCH" };
            println!("campaign {id}, algorithm {}", app::domain::sampling::ALGORITHM);
            println!("  population hash: {}", mark(v.population_hash_ok));
            println!("  seed:            {}", mark(v.seed_ok));
            println!("  targets:         {}", mark(v.targets_ok));
            println!("  inspectors:      {}", mark(v.inspectors_ok));
            if v.ok() {
                println!("the draw is verified");
                Ok(())
            } else {
                println!("the draw does NOT verify");
                std::process::exit(2);
            }
        }
        "verify-stats" => {
            let db = connect(&cfg.database_url).await?;
            let diffs = app::dashboard::service::tally_check(&db).await?;
            if diffs.is_empty() {
                println!("the dashboard's tallies agree with the records");
                Ok(())
            } else {
                for d in &diffs {
                    println!("  {d}");
                }
                println!("the dashboard's tallies DISAGREE with the records in {} places", diffs.len());
                std::process::exit(2);
            }
        }
        "backup" => {
            let to = rest.first().ok_or("backup needs the file to write")?;
            let db = connect(&cfg.database_url).await?;
            let started = std::time::Instant::now();
            let bytes = crate::backup::backup(&db, std::path::Path::new(to)).await?;
            println!("backup written to {to}: {:.1} MB in {:.1?}", bytes as f64 / 1e6, started.elapsed());
            Ok(())
        }
        "restore" => {
            let from = rest.first().ok_or("restore needs the backup file")?;
            let r = crate::backup::restore(&cfg.database_url, std::path::Path::new(from)).await?;
            println!(
                "restored from {from}: integrity ok, audit chain intact ({} records), tallies agree",
                r.audit_records
            );
            if let Some(p) = r.previous {
                println!("the database it replaced is kept as {}", p.display());
            }
            Ok(())
        }
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown command {other:?}\n\n{USAGE}").into()),
    }
}

fn print_logins() {
    println!("demo logins, after seed-demo (username / password):");
    for (u, p, name, _) in seed::DEMO_USERS {
        println!("  {u:<10} {p:<14} {name}");
    }
}

pub fn leptos_options(cfg: &Config) -> LeptosOptions {
    let mut options = web::site_options(&cfg.site_root);
    options.site_addr = cfg.bind_addr;
    options
}

async fn serve(mut cfg: Config) -> Res {
    cfg.resolve_secret()?;
    // A restore refuses while this is held (until the process ends).
    let _in_use = crate::backup::hold(&cfg.database_url)?;
    let db = connect(&cfg.database_url).await?;
    if cfg.migrate_on_start {
        migrate(&db).await?;
    }
    check_audit_key(&db).await?;
    // Imports a dead process left running end now (not those of live servers).
    match app::imports::recover(&db, &cfg.settings).await {
        Ok(r) if r.done + r.failed > 0 => {
            tracing::warn!(failed = r.failed, done = r.done, "import jobs left running by a stopped server ended")
        }
        Ok(_) => {}
        Err(e) => tracing::error!(error = ?e, "ending import jobs left running failed"),
    }
    let mailer = mailer::Mailer::from_config(&cfg)?;
    mailer::spawn_worker(db.clone(), mailer, Duration::from_secs(cfg.mail_poll_seconds));
    spawn_daily_jobs(db.clone(), cfg.settings.clone(), cfg.backup_dir.clone().map(|d| (d, cfg.backup_keep)));
    let state = app_state(db.clone(), cfg.settings.clone());
    let touches = state.part::<app::auth::service::SessionTouches>().ok().cloned();
    let router = web::router(state, leptos_options(&cfg));
    // Small answers (a favicon, a 304) are written at once, not held back by
    // Nagle's algorithm until the client's delayed ACK (~40 ms each on a
    // keep-alive connection).
    let listener = axum::serve::ListenerExt::tap_io(tokio::net::TcpListener::bind(cfg.bind_addr).await?, |tcp| {
        if let Err(e) = tcp.set_nodelay(true) {
            tracing::debug!(error = %e, "TCP_NODELAY on a connection");
        }
    });
    println!("Sunshine listening on http://{}", cfg.bind_addr);
    print_logins();
    // SIGTERM or Ctrl-C: stop accepting, let the requests under way finish (each
    // answers only after its write committed), for at most SHUTDOWN_GRACE.
    let (stop, stopping) = tokio::sync::watch::channel(false);
    let serve = axum::serve(listener, router.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async move {
            shutdown_signal().await;
            tracing::info!("stopping: no new connections; waiting for the requests under way");
            let _ = stop.send(true);
        });
    let grace = async move {
        let mut stopping = stopping;
        let _ = stopping.wait_for(|s| *s).await;
        tokio::time::sleep(SHUTDOWN_GRACE).await;
    };
    tokio::select! {
        served = serve.into_future() => served?,
        _ = grace => tracing::warn!("stopping: requests still under way after {SHUTDOWN_GRACE:?} are cut off"),
    }
    // Session refreshes noted in the last second are written before the process ends.
    if let Some(touches) = touches {
        match touches.flush(&db).await {
            Ok(n) => tracing::info!(sessions = n, "stopped: session refreshes written"),
            Err(e) => tracing::error!(error = %e, "stopping: session refreshes not written"),
        }
    }
    db.close().await?;
    Ok(())
}

/// How long a stopping server waits for the requests under way.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(8);

/// Resolves on SIGTERM (a service manager's stop) or Ctrl-C.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "SIGTERM cannot be caught");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Runs one daily job, its duration and outcome counted for `/metrics`.
async fn timed<T, E>(job: &'static str, run: impl std::future::Future<Output = Result<T, E>>) -> Result<T, E> {
    let started = std::time::Instant::now();
    let out = run.await;
    crate::metrics::job_run(job, started.elapsed().as_secs_f64(), out.is_ok());
    out
}

/// Runs the daily jobs at start and then every hour; they are idempotent, so
/// running them often (or on several servers) only catches up sooner. Then
/// the day's backup when `backup` names a folder and how many copies to keep.
/// Each run's duration and outcome go to `/metrics`.
fn spawn_daily_jobs(
    db: sea_orm::DatabaseConnection,
    settings: app::state::Settings,
    backup: Option<(std::path::PathBuf, usize)>,
) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(3600));
        loop {
            tick.tick().await;
            let today = app::kernel::clock::today();
            match timed("reports", app::reports::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => tracing::info!(reminders = r.reminders, flagged = r.flagged, "daily jobs"),
                Err(e) => tracing::error!(error = ?e, "daily jobs failed"),
            }
            match timed("credit", app::credit::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => tracing::info!(run = ?r, "credit job"),
                Err(e) => tracing::error!(error = ?e, "credit job failed"),
            }
            match timed("rating", app::rating::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => {
                    tracing::info!(expiry_notices = r.expiry_notices, downgrades = r.downgrades, "rating daily job")
                }
                Err(e) => tracing::error!(error = ?e, "rating daily job failed"),
            }
            match timed("charity", app::charity::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => tracing::info!(overdue = r.overdue_found, mails = r.mails, "charity daily job"),
                Err(e) => tracing::error!(error = ?e, "charity daily job failed"),
            }
            match timed("trusts", app::trust::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => tracing::info!(overdue = r.overdue_found, mails = r.mails, "trust daily job"),
                Err(e) => tracing::error!(error = ?e, "trust daily job failed"),
            }
            match timed("trade_branches", app::trade::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => tracing::info!(run = ?r, "trade branches job"),
                Err(e) => tracing::error!(error = ?e, "trade branches job failed"),
            }
            match timed("dashboard_snapshot", app::dashboard::service::snapshot(&db, &settings, today)).await {
                Ok(n) => tracing::info!(measures = n, "dashboard snapshot"),
                Err(e) => tracing::error!(error = ?e, "dashboard snapshot failed"),
            }
            match timed("audit_heads", app::audit::jobs::run_daily(&db, &settings, today)).await {
                Ok(r) => tracing::info!(published = r.published.len(), mails = r.mails, "audit day heads"),
                Err(e) => tracing::error!(error = %e, "publishing the audit day heads failed"),
            }
            match timed("import_purge", app::kernel::import::purge_uploads(&db, settings.import_retention_days)).await {
                Ok(n) => tracing::info!(files = n, "old import files deleted"),
                Err(e) => tracing::error!(error = ?e, "deleting old import files failed"),
            }
            if let Some((dir, keep)) = &backup {
                match timed("backup", crate::backup::daily(&db, dir, *keep, today)).await {
                    Ok(Some(file)) => tracing::info!(file = %file.display(), "daily backup written"),
                    Ok(None) => {}
                    Err(e) => tracing::error!(error = %e, "daily backup failed"),
                }
            }
        }
    });
}
