//! The server binary stops cleanly on SIGTERM: it stops accepting, lets the
//! requests under way finish, writes the session refreshes it noted, and
//! exits with 0 well within 10 s. `LOG_FORMAT=json` logs one JSON object a
//! line.

use crate::common;
use common::{free_port, healthy, http, Running};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Shutdown#Test-2026!xq";

fn server(dir: &std::path::Path, port: u16) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
    c.env("DATABASE_URL", format!("sqlite://{}/s.db?mode=rwc", dir.display()))
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("DATA_DIR", dir)
        .env("SESSION_SECRET", "a-test-secret-of-more-than-thirty-two-bytes")
        .env("LOG_FORMAT", "json")
        .env("LOG", "info,sqlx=warn");
    c
}

/// The session rows' `last_seen_at`, read through the server's own `connect`.
fn last_seen(dir: &std::path::Path) -> Vec<chrono::DateTime<chrono::Utc>> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sea_orm::{ConnectionTrait, Statement};
        let db = server::connect(&format!("sqlite://{}/s.db?mode=rwc", dir.display())).await.unwrap();
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), "SELECT last_seen_at FROM session"))
            .await
            .unwrap();
        rows.iter().map(|r| r.try_get("", "last_seen_at").unwrap()).collect()
    })
}

fn set_last_seen(dir: &std::path::Path, at: chrono::DateTime<chrono::Utc>) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        use sea_orm::{ConnectionTrait, Statement};
        let db = server::connect(&format!("sqlite://{}/s.db?mode=rwc", dir.display())).await.unwrap();
        db.execute_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            "UPDATE session SET last_seen_at = ?",
            [at.into()],
        ))
        .await
        .unwrap();
    })
}

#[test]
fn sigterm_finishes_the_work_under_way_and_exits_zero() {
    let dir = std::env::temp_dir().join(format!("sunshine-shutdown-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let port = free_port();
    let made = server(&dir, port)
        .args(["create-admin", "--username", "stopper", "--password", PASSWORD])
        .output()
        .expect("create-admin");
    assert!(made.status.success(), "{}", String::from_utf8_lossy(&made.stderr));

    let log = dir.join("server.log");
    let mut child = Running(
        server(&dir, port)
            .arg("serve")
            .stdout(std::fs::File::create(&log).unwrap())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    let deadline = Instant::now() + Duration::from_secs(60);
    while !healthy(port) {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }

    // Signed in; the session last seen five minutes ago, so the next page notes a refresh.
    let cookie = common::sign_in(port, "stopper", PASSWORD);
    let earlier = chrono::Utc::now() - chrono::Duration::minutes(5);
    set_last_seen(&dir, earlier);
    let page =
        http(port, &format!("GET / HTTP/1.1\r\nHost: localhost\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"));
    assert!(page.contains(" 200 "), "{}", &page[..page.len().min(300)]);

    let stopped = Instant::now();
    let killed = Command::new("kill").args(["-TERM", &child.0.id().to_string()]).status().expect("kill");
    assert!(killed.success());
    let status = loop {
        if let Some(s) = child.0.try_wait().unwrap() {
            break s;
        }
        assert!(stopped.elapsed() < Duration::from_secs(10), "still running 10 s after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    let logged = std::fs::read_to_string(&log).unwrap();
    assert_eq!(status.code(), Some(0), "exit status {status:?}; log:\n{logged}");
    // The log lines (the rest is the start banner and the sign-in list).
    let events: Vec<serde_json::Value> = logged
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not a JSON line ({e}): {l}")))
        .collect();
    let said = |m: &str| events.iter().any(|e| e["fields"]["message"].as_str().is_some_and(|s| s.starts_with(m)));
    assert!(said("stopping: no new connections"), "{logged}");
    assert!(said("stopped: session refreshes written"), "{logged}");
    let seen = last_seen(&dir);
    assert_eq!(seen.len(), 1);
    assert!(
        seen[0] > earlier + chrono::Duration::minutes(4),
        "the noted refresh was written before the exit: {seen:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
