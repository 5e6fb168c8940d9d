//! `server backup` and `server restore` on the embedded SQLite database, run
//! as the binary: a backup is consistent while a server writes; a restore is
//! refused while a server runs, refuses a copy whose audit chain was
//! rewritten (changing nothing), and otherwise puts the copy in place and
//! keeps the database it replaced. The scheduled daily copy keeps the newest
//! `BACKUP_KEEP`.

use crate::common;
use common::{free_port, healthy, Running};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, Statement};

struct Env {
    dir: PathBuf,
    port: u16,
}

impl Env {
    fn url(&self) -> String {
        format!("sqlite://{}/s.db?mode=rwc", self.dir.display())
    }

    fn server(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
        c.env("DATABASE_URL", self.url())
            .env("BIND_ADDR", format!("127.0.0.1:{}", self.port))
            .env("DATA_DIR", &self.dir)
            .env("SESSION_SECRET", "a-test-secret-of-more-than-thirty-two-bytes")
            .env("LOG", "warn");
        c
    }

    fn run(&self, args: &[&str]) -> Output {
        self.server().args(args).output().expect("server")
    }

    fn admin(&self, name: &str) {
        let out = self.run(&["create-admin", "--username", name, "--password", "Backup#Test-2026!qz"]);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    }

    /// The accounts in database `file`.
    fn users(&self, file: &Path) -> Vec<String> {
        query(file, "SELECT username FROM app_user ORDER BY id").into_iter().map(|mut r| r.remove(0)).collect()
    }
}

/// Rows of `sql` on database `file`, every column as text.
fn query(file: &Path, sql: &str) -> Vec<Vec<String>> {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = server::connect(&format!("sqlite://{}?mode=rw", file.display())).await.unwrap();
        let rows = db.query_all_raw(Statement::from_string(db.get_database_backend(), sql)).await.unwrap();
        let out = rows.iter().map(|r| vec![r.try_get_by_index::<String>(0).unwrap()]).collect();
        db.close().await.unwrap();
        out
    })
}

fn exec(file: &Path, sql: &str) {
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = server::connect(&format!("sqlite://{}?mode=rw", file.display())).await.unwrap();
        db.execute_unprepared(sql).await.unwrap();
        db.execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)").await.unwrap();
        db.close().await.unwrap();
    })
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

#[test]
fn backup_while_serving_and_restore_only_when_stopped_and_checked() {
    let dir = std::env::temp_dir().join(format!("sunshine-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let env = Env { dir: dir.clone(), port: free_port() };
    env.admin("first");

    let mut serving = Running(env.server().arg("serve").stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap());
    let deadline = Instant::now() + Duration::from_secs(60);
    while !healthy(env.port) {
        assert!(Instant::now() < deadline, "the server did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    // A copy while the server runs; another account made after it.
    let copy = dir.join("copies/monday.db");
    let out = env.run(&["backup", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("backup written to"), "{}", text(&out));
    let again = env.run(&["backup", copy.to_str().unwrap()]);
    assert!(!again.status.success() && text(&again).contains("never overwrites"), "{}", text(&again));
    env.admin("second");
    assert_eq!(env.users(&copy), vec!["first"], "the copy is the database as it was");

    // Refused while the server runs: nothing changes.
    let out = env.run(&["restore", copy.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("stop it first"), "{}", text(&out));
    Command::new("kill").args(["-TERM", &serving.0.id().to_string()]).status().unwrap();
    serving.0.wait().unwrap();
    let db_file = dir.join("s.db");
    assert_eq!(env.users(&db_file), vec!["first", "second"]);

    // A copy whose audit chain was rewritten is refused; the database stays as it was.
    let forged = dir.join("forged.db");
    std::fs::copy(&copy, &forged).unwrap();
    exec(&forged, "UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 1");
    let out = env.run(&["restore", forged.to_str().unwrap()]);
    assert!(!out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("audit chain is broken"), "{}", text(&out));
    assert_eq!(env.users(&db_file), vec!["first", "second"]);
    let before = |d: &Path| {
        std::fs::read_dir(d)
            .unwrap()
            .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().contains("before-restore"))
            .count()
    };
    assert_eq!(before(&dir), 0, "nothing was moved");

    // The good copy goes in; the replaced database is kept.
    let out = env.run(&["restore", copy.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("audit chain intact"), "{}", text(&out));
    assert_eq!(env.users(&db_file), vec!["first"]);
    assert!(before(&dir) >= 1, "the replaced database is kept");
    let verify = env.run(&["verify-audit"]);
    assert!(verify.status.success() && text(&verify).contains("intact"), "{}", text(&verify));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn the_daily_copy_keeps_the_newest() {
    let dir = std::env::temp_dir().join(format!("sunshine-daily-backup-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    rt.block_on(async {
        let db = server::connect(&format!("sqlite://{}/s.db?mode=rwc", dir.display())).await.unwrap();
        server::migrate(&db).await.unwrap();
        let copies = dir.join("backups");
        let day = |d: u32| chrono::NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        for d in 1..=4 {
            let made = server::backup::daily(&db, &copies, 2, day(d)).await.unwrap();
            assert_eq!(made, Some(copies.join(format!("sunshine-2026-12-0{d}.db"))));
        }
        assert_eq!(server::backup::daily(&db, &copies, 2, day(4)).await.unwrap(), None, "one copy a day");
        let mut left: Vec<String> = std::fs::read_dir(&copies)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, vec!["sunshine-2026-12-03.db", "sunshine-2026-12-04.db"]);
    });
    std::fs::remove_dir_all(&dir).ok();
}
