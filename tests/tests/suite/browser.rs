//! Browser tests in headless Chromium through WebDriver, with JavaScript on and
//! off: an officer signs in, registers an organization with a wrong credit
//! code, sees the field error, corrects it, and the public search finds it.

use std::time::{Duration, Instant};

use fantoccini::Locator;
use sunshine_tests::browser::{browser, fill, fill_report, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{Backend, TestApp};

async fn register_and_find(javascript: bool) {
    let app = TestApp::new(Backend::Sqlite).await;
    app.user("officer1", "Officer#Pass1", app::auth::types::Role::Officer, None).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    // Sign in.
    c.goto(&format!("{base}/login")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-username", "officer1").await;
    fill(&c, "f-password", "Officer#Pass1").await;
    c.find(Locator::Id("login-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/officer/orgs").await;

    // Register with a wrong check character.
    c.goto(&format!("{base}/officer/orgs/new")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let good = app::domain::credit_code::build("51", "440300", "30000001").unwrap();
    let wrong = format!("{}{}", &good[..17], if good.ends_with('0') { '1' } else { '0' });
    let name = if javascript { "阳光市南山区星光慈善协会" } else { "阳光市南山区木棉慈善协会" };
    c.find(Locator::Id("f-org_type")).await.unwrap().select_by_value("social_group").await.unwrap();
    fill(&c, "f-name", name).await;
    fill(&c, "f-credit_code", &wrong).await;
    if javascript {
        // The same rule runs in the browser: the error shows while typing.
        let live = text_of(&c, "#f-credit_code-error").await;
        assert!(live.contains("校验位"), "{live}");
    }
    let date = c.find(Locator::Id("f-registration_date")).await.unwrap();
    date.send_keys("03152024").await.unwrap();
    fill(&c, "f-legal_rep", "周明").await;
    fill(&c, "f-capital", "50000").await;
    c.find(Locator::Id("f-district")).await.unwrap().select_by_value("南山区").await.unwrap();
    fill(&c, "f-domicile", "阳光市南山区海德三道8号").await;
    fill(&c, "f-business_scope", "组织慈善募捐和志愿服务").await;
    fill(&c, "f-contact_person", "陈秘书").await;
    fill(&c, "f-contact_phone", "0755-26660000").await;
    fill(&c, "f-contact_email", "office@example.org").await;
    c.find(Locator::Id("register-submit")).await.unwrap().click().await.unwrap();

    // The server refuses it and says which field and why.
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("统一社会信用代码"), "{summary}");
    let field_error = text_of(&c, "#f-credit_code-error").await;
    assert!(field_error.contains("校验位"), "{field_error}");
    assert_eq!(app.count("organization").await, 0, "nothing was written");
    // What was typed is still there.
    let kept = c.find(Locator::Id("f-name")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(kept, name);

    // Correct it and submit again.
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-credit_code", &good).await;
    if !javascript {
        // Without JavaScript the page was reloaded: the date must be typed again only if it was lost.
        let d =
            c.find(Locator::Id("f-registration_date")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
        if d.is_empty() {
            c.find(Locator::Id("f-registration_date")).await.unwrap().send_keys("03152024").await.unwrap();
        }
    }
    c.find(Locator::Id("register-submit")).await.unwrap().click().await.unwrap();
    let url = wait_url(&c, "/officer/orgs/1").await;
    assert!(url.ends_with("/officer/orgs/1"), "{url}");
    let code = text_of(&c, "#org-code").await;
    assert_eq!(code, good);
    assert_eq!(app.count("organization").await, 1);

    // The public finds it by a two-character part of its name.
    c.goto(&format!("{base}/public/orgs?q=%E6%85%88%E5%96%84")).await.unwrap();
    let table = text_of(&c, "#org-table").await;
    assert!(table.contains(name), "{table}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_registers_and_public_finds_it_with_javascript() {
    register_and_find(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_registers_and_public_finds_it_without_javascript() {
    register_and_find(false).await;
}

async fn wait_status(app: &TestApp, org: i64, status: &str) -> entity::annual_report::Model {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let r = entity::annual_report::Entity::find()
            .filter(entity::annual_report::Column::OrgId.eq(org))
            .one(&app.db)
            .await
            .unwrap();
        if let Some(r) = r.filter(|r| r.status == status) {
            return r;
        }
        assert!(Instant::now() < deadline, "the report never became {status}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn file_fix_submit_and_conclude(javascript: bool) {
    use app::auth::types::Role;
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let form = sunshine_tests::org_form("阳光市南山区长者服务协会", "social_group", 7);
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &sunshine_tests::pairs(&form)).await;
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    app.user("zhangzhe", "Zhangzhe#2026", Role::OrgUser, Some(org)).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    // The organization fills its 2025 report with a balance error and submits.
    sign_in(&c, &base, javascript, "zhangzhe", "Zhangzhe#2026", "/portal").await;
    c.goto(&format!("{base}/portal/reports/2025")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    fill_report(&c, &[]).await;
    // A draft saves at any time; the page then shows the saved report and its checks.
    c.find(Locator::Id("report-save")).await.unwrap().click().await.unwrap();
    wait_status(&app, org, "draft").await;
    let checks = text_of(&c, "#findings").await;
    assert!(checks.contains("净资产"), "{checks}");
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("净资产"), "{summary}");
    // Focus moved to the summary (GOV.UK's pattern), with JavaScript on and off.
    let mut focused = None;
    for _ in 0..50 {
        focused = c.active_element().await.unwrap().attr("id").await.unwrap();
        if focused.as_deref() == Some("error-summary") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(focused.as_deref(), Some("error-summary"), "focus after a failed submit");
    let field_error = text_of(&c, "#f-net_assets-error").await;
    assert!(field_error.contains("资产总额应等于负债与净资产之和"), "{field_error}");
    // Nothing was submitted, and what was typed is still there.
    assert_eq!(app.count("report_event").await, 0);
    let kept = c.find(Locator::Id("f-activities")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    assert_eq!(kept, "开展社区助老服务48次");

    // Fixed, it submits.
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-net_assets", "400000").await;
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    let report = wait_status(&app, org, "submitted").await;
    assert_eq!(report.net_assets, Some(40_000_000));
    // The confirmation shows on the page of the action, once.
    let notice = text_of(&c, ".flash-success").await;
    assert!(notice.contains("报告已提交"), "{notice}");
    c.goto(&format!("{base}/portal/reports/2025")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    assert!(c.find(Locator::Css(".flash-success")).await.is_err(), "the notice showed a second time");
    assert!(text_of(&c, "#report-figures").await.contains("400,000.00"));

    // An officer concludes it 合格.
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    c.goto(&format!("{base}/officer/reports/{}", report.id)).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("f-conclusion")).await.unwrap().select_by_value("qualified").await.unwrap();
    c.find(Locator::Id("conclude-submit")).await.unwrap().click().await.unwrap();
    let concluded = wait_status(&app, org, "concluded").await;
    assert_eq!(concluded.conclusion.as_deref(), Some("qualified"));
    let shown = text_of(&c, "#conclusion").await;
    assert!(shown.contains("合格"), "{shown}");
    let notice = text_of(&c, ".flash-success").await;
    assert!(notice.contains("年检结论已作出"), "the conclusion confirms on its own page: {notice}");
    // Not again on the next, unrelated page.
    c.goto(&format!("{base}/officer/orgs")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    assert!(c.find(Locator::Css(".flash-success")).await.is_err(), "a stale notice on the next page");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_files_a_report_fixes_a_balance_error_and_an_officer_concludes_it_with_javascript() {
    file_fix_submit_and_conclude(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn organization_files_a_report_fixes_a_balance_error_and_an_officer_concludes_it_without_javascript() {
    file_fix_submit_and_conclude(false).await;
}
