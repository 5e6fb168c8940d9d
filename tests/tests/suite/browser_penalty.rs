//! Browser test of a complaint that becomes a penalty decision, with
//! JavaScript on and off: a visitor files a complaint about a registered
//! organization on `/public/report`; an officer opens a case from the
//! complaint's page (the case form names the organization) and submits it;
//! the case is taken to a decision and its service the same day, with the
//! party's written waiver (through the same server functions the case
//! page's forms post to); the decision then shows on
//! `/public/penalties` and on the organization's public page.

use std::time::Duration;

use chrono::Duration as Days;
use fantoccini::Locator;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{org_form, with_field, Backend, TestApp};

const ORG: &str = "阳光市南山区街巷募捐促进会";

fn day(n: i64) -> String {
    (app::kernel::clock::today() - Days::days(n)).to_string()
}

/// One step of case `id` as the case page's form sends it.
async fn step(app: &mut TestApp, id: i64, action: &str, on: i64, more: &[(&str, &str)], state: &str) {
    let (id_text, on) = (id.to_string(), day(on));
    let mut fields = vec![("id", id_text.as_str()), ("input[action]", action), ("input[day]", on.as_str())];
    fields.extend_from_slice(more);
    let res = app.call("/api/penalty/step", &fields).await;
    assert_eq!(res.body, format!("\"{state}\""), "{action}: {}", res.body);
}

async fn complaint_to_public_decision(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let form = with_field(&org_form(ORG, "social_group", 91), "input[registration_date]", "2020-05-01");
    let (org, _) = app.register(&with_field(&form, "input[contact_email]", "jiexiang@example.org")).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    // A visitor files the complaint (the form refuses one sent faster than a person types).
    c.goto(&format!("{base}/public/report")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("f-subject_kind")).await.unwrap().select_by_value("org").await.unwrap();
    fill(&c, "f-subject", ORG).await;
    fill(&c, "f-what", "在地铁站口设点公开募捐，未出示公开募捐资格证书，现金收款。").await;
    fill(&c, "f-place", "阳光市南山区科技园地铁站").await;
    tokio::time::sleep(Duration::from_secs(6)).await;
    c.find(Locator::Id("report-submit")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/public/report/received").await;
    let number = text_of(&c, "#receipt-number").await.trim().to_string();
    let complaint = entity::complaint::Entity::find()
        .filter(entity::complaint::Column::Number.eq(number.clone()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the complaint");
    assert_eq!(complaint.org_id, Some(org));

    // The officer opens a case from the complaint's page.
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    c.goto(&format!("{base}/officer/complaints/{}", complaint.id)).await.unwrap();
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("complaint-open-case")).await.unwrap().click().await.unwrap();
    wait_url(&c, "/officer/cases/new").await;
    wait_hydrated(&c, javascript).await;
    let source = text_of(&c, "#case-source").await;
    assert!(source.contains(ORG), "{source}");
    c.find(Locator::Id("f-violation_code")).await.unwrap().select_by_value("cs113").await.unwrap();
    fill(&c, "f-facts", "经核查，该会未取得公开募捐资格在地铁站口设点募捐。").await;
    c.find(Locator::Id("case-submit")).await.unwrap().click().await.unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    let case = loop {
        if let Some(case) = entity::penalty_case::Entity::find().one(&app.db).await.unwrap() {
            break case;
        }
        assert!(std::time::Instant::now() < deadline, "no case was opened");
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    wait_url(&c, &format!("/officer/cases/{}", case.id)).await;
    wait_hydrated(&c, javascript).await;
    assert_eq!((case.source.as_str(), case.source_id, case.org_id), ("complaint", Some(complaint.id), Some(org)));
    let facts = text_of(&c, "#case-facts").await;
    assert!(facts.contains(&number), "the case names its complaint: {facts}");

    // To a decision and its service.
    let id = case.id;
    step(&mut app, id, "approve_opening", 0, &[], "investigating").await;
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    let res = app.upload_fields(&format!("/officer/cases/{id}/evidence"), &[("day", &day(0))], "照片.png", &png).await;
    assert_eq!(res.status, http::StatusCode::SEE_OTHER, "{}", res.body);
    let warning = [("input[method]", "post"), ("input[sanctions][warning]", "on")];
    step(&mut app, id, "serve_notice", 0, &warning, "notified").await;
    step(&mut app, id, "waive", 0, &[("input[note]", "当事人书面放弃陈述申辩")], "notified").await;
    step(&mut app, id, "decide_penalty", 0, &[("input[sanctions][warning]", "on")], "decided").await;
    step(&mut app, id, "serve_decision", 0, &[("input[method]", "in_person")], "served").await;
    let decided = entity::penalty_case::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let decision = decided.decision_number.expect("a decision number");

    // Public: the list (searched by the organization's name) and its page.
    c.goto(&format!("{base}/public/penalties?q=街巷")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let table = text_of(&c, "#decisions-table").await;
    assert!(table.contains(&decision) && table.contains(ORG) && table.contains("警告"), "{table}");
    c.goto(&format!("{base}/public/orgs/{org}")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let listed = text_of(&c, "#org-decisions").await;
    assert!(listed.contains(&decision), "{listed}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_becomes_a_public_decision_with_javascript() {
    complaint_to_public_decision(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_becomes_a_public_decision_without_javascript() {
    complaint_to_public_decision(false).await;
}
