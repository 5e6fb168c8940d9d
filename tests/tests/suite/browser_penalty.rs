//! Browser test of a complaint that becomes a penalty decision, with
//! JavaScript on and off: a visitor files a complaint about a registered
//! organization on `/public/report`; an officer opens a case from the
//! complaint's page (the case form names the organization) and submits it;
//! then, on the case page, fills and submits each step's own form — the
//! approval, the evidence upload, the notice with its proposed warning and
//! method, the party's written waiver, the decision (its penalty prefilled
//! from the notice), its service, the execution — and sends the closing,
//! which the page refuses while the remedies run, naming why; the decision
//! then shows on `/public/penalties` and on the organization's public page.

use std::time::{Duration, Instant};

use fantoccini::{Client, Locator};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{org_form, with_field, Backend, TestApp};

const ORG: &str = "阳光市南山区街巷募捐促进会";

async fn steps_of(app: &TestApp, id: i64) -> u64 {
    entity::penalty_case_step::Entity::find()
        .filter(entity::penalty_case_step::Column::CaseId.eq(id))
        .count(&app.db)
        .await
        .unwrap()
}

async fn state_of(app: &TestApp, id: i64) -> String {
    entity::penalty_case::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap().state
}

/// Waits until the case page shows `n` steps in its timeline (after the
/// plain form's redirect, or the hydrated page's reload of its data).
async fn wait_timeline(c: &Client, javascript: bool, n: u64) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(items) = c.find_all(Locator::Css("#timeline > li")).await {
            if items.len() as u64 == n {
                break;
            }
        }
        assert!(Instant::now() < deadline, "the timeline never showed {n} steps");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_hydrated(c, javascript).await;
}

/// Submits the case page's form of `action` (filled by the caller) and
/// waits until the step is recorded, the case is in `state` and the page
/// shows it.
async fn submit_step(c: &Client, app: &TestApp, javascript: bool, id: i64, action: &str, state: &str) {
    let before = steps_of(app, id).await;
    c.find(Locator::Id(&format!("submit-{action}"))).await.unwrap().click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while steps_of(app, id).await == before {
        assert!(Instant::now() < deadline, "{action} was not recorded");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(state_of(app, id).await, state, "{action}");
    wait_timeline(c, javascript, before + 1).await;
    let shown = text_of(c, "#case-state").await;
    let label = app::i18n::lookup(app::i18n::Lang::Zh, &format!("pen_state_{state}"));
    assert!(shown.contains(&label), "{action}: the page shows {shown}, not {label}");
}

/// Ticks a checkbox of a step's form unless it is ticked already.
async fn tick(c: &Client, id: &str) {
    let el = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    if !el.is_selected().await.unwrap() {
        el.click().await.unwrap();
    }
}

async fn select(c: &Client, id: &str, value: &str) {
    let el = c.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("#{id}: {e}"));
    el.select_by_value(value).await.unwrap();
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

    // To a decision and its service, each step through its own form on the case page.
    let id = case.id;
    let mut n = steps_of(&app, id).await;
    submit_step(&c, &app, javascript, id, "approve_opening", "investigating").await;
    n += 1;
    // The evidence: a photo through the upload form.
    let png = std::env::temp_dir().join(format!("sunshine-evidence-{}-{javascript}.png", std::process::id()));
    std::fs::write(&png, [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3]).unwrap();
    c.find(Locator::Id("f-evidence-file")).await.unwrap().send_keys(png.to_str().unwrap()).await.unwrap();
    c.find(Locator::Id("evidence-submit")).await.unwrap().click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while c.find(Locator::Css("#evidence li")).await.is_err() {
        assert!(Instant::now() < deadline, "the evidence was not listed");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    wait_hydrated(&c, javascript).await;
    std::fs::remove_file(&png).ok();
    n = steps_of(&app, id).await.max(n);
    wait_timeline(&c, javascript, n).await;
    // The notice: a warning proposed, served by post.
    select(&c, "f-serve_notice-method", "post").await;
    tick(&c, "f-serve_notice-warning").await;
    submit_step(&c, &app, javascript, id, "serve_notice", "notified").await;
    // The party waives its statement in writing.
    fill(&c, "f-waive-note", "当事人书面放弃陈述申辩").await;
    submit_step(&c, &app, javascript, id, "waive", "notified").await;
    // The decision: the notice's warning is prefilled.
    assert!(c.find(Locator::Id("f-decide_penalty-warning")).await.unwrap().is_selected().await.unwrap());
    submit_step(&c, &app, javascript, id, "decide_penalty", "decided").await;
    let number = text_of(&c, "#case-number").await;
    select(&c, "f-serve_decision-method", "in_person").await;
    submit_step(&c, &app, javascript, id, "serve_decision", "served").await;
    submit_step(&c, &app, javascript, id, "execute", "executed").await;
    // Closing waits for the remedies: the page says so, nothing changes.
    let before = steps_of(&app, id).await;
    c.find(Locator::Id("submit-close")).await.unwrap().click().await.unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(summary) = c.find(Locator::Css("#step-close .error-summary")).await {
            let text = summary.text().await.unwrap_or_default();
            if text.contains("行政复议或行政诉讼期限尚未届满") {
                break;
            }
        }
        assert!(Instant::now() < deadline, "the refusal was not shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!((steps_of(&app, id).await, state_of(&app, id).await.as_str()), (before, "executed"));
    let decided = entity::penalty_case::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let decision = decided.decision_number.expect("a decision number");
    assert!(number.contains(&decision), "{number}");
    assert_eq!(decided.decision_method.as_deref(), Some("in_person"));
    let timeline = text_of(&c, "#timeline").await;
    assert!(timeline.contains("当事人书面放弃陈述申辩") && timeline.contains(&decision), "{timeline}");

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
