//! Two server processes and a `daily-jobs` process on one PostgreSQL
//! database, each server sending through its own real SMTP relay on loopback
//! (`smtp_relay.py`), one of them slow (issue 19):
//!
//! - server B (the slow relay) starts with `daily-jobs` beside it, so their
//!   daily jobs run at the same time; server A starts later and runs them
//!   again at its start;
//! - mail is queued through both servers over HTTP (an administrator invites
//!   inspectors), with the session signed in on B used on A;
//! - B is killed (SIGKILL) while it sends: its relay has stored the message
//!   and holds the answer, so B never learns the mail went;
//! - A takes over B's mail once B's lease runs out, and every outbox row is
//!   sent.
//!
//! Then: every mail was delivered exactly once, except the one B was killed
//! sending, delivered a second time by A with the same `Message-ID`; every
//! daily effect happened once (keyed rows counted once by the runs that made
//! them, no mail queued twice, and a fourth run changes nothing); the session
//! works on both servers. Every wait polls with a limit; processes and relays
//! are killed when the test ends, passed or failed.

use crate::common;
use common::relay::Relay;
use common::{free_port, fresh_pg_database, healthy, http, Running};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};

const ADMIN: &str = "clusteradmin";
const PASSWORD: &str = "Cluster#Test-2026!qz";
const SECRET: &str = "a-test-secret-that-both-servers-share-0123456789";
/// Both servers stand behind one address, so their mails' `Message-ID`s are the installation's.
const PUBLIC_URL: &str = "http://localhost";
/// The mail lease (`MAIL_LEASE_SECONDS`): A may send B's mail this long after B claimed it.
const LEASE_SECONDS: u64 = 16;

struct Cluster {
    db_url: String,
    dir: PathBuf,
    /// Two days before the bureau's today: every unfiled report is overdue.
    deadline: String,
}

impl Cluster {
    fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_server"));
        c.args(args)
            .env("DATABASE_URL", &self.db_url)
            .env("DATA_DIR", &self.dir)
            .env("SESSION_SECRET", SECRET)
            .env("PUBLIC_URL", PUBLIC_URL)
            .env("REPORT_DEADLINE", &self.deadline)
            .env("MAIL_POLL_SECONDS", "1")
            .env("MAIL_LEASE_SECONDS", LEASE_SECONDS.to_string())
            .env("LOG", "warn,sqlx=error")
            .env_remove("SMTP_URL")
            .env_remove("SMTP_CA_FILE");
        c
    }

    /// Runs a subcommand to its end (at most 120 s); its output.
    fn run(&self, args: &[&str]) -> String {
        let log = self.dir.join(format!("{}.log", args[0]));
        let child = self.command(args).stdout(file(&log)).stderr(file(&log)).spawn().expect("server");
        let status = wait_exit(Running(child), Duration::from_secs(120), args[0]);
        let out = std::fs::read_to_string(&log).unwrap_or_default();
        assert!(status.success(), "server {args:?}: {status:?}\n{out}");
        out
    }

    fn serve(&self, name: &str, port: u16, relay: &Relay) -> Running {
        let log = self.dir.join(format!("{name}.log"));
        let child = self
            .command(&["serve"])
            .env("BIND_ADDR", format!("127.0.0.1:{port}"))
            .env("SMTP_URL", format!("smtp://127.0.0.1:{}", relay.port))
            .stdout(Stdio::null())
            .stderr(file(&log))
            .spawn()
            .expect("serve");
        let running = Running(child);
        wait_for(&format!("server {name} to answer /healthz"), Duration::from_secs(60), || healthy(port));
        running
    }
}

fn file(path: &Path) -> std::fs::File {
    std::fs::OpenOptions::new().create(true).append(true).open(path).unwrap()
}

/// Polls `done` every 50 ms until it holds; fails the test after `limit`.
fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < deadline, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn wait_exit(mut p: Running, limit: Duration, what: &str) -> std::process::ExitStatus {
    let deadline = Instant::now() + limit;
    loop {
        if let Some(s) = p.0.try_wait().unwrap() {
            return s;
        }
        assert!(Instant::now() < deadline, "{what} still running after {limit:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// An administrator invites an inspector through the server on `port`: one mail queued.
fn invite(port: u16, cookie: &str, username: &str) {
    let body = format!(
        "input%5Busername%5D={username}&input%5Bdisplay_name%5D=Inspector&input%5Bemail%5D={username}%40example.org\
         &input%5Brole%5D=inspector&input%5Borg_code%5D="
    );
    let answer = http(
        port,
        &format!(
            "POST /api/accounts/create HTTP/1.1\r\nHost: localhost\r\nOrigin: http://localhost\r\n\
             Accept: application/json\r\nContent-Type: application/x-www-form-urlencoded\r\nCookie: {cookie}\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    );
    assert!(answer.starts_with("HTTP/1.1 200"), "inviting {username} on port {port}: {answer}");
}

fn get(port: u16, path: &str, cookie: Option<&str>) -> String {
    let cookie = cookie.map(|c| format!("Cookie: {c}\r\n")).unwrap_or_default();
    http(port, &format!("GET {path} HTTP/1.1\r\nHost: localhost\r\n{cookie}Connection: close\r\n\r\n"))
}

/// The test's own connection to the database.
struct Db {
    rt: tokio::runtime::Runtime,
    db: DatabaseConnection,
}

impl Db {
    fn open(url: &str) -> Db {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let db = rt.block_on(server::connect(url)).expect("connect");
        Db { rt, db }
    }

    fn rows(&self, sql: &str) -> Vec<sea_orm::QueryResult> {
        self.rt
            .block_on(self.db.query_all_raw(Statement::from_string(self.db.get_database_backend(), sql)))
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    fn count(&self, sql: &str) -> i64 {
        self.rows(sql)[0].try_get_by_index::<i64>(0).unwrap()
    }

    /// Row counts of the daily jobs' keyed effects and of the outbox.
    fn effects(&self) -> BTreeMap<&'static str, i64> {
        let tables = [
            "reminder_log",
            "filing_flag",
            "credit_entry",
            "zombie_case",
            "rating_expiry_notice",
            "charity_overdue",
            "mail_outbox",
        ];
        tables.into_iter().map(|t| (t, self.count(&format!("SELECT COUNT(*) FROM {t}")))).collect()
    }

    /// The sum of `field` over the recorded runs of `job`.
    fn run_total(&self, job: &str, field: &str) -> i64 {
        self.rows(&format!("SELECT counts_json FROM job_run WHERE job = '{job}'"))
            .iter()
            .map(|r| {
                let json: String = r.try_get_by_index(0).unwrap();
                serde_json::from_str::<serde_json::Value>(&json).unwrap()[field].as_i64().unwrap()
            })
            .sum()
    }
}

/// The outbox row a `Message-ID` names (`<outbox-{id}.…>`).
fn outbox_id(message_id: &str) -> i64 {
    let rest = message_id.strip_prefix("<outbox-").unwrap_or_else(|| panic!("not an outbox id: {message_id}"));
    rest.split('.').next().unwrap().parse().unwrap()
}

#[test]
fn two_servers_and_daily_jobs_on_one_postgres_send_each_mail_once_when_one_is_killed_mid_send() {
    let started = Instant::now();
    let db_url = fresh_pg_database();
    let dir = std::env::temp_dir().join(format!("sunshine-cluster-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let today = chrono::Utc::now().date_naive();
    let deadline = (today - chrono::Duration::days(2)).to_string();
    let cluster = Cluster { db_url: db_url.clone(), dir: dir.clone(), deadline };

    // 40 demo organizations (some with this year's report unfiled, charities
    // with overdue disclosures) and an administrator.
    cluster.run(&["seed-demo", "--orgs", "40"]);
    cluster.run(&["create-admin", "--username", ADMIN, "--password", PASSWORD]);
    let db = Db::open(&db_url);
    let seeded_mail = db.count("SELECT COALESCE(MAX(id), 0) FROM mail_outbox");
    let before = db.effects();
    assert_eq!(before["reminder_log"] + before["filing_flag"] + before["charity_overdue"], 0, "{before:?}");

    // A fast relay for A; B's answers each message after 0.3 s and holds its third.
    let relay_a = Relay::start(&dir.join("relay-a"), &[]);
    let relay_b = Relay::start(&dir.join("relay-b"), &["--delay", "0.3", "--hold", "3"]);

    // B and a daily-jobs process at once: both run the daily jobs now.
    let jobs_log = dir.join("daily-jobs.log");
    let jobs = Running(
        cluster.command(&["daily-jobs"]).stdout(file(&jobs_log)).stderr(file(&jobs_log)).spawn().expect("daily-jobs"),
    );
    let (port_a, port_b) = (free_port(), free_port());
    let mut server_b = cluster.serve("b", port_b, &relay_b);
    let cookie = common::sign_in(port_b, ADMIN, PASSWORD);
    for i in 1..=3 {
        invite(port_b, &cookie, &format!("inspb{i}"));
    }
    let status = wait_exit(jobs, Duration::from_secs(60), "daily-jobs");
    assert!(status.success(), "daily-jobs: {status:?}\n{}", std::fs::read_to_string(&jobs_log).unwrap_or_default());
    // B's own run at its start has finished too (the charity job is its last recorded one).
    wait_for("the daily runs of B and daily-jobs", Duration::from_secs(30), || {
        db.count("SELECT COUNT(*) FROM job_run WHERE job = 'charity'") >= 2
    });

    // B is sending: its relay has stored its third message and holds the answer.
    wait_for("B to be sending its third message", Duration::from_secs(30), || relay_b.held().is_some());
    let held_at = Instant::now();
    let held = relay_b.messages().into_iter().find(|m| Some(m.n) == relay_b.held()).unwrap();
    let held_row = outbox_id(&held.message_id);

    // A starts (its daily jobs run again); the session signed in on B works on A; mail is queued through A.
    let server_a = cluster.serve("a", port_a, &relay_a);
    let page = get(port_a, "/officer/users", Some(&cookie));
    assert!(page.starts_with("HTTP/1.1 200"), "B's session on A: {}", &page[..page.len().min(400)]);
    assert!(page.contains("inspb1"), "A lists the accounts invited through B");
    let anonymous = get(port_a, "/officer/users", None);
    assert!(!anonymous.starts_with("HTTP/1.1 200"), "without the session: {}", &anonymous[..anonymous.len().min(200)]);
    for i in 1..=3 {
        invite(port_a, &cookie, &format!("inspa{i}"));
    }

    // Killed mid-send: the held mail is still B's (pending, under B's lease, which it renewed just before sending).
    let still_b = db.count(&format!(
        "SELECT COUNT(*) FROM mail_outbox WHERE id = {held_row} AND status = 'pending' AND claimed_until > NOW()"
    ));
    assert_eq!(still_b, 1, "the held mail is still B's when B is killed");
    server_b.0.kill().unwrap();
    server_b.0.wait().unwrap();
    assert!(
        held_at.elapsed() < Duration::from_secs(LEASE_SECONDS * 3 / 4),
        "B was killed {:?} into the held send: its send limit would have ended it first",
        held_at.elapsed()
    );
    wait_for("A's daily run at its start", Duration::from_secs(30), || {
        db.count("SELECT COUNT(*) FROM job_run WHERE job = 'charity'") >= 3
    });

    // A sends everything, B's claimed mail once B's lease has run out.
    wait_for("every mail to be sent", Duration::from_secs(LEASE_SECONDS + 30), || {
        db.count("SELECT COUNT(*) FROM mail_outbox WHERE status <> 'sent'") == 0
    });
    let delivered: Vec<_> = relay_a.messages().into_iter().chain(relay_b.messages()).collect();
    let mut by_id: BTreeMap<i64, usize> = BTreeMap::new();
    for m in &delivered {
        *by_id.entry(outbox_id(&m.message_id)).or_default() += 1;
    }
    let twice: Vec<_> = by_id.iter().filter(|(_, n)| **n > 1).map(|(id, n)| (*id, *n)).collect();
    assert_eq!(twice, vec![(held_row, 2)], "only the mail B was killed sending went twice");
    let ids: Vec<i64> =
        db.rows("SELECT id FROM mail_outbox ORDER BY id").iter().map(|r| r.try_get_by_index(0).unwrap()).collect();
    assert_eq!(by_id.keys().copied().collect::<Vec<_>>(), ids, "every outbox row delivered, nothing else");
    let again = relay_a.messages().into_iter().filter(|m| m.message_id == held.message_id).count();
    assert_eq!(again, 1, "A re-sent it with the same Message-ID {}", held.message_id);
    assert!(relay_b.messages().len() >= 3 && !relay_a.messages().is_empty(), "both relays carried mail");
    let invited = delivered.iter().filter(|m| m.raw.contains("@example.org") && m.raw.contains("To: insp")).count();
    assert_eq!(invited, 6, "each invitation delivered once");

    // The daily effects: made by the three runs together, each once.
    let after = db.effects();
    for t in ["reminder_log", "filing_flag", "credit_entry", "charity_overdue"] {
        assert!(after[t] > 0, "the runs had {t} to make: {after:?}");
    }
    let missed = db.count("SELECT COUNT(*) FROM credit_entry WHERE reason = 'missed_report'");
    assert_eq!(db.run_total("credit", "listed_missed_report"), missed, "each listing counted by one run");
    assert_eq!(db.run_total("charity", "overdue_found"), after["charity_overdue"], "each overdue found by one run");
    assert!(db.count("SELECT COUNT(*) FROM job_run WHERE job = 'credit'") >= 3, "three runs of the credit job");
    let doubled = db.count(&format!(
        "SELECT COUNT(*) FROM (SELECT to_addr, subject, body_text FROM mail_outbox WHERE id > {seeded_mail} \
         GROUP BY to_addr, subject, body_text HAVING COUNT(*) > 1) d"
    ));
    assert_eq!(doubled, 0, "no mail queued twice");
    let out = cluster.run(&["daily-jobs"]);
    assert!(out.contains(": 0 reminders queued, 0 missed deadlines flagged, 0 grade expiry notices"), "{out}");
    assert!(out.contains("listed_missed_report: 0") && out.contains("0 overdue disclosures found"), "{out}");
    assert_eq!(db.effects(), after, "a fourth run changes nothing");

    println!(
        "{} outbox rows; delivered {} by A's relay, {} by B's; mail {} re-sent; daily effects {after:?}; {:?}",
        ids.len(),
        relay_a.messages().len(),
        relay_b.messages().len(),
        held.message_id,
        started.elapsed()
    );
    drop(server_a);
    drop((relay_a, relay_b));
    std::fs::remove_dir_all(&dir).ok();
}
