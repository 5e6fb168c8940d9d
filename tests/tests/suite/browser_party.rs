//! Browser test of party building, with JavaScript on and off: an officer
//! saves an organization's party record on its page with too few full members
//! for an independent organization (the error summary, nothing saved), then
//! as a joint branch; records the registration's check there; the
//! organization then sees both in its portal. The organization files its
//! annual report's party section, refused and then accepted.

use fantoccini::Locator;
use sunshine_tests::browser::{
    browser, eventually, fill, fill_report, sign_in, start_driver, text_of, typed, wait_hydrated,
};
use sunshine_tests::{org_form, Backend, TestApp};

const PW: &str = "Officer#Pass1";

async fn keep_the_record(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let (org, _) = app.register(&org_form("阳光市南山区棋类协会", "social_group", 7)).await;
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

/// The organization files its report's party section in the portal: an
/// independent party organization with two full members is refused with the
/// reason (nothing submitted, what was typed kept), three submit; the report
/// then shows the section, and its party check flags that the organization
/// has no party record.
async fn file_the_report_section(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let (org, _) = app.register(&org_form("阳光市南山区篆刻协会", "social_group", 8)).await;
    app.user("zhuanke", "Zhuanke#2026", app::auth::types::Role::OrgUser, Some(org)).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    sign_in(&c, &base, javascript, "zhuanke", "Zhuanke#2026", "/portal").await;
    c.goto(&format!("{base}/portal/reports/2025")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill_report(
        &c,
        &[
            ("f-activities", "举办篆刻展览2次"),
            ("f-net_assets", "400000"),
            ("f-party_members", "2"),
            ("f-party_activities", "8"),
            ("f-party_board", "no"),
        ],
    )
    .await;
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    let summary = eventually(&c, "#error-summary", "单独组建须有正式党员3人以上").await;
    assert!(summary.contains("从业人员中正式党员人数"), "{summary}");
    assert_eq!(app.count("report_event").await, 0, "nothing was submitted");
    let kept = c.find(Locator::Id("f-party_activities")).await.unwrap().prop("value").await.unwrap();
    assert_eq!(kept.as_deref(), Some("8"), "what was typed is kept");

    wait_hydrated(&c, javascript).await;
    fill(&c, "f-party_members", "3").await;
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    let kind = eventually(&c, "#report-party-kind", "单独组建").await;
    assert!(kind.contains("单独组建"));
    assert!(text_of(&c, "#report-party-activities").await.contains('8'));
    assert_eq!(app.count("report_event").await, 1);
    let flag = eventually(&c, "#party-mismatch", "尚无党建信息").await;
    assert!(flag.contains("不一致"), "{flag}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_the_report_section_with_javascript() {
    file_the_report_section(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn file_the_report_section_without_javascript() {
    file_the_report_section(false).await;
}
