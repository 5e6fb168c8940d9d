//! Illegal social organizations (非法社会组织) end to end on SQLite and
//! PostgreSQL: an officer records a lead (with JavaScript off: a redirect to
//! the entry), investigates it, exposes it on the public warning list and
//! ends it; bad input is refused with its messages and changes nothing; a ban
//! needs a decided penalty case opened from the entry (party named, no
//! registered organization); a complaint about an unregistered body opens an
//! entry, linked both ways; only officers reach the register; the warning
//! list and its CSV show no personal data and neutralise formulas; the
//! dashboard counts the open entries and the year's outcomes.

use app::auth::types::Role;
use chrono::Datelike;
use http::StatusCode;
use sea_orm::EntityTrait;

use sunshine_tests::{db_test, org_form, pairs, TestApp};

const NAME: &str = "阳光市国学文化传承研究总院";
const PERSON: &str = "钱某某";
const ACCOUNT: &str = "6222 0000 1111 9876";

fn today() -> chrono::NaiveDate {
    app::kernel::clock::today()
}

/// The officers' form, complete.
fn lead() -> Vec<(String, String)> {
    [
        ("input[name]", NAME),
        ("input[activities]", "以“研究总院”名义开办收费国学班，颁发“国学讲师证书”。"),
        ("input[places]", "阳光市福田区华强北路商务楼12层\n阳光市南山区桃源街道"),
        ("input[websites]", "www.guoxue-zongyuan.example"),
        ("input[accounts]", ACCOUNT),
        ("input[people]", &format!("{PERSON}，自称院长")),
        ("input[source]", "media"),
        ("input[source_ref]", "阳光晚报"),
        ("input[found_on]", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn set(form: &[(String, String)], key: &str, value: &str) -> Vec<(String, String)> {
    form.iter().map(|(k, v)| (k.clone(), if k == key { value.to_string() } else { v.clone() })).collect()
}

/// Records `form` through the officers' form with JavaScript off; the id.
async fn record(app: &mut TestApp, form: &[(String, String)]) -> i64 {
    let res = app.post_form("/api/illegal/create", "/officer/illegal/new", &pairs(form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let loc = res.location().unwrap();
    assert!(loc.starts_with("/officer/illegal/"), "{loc}");
    loc.rsplit('/').next().unwrap().parse().unwrap()
}

async fn entry(app: &TestApp, id: i64) -> entity::illegal_org::Model {
    entity::illegal_org::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap()
}

async fn outcome(app: &mut TestApp, id: i64, fields: &[(&str, &str)]) -> sunshine_tests::Res {
    let id = id.to_string();
    let mut all = vec![("id", id.as_str())];
    all.extend_from_slice(fields);
    app.call("/api/illegal/outcome", &all).await
}

db_test!(a_lead_is_investigated_exposed_and_dispersed, |app| {
    app.officer().await;
    let id = record(&mut app, &lead()).await;
    let page = app.get(&format!("/officer/illegal/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in [NAME, PERSON, ACCOUNT, "阳光晚报", "线索已登记", "待核查"] {
        assert!(page.body.contains(text), "{text}");
    }
    let e = entry(&app, id).await;
    assert_eq!(
        (e.state.as_str(), e.source.as_str(), e.found_on, e.published_on),
        ("suspected", "media", today(), None)
    );

    // The list finds it by a two- and a one-character part of its name, and by a place.
    for q in ["国学", "院", "华强北"] {
        let list = app.get(&format!("/officer/illegal?q={}", urlencoding(q))).await;
        assert!(list.body.contains(NAME), "{q}");
    }
    assert!(!app.get("/officer/illegal?q=%E6%85%88%E5%96%84").await.body.contains(NAME), "慈善 is not in it");
    assert!(app.get("/officer/illegal?state=open").await.body.contains(NAME));
    assert!(!app.get("/officer/illegal?state=banned").await.body.contains(NAME));

    // A note by the named officer starts the investigation.
    let res = app
        .call("/api/illegal/note", &[("id", &id.to_string()), ("input[note]", "实地走访，现场有二十余名学员。")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(entry(&app, id).await.state, "investigating");
    let page = app.get(&format!("/officer/illegal/{id}")).await;
    assert!(page.body.contains("实地走访，现场有二十余名学员。") && page.body.contains("officer1"));

    // Not on the warning list until exposed.
    app.logout().await;
    assert!(!app.get("/public/warnings").await.body.contains(NAME));
    app.login("officer1", "Officer#Pass1").await;
    let res = app.call("/api/illegal/publish", &[("id", &id.to_string()), ("input[day]", "")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(entry(&app, id).await.published_on, Some(today()));
    let res = app.call("/api/illegal/publish", &[("id", &id.to_string()), ("input[day]", "")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "once: {}", res.body);

    // Dispersed: still exposed; a second outcome is refused.
    let res =
        outcome(&mut app, id, &[("input[outcome]", "dispersed"), ("input[note]", "约谈后已解散，退还学费。")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let e = entry(&app, id).await;
    assert_eq!((e.state.as_str(), e.outcome_on), ("dispersed", Some(today())));
    let res = outcome(&mut app, id, &[("input[outcome]", "unfounded")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("ill_err_closed") || res.body.contains("已办结"), "{}", res.body);
    assert_eq!(entry(&app, id).await.state, "dispersed");

    // The dashboard: nothing open, one dispersed this year.
    let v = app::dashboard::service::dashboard(&app.db, &app.state.settings, today(), today().year()).await.unwrap();
    assert_eq!(v.queues.iter().find(|q| q.key == "dash_q_illegal").unwrap().open, 0);
    assert!(v.illegal_handled.contains(&("dispersed".to_string(), 1)), "{:?}", v.illegal_handled);

    // The public list: the public columns, no people, no accounts.
    app.logout().await;
    let public = app.get("/public/warnings?q=%E5%9B%BD%E5%AD%A6").await;
    assert_eq!(public.status, StatusCode::OK);
    for text in [NAME, "华强北路", "www.guoxue-zongyuan.example", "已劝散"] {
        assert!(public.body.contains(text), "{text}");
    }
    for private in [PERSON, ACCOUNT, "阳光晚报", "约谈后已解散"] {
        assert!(!public.body.contains(private), "{private} is not public");
    }
    let res = app.call("/api/illegal/warnings", &[("filter[q]", "")]).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.body.contains(NAME) && !res.body.contains(PERSON) && !res.body.contains(ACCOUNT), "{}", res.body);
    // The audit trail has each step.
    for action in ["illegal_open", "illegal_note", "illegal_publish", "illegal_outcome"] {
        let n = app
            .count(&format!("audit_log WHERE action = '{action}' AND entity = 'illegal_org' AND entity_id = '{id}'"))
            .await;
        assert_eq!(n, 1, "{action}");
    }
});

fn urlencoding(s: &str) -> String {
    s.bytes().map(|b| format!("%{b:02X}")).collect()
}

db_test!(bad_input_is_refused_and_changes_nothing, |app| {
    app.officer().await;
    // Every problem at once (JavaScript on: the field list).
    let bad = [
        ("input[name]", ""),
        ("input[activities]", ""),
        ("input[source]", "rumour"),
        ("input[found_on]", "2999-01-01"),
    ]
    .iter()
    .fold(lead(), |f, (k, v)| set(&f, k, v));
    let res = app.call("/api/illegal/create", &pairs(&bad)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    for field in ["name", "activities", "source", "found_on"] {
        assert!(res.body.contains(&format!("\"{field}\"")), "{field}: {}", res.body);
    }
    // A referral names the department.
    let referral = set(&set(&lead(), "input[source]", "referral"), "input[source_ref]", "");
    let res = app.call("/api/illegal/create", &pairs(&referral)).await;
    assert!(res.body.contains("source_ref"), "{}", res.body);
    // JavaScript off: back to the form with the messages and what was typed.
    let res = app.post_form("/api/illegal/create", "/officer/illegal/new", &pairs(&bad)).await;
    assert_eq!(res.location().as_deref(), Some("/officer/illegal/new"));
    let page = app.get("/officer/illegal/new").await.body.replace("<!>", "");
    assert!(page.contains("error-summary") && page.contains("此项为必填项"), "{page}");
    assert!(page.contains(PERSON), "the people typed come back");
    assert_eq!(app.count("illegal_org").await, 0);
    assert_eq!(app.count("illegal_org_note").await, 0);

    // An entry: outcomes without their particulars change nothing.
    let id = record(&mut app, &lead()).await;
    let res = outcome(&mut app, id, &[("input[outcome]", "referred")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("referred_to"), "{}", res.body);
    let res =
        outcome(&mut app, id, &[("input[outcome]", "registered"), ("input[credit_code]", "51440300MJL000000X")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("credit_code"), "{}", res.body);
    let res = outcome(&mut app, id, &[("input[outcome]", "investigating")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "not an outcome: {}", res.body);
    let res = app.call("/api/illegal/note", &[("id", &id.to_string()), ("input[note]", "  ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app.call("/api/illegal/note", &[("id", "999999"), ("input[note]", "走访")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let e = entry(&app, id).await;
    assert_eq!((e.state.as_str(), e.outcome_on, e.version), ("suspected", None, 1));
    assert_eq!(app.count("illegal_org_note").await, 1, "the 'opened' entry only");

    // "Registered after all" with a real organization's code; then it is never exposed.
    let form = org_form("阳光市南山区国学研究会", "social_group", 1);
    let (org, code) = app.register(&form).await;
    let res = outcome(&mut app, id, &[("input[outcome]", "registered"), ("input[credit_code]", &code)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(entry(&app, id).await.org_id, Some(org));
    let res = app.call("/api/illegal/publish", &[("id", &id.to_string()), ("input[day]", "")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(entry(&app, id).await.published_on, None);
});

db_test!(a_ban_needs_a_decided_penalty_case, |app| {
    app.officer().await;
    let id = record(&mut app, &set(&lead(), "input[activities]", "=HYPERLINK(\"http://x\")以研究院名义收费")).await;
    let res = outcome(&mut app, id, &[("input[outcome]", "banned")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("ill_err_ban_needs_case"), "{}", res.body);

    // The case form names the entry; the case's party is the entry, by name, not registered.
    let form = app.get(&format!("/officer/cases/new?source=illegal&source_id={id}")).await;
    assert!(form.body.contains(NAME), "{}", form.body);
    let res = app
        .call(
            "/api/penalty/open",
            &[
                ("input[source]", "illegal"),
                ("input[source_id]", &id.to_string()),
                ("input[violation_code]", "st35"),
                ("input[facts]", "未经登记，擅自以社会团体名义进行活动。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let case: i64 = res.body.trim().parse().unwrap();
    let c = entity::penalty_case::Entity::find_by_id(case).one(&app.db).await.unwrap().unwrap();
    assert_eq!((c.party_name.as_str(), c.org_id, c.source.as_str(), c.source_id), (NAME, None, "illegal", Some(id)));
    let page = app.get(&format!("/officer/cases/{case}")).await;
    assert!(page.body.contains(&format!("/officer/illegal/{id}")), "the case links back");
    let page = app.get(&format!("/officer/illegal/{id}")).await;
    assert!(page.body.contains(&format!("/officer/cases/{case}")), "the entry lists the case");

    // Opened, not decided: still refused.
    let res = outcome(&mut app, id, &[("input[outcome]", "banned")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);

    // Decided: a ban.
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    let ban = [("input[sanctions][ban]", "on")];
    let notice = [ban.as_slice(), &[("input[method]", "in_person")]].concat();
    let decision = [ban.as_slice(), &[("input[legal_review_done]", "on")]].concat();
    let steps: [(&str, &[(&str, &str)]); 4] =
        [("approve_opening", &[]), ("serve_notice", &notice), ("waive", &[]), ("decide_penalty", &decision)];
    for (i, (action, more)) in steps.into_iter().enumerate() {
        if i == 1 {
            let res = app.upload_fields(&format!("/officer/cases/{case}/evidence"), &[], "现场.png", &png).await;
            assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
        }
        let case_id = case.to_string();
        let mut fields = vec![("id", case_id.as_str()), ("input[action]", action)];
        fields.extend_from_slice(more);
        let res = app.call("/api/penalty/step", &fields).await;
        assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.body);
    }
    let res = outcome(&mut app, id, &[("input[outcome]", "banned")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let e = entry(&app, id).await;
    assert_eq!((e.state.as_str(), e.case_id, e.outcome_on), ("banned", Some(case), Some(today())));

    // Banned: on the warning list without being exposed by hand, and in its CSV.
    app.logout().await;
    let public = app.get("/public/warnings").await;
    assert!(public.body.contains(NAME) && public.body.contains("已依法取缔"));
    let csv = app.get("/public/warnings/export.csv?q=%E5%9B%BD%E5%AD%A6").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.headers.get(http::header::CONTENT_TYPE).unwrap(), "text/csv; charset=utf-8");
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM for Excel");
    assert!(csv.body.contains("名称,活动内容,活动地点,网站及公众账号,处理结果,日期"), "{}", csv.body);
    assert!(csv.body.contains(NAME) && csv.body.contains("已依法取缔") && csv.body.contains(&today().to_string()));
    assert!(csv.body.contains("'=HYPERLINK"), "a formula is neutralised: {}", csv.body);
    for private in [PERSON, ACCOUNT, "阳光晚报"] {
        assert!(!csv.body.contains(private), "{private}");
    }
    let none = app.get("/public/warnings/export.csv?q=%E6%85%88%E5%96%84").await;
    assert!(!none.body.contains(NAME), "the search applies");
});

db_test!(a_complaint_about_an_unregistered_body_opens_an_entry, |app| {
    app.officer().await;
    let report = |kind: &'static str, subject: &'static str| {
        vec![
            ("input[subject_kind]", kind),
            ("input[subject]", subject),
            ("input[what]", "未经登记以研究院名义收取会费、颁发证书。"),
            ("input[place]", "阳光市福田区"),
        ]
    };
    let res = app.call("/api/complaints/record", &report("unregistered", "阳光市国学研究院")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let complaint: i64 = res.body.trim().parse().unwrap();
    let page = app.get(&format!("/officer/complaints/{complaint}")).await;
    assert!(page.body.contains("id=\"illegal-form\""), "the complaint offers it");

    let res = app
        .post_form(
            "/api/illegal/from_complaint",
            &format!("/officer/complaints/{complaint}"),
            &[("complaint_id", &complaint.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let loc = res.location().unwrap();
    let id: i64 = loc.rsplit('/').next().unwrap().parse().unwrap();
    let e = entry(&app, id).await;
    let c = entity::complaint::Entity::find_by_id(complaint).one(&app.db).await.unwrap().unwrap();
    assert_eq!(
        (e.name.as_str(), e.source.as_str(), e.complaint_id, e.source_ref.as_str(), e.found_on),
        ("阳光市国学研究院", "complaint", Some(complaint), c.number.as_str(), c.received_on)
    );
    // Linked both ways.
    let page = app.get(&loc).await;
    assert!(page.body.contains(&format!("/officer/complaints/{complaint}")));
    let page = app.get(&format!("/officer/complaints/{complaint}")).await;
    assert!(page.body.contains(&format!("/officer/illegal/{id}")) && !page.body.contains("id=\"illegal-form\""));
    assert!(page.body.contains("登记为非法社会组织线索"), "on the complaint's timeline");
    // Once a complaint.
    let res = app.call("/api/illegal/from_complaint", &[("complaint_id", &complaint.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    // Not from a complaint about a registered organization.
    let (_, code) = app.register(&org_form("阳光市南山区围棋协会", "social_group", 2)).await;
    let res = app.call("/api/complaints/record", &report("org", "阳光市南山区围棋协会")).await;
    assert_eq!(res.status, StatusCode::OK, "{code}: {}", res.body);
    let other: i64 = res.body.trim().parse().unwrap();
    let res = app.call("/api/illegal/from_complaint", &[("complaint_id", &other.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("ill_err_not_unregistered"), "{}", res.body);
    let res = app.call("/api/illegal/from_complaint", &[("complaint_id", "999999")]).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(app.count("illegal_org").await, 1);
});

db_test!(only_officers_reach_the_register, |app| {
    app.officer().await;
    let id = record(&mut app, &lead()).await;
    let form = org_form("阳光市南山区摄影协会", "social_group", 3);
    let (org, _) = app.register(&form).await;
    // Signed out.
    app.logout().await;
    let res = app.call("/api/illegal/list", &[("filter[state]", "")]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let res = app.call("/api/illegal/create", &pairs(&lead())).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    for path in ["/officer/illegal".to_string(), format!("/officer/illegal/{id}")] {
        let page = app.get(&path).await;
        assert!(!page.body.contains(NAME) && !page.body.contains(PERSON), "{path}");
    }
    assert_eq!(app.get("/public/warnings").await.status, StatusCode::OK);
    // An organization's user.
    app.user("orguser", "Orguser#2026ok", Role::OrgUser, Some(org)).await;
    app.login("orguser", "Orguser#2026ok").await;
    let res = app.call("/api/illegal/detail", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call("/api/illegal/publish", &[("id", &id.to_string()), ("input[day]", "")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call("/api/illegal/create", &pairs(&lead())).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(!app.get(&format!("/officer/illegal/{id}")).await.body.contains(PERSON));
    assert_eq!(entry(&app, id).await.published_on, None);
    assert_eq!(app.count("illegal_org").await, 1);
});
