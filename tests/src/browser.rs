//! Browser tests' tools: chromedriver, a headless Chromium session with
//! JavaScript on or off, and small waits.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

pub fn start_driver() -> Driver {
    let port = free_port();
    let bin = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into());
    let child = Command::new(&bin)
        .arg(format!("--port={port}"))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{bin}: {e} (scripts/setup.sh test installs chromium-driver)"));
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "chromedriver did not start");
        std::thread::sleep(Duration::from_millis(100));
    }
    Driver { child, port }
}

pub async fn browser(driver: &Driver, javascript: bool) -> Client {
    let profile = std::env::temp_dir().join(format!("sunshine-chrome-{}-{}", std::process::id(), driver.port));
    let mut args = vec![
        "--headless".to_string(),
        "--no-sandbox".into(),
        "--disable-gpu".into(),
        "--disable-dev-shm-usage".into(),
        "--disable-background-networking".into(),
        "--disable-component-update".into(),
        "--disable-sync".into(),
        "--no-first-run".into(),
        "--lang=zh-CN".into(),
        "--window-size=1280,1024".into(),
        format!("--user-data-dir={}", profile.display()),
    ];
    let mut options = serde_json::json!({
        "binary": std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into()),
    });
    if !javascript {
        args.push("--blink-settings=scriptEnabled=false".into());
        options["prefs"] = serde_json::json!({"profile.managed_default_content_settings.javascript": 2});
    }
    options["args"] = serde_json::json!(args);
    let mut caps = serde_json::Map::new();
    caps.insert("goog:chromeOptions".into(), options);
    // The console, for the check that no page breaks its Content-Security-Policy.
    caps.insert("goog:loggingPrefs".into(), serde_json::json!({"browser": "ALL"}));
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

pub async fn fill(c: &Client, id: &str, value: &str) {
    let el = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    el.clear().await.unwrap();
    el.send_keys(value).await.unwrap();
}

/// The report form's fields of a complete 社会团体 report (text fields, then
/// the party section's selects), by element id; its net assets (300,000)
/// break the balance identity.
const REPORT_FIELDS: [(&str, &str); 24] = [
    ("f-changes", "无"),
    ("f-activities", "开展社区助老服务48次"),
    ("f-board_meetings", "2"),
    ("f-projects", "3"),
    ("f-staff_full_time", "4"),
    ("f-staff_part_time", "1"),
    ("f-volunteers", "25"),
    ("f-income_donations", "100000"),
    ("f-income_grants", "50000"),
    ("f-income_services", "30000"),
    ("f-income_dues", "20000"),
    ("f-income_investment", "0"),
    ("f-income_other", "0"),
    ("f-income_total", "200000"),
    ("f-spend_activities", "150000"),
    ("f-spend_admin", "30000"),
    ("f-spend_fundraising", "0"),
    ("f-spend_other", "0"),
    ("f-spend_total", "180000"),
    ("f-assets", "500000"),
    ("f-liabilities", "100000"),
    ("f-net_assets", "300000"),
    ("f-party_members", "3"),
    ("f-party_activities", "6"),
];
const REPORT_SELECTS: [(&str, &str); 3] =
    [("f-party_kind", "independent"), ("f-party_charter", "yes"), ("f-party_board", "yes")];

/// Fills the annual report form with [`REPORT_FIELDS`] and its selects,
/// each value replaced by the one `changes` gives for that id.
pub async fn fill_report(c: &Client, changes: &[(&str, &str)]) {
    let value = |id: &str, default: &'static str| {
        changes.iter().find(|(k, _)| *k == id).map(|(_, v)| v.to_string()).unwrap_or_else(|| default.to_string())
    };
    for (id, default) in REPORT_FIELDS {
        fill(c, id, &value(id, default)).await;
    }
    for (id, default) in REPORT_SELECTS {
        c.find(Locator::Id(id)).await.unwrap().select_by_value(&value(id, default)).await.unwrap();
    }
}

pub async fn wait_url(c: &Client, part: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let url = c.current_url().await.unwrap().to_string();
        if url.contains(part) {
            return url;
        }
        assert!(Instant::now() < deadline, "still at {url}, waiting for {part}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Waits until the page has hydrated (JavaScript on) or checks that it never
/// does (off); either way, the page must have broken no rule of its
/// Content-Security-Policy.
pub async fn wait_hydrated(c: &Client, javascript: bool) {
    if javascript {
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("body[data-hydrated]"))
            .await
            .expect("the page hydrates");
        // A page reached by the client-side router loads its data after the
        // URL changed (the body is hydrated since the first page): wait until
        // no loading note (`data-loading`, `ui::load::loaded`) is left.
        let deadline = Instant::now() + Duration::from_secs(30);
        while c.find(Locator::Css("[data-loading]")).await.is_ok() {
            assert!(Instant::now() < deadline, "the page's data loads within 30 s");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    } else {
        // Really without JavaScript: the page never hydrates.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(c.find(Locator::Css("body[data-hydrated]")).await.is_err(), "JavaScript ran");
    }
    assert_no_csp_violation(c).await;
}

/// chromedriver's console log (the messages since the last read).
#[derive(Debug)]
struct ConsoleLog;

impl fantoccini::wd::WebDriverCompatibleCommand for ConsoleLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_string()))
    }
}

/// The console messages of the page since the last call.
pub async fn console(c: &Client) -> Vec<String> {
    let log = c.issue_cmd(ConsoleLog).await.expect("chromedriver's console log");
    log.as_array()
        .map(|entries| entries.iter().filter_map(|e| e["message"].as_str().map(str::to_string)).collect())
        .unwrap_or_default()
}

/// Fails on any Content-Security-Policy violation in the console, and on
/// Leptos's warning of a resource read outside a `<Suspense/>` (a cause of
/// hydration mismatches).
pub async fn assert_no_csp_violation(c: &Client) {
    let bad: Vec<String> = console(c)
        .await
        .into_iter()
        .filter(|m| m.contains("Content Security Policy") || m.contains("outside a <Suspense/>"))
        .collect();
    assert!(bad.is_empty(), "console: {bad:#?}");
}

pub async fn text_of(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

/// Signs in through the login form (cookies cleared first) and waits to land on `lands`.
pub async fn sign_in(c: &Client, base: &str, javascript: bool, user: &str, password: &str, lands: &str) {
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/login")).await.unwrap();
    wait_hydrated(c, javascript).await;
    fill(c, "f-username", user).await;
    fill(c, "f-password", password).await;
    c.find(Locator::Id("login-submit")).await.unwrap().click().await.unwrap();
    wait_url(c, lands).await;
}

/// Signs in as the demo user of `role` (a user name of `server::seed::DEMO_USERS`)
/// and lands on that role's home; any other role (`anonymous`) signs out.
pub async fn sign_in_as(c: &Client, base: &str, javascript: bool, role: &str) {
    match server::seed::DEMO_USERS.iter().find(|(u, ..)| *u == role) {
        Some((user, password, _, _)) => {
            let home = match role {
                "org" => "/portal",
                "inspector" => "/inspector",
                "expert" => "/expert",
                "unit" => "/unit",
                _ => "/officer",
            };
            sign_in(c, base, javascript, user, password, home).await;
        }
        None => c.delete_all_cookies().await.unwrap(),
    }
}

/// A date as typed into a date field of an en-US Chromium: `2026-12-03` is `12032026`.
pub fn typed(d: chrono::NaiveDate) -> String {
    d.format("%m%d%Y").to_string()
}

/// The text of `css` once it contains `needle` (a part re-rendered after a
/// form refetches its page), or its last text after 20 s.
pub async fn eventually(c: &Client, css: &str, needle: &str) -> String {
    let mut text = String::new();
    for _ in 0..200 {
        if let Ok(el) = c.find(fantoccini::Locator::Css(css)).await {
            if let Ok(t) = el.text().await {
                text = t;
            }
        }
        if text.contains(needle) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    text
}
