//! Administrative penalty cases on SQLite and PostgreSQL: a fine from
//! opening through evidence, notice, a hearing, the numbered decision, its
//! service, execution and closing, with its penalty record and credit
//! listing; a revocation by decision that revokes the registration while a
//! direct revocation is refused; refused input that changes nothing; the
//! overdue queue; officers only; the published decisions.
//!
//! Steps are dated in the past (the form's `day`), as an officer records a
//! case after the fact: the laws' periods run between those days.

use app::auth::types::Role;
use chrono::{Datelike, Duration, NaiveDate};
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::{db_test, org_form, pairs, with_field, Res, TestApp};

/// `n` days before the bureau's today.
pub(crate) fn ago(n: i64) -> NaiveDate {
    app::kernel::clock::today() - Duration::days(n)
}

pub(crate) fn day(n: i64) -> String {
    ago(n).to_string()
}

/// A tiny PNG (the upload is checked by its first bytes).
const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 1, 2, 3];

/// `sha256sum` of [`PNG`].
const PNG_SHA256: &str = "4d4c1af556c184561c5a6d322cfed3ab35a8a30bdc3c3d8a10428f921790ff9f";

/// Registers an organization (registered in 2020) as the signed-in officer.
pub(crate) async fn register(app: &mut TestApp, name: &str, n: u32) -> (i64, String) {
    let form = with_field(&org_form(name, "social_group", n), "input[registration_date]", "2020-05-01");
    app.register(&with_field(&form, "input[contact_email]", &format!("p{n}@example.org"))).await
}

/// Opens a case against the organization of `code` through the form (JS
/// off); its id.
pub(crate) async fn open_case(app: &mut TestApp, code: &str, violation: &str, registered: i64) -> i64 {
    let registered = day(registered);
    let res = app
        .post_form(
            "/api/penalty/open",
            "/officer/cases/new",
            &[
                ("input[party_kind]", "organization"),
                ("input[credit_code]", code),
                ("input[violation_code]", violation),
                ("input[facts]", "未取得公开募捐资格，在商场设点公开募集善款"),
                ("input[discovered_on]", &registered),
                ("input[day]", &registered),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let loc = res.location().unwrap();
    assert!(loc.starts_with("/officer/cases/"), "{loc}");
    loc.rsplit('/').next().unwrap().parse().unwrap()
}

/// One step of case `id` as the hydrated page sends it.
pub(crate) async fn step(app: &mut TestApp, id: i64, action: &str, on: i64, more: &[(&str, &str)]) -> Res {
    let id = id.to_string();
    let on = day(on);
    let mut fields = vec![("id", id.as_str()), ("input[action]", action), ("input[day]", on.as_str())];
    fields.extend_from_slice(more);
    app.call("/api/penalty/step", &fields).await
}

/// A step that must pass.
pub(crate) async fn ok(app: &mut TestApp, id: i64, action: &str, on: i64, more: &[(&str, &str)], state: &str) {
    let res = step(app, id, action, on, more).await;
    assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.body);
    assert_eq!(res.body, format!("\"{state}\""), "{action}");
}

/// A step that must be refused with `key`, changing nothing.
pub(crate) async fn refused(app: &mut TestApp, id: i64, action: &str, on: i64, more: &[(&str, &str)], key: &str) {
    let before = case(app, id).await;
    let steps = app.count("penalty_case_step").await;
    let res = step(app, id, action, on, more).await;
    assert!(res.status.is_client_error(), "{action}: {} {}", res.status, res.body);
    assert!(res.body.contains(key), "{action}: {key} in {}", res.body);
    assert_eq!(case(app, id).await, before, "{action} changed the case");
    assert_eq!(app.count("penalty_case_step").await, steps, "{action} recorded a step");
}

pub(crate) async fn case(app: &TestApp, id: i64) -> entity::penalty_case::Model {
    entity::penalty_case::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

pub(crate) async fn evidence(app: &mut TestApp, id: i64, on: i64) -> Res {
    app.upload_fields(&format!("/officer/cases/{id}/evidence"), &[("day", &day(on))], "现场照片.png", PNG).await
}

pub(crate) async fn open_entries(app: &TestApp, org: i64) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = entity::credit_entry::Entity::find()
        .filter(entity::credit_entry::Column::OrgId.eq(org))
        .filter(entity::credit_entry::Column::RemovedOn.is_null())
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.list, e.reason))
        .collect();
    v.sort();
    v
}

pub(crate) fn number(seq: i64) -> String {
    format!("阳民罚〔{}〕{seq}号", ago(215).year())
}

db_test!(a_fine_runs_from_opening_through_a_hearing_to_closing, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市南山区街头募捐协会", 1).await;
    let id = open_case(&mut app, &code, "cs113", 241).await;
    let c = case(&app, id).await;
    assert_eq!((c.state.as_str(), c.org_id, c.party_name.as_str()), ("draft", Some(org), "阳光市南山区街头募捐协会"));

    ok(&mut app, id, "approve_opening", 240, &[], "investigating").await;
    // No notice before evidence.
    let notice: [(&str, &str); 5] = [
        ("input[method]", "in_person"),
        ("input[sanctions][warning]", "on"),
        ("input[sanctions][fine]", "on"),
        ("input[sanctions][fine_amount]", "30000"),
        ("input[adjust]", "standard"),
    ];
    refused(&mut app, id, "serve_notice", 235, &notice, "pen_err_evidence_missing").await;
    let res = evidence(&mut app, id, 239).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let files = entity::penalty_case_evidence::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].sha256, PNG_SHA256);
    assert_eq!((files[0].content_type.as_str(), files[0].size), ("image/png", PNG.len() as i64));
    // The file downloads for officers, as a download.
    let file = app.get(&format!("/files/penalty/{}", files[0].id)).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.bytes, PNG);
    assert!(file.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));

    // A fine of ¥30,000 proposed: a large amount, so a hearing right.
    ok(&mut app, id, "serve_notice", 235, &notice, "notified").await;
    assert!(case(&app, id).await.proposed.contains("\"amount_fen\":3000000"));
    ok(&mut app, id, "request_hearing", 233, &[], "hearing_requested").await;
    refused(&mut app, id, "schedule_hearing", 232, &[("input[hearing_on]", &day(229))], "pen_err_hearing_notice_short")
        .await;
    ok(&mut app, id, "schedule_hearing", 232, &[("input[hearing_on]", &day(218))], "hearing_scheduled").await;
    ok(&mut app, id, "hold_hearing", 218, &[("input[note]", "当事人到场陈述，承认设点募捐")], "heard").await;

    // After a hearing the decision passes the legal review first; nothing is
    // numbered or recorded before it does.
    let decision: [(&str, &str); 4] = [
        ("input[sanctions][warning]", "on"),
        ("input[sanctions][fine]", "on"),
        ("input[sanctions][fine_amount]", "30000"),
        ("input[adjust]", "standard"),
    ];
    refused(&mut app, id, "decide_penalty", 215, &decision, "pen_err_legal_review_missing").await;
    assert_eq!(app.count("number_sequence").await, 0);
    assert_eq!(app.count("penalty").await, 0);
    // A fine above the notice is refused too.
    let more = [
        ("input[sanctions][fine]", "on"),
        ("input[sanctions][fine_amount]", "40000"),
        ("input[legal_review_done]", "on"),
    ];
    refused(&mut app, id, "decide_penalty", 215, &more, "pen_err_decision_exceeds_notice").await;
    let mut reviewed = decision.to_vec();
    reviewed.push(("input[legal_review_done]", "on"));
    ok(&mut app, id, "decide_penalty", 215, &reviewed, "decided").await;
    let c = case(&app, id).await;
    assert_eq!(c.decision_number.as_deref(), Some(number(1).as_str()));
    assert_eq!(c.decided_on, Some(ago(215)));
    // The decision's effects: the credit record's penalties and listing.
    let penalties =
        entity::penalty::Entity::find().filter(entity::penalty::Column::OrgId.eq(org)).all(&app.db).await.unwrap();
    let mut kinds: Vec<(String, i64)> = penalties.iter().map(|p| (p.kind.clone(), p.amount_fen)).collect();
    kinds.sort();
    assert_eq!(kinds, vec![("fine".to_string(), 3_000_000), ("warning".to_string(), 0)]);
    assert!(penalties.iter().all(|p| p.basis.contains(&number(1)) && p.decided_on == ago(215)));
    assert_eq!(
        open_entries(&app, org).await,
        vec![("abnormal".to_string(), "penalty_minor".to_string())],
        "one decision is one penalty event, not a repetition"
    );
    let record = app::credit::service::record(&app.db, org).await.unwrap();
    assert_eq!(record.penalties.len(), 2);
    assert!(record.score < 100, "the credit score fell: {}", record.score);

    ok(&mut app, id, "serve_decision", 214, &[("input[method]", "post")], "served").await;
    refused(&mut app, id, "execute", 200, &[], "pen_err_fine_unpaid").await;
    ok(&mut app, id, "execute", 200, &[("input[fine_paid]", "on")], "executed").await;
    // Six months after service the remedies have run out: closed today.
    let res = app.call("/api/penalty/step", &[("id", &id.to_string()), ("input[action]", "close")]).await;
    assert_eq!(res.body, "\"closed\"", "{}", res.body);
    refused(&mut app, id, "execute", 0, &[], "pen_err_case_closed").await;

    // The case page shows the timeline with the decision's number.
    let page = app.get(&format!("/officer/cases/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in ["id=\"timeline\"", "作出行政处罚决定", &number(1), "举行听证", "已结案", "SHA-256"] {
        assert!(page.body.contains(text), "{text}: {}", page.body);
    }
    let list = app.get("/officer/cases?state=closed").await;
    assert!(list.body.contains("阳光市南山区街头募捐协会") && list.body.contains(&number(1)), "{}", list.body);

    // Published, without the officers' notes.
    app.logout().await;
    let public = app.get("/public/penalties").await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(public.body.contains(&number(1)) && public.body.contains("阳光市南山区街头募捐协会"), "{}", public.body);
    assert!(public.body.contains("第一百一十三条") && !public.body.contains("当事人到场陈述"));
    let org_page = app.get(&format!("/public/orgs/{org}")).await;
    assert!(org_page.body.contains(&number(1)), "{}", org_page.body);
    assert_eq!(
        app::audit::service::verify(&app.db).await.unwrap(),
        app::audit::types::ChainCheck::Intact { records: app.count("audit_log").await }
    );
});

db_test!(a_revocation_by_decision_revokes_and_a_direct_revocation_is_refused, |app| {
    app.officer().await;
    let (a, code_a) = register(&mut app, "阳光市南山区长眠协会", 2).await;
    let (b, code_b) = register(&mut app, "阳光市南山区警告协会", 3).await;
    // No decided case: the registry's revocation is refused and changes nothing.
    let revoke = |org: i64| {
        vec![
            ("id".to_string(), org.to_string()),
            ("input[act]".to_string(), "revoke".to_string()),
            ("input[date]".to_string(), day(1)),
            ("input[reason]".to_string(), "连续三年未接受年度检查".to_string()),
        ]
    };
    let res = app.call("/api/registry/act", &pairs(&revoke(a))).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("err_revoke_needs_case"), "{}", res.body);
    let status = |o: entity::organization::Model| o.status;
    assert_eq!(status(entity::organization::Entity::find_by_id(a).one(&app.db).await.unwrap().unwrap()), "active");

    // A: 社团条例 §30(3), the serious tier: revocation.
    let ca = open_case(&mut app, &code_a, "st30_3", 231).await;
    ok(&mut app, ca, "approve_opening", 230, &[], "investigating").await;
    assert_eq!(evidence(&mut app, ca, 229).await.status, StatusCode::SEE_OTHER);
    let notice = [("input[method]", "in_person"), ("input[sanctions][revocation]", "on"), ("input[gravity]", "")];
    refused(&mut app, ca, "serve_notice", 225, &notice, "pen_err_tier_missing").await;
    let notice =
        [("input[method]", "in_person"), ("input[sanctions][revocation]", "on"), ("input[gravity]", "serious")];
    ok(&mut app, ca, "serve_notice", 225, &notice, "notified").await;
    let decision =
        [("input[sanctions][revocation]", "on"), ("input[gravity]", "serious"), ("input[legal_review_done]", "on")];
    refused(&mut app, ca, "decide_penalty", 224, &decision, "pen_err_statement_window_open").await;
    ok(&mut app, ca, "waive", 224, &[("input[note]", "当事人书面放弃陈述申辩和听证")], "notified").await;
    ok(&mut app, ca, "decide_penalty", 215, &decision, "decided").await;
    assert_eq!(case(&app, ca).await.decision_number.as_deref(), Some(number(1).as_str()));
    let org_a = entity::organization::Entity::find_by_id(a).one(&app.db).await.unwrap().unwrap();
    assert_eq!((org_a.status.as_str(), org_a.status_date), ("revoked", Some(ago(215))));
    assert!(org_a.status_reason.unwrap_or_default().contains(&number(1)));
    assert_eq!(open_entries(&app, a).await, vec![("serious".to_string(), "revoked".to_string())]);

    // B: a warning the same day, the year's second number; it revokes nothing.
    let cb = open_case(&mut app, &code_b, "cs113", 231).await;
    ok(&mut app, cb, "approve_opening", 230, &[], "investigating").await;
    assert_eq!(evidence(&mut app, cb, 229).await.status, StatusCode::SEE_OTHER);
    let warning = [("input[method]", "post"), ("input[sanctions][warning]", "on")];
    ok(&mut app, cb, "serve_notice", 225, &warning, "notified").await;
    refused(&mut app, cb, "request_hearing", 224, &[], "pen_err_no_hearing_right").await;
    ok(&mut app, cb, "decide_penalty", 215, &[("input[sanctions][warning]", "on")], "decided").await;
    assert_eq!(case(&app, cb).await.decision_number.as_deref(), Some(number(2).as_str()));
    let res = app.call("/api/registry/act", &pairs(&revoke(b))).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_revoke_needs_case"), "{}", res.body);
    assert_eq!(status(entity::organization::Entity::find_by_id(b).one(&app.db).await.unwrap().unwrap()), "active");
    // Without JavaScript the registry's form says why.
    let res = app.post_form("/api/registry/act", &format!("/officer/orgs/{b}"), &pairs(&revoke(b))).await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get(&format!("/officer/orgs/{b}")).await;
    assert!(page.body.contains("撤销登记属于行政处罚"), "{}", page.body);

    // Both decisions are public, newest number first on the same day.
    app.logout().await;
    let public = app.get("/public/penalties").await.body;
    let (one, two) = (public.find(&number(1)).unwrap(), public.find(&number(2)).unwrap());
    assert!(two < one, "newest first");
    assert!(public.contains("撤销登记") && public.contains("阳光市南山区长眠协会"));
});

db_test!(refused_input_changes_nothing_and_late_cases_are_queued, |app| {
    app.officer().await;
    let (_, code) = register(&mut app, "阳光市南山区迟到协会", 4).await;
    // An unknown violation: the field says so, no case is written.
    let res = app
        .call(
            "/api/penalty/open",
            &[("input[credit_code]", &code), ("input[violation_code]", "st99"), ("input[facts]", "事实")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("violation_code") && res.body.contains("pen_err_violation_unknown"), "{}", res.body);
    let res = app
        .call(
            "/api/penalty/open",
            &[
                ("input[credit_code]", "91440300MA5FXXXX0X"),
                ("input[violation_code]", "cs113"),
                ("input[facts]", "事实"),
            ],
        )
        .await;
    assert!(res.body.contains("pen_err_org_unknown"), "{}", res.body);
    assert_eq!(app.count("penalty_case").await, 0);

    // A step the state does not have, or dated before the last one.
    let id = open_case(&mut app, &code, "st30_3", 40).await;
    refused(&mut app, id, "decide_penalty", 30, &[("input[sanctions][warning]", "on")], "pen_err_step").await;
    refused(&mut app, id, "approve_opening", 41, &[], "pen_err_step_before_last").await;
    refused(&mut app, id, "approve_opening", -1, &[], "err_date_future").await;
    ok(&mut app, id, "approve_opening", 39, &[], "investigating").await;
    assert_eq!(evidence(&mut app, id, 38).await.status, StatusCode::SEE_OTHER);
    let notice =
        [("input[method]", "in_person"), ("input[sanctions][revocation]", "on"), ("input[gravity]", "serious")];
    ok(&mut app, id, "serve_notice", 30, &notice, "notified").await;
    // Ten days after the notice: too late for a hearing.
    refused(&mut app, id, "request_hearing", 20, &[], "pen_err_hearing_request_late").await;
    // Without JavaScript: back to the case page, which says why.
    let sid = id.to_string();
    let late = day(20);
    let res = app
        .post_form(
            "/api/penalty/step",
            &format!("/officer/cases/{id}"),
            &[("id", &sid), ("input[action]", "request_hearing"), ("input[day]", &late)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    assert_eq!(res.location().as_deref(), Some(format!("/officer/cases/{id}").as_str()));
    let page = app.get(&format!("/officer/cases/{id}")).await;
    assert!(page.body.contains("已超过告知书送达后5个工作日的听证申请期限"), "{}", page.body);
    assert_eq!(case(&app, id).await.state, "notified");

    // Opened 39 days ago: not late. Another opened 100 days ago is (90 days).
    let today = app::kernel::clock::today();
    let settings = app.state.settings.clone();
    assert_eq!(app::penalty::service::queue(&app.db, &settings, today).await.unwrap(), (1, 0));
    let (_, code2) = register(&mut app, "阳光市南山区超期协会", 5).await;
    let old = open_case(&mut app, &code2, "st30_3", 101).await;
    ok(&mut app, old, "approve_opening", 100, &[], "investigating").await;
    assert_eq!(app::penalty::service::queue(&app.db, &settings, today).await.unwrap(), (2, 1));
    let list = app.get("/officer/cases?overdue=1").await.body;
    assert!(list.contains("阳光市南山区超期协会") && !list.contains("阳光市南山区迟到协会"), "{list}");
    assert!(list.contains("作出决定逾期 10 日"), "{list}");
    let board = app::dashboard::service::dashboard(&app.db, &settings, today, today.year()).await.unwrap();
    let q = board.queues.iter().find(|q| q.key == "dash_q_cases").unwrap();
    assert_eq!((q.open, q.overdue), (2, 1));
});

db_test!(cases_are_for_officers_only, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市南山区旁观协会", 6).await;
    let id = open_case(&mut app, &code, "cs113", 10).await;
    ok(&mut app, id, "approve_opening", 9, &[], "investigating").await;
    assert_eq!(evidence(&mut app, id, 9).await.status, StatusCode::SEE_OTHER);
    let file = entity::penalty_case_evidence::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    for path in ["/officer/cases", "/officer/cases/new", &format!("/officer/cases/{id}")] {
        let res = app.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        let shown = res.body.split("</main>").next().unwrap_or_default();
        assert!(!shown.contains("err_") && !shown.contains("pen_"), "{path}: every name translated: {shown}");
    }
    app.user("pangguan", "Pangguan#2026", Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("pangguan", "Pangguan#2026").await;
    for path in ["/officer/cases", &format!("/officer/cases/{id}")] {
        let res = app.get(path).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
        assert!(!res.body.contains("阳光市南山区旁观协会") || path == "/officer/cases", "{path}");
    }
    assert_eq!(app.call("/api/penalty/cases", &[("filter[q]", "")]).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.call("/api/penalty/case", &[("id", &id.to_string())]).await.status, StatusCode::FORBIDDEN);
    let res = step(&mut app, id, "transfer", 0, &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/files/penalty/{file}")).await.status, StatusCode::FORBIDDEN);
    assert_eq!(evidence(&mut app, id, 0).await.status, StatusCode::FORBIDDEN);
    app.logout().await;
    let res = app.get(&format!("/files/penalty/{file}")).await;
    assert!(res.status.is_redirection() && res.location().unwrap().starts_with("/login"));
    assert_eq!(case(&app, id).await.state, "investigating");
    assert_eq!(app.count("penalty_case_evidence").await, 1);
});

db_test!(the_demo_holds_cases_in_every_state_and_publishes_decisions, |app| {
    let settings = app.state.settings.clone();
    server::seed::seed_demo(&app.db, &settings, 60, 2026).await.unwrap();
    let cases = entity::penalty_case::Entity::find().all(&app.db).await.unwrap();
    for state in app::domain::penalty_case::State::ALL {
        assert!(cases.iter().any(|c| c.state == state.as_str()), "no demo case {}", state.as_str());
    }
    for source in ["officer", "inspection", "zombie", "complaint", "illegal"] {
        assert!(cases.iter().any(|c| c.source == source), "no demo case from {source}");
    }
    // The decisions served by every method, one public notice still running.
    for method in ["in_person", "left_at_address", "post", "electronic", "public_notice"] {
        assert!(cases.iter().any(|c| c.decision_method.as_deref() == Some(method)), "no decision served by {method}");
    }
    // Numbered in the order of their days, one sequence a year, each with its document.
    let mut decided: Vec<&entity::penalty_case::Model> = cases.iter().filter(|c| c.decision_number.is_some()).collect();
    assert!(decided.len() >= 8, "{}", decided.len());
    decided.sort_by_key(|c| (c.decided_on, c.decision_seq));
    for pair in decided.windows(2) {
        if pair[0].decision_year == pair[1].decision_year {
            assert!(pair[0].decision_seq < pair[1].decision_seq, "numbers follow the decisions' days");
        }
    }
    for c in &decided {
        let no = c.decision_number.clone().unwrap();
        assert_eq!(no, format!("阳民罚〔{}〕{}号", c.decided_on.unwrap().year(), c.decision_seq.unwrap()));
        let sql = "SELECT COUNT(*) AS n FROM penalty_document WHERE case_id = ? AND kind = 'decision'";
        let docs = app::db::count(&app.db, sql, vec![c.id.into()]).await.unwrap();
        assert_eq!(docs, 1, "{no} has its decision document");
    }
    // The decisions' effects: penalty records, a revocation, an annulment undoing its penalties.
    let records =
        entity::penalty::Entity::find().filter(entity::penalty::Column::CaseId.is_not_null()).all(&app.db).await;
    assert!(records.unwrap().len() >= 7);
    let annulled = cases.iter().find(|c| c.state == "annulled").unwrap();
    let revoked =
        entity::organization::Entity::find_by_id(annulled.org_id.unwrap()).one(&app.db).await.unwrap().unwrap();
    assert_eq!(revoked.status, "revoked", "an annulment leaves the registration revoked");
    // Published: the list, and an organization's page.
    let public = app.get("/public/penalties").await;
    assert_eq!(public.status, StatusCode::OK);
    let shown = decided.iter().filter(|c| public.body.contains(c.decision_number.as_deref().unwrap())).count();
    assert!(shown >= 8, "{shown} decisions listed: {}", public.body);
    let executed = cases.iter().find(|c| c.state == "executed" && c.decision_number.is_some()).unwrap();
    let page = app.get(&format!("/public/orgs/{}", executed.org_id.unwrap())).await;
    assert!(page.body.contains(executed.decision_number.as_deref().unwrap()), "{}", page.body);
    // The audit chain holds, and seeding again adds nothing.
    assert_eq!(
        app::audit::service::verify(&app.db).await.unwrap(),
        app::audit::types::ChainCheck::Intact { records: app.count("audit_log").await }
    );
    let n = app.count("penalty_case").await;
    server::seed::seed_demo(&app.db, &settings, 60, 2026).await.unwrap();
    assert_eq!(app.count("penalty_case").await, n);
});
