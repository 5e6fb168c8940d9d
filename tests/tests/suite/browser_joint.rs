//! Browser test of joint campaigns, with JavaScript on and off: an officer
//! adds a partner department (a bad e-mail is refused first), then plans a
//! joint campaign through the form — submitted without a name, it comes back
//! with the error, the department still ticked and nothing saved — and the
//! campaign's page lists the department.

use chrono::Datelike;
use fantoccini::Locator;
use sea_orm::EntityTrait;
use sunshine_tests::browser::{
    browser, eventually, fill, sign_in, start_driver, text_of, typed, wait_hydrated, wait_url,
};
use sunshine_tests::{Backend, TestApp};

async fn officer_plans_a_joint_campaign(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;

    // A department: a bad e-mail first.
    c.goto(&format!("{base}/officer/departments")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-name", "市市场监督管理局").await;
    fill(&c, "f-code", "samr").await;
    fill(&c, "f-contact_email", "not-an-address").await;
    c.find(Locator::Id("department-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("联系邮箱"), "{summary}");
    assert_eq!(app.count("partner_department").await, 0, "nothing saved");
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-contact_email", "samr@example.gov.cn").await;
    c.find(Locator::Id("department-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/officer/departments/").await;
    let d = entity::partner_department::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!((d.code.as_str(), d.contact_email.as_str()), ("SAMR", "samr@example.gov.cn"));

    // The plan: without a name it comes back with the department still ticked.
    c.goto(&format!("{base}/officer/inspections/new")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let today = app::kernel::clock::today();
    fill(&c, "f-year", &today.year().to_string()).await;
    c.find(Locator::Id("f-period_from")).await.unwrap().send_keys(&typed(today)).await.unwrap();
    c.find(Locator::Id("f-period_to")).await.unwrap().send_keys(&typed(today + chrono::Days::new(30))).await.unwrap();
    fill(&c, "f-beacon_source", "次日福彩3D开奖号码").await;
    let dept_box = format!("f-dept-{}", d.id);
    c.find(Locator::Id(&dept_box)).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("campaign-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("名称"), "{summary}");
    assert_eq!(app.count("inspection_campaign").await, 0, "nothing saved");
    let ticked = c.find(Locator::Id(&dept_box)).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(ticked.as_deref(), Some("true"), "the department stays ticked");
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-name", "部门联合抽查（市场监管）").await;
    for (id, value) in [("f-period_from", today), ("f-period_to", today + chrono::Days::new(30))] {
        let v = c.find(Locator::Id(id)).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
        if v.is_empty() {
            c.find(Locator::Id(id)).await.unwrap().send_keys(&typed(value)).await.unwrap();
        }
    }
    c.find(Locator::Id("campaign-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/officer/inspections/").await;
    let joint = eventually(&c, "#joint-departments", "市市场监督管理局").await;
    assert!(joint.contains("市市场监督管理局"), "{joint}");
    let cd = app.count("campaign_department").await;
    assert_eq!(cd, 1);
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_plans_a_joint_campaign_with_javascript() {
    officer_plans_a_joint_campaign(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_plans_a_joint_campaign_without_javascript() {
    officer_plans_a_joint_campaign(false).await;
}

/// The registration form suggests the units' names, with JavaScript on
/// (after hydration) and off (the server's datalist).
async fn the_registration_form_suggests_units(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let form = sunshine_tests::with_field(
        &sunshine_tests::org_form("阳光市建议浏览协会", "social_group", 41),
        "input[supervisory_unit]",
        "阳光市科学技术局",
    );
    app.register(&form).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    c.goto(&format!("{base}/officer/orgs/new")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let list = c.find(Locator::Id("f-supervisory_unit")).await.unwrap().attr("list").await.unwrap();
    assert_eq!(list.as_deref(), Some("unit-names"));
    let option = c.find(Locator::Css("#unit-names option[value='阳光市科学技术局']")).await;
    assert!(option.is_ok(), "the unit is suggested");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registration_form_suggests_units_with_javascript() {
    the_registration_form_suggests_units(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_registration_form_suggests_units_without_javascript() {
    the_registration_form_suggests_units(false).await;
}
