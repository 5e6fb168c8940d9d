//! Inspections that follow through, on SQLite and PostgreSQL: the draw
//! e-mails each drawn organization with a contact address its inspection
//! notice; publication e-mails each its result, or for "rectify" the
//! rectification notice with its deadline, and orders the rectification; the
//! organization reports it in its portal (another organization can neither
//! see nor report it), an officer accepts it or returns it, and one past its
//! deadline is listed as overdue with the way to a penalty case.

use app::auth::types::Role;
use chrono::{Datelike, Duration};
use entity::{inspection_rectification as rectification, inspection_target};
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use sunshine_tests::fixtures::save_inspector;
use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const CAMPAIGN: &str = "2026年度社会组织随机抽查（跟踪整改）";

/// What the set-up made: the organizations (id, contact e-mail; the third has
/// none) and the campaign.
pub(crate) struct Drawn {
    pub orgs: Vec<(i64, &'static str)>,
    pub campaign: i64,
}

/// Registers three organizations (the third without a contact e-mail, as
/// records from before the address was required are), two inspectors with
/// accounts, and draws all three in one campaign.
pub(crate) async fn drawn(app: &mut TestApp) -> Drawn {
    app.officer().await;
    let mut orgs = Vec::new();
    for (n, (name, email)) in [
        ("阳光市南山区整改甲协会", "jia@example.org"),
        ("阳光市南山区整改乙协会", "yi@example.org"),
        ("阳光市南山区整改丙协会", "bing@example.org"),
    ]
    .into_iter()
    .enumerate()
    {
        let form = with_field(&org_form(name, "social_group", 300 + n as u32), "input[contact_email]", email);
        orgs.push((app.register(&form).await.0, email));
    }
    app::db::exec(&app.db, "UPDATE organization SET contact_email = '' WHERE id = ?", vec![orgs[2].0.into()])
        .await
        .unwrap();
    orgs[2].1 = "";
    for (user, name, cert) in [("insa", "张检查", "ZF-3001"), ("insb", "李检查", "ZF-3002")] {
        app.user(user, "Inspect#2026", Role::Inspector, None).await;
        let res = save_inspector(app, name, "市民政局", &format!("{user}@example.org"), cert, "").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let today = app::kernel::clock::today();
    let (from, to) = ((today - Duration::days(7)).to_string(), (today + Duration::days(30)).to_string());
    let fields = [
        ("input[name]", CAMPAIGN),
        ("input[year]", "2026"),
        ("input[kind]", "special"),
        ("input[strata_by]", "none"),
        ("input[size_mode]", "count"),
        ("input[size_value]", "3"),
        ("input[risk_percent]", "0"),
        ("input[per_target]", "2"),
        ("input[max_per_inspector]", "10"),
        ("input[period_from]", &from),
        ("input[period_to]", &to),
        ("input[items]", "年度报告\n内部治理\n财务管理"),
        ("input[beacon_source]", "2026-11-22 福彩3D开奖号码"),
    ];
    let res = app.call("/api/inspection/campaign/create", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let campaign = entity::inspection_campaign::Entity::find().one(&app.db).await.unwrap().unwrap().id.to_string();
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &campaign)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/inspection/campaign/draw", &[("id", &campaign), ("input[beacon_value]", "5 3 8")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    Drawn { orgs, campaign: campaign.parse().unwrap() }
}

async fn target_of(app: &TestApp, org: i64) -> inspection_target::Model {
    inspection_target::Entity::find()
        .filter(inspection_target::Column::ObjectId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the organization was drawn")
}

/// Both inspectors record and confirm `outcomes` (one per organization, in
/// order), then the officer publishes; the officer is signed in at the end.
pub(crate) async fn publish(app: &mut TestApp, d: &Drawn, outcomes: [(&str, &str); 3]) {
    let today = app::kernel::clock::today().to_string();
    app.logout().await;
    app.login("insa", "Inspect#2026").await;
    for ((org, _), (outcome, findings)) in d.orgs.iter().zip(outcomes) {
        let t = target_of(app, *org).await.id.to_string();
        let mut form = sunshine_tests::fixtures::checklist_answers(3, &[(1, "na", "")]);
        for (k, v) in [
            ("id", t.as_str()),
            ("input[version]", "0"),
            ("input[outcome]", outcome),
            ("input[findings]", findings),
            ("input[inspected_on]", &today),
        ] {
            form.push((k.to_string(), v.to_string()));
        }
        let res = app.call("/api/inspection/target/result", &pairs(&form)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let res = app.call("/api/inspection/target/confirm", &[("id", &t)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    app.logout().await;
    app.login("insb", "Inspect#2026").await;
    for (org, _) in &d.orgs {
        let t = target_of(app, *org).await.id.to_string();
        let res = app.call("/api/inspection/target/confirm", &[("id", &t)]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let res = app.call("/api/inspection/campaign/publish", &[("id", &d.campaign.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

pub(crate) const RECTIFY: (&str, &str) = ("rectify", "财务制度不健全，未按期召开会员代表大会");

/// A count of `sql` (`SELECT COUNT(*) AS n …`) with one text value.
async fn count_where(app: &TestApp, sql: &str, value: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(app::db::stmt(app.db.get_database_backend(), sql, vec![value.into()]))
        .await
        .unwrap()
        .unwrap();
    row.try_get("", "n").unwrap()
}

/// The fields of the organization's report.
fn report(id: i64, text: &str, version: &str) -> Vec<(String, String)> {
    vec![
        ("id".into(), id.to_string()),
        ("input[report]".into(), text.into()),
        ("input[version]".into(), version.into()),
    ]
}

pub(crate) async fn rectification_of(app: &TestApp, org: i64) -> rectification::Model {
    rectification::Entity::find()
        .filter(rectification::Column::OrgId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a rectification")
}

/// The (open, overdue) of the dashboard's rectification queue.
async fn queue(app: &TestApp) -> (u64, u64) {
    let today = app::kernel::clock::today();
    let board =
        app::dashboard::service::dashboard(&app.db, app.state.settings.as_ref(), today, today.year()).await.unwrap();
    let q = board.queues.iter().find(|q| q.key == "dash_q_rectifications").expect("the queue");
    (q.open, q.overdue)
}

db_test!(drawn_organizations_are_notified_and_published_results_order_rectifications, |app| {
    let d = drawn(&mut app).await;
    let today = app::kernel::clock::today();
    // One inspection notice per drawn organization with an address, none otherwise.
    for (_, email) in &d.orgs[..2] {
        let mails = app.mails_to(email).await;
        assert_eq!(mails.len(), 1, "{email}");
        let m = &mails[0];
        assert_eq!(m.subject, format!("【阳光市民政局】检查通知书：{CAMPAIGN}"));
        for part in [
            "1. 年度报告\n2. 内部治理\n3. 财务管理".to_string(),
            format!("{} 至 {}", today - Duration::days(7), today + Duration::days(30)),
            "请准备".to_string(),
            format!("/public/inspections/{}", d.campaign),
        ] {
            assert!(m.body_text.contains(&part), "{part} in {}", m.body_text);
        }
    }
    let notices = count_where(&app, "SELECT COUNT(*) AS n FROM mail_outbox WHERE subject LIKE ?", "%检查通知书%").await;
    assert_eq!(notices, 2, "none for the organization without an address");
    let audit = app.count("audit_log").await;

    // Publication: 甲 and 丙 ordered to rectify, 乙 clear.
    publish(&mut app, &d, [RECTIFY, ("none", ""), ("rectify", "未按规定公开年度工作报告")]).await;
    let due = today + Duration::days(30);
    let jia = app.mails_to(d.orgs[0].1).await;
    assert_eq!(jia.len(), 2, "the notice, then the rectification notice");
    assert_eq!(jia[1].subject, format!("【阳光市民政局】整改通知书：{CAMPAIGN}"));
    for part in [RECTIFY.1.to_string(), due.to_string(), "30 日内".into(), "/portal/rectifications".into()] {
        assert!(jia[1].body_text.contains(&part), "{part} in {}", jia[1].body_text);
    }
    let yi = app.mails_to(d.orgs[1].1).await;
    assert_eq!(yi.len(), 2);
    assert_eq!(yi[1].subject, format!("【阳光市民政局】检查结果：{CAMPAIGN}"));
    assert!(yi[1].body_text.contains("检查结果：未发现问题"), "{}", yi[1].body_text);
    assert_eq!(app.count("inspection_rectification").await, 2, "one each for 甲 and 丙, none for 乙");
    for (org, findings) in [(d.orgs[0].0, RECTIFY.1), (d.orgs[2].0, "未按规定公开年度工作报告")] {
        let r = rectification_of(&app, org).await;
        assert_eq!((r.findings.as_str(), r.status.as_str()), (findings, "ordered"));
        assert_eq!((r.ordered_on, r.due_on, r.version), (today, due, 0));
        assert_eq!(r.target_id, target_of(&app, org).await.id);
    }
    // The audit trail: the publication and each rectification ordered.
    let orders = count_where(&app, "SELECT COUNT(*) AS n FROM audit_log WHERE action = ?", "rectification_order").await;
    assert_eq!(orders, 2);
    assert!(app.count("audit_log").await > audit);
    assert_eq!(queue(&app).await, (2, 0), "two open, none overdue");
    // The officers' list and its filters.
    let list = app.get("/officer/rectifications").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("阳光市南山区整改甲协会") && list.body.contains("阳光市南山区整改丙协会"));
    assert!(!list.body.contains("阳光市南山区整改乙协会"));
    let none = app.get("/officer/rectifications?status=accepted").await.body;
    assert!(!none.contains("阳光市南山区整改甲协会"), "{none}");
    assert!(app.get("/officer/dashboard").await.body.contains("/officer/rectifications?overdue=1"));
});

db_test!(the_organization_reports_and_the_officer_accepts_or_returns, |app| {
    let d = drawn(&mut app).await;
    publish(&mut app, &d, [RECTIFY, ("none", ""), ("rectify", "未按规定公开年度工作报告")]).await;
    let (jia, bing) = (rectification_of(&app, d.orgs[0].0).await, rectification_of(&app, d.orgs[2].0).await);
    app.user("orgjia", "Portal#2026", Role::OrgUser, Some(d.orgs[0].0)).await;
    app.user("orgyi", "Portal#2026", Role::OrgUser, Some(d.orgs[1].0)).await;
    app.logout().await;

    // The organization sees its own, with the deadline and the report form.
    app.login("orgjia", "Portal#2026").await;
    let list = app.get("/portal/rectifications").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&format!("/portal/rectifications/{}", jia.id)), "{}", list.body);
    assert!(!list.body.contains(&format!("/portal/rectifications/{}", bing.id)), "not another's");
    let page = app.get(&format!("/portal/rectifications/{}", jia.id)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains(RECTIFY.1) && page.body.contains(&jia.due_on.to_string()));
    assert!(page.body.contains("id=\"report-form\""));
    // Another organization's is not found, to see or to report.
    assert_eq!(app.get(&format!("/portal/rectifications/{}", bing.id)).await.status, StatusCode::NOT_FOUND);
    let other = app.call("/api/inspection/portal/rectification", &[("id", &bing.id.to_string())]).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let res = app.call("/api/inspection/portal/rectification/report", &pairs(&report(bing.id, "已整改", "0"))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(rectification_of(&app, d.orgs[2].0).await, bing, "another's stays as it was");

    // Bad input changes nothing: an empty report (with JavaScript off, back to
    // the form with its error), a stale version, a report too long.
    let path = format!("/portal/rectifications/{}", jia.id);
    let res =
        app.post_form("/api/inspection/portal/rectification/report", &path, &pairs(&report(jia.id, "  ", "0"))).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(path.as_str()));
    let back = app.get(&path).await.body;
    assert!(back.contains("class=\"error-summary\"") && back.contains("id=\"f-report-error\""), "{back}");
    let res = app.call("/api/inspection/portal/rectification/report", &pairs(&report(jia.id, "已整改", "7"))).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_insp_rect_stale"), "{}", res.body);
    let long = "整".repeat(app::domain::inspection::RECTIFICATION_TEXT_MAX + 1);
    let res = app
        .call(
            "/api/inspection/portal/rectification/report",
            &[("id", &jia.id.to_string()), ("input[report]", &long), ("input[version]", "0")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_too_long"), "{}", res.body);
    assert_eq!(rectification_of(&app, d.orgs[0].0).await, jia, "nothing changed");

    // The report, with JavaScript off: to the record with a notice.
    let done = "已修订财务管理制度并经理事会通过；2026年12月召开会员代表大会完成换届。";
    let res = app
        .post_form(
            "/api/inspection/portal/rectification/report",
            &path,
            &[("id", &jia.id.to_string()), ("input[report]", done), ("input[version]", "0")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let reported = rectification_of(&app, d.orgs[0].0).await;
    assert_eq!((reported.status.as_str(), reported.report.as_deref(), reported.version), ("reported", Some(done), 1));
    assert!(reported.reported_at.is_some() && reported.reported_by.is_some());
    let res = app
        .call(
            "/api/inspection/portal/rectification/report",
            &[("id", &jia.id.to_string()), ("input[report]", done), ("input[version]", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "once reported it awaits review");
    assert!(res.body.contains("err_insp_rect_awaiting_review"));
    // An organization user of another organization, and an officer's page.
    app.logout().await;
    app.login("orgyi", "Portal#2026").await;
    assert!(!app.get("/portal/rectifications").await.body.contains(done));
    assert_eq!(app.get(&path).await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.get(&format!("/officer/rectifications/{}", jia.id)).await.status, StatusCode::FORBIDDEN);

    // The officer returns it (a note is required), the organization reports again.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let reported_list = app.get("/officer/rectifications?status=reported").await.body;
    assert!(reported_list.contains("阳光市南山区整改甲协会") && !reported_list.contains("阳光市南山区整改丙协会"));
    let record = app.get(&format!("/officer/rectifications/{}", jia.id)).await.body;
    assert!(record.contains(done) && record.contains("id=\"review-form\""), "{record}");
    assert!(!record.contains("id=\"open-case\""), "not overdue");
    let review = |decision: &'static str, note: &'static str, version: &'static str| {
        vec![
            ("id".to_string(), jia.id.to_string()),
            ("input[decision]".to_string(), decision.to_string()),
            ("input[note]".to_string(), note.to_string()),
            ("input[version]".to_string(), version.to_string()),
        ]
    };
    let res = app.call("/api/inspection/rectification/review", &pairs(&review("return", " ", "1"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_insp_rect_note"), "{}", res.body);
    let res = app.call("/api/inspection/rectification/review", &pairs(&review("close", "", "1"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    let res = app.call("/api/inspection/rectification/review", &pairs(&review("accept", "", "0"))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "stale");
    assert_eq!(rectification_of(&app, d.orgs[0].0).await, reported, "nothing changed");
    let note = "请补充理事会决议和换届选举结果的备案材料。";
    let res = app
        .post_form(
            "/api/inspection/rectification/review",
            &format!("/officer/rectifications/{}", jia.id),
            &pairs(&review("return", note, "1")),
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let returned = rectification_of(&app, d.orgs[0].0).await;
    assert_eq!(
        (returned.status.as_str(), returned.review_note.as_deref(), returned.version),
        ("returned", Some(note), 2)
    );
    app.logout().await;
    app.login("orgjia", "Portal#2026").await;
    let page = app.get(&path).await.body;
    assert!(page.contains("id=\"returned-note\"") && page.contains(note) && page.contains("id=\"report-form\""));
    let res = app
        .call(
            "/api/inspection/portal/rectification/report",
            &[("id", &jia.id.to_string()), ("input[report]", "已补充备案材料。"), ("input[version]", "2")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let res = app.call("/api/inspection/rectification/review", &pairs(&review("accept", "", "3"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let accepted = rectification_of(&app, d.orgs[0].0).await;
    assert_eq!((accepted.status.as_str(), accepted.review_note, accepted.version), ("accepted", None, 4));
    let res = app.call("/api/inspection/rectification/review", &pairs(&review("return", note, "4"))).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_insp_rect_closed"), "{}", res.body);
    let trail = app
        .db
        .query_all_raw(app::db::stmt(
            app.db.get_database_backend(),
            "SELECT action FROM audit_log WHERE entity = 'inspection_rectification' AND entity_id = ? ORDER BY seq",
            vec![jia.id.to_string().into()],
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<String>("", "action").unwrap())
        .collect::<Vec<_>>();
    assert_eq!(
        trail,
        [
            "rectification_order",
            "rectification_report",
            "rectification_return",
            "rectification_report",
            "rectification_accept"
        ]
    );
    // Accepted: the organization can report no more, and it is not overdue even past its deadline.
    app.logout().await;
    app.login("orgjia", "Portal#2026").await;
    assert!(!app.get(&path).await.body.contains("id=\"report-form\""));
});

db_test!(a_rectification_past_its_deadline_is_overdue_until_accepted, |app| {
    let d = drawn(&mut app).await;
    publish(&mut app, &d, [RECTIFY, ("none", ""), ("rectify", "未按规定公开年度工作报告")]).await;
    let (jia, bing) = (rectification_of(&app, d.orgs[0].0).await, rectification_of(&app, d.orgs[2].0).await);
    let today = app::kernel::clock::today();
    app::db::exec(
        &app.db,
        "UPDATE inspection_rectification SET due_on = ? WHERE id = ?",
        vec![(today - Duration::days(1)).into(), bing.id.into()],
    )
    .await
    .unwrap();
    assert_eq!(queue(&app).await, (2, 1));
    let overdue = app.get("/officer/rectifications?overdue=1").await.body;
    assert!(overdue.contains("阳光市南山区整改丙协会") && !overdue.contains("阳光市南山区整改甲协会"), "{overdue}");
    let record = app.get(&format!("/officer/rectifications/{}", bing.id)).await.body;
    assert!(record.contains("id=\"open-case\""), "{record}");
    assert!(
        record.contains(&format!("/officer/cases/new?source=inspection&amp;source_id={}", bing.target_id)),
        "a penalty case from the inspection result: {record}"
    );
    // The link opens the case form with the inspected organization filled in
    // (the lookup once asked for object_kind 'organization', stored as 'org').
    let form = app.get(&format!("/officer/cases/new?source=inspection&source_id={}", bing.target_id)).await;
    assert_eq!(form.status, StatusCode::OK);
    let filled = form.body.split("id=\"case-source\"").nth(1).unwrap_or_default();
    assert!(filled.contains("阳光市南山区整改丙协会"), "the organization is filled in: {}", form.body);
    let source = app::penalty::service::source(&app.db, "inspection", bing.target_id).await.unwrap();
    assert_eq!((source.org_id, source.org_name.as_str()), (Some(d.orgs[2].0), "阳光市南山区整改丙协会"));
    let not_yet = app.get(&format!("/officer/rectifications/{}", jia.id)).await.body;
    assert!(!not_yet.contains("id=\"open-case\""));
    // Reported late, still overdue until accepted.
    app.user("orgbing", "Portal#2026", Role::OrgUser, Some(d.orgs[2].0)).await;
    app.logout().await;
    app.login("orgbing", "Portal#2026").await;
    let res = app
        .call(
            "/api/inspection/portal/rectification/report",
            &[
                ("id", &bing.id.to_string()),
                ("input[report]", "已在网站公开2025年度工作报告。"),
                ("input[version]", "0"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(queue(&app).await, (2, 1));
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let res = app
        .call(
            "/api/inspection/rectification/review",
            &[("id", &bing.id.to_string()), ("input[decision]", "accept"), ("input[version]", "1")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(queue(&app).await, (1, 0));
    assert!(!app.get("/officer/rectifications?overdue=1").await.body.contains("阳光市南山区整改丙协会"));
});
