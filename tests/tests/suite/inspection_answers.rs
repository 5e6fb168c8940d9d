//! An inspection's checklist answered item by item (issue 21), on SQLite and
//! PostgreSQL, with the eight items of the 涉企收费 special check: the
//! inspector's form has a row an item (in both languages), every item must be
//! answered, a "not compliant" needs a note and forbids "no problem found",
//! an item the checklist does not have is refused, and nothing is written
//! when refused; a plain-form post keeps what was typed; a correction replaces
//! the answers (audited before and after); the officer's and the public pages,
//! the organization's rectification, the rectification notice, the open data
//! API and its CSV all show them; a result without answers shows as before.

use app::auth::types::Role;
use chrono::Duration;
use entity::inspection_target;
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sunshine_tests::fixtures::{checklist_answers, save_inspector};
use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const PW: &str = "Inspect#2026";

/// The eight items of the fee check, one a line, as the campaign stores them.
fn fee_items() -> String {
    app::domain::trade::FEE_CHECKLIST.iter().map(|(zh, _)| *zh).collect::<Vec<_>>().join("\n")
}

/// Two organizations with contact addresses, two inspectors (insa, insb), a
/// campaign of the fee check drawing both; returns (campaign, [(org, target)]).
async fn drawn(app: &mut TestApp) -> (i64, Vec<(i64, i64)>) {
    app.officer().await;
    let mut orgs = Vec::new();
    for (n, name) in ["阳光市建材行业协会", "阳光市物流商会"].into_iter().enumerate() {
        let form = org_form(name, "social_group", 500 + n as u32);
        orgs.push(app.register(&with_field(&form, "input[contact_email]", &format!("fee{n}@example.org"))).await.0);
    }
    for (user, name, cert) in [("insa", "张检查", "ZF-5001"), ("insb", "李检查", "ZF-5002")] {
        app.user(user, PW, Role::Inspector, None).await;
        let res = save_inspector(app, name, "市民政局", &format!("{user}@example.org"), cert, "").await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let today = app::kernel::clock::today();
    let (from, to) = ((today - Duration::days(7)).to_string(), (today + Duration::days(30)).to_string());
    let items = fee_items();
    let fields = [
        ("input[name]", "2026年行业协会商会涉企收费专项抽查"),
        ("input[year]", "2026"),
        ("input[kind]", "special"),
        ("input[strata_by]", "none"),
        ("input[size_mode]", "count"),
        ("input[size_value]", "2"),
        ("input[risk_percent]", "0"),
        ("input[per_target]", "2"),
        ("input[max_per_inspector]", "10"),
        ("input[period_from]", &from),
        ("input[period_to]", &to),
        ("input[items]", &items),
        ("input[beacon_source]", "2026-11-22 福彩3D开奖号码"),
    ];
    let res = app.call("/api/inspection/campaign/create", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let campaign: i64 = res.body.trim().parse().unwrap();
    let id = campaign.to_string();
    assert_eq!(app.call("/api/inspection/campaign/freeze", &[("id", &id)]).await.status, StatusCode::OK);
    let res = app.call("/api/inspection/campaign/draw", &[("id", &id), ("input[beacon_value]", "5 3 8")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let mut pairs_ = Vec::new();
    for org in orgs {
        let t = inspection_target::Entity::find()
            .filter(inspection_target::Column::ObjectId.eq(org))
            .one(&app.db)
            .await
            .unwrap()
            .expect("drawn")
            .id;
        pairs_.push((org, t));
    }
    app.logout().await;
    (campaign, pairs_)
}

/// The result form's fields: the answers, then the outcome, findings and day.
fn result(
    target: i64,
    version: i32,
    answers: &[(usize, &str, &str)],
    outcome: &str,
    findings: &str,
) -> Vec<(String, String)> {
    let mut form = checklist_answers(8, answers);
    for (k, v) in [
        ("id", target.to_string()),
        ("input[version]", version.to_string()),
        ("input[outcome]", outcome.to_string()),
        ("input[findings]", findings.to_string()),
        ("input[inspected_on]", app::kernel::clock::today().to_string()),
    ] {
        form.push((k.to_string(), v));
    }
    form
}

/// `form` without the fields whose names start with `prefix`.
fn without(form: &[(String, String)], prefix: &str) -> Vec<(String, String)> {
    form.iter().filter(|(k, _)| !k.starts_with(prefix)).cloned().collect()
}

/// (position, item, answer, note) of a target's stored answers.
async fn stored(app: &TestApp, target: i64) -> Vec<(i32, String, String, String)> {
    let rows = app
        .db
        .query_all_raw(app::db::stmt(
            app.db.get_database_backend(),
            "SELECT position, item, answer, note FROM inspection_item_answer WHERE target_id = ? ORDER BY position",
            vec![target.into()],
        ))
        .await
        .unwrap();
    rows.iter()
        .map(|r| {
            (
                r.try_get("", "position").unwrap(),
                r.try_get("", "item").unwrap(),
                r.try_get("", "answer").unwrap(),
                r.try_get("", "note").unwrap(),
            )
        })
        .collect()
}

/// The tag attributes of the element with `id` (from the id to the tag's end).
fn tag<'a>(body: &'a str, id: &str) -> &'a str {
    let at = body.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id}"));
    let rest = &body[at..];
    &rest[..rest.find('>').unwrap()]
}

/// Both inspectors confirm `targets`, then the officer (signed in at the end)
/// publishes the campaign.
async fn confirm_and_publish(app: &mut TestApp, campaign: i64, targets: &[i64]) {
    for user in ["insa", "insb"] {
        app.logout().await;
        app.login(user, PW).await;
        for t in targets {
            let res = app.call("/api/inspection/target/confirm", &[("id", &t.to_string())]).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
    }
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let res = app.call("/api/inspection/campaign/publish", &[("id", &campaign.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
}

db_test!(every_item_is_answered_and_a_not_compliant_one_needs_a_note_and_a_finding, |app| {
    let (_, drawn) = drawn(&mut app).await;
    let t = drawn[0].1;
    app.login("insa", PW).await;
    let page = format!("/inspector/targets/{t}");

    // The form has a row an item, three answers each, with the item's English name in English.
    let form = app.get(&page).await;
    assert_eq!(form.status, StatusCode::OK);
    for n in 0..8 {
        for a in ["yes", "no", "na"] {
            assert!(form.body.contains(&format!("id=\"f-answer_i{n}-{a}\"")), "item {n}, {a}");
        }
        assert!(form.body.contains(&format!("name=\"input[notes][i{n}]\"")), "item {n}'s note");
    }
    assert!(form.body.contains("是否只收费不服务") && form.body.contains("不适用"));
    assert!(!form.body.contains("input[items]"), "no tick boxes any more");
    app.cookies.insert("lang".into(), "en".into());
    let english = app.get(&page).await.body;
    assert!(english.contains("Charges without service") && english.contains("Not applicable"), "{english}");
    app.cookies.remove("lang");

    // Nothing answered: each item asks for its answer; nothing is written.
    let good = result(t, 0, &[(1, "no", "会员大会决议向会员强制收取赞助费"), (6, "na", "")], "rectify", "强制收费");
    let none = without(&good, "input[answers]");
    let res = app.call("/api/inspection/target/result", &pairs(&none)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for n in 0..8 {
        assert!(res.body.contains(&format!("\"answer_i{n}\"")), "{n}: {}", res.body);
    }
    assert!(res.body.contains("err_insp_answer_required"), "{}", res.body);
    // A "not compliant" without a note.
    let no_note = result(t, 0, &[(1, "no", "  "), (6, "na", "")], "rectify", "强制收费");
    let res = app.call("/api/inspection/target/result", &pairs(&no_note)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("note_i1") && res.body.contains("err_insp_answer_note"), "{}", res.body);
    // "No problem found" with an item not compliant.
    let clean = result(t, 0, &[(1, "no", "会员大会决议向会员强制收取赞助费")], "none", "");
    let res = app.call("/api/inspection/target/result", &pairs(&clean)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_insp_outcome_not_compliant"), "{}", res.body);
    // An item the checklist does not have, and an answer that is none of the three.
    let extra = with_field(&good, "input[answers][i8]", "yes");
    let res = app.call("/api/inspection/target/result", &pairs(&extra)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_insp_unknown_item"), "{}", res.body);
    let odd = with_field(&good, "input[answers][i2]", "maybe");
    let res = app.call("/api/inspection/target/result", &pairs(&odd)).await;
    assert!(res.body.contains("answer_i2") && res.body.contains("err_invalid_choice"), "{}", res.body);
    // A note too long.
    let long = with_field(&good, "input[notes][i0]", &"费".repeat(501));
    let res = app.call("/api/inspection/target/result", &pairs(&long)).await;
    assert!(res.body.contains("note_i0") && res.body.contains("err_too_long"), "{}", res.body);
    assert_eq!(app.count("inspection_item_answer").await, 0, "nothing written");
    let target = inspection_target::Entity::find_by_id(t).one(&app.db).await.unwrap().unwrap();
    assert_eq!((target.status.as_str(), target.version), ("pending", 0));

    // With JavaScript off the refusal comes back to the form with what was typed.
    let res = app.post_form("/api/inspection/target/result", &page, &pairs(&no_note)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let back = app.get(&page).await.body;
    assert!(back.contains("id=\"f-note_i1-error\""), "the note's error under it");
    assert!(back.contains("不合规的检查项目，请写明发现的情况。"), "the message");
    assert!(tag(&back, "f-answer_i1-no").contains("checked"), "{}", tag(&back, "f-answer_i1-no"));
    assert!(!tag(&back, "f-answer_i1-yes").contains("checked"));
    assert!(tag(&back, "f-answer_i6-na").contains("checked"));
    assert!(back.contains("href=\"#f-note_i1\""), "the summary links to the note");
    assert!(back.contains("2. 是否强制收费 · 说明"), "the summary names the item");

    // Recorded: eight rows as the checklist words them; n.a. is not an item checked.
    let res = app.call("/api/inspection/target/result", &pairs(&good)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rows = stored(&app, t).await;
    assert_eq!(rows.len(), 8);
    assert_eq!(
        rows[1],
        (2, "是否强制收费".to_string(), "no".to_string(), "会员大会决议向会员强制收取赞助费".to_string())
    );
    assert_eq!(rows[6].2, "na");
    assert!(rows.iter().enumerate().all(|(n, r)| r.0 == n as i32 + 1 && (n == 1 || n == 6 || r.2 == "yes")));
    let target = inspection_target::Entity::find_by_id(t).one(&app.db).await.unwrap().unwrap();
    assert_eq!(target.checked_items.lines().count(), 7);
    assert!(!target.checked_items.contains("是否利用行政委托事项违规收费"));
    let shown = app.get(&page).await.body;
    assert!(tag(&shown, "f-answer_i1-no").contains("checked"), "the saved answers fill the form");
    assert!(shown.contains("会员大会决议向会员强制收取赞助费"));

    // A correction replaces the answers; both versions are in the audit trail.
    let corrected = result(t, 1, &[(3, "no", "收取的咨询费无合法依据"), (6, "na", "")], "rectify", "收费无依据");
    let res = app.call("/api/inspection/target/result", &pairs(&corrected)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let rows = stored(&app, t).await;
    assert_eq!(rows.len(), 8, "replaced, not added");
    assert_eq!((rows[1].2.as_str(), rows[1].3.as_str()), ("yes", ""));
    assert_eq!((rows[3].2.as_str(), rows[3].3.as_str()), ("no", "收取的咨询费无合法依据"));
    let audit = app
        .db
        .query_one_raw(app::db::stmt(
            app.db.get_database_backend(),
            "SELECT before_json, after_json FROM audit_log WHERE action = 'inspection_result' ORDER BY seq DESC",
            vec![],
        ))
        .await
        .unwrap()
        .unwrap();
    let before: String = audit.try_get("", "before_json").unwrap();
    let after: String = audit.try_get("", "after_json").unwrap();
    assert!(before.contains("会员大会决议向会员强制收取赞助费") && !before.contains("咨询费"), "{before}");
    assert!(after.contains("收取的咨询费无合法依据") && !after.contains("赞助费"), "{after}");
});

db_test!(the_answers_are_shown_wherever_the_result_is, |app| {
    let (campaign, drawn) = drawn(&mut app).await;
    let ((jia, tj), (yi, ty)) = (drawn[0], drawn[1]);
    app.login("insa", PW).await;
    let rectify = result(tj, 0, &[(3, "no", "收取的咨询费无合法依据"), (6, "na", "")], "rectify", "收费无依据");
    let res = app.call("/api/inspection/target/result", &pairs(&rectify)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let clear = result(ty, 0, &[], "none", "");
    let res = app.call("/api/inspection/target/result", &pairs(&clear)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    // Not public before publication.
    let before = app.get(&format!("/public/inspections/{campaign}")).await.body;
    assert!(!before.contains("收取的咨询费无合法依据"));
    confirm_and_publish(&mut app, campaign, &[tj, ty]).await;

    // The officer's campaign page: counts, the item not compliant, every answer.
    let officer = app.get(&format!("/officer/inspections/{campaign}")).await.body;
    assert!(officer.contains("合规 6 项，不合规 1 项，不适用 1 项"), "{officer}");
    assert!(officer.contains("合规 8 项，不合规 0 项，不适用 0 项"));
    assert!(officer.contains("收取的咨询费无合法依据") && officer.contains("answers-all"));
    // The rectification notice lists the item not compliant.
    let mails = app.mails_to("fee0@example.org").await;
    let notice = mails.iter().find(|m| m.subject.contains("整改通知书")).expect("the rectification notice");
    assert!(
        notice.body_text.contains("不合规的检查项目：\n4. 收费是否有合法依据：不合规（收取的咨询费无合法依据）"),
        "{}",
        notice.body_text
    );
    let result_mail = app.mails_to("fee1@example.org").await;
    assert!(!result_mail.last().unwrap().body_text.contains("不合规的检查项目"), "nothing to list");

    // The public page: counts and the items not compliant, per organization.
    app.logout().await;
    let public = app.get(&format!("/public/inspections/{campaign}")).await.body;
    assert!(public.contains("合规 6 项，不合规 1 项，不适用 1 项") && public.contains("收取的咨询费无合法依据"));
    assert!(public.contains("合规 8 项，不合规 0 项，不适用 0 项"));
    assert!(!public.contains("answers-all"), "the counts and the failures, not every answer");

    // The open data: each item, its answer and note; the CSV in words.
    let json = app.get("/api/open/v1/inspection-results").await;
    assert_eq!(json.status, StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let rec = v["data"].as_array().unwrap().iter().find(|r| r["id"] == tj).expect("the result").clone();
    let answers = rec["item_answers"].as_array().unwrap();
    assert_eq!(answers.len(), 8);
    assert_eq!(answers[3]["item"], "收费是否有合法依据");
    assert_eq!(
        (answers[3]["answer"].as_str(), answers[3]["note"].as_str()),
        (Some("no"), Some("收取的咨询费无合法依据"))
    );
    assert_eq!(answers[6]["answer"], "na");
    let csv = app.get("/api/open/v1/inspection-results.csv").await;
    let mut reader = csv::Reader::from_reader(csv.bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap());
    let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let col = header.iter().position(|h| h == "检查项目结果").expect("the column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    let cell = rows.iter().find(|r| &r[2] == "阳光市建材行业协会").unwrap()[col].to_string();
    assert!(cell.starts_with("1. 是否强制入会：合规；"), "{cell}");
    assert!(cell.contains("4. 收费是否有合法依据：不合规（收取的咨询费无合法依据）"), "{cell}");
    assert!(cell.contains("7. 是否利用行政委托事项违规收费：不适用"), "{cell}");

    // The organization's rectification in its portal shows them too.
    app.user("orgjia", "Portal#2026", Role::OrgUser, Some(jia)).await;
    app.login("orgjia", "Portal#2026").await;
    let r = entity::inspection_rectification::Entity::find()
        .filter(entity::inspection_rectification::Column::OrgId.eq(jia))
        .one(&app.db)
        .await
        .unwrap()
        .expect("ordered");
    let portal = app.get(&format!("/portal/rectifications/{}", r.id)).await.body;
    assert!(portal.contains("id=\"answers\"") && portal.contains("收取的咨询费无合法依据"), "{portal}");
    assert!(portal.contains("合规 6 项，不合规 1 项，不适用 1 项"));

    // A result recorded before answers were kept shows as before (deleted in
    // a write transaction, so no copy of the public page outlives it).
    let txn = app::db::begin_write(&app.db).await.unwrap();
    app::db::exec(&txn, "DELETE FROM inspection_item_answer WHERE target_id = ?", vec![ty.into()]).await.unwrap();
    txn.commit().await.unwrap();
    app.logout().await;
    let public = app.get(&format!("/public/inspections/{campaign}")).await;
    assert_eq!(public.status, StatusCode::OK);
    assert!(!public.body.contains("合规 8 项"));
    let json = app.get("/api/open/v1/inspection-results").await;
    let v: serde_json::Value = serde_json::from_str(&json.body).unwrap();
    let old = v["data"].as_array().unwrap().iter().find(|r| r["id"] == ty).expect("the result").clone();
    assert_eq!(old["item_answers"], serde_json::json!([]));
    let csv = app.get("/api/open/v1/inspection-results.csv").await;
    let mut reader = csv::Reader::from_reader(csv.bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap());
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(&rows.iter().find(|r| &r[2] == "阳光市物流商会").unwrap()[col], "");
    let _ = yi;
});

db_test!(the_demo_results_answer_their_checklists_as_their_outcomes_say, |app| {
    let settings = app.state.settings.as_ref().clone();
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.unwrap();
    let recorded = inspection_target::Entity::find()
        .filter(inspection_target::Column::Status.ne("pending"))
        .order_by_asc(inspection_target::Column::Id)
        .all(&app.db)
        .await
        .unwrap();
    assert!(recorded.len() >= 6, "{}", recorded.len());
    let mut not_compliant = 0;
    for t in &recorded {
        let rows = stored(&app, t.id).await;
        let c = entity::inspection_campaign::Entity::find_by_id(t.campaign_id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(rows.len(), c.items.lines().count(), "target {}: every item answered", t.id);
        let noes: Vec<_> = rows.iter().filter(|r| r.2 == "no").collect();
        assert!(noes.iter().all(|r| !r.3.is_empty()), "a note on each not compliant");
        if t.outcome.as_deref() == Some("none") {
            assert!(noes.is_empty(), "target {}: no problem found with an item not compliant", t.id);
        } else {
            assert!(!noes.is_empty(), "target {}: {:?} without an item not compliant", t.id, t.outcome);
        }
        not_compliant += noes.len();
    }
    assert!(not_compliant >= 4);
    // The fee check stays a draft, its eight items the form's rows once drawn.
    let fee = entity::inspection_campaign::Entity::find()
        .filter(entity::inspection_campaign::Column::Items.eq(fee_items()))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the fee check");
    assert_eq!(fee.status, "draft");
});
