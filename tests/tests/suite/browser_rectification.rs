//! Browser test of a rectification after an inspection, with JavaScript on
//! and off: the organization opens it from its portal, sends the report form
//! empty (each error shown, nothing saved), reports what it did; an officer
//! returns it without a note (refused), then with one.

use fantoccini::Locator;
use sunshine_tests::browser::{browser, eventually, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{Backend, TestApp};

use super::inspection_follow::{drawn, publish, rectification_of, RECTIFY};

const PW: &str = "Portal#2026";

async fn a_rectification_is_reported_and_returned(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    let d = drawn(&mut app).await;
    publish(&mut app, &d, [RECTIFY, ("none", ""), ("none", "")]).await;
    let org = d.orgs[0].0;
    let id = rectification_of(&app, org).await.id;
    app.user("orgjia", PW, app::auth::types::Role::OrgUser, Some(org)).await;
    app.logout().await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    // The organization: its list, the record, the report form sent empty.
    sign_in(&c, &base, javascript, "orgjia", PW, "/portal").await;
    c.goto(&format!("{base}/portal/rectifications")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let list = text_of(&c, "#rectifications-table").await;
    assert!(list.contains("阳光市南山区整改甲协会"), "{list}");
    c.find(Locator::Css(&format!("a[href='/portal/rectifications/{id}']"))).await.unwrap().click().await.unwrap();
    wait_url(&c, &format!("/portal/rectifications/{id}")).await;
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#findings").await.contains(RECTIFY.1));
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    assert!(text_of(&c, "#error-summary").await.contains("整改情况"));
    assert!(text_of(&c, "#f-report-error").await.contains("必填"));
    let r = rectification_of(&app, org).await;
    assert_eq!((r.status.as_str(), r.version), ("ordered", 0), "nothing was saved");

    // The report.
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-report", "已修订财务管理制度，并于本月召开会员代表大会完成换届。").await;
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    assert!(text_of(&c, ".flash-success").await.contains("整改情况已报告"));
    let status = eventually(&c, "#rectification-status", "已报告待审核").await;
    assert!(status.contains("已报告待审核"), "{status}");
    assert!(c.find(Locator::Id("report-form")).await.is_err(), "reported once, awaiting review");
    let r = rectification_of(&app, org).await;
    assert_eq!((r.status.as_str(), r.version), ("reported", 1));

    // The officer returns it: a note is required.
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    c.goto(&format!("{base}/officer/rectifications/{id}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#report").await.contains("完成换届"));
    c.find(Locator::Id("return-submit")).await.unwrap().click().await.unwrap();
    assert!(text_of(&c, "#error-summary").await.contains("审核意见"));
    assert!(text_of(&c, "#f-note-error").await.contains("退回时请写明"));
    assert_eq!(rectification_of(&app, org).await.status, "reported", "nothing was saved");
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-note", "请补充会员代表大会决议和换届备案材料。").await;
    c.find(Locator::Id("return-submit")).await.unwrap().click().await.unwrap();
    assert!(text_of(&c, ".flash-success").await.contains("已退回"));
    let status = eventually(&c, "#rectification-status", "已退回").await;
    assert!(status.contains("已退回"), "{status}");
    let r = rectification_of(&app, org).await;
    assert_eq!(
        (r.status.as_str(), r.review_note.as_deref()),
        ("returned", Some("请补充会员代表大会决议和换届备案材料。"))
    );
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rectification_is_reported_and_returned_with_javascript() {
    a_rectification_is_reported_and_returned(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rectification_is_reported_and_returned_without_javascript() {
    a_rectification_is_reported_and_returned(false).await;
}
