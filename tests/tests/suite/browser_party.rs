//! Browser test of party building, with JavaScript on and off: an officer
//! saves an organization's party record on its page with too few full members
//! for an independent organization (the error summary, nothing saved), then
//! as a joint branch; records the registration's check there; the
//! organization then sees both in its portal.

use fantoccini::Locator;
use sunshine_tests::browser::{browser, eventually, fill, sign_in, start_driver, text_of, typed, wait_hydrated};
use sunshine_tests::{org_form, pairs, Backend, TestApp};

const PW: &str = "Officer#Pass1";

async fn keep_the_record(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let res = app
        .post_form(
            "/api/registry/register",
            "/officer/orgs/new",
            &pairs(&org_form("阳光市南山区棋类协会", "social_group", 7)),
        )
        .await;
    assert_eq!(res.status, http::StatusCode::FOUND, "{}", res.body);
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    app.user("orguser", "OrgUser#Pass1", app::auth::types::Role::OrgUser, Some(org)).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    sign_in(&c, &base, javascript, "officer1", PW, "/officer").await;
    c.goto(&format!("{base}/officer/orgs/{org}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#party").await.contains("尚未填报党建情况"));
    // Independent with two full members: refused with its reason, nothing saved.
    c.find(Locator::Id("f-party-kind")).await.unwrap().select_by_value("independent").await.unwrap();
    let day = chrono::NaiveDate::from_ymd_opt(2022, 7, 1).unwrap();
    fill(&c, "f-party-established_on", &typed(day)).await;
    fill(&c, "f-party-full_members", "2").await;
    fill(&c, "f-party-secretary", "钱书记").await;
    c.find(Locator::Id("party-submit")).await.unwrap().click().await.unwrap();
    let summary = eventually(&c, "#party-form .error-summary", "单独组建须有正式党员3人以上").await;
    assert!(summary.contains("正式党员人数"), "{summary}");
    assert_eq!(app.count("party_org").await, 0);
    // As a joint branch with another organization: saved.
    c.find(Locator::Id("f-party-kind")).await.unwrap().select_by_value("joint").await.unwrap();
    // What was typed is kept (with JavaScript off, by the flash).
    fill(&c, "f-party-joint_with", "阳光市南山区桥牌协会").await;
    fill(&c, "f-party-instructor_name", "冯指导").await;
    c.find(Locator::Id("party-submit")).await.unwrap().click().await.unwrap();
    let kind = eventually(&c, "#party-kind", "联合组建").await;
    assert!(kind.contains("联合组建"));
    assert!(text_of(&c, "#party-instructor").await.contains("冯指导"));
    assert_eq!(app.count("party_org").await, 1);

    // The registration's check, on the same page: "not carried out" without a note is refused.
    c.find(Locator::Id("f-party_sync_registration-done")).await.unwrap().select_by_value("no").await.unwrap();
    c.find(Locator::Id("party-sync-registration-submit")).await.unwrap().click().await.unwrap();
    eventually(&c, "#party-sync-registration .error-summary", "说明").await;
    assert_eq!(app.count("party_sync").await, 0);
    c.find(Locator::Id("f-party_sync_registration-done")).await.unwrap().select_by_value("yes").await.unwrap();
    fill(&c, "f-party_sync_registration-note", "随申请采集党员信息表2份").await;
    c.find(Locator::Id("party-sync-registration-submit")).await.unwrap().click().await.unwrap();
    eventually(&c, "#party-sync-registration-status", "已落实").await;
    assert_eq!(app.count("party_sync").await, 1);

    // The organization sees both in its portal.
    c.delete_all_cookies().await.unwrap();
    sign_in(&c, &base, javascript, "orguser", "OrgUser#Pass1", "/portal").await;
    c.goto(&format!("{base}/portal/party")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#party-kind").await.contains("联合组建"));
    assert!(text_of(&c, "#party-step-registration").await.contains("已落实"));
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_the_record_with_javascript() {
    keep_the_record(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keep_the_record_without_javascript() {
    keep_the_record(false).await;
}
