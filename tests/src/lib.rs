//! Test harness: the real application in process, on a fresh database built by
//! the real migrations — a SQLite file or a new PostgreSQL database per test —
//! plus a real SMTP server on loopback.

pub mod browser;
pub mod fixtures;
pub mod site;
pub mod smtp;

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use app::state::{AppState, Settings};
use axum::body::Body;
use axum::Router;
use http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use tower::ServiceExt;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique(prefix: &str) -> String {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{prefix}_{}_{}_{}", std::process::id(), n, rand::random::<u32>())
}

/// Sends the application's logs (warnings and errors; `TEST_LOG` sets
/// another filter) to the test's captured output, so that a failing test
/// shows what the server logged, e.g. the database error behind a 500.
fn capture_logs() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let filter = tracing_subscriber::EnvFilter::try_from_env("TEST_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
        tracing_subscriber::fmt().with_env_filter(filter).with_test_writer().try_init().ok();
    });
}

/// A fresh, migrated database and its URL.
pub async fn fresh_db(backend: Backend) -> (DatabaseConnection, String) {
    let (db, url) = empty_db(backend).await;
    server::migrate(&db).await.expect("migrate");
    (db, url)
}

/// A fresh database with no tables yet (a test of a migration runs the
/// migrations before it first), and its URL.
pub async fn empty_db(backend: Backend) -> (DatabaseConnection, String) {
    capture_logs();
    let url = match backend {
        Backend::Sqlite => {
            let dir = std::env::temp_dir().join("sunshine-tests");
            std::fs::create_dir_all(&dir).unwrap();
            format!("sqlite://{}?mode=rwc", dir.join(format!("{}.db", unique("t"))).display())
        }
        Backend::Postgres => {
            let admin = std::env::var("TEST_PG_URL").expect(
                "TEST_PG_URL is not set: the PostgreSQL tests need a server (scripts/test.sh starts one; \
                 see README)",
            );
            let name = unique("t");
            let db = server::connect(&admin).await.expect("connect to TEST_PG_URL");
            db.execute_unprepared(&format!("CREATE DATABASE {name}")).await.unwrap();
            db.close().await.ok();
            let base = admin.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin);
            format!("{base}/{name}")
        }
    };
    let db = server::connect(&url).await.expect("connect");
    (db, url)
}

/// The settings the tests run with: no rate limits, since a request handed to
/// the router in process has no client address and every request of a test
/// counts as one client (the rate-limit tests use the real limits).
pub fn test_settings() -> Settings {
    Settings {
        public_url: "http://localhost".into(),
        report_year: 2025,
        rate_limits: app::state::RateLimits::OFF,
        ..Settings::default()
    }
}

/// A response, with the body read.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: http::HeaderMap,
    pub body: String,
    pub bytes: Vec<u8>,
}

impl Res {
    pub fn location(&self) -> Option<String> {
        self.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).map(str::to_string)
    }
}

/// The application in process, with a cookie jar like a browser's.
pub struct TestApp {
    pub backend: Backend,
    pub db: DatabaseConnection,
    /// The database's URL (a test may open its own connections, or run a tool on it).
    pub url: String,
    pub state: AppState,
    router: Router,
    pub cookies: BTreeMap<String, String>,
}

/// A test's SQLite files go when it passes (a failed test keeps them to be
/// looked at); its PostgreSQL database goes at the next run's start
/// (`scripts/pg-test.sh clean`).
impl Drop for TestApp {
    fn drop(&mut self) {
        if std::thread::panicking() || self.backend != Backend::Sqlite {
            return;
        }
        if let Some(path) = self.url.strip_prefix("sqlite://").and_then(|p| p.split('?').next()) {
            for suffix in ["", "-wal", "-shm"] {
                std::fs::remove_file(format!("{path}{suffix}")).ok();
            }
        }
    }
}

impl TestApp {
    pub async fn new(backend: Backend) -> TestApp {
        TestApp::with_settings(backend, test_settings()).await
    }

    /// The app with the deterministic demo data of `orgs` organizations
    /// (seed 2026) and the demo users of `server::seed::DEMO_USERS`.
    pub async fn demo(backend: Backend, orgs: u64) -> TestApp {
        let app = TestApp::new(backend).await;
        let settings = app.state.settings.clone();
        server::seed::seed_demo(&app.db, &settings, orgs, 2026).await.unwrap();
        app
    }

    /// The app with other settings (deadlines, targets, limits).
    pub async fn with_settings(backend: Backend, settings: Settings) -> TestApp {
        TestApp::with_site(backend, settings, &site_root()).await
    }

    /// The app with `settings`, serving the browser bundle of the site folder
    /// `site_root` (a test's own; the others serve the built one, [`site_root`]).
    pub async fn with_site(backend: Backend, settings: Settings, site_root: &str) -> TestApp {
        let (db, url) = fresh_db(backend).await;
        let state = server::app_state(db.clone(), settings);
        let router = server::web::router(state.clone(), server::web::site_options(site_root));
        TestApp { backend, db, url, state, router, cookies: BTreeMap::new() }
    }

    fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ")
    }

    fn keep_cookies(&mut self, headers: &http::HeaderMap) {
        for v in headers.get_all(header::SET_COOKIE) {
            let Ok(v) = v.to_str() else { continue };
            let first = v.split(';').next().unwrap_or("");
            let Some((name, value)) = first.split_once('=') else { continue };
            if value.is_empty() || v.contains("Max-Age=0") {
                self.cookies.remove(name.trim());
            } else {
                self.cookies.insert(name.trim().to_string(), value.to_string());
            }
        }
    }

    pub async fn send(&mut self, req: Request<Body>) -> Res {
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        self.keep_cookies(&headers);
        let bytes = res.into_body().collect().await.expect("body").to_bytes().to_vec();
        Res { status, headers, body: String::from_utf8_lossy(&bytes).to_string(), bytes }
    }

    pub async fn get(&mut self, path: &str) -> Res {
        let req = Request::builder()
            .method(Method::GET)
            .uri(path)
            .header(header::HOST, "localhost")
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, self.cookie_header())
            .body(Body::empty())
            .unwrap();
        self.send(req).await
    }

    /// Posts a form as a browser with JavaScript off does (`Accept: text/html`,
    /// same-origin `Origin` and `Referer`).
    pub async fn post_form(&mut self, path: &str, referer: &str, fields: &[(&str, &str)]) -> Res {
        self.post(path, fields, "text/html", Some("http://localhost"), Some(referer)).await
    }

    /// Calls a server function as the hydrated page does (JSON answer).
    pub async fn call(&mut self, path: &str, fields: &[(&str, &str)]) -> Res {
        self.post(path, fields, "application/json", Some("http://localhost"), None).await
    }

    pub async fn post(
        &mut self,
        path: &str,
        fields: &[(&str, &str)],
        accept: &str,
        origin: Option<&str>,
        referer: Option<&str>,
    ) -> Res {
        let body = serde_urlencoded::to_string(fields).unwrap();
        let mut b = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "localhost")
            .header(header::ACCEPT, accept)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, self.cookie_header());
        if let Some(o) = origin {
            b = b.header(header::ORIGIN, o);
        }
        if let Some(r) = referer {
            b = b.header(header::REFERER, format!("http://localhost{r}"));
        }
        self.send(b.body(Body::from(body)).unwrap()).await
    }

    /// Creates an account directly (as an administrator would).
    pub async fn user(&self, username: &str, password: &str, role: app::auth::types::Role, org: Option<i64>) -> i64 {
        let txn = app::db::begin_write(&self.db).await.unwrap();
        let email = format!("{username}@example.org");
        let new = app::auth::service::NewUser {
            username,
            display_name: username,
            email: &email,
            role,
            org_id: org,
            password: Some(password),
        };
        let id = app::auth::service::create_user(&txn, &app::audit::service::Actor::system("test"), new).await.unwrap();
        txn.commit().await.unwrap();
        id
    }

    /// Signs in through the login form and checks it worked.
    pub async fn login(&mut self, username: &str, password: &str) {
        let res = self
            .post_form("/api/auth/login", "/login", &[("username", username), ("password", password), ("next", "")])
            .await;
        assert_eq!(res.status, StatusCode::FOUND, "login as {username}: {}", res.body);
        assert!(self.cookies.contains_key("sid"), "no session cookie");
    }

    pub async fn logout(&mut self) {
        self.cookies.remove("sid");
    }

    /// Registers the organization of `form` (an [`org_form`], changed as the
    /// test needs) through the officers' form as the signed-in officer;
    /// returns its id and credit code.
    pub async fn register(&mut self, form: &[(String, String)]) -> (i64, String) {
        let res = self.post_form("/api/registry/register", "/officer/orgs/new", &pairs(form)).await;
        assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
        let loc = res.location().expect("a redirect to the new record");
        assert!(loc.starts_with("/officer/orgs/"), "{loc}");
        let id = loc.rsplit('/').next().and_then(|id| id.parse().ok()).unwrap_or_else(|| panic!("{loc}"));
        let code = form.iter().find(|(k, _)| k == "input[credit_code]").map(|(_, v)| v.clone()).unwrap_or_default();
        (id, code)
    }

    /// The mails queued to `to`, in the outbox's order.
    pub async fn mails_to(&self, to: &str) -> Vec<entity::mail_outbox::Model> {
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
        entity::mail_outbox::Entity::find()
            .filter(entity::mail_outbox::Column::ToAddr.eq(to))
            .order_by_asc(entity::mail_outbox::Column::Id)
            .all(&self.db)
            .await
            .unwrap()
    }

    /// Signs in as a fresh registry officer and registers three social
    /// groups through the form (audit records to check).
    pub async fn some_registrations(&mut self) {
        self.officer().await;
        for (i, name) in ["阳光市南山区慈善会", "阳光市南山区摄影协会", "阳光市南山区围棋协会"].iter().enumerate()
        {
            let form = org_form(name, "social_group", i as u32);
            let res = self.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
            assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
        }
    }

    /// Signs in as a fresh registry officer.
    pub async fn officer(&mut self) {
        self.user("officer1", "Officer#Pass1", app::auth::types::Role::Officer, None).await;
        self.login("officer1", "Officer#Pass1").await;
    }

    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.get_database_backend();
        let row = self
            .db
            .query_one_raw(sea_orm::Statement::from_string(backend, format!("SELECT COUNT(*) AS n FROM {table}")))
            .await
            .unwrap()
            .unwrap();
        row.try_get("", "n").unwrap()
    }
}

/// `form` with `field` set to `value` (added when it is not there).
pub fn with_field(form: &[(String, String)], field: &str, value: &str) -> Vec<(String, String)> {
    let mut form = form.to_vec();
    match form.iter_mut().find(|(k, _)| k == field) {
        Some(kv) => kv.1 = value.to_string(),
        None => form.push((field.to_string(), value.to_string())),
    }
    form
}

/// A valid establishment form for `name` of type `t` ("social_group", …),
/// with a code built from `n`.
pub fn org_form(name: &str, t: &str, n: u32) -> Vec<(String, String)> {
    let digit = match t {
        "social_group" => '1',
        "social_service" => '2',
        _ => '3',
    };
    let code =
        app::domain::credit_code::build(&format!("5{digit}"), "440300", &format!("{:08}", 20_000_000 + n)).unwrap();
    let capital = if t == "foundation" { "2000000" } else { "50000" };
    [
        ("input[org_type]", t),
        ("input[name]", name),
        ("input[credit_code]", code.as_str()),
        ("input[registration_date]", "2024-03-15"),
        ("input[legal_rep]", "王建国"),
        ("input[capital]", capital),
        ("input[supervisory_unit]", ""),
        ("input[district]", "南山区"),
        ("input[domicile]", "阳光市南山区科技园路1号"),
        ("input[business_scope]", "开展公益服务"),
        ("input[contact_person]", "陈秘书"),
        ("input[contact_phone]", "0755-88886666"),
        ("input[contact_email]", "contact@example.org"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// A change registration of organization `id` (its fields as the change form
/// sends them): the new name, the legal representative 刘明, capital ¥80,000
/// under 市文化广电旅游体育局, dated 2025-06-01, with `note`.
pub fn change_form(id: i64, name: &str, note: &str) -> Vec<(String, String)> {
    [
        ("id", id.to_string().as_str()),
        ("input[name]", name),
        ("input[domicile]", "阳光市南山区海德三道8号"),
        ("input[legal_rep]", "刘明"),
        ("input[business_scope]", "开展公益服务"),
        ("input[capital]", "80000"),
        ("input[supervisory_unit]", "市文化广电旅游体育局"),
        ("input[change_date]", "2025-06-01"),
        ("input[note]", note),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

pub fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect()
}

/// Fails a test that has not finished within two minutes, so a hang is
/// reported as a failure of that test instead of stalling the whole run.
pub async fn within_limit(body: impl std::future::Future<Output = ()>) {
    if tokio::time::timeout(std::time::Duration::from_secs(120), body).await.is_err() {
        panic!("the test did not finish within 120 s");
    }
}

/// Runs a test body on SQLite and on PostgreSQL, as two tests.
#[macro_export]
macro_rules! db_test {
    ($name:ident, |$app:ident| $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                #[allow(unused_mut)]
                let mut $app = $crate::TestApp::new($crate::Backend::Sqlite).await;
                $crate::within_limit(async move { $body }).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                #[allow(unused_mut)]
                let mut $app = $crate::TestApp::new($crate::Backend::Postgres).await;
                $crate::within_limit(async move { $body }).await;
            }
        }
    };
}

impl TestApp {
    /// Serves the app on a free loopback port (for the browser tests).
    pub async fn serve(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let router = self.router.clone();
        tokio::spawn(async move {
            axum::serve(listener, router.into_make_service()).await.ok();
        });
        addr
    }
}

/// The folder with the built browser bundle (`scripts/build-site.sh`).
pub fn site_root() -> String {
    std::env::var("SITE_ROOT").unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target/site").to_string())
}

impl TestApp {
    /// Uploads a file through the import form (multipart, as a browser does).
    pub async fn upload(&mut self, path: &str, file_name: &str, bytes: &[u8]) -> Res {
        self.upload_fields(path, &[], file_name, bytes).await
    }

    /// Posts a multipart form with text `fields` and a `file`.
    pub async fn upload_fields(&mut self, path: &str, fields: &[(&str, &str)], file_name: &str, bytes: &[u8]) -> Res {
        let boundary = "----sunshine-test-boundary";
        let mut body = Vec::new();
        for (name, value) in fields {
            body.extend(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{file_name}\"\r\nContent-Type: text/csv\r\n\r\n").as_bytes());
        body.extend(bytes);
        body.extend(format!("\r\n--{boundary}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(path)
            .header(header::HOST, "localhost")
            .header(header::ORIGIN, "http://localhost")
            .header(header::ACCEPT, "text/html")
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .header(header::COOKIE, self.cookie_header())
            .body(Body::from(body))
            .unwrap();
        self.send(req).await
    }
}
