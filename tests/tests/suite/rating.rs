//! Rating end to end on SQLite and PostgreSQL: round → application →
//! eligibility → panel (excluded experts refused) → scores → notice →
//! objection → grant with validity → public list, page and CSV → expiry
//! notice once → downgrade and cancellation; bad input changes nothing.

use app::auth::types::Role;
use chrono::{Datelike, Days, NaiveDate};
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const PW: &str = "Rating#Pass1";

fn today() -> NaiveDate {
    app::kernel::clock::today()
}

/// Registers an organization (registered 2024-03-15) as an officer; returns its id.
async fn register(app: &mut TestApp, name: &str, n: u32) -> i64 {
    let form = org_form(name, "social_group", n);
    app.register(&with_field(&form, "input[contact_email]", &format!("contact{n}@example.org"))).await.0
}

async fn login_as(app: &mut TestApp, user: &str) {
    app.logout().await;
    // `app.officer()` opens the officer account with its own password.
    app.login(user, if user == "officer1" { "Officer#Pass1" } else { PW }).await;
}

async fn application(app: &TestApp, id: i64) -> entity::rating_application::Model {
    entity::rating_application::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

/// Points for every item of a sheet adding up to `total`: each item's maximum,
/// lowered item by item until the total is reached.
fn points_for(items: &[entity::rating_item::Model], total: i32) -> Vec<(String, String)> {
    let mut left = items.iter().map(|i| i.max_points).sum::<i32>() - total;
    items
        .iter()
        .map(|i| {
            let cut = left.min(i.max_points);
            left -= cut;
            (format!("input[points][{}]", i.id), (i.max_points - cut).to_string())
        })
        .collect()
}

fn score_fields(app_id: i64, intent: &str, points: &[(String, String)]) -> Vec<(String, String)> {
    let mut v = vec![("id".to_string(), app_id.to_string()), ("input[intent]".to_string(), intent.to_string())];
    v.extend(points.iter().cloned());
    v
}

db_test!(full_round_apply_score_notice_objection_grant_expiry_downgrade, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市摄影家协会", 1).await;
    let org_name = "阳光市摄影家协会";
    app.user("orguser", PW, Role::OrgUser, Some(org)).await;
    let mut experts = Vec::new();
    for n in 1..=5 {
        experts.push(app.user(&format!("expert{n}"), PW, Role::Expert, None).await);
    }
    let e = |i: usize| experts[i - 1].to_string();

    // Expert 4 works for the organization: its work unit excludes it.
    let res = app
        .post_form(
            "/api/rating/expert/affiliation",
            "/officer/rating/experts",
            &[("input[expert_id]", &e(4)), ("input[affiliation]", org_name)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);

    // A round with bad input changes nothing and names the fields.
    let (from, to) = (today() - Days::new(1), today() + Days::new(30));
    let year = today().year().to_string();
    let res = app
        .call(
            "/api/rating/round/open",
            &[
                ("input[year]", "20"),
                ("input[title]", ""),
                ("input[apply_from]", "2026-13-01"),
                ("input[notice_days]", "2"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["year", "title", "org_types", "apply_from", "apply_to", "notice_days"] {
        assert!(res.body.contains(&format!("\"{field}\"")), "{field} in {}", res.body);
    }
    assert_eq!(app.count("rating_round").await, 0);
    let res = app
        .post_form(
            "/api/rating/round/open",
            "/officer/rating",
            &[
                ("input[year]", &year),
                ("input[title]", "2026年度社会组织等级评估"),
                ("input[org_types][social_group]", "on"),
                ("input[org_types][foundation]", "on"),
                ("input[apply_from]", &from.to_string()),
                ("input[apply_to]", &to.to_string()),
                ("input[notice_days]", "7"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let round: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();

    // The organization applies in the portal; a bad self-score is refused.
    login_as(&mut app, "orguser").await;
    let page = app.get("/portal").await;
    assert!(page.body.contains("正在接受申报"), "portal shows the open round: {}", page.body);
    let round_s = round.to_string();
    let res = app
        .call(
            "/api/rating/apply",
            &[("input[round_id]", &round_s), ("input[self_score]", "1200"), ("input[self_assessment]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("self_score") && res.body.contains("self_assessment"), "{}", res.body);
    assert_eq!(app.count("rating_application").await, 0);
    let res = app
        .post_form(
            "/api/rating/apply",
            "/portal/rating",
            &[
                ("input[round_id]", &round_s),
                ("input[self_score]", "860"),
                ("input[self_assessment]", "内部治理规范，年度举办摄影培训12期。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some("/portal/rating"));
    let again = app
        .call(
            "/api/rating/apply",
            &[("input[round_id]", &round_s), ("input[self_score]", "860"), ("input[self_assessment]", "x")],
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "a second application in the round");
    let id = entity::rating_application::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    let ids = id.to_string();
    assert!(app.get("/portal").await.body.contains("已申请"));

    // Eligibility, then the panel: an excluded expert is refused, too small a panel too.
    login_as(&mut app, "officer1").await;
    let res = app
        .post_form(
            "/api/rating/eligibility",
            &format!("/officer/rating/apps/{id}"),
            &[("id", &ids), ("input[decision]", "eligible"), ("input[note]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let panel = |list: &[usize]| {
        let mut v = vec![("id".to_string(), ids.clone())];
        v.extend(list.iter().map(|i| (format!("input[experts][{}]", e(*i)), "on".to_string())));
        v
    };
    let res = app.call("/api/rating/panel", &pairs(&panel(&[1, 2, 4]))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_rate_expert_excluded"), "{}", res.body);
    let res = app.call("/api/rating/panel", &pairs(&panel(&[1, 2]))).await;
    assert!(res.body.contains("err_rate_panel_size"), "{}", res.body);
    assert_eq!(app.count("rating_panel").await, 0);
    let res =
        app.post_form("/api/rating/panel", &format!("/officer/rating/apps/{id}"), &pairs(&panel(&[1, 2, 3]))).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(application(&app, id).await.status, "scoring");
    assert_eq!(app.mails_to("expert1@example.org").await.len(), 1, "the expert is told");

    let items = entity::rating_item::Entity::find()
        .filter(entity::rating_item::Column::SheetId.eq(application(&app, id).await.sheet_id))
        .order_by_asc(entity::rating_item::Column::GroupNo)
        .order_by_asc(entity::rating_item::Column::ItemNo)
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(items.iter().map(|i| i.max_points).sum::<i32>(), 1000);

    // Expert 3 declares a conflict after the assignment: from then on they can
    // neither open nor submit the sheet.
    let res = app
        .post_form(
            "/api/rating/expert/exclusion",
            "/officer/rating/experts",
            &[
                ("input[expert_id]", &e(3)),
                ("input[credit_code]", &org_code(&app, org).await),
                ("input[reason]", "conflict"),
                ("input[note]", "其配偶任该会副会长"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    login_as(&mut app, "expert3").await;
    let res = app.call("/api/rating/sheet", &[("id", &ids)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &points_for(&items, 1000)))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "an excluded expert cannot score: {}", res.body);
    assert!(res.body.contains("err_rate_expert_excluded"));
    // Expert 4 (excluded by work unit) is not on the panel at all.
    login_as(&mut app, "expert4").await;
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &points_for(&items, 1000)))).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.count("rating_score").await, 0);

    // The officer replaces expert 3 by expert 5.
    login_as(&mut app, "officer1").await;
    let res = app.call("/api/rating/panel", &pairs(&panel(&[1, 2, 3]))).await;
    assert!(res.body.contains("err_rate_expert_excluded"), "{}", res.body);
    let res = app.call("/api/rating/panel", &pairs(&panel(&[1, 2, 5]))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);

    // Scores: over an item's maximum is refused and nothing is saved.
    login_as(&mut app, "expert1").await;
    let mut over = points_for(&items, 900);
    over[0].1 = (items[0].max_points + 1).to_string();
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &over))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains(&format!("p{}", items[0].id)) && res.body.contains("err_rate_points_max"));
    assert_eq!(app.count("rating_score").await, 0);
    let mut missing = points_for(&items, 900);
    missing[1].1 = String::new();
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &missing))).await;
    assert!(res.body.contains(&format!("p{}", items[1].id)), "submitting needs every item: {}", res.body);
    // A draft may leave items empty; then the submission (JavaScript off).
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "save", &missing))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .post_form(
            "/api/rating/score",
            &format!("/expert/apps/{id}"),
            &pairs(&score_fields(id, "submit", &points_for(&items, 900))),
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &points_for(&items, 100)))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a submitted sheet is final");
    login_as(&mut app, "expert2").await;
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &points_for(&items, 900)))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(application(&app, id).await.status, "scoring");
    login_as(&mut app, "expert5").await;
    assert!(app.get("/expert").await.body.contains(org_name));
    let res = app.call("/api/rating/score", &pairs(&score_fields(id, "submit", &points_for(&items, 899)))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // (900 + 900 + 899) / 3 = 899.67 → 899.7: a 4A, not a 5A.
    let a = application(&app, id).await;
    assert_eq!((a.status.as_str(), a.final_score, a.grade.as_deref()), ("scored", Some(8997), Some("4A")));

    // Public notice; an objection; no grant while the notice runs.
    login_as(&mut app, "officer1").await;
    let res = app.post_form("/api/rating/publish", &format!("/officer/rating/apps/{id}"), &[("id", &ids)]).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let a = application(&app, id).await;
    assert_eq!((a.notice_from, a.notice_to), (Some(today()), Some(today() + Days::new(7))));
    app.logout().await;
    let notices = app.get("/public/rating/notices").await;
    assert!(notices.body.contains(org_name) && notices.body.contains("899.7"), "{}", notices.body);
    let res = app
        .call(
            "/api/rating/public/object",
            &[("input[application_id]", &ids), ("input[name]", ""), ("input[contact]", ""), ("input[body]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Without JavaScript the errors come back on the notice page, in that result's open form.
    let res = app
        .post_form(
            "/api/rating/public/object",
            "/public/rating/notices",
            &[("input[application_id]", &ids), ("input[name]", ""), ("input[contact]", ""), ("input[body]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get("/public/rating/notices").await;
    assert!(page.body.contains("<details open") && page.body.contains("error-summary"), "{}", page.body);
    assert_eq!(app.count("rating_objection").await, 0);
    let res = app
        .post_form(
            "/api/rating/public/object",
            "/public/rating/notices",
            &[
                ("input[application_id]", &ids),
                ("input[name]", "阳光市摄影家协会"),
                ("input[contact]", "0755-88886666"),
                ("input[body]", "社会评价一项漏计了年度表彰，请予复核。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    login_as(&mut app, "officer1").await;
    let res = app.call("/api/rating/grant", &[("id", &ids)]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_rate_notice_running"));

    // The notice period ends (moved into the past): no more objections, and
    // the open one blocks the grant until it is resolved.
    app.db
        .execute_raw(sea_orm::Statement::from_sql_and_values(
            app.db.get_database_backend(),
            if app.backend == sunshine_tests::Backend::Postgres {
                "UPDATE rating_application SET notice_from = $1, notice_to = $2 WHERE id = $3"
            } else {
                "UPDATE rating_application SET notice_from = ?, notice_to = ? WHERE id = ?"
            },
            [(today() - Days::new(8)).into(), (today() - Days::new(1)).into(), id.into()],
        ))
        .await
        .unwrap();
    let late = app
        .call(
            "/api/rating/public/object",
            &[
                ("input[application_id]", &ids),
                ("input[name]", "某人"),
                ("input[contact]", "x@example.org"),
                ("input[body]", "迟到的异议"),
            ],
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT, "{}", late.body);
    let res = app.call("/api/rating/grant", &[("id", &ids)]).await;
    assert!(res.body.contains("err_rate_objection_open"), "{}", res.body);
    let objection = entity::rating_objection::Entity::find().one(&app.db).await.unwrap().unwrap();
    let oid = objection.id.to_string();
    let res = app
        .call(
            "/api/rating/resolve",
            &[("id", &oid), ("input[decision]", "upheld"), ("input[revised_score]", "90x"), ("input[resolution]", "")],
        )
        .await;
    assert!(res.body.contains("revised_score") && res.body.contains("resolution"), "{}", res.body);
    let res = app
        .post_form(
            "/api/rating/resolve",
            &format!("/officer/rating/apps/{id}"),
            &[
                ("id", &oid),
                ("input[decision]", "upheld"),
                ("input[revised_score]", "900.0"),
                ("input[resolution]", "经评估委员会复核，补记年度表彰10分。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let a = application(&app, id).await;
    assert_eq!((a.final_score, a.grade.as_deref()), (Some(9000), Some("5A")));

    // The grant: validity from 1 January next year to 31 December of the fifth year.
    let res = app.post_form("/api/rating/grant", &format!("/officer/rating/apps/{id}"), &[("id", &ids)]).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let g = entity::rating_grade::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(res.location(), Some(format!("/officer/rating/grades/{}", g.id)));
    let y = today().year();
    assert_eq!((g.grade.as_str(), g.score, g.status.as_str()), ("5A", 9000, "active"));
    assert_eq!(g.valid_from, NaiveDate::from_ymd_opt(y + 1, 1, 1).unwrap());
    assert_eq!(g.valid_to, NaiveDate::from_ymd_opt(y + 5, 12, 31).unwrap());
    assert_eq!(application(&app, id).await.status, "granted");
    assert!(app.mails_to("contact1@example.org").await.len() >= 4, "decision, notice, objection and grant mails");

    // Public: the list (search, CSV with BOM), the organization's page, the certificate; the portal card.
    app.logout().await;
    let list = app.get("/public/rating?q=%E6%91%84%E5%BD%B1&grade=5A").await;
    assert!(list.body.contains(org_name), "{}", list.body);
    assert!(!app.get("/public/rating?grade=3A").await.body.contains(org_name));
    let csv = app.get("/public/rating/export.csv?q=%E6%91%84%E5%BD%B1").await;
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(csv.body.contains(org_name) && csv.body.contains("5A") && csv.body.contains(&g.valid_to.to_string()));
    let public = app.get(&format!("/public/orgs/{org}")).await;
    assert!(public.body.contains("public-rating") && public.body.contains(&g.valid_to.to_string()), "{}", public.body);
    let cert = app.get(&format!("/rating/certificates/{}", g.id)).await;
    assert!(cert.body.contains(&g.certificate_no) && cert.body.contains("5A"));
    login_as(&mut app, "orguser").await;
    assert!(app.get("/portal").await.body.contains("评估等级 5A"));

    // Grades expire by themselves; the expiry notice goes once.
    let before = app.mails_to("contact1@example.org").await.len();
    let warn_day = g.valid_to - chrono::Months::new(3);
    let s = app.state.settings.clone();
    assert_eq!(app::rating::jobs::run_daily(&app.db, &s, warn_day).await.unwrap().expiry_notices, 1);
    assert_eq!(app::rating::jobs::run_daily(&app.db, &s, warn_day).await.unwrap().expiry_notices, 0);
    assert_eq!(app.mails_to("contact1@example.org").await.len(), before + 1, "one expiry notice");
    let in_force = |d| app::rating::service::grade_in_force(&app.db, org, d);
    assert!(in_force(g.valid_to).await.unwrap().is_some());
    assert!(in_force(g.valid_to + Days::new(1)).await.unwrap().is_none());

    // Downgrade one grade per event, then cancellation; a failed inspection must be on file.
    login_as(&mut app, "officer1").await;
    let gid = g.id.to_string();
    let yesterday = (today() - Days::new(1)).to_string();
    let res = app
        .call(
            "/api/rating/grade/change",
            &[
                ("id", &gid),
                ("input[event]", "failed_inspection"),
                ("input[event_date]", &yesterday),
                ("input[reason]", "年检不合格"),
            ],
        )
        .await;
    assert!(res.body.contains("err_rate_no_failed_inspection"), "{}", res.body);
    let res = app
        .call(
            "/api/rating/grade/change",
            &[("id", &gid), ("input[event]", "penalty"), ("input[event_date]", "2099-01-01"), ("input[reason]", "")],
        )
        .await;
    assert!(res.body.contains("event_date") && res.body.contains("reason"), "{}", res.body);
    // A failed annual inspection after the grant: the daily job lowers the grade once.
    let now = chrono::Utc::now();
    let report = sea_orm::ActiveModelTrait::insert(
        entity::annual_report::ActiveModel {
            org_id: sea_orm::Set(org),
            report_year: sea_orm::Set(today().year() - 1),
            status: sea_orm::Set("concluded".into()),
            form_json: sea_orm::Set("{}".into()),
            findings_json: sea_orm::Set("[]".into()),
            source: sea_orm::Set("online".into()),
            version: sea_orm::Set(2),
            conclusion: sea_orm::Set(Some("unqualified".into())),
            conclusion_reason: sea_orm::Set(Some("财务制度不健全".into())),
            concluded_at: sea_orm::Set(Some(now)),
            created_at: sea_orm::Set(now),
            updated_at: sea_orm::Set(now),
            ..Default::default()
        },
        &app.db,
    )
    .await
    .unwrap();
    assert_eq!(app::rating::jobs::run_daily(&app.db, &s, today()).await.unwrap().downgrades, 1);
    assert_eq!(app::rating::jobs::run_daily(&app.db, &s, today()).await.unwrap().downgrades, 0);
    let lowered = entity::rating_grade::Entity::find_by_id(g.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(lowered.grade, "4A", "report {}", report.id);
    let res = app
        .post_form(
            "/api/rating/grade/change",
            &format!("/officer/rating/grades/{gid}"),
            &[
                ("id", &gid),
                ("input[event]", "penalty"),
                ("input[event_date]", &yesterday),
                ("input[reason]", "违规收费受到警告处罚"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(entity::rating_grade::Entity::find_by_id(g.id).one(&app.db).await.unwrap().unwrap().grade, "3A");
    assert!(app.get(&format!("/public/orgs/{org}")).await.body.contains("3A"));
    let again = app
        .call(
            "/api/rating/grade/change",
            &[
                ("id", &gid),
                ("input[event]", "penalty"),
                ("input[event_date]", &yesterday),
                ("input[reason]", "重复报告"),
            ],
        )
        .await;
    assert!(again.body.contains("err_rate_change_recorded"), "one event lowers once: {}", again.body);
    let res = app
        .call(
            "/api/rating/grade/change",
            &[
                ("id", &gid),
                ("input[event]", "fraud"),
                ("input[event_date]", &yesterday),
                ("input[reason]", "申报材料弄虚作假"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let g2 = entity::rating_grade::Entity::find_by_id(g.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((g2.status.as_str(), g2.granted_grade.as_str()), ("cancelled", "5A"));
    assert_eq!(app.count("rating_change").await, 3);
    assert!(app.get(&format!("/public/orgs/{org}")).await.body.contains("public-rating-none"));
    let kpi = app.get("/officer/rating/kpi").await;
    assert!(kpi.body.contains("kpi-coverage") && kpi.body.contains("<svg"), "{}", kpi.body);
});

async fn org_code(app: &TestApp, org: i64) -> String {
    entity::organization::Entity::find_by_id(org).one(&app.db).await.unwrap().unwrap().credit_code
}

db_test!(young_organizations_and_closed_rounds_are_refused, |app| {
    app.officer().await;
    let mut form = org_form("阳光市新成立志愿者协会", "social_group", 7);
    for (k, v) in form.iter_mut() {
        if k == "input[registration_date]" {
            *v = (today() - Days::new(400)).to_string();
        }
    }
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let young: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let old = register(&mut app, "阳光市老年书画协会", 8).await;
    let open = |from: NaiveDate, to: NaiveDate, types: &'static str| {
        vec![
            ("input[year]".to_string(), today().year().to_string()),
            ("input[title]".to_string(), "评估".to_string()),
            (format!("input[org_types][{types}]"), "on".to_string()),
            ("input[apply_from]".to_string(), from.to_string()),
            ("input[apply_to]".to_string(), to.to_string()),
            ("input[notice_days]".to_string(), "7".to_string()),
        ]
    };
    let res = app.call("/api/rating/round/open", &pairs(&open(today(), today() + Days::new(5), "social_group"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call("/api/rating/round/open", &pairs(&open(today() - Days::new(9), today() - Days::new(1), "social_group")))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/rating/round/open", &pairs(&open(today(), today() + Days::new(5), "foundation"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rounds: Vec<i64> = entity::rating_round::Entity::find()
        .order_by_asc(entity::rating_round::Column::Id)
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    app.user("young", PW, Role::OrgUser, Some(young)).await;
    app.user("old", PW, Role::OrgUser, Some(old)).await;
    let apply = |round: i64| {
        vec![
            ("input[round_id]".to_string(), round.to_string()),
            ("input[self_score]".to_string(), "700".to_string()),
            ("input[self_assessment]".to_string(), "自评".to_string()),
        ]
    };
    login_as(&mut app, "young").await;
    let res = app.call("/api/rating/apply", &pairs(&apply(rounds[0]))).await;
    assert!(res.body.contains("err_rate_too_young"), "{}", res.body);
    login_as(&mut app, "old").await;
    let res = app.call("/api/rating/apply", &pairs(&apply(rounds[1]))).await;
    assert!(res.body.contains("err_rate_round_closed"), "{}", res.body);
    let res = app.call("/api/rating/apply", &pairs(&apply(rounds[2]))).await;
    assert!(res.body.contains("err_rate_round_type"), "{}", res.body);
    // JavaScript off: back to the form with the error, nothing written.
    let res = app.post_form("/api/rating/apply", "/portal/rating", &pairs(&apply(rounds[1]))).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(res.location().unwrap().starts_with("/portal/rating"), "{:?}", res.location());
    let page = app.get("/portal/rating").await;
    assert!(page.body.contains("该批次不在申报期内"), "{}", page.body);
    assert_eq!(app.count("rating_application").await, 0);
    // Other roles are kept out.
    let res = app.call("/api/rating/rounds", &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
});

db_test!(officers_open_expert_accounts_and_exports_are_for_officers, |app| {
    app.officer().await;
    let res = app
        .post_form(
            "/api/accounts/create",
            "/officer/users",
            &[
                ("input[username]", "wangexpert"),
                ("input[display_name]", "王专家"),
                ("input[email]", "wang@example.org"),
                ("input[role]", "expert"),
                ("input[org_code]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let user = entity::app_user::Entity::find()
        .filter(entity::app_user::Column::Username.eq("wangexpert"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(user.role, "expert");
    assert_eq!(app.mails_to("wang@example.org").await.len(), 1, "the invitation");
    let page = app.get("/officer/rating/experts?q=%E7%8E%8B").await;
    assert!(page.body.contains("王专家") && page.body.contains("wangexpert"), "{}", page.body);

    let org = register(&mut app, "阳光市书法家协会", 3).await;
    let res = app
        .call(
            "/api/rating/round/open",
            &[
                ("input[year]", "2026"),
                ("input[title]", "评估"),
                ("input[org_types][social_group]", "on"),
                ("input[apply_from]", &today().to_string()),
                ("input[apply_to]", &today().to_string()),
                ("input[notice_days]", "7"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.user("org3", PW, Role::OrgUser, Some(org)).await;
    login_as(&mut app, "org3").await;
    let round = entity::rating_round::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    let res = app
        .call(
            "/api/rating/apply",
            &[("input[round_id]", &round), ("input[self_score]", "780"), ("input[self_assessment]", "自评")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Organization users and the public cannot read officers' exports or pages.
    let csv = app.get(&format!("/officer/rating/rounds/{round}/export.csv")).await;
    assert_eq!(csv.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("/api/rating/application", &[("id", "1")]).await.status, StatusCode::FORBIDDEN);
    app.logout().await;
    let csv = app.get("/officer/rating/grades/export.csv").await;
    assert_eq!(csv.status, StatusCode::SEE_OTHER);
    login_as(&mut app, "officer1").await;
    let csv = app.get(&format!("/officer/rating/rounds/{round}/export.csv?q=%E4%B9%A6%E6%B3%95")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(
        csv.body.contains("统一社会信用代码") && csv.body.contains("阳光市书法家协会") && csv.body.contains("已申请")
    );
    let page = app.get(&format!("/officer/rating/rounds/{round}?q=%E4%B9%A6%E6%B3%95&status=applied")).await;
    assert!(page.body.contains("阳光市书法家协会"), "{}", page.body);
    let page = app.get(&format!("/officer/rating/rounds/{round}?status=granted")).await;
    assert!(!page.body.contains("阳光市书法家协会"));
});
