//! Browser test of charities, with JavaScript on and off: a qualified charity
//! files a fundraising plan in the portal that starts too soon, sees the error
//! under the start date with nothing filed and what it typed kept, moves the
//! start and files it; then the public finds the plan by its filing number and
//! sees it on the charity's page with the charts.

use chrono::Days;
use fantoccini::Locator;
use http::StatusCode;
use sea_orm::EntityTrait;
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, typed, wait_hydrated, wait_url};
use sunshine_tests::{org_form, pairs, Backend, TestApp};

const PW: &str = "Charity#Pass1";

/// A recognized, qualified charity with a portal user; returns its id.
async fn qualified_charity(app: &mut TestApp) -> i64 {
    app.officer().await;
    let form = org_form("阳光市助学基金会", "foundation", 1);
    let code = form.iter().find(|(k, _)| k == "input[credit_code]").unwrap().1.clone();
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    sunshine_tests::fixtures::recognize(app, &code).await;
    let t = app::kernel::clock::today().to_string();
    let res = app
        .call(
            "/api/charity/qualify",
            &[("id", &org.to_string()), ("input[qualified_on]", &t), ("input[governance_ok]", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.user("charity", PW, app::auth::types::Role::OrgUser, Some(org)).await;
    org
}

async fn charity_files_a_plan(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    let org = qualified_charity(&mut app).await;
    let today = app::kernel::clock::today();
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    sign_in(&c, &base, javascript, "charity", PW, "/portal").await;
    c.goto(&format!("{base}/portal/charity")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    for (id, v) in [
        ("f-title", "2026年冬衣助学募捐"),
        ("f-region", "阳光市"),
        ("f-platform", "公益宝"),
        ("f-target", "500000"),
        ("f-cost_budget", "10000"),
        ("f-bank_account", "阳光银行 6222 0000 1111"),
        ("f-person_in_charge", "李慈"),
        ("f-office_address", "阳光市南山区公益路8号"),
        ("f-beneficiaries", "本市困难家庭学生"),
        ("f-purpose", "为困难家庭学生添置冬衣"),
        ("f-uses", "冬衣采购和发放"),
        ("f-leftover", "转入下一期助学项目"),
    ] {
        fill(&c, id, v).await;
    }
    c.find(Locator::Id("f-method")).await.unwrap().select_by_value("internet").await.unwrap();
    // Five days ahead: too soon.
    c.find(Locator::Id("f-start_on")).await.unwrap().send_keys(&typed(today + Days::new(5))).await.unwrap();
    c.find(Locator::Id("f-end_on")).await.unwrap().send_keys(&typed(today + Days::new(90))).await.unwrap();
    c.find(Locator::Id("plan-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("开始日期"), "the summary names the field: {summary}");
    let err = text_of(&c, "#f-start_on-error").await;
    assert!(err.contains("10日前"), "{err}");
    assert_eq!(app.count("charity_plan").await, 0, "nothing was filed");
    let kept = c.find(Locator::Id("f-title")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(kept, "2026年冬衣助学募捐", "what was typed is kept");

    // Move the start to ten days ahead and file.
    wait_hydrated(&c, javascript).await;
    let start = c.find(Locator::Id("f-start_on")).await.unwrap();
    start.clear().await.unwrap();
    start.send_keys(&typed(today + Days::new(10))).await.unwrap();
    c.find(Locator::Id("plan-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/portal/charity/plans/").await;
    let title = text_of(&c, "#plan-title").await;
    assert!(title.contains("冬衣助学"), "{title}");
    let plan = entity::charity_plan::Entity::find().one(&app.db).await.unwrap().expect("the plan was filed");
    assert_eq!(plan.start_on, today + Days::new(10));
    assert_eq!(plan.platform, "公益宝");
    let card = text_of(&c, &format!("#plan-{}", plan.id)).await;
    assert!(card.contains(&plan.filing_no), "{card}");

    // The public finds it by its filing number and opens the charity.
    c.delete_all_cookies().await.unwrap();
    c.goto(&format!("{base}/public/charity")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "filter-q", &plan.filing_no).await;
    c.find(Locator::Id("filter-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "q=").await;
    let table = text_of(&c, "#charity-table").await;
    assert!(table.contains("阳光市助学基金会"), "{table}");
    c.find(Locator::Css(&format!("#charity-table a[href='/public/charity/{org}']")))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    wait_url(&c, &format!("/public/charity/{org}")).await;
    let card = text_of(&c, &format!("#plan-{}", plan.id)).await;
    assert!(card.contains(&plan.filing_no) && card.contains("为困难家庭学生添置冬衣"), "{card}");
    assert!(c.find(Locator::Css("#chart-raised svg")).await.is_ok(), "the chart is drawn");
    let timeline = text_of(&c, "#timeline").await;
    assert!(timeline.contains("募捐方案备案") && timeline.contains("取得公开募捐资格"), "{timeline}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charity_files_a_plan_with_javascript() {
    charity_files_a_plan(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn charity_files_a_plan_without_javascript() {
    charity_files_a_plan(false).await;
}
