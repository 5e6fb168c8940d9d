//! What a penalty decision changes beyond its case, and what its annulment
//! (撤销) undoes, on SQLite and PostgreSQL: the grade in force lowered by one
//! (评估办法 §30) in the decision's transaction, with its history, mail and
//! audit record, and given back by the annulment; the credit record's
//! penalties made void and their list entries removed; the annulment on the
//! public pages; a revoked registration left to the registry. And the public
//! list of decisions: its search, its bounded pages and its CSV.
//!
//! Grades are written as rows here: granting one through the rating workflow
//! (round, application, panel, scoring, notice) is `rating.rs`'s subject.

use chrono::{Datelike, Duration, Utc};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::{db_test, TestApp};

use crate::penalty_cases::{ago, case, evidence, number, ok, open_case, open_entries, register};

/// A grade in force (announced last year, valid four more years).
async fn grade(app: &TestApp, org: i64, g: &str) -> i64 {
    let today = app::kernel::clock::today();
    let now = Utc::now();
    app::db::exec(
        &app.db,
        "INSERT INTO rating_grade (org_id, grade, granted_grade, score, announced_on, valid_from, valid_to, status, \
         certificate_no, created_at, updated_at) VALUES (?, ?, ?, 850, ?, ?, ?, 'active', ?, ?, ?)",
        vec![
            org.into(),
            g.into(),
            g.into(),
            (today - Duration::days(400)).into(),
            (today - Duration::days(300)).into(),
            (today + Duration::days(1400)).into(),
            format!("PG-{org}").into(),
            now.into(),
            now.into(),
        ],
    )
    .await
    .unwrap();
    entity::rating_grade::Entity::find()
        .filter(entity::rating_grade::Column::OrgId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .id
}

async fn grade_row(app: &TestApp, id: i64) -> entity::rating_grade::Model {
    entity::rating_grade::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

/// A case against `code` under `violation` taken through `notice` (served
/// on day 225, the party's written waiver the next day) to `decision` on day
/// 215; returns the case.
async fn decided(
    app: &mut TestApp,
    code: &str,
    violation: &str,
    notice: &[(&str, &str)],
    decision: &[(&str, &str)],
) -> i64 {
    let id = open_case(app, code, violation, 231).await;
    ok(app, id, "approve_opening", 230, &[], "investigating").await;
    assert_eq!(evidence(app, id, 229).await.status, StatusCode::SEE_OTHER);
    ok(app, id, "serve_notice", 225, notice, "notified").await;
    ok(app, id, "waive", 224, &[("input[note]", "当事人书面放弃陈述申辩")], "notified").await;
    ok(app, id, "decide_penalty", 215, decision, "decided").await;
    id
}

const WARNING_NOTICE: [(&str, &str); 2] = [("input[method]", "post"), ("input[sanctions][warning]", "on")];
const WARNING: [(&str, &str); 1] = [("input[sanctions][warning]", "on")];

db_test!(a_decision_lowers_the_grade_and_its_annulment_undoes_its_effects, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市南山区评估降级协会", 11).await;
    let g = grade(&app, org, "3A").await;
    let today = app::kernel::clock::today();
    app::credit::service::rescore(&app.db, &app.state.settings, &[org], today).await.unwrap();
    let score_before = app::credit::service::record(&app.db, org).await.unwrap().score;

    let id = decided(&mut app, &code, "cs113", &WARNING_NOTICE, &WARNING).await;
    // Lowered one grade in the decision's transaction, the change naming the case.
    assert_eq!(grade_row(&app, g).await.grade, "2A");
    let changes = entity::rating_change::Entity::find()
        .filter(entity::rating_change::Column::GradeId.eq(g))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(changes.len(), 1);
    let c = &changes[0];
    assert_eq!(
        (c.kind.as_str(), c.event.as_str(), c.from_grade.as_str(), c.to_grade.as_deref(), c.case_id),
        ("downgrade", "penalty", "3A", Some("2A"), Some(id))
    );
    assert_eq!(c.event_date, ago(215));
    assert!(c.reason.contains(&number(1)), "{}", c.reason);
    let told = app.mails_to("p11@example.org").await;
    assert!(told.iter().any(|m| m.body_text.contains("2A") && m.body_text.contains(&number(1))), "told");
    let audit = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("rating_downgrade"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(open_entries(&app, org).await, vec![("abnormal".to_string(), "penalty_minor".to_string())]);
    assert!(app::credit::service::record(&app.db, org).await.unwrap().score < score_before);

    // Annulled: every effect undone, and said so.
    ok(&mut app, id, "annul", 200, &[("input[note]", "行政复议决定撤销原处罚决定")], "annulled").await;
    assert_eq!(case(&app, id).await.annulled_on, Some(ago(200)));
    let penalties =
        entity::penalty::Entity::find().filter(entity::penalty::Column::OrgId.eq(org)).all(&app.db).await.unwrap();
    assert_eq!(penalties.len(), 1, "kept, to show the annulment");
    assert_eq!((penalties[0].case_id, penalties[0].annulled_on), (Some(id), Some(ago(200))));
    assert_eq!(open_entries(&app, org).await, vec![], "the listing the penalty caused is removed");
    let entry = entity::credit_entry::Entity::find()
        .filter(entity::credit_entry::Column::OrgId.eq(org))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!((entry.removed_on, entry.removal_reason.as_deref()), (Some(ago(200)), Some("annulled")));
    let record = app::credit::service::record(&app.db, org).await.unwrap();
    assert_eq!(record.score, score_before, "the void penalty no longer counts");
    assert_eq!(record.penalties[0].annulled_on, Some(ago(200).to_string()));
    let g_now = grade_row(&app, g).await;
    assert_eq!((g_now.grade.as_str(), g_now.status.as_str()), ("3A", "active"), "the grade is given back");
    let restore = entity::rating_change::Entity::find()
        .filter(entity::rating_change::Column::Kind.eq("restore"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (restore.event.as_str(), restore.from_grade.as_str(), restore.to_grade.as_deref(), restore.case_id),
        ("annulment", "2A", Some("3A"), Some(id))
    );
    let page = app.get(&format!("/officer/cases/{id}")).await.body;
    assert!(page.contains("决定的处罚记录已作废") && !page.contains("id=\"case-annul-registry\""), "{page}");

    // Public: the decision stays listed with its annulment, on the list and the organization's page.
    app.logout().await;
    let public = app.get("/public/penalties").await.body;
    assert!(public.contains(&number(1)) && public.contains(&format!("{} 该决定已撤销", ago(200))), "{public}");
    let org_page = app.get(&format!("/public/orgs/{org}")).await.body;
    assert!(org_page.contains(&number(1)) && org_page.contains("该决定已撤销"), "{org_page}");
    assert_eq!(
        app::audit::service::verify(&app.db).await.unwrap(),
        app::audit::types::ChainCheck::Intact { records: app.count("audit_log").await }
    );
});

db_test!(a_bureau_may_spare_the_grade_for_minor_penalties_and_a_1a_is_lost_then_back, |app| {
    // Minor penalties spared: a warning changes no grade.
    let settings = app::state::Settings { rating_downgrade_minor: false, ..sunshine_tests::test_settings() };
    let mut spared = TestApp::with_settings(app.backend, settings).await;
    spared.officer().await;
    let (org, code) = register(&mut spared, "阳光市南山区轻微处罚协会", 12).await;
    let g = grade(&spared, org, "4A").await;
    decided(&mut spared, &code, "cs113", &WARNING_NOTICE, &WARNING).await;
    assert_eq!(grade_row(&spared, g).await.grade, "4A");
    assert_eq!(spared.count("rating_change").await, 0);

    // By default a 1A is lost by the decision, and the annulment gives it back.
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市南山区一星协会", 13).await;
    let g = grade(&app, org, "1A").await;
    let id = decided(&mut app, &code, "cs113", &WARNING_NOTICE, &WARNING).await;
    assert_eq!(grade_row(&app, g).await.status, "cancelled");
    ok(&mut app, id, "annul", 200, &[], "annulled").await;
    let back = grade_row(&app, g).await;
    assert_eq!((back.grade.as_str(), back.status.as_str()), ("1A", "active"));
});

db_test!(annulling_a_revocation_leaves_the_registration_to_the_registry, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市南山区撤后复议协会", 14).await;
    let notice =
        [("input[method]", "in_person"), ("input[sanctions][revocation]", "on"), ("input[gravity]", "serious")];
    let id = open_case(&mut app, &code, "st30_3", 231).await;
    ok(&mut app, id, "approve_opening", 230, &[], "investigating").await;
    assert_eq!(evidence(&mut app, id, 229).await.status, StatusCode::SEE_OTHER);
    ok(&mut app, id, "serve_notice", 225, &notice, "notified").await;
    ok(&mut app, id, "waive", 224, &[], "notified").await;
    let decision =
        [("input[sanctions][revocation]", "on"), ("input[gravity]", "serious"), ("input[legal_review_done]", "on")];
    ok(&mut app, id, "decide_penalty", 215, &decision, "decided").await;
    ok(&mut app, id, "annul", 200, &[], "annulled").await;
    // The register changes by a registry act only: still revoked, still on the serious list.
    let o = entity::organization::Entity::find_by_id(org).one(&app.db).await.unwrap().unwrap();
    assert_eq!(o.status, "revoked");
    assert_eq!(open_entries(&app, org).await, vec![("serious".to_string(), "revoked".to_string())]);
    let page = app.get(&format!("/officer/cases/{id}")).await.body;
    assert!(page.contains("id=\"case-annul-registry\"") && page.contains("不会自动恢复登记"), "{page}");
    // And the registry's revocation act no longer counts the annulled decision.
    assert!(!app::penalty::service::revocation_decided(&app.db, org).await.unwrap());
});

/// Organization `code` revoked by a decided case (decided 215 days ago); the case.
async fn revoked_by_decision(app: &mut TestApp, code: &str) -> i64 {
    let notice =
        [("input[method]", "in_person"), ("input[sanctions][revocation]", "on"), ("input[gravity]", "serious")];
    let id = open_case(app, code, "st30_3", 231).await;
    ok(app, id, "approve_opening", 230, &[], "investigating").await;
    assert_eq!(evidence(app, id, 229).await.status, StatusCode::SEE_OTHER);
    ok(app, id, "serve_notice", 225, &notice, "notified").await;
    ok(app, id, "waive", 224, &[], "notified").await;
    let decision =
        [("input[sanctions][revocation]", "on"), ("input[gravity]", "serious"), ("input[legal_review_done]", "on")];
    ok(app, id, "decide_penalty", 215, &decision, "decided").await;
    id
}

fn reinstate(org: i64, on: i64) -> Vec<(String, String)> {
    vec![
        ("id".into(), org.to_string()),
        ("input[act]".into(), "reinstate".into()),
        ("input[date]".into(), ago(on).to_string()),
        ("input[reason]".into(), "行政复议决定撤销原处罚决定，依法恢复登记".into()),
    ]
}

db_test!(a_revocation_whose_decision_is_annulled_is_reinstated_by_the_registry, |app| {
    app.officer().await;
    let (a, code_a) = register(&mut app, "阳光市南山区恢复甲协会", 17).await;
    let (b, code_b) = register(&mut app, "阳光市南山区恢复乙协会", 18).await;
    let case_a = revoked_by_decision(&mut app, &code_a).await;
    let case_b = revoked_by_decision(&mut app, &code_b).await;
    let status = |app: &TestApp, org: i64| {
        let db = app.db.clone();
        async move { entity::organization::Entity::find_by_id(org).one(&db).await.unwrap().unwrap().status }
    };

    // The decision stands: refused, nothing offered, nothing changed.
    let events = app.count("org_event").await;
    let audit = app.count("audit_log").await;
    let res = app.call("/api/registry/act", &sunshine_tests::pairs(&reinstate(a, 1))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("err_reinstate_case_stands"), "{}", res.body);
    let page = app.get(&format!("/officer/orgs/{a}")).await.body;
    assert!(!page.contains("id=\"act-reinstate\""), "{page}");
    assert_eq!((app.count("org_event").await, app.count("audit_log").await), (events, audit));

    // Annulled: the case page links to the registry, whose page offers the act with its basis.
    ok(&mut app, case_a, "annul", 200, &[], "annulled").await;
    ok(&mut app, case_b, "annul", 200, &[], "annulled").await;
    let page = app.get(&format!("/officer/cases/{case_a}")).await.body;
    assert!(page.contains(&format!("href=\"/officer/orgs/{a}#act-reinstate\"")), "{page}");
    let page = app.get(&format!("/officer/orgs/{a}")).await.body;
    assert!(page.contains("id=\"act-reinstate\"") && page.contains(&number(1)), "{page}");
    assert!(page.contains(&format!("href=\"/officer/cases/{case_a}\"")), "{page}");
    // Not before the annulment, and not without a reason.
    let res = app.call("/api/registry/act", &sunshine_tests::pairs(&reinstate(a, 201))).await;
    assert!(res.body.contains("err_reinstate_before_annulment"), "{}", res.body);
    let mut blank = reinstate(a, 1);
    blank[3].1 = String::new();
    let res = app.call("/api/registry/act", &sunshine_tests::pairs(&blank)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert_eq!(status(&app, a).await, "revoked");

    // Without JavaScript: the form posts, the page comes back with the organization active.
    let referer = format!("/officer/orgs/{a}");
    let res = app.post_form("/api/registry/act", &referer, &sunshine_tests::pairs(&reinstate(a, 1))).await;
    assert!(res.status.is_redirection(), "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(referer.as_str()));
    assert_eq!(status(&app, a).await, "active");
    // With it: the other one.
    let res = app.call("/api/registry/act", &sunshine_tests::pairs(&reinstate(b, 0))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(status(&app, b).await, "active");

    // The revocation's serious-list entry closed as reinstated; the history and the audit say so.
    for org in [a, b] {
        assert_eq!(open_entries(&app, org).await, vec![], "org {org}");
        let closed = entity::credit_entry::Entity::find()
            .filter(entity::credit_entry::Column::OrgId.eq(org))
            .filter(entity::credit_entry::Column::Reason.eq("revoked"))
            .one(&app.db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(closed.removal_reason.as_deref(), Some("reinstated"));
    }
    let o = entity::organization::Entity::find_by_id(a).one(&app.db).await.unwrap().unwrap();
    assert_eq!((o.status_date, o.status_reason), (None, None), "back on the register, no exit");
    let event = entity::org_event::Entity::find()
        .filter(entity::org_event::Column::OrgId.eq(a))
        .filter(entity::org_event::Column::Kind.eq("reinstate"))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the history's event");
    assert_eq!((event.event_date, event.note.as_str()), (ago(1), "行政复议决定撤销原处罚决定，依法恢复登记"));
    let page = app.get(&format!("/officer/orgs/{a}")).await.body;
    assert!(
        page.contains("恢复登记") && page.contains("行政复议决定撤销原处罚决定") && page.contains("id=\"act-revoke\"")
    );
    assert!(!page.contains("id=\"act-reinstate\""), "done once: {page}");
    let logged = entity::audit_log::Entity::find()
        .filter(entity::audit_log::Column::Action.eq("reinstate"))
        .filter(entity::audit_log::Column::EntityId.eq(a.to_string()))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(logged.len(), 1);
    let page = app.get(&format!("/officer/cases/{case_a}")).await.body;
    assert!(page.contains("id=\"case-reinstated\"") && !page.contains("id=\"case-annul-registry\""), "{page}");
    // Again: refused, it is not revoked any more.
    let res = app.call("/api/registry/act", &sunshine_tests::pairs(&reinstate(a, 0))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);

    // Public: active again, the annulled decision shown as annulled.
    app.logout().await;
    let public = app.get(&format!("/public/orgs/{a}")).await.body;
    assert!(public.contains("<dd><span class=\"badge badge-active\">正常"), "{public}");
    assert!(public.contains("未列入活动异常名录或严重违法失信名单"), "{public}");
    let credit = app::credit::service::public_credit(&app.db, a).await.unwrap();
    assert!(credit.entries.iter().all(|e| e.removed_on.is_some()), "{credit:?}");
    assert_eq!(
        app::audit::service::verify(&app.db).await.unwrap(),
        app::audit::types::ChainCheck::Intact { records: app.count("audit_log").await }
    );
});

db_test!(a_revocation_no_case_decided_is_not_reinstated, |app| {
    app.officer().await;
    let (org, _) = register(&mut app, "阳光市南山区旧案撤销协会", 19).await;
    // Revoked before the cases existed (as imported).
    app::db::exec(&app.db, "UPDATE organization SET status = 'revoked' WHERE id = ?", vec![org.into()]).await.unwrap();
    let res = app.call("/api/registry/act", &sunshine_tests::pairs(&reinstate(org, 0))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("err_reinstate_not_by_case"), "{}", res.body);
    assert!(!app.get(&format!("/officer/orgs/{org}")).await.body.contains("id=\"act-reinstate\""));
    let o = entity::organization::Entity::find_by_id(org).one(&app.db).await.unwrap().unwrap();
    assert_eq!(o.status, "revoked");
});

db_test!(the_public_decisions_are_searched_paged_and_exported, |app| {
    app.officer().await;
    let (_, code_a) = register(&mut app, "阳光市南山区检索甲协会", 15).await;
    let (_, code_b) = register(&mut app, "阳光市南山区检索乙研究会", 16).await;
    let fine_notice = [
        ("input[method]", "in_person"),
        ("input[sanctions][warning]", "on"),
        ("input[sanctions][fine]", "on"),
        ("input[sanctions][fine_amount]", "30000"),
        ("input[adjust]", "standard"),
    ];
    let fine = [
        ("input[sanctions][warning]", "on"),
        ("input[sanctions][fine]", "on"),
        ("input[sanctions][fine_amount]", "30000"),
        ("input[adjust]", "standard"),
        ("input[legal_review_done]", "on"),
    ];
    decided(&mut app, &code_a, "cs113", &fine_notice, &fine).await;
    let b = decided(&mut app, &code_b, "cs113", &WARNING_NOTICE, &WARNING).await;
    ok(&mut app, b, "annul", 200, &[], "annulled").await;
    app.logout().await;
    let year = ago(215).year().to_string();
    let shows = |body: &str| (body.contains("检索甲协会"), body.contains("检索乙研究会"));
    for (query, expect) in [
        ("q=甲".to_string(), (true, false)),
        ("q=研究".to_string(), (false, true)),
        (format!("q={code_b}"), (false, true)),
        (format!("q={}", urlencode(&number(1))), (true, false)),
        (format!("year={year}"), (true, true)),
        (format!("year={}", ago(215).year() - 1), (false, false)),
        ("kind=fine".to_string(), (true, false)),
        ("kind=warning".to_string(), (true, true)),
        ("kind=revocation".to_string(), (false, false)),
        ("kind=nonsense&year=x".to_string(), (true, true)),
    ] {
        let res = app.get(&format!("/public/penalties?{query}")).await;
        assert_eq!(res.status, StatusCode::OK, "{query}");
        let table = res.body.split("id=\"decisions-table\"").nth(1).unwrap_or_default().to_string();
        assert_eq!(shows(&table), expect, "{query}: {table}");
    }
    // A page far past the end is bounded and empty, not an error.
    let res = app.get("/public/penalties?page=999999999999").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(!res.body.contains("检索甲协会"));
    // The CSV of what the search selects: both decisions, the annulment, no facts.
    let csv = app.get("/public/penalties/export.csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    assert!(text.starts_with("\u{feff}决定书文号,当事人,统一社会信用代码"), "{text}");
    assert!(text.contains(&number(1)) && text.contains(&number(2)) && text.contains(&code_a), "{text}");
    assert!(text.contains("罚款 ¥30,000.00") && text.contains(&ago(200).to_string()), "{text}");
    assert!(!text.contains("未取得公开募捐资格"), "no facts: {text}");
    let csv = app.get("/public/penalties/export.csv?kind=fine").await;
    let text = String::from_utf8(csv.bytes.clone()).unwrap();
    assert!(text.contains(&number(1)) && !text.contains(&number(2)), "{text}");
    assert_eq!(text.lines().count(), 2);
});

/// Percent-encodes a query value (the decision number's brackets and CJK).
fn urlencode(s: &str) -> String {
    s.bytes().map(|b| if b.is_ascii_alphanumeric() { (b as char).to_string() } else { format!("%{b:02X}") }).collect()
}

db_test!(the_dashboard_and_the_years_statistics_count_cases_decisions_and_complaints, |app| {
    app.officer().await;
    let (_, code_a) = register(&mut app, "阳光市南山区统计甲协会", 17).await;
    let (_, code_b) = register(&mut app, "阳光市南山区统计乙协会", 18).await;
    decided(&mut app, &code_a, "cs113", &WARNING_NOTICE, &WARNING).await;
    open_case(&mut app, &code_b, "cs113", 10).await;
    let res = app
        .call(
            "/api/complaints/record",
            &[
                ("input[subject_kind]", "org"),
                ("input[subject]", &code_b),
                ("input[what]", "电话反映该会在小区内募捐。"),
                ("input[place]", "阳光市南山区"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let today = app::kernel::clock::today();
    let row = |rows: &[app::dashboard::types::StatRow], key: &str, detail: &str| {
        rows.iter().find(|r| r.key == key && r.detail == detail).map(|r| r.value.clone())
    };
    let board = app::dashboard::service::dashboard(&app.db, &app.state.settings, today, today.year()).await.unwrap();
    let e = &board.enforcement;
    assert_eq!(row(e, "ys_cases_by_state", "pen_state_decided").as_deref(), Some("1"), "{e:?}");
    assert_eq!(row(e, "ys_cases_by_state", "pen_state_draft").as_deref(), Some("1"), "{e:?}");
    let decided_year = ago(215).year();
    if decided_year == today.year() {
        assert_eq!(row(e, "ys_decisions_by_kind", "pen_penalty_warning").as_deref(), Some("1"), "{e:?}");
    }
    assert_eq!(row(e, "ys_complaints_by_outcome", "cpl_status_received").as_deref(), Some("1"), "{e:?}");
    let page = app.get("/officer/dashboard").await;
    assert!(
        page.body.contains("id=\"enforcement-table\"") && page.body.contains("行政处罚与投诉举报"),
        "{}",
        page.body
    );
    // The year's statistics: the decisions of the decision's year, by kind.
    let stats = app::dashboard::service::year_stats(&app.db, &app.state.settings, decided_year).await.unwrap();
    let sec = stats.sections.iter().find(|s| s.key == "ys_sec_enforcement").expect("the section");
    assert_eq!(row(&sec.rows, "ys_decisions_by_kind", "pen_penalty_warning").as_deref(), Some("1"), "{:?}", sec.rows);
});
