//! Browser test of the zombie cleanup, with JavaScript on and off: an officer
//! finds a candidate, sends the notice, and records the revocation once the
//! notice period has run out and a penalty case decided it.

use std::time::{Duration, Instant};

use chrono::NaiveDate;
use fantoccini::Locator;
use sea_orm::EntityTrait;
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, wait_hydrated};
use sunshine_tests::{Backend, TestApp};

async fn wait_case(app: &TestApp, id: i64, status: &str) -> entity::zombie_case::Model {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let z = entity::zombie_case::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        if z.status == status {
            return z;
        }
        assert!(Instant::now() < deadline, "case {id} is {} and never became {status}", z.status);
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn officer_takes_a_candidate_to_revocation(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let mut form = sunshine_tests::org_form("阳光市南山区沉寂文化协会", "social_group", 71);
    for (k, v) in form.iter_mut() {
        if k == "input[registration_date]" {
            *v = "2019-04-01".into();
        }
    }
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &sunshine_tests::pairs(&form)).await;
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    for year in [2024, 2025] {
        app::db::exec(
            &app.db,
            "INSERT INTO filing_flag (org_id, report_year, kind, flagged_on) VALUES (?, ?, 'missed_deadline', ?)",
            vec![org.into(), year.into(), NaiveDate::from_ymd_opt(year + 1, 6, 1).unwrap().into()],
        )
        .await
        .unwrap();
    }
    let today = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    assert_eq!(app::credit::jobs::run_daily(&app.db, &app.state.settings, today).await.unwrap().zombies_found, 1);
    let case = entity::zombie_case::Entity::find().one(&app.db).await.unwrap().unwrap().id;

    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    c.goto(&format!("{base}/officer/zombies?status=candidate")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let table = text_of(&c, "#zombie-table").await;
    assert!(table.contains("阳光市南山区沉寂文化协会") && table.contains("连续两年未报送年度工作报告"), "{table}");

    // Without a ticked case the step is refused and says why.
    c.find(Locator::Id("f-action")).await.unwrap().select_by_value("notify").await.unwrap();
    c.find(Locator::Id("zombie-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("请至少勾选一个组织"), "{summary}");

    // Tick the case and send the notice.
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id(&format!("case-{case}"))).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("f-action")).await.unwrap().select_by_value("notify").await.unwrap();
    c.find(Locator::Id("zombie-submit")).await.unwrap().click().await.unwrap();
    wait_case(&app, case, "notified").await;

    // The notice period runs out; a penalty case decides the revocation (which
    // revokes the registration) and the officer closes the cleanup with reasons.
    app::db::exec(
        &app.db,
        "UPDATE zombie_case SET respond_by = ? WHERE id = ?",
        vec![NaiveDate::from_ymd_opt(2026, 1, 1).unwrap().into(), case.into()],
    )
    .await
    .unwrap();
    sunshine_tests::fixtures::decided_revocation(&mut app, case).await;
    c.goto(&format!("{base}/officer/zombies?status=notified")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id(&format!("case-{case}"))).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("f-action")).await.unwrap().select_by_value("revoke").await.unwrap();
    fill(&c, "f-reason", "限期届满未说明情况，依法撤销登记").await;
    c.find(Locator::Id("zombie-submit")).await.unwrap().click().await.unwrap();
    wait_case(&app, case, "revoked").await;
    let o = entity::organization::Entity::find_by_id(org).one(&app.db).await.unwrap().unwrap();
    assert_eq!(o.status, "revoked");

    // The public sees the announcement.
    c.goto(&format!("{base}/public/announcements")).await.unwrap();
    let list = text_of(&c, "#announcements").await;
    assert!(list.contains("阳光市南山区沉寂文化协会"), "{list}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_takes_a_zombie_candidate_to_revocation_with_javascript() {
    officer_takes_a_candidate_to_revocation(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_takes_a_zombie_candidate_to_revocation_without_javascript() {
    officer_takes_a_candidate_to_revocation(false).await;
}
