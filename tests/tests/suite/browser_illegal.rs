//! Browser test of the illegal organizations' register, with JavaScript on
//! and off: an officer sends the new-lead form empty (the error summary,
//! nothing recorded), fills it in and records the lead, exposes it on the
//! warning list; the public then finds it on `/public/warnings` by a
//! two-character search, without the people involved.

use fantoccini::Locator;
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{Backend, TestApp};

const PW: &str = "Officer#Pass1";

async fn register_and_expose(javascript: bool) {
    let app = TestApp::new(Backend::Sqlite).await;
    app.user("officer1", PW, app::auth::types::Role::Officer, None).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    sign_in(&c, &base, javascript, "officer1", PW, "/officer").await;
    c.goto(&format!("{base}/officer/illegal/new")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    // Empty: the summary names the fields, nothing is recorded.
    c.find(Locator::Id("illegal-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, ".error-summary").await;
    assert!(summary.contains("名称") && summary.contains("活动内容"), "{summary}");
    assert_eq!(app.count("illegal_org").await, 0);

    fill(&c, "f-name", "阳光市易经风水研究总会").await;
    c.find(Locator::Id("f-source")).await.unwrap().select_by_value("officer").await.unwrap();
    fill(&c, "f-activities", "以研究会名义开设收费风水培训班。").await;
    fill(&c, "f-places", "阳光市罗湖区东门步行街").await;
    fill(&c, "f-websites", "www.yijing-zonghui.example").await;
    fill(&c, "f-people", "郑某，自称会长").await;
    c.find(Locator::Id("illegal-submit")).await.unwrap().click().await.unwrap();
    // On to the new entry's page (its id in the address).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let url = c.current_url().await.unwrap();
        if url.path().rsplit('/').next().is_some_and(|s| s.parse::<i64>().is_ok()) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "still on {url}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#entry-name").await.contains("阳光市易经风水研究总会"));
    assert!(text_of(&c, "#entry-people").await.contains("郑某"));

    // Exposed on the warning list today.
    c.find(Locator::Id("publish-submit")).await.unwrap().click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        // The page is replaced (JavaScript off) or re-rendered: read it afresh each time.
        let listed = match c.find(Locator::Id("entry-listed")).await {
            Ok(e) => e.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        };
        if listed.contains("起公开") {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "not exposed: {listed}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // The public finds it, without the people.
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/public/warnings")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "warnings-q", "风水").await;
    c.find(Locator::Id("filter-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "q=").await;
    let list = text_of(&c, "#warnings-table").await;
    assert!(list.contains("阳光市易经风水研究总会") && list.contains("东门步行街"), "{list}");
    assert!(!list.contains("郑某"), "{list}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_and_expose_with_javascript() {
    register_and_expose(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn register_and_expose_without_javascript() {
    register_and_expose(false).await;
}
