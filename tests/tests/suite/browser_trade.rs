//! Browser test of a trade association's records, with JavaScript on and
//! off: the association's user sends the fee form empty (the form's error
//! summary, nothing filed), files a compulsory, unpublished fee and sees it
//! listed with its anomalies; an officer finds it on the list of anomalies
//! by its filter.

use fantoccini::Locator;
use sunshine_tests::browser::{browser, eventually, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{org_form, with_field, Backend, TestApp};

const PW: &str = "Officer#Pass1";
const ORG_PW: &str = "Shanghui#2026";

async fn select(c: &fantoccini::Client, id: &str, value: &str) {
    c.find(Locator::Id(id)).await.unwrap().select_by_value(value).await.unwrap();
}

async fn file_a_fee(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let (org, _) =
        app.register(&with_field(&org_form("阳光市电子商会", "social_group", 1), "input[trade_sector]", "C")).await;
    app.user("shanghui", ORG_PW, app::auth::types::Role::OrgUser, Some(org)).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    sign_in(&c, &base, javascript, "shanghui", ORG_PW, "/portal").await;
    c.goto(&format!("{base}/portal/trade")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    // Empty: the fee form's own summary names the fields, nothing is filed.
    c.find(Locator::Id("trade-fee-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary-fee").await;
    assert!(summary.contains("收费项目") && summary.contains("是否强制收取"), "{summary}");
    assert_eq!(app.count("trade_fee").await, 0);

    wait_hydrated(&c, javascript).await;
    fill(&c, "f-fee-year", "2025").await;
    fill(&c, "f-fee-item", "入会费").await;
    select(&c, "f-fee-kind", "membership").await;
    fill(&c, "f-fee-standard", "每家企业每年8000元").await;
    fill(&c, "f-fee-amount", "240000").await;
    select(&c, "f-fee-compulsory", "yes").await;
    select(&c, "f-fee-published", "no").await;
    c.find(Locator::Id("trade-fee-submit")).await.unwrap().click().await.unwrap();
    let fees = eventually(&c, "#trade-fees", "入会费").await;
    assert!(
        fees.contains("强制入会或强制收费") && fees.contains("收费项目未公示") && fees.contains("收费无依据"),
        "{fees}"
    );
    assert_eq!(app.count("trade_fee").await, 1);

    // The officer finds it among the anomalies, by its kind.
    sign_in(&c, &base, javascript, "officer1", PW, "/officer").await;
    c.goto(&format!("{base}/officer/trade")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    select(&c, "filter-anomaly", "trade_anom_fee_unpublished").await;
    c.find(Locator::Id("filter-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "anomaly=").await;
    let list = eventually(&c, "#trade-anomalies", "入会费").await;
    assert!(list.contains("阳光市电子商会") && list.contains("收费项目未公示"), "{list}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_a_fee_with_javascript() {
    file_a_fee(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_a_fee_without_javascript() {
    file_a_fee(false).await;
}
