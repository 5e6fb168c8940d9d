//! Browser test of charitable trusts, with JavaScript on and off: a charity's
//! user sends the filing form without a contract (the error summary, nothing
//! filed), then files the trust with its contract; an officer accepts it
//! (the filing number shows); the public finds it on `/public/trusts` and its
//! page shows the settlor who is a natural person by surname only.

use fantoccini::Locator;
use http::StatusCode;
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, typed, wait_hydrated, wait_url};
use sunshine_tests::{org_form, pairs, Backend, TestApp};

const PW: &str = "Charity#2026ok";

/// A recognized charity with a portal user `charity`; leaves `officer1`.
async fn recognized_charity(app: &mut TestApp) -> i64 {
    app.officer().await;
    let form = org_form("阳光市助学基金会", "foundation", 1);
    let code = form.iter().find(|(k, _)| k == "input[credit_code]").unwrap().1.clone();
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    sunshine_tests::fixtures::recognize(app, &code).await;
    app.user("charity", PW, app::auth::types::Role::OrgUser, Some(org)).await;
    org
}

/// Waits until the page at `css` shows `text` (the page may be replaced meanwhile).
async fn wait_text(c: &fantoccini::Client, css: &str, text: &str) {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let now = match c.find(Locator::Css(css)).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if now.contains(text) {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "{css}: {now:?}, waiting for {text}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

async fn file_accept_publish(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    recognized_charity(&mut app).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    let contract = std::env::temp_dir().join(format!("trust-contract-{}-{javascript}.pdf", std::process::id()));
    std::fs::write(&contract, b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n").unwrap();

    sign_in(&c, &base, javascript, "charity", PW, "/portal").await;
    c.goto(&format!("{base}/portal/trusts")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("new-trust")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/portal/trusts/new").await;
    wait_hydrated(&c, javascript).await;

    let today = app::kernel::clock::today();
    fill(&c, "f-name", "阳光春蕾助学慈善信托").await;
    fill(&c, "f-settlor_persons", "欧阳明月").await;
    fill(&c, "f-settlor_orgs", "阳光春蕾实业有限公司").await;
    c.find(Locator::Id("f-purpose-education")).await.unwrap().click().await.unwrap();
    fill(&c, "f-size", "1200000").await;
    c.find(Locator::Id("f-signed_on")).await.unwrap().send_keys(&typed(today)).await.unwrap();
    c.find(Locator::Id("f-start_on")).await.unwrap().send_keys(&typed(today)).await.unwrap();
    fill(&c, "f-beneficiaries", "本市家庭困难的在校学生。").await;
    // No contract: the summary says so, what was typed stays, nothing is filed.
    c.find(Locator::Id("trust-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, ".error-summary").await;
    assert!(summary.contains("信托合同"), "{summary}");
    assert_eq!(app.count("charitable_trust").await, 0);
    let name = c.find(Locator::Id("f-name")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(name, "阳光春蕾助学慈善信托");
    let education = c.find(Locator::Id("f-purpose-education")).await.unwrap();
    assert!(education.prop("checked").await.unwrap().is_some_and(|v| v == "true"), "the purpose stays chosen");

    c.find(Locator::Id("f-contract")).await.unwrap().send_keys(contract.to_str().unwrap()).await.unwrap();
    c.find(Locator::Id("trust-submit")).await.unwrap().click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let id = loop {
        let url = c.current_url().await.unwrap();
        if let Some(id) = url.path().rsplit('/').next().and_then(|s| s.parse::<i64>().ok()) {
            break id;
        }
        assert!(std::time::Instant::now() < deadline, "still on {url}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    };
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#trust-name").await.contains("阳光春蕾助学慈善信托"));
    assert_eq!(app.count("charitable_trust").await, 1);

    // The officer accepts it.
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    c.goto(&format!("{base}/officer/trusts/{id}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("accept-submit")).await.unwrap().click().await.unwrap();
    wait_text(&c, "#trust-filing-no", "慈信备").await;

    // The public finds it; the natural person is masked.
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/public/trusts")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "trusts-q", "春蕾").await;
    c.find(Locator::Id("filter-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "q=").await;
    let list = text_of(&c, "#trusts-table").await;
    assert!(list.contains("阳光春蕾助学慈善信托") && list.contains("慈信备"), "{list}");
    c.goto(&format!("{base}/public/trusts/{id}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let settlors = text_of(&c, "#trust-settlors").await;
    assert!(settlors.contains("欧***") && !settlors.contains("欧阳明月"), "{settlors}");
    std::fs::remove_file(&contract).ok();
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charity_files_a_trust_and_an_officer_accepts_it_with_javascript() {
    file_accept_publish(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_charity_files_a_trust_and_an_officer_accepts_it_without_javascript() {
    file_accept_publish(false).await;
}
