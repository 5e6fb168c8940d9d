//! PostgreSQL's backup as docs/DEPLOY.md gives it: `pg_dump --format=custom`
//! of a database with records, `pg_restore --no-owner` into an empty one, and
//! the restored database has the same records, an intact audit chain and
//! tallies that agree with a recount. (SQLite's `server backup` and `server
//! restore` are tested in server/tests/backup.rs.)

use std::process::Command;

use sunshine_tests::{Backend, TestApp};

/// The folder of PostgreSQL's programs, as scripts/pg-test.sh finds it.
fn pg_bin(program: &str) -> String {
    if let Ok(dir) = std::env::var("PG_BIN") {
        return format!("{dir}/{program}");
    }
    let mut dirs: Vec<_> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.path().join("bin")).filter(|p| p.join(program).exists()).collect())
        .unwrap_or_default();
    dirs.sort();
    dirs.last().map(|d| d.join(program).display().to_string()).unwrap_or_else(|| program.to_string())
}

#[tokio::test]
async fn pg_dump_and_pg_restore_bring_back_every_record() {
    let mut app = TestApp::new(Backend::Postgres).await;
    app.officer().await;
    for (i, name) in ["阳光市南山区书法协会", "阳光市南山区围棋协会"].iter().enumerate() {
        app.register(&sunshine_tests::org_form(name, "social_group", 40 + i as u32)).await;
    }
    let url = app.url.clone();
    let dump = std::env::temp_dir().join(format!("sunshine-pg-{}.dump", std::process::id()));
    let out = Command::new(pg_bin("pg_dump"))
        .args(["--format=custom", &format!("--file={}", dump.display()), &url])
        .output()
        .expect("pg_dump (scripts/setup.sh installs postgresql)");
    assert!(out.status.success(), "pg_dump: {}", String::from_utf8_lossy(&out.stderr));

    // An empty database beside it, restored from the dump.
    let (base, name) = url.rsplit_once('/').unwrap();
    let restored_name = format!("{name}_restored");
    app::db::exec(&app.db, &format!("CREATE DATABASE {restored_name}"), vec![]).await.unwrap();
    let restored = format!("{base}/{restored_name}");
    let out = Command::new(pg_bin("pg_restore"))
        .args(["--no-owner", &format!("--dbname={restored}"), &dump.display().to_string()])
        .output()
        .expect("pg_restore");
    assert!(out.status.success(), "pg_restore: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(&dump).ok();

    let db = server::connect(&restored).await.unwrap();
    server::migrate(&db).await.expect("the restored schema is current");
    let count = |t: &'static str| {
        let (a, b) = (&app.db, &db);
        async move {
            let sql = format!("SELECT COUNT(*) AS n FROM {t}");
            (app::db::count(a, &sql, vec![]).await.unwrap(), app::db::count(b, &sql, vec![]).await.unwrap())
        }
    };
    for table in ["organization", "org_event", "audit_log", "app_user", "org_tally"] {
        let (before, after) = count(table).await;
        assert_eq!(before, after, "{table}");
        assert!(after > 0, "{table} has records");
    }
    match app::audit::service::verify(&db).await.unwrap() {
        app::audit::types::ChainCheck::Intact { records } => assert!(records > 0),
        broken => panic!("{broken:?}"),
    }
    assert!(app::dashboard::service::tally_check(&db).await.unwrap().is_empty());
    db.close().await.ok();
}
