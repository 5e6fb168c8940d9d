//! Browser test of the double-random inspections, with JavaScript on and off:
//! an inspector signs in, opens the organization drawn for them, submits the
//! result form incomplete (no checklist item answered), then with an item not
//! compliant but no note and "no problem found", sees each field's error with
//! the answers kept and nothing saved, completes it, and confirms the result.

use chrono::Datelike;
use fantoccini::Locator;
use http::StatusCode;
use sea_orm::{ConnectionTrait, EntityTrait};
use sunshine_tests::browser::{browser, eventually, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{org_form, pairs, Backend, TestApp};

const PW: &str = "Inspect#2026";

/// One drawn target with a team of two inspectors (users ins1 and ins2);
/// returns the target's id and the username of its first inspector.
async fn drawn(app: &mut TestApp) -> (i64, String) {
    app.officer().await;
    let res = app
        .post_form(
            "/api/registry/register",
            "/officer/orgs/new",
            &pairs(&org_form("阳光市书法协会", "social_group", 3)),
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let mut inspectors = Vec::new();
    for n in 1..=2 {
        app.user(&format!("ins{n}"), PW, app::auth::types::Role::Inspector, None).await;
        let res = app
            .call(
                "/api/inspection/inspector/save",
                &[
                    ("id", "0"),
                    ("input[name]", &format!("检查员{n}")),
                    ("input[unit]", "市民政局"),
                    ("input[email]", &format!("ins{n}@example.org")),
                    ("input[cert_no]", &format!("ZF-90{n}")),
                    ("input[cert_valid_until]", "2099-12-31"),
                    ("input[active]", "on"),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        inspectors.push(res.body.trim().parse::<i64>().unwrap());
    }
    let today = app::kernel::clock::today();
    let res = app
        .call(
            "/api/inspection/campaign/create",
            &[
                ("input[name]", "书法类社团专项抽查"),
                ("input[year]", &today.year().to_string()),
                ("input[kind]", "special"),
                ("input[strata_by]", "none"),
                ("input[size_mode]", "count"),
                ("input[size_value]", "1"),
                ("input[per_target]", "2"),
                ("input[max_per_inspector]", "5"),
                ("input[period_from]", &(today - chrono::Days::new(3)).to_string()),
                ("input[period_to]", &(today + chrono::Days::new(30)).to_string()),
                ("input[items]", "年度报告\n财务管理"),
                ("input[beacon_source]", "次日福彩3D开奖号码"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = entity::inspection_campaign::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &id)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/inspection/campaign/draw", &[("id", &id), ("input[beacon_value]", "1 2 3")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let target = entity::inspection_target::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let first = app
        .db
        .query_one_raw(sea_orm::Statement::from_sql_and_values(
            app.db.get_database_backend(),
            "SELECT inspector_id FROM inspection_assignment WHERE target_id = ? ORDER BY position LIMIT 1",
            [target.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "inspector_id")
        .unwrap();
    let n = inspectors.iter().position(|i| *i == first).unwrap() + 1;
    app.logout().await;
    (target, format!("ins{n}"))
}

async fn inspector_records_a_result(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    let (target, user) = drawn(&mut app).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    sign_in(&c, &base, javascript, &user, PW, "/inspector").await;
    let list = text_of(&c, "#assignments-table").await;
    assert!(list.contains("阳光市书法协会"), "{list}");
    c.find(Locator::Css(&format!("a[href='/inspector/targets/{target}']"))).await.unwrap().click().await.unwrap();
    wait_url(&c, &format!("/inspector/targets/{target}")).await;
    wait_hydrated(&c, javascript).await;

    // Incomplete: no item answered, ordered to rectify without findings.
    c.find(Locator::Css("#f-outcome option[value='rectify']")).await.unwrap().click().await.unwrap();
    let today = app::kernel::clock::today();
    let typed = format!("{:02}{:02}{}", today.month(), today.day(), today.year());
    c.find(Locator::Id("f-inspected_on")).await.unwrap().send_keys(&typed).await.unwrap();
    c.find(Locator::Id("result-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains("1. 年度报告") && summary.contains("2. 财务管理"), "{summary}");
    assert!(text_of(&c, "#f-findings-error").await.contains("写明"), "the findings field says why");
    assert!(text_of(&c, "#f-answer_i0-error").await.contains("请选择合规、不合规或不适用"));
    assert!(text_of(&c, "#f-answer_i1-error").await.contains("请选择"));
    let t = entity::inspection_target::Entity::find_by_id(target).one(&app.db).await.unwrap().unwrap();
    assert_eq!((t.status.as_str(), t.version), ("pending", 0), "nothing was saved");

    // Answered, but "not compliant" without a note and "no problem found".
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("f-answer_i0-na")).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("f-answer_i1-no")).await.unwrap().click().await.unwrap();
    c.find(Locator::Css("#f-outcome option[value='none']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("result-submit")).await.unwrap().click().await.unwrap();
    assert!(eventually(&c, "#f-note_i1-error", "写明").await.contains("写明发现的情况"));
    assert!(text_of(&c, "#f-outcome-error").await.contains("未发现问题"));
    assert!(c.find(Locator::Id("f-answer_i0-error")).await.is_err(), "answered");
    for id in ["f-answer_i0-na", "f-answer_i1-no"] {
        let checked = c.find(Locator::Id(id)).await.unwrap().prop("checked").await.unwrap();
        assert_eq!(checked.as_deref(), Some("true"), "{id} kept");
    }
    assert_eq!(app.count("inspection_item_answer").await, 0, "nothing was saved");

    // Complete it.
    wait_hydrated(&c, javascript).await;
    fill(&c, "f-note_i1", "财务报告未经审计").await;
    fill(&c, "f-findings", "未按规定公开年度财务报告").await;
    let date = c.find(Locator::Id("f-inspected_on")).await.unwrap().prop("value").await.unwrap().unwrap_or_default();
    if date.is_empty() {
        c.find(Locator::Id("f-inspected_on")).await.unwrap().send_keys(&typed).await.unwrap();
    }
    c.find(Locator::Css("#f-outcome option[value='rectify']")).await.unwrap().click().await.unwrap();
    c.find(Locator::Id("result-submit")).await.unwrap().click().await.unwrap();
    let confirm = text_of(&c, "#confirm-form").await;
    assert!(confirm.contains("确认"), "{confirm}");
    let notice = text_of(&c, ".flash-success").await;
    assert!(notice.contains("检查结果已保存"), "the result confirms on its own page: {notice}");
    let t = entity::inspection_target::Entity::find_by_id(target).one(&app.db).await.unwrap().unwrap();
    assert_eq!((t.status.as_str(), t.outcome.as_deref()), ("recorded", Some("rectify")));
    assert_eq!(t.checked_items, "财务管理", "not applicable is not an item checked");
    let answers = app::inspection::results::answers_of(&app.db, &[target]).await.unwrap().remove(&target).unwrap();
    let answers: Vec<(i32, &str, &str, &str)> =
        answers.iter().map(|a| (a.position, a.item.as_str(), a.answer.as_str(), a.note.as_str())).collect();
    assert_eq!(answers, vec![(1, "年度报告", "na", ""), (2, "财务管理", "no", "财务报告未经审计")]);
    let checked = c.find(Locator::Id("f-answer_i1-no")).await.unwrap().prop("checked").await.unwrap();
    assert_eq!(checked.as_deref(), Some("true"), "the form shows the answers recorded");

    // Confirm: one of two confirmations.
    wait_hydrated(&c, javascript).await;
    c.find(Locator::Id("confirm-submit")).await.unwrap().click().await.unwrap();
    let mut team = String::new();
    for _ in 0..100 {
        // The list is re-rendered when the page refetches: read it whole or retry.
        if let Ok(el) = c.find(Locator::Id("team")).await {
            if let Ok(text) = el.text().await {
                team = text;
            }
        }
        if team.contains("已确认") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(team.contains("已确认") && team.contains("未确认"), "{team}");
    assert!(c.find(Locator::Id("confirm-form")).await.is_err(), "confirmed once");
    assert!(text_of(&c, ".flash-success").await.contains("已确认"));
    c.goto(&format!("{base}/inspector")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    assert!(c.find(Locator::Css(".flash-success")).await.is_err(), "a stale notice on the next page");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspector_records_a_result_with_javascript() {
    inspector_records_a_result(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn inspector_records_a_result_without_javascript() {
    inspector_records_a_result(false).await;
}
