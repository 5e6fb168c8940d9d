//! Browser test of rating, with JavaScript on and off: an expert signs in,
//! opens the sheet assigned to them, submits a point over an item's maximum,
//! sees the error on that item with nothing saved, corrects it and submits.

use fantoccini::Locator;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use sunshine_tests::browser::{browser, fill, sign_in, start_driver, text_of, wait_hydrated, wait_url};
use sunshine_tests::{org_form, pairs, Backend, TestApp};

const PW: &str = "Rating#Pass1";

/// An application of a 社会团体 scored by a panel of three experts; returns its id.
async fn assigned(app: &mut TestApp) -> i64 {
    app.officer().await;
    let res = app
        .post_form(
            "/api/registry/register",
            "/officer/orgs/new",
            &pairs(&org_form("阳光市摄影家协会", "social_group", 1)),
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let mut experts = Vec::new();
    for n in 1..=3 {
        experts.push(app.user(&format!("expert{n}"), PW, app::auth::types::Role::Expert, None).await);
    }
    app.user("orguser", PW, app::auth::types::Role::OrgUser, Some(org)).await;
    let today = app::kernel::clock::today();
    let res = app
        .call(
            "/api/rating/round/open",
            &[
                ("input[year]", "2026"),
                ("input[title]", "2026年度社会组织等级评估"),
                ("input[org_types][social_group]", "on"),
                ("input[apply_from]", &today.to_string()),
                ("input[apply_to]", &(today + chrono::Days::new(30)).to_string()),
                ("input[notice_days]", "7"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let round = entity::rating_round::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    app.logout().await;
    app.login("orguser", PW).await;
    let res = app
        .call(
            "/api/rating/apply",
            &[("input[round_id]", &round), ("input[self_score]", "850"), ("input[self_assessment]", "自评")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = entity::rating_application::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let ids = id.to_string();
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let res = app
        .call("/api/rating/eligibility", &[("id", &ids), ("input[decision]", "eligible"), ("input[note]", "")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let mut panel = vec![("id".to_string(), ids.clone())];
    panel.extend(experts.iter().map(|e| (format!("input[experts][{e}]"), "on".to_string())));
    let res = app.call("/api/rating/panel", &pairs(&panel)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    id
}

async fn expert_scores_a_sheet(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    let id = assigned(&mut app).await;
    let items = entity::rating_item::Entity::find()
        .filter(entity::rating_item::Column::SheetId.eq(1))
        .order_by_asc(entity::rating_item::Column::GroupNo)
        .order_by_asc(entity::rating_item::Column::ItemNo)
        .all(&app.db)
        .await
        .unwrap();
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;

    // The expert lands on their assignments and opens the sheet.
    sign_in(&c, &base, javascript, "expert1", PW, "/expert").await;
    let list = text_of(&c, "#assignments").await;
    assert!(list.contains("阳光市摄影家协会"), "{list}");
    c.find(Locator::Css(&format!("a[href='/expert/apps/{id}']"))).await.unwrap().click().await.unwrap();
    wait_url(&c, &format!("/expert/apps/{id}")).await;
    wait_hydrated(&c, javascript).await;

    // Every item at its maximum less one, but the first one over its maximum.
    let first = &items[0];
    for it in &items {
        let v = if it.id == first.id { it.max_points + 5 } else { it.max_points - 1 };
        fill(&c, &format!("f-p{}", it.id), &v.to_string()).await;
    }
    c.find(Locator::Id("score-submit")).await.unwrap().click().await.unwrap();
    let summary = text_of(&c, "#error-summary").await;
    assert!(summary.contains(&first.name), "the summary names the item: {summary}");
    let err = text_of(&c, &format!("#f-p{}-error", first.id)).await;
    assert!(err.contains("超过该项分值"), "{err}");
    assert_eq!(app.count("rating_score").await, 0, "nothing was saved");
    // What was typed is still there.
    let kept = c
        .find(Locator::Id(&format!("f-p{}", items[1].id)))
        .await
        .unwrap()
        .prop("value")
        .await
        .unwrap()
        .unwrap_or_default();
    assert_eq!(kept, (items[1].max_points - 1).to_string());

    // Correct it and submit.
    wait_hydrated(&c, javascript).await;
    fill(&c, &format!("f-p{}", first.id), &first.max_points.to_string()).await;
    c.find(Locator::Id("score-submit")).await.unwrap().click().await.unwrap();
    let done = text_of(&c, "#sheet-submitted").await;
    let total = 1000 - (items.len() as i32 - 1);
    assert!(done.contains(&total.to_string()), "{done}");
    assert_eq!(app.count("rating_score").await, items.len() as i64);
    let table = text_of(&c, "#sheet-table").await;
    assert!(table.contains(&first.name), "{table}");
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expert_scores_a_sheet_with_javascript() {
    expert_scores_a_sheet(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn expert_scores_a_sheet_without_javascript() {
    expert_scores_a_sheet(false).await;
}
