//! Party building (党建) end to end on SQLite and PostgreSQL: officers and the
//! organization keep its party record (JavaScript off and on), bad input and
//! a stale version change nothing, another organization's record is not
//! found; each of the six synchronisations is recorded at its step and shown
//! there and on the organization's page; the two coverages and the year's
//! checks on the dashboard on known data; the officers' list, its filters,
//! paging and CSV.

use app::auth::types::Role;
use chrono::Datelike;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const PW: &str = "Party#Pass2026";

fn today() -> chrono::NaiveDate {
    app::kernel::clock::today()
}

/// Registers an organization as the signed-in officer; its id.
async fn register(app: &mut TestApp, name: &str, t: &str, n: u32, district: &str) -> i64 {
    let form = with_field(&org_form(name, t, n), "input[district]", district);
    app.register(&form).await.0
}

/// A record's form fields (the `input[...]` of `save_party`).
fn record(kind: &str, full: &str, extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = [
        ("input[kind]", kind),
        ("input[established_on]", "2021-07-01"),
        ("input[full_members]", full),
        ("input[probationary_members]", "1"),
        ("input[secretary]", "赵书记"),
        ("input[joint_with]", ""),
        ("input[none_reason]", ""),
        ("input[instructor_name]", ""),
        ("input[instructor_unit]", ""),
        ("input[instructor_phone]", ""),
        ("input[liaison]", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    for (k, val) in extra {
        v = with_field(&v, &format!("input[{k}]"), val);
    }
    v
}

/// Saves a record as the hydrated page does (JSON answer).
async fn save(app: &mut TestApp, org: i64, version: i32, fields: &[(String, String)]) -> sunshine_tests::Res {
    let (org, version) = (org.to_string(), version.to_string());
    let mut all = vec![("org_id", org.as_str()), ("version", version.as_str())];
    all.extend(pairs(fields));
    app.call("/api/party/save", &all).await
}

/// Saves a record as a browser with JavaScript off does, from the organization's page.
async fn save_off(app: &mut TestApp, org: i64, version: i32, fields: &[(String, String)]) -> sunshine_tests::Res {
    let mut all = vec![("org_id".to_string(), org.to_string()), ("version".to_string(), version.to_string())];
    all.extend(fields.iter().cloned());
    app.post_form("/api/party/save", &format!("/officer/orgs/{org}"), &pairs(&all)).await
}

async fn party_row(app: &TestApp, org: i64) -> Option<entity::party_org::Model> {
    entity::party_org::Entity::find().filter(entity::party_org::Column::OrgId.eq(org)).one(&app.db).await.unwrap()
}

/// Records a step's check with JavaScript off; the response.
async fn check(
    app: &mut TestApp,
    step: &str,
    org: i64,
    ref_id: i64,
    back: &str,
    done: &str,
    note: &str,
) -> sunshine_tests::Res {
    let (org, ref_id) = (org.to_string(), ref_id.to_string());
    app.post_form(
        "/api/party/sync/record",
        back,
        &[
            ("step", step),
            ("org_id", &org),
            ("ref_id", &ref_id),
            ("back", back),
            ("input[done]", done),
            ("input[note]", note),
        ],
    )
    .await
}

async fn checks(app: &TestApp, org: i64, step: &str) -> Vec<entity::party_sync::Model> {
    entity::party_sync::Entity::find()
        .filter(entity::party_sync::Column::OrgId.eq(org))
        .filter(entity::party_sync::Column::Step.eq(step))
        .all(&app.db)
        .await
        .unwrap()
}

async fn audits(app: &TestApp, action: &str) -> i64 {
    app::db::count(&app.db, "SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", vec![action.into()]).await.unwrap()
        as i64
}

db_test!(officers_and_the_organization_keep_the_record, |app| {
    app.officer().await;
    let a = register(&mut app, "阳光市南山区书法家协会", "social_group", 1, "南山区").await;
    let b = register(&mut app, "阳光市南山区围棋协会", "social_group", 2, "南山区").await;
    app.user("org_a", PW, Role::OrgUser, Some(a)).await;
    let page = app.get(&format!("/officer/orgs/{a}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("党建工作") && page.body.contains("尚未填报党建情况"), "{}", page.body);

    // Too few full members for an independent organization: refused, nothing written (JS on and off).
    let res = save(&mut app, a, 0, &record("independent", "2", &[("probationary_members", "4")])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("party_err_min_full"), "{}", res.body);
    let res = save_off(&mut app, a, 0, &record("independent", "2", &[])).await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.location().as_deref(), Some(format!("/officer/orgs/{a}").as_str()));
    let back = app.get(&format!("/officer/orgs/{a}")).await;
    assert!(back.body.contains("单独组建须有正式党员3人以上"), "the error shown on the page: {}", back.body);
    // Every field's error at once.
    let res = save(
        &mut app,
        a,
        0,
        &record("joint", "many", &[("instructor_phone", "电话"), ("established_on", "2099-01-01")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["joint_with", "full_members", "instructor_phone", "instructor_name", "established_on"] {
        assert!(res.body.contains(&format!("\"{f}\"")), "{f}: {}", res.body);
    }
    let res = save(&mut app, a, 0, &record("none", "1", &[("secretary", "")])).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("none_reason") && res.body.contains("party_err_cover"), "{}", res.body);
    assert_eq!((app.count("party_org").await, app.count("party_org_history").await), (0, 0));
    assert_eq!(audits(&app, "party_save").await, 0);

    // The officer saves it with JavaScript off: back to the organization's page, audited, a version kept.
    let ok = record(
        "independent",
        "5",
        &[
            ("instructor_name", "孙指导"),
            ("instructor_unit", "南山区社会组织党委"),
            ("instructor_phone", "0755-2666 8888"),
        ],
    );
    let res = save_off(&mut app, a, 0, &ok).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(format!("/officer/orgs/{a}").as_str()));
    let m = party_row(&app, a).await.unwrap();
    assert_eq!((m.kind.as_str(), m.full_members, m.probationary_members, m.version), ("independent", 5, 1, 1));
    assert_eq!(app.count("party_org_history").await, 1);
    assert_eq!(audits(&app, "party_save").await, 1);
    let page = app.get(&format!("/officer/orgs/{a}")).await;
    for text in ["党建情况已保存", "单独组建", "正式党员 5 人，预备党员 1 人", "孙指导", "0755-2666 8888", "第 1 版"]
    {
        assert!(page.body.contains(text), "{text}");
    }

    // The public never sees the instructor.
    app.logout().await;
    let public = app.get(&format!("/public/orgs/{a}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("0755-2666 8888") && !public.body.contains("孙指导"));
    let res = app.call("/api/party/get", &[("org_id", &a.to_string())]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);

    // The organization sees and changes its own record in the portal.
    app.login("org_a", PW).await;
    let portal = app.get("/portal/party").await;
    assert_eq!(portal.status, StatusCode::OK);
    assert!(portal.body.contains("单独组建") && portal.body.contains("0755-2666 8888"), "{}", portal.body);
    let joint = record("joint", "2", &[("joint_with", "阳光市南山区书法家协会\n阳光市南山区美术家协会")]);
    let res = save(&mut app, 0, 1, &joint).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let m = party_row(&app, a).await.unwrap();
    assert_eq!((m.kind.as_str(), m.joint_with.as_str(), m.version), ("joint", "阳光市南山区美术家协会", 2));
    assert_eq!(m.instructor_name, "", "the instructor was removed in the form");
    // A form read before that save is refused, nothing changed.
    let res = save(&mut app, 0, 1, &record("independent", "9", &[])).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert_eq!(party_row(&app, a).await.unwrap().version, 2);
    assert_eq!(app.count("party_org_history").await, 2);
    // Another organization's record is not found, to read or to write.
    for org in [b, 999_999] {
        let res = app.call("/api/party/get", &[("org_id", &org.to_string())]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{org}");
        let res = save(&mut app, org, 0, &record("independent", "5", &[])).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{org}");
    }
    assert!(party_row(&app, b).await.is_none());
    // Not the officers' list or its CSV.
    assert_eq!(app.call("/api/party/list", &[("filter[page]", "0")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get("/officer/party/export.csv").await.status, StatusCode::FORBIDDEN);

    // The officer sees both versions, with who saved them.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let page = app.get(&format!("/officer/orgs/{a}")).await;
    assert!(page.body.contains("第 2 版") && page.body.contains("org_a") && page.body.contains("联合组建"));
    assert!(page.body.contains("阳光市南山区美术家协会"));
});

db_test!(each_check_is_recorded_at_its_step_and_shown, |app| {
    app.officer().await;
    let a = register(&mut app, "阳光市南山区摄影家协会", "social_group", 11, "南山区").await;
    let b = register(&mut app, "阳光市南山区舞蹈协会", "social_group", 12, "南山区").await;
    app.user("org_a", PW, Role::OrgUser, Some(a)).await;
    app.user("org_b", PW, Role::OrgUser, Some(b)).await;
    let org_page = format!("/officer/orgs/{a}");

    // Registration (登记): on the organization's page; a "not carried out" needs its note.
    let res = check(&mut app, "registration", a, 0, &org_page, "no", "").await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(checks(&app, a, "registration").await.is_empty());
    let res = check(&mut app, "registration", a, 0, &org_page, "yes", "申请材料附党员基本信息表3份").await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(org_page.as_str()));
    let page = app.get(&org_page).await;
    assert!(page.body.contains("党建同步情况已记录") && page.body.contains("申请材料附党员基本信息表3份"));
    assert!(page.body.contains("党建同步：登记"));

    // Charter approval (章程核准): not before the act, then on the act's event.
    let res = app
        .call(
            "/api/party/sync/record",
            &[
                ("step", "charter"),
                ("org_id", &a.to_string()),
                ("ref_id", "0"),
                ("back", &org_page),
                ("input[done]", "yes"),
                ("input[note]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("party_err_no_step"));
    assert!(app.get(&org_page).await.body.contains("该环节尚未办理"));
    for act in ["charter", "term_renewal"] {
        let res = app
            .call(
                "/api/registry/act",
                &[
                    ("id", &a.to_string()),
                    ("input[act]", act),
                    ("input[date]", &today().to_string()),
                    ("input[reason]", ""),
                ],
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{act}: {}", res.body);
    }
    let res = check(&mut app, "charter", a, 0, &org_page, "yes", "章程第八条写入党建工作内容").await;
    assert_eq!(res.status, StatusCode::FOUND);
    let charter = checks(&app, a, "charter").await;
    let event = entity::org_event::Entity::find()
        .filter(entity::org_event::Column::OrgId.eq(a))
        .filter(entity::org_event::Column::Kind.eq("charter"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((charter.len(), charter[0].ref_id, charter[0].done), (1, event.id, true));
    // Term renewal (换届): recorded as not carried out, then again as carried out (changed in place, audited twice).
    let res = check(&mut app, "term_renewal", a, 0, &org_page, "no", "未征求党组织意见，限期补正").await;
    assert_eq!(res.status, StatusCode::FOUND);
    let res = check(&mut app, "term_renewal", a, 0, &org_page, "yes", "已补充征求党支部意见").await;
    assert_eq!(res.status, StatusCode::FOUND);
    let renewal = checks(&app, a, "term_renewal").await;
    assert_eq!((renewal.len(), renewal[0].done, renewal[0].note.as_str()), (1, true, "已补充征求党支部意见"));
    assert_eq!(audits(&app, "party_sync").await, 4);

    // Annual report (年报): the organization records its report's party-building section in the portal.
    app.logout().await;
    app.login("org_a", PW).await;
    let report_page = "/portal/reports/2025";
    let res = check(&mut app, "annual_report", 0, 2025, report_page, "yes", "党支部全年开展主题党日12次").await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(report_page));
    let page = app.get(report_page).await;
    assert!(page.body.contains("党建同步：年报") && page.body.contains("党支部全年开展主题党日12次"), "{}", page.body);
    // Not another organization's report, not the registry's steps.
    let res = check(&mut app, "annual_report", b, 2025, report_page, "yes", "").await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(checks(&app, b, "annual_report").await.is_empty());
    let res =
        app.call("/api/party/sync", &[("step", "annual_report"), ("org_id", &b.to_string()), ("ref_id", "2025")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res =
        app.call("/api/party/sync", &[("step", "registration"), ("org_id", &a.to_string()), ("ref_id", "0")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The organization submits that report; the officers' review page shows the check and records it again there.
    let mut fields = vec![
        ("input[year]".to_string(), "2025".to_string()),
        ("input[version]".to_string(), "0".to_string()),
        ("input[intent]".to_string(), "submit".to_string()),
    ];
    fields.extend(sunshine_tests::fixtures::report_form());
    let res = app.call("/api/reports/save", &pairs(&fields)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let report = entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(a))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let review = format!("/officer/reports/{report}");
    let page = app.get(&review).await;
    assert!(page.body.contains("党建同步：年报") && page.body.contains("党支部全年开展主题党日12次"), "{}", page.body);
    let res =
        check(&mut app, "annual_report", a, 2025, &review, "yes", "党建情况完整：党支部、党员6人、活动12次").await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(review.as_str()));
    let annual = checks(&app, a, "annual_report").await;
    assert_eq!((annual.len(), annual[0].ref_id, annual[0].actor.as_str()), (1, 2025, "officer1"));
    assert!(app.get(&review).await.body.contains("党建情况完整：党支部、党员6人、活动12次"));
    app.logout().await;
    app.login("org_a", PW).await;
    // The portal's own page shows the six steps.
    let portal = app.get("/portal/party").await;
    assert!(portal.body.contains("“六同步”落实情况") && portal.body.contains("章程第八条写入党建工作内容"));

    // Rating (等级评估): on the application's page.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let app_id = sunshine_tests::fixtures::rating_application(&mut app, "org_a", PW).await;
    let app_page = format!("/officer/rating/apps/{app_id}");
    let res = check(&mut app, "rating", a, app_id, &app_page, "yes", "评估指标含党建工作20分").await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(app_page.as_str()));
    let page = app.get(&app_page).await;
    assert!(page.body.contains("党建同步：等级评估") && page.body.contains("评估指标含党建工作20分"));
    // The application is organization a's: named with b it is not found.
    let res = app
        .call("/api/party/sync", &[("step", "rating"), ("org_id", &b.to_string()), ("ref_id", &app_id.to_string())])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = app.call("/api/party/sync", &[("step", "nothing"), ("org_id", &a.to_string()), ("ref_id", "0")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);

    // The organization's page says which of the six are done (inspection not yet).
    let page = app.get(&org_page).await;
    for step in ["registration", "charter", "annual_report", "rating", "term_renewal"] {
        let row = page.body.split(&format!("id=\"party-step-{step}\"")).nth(1).unwrap();
        let row = row.split("</tr>").next().unwrap();
        assert!(row.contains("已落实"), "{step}: {row}");
    }
    let row = page.body.split("id=\"party-step-inspection\"").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("尚未记录"), "{row}");
    // The officers' list counts five of six.
    let list = app.get("/officer/party").await;
    assert!(list.body.contains("5/6"), "{}", list.body);
    // The dashboard counts this year's checks carried out, by step.
    let res = app.call("/api/dashboard/view", &[]).await;
    let v: app::dashboard::types::DashboardView = serde_json::from_str(&res.body).unwrap();
    let done: Vec<(String, u64)> = v.party.steps.clone();
    assert_eq!(
        done,
        vec![
            ("registration".to_string(), 1),
            ("charter".to_string(), 1),
            ("annual_report".to_string(), 1),
            ("rating".to_string(), 1),
            ("term_renewal".to_string(), 1),
            ("inspection".to_string(), 0),
        ]
    );
});

db_test!(the_inspection_check_is_the_inspectors, |app| {
    let d = crate::inspection_follow::drawn(&mut app).await;
    let org = d.orgs[0].0;
    let target = entity::inspection_target::Entity::find()
        .filter(entity::inspection_target::Column::ObjectId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id;
    app.user("org_x", PW, Role::OrgUser, Some(org)).await;
    app.user("insc", PW, Role::Inspector, None).await;
    let page = format!("/inspector/targets/{target}");
    // An inspector not on the target's team, and the organization, cannot record it.
    app.logout().await;
    app.login("insc", PW).await;
    let res = check(&mut app, "inspection", 0, target, &page, "yes", "").await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert!(checks(&app, org, "inspection").await.is_empty());
    let res =
        app.call("/api/party/sync", &[("step", "inspection"), ("org_id", "0"), ("ref_id", &target.to_string())]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    app.logout().await;
    app.login("org_x", PW).await;
    let res =
        app.call("/api/party/sync", &[("step", "inspection"), ("org_id", "0"), ("ref_id", &target.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The inspector of the team records it on the target's page.
    app.logout().await;
    app.login("insa", "Inspect#2026").await;
    let before = app.get(&page).await;
    assert!(before.body.contains("党建同步：抽查") && before.body.contains("尚未记录"), "{}", before.body);
    let res = check(&mut app, "inspection", 0, target, &page, "no", "党建工作检查项：未按期召开组织生活会").await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(page.as_str()));
    let c = checks(&app, org, "inspection").await;
    assert_eq!((c.len(), c[0].ref_id, c[0].done, c[0].day), (1, target, false, today()));
    let after = app.get(&page).await;
    assert!(after.body.contains("未按期召开组织生活会") && after.body.contains("未落实"));
    // Not another step.
    let res =
        app.call("/api/party/sync", &[("step", "registration"), ("org_id", &org.to_string()), ("ref_id", "0")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The officer sees it on the organization's page.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let org_page = app.get(&format!("/officer/orgs/{org}")).await;
    let row = org_page.body.split("id=\"party-step-inspection\"").nth(1).unwrap().split("</tr>").next().unwrap();
    assert!(row.contains("未落实") && row.contains("未按期召开组织生活会"), "{row}");
});

/// The dashboard's view as the officer's page reads it.
async fn dashboard(app: &mut TestApp) -> app::dashboard::types::DashboardView {
    let res = app.call("/api/dashboard/view", &[]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

fn measure(v: &app::dashboard::types::DashboardView, m: &str) -> (i64, u64, u64) {
    let x = v.measures.iter().find(|x| x.measure == m).unwrap();
    let s = x.share.clone().unwrap();
    (x.value, s.num, s.den)
}

db_test!(the_two_coverages_on_known_data, |app| {
    app.officer().await;
    // Five active organizations: independent, joint, none with an instructor, none with a liaison only, nothing recorded.
    let orgs = [
        ("阳光市南山区甲协会", "social_group", "南山区"),
        ("阳光市南山区乙协会", "social_group", "南山区"),
        ("阳光市福田区丙服务中心", "social_service", "福田区"),
        ("阳光市福田区丁服务中心", "social_service", "福田区"),
        ("阳光市南山区戊基金会", "foundation", "南山区"),
    ];
    let mut ids = Vec::new();
    for (n, (name, t, district)) in orgs.iter().enumerate() {
        ids.push(register(&mut app, name, t, 40 + n as u32, district).await);
    }
    let saves = [
        record("independent", "4", &[]),
        record("joint", "1", &[("joint_with", "阳光市南山区己协会")]),
        record("none", "0", &[("none_reason", "无党员"), ("instructor_name", "周指导")]),
        record("none", "1", &[("none_reason", "正式党员不足3人"), ("liaison", "吴联络")]),
    ];
    for (id, fields) in ids.iter().zip(saves.iter()) {
        let res = save(&mut app, *id, 0, fields).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let v = dashboard(&mut app).await;
    assert_eq!(measure(&v, "party_org_coverage"), (400, 2, 5));
    assert_eq!(measure(&v, "party_work_coverage"), (600, 3, 5));
    let f = &v.party;
    assert_eq!((f.total.active, f.total.organized, f.total.worked), (5, 2, 3));
    let of = |list: &[(String, app::party::types::Coverage)], key: &str| {
        list.iter().find(|(k, _)| k == key).map(|(_, c)| (c.active, c.organized, c.worked)).unwrap()
    };
    assert_eq!(of(&f.by_type, "social_group"), (2, 2, 2));
    assert_eq!(of(&f.by_type, "social_service"), (2, 0, 1));
    assert_eq!(of(&f.by_type, "foundation"), (1, 0, 0));
    assert_eq!(of(&f.by_district, "南山区"), (3, 2, 2));
    assert_eq!(of(&f.by_district, "福田区"), (2, 0, 1));
    // The page shows them, by type and by district.
    let page = app.get("/officer/dashboard").await;
    assert!(page.body.contains("id=\"measure-party_org_coverage\" class=\"num\">40.0%"), "{}", page.body);
    assert!(page.body.contains("id=\"measure-party_work_coverage\" class=\"num\">60.0%"));
    assert!(page.body.contains("id=\"party-by-type\"") && page.body.contains("id=\"party-by-district\""));
    assert!(page.body.contains("40.0%（2/5）"));

    // A measure like the others: a target on it shows its progress.
    let res = app
        .call(
            "/api/dashboard/target/save",
            &[
                ("input[year]", &today().year().to_string()),
                ("input[name]", "党的组织覆盖率"),
                ("input[measure]", "party_org_coverage"),
                ("input[target]", "80"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = dashboard(&mut app).await;
    let t = v.targets.iter().find(|t| t.measure == "party_org_coverage").unwrap();
    assert_eq!((t.target, t.value, t.progress, t.met), (800, 400, 500, false));

    // The independent one deregistered: no longer among the active; the joint one gains an instructor.
    let res = app
        .call(
            "/api/registry/act",
            &[
                ("id", &ids[0].to_string()),
                ("input[act]", "deregister"),
                ("input[date]", &today().to_string()),
                ("input[reason]", "自行解散"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = save(
        &mut app,
        ids[3],
        1,
        &record("none", "1", &[("none_reason", "正式党员不足3人"), ("instructor_name", "郑指导")]),
    )
    .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let v = dashboard(&mut app).await;
    assert_eq!(measure(&v, "party_org_coverage"), (250, 1, 4));
    assert_eq!(measure(&v, "party_work_coverage"), (750, 3, 4));
});

db_test!(the_list_its_filters_and_csv, |app| {
    app.officer().await;
    let mut ids = Vec::new();
    for n in 0..22u32 {
        let (t, district) = if n % 2 == 0 { ("social_group", "南山区") } else { ("social_service", "福田区") };
        ids.push(register(&mut app, &format!("阳光市党建测试{n:02}号协会"), t, 60 + n, district).await);
    }
    // 0: independent with 3 full; 1: joint with 4 full (should set one up); 2: none with an instructor; 3: none with a liaison.
    let saves = [
        record("independent", "3", &[]),
        record("joint", "4", &[("joint_with", "=HYPERLINK(\"http://x\")")]),
        record("none", "0", &[("none_reason", "无党员"), ("instructor_name", "周指导")]),
        record("none", "1", &[("none_reason", "正式党员不足3人"), ("liaison", "吴联络")]),
    ];
    for (id, fields) in ids.iter().zip(saves.iter()) {
        let res = save(&mut app, *id, 0, fields).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let list = |f: &[(&str, &str)]| {
        ["org_type", "district", "kind", "no_instructor", "page"]
            .iter()
            .map(|key| {
                let v =
                    f.iter().find(|(k, _)| k == key).map(|(_, v)| *v).unwrap_or(if *key == "page" { "0" } else { "" });
                (format!("filter[{key}]"), v.to_string())
            })
            .collect::<Vec<_>>()
    };
    async fn page(app: &mut TestApp, f: Vec<(String, String)>) -> app::party::types::ListPage {
        let res = app.call("/api/party/list", &pairs(&f)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        serde_json::from_str(&res.body).unwrap()
    }
    let all = page(&mut app, list(&[])).await;
    assert_eq!((all.total, all.rows.len()), (22, 20));
    let second = page(&mut app, list(&[("page", "1")])).await;
    assert_eq!(second.rows.len(), 2);
    let names = |p: &app::party::types::ListPage| p.rows.iter().map(|r| r.org_id).collect::<Vec<_>>();
    assert_eq!(names(&page(&mut app, list(&[("kind", "independent")])).await), vec![ids[0]]);
    assert_eq!(names(&page(&mut app, list(&[("kind", "none")])).await), vec![ids[2], ids[3]]);
    assert_eq!(page(&mut app, list(&[("kind", "unrecorded")])).await.total, 18);
    assert_eq!(names(&page(&mut app, list(&[("kind", "none"), ("no_instructor", "1")])).await), vec![ids[3]]);
    assert_eq!(page(&mut app, list(&[("no_instructor", "1")])).await.total, 21);
    assert_eq!(names(&page(&mut app, list(&[("org_type", "social_service"), ("kind", "joint")])).await), vec![ids[1]]);
    assert_eq!(page(&mut app, list(&[("district", "福田区")])).await.total, 11);
    assert_eq!(page(&mut app, list(&[("district", "福田区"), ("kind", "independent")])).await.total, 0);
    let joint = page(&mut app, list(&[("kind", "joint")])).await;
    assert!(joint.rows[0].should_establish && !all.rows[0].should_establish);

    // The page with JavaScript off: filters in the query string, the flag and the paging.
    let html = app.get("/officer/party?kind=joint").await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.body.contains("阳光市党建测试01号协会") && html.body.contains("应建未建"));
    assert!(!html.body.contains("阳光市党建测试00号协会"));
    let html = app.get("/officer/party?page=2").await;
    assert!(html.body.contains("阳光市党建测试21号协会") && !html.body.contains("阳光市党建测试00号协会"));

    // The CSV: every row the filters select (no paging), BOM, Chinese codes, formulas neutralised.
    let csv = app.get("/officer/party/export.csv?kind=none").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = csv.body.trim_start_matches('\u{feff}');
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert!(lines[0].starts_with("统一社会信用代码,名称,类型,区,党组织"));
    assert!(lines[1].contains("阳光市党建测试02号协会") && lines[1].contains("未建") && lines[1].contains("周指导"));
    assert!(lines[2].contains("吴联络") || lines[2].contains("正式党员不足3人"));
    let csv = app.get("/officer/party/export.csv").await;
    let text = csv.body.trim_start_matches('\u{feff}');
    assert_eq!(text.lines().count(), 23, "every page");
    let joint_line = text.lines().find(|l| l.contains("阳光市党建测试01号协会")).unwrap();
    assert!(
        joint_line.contains("'=HYPERLINK") && joint_line.contains("联合组建") && joint_line.contains(",是,"),
        "{joint_line}"
    );
    // Signed out: to the sign-in page.
    app.logout().await;
    let csv = app.get("/officer/party/export.csv").await;
    assert_eq!(csv.status, StatusCode::SEE_OTHER);
    assert_eq!(app.call("/api/party/list", &[("filter[page]", "0")]).await.status, StatusCode::UNAUTHORIZED);
});
