//! Browser test of the dashboard, with JavaScript on and off: an officer
//! enters a target with a mistake, reads the error at the field, corrects it,
//! and the dashboard shows the target with its value, chart and table; the
//! year-end statistics and the public statistics render.

use fantoccini::{Client, Locator};
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{Backend, TestApp};

async fn click(c: &Client, id: &str) {
    c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}")).click().await.unwrap();
}

async fn dashboard(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let today = app::kernel::clock::today();
    let year = chrono::Datelike::year(&today).to_string();
    app::dashboard::service::snapshot(&app.db, &app.state.settings, today).await.unwrap();
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;

    c.goto(&format!("{base}/officer/dashboard/targets?year={year}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-name", "福利彩票销售网点").await;
    c.find(Locator::Css("#f-measure option[value='lottery_outlets']")).await.unwrap().click().await.unwrap();
    fill(&c, "f-target", "一千七百").await;
    click(&c, "target-submit").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        if let Ok(e) = c.find(Locator::Id("f-target-error")).await {
            let msg = e.text().await.unwrap();
            assert!(msg.contains("整数"), "the error says why: {msg}");
            break;
        }
        assert!(std::time::Instant::now() < deadline, "no error at the target field");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    wait_hydrated(&c, javascript).await;
    assert_eq!(app.count("dashboard_target").await, 0, "nothing written");
    // What was typed is kept; correct the value only.
    let name = c.find(Locator::Id("f-name")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(name, "福利彩票销售网点");
    fill(&c, "f-target", "1700").await;
    if !javascript {
        c.find(Locator::Css("#f-measure option[value='lottery_outlets']")).await.unwrap().click().await.unwrap();
    }
    click(&c, "target-submit").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while app.count("dashboard_target").await == 0 {
        assert!(std::time::Instant::now() < deadline, "the target was not saved");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    wait_url(&c, "/officer/dashboard/targets").await;

    c.goto(&format!("{base}/officer/dashboard")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let targets = text_of(&c, "#targets-table").await;
    assert!(targets.contains("福利彩票销售网点") && targets.contains("1,700"), "{targets}");
    let charts = c.find_all(Locator::Css("figure.chart svg")).await.unwrap();
    assert!(charts.len() >= 2, "the trend and the months are drawn ({})", charts.len());
    let queues = text_of(&c, "#queues-table").await;
    assert!(queues.contains("年度工作报告待审核"), "{queues}");
    let measures = text_of(&c, "#measures-table").await;
    assert!(measures.contains("年检参检率"), "{measures}");

    c.goto(&format!("{base}/officer/statistics?year={year}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let stats = text_of(&c, "#stats-ys_sec_register").await;
    assert!(stats.contains("成立登记"), "{stats}");

    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/public/statistics")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let active = text_of(&c, "#stat-active").await;
    assert!(active.contains("正常登记的社会组织"), "{active}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_with_javascript() {
    dashboard(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dashboard_without_javascript() {
    dashboard(false).await;
}
