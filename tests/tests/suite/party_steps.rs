//! Party building inside the annual report and the rating (六同步), on SQLite
//! and PostgreSQL: the report's party section is prefilled from the party
//! record, checked on submission (bad values refused with their fields,
//! nothing changed), shown on the officer's and the organization's pages, in
//! the queue's CSV, and beside the record on the report's check with a
//! mismatch flagged; a report saved before the section existed still opens;
//! the rating sheet's party-building item (marked by migration 32) shows the
//! experts the party record, and the application's rating check the panel's
//! points on it.

use app::auth::types::Role;
use chrono::Utc;
use http::StatusCode;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use sunshine_tests::fixtures::report_form;
use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const PW: &str = "Party#Pass2026";

/// A party record's form fields, saved by the signed-in officer.
async fn save_record(app: &mut TestApp, org: i64, version: i32, fields: &[(&str, &str)]) {
    let (org, version) = (org.to_string(), version.to_string());
    let mut all = vec![("org_id".to_string(), org), ("version".to_string(), version)];
    for (k, v) in fields {
        all.push((format!("input[{k}]"), v.to_string()));
    }
    let res = app.call("/api/party/save", &pairs(&all)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

fn with(form: &[(String, String)], field: &str, value: &str) -> Vec<(String, String)> {
    with_field(form, &format!("input[form][{field}]"), value)
}

fn save_fields(form: &[(String, String)], version: i32, intent: &str) -> Vec<(String, String)> {
    let mut v = vec![
        ("input[year]".to_string(), "2025".to_string()),
        ("input[version]".to_string(), version.to_string()),
        ("input[intent]".to_string(), intent.to_string()),
    ];
    v.extend(form.iter().cloned());
    v
}

async fn report(app: &TestApp, org: i64) -> Option<entity::annual_report::Model> {
    entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(org))
        .filter(entity::annual_report::Column::ReportYear.eq(2025))
        .one(&app.db)
        .await
        .unwrap()
}

db_test!(the_report_files_its_party_section_checked_and_beside_the_record, |app| {
    app.officer().await;
    let org = app.register(&org_form("阳光市南山区集邮协会", "social_group", 1)).await.0;
    save_record(
        &mut app,
        org,
        0,
        &[("kind", "none"), ("none_reason", "正式党员不足3人"), ("full_members", "1"), ("liaison", "陈联络")],
    )
    .await;
    app.user("jiyou", PW, Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("jiyou", PW).await;

    // The draft starts from the party record.
    let page = app.get("/portal/reports/2025").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("id=\"party-prefilled\""), "{}", page.body);
    assert!(page.body.contains("正式党员不足3人"), "the record's reason is prefilled");

    // A submission without the section is refused, its fields named; nothing is written.
    let mut bare = report_form();
    bare.retain(|(k, _)| !k.contains("[party_"));
    let res = app.call("/api/reports/save", &pairs(&save_fields(&bare, 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    for field in ["party_kind", "party_members", "party_activities", "party_charter"] {
        assert!(res.body.contains(&format!("\"{field}\"")), "{field}: {}", res.body);
    }
    // Bad values: each refused with its field, nothing written.
    let bad =
        with(&with(&with(&report_form(), "party_kind", "both"), "party_members", "-2"), "party_activities", "400");
    let res = app.call("/api/reports/save", &pairs(&save_fields(&bad, 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for (field, key) in [
        ("party_kind", "err_invalid_choice"),
        ("party_members", "err_count_negative"),
        ("party_activities", "rpt_err_party_activities"),
    ] {
        assert!(res.body.contains(field) && res.body.contains(key), "{field} {key}: {}", res.body);
    }
    // Independent with two full members (党章 §30), and more members than staff.
    let two = with(&report_form(), "party_members", "2");
    let res = app.call("/api/reports/save", &pairs(&save_fields(&two, 0, "submit"))).await;
    assert!(res.body.contains("party_err_min_full"), "{}", res.body);
    let many = with(&report_form(), "party_members", "6");
    let res = app.call("/api/reports/save", &pairs(&save_fields(&many, 0, "submit"))).await;
    assert!(res.body.contains("rpt_err_party_members_staff"), "{}", res.body);
    // With JavaScript off the refusal comes back to the form with the field's error.
    let res = app.post_form("/api/reports/save", "/portal/reports/2025", &pairs(&save_fields(&two, 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("id=\"f-party_members-error\""), "{}", page.body);
    assert!(report(&app, org).await.is_none(), "nothing was written");
    assert_eq!(app.count("report_event").await, 0);

    // A complete section submits (independent, three full members) and is shown.
    let res = app.call("/api/reports/save", &pairs(&save_fields(&report_form(), 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let r = report(&app, org).await.unwrap();
    assert_eq!(r.status, "submitted");
    let form: app::domain::annual_report::ReportForm = serde_json::from_str(&r.form_json).unwrap();
    assert_eq!((form.party_kind.as_str(), form.party_members.as_str()), ("independent", "3"));
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("id=\"report-party-kind\">单独组建"), "{}", page.body);
    // The report says independent, the record says none: the report's check flags it.
    assert!(page.body.contains("id=\"party-mismatch\""), "{}", page.body);
    assert!(page.body.contains("年度报告填报的党组织建立情况与党建信息不同"));

    // The officer sees the section on the review page, the flag beside the record, and the CSV.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let review = app.get(&format!("/officer/reports/{}", r.id)).await;
    assert_eq!(review.status, StatusCode::OK);
    assert!(review.body.contains("id=\"report-party-members\">3"), "{}", review.body);
    assert!(review.body.contains("id=\"party-declared-kind\">单独组建"), "{}", review.body);
    assert!(review.body.contains("id=\"party-record-kind\">未建立"), "{}", review.body);
    assert!(review.body.contains("id=\"party-mismatch\""));
    let csv = app.get("/officer/reports/export.csv?year=2025").await;
    assert!(csv.body.contains("党组织,正式党员,党组织活动次数"), "{}", csv.body);
    assert!(csv.body.contains("单独组建,3,6"), "{}", csv.body);
    // Once the record says independent too, they agree.
    save_record(
        &mut app,
        org,
        1,
        &[("kind", "independent"), ("full_members", "3"), ("established_on", "2022-07-01"), ("secretary", "钱书记")],
    )
    .await;
    let review = app.get(&format!("/officer/reports/{}", r.id)).await;
    assert!(review.body.contains("id=\"party-consistent\"") && !review.body.contains("id=\"party-mismatch\""));
});

db_test!(reports_saved_before_the_section_still_open, |app| {
    app.officer().await;
    let a = app.register(&org_form("阳光市南山区钓鱼协会", "social_group", 2)).await.0;
    let b = app.register(&org_form("阳光市南山区桥牌协会", "social_group", 3)).await.0;
    // A draft and a submitted report whose forms have no party section (the old JSON).
    let old = serde_json::json!({"changes": "无", "activities": "钓鱼比赛3场", "staff_full_time": "2"}).to_string();
    let mut ids = Vec::new();
    for (org, status) in [(a, "draft"), (b, "submitted")] {
        let m = entity::annual_report::ActiveModel {
            org_id: Set(org),
            report_year: Set(2025),
            status: Set(status.into()),
            form_json: Set(old.clone()),
            findings_json: Set("[]".into()),
            source: Set("online".into()),
            version: Set(1),
            submitted_at: Set((status == "submitted").then(Utc::now)),
            first_submitted_at: Set((status == "submitted").then(Utc::now)),
            created_at: Set(Utc::now()),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(&app.db)
        .await
        .unwrap();
        ids.push(m.id);
    }
    // The officer opens the submitted one: it says it has no party section.
    let review = app.get(&format!("/officer/reports/{}", ids[1])).await;
    assert_eq!(review.status, StatusCode::OK, "{}", review.body);
    assert!(review.body.contains("id=\"report-party-none\""), "{}", review.body);
    assert!(review.body.contains("id=\"party-declared-kind\">未填写"), "{}", review.body);
    assert!(!review.body.contains("id=\"party-mismatch\""), "nothing declared, nothing flagged");
    // The organization opens its old draft (no party record: nothing prefilled) and saves it as a draft.
    app.user("diaoyu", PW, Role::OrgUser, Some(a)).await;
    app.logout().await;
    app.login("diaoyu", PW).await;
    let page = app.get("/portal/reports/2025").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("钓鱼比赛3场") && !page.body.contains("id=\"party-prefilled\""), "{}", page.body);
    let mut draft = vec![("input[form][activities]".to_string(), "钓鱼比赛4场".to_string())];
    draft.push(("input[form][changes]".to_string(), "无".to_string()));
    let res = app.call("/api/reports/save", &pairs(&save_fields(&draft, 1, "save"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report(&app, a).await.unwrap().version, 2);
});

/// A round open today, an application of `org` by its user `user`, found
/// eligible, and a panel of `experts`; the application's id.
async fn scoring(app: &mut TestApp, org_user: &str, experts: &[i64]) -> i64 {
    let id = sunshine_tests::fixtures::rating_application(app, org_user, PW).await.to_string();
    let res =
        app.call("/api/rating/eligibility", &[("id", &id), ("input[decision]", "eligible"), ("input[note]", "")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let mut panel = vec![("id".to_string(), id.clone())];
    panel.extend(experts.iter().map(|e| (format!("input[experts][{e}]"), "on".to_string())));
    let res = app.call("/api/rating/panel", &pairs(&panel)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    id.parse().unwrap()
}

db_test!(the_experts_score_the_party_item_from_the_record, |app| {
    // Migration 32 marks the default sheets' 党建工作, one a sheet.
    let marked = entity::rating_item::Entity::find()
        .filter(entity::rating_item::Column::Kind.eq(app::domain::party::RATING_ITEM_KIND))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(marked.len(), 3);
    assert!(marked.iter().all(|i| i.name == "党建工作" && i.max_points == 40));
    let others = entity::rating_item::Entity::find()
        .filter(entity::rating_item::Column::Kind.ne(app::domain::party::RATING_ITEM_KIND))
        .all(&app.db)
        .await
        .unwrap();
    assert!(!others.is_empty() && others.iter().all(|i| i.kind.is_empty() && i.name != "党建工作"));

    app.officer().await;
    let org = app.register(&org_form("阳光市南山区书画协会", "social_group", 4)).await.0;
    save_record(
        &mut app,
        org,
        0,
        &[
            ("kind", "independent"),
            ("full_members", "5"),
            ("established_on", "2021-07-01"),
            ("secretary", "孙书记"),
            ("instructor_name", "周明"),
            ("instructor_unit", "市社会组织综合党委"),
        ],
    )
    .await;
    let res = app
        .call(
            "/api/party/sync/record",
            &[
                ("step", "registration"),
                ("org_id", &org.to_string()),
                ("ref_id", "0"),
                ("back", "/officer"),
                ("input[done]", "yes"),
                ("input[note]", "随申请采集党员信息"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.user("shuhua", PW, Role::OrgUser, Some(org)).await;
    let mut experts = Vec::new();
    for n in 1..=3 {
        experts.push(app.user(&format!("expert{n}"), PW, Role::Expert, None).await);
    }
    let id = scoring(&mut app, "shuhua", &experts).await;
    let a = entity::rating_application::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    let items = entity::rating_item::Entity::find()
        .filter(entity::rating_item::Column::SheetId.eq(a.sheet_id))
        .order_by_asc(entity::rating_item::Column::GroupNo)
        .order_by_asc(entity::rating_item::Column::ItemNo)
        .all(&app.db)
        .await
        .unwrap();
    let at = items.iter().position(|i| i.kind == "party").expect("the sheet's party item");
    let party = &items[at];

    // The expert's sheet shows the record at the party item: after its input, before the next one.
    app.logout().await;
    app.login("expert1", PW).await;
    let page = app.get(&format!("/expert/apps/{id}")).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    let input = page.body.find(&format!("id=\"f-p{}\"", party.id)).expect("the party item's input");
    let brief = page.body.find("id=\"party-brief\"").expect("the party record at the item");
    let next = page.body.find(&format!("id=\"f-p{}\"", items[at + 1].id)).unwrap();
    assert!(input < brief && brief < next, "the record sits at the party item");
    assert!(page.body.contains("id=\"party-brief-kind\">单独组建"), "{}", page.body);
    assert!(page.body.contains("正式党员 5 人") && page.body.contains("周明"));
    let steps = &page.body[brief..next];
    assert!(steps.contains("登记") && steps.contains("已落实"), "this year's checks: {steps}");

    // Two experts give points on it (one submits the whole sheet); the officer's rating check shows the mean.
    let points = |party_points: i32| {
        let mut v = vec![("id".to_string(), id.to_string())];
        v.extend(items.iter().map(|i| {
            let p = if i.id == party.id { party_points } else { i.max_points * 8 / 10 };
            (format!("input[points][{}]", i.id), p.to_string())
        }));
        v
    };
    let mut draft = points(36);
    draft.push(("input[intent]".into(), "save".into()));
    let res = app.call("/api/rating/score", &pairs(&draft)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("expert2", PW).await;
    let mut submit = points(31);
    submit.push(("input[intent]".into(), "submit".into()));
    let res = app.call("/api/rating/score", &pairs(&submit)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let page = app.get(&format!("/officer/rating/apps/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let scores = page.body.find("id=\"party-item-scores\"").map(|i| &page.body[i..]).expect("the panel's points");
    assert!(scores.contains("33.5") && scores.contains("40") && scores.contains("2/3"), "{scores}");
    assert!(scores.contains("未提交"), "expert1's sheet is a draft: {scores}");
});
