//! Browser test of a supervisory unit's first review (初审), with JavaScript
//! on and off: the unit's user finds the report waiting on its home page,
//! sends the pass form without an opinion (the error summary, nothing
//! changed), then passes it with one; the report goes on to the registry.

use app::auth::types::Role;
use fantoccini::Locator;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::browser::{browser, eventually, fill, sign_in, start_driver, text_of, wait_hydrated};
use sunshine_tests::fixtures::report_form;
use sunshine_tests::{org_form, pairs, with_field, Backend, TestApp};

const PW: &str = "Unit#Pass2026";

async fn first_review(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let form =
        with_field(&org_form("阳光市南山区科普协会", "social_group", 71), "input[supervisory_unit]", "市科技创新局");
    let (org, _) = app.register(&form).await;
    app.user("kepu", "Kepu#2026pass", Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("kepu", "Kepu#2026pass").await;
    let mut fields = vec![
        ("input[year]".to_string(), "2025".to_string()),
        ("input[version]".to_string(), "0".to_string()),
        ("input[intent]".to_string(), "submit".to_string()),
    ];
    fields.extend(report_form());
    let res = app.call("/api/reports/save", &pairs(&fields)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let report = entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(report.status, "unit_review");
    let unit = entity::supervisory_unit::Entity::find()
        .filter(entity::supervisory_unit::Column::Name.eq("市科技创新局"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    let user = app.user("kjj", PW, Role::Unit, None).await;
    app::units::service::add_member_in(&app.db, user, unit.id).await.unwrap();

    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in(&c, &base, javascript, "kjj", PW, "/unit").await;
    wait_hydrated(&c, javascript).await;
    let waiting = text_of(&c, "#unit-waiting").await;
    assert!(waiting.contains("阳光市南山区科普协会"), "{waiting}");
    c.find(Locator::Css("#unit-waiting a[href^='/unit/reports/']")).await.unwrap().click().await.unwrap();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !c.current_url().await.unwrap().path().starts_with("/unit/reports/") {
        assert!(std::time::Instant::now() < deadline, "still on {}", c.current_url().await.unwrap());
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    wait_hydrated(&c, javascript).await;
    assert!(text_of(&c, "#report-status").await.contains("待业务主管单位初审"));

    // Passed without an opinion: the summary names it, nothing changes.
    c.find(Locator::Id("pass-submit")).await.unwrap().click().await.unwrap();
    let summary = eventually(&c, ".error-summary", "初审意见").await;
    assert!(summary.contains("初审意见"), "{summary}");
    let rid = report.id;
    let status = |app: &TestApp| {
        let db = app.db.clone();
        async move { entity::annual_report::Entity::find_by_id(rid).one(&db).await.unwrap().unwrap().status }
    };
    assert_eq!(status(&app).await, "unit_review");

    fill(&c, "f-pass-comment", "材料齐全，同意报送登记管理机关。").await;
    c.find(Locator::Id("pass-submit")).await.unwrap().click().await.unwrap();
    let badge = eventually(&c, "#report-status", "待审查").await;
    assert!(badge.contains("待审查"), "{badge}");
    assert_eq!(status(&app).await, "submitted");
    let history = eventually(&c, "section[aria-labelledby='rpt-history']", "业务主管单位初审通过").await;
    assert!(history.contains("材料齐全"), "{history}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_passes_a_report_with_javascript() {
    first_review(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_unit_passes_a_report_without_javascript() {
    first_review(false).await;
}
