//! Browser tests in headless Chromium through WebDriver, with JavaScript on and
//! off: an officer signs in, registers an organization with a wrong credit
//! code, sees the field error, corrects it, and the public search finds it.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use sunshine_tests::{Backend, TestApp};

struct Driver {
    child: Child,
    port: u16,
}

impl Drop for Driver {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn start_driver() -> Driver {
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

async fn browser(driver: &Driver, javascript: bool) -> Client {
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
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{}", driver.port))
        .await
        .expect("a Chromium session")
}

async fn fill(c: &Client, id: &str, value: &str) {
    let el = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    el.clear().await.unwrap();
    el.send_keys(value).await.unwrap();
}

async fn wait_url(c: &Client, part: &str) -> String {
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

async fn wait_hydrated(c: &Client, javascript: bool) {
    if javascript {
        c.wait()
            .at_most(Duration::from_secs(30))
            .for_element(Locator::Css("body[data-hydrated]"))
            .await
            .expect("the page hydrates");
    } else {
        // Really without JavaScript: the page never hydrates.
        tokio::time::sleep(Duration::from_millis(500)).await;
        assert!(c.find(Locator::Css("body[data-hydrated]")).await.is_err(), "JavaScript ran");
    }
}

async fn text_of(c: &Client, css: &str) -> String {
    c.wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .text()
        .await
        .unwrap()
}

async fn register_and_find(javascript: bool) {
    let app = TestApp::new(Backend::Sqlite).await;
    app.user("officer1", "Officer#Pass1", app::auth::types::Role::Officer, None).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    // Sign in.
    c.goto(&format!("{base}/login")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-username", "officer1").await;
    fill(&c, "f-password", "Officer#Pass1").await;
    c.find(Locator::Id("login-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/officer/orgs").await;

    // Register with a wrong check character.
    c.goto(&format!("{base}/officer/orgs/new")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let good = app::domain::credit_code::build("51", "440300", "30000001").unwrap();
    let wrong = format!("{}{}", &good[..17], if good.ends_with('0') { '1' } else { '0' });
    let name = if javascript { "阳光市南山区星光慈善协会" } else { "阳光市南山区木棉慈善协会" };
    c.find(Locator::Id("f-org_type")).await.unwrap().select_by_value("social_group").await.unwrap();
    fill(&c, "f-name", name).await;
    fill(&c, "f-credit_code", &wrong).await;
    if javascript {
        // The same rule runs in the browser: the error shows while typing.
        let live = text_of(&c, "#f-credit_code-error").await;
        assert!(live.contains("校验位"), "{live}");
    }
    let date = c.find(Locator::Id("f-registration_date")).await.unwrap();
    date.send_keys("03152024").await.unwrap();
    fill(&c, "f-legal_rep", "周明").await;
    fill(&c, "f-capital", "50000").await;
    c.find(Locator::Id("f-district")).await.unwrap().select_by_value("南山区").await.unwrap();
    fill(&c, "f-domicile", "阳光市南山区海德三道8号").await;
    fill(&c, "f-business_scope", "组织慈善募捐和志愿服务").await;
    fill(&c, "f-contact_person", "陈秘书").await;
    fill(&c, "f-contact_phone", "0755-26660000").await;
    fill(&c, "f-contact_email", "office@example.org").await;
    c.find(Locator::Id("register-submit")).await.unwrap().click().await.unwrap();

    // The server refuses it and says which field and why.
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("统一社会信用代码"), "{summary}");
    let field_error = text_of(&c, "#f-credit_code-error").await;
    assert!(field_error.contains("校验位"), "{field_error}");
    assert_eq!(app.count("organization").await, 0, "nothing was written");
    // What was typed is still there.
    let kept = c.find(Locator::Id("f-name")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(kept, name);

    // Correct it and submit again.
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-credit_code", &good).await;
    if !javascript {
        // Without JavaScript the page was reloaded: the date must be typed again only if it was lost.
        let d =
            c.find(Locator::Id("f-registration_date")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
        if d.is_empty() {
            c.find(Locator::Id("f-registration_date")).await.unwrap().send_keys("03152024").await.unwrap();
        }
    }
    c.find(Locator::Id("register-submit")).await.unwrap().click().await.unwrap();
    let url = wait_url(&c, "/officer/orgs/1").await;
    assert!(url.ends_with("/officer/orgs/1"), "{url}");
    let code = text_of(&c, "#org-code").await;
    assert_eq!(code, good);
    assert_eq!(app.count("organization").await, 1);

    // The public finds it by a two-character part of its name.
    c.goto(&format!("{base}/public/orgs?q=%E6%85%88%E5%96%84")).await.unwrap();
    let table = text_of(&c, "#org-table").await;
    assert!(table.contains(name), "{table}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_registers_and_public_finds_it_with_javascript() {
    register_and_find(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_registers_and_public_finds_it_without_javascript() {
    register_and_find(false).await;
}
