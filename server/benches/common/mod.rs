//! What the benchmarks share: their settings from the environment, the
//! figures they print and the machine they ran on. (`mod common;` in a bench;
//! each uses a part.)
#![allow(dead_code)]

use std::time::Duration;

/// A number from the environment, `default` when unset or empty; anything
/// else stops the bench with the variable's name.
pub fn env_u64(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(v) if !v.trim().is_empty() => {
            v.trim().parse().unwrap_or_else(|_| panic!("{name} must be a number, got {v:?}"))
        }
        _ => default,
    }
}

/// Nearest-rank percentile of sorted values.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = (p * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Milliseconds with one decimal, without the unit (a table's cell).
pub fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

pub fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("model name")).map(|l| l.to_string()))
        .and_then(|l| l.split(':').nth(1).map(|m| m.trim().to_string()))
        .unwrap_or_else(|| "unknown CPU".into())
}

/// The machine's 1, 5 and 15 minute load averages.
pub fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}

/// CPU time (user + system) process `pid` ("self" for this one) has used so far.
pub fn process_cpu(pid: &str) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command name, which is in parentheses.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i).and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
    // utime and stime are fields 14 and 15 of the line (the list after the name
    // starts at field 3), in ticks of 10 ms.
    Duration::from_millis((ticks(11) + ticks(12)) * 10)
}

/// A field of `/proc/<pid>/status` in kB (`VmHWM`, `VmRSS`).
pub fn status_kb(pid: &str, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with(field)).and_then(|l| l.split_whitespace().nth(1)?.parse().ok()))
        .unwrap_or(0)
}

/// The machine and build, for the head of a bench's output.
pub fn machine() -> String {
    let nproc = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1);
    let profile = if cfg!(debug_assertions) { "debug build" } else { "release build" };
    format!("{nproc} CPUs ({}), {profile}", cpu_model())
}

/// The request body of `/api/reports/save` as the hydrated page encodes it:
/// the report of `year` at `version` (0: none yet), `intent` `save` (a
/// draft) or `submit`.
pub fn save_body(year: i32, version: i32, intent: &str, form: &app::domain::annual_report::ReportForm) -> String {
    let mut fields = vec![
        ("input[year]".to_string(), year.to_string()),
        ("input[version]".to_string(), version.to_string()),
        ("input[intent]".to_string(), intent.to_string()),
    ];
    let serde_json::Value::Object(map) = serde_json::to_value(form).expect("form to JSON") else {
        panic!("a form serializes to an object");
    };
    for (k, v) in map {
        fields.push((format!("input[form][{k}]"), v.as_str().unwrap_or_default().to_string()));
    }
    serde_urlencoded::to_string(&fields).expect("urlencode")
}

/// The organizations that must file for `year` and have not started: active,
/// obliged, no report of the year on file. Ordered by id.
pub async fn open_filers(
    db: &sea_orm::DatabaseConnection,
    settings: &app::state::Settings,
    year: i32,
) -> Vec<entity::organization::Model> {
    use sea_orm::{ConnectionTrait, EntityTrait, QueryOrder};
    let rows = db
        .query_all_raw(app::db::stmt(
            db.get_database_backend(),
            "SELECT DISTINCT org_id FROM annual_report WHERE report_year = ?",
            vec![year.into()],
        ))
        .await
        .expect("reports on file");
    let on_file: std::collections::BTreeSet<i64> =
        rows.iter().map(|r| r.try_get_by_index::<i64>(0).expect("org_id")).collect();
    entity::organization::Entity::find()
        .order_by_asc(entity::organization::Column::Id)
        .all(db)
        .await
        .expect("organizations")
        .into_iter()
        .filter(|o| {
            o.status == app::domain::org_status::OrgStatus::Active.as_str()
                && !on_file.contains(&o.id)
                && app::reports::service::obliged_for(settings, o, year)
        })
        .collect()
}

/// An organization-user account `org<id>` for `o` with a session last seen
/// at `last_seen`, written directly (signing users in through argon2 would
/// dominate a run); returns the session cookie's token.
pub async fn org_user_session(
    txn: &app::db::WriteTxn,
    o: &entity::organization::Model,
    last_seen: chrono::DateTime<chrono::Utc>,
) -> String {
    use sea_orm::{EntityTrait, Set};
    let username = format!("org{}", o.id);
    let email = format!("{username}@example.org.cn");
    let new = app::auth::service::NewUser {
        username: &username,
        display_name: &o.contact_person,
        email: &email,
        role: app::auth::types::Role::OrgUser,
        org_id: Some(o.id),
        password: None,
    };
    let actor = app::audit::service::Actor::system("bench");
    let user_id = app::auth::service::create_user(txn, &actor, new).await.expect("create user");
    let (token, id) = app::auth::service::new_token();
    entity::session::Entity::insert(entity::session::ActiveModel {
        id: Set(id),
        user_id: Set(user_id),
        created_at: Set(last_seen),
        last_seen_at: Set(last_seen),
    })
    .exec_without_returning(txn)
    .await
    .expect("session");
    token
}

/// The first column of the one row `sql` (`?` placeholders, on either
/// database) returns, as a number (NULL: 0).
pub async fn scalar(db: &sea_orm::DatabaseConnection, sql: &str, values: Vec<sea_orm::Value>) -> i64 {
    use sea_orm::ConnectionTrait;
    let row = db
        .query_one_raw(app::db::stmt(db.get_database_backend(), sql, values))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index::<Option<i64>>(0).unwrap_or_else(|e| panic!("{sql}: {e}")).unwrap_or(0)
}

/// Creates the PostgreSQL database of `url` when it does not exist, through
/// the server's `postgres` database.
pub async fn create_database(url: &str) {
    use sea_orm::ConnectionTrait;
    let (base, query) = url.split_once('?').map_or((url, ""), |(b, q)| (b, q));
    let Some((server, name)) = base.rsplit_once('/') else { return };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        panic!("BENCH_DB: a database name of letters, digits and _ please, got {name:?}");
    }
    let admin = if query.is_empty() { format!("{server}/postgres") } else { format!("{server}/postgres?{query}") };
    let db = sea_orm::Database::connect(admin.as_str()).await.expect("connect to the postgres database");
    let exists = db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DbBackend::Postgres,
            "SELECT 1 AS one FROM pg_database WHERE datname = $1",
            vec![name.into()],
        ))
        .await
        .expect("pg_database")
        .is_some();
    if !exists {
        db.execute_unprepared(&format!("CREATE DATABASE \"{name}\"")).await.expect("create database");
        println!("created the database {name}");
    }
    db.close().await.ok();
}

/// A server binary a bench started, stopped (SIGKILL) if the bench ends early.
pub struct Server(pub std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// A loopback port free now, for a server binary to listen on.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("address").port()
}
