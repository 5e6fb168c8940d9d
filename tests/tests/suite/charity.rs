//! Charities end to end on SQLite and PostgreSQL: recognition (refused for a
//! missing charter check, a second time, a listed organization) → the
//! qualification (refused without governance, and for a serious-list entry)
//! → a fundraising plan filed in the portal (the ten-day rule at its
//! boundary, the platform of an internet campaign) → a change kept as history
//! → disclosures → the daily overdue detection with one e-mail, never twice,
//! listed for officers and resolved by the disclosure → public list, search,
//! detail with charts and timeline, CSV, ranking → complaints and the risk
//! grade → early termination → withdrawal stops new plans.

use app::auth::types::Role;
use chrono::{Days, Months, NaiveDate};
use http::StatusCode;
use sea_orm::{ConnectionTrait, EntityTrait};

use sunshine_tests::fixtures::plan_fields;
use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

const PW: &str = "Charity#Pass1";

fn today() -> NaiveDate {
    app::kernel::clock::today()
}

async fn register(app: &mut TestApp, name: &str, n: u32) -> (i64, String) {
    let form = org_form(name, "foundation", n);
    app.register(&with_field(&form, "input[contact_email]", &format!("contact{n}@example.org"))).await
}

async fn as_user(app: &mut TestApp, user: &str) {
    app.logout().await;
    app.login(user, if user == "officer1" { "Officer#Pass1" } else { PW }).await;
}

db_test!(recognition_qualification_plan_disclosure_overdue_public, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市助学基金会", 1).await;
    let (org2, code2) = register(&mut app, "阳光市扶老基金会", 2).await;
    app.user("charity", PW, Role::OrgUser, Some(org)).await;
    let t = today().to_string();

    // Recognition: bad input names the fields; the charter check is required.
    let res =
        app.call("/api/charity/recognize", &[("input[credit_code]", ""), ("input[recognized_on]", "2026-02-30")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("\"credit_code\"") && res.body.contains("\"recognized_on\""), "{}", res.body);
    let res = app.call("/api/charity/recognize", &[("input[credit_code]", &code), ("input[recognized_on]", &t)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ch_refuse_charter"), "{}", res.body);
    assert_eq!(app.count("charity").await, 0);
    let res = app
        .post_form(
            "/api/charity/recognize",
            "/officer/charity",
            &[
                ("input[credit_code]", &code),
                ("input[recognized_on]", &t),
                ("input[note]", "理事会决议"),
                ("input[charter_ok]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().unwrap(), format!("/officer/charity/{org}"));
    let res = app
        .call(
            "/api/charity/recognize",
            &[("input[credit_code]", &code), ("input[recognized_on]", &t), ("input[charter_ok]", "on")],
        )
        .await;
    assert!(res.body.contains("ch_err_already_charity"), "{}", res.body);

    // A serious-list entry refuses the qualification of the second charity.
    let res = app
        .call(
            "/api/charity/recognize",
            &[("input[credit_code]", &code2), ("input[recognized_on]", &t), ("input[charter_ok]", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app::db::exec(
        &app.db,
        "INSERT INTO credit_entry (org_id, list, reason, basis, ref, listed_on, clock_from, deciding_office, note, created_at) \
         VALUES (?, 'serious', 'revoked', 'x', 'r', ?, ?, 'bureau', '', ?)",
        vec![org2.into(), today().into(), today().into(), chrono::Utc::now().into()],
    )
    .await
    .unwrap();
    let org2s = org2.to_string();
    let res = app
        .call("/api/charity/qualify", &[("id", &org2s), ("input[qualified_on]", &t), ("input[governance_ok]", "on")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ch_refuse_serious_list"), "{}", res.body);

    // The qualification: governance must be confirmed; then a certificate number.
    let orgs = org.to_string();
    let res = app.call("/api/charity/qualify", &[("id", &orgs), ("input[qualified_on]", &t)]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("governance_ok") && res.body.contains("ch_refuse_governance"), "{}", res.body);
    let res = app
        .post_form(
            "/api/charity/qualify",
            &format!("/officer/charity/{org}"),
            &[("id", &orgs), ("input[qualified_on]", &t), ("input[governance_ok]", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let c = entity::charity::Entity::find_by_id(org).one(&app.db).await.unwrap().unwrap();
    assert_eq!(c.qualified_on, Some(today()));
    let cert = c.certificate_no.unwrap();
    let page = app.get(&format!("/officer/charity/{org}")).await;
    assert!(page.body.contains(&cert), "the notice and facts show the certificate");

    // The charity files a plan: nine days ahead is too late; ten days is on time.
    as_user(&mut app, "charity").await;
    let start = today() + Days::new(10);
    let end = start + Months::new(8);
    let res =
        app.call("/api/charity/plan/file", &pairs(&plan_fields(today() + Days::new(9), end, "internet", ""))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("ch_err_file_ten_days") && res.body.contains("ch_err_platform_required"), "{}", res.body);
    assert_eq!(app.count("charity_plan").await, 0);
    let res = app
        .post_form(
            "/api/charity/plan/file",
            "/portal/charity",
            &pairs(&plan_fields(start, end, "internet", "公益宝募捐平台")),
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let plan: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();
    let p = entity::charity_plan::Entity::find_by_id(plan).one(&app.db).await.unwrap().unwrap();
    use chrono::Datelike;
    assert_eq!(p.filing_no, format!("440300-{}-000001", today().year()));
    // Numbers come from the year's sequence, past any number already used (the
    // demo seed and imports number plans themselves): never "count + 1".
    app::db::exec(
        &app.db,
        "UPDATE charity_plan SET filing_no = ? WHERE id = ?",
        vec![format!("440300-{}-000002", today().year()).into(), plan.into()],
    )
    .await
    .unwrap();
    for expected in ["000003", "000004"] {
        let res =
            app.call("/api/charity/plan/file", &pairs(&plan_fields(start, end, "internet", "公益宝募捐平台"))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let newest = entity::charity_plan::Entity::find().all(&app.db).await.unwrap().into_iter().max_by_key(|p| p.id);
        assert_eq!(newest.unwrap().filing_no, format!("440300-{}-{expected}", today().year()));
    }
    for table in ["charity_plan_change WHERE plan_id", "charity_plan WHERE id"] {
        app::db::exec(&app.db, &format!("DELETE FROM {table} <> ?"), vec![plan.into()]).await.unwrap();
    }
    app::db::exec(
        &app.db,
        "UPDATE charity_plan SET filing_no = ? WHERE id = ?",
        vec![p.filing_no.clone().into(), plan.into()],
    )
    .await
    .unwrap();
    assert_eq!((p.target_fen, p.cost_budget_fen, p.version), (100_000_000, 3_000_000, 1));

    // A change of the use of funds is filed and kept as history.
    let mut change = plan_fields(start, end, "internet", "公益宝募捐平台");
    change.retain(|(k, _)| k != "input[uses]");
    change.push(("input[uses]".into(), "助学金发放、学习用品采购和心理辅导".into()));
    change.push(("id".into(), plan.to_string()));
    let res = app.call("/api/charity/plan/change", &pairs(&change)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a change needs its reason");
    assert!(res.body.contains("\"reason\""), "{}", res.body);
    change.push(("input[reason]".into(), "增加心理辅导内容".into()));
    let res =
        app.post_form("/api/charity/plan/change", &format!("/portal/charity/plans/{plan}"), &pairs(&change)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(app.count("charity_plan_change").await, 2);
    let page = app.get(&format!("/portal/charity/plans/{plan}")).await;
    assert!(page.body.contains("增加心理辅导内容") && page.body.contains("心理辅导"), "history shown");

    // The daily job on the day after the first three-month period's deadline:
    // one overdue disclosure, one e-mail to the charity; a rerun sends nothing.
    let due = start + Months::new(3);
    let settings = app.state.settings.clone();
    let run = app::charity::jobs::run_daily(&app.db, &settings, due).await.unwrap();
    assert_eq!(run.overdue_found, 0, "not overdue on the deadline itself");
    let run = app::charity::jobs::run_daily(&app.db, &settings, due + Days::new(1)).await.unwrap();
    assert_eq!((run.overdue_found, run.mails), (1, 1));
    let mails = app.mails_to("contact1@example.org").await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].subject.contains("逾期") && mails[0].body_text.contains(&p.filing_no), "{}", mails[0].body_text);
    assert_eq!(app.mails_to("charity@example.org").await.len(), 1, "the portal user hears too");
    let run = app::charity::jobs::run_daily(&app.db, &settings, due + Days::new(2)).await.unwrap();
    assert_eq!((run.overdue_found, run.mails), (0, 0));
    assert_eq!(app.mails_to("contact1@example.org").await.len(), 1, "never twice");
    assert_eq!(app.count("charity_overdue").await, 1);

    // Officers see it listed (and in the CSV).
    as_user(&mut app, "officer1").await;
    let page = app.get("/officer/charity/overdue").await;
    assert!(page.body.contains("阳光市助学基金会") && page.body.contains(&p.filing_no), "{}", page.body);
    let csv = app.get("/officer/charity/overdue/export.csv").await;
    assert_eq!(&csv.bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(csv.body.contains(&p.filing_no) && csv.body.contains("第1期定期公开"), "{}", csv.body);

    // The charity discloses the period; the overdue entry is resolved.
    as_user(&mut app, "charity").await;
    let key = format!("{plan}:periodic:1");
    let res = app
        .call("/api/charity/disclose", &[("input[due]", &key), ("input[raised]", "abc"), ("input[report]", "")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for f in ["raised", "spent", "cost", "report"] {
        assert!(res.body.contains(&format!("\"{f}\"")), "{f}: {}", res.body);
    }
    let final_key = format!("{plan}:final:0");
    let res = app
        .call(
            "/api/charity/disclose",
            &[
                ("input[due]", &final_key),
                ("input[raised]", "1"),
                ("input[spent]", "1"),
                ("input[cost]", "0"),
                ("input[report]", "x"),
            ],
        )
        .await;
    assert!(res.body.contains("ch_err_final_before_end"), "{}", res.body);
    let fields = [
        ("input[due]", key.as_str()),
        ("input[raised]", "400000"),
        ("input[spent]", "250000"),
        ("input[cost]", "8000"),
        ("input[off_plan]", ""),
        ("input[report]", "向120名困难学生发放助学金，每人2000元，采购学习用品一批"),
    ];
    let res = app.post_form("/api/charity/disclose", "/portal/charity", &fields).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let res = app.call("/api/charity/disclose", &fields).await;
    assert!(res.body.contains("ch_err_already_disclosed"), "{}", res.body);
    as_user(&mut app, "officer1").await;
    let page = app.get("/officer/charity/overdue").await;
    assert!(!page.body.contains(&p.filing_no), "resolved by the disclosure");

    // Public: search by name, credit code, filing number, purpose (two characters) and platform.
    app.logout().await;
    for q in ["助学基金", code.as_str(), p.filing_no.as_str(), "困难", "公益宝"] {
        let page = app.get(&format!("/public/charity?q={}", sunshine_tests_encode(q))).await;
        assert_eq!(page.status, StatusCode::OK);
        assert!(page.body.contains("阳光市助学基金会"), "found by {q}");
        assert!(!page.body.contains("阳光市扶老基金会"), "only the match for {q}");
    }
    let page = app.get("/public/charity?q=%E6%B2%A1%E6%9C%89").await;
    assert!(!page.body.contains("阳光市助学基金会"));
    let page = app.get(&format!("/public/charity/{org}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for s in
        [&p.filing_no as &str, "<svg", "募得金额占目标", "40.0%", "62.5%", "id=\"timeline\"", "增加心理辅导内容", &cert]
    {
        assert!(page.body.contains(s), "public page shows {s}");
    }
    assert!(!page.body.contains("risk-grade"), "no risk grade in public");
    let csv = app.get("/public/charity/export.csv?qualified=yes").await;
    assert_eq!(&csv.bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(csv.body.contains(&code) && !csv.body.contains(&code2), "{}", csv.body);
    let page = app.get("/public/charity/ranking").await;
    assert!(page.body.contains("阳光市助学基金会") && page.body.contains("50 ×"), "ranked, formula shown");
    // Due 1 (the first period), made 1, on time 1, complete 1: index 100.
    let csv = app.get("/public/charity/ranking/export.csv").await;
    assert_eq!(&csv.bytes[..3], &[0xEF, 0xBB, 0xBF]);
    assert!(csv.body.contains("1,阳光市助学基金会,100,1,1,1,1"), "{}", csv.body);

    // Officers: a complaint raises the risk grade, with the reason shown.
    as_user(&mut app, "officer1").await;
    let page = app.get(&format!("/officer/charity/{org}")).await;
    assert_eq!(risk_grade(&page.body), "一级（低）", "no risk facts yet");
    let res = app
        .post_form(
            "/api/charity/complaint",
            &format!("/officer/charity/{org}"),
            &[("id", &orgs), ("input[received_on]", &t), ("input[summary]", "群众反映募捐宣传夸大")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let page = app.get(&format!("/officer/charity/{org}")).await;
    assert_eq!(risk_grade(&page.body), "二级", "grade 2 for one complaint");
    assert!(page.body.replace("<!>", "").contains("近一年投诉 × 1 = 1"), "the reason is shown");
    let page = app.get(&format!("/officer/charity/{org2}")).await;
    assert_eq!(risk_grade(&page.body), "四级", "a serious entry: grade 4");
    assert!(page.body.replace("<!>", "").contains("严重违法失信名单记录 × 1 = 6"));

    // The charity terminates the plan early; the final disclosure moves.
    as_user(&mut app, "charity").await;
    let stop = today() + Days::new(20);
    let plans = format!("{plan}");
    let res = app
        .call(
            "/api/charity/plan/terminate",
            &[("id", &plans), ("input[terminated_on]", &end.to_string()), ("input[termination_reason]", "目标已完成")],
        )
        .await;
    assert!(res.body.contains("ch_err_terminate_date"), "{}", res.body);
    let res = app
        .call(
            "/api/charity/plan/terminate",
            &[("id", &plans), ("input[terminated_on]", &stop.to_string()), ("input[termination_reason]", "目标已完成")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let page = app.get("/portal/charity").await;
    assert!(
        page.body.contains(&(stop + Months::new(3)).to_string()),
        "final disclosure due three months after termination"
    );

    // Withdrawal: no new plans.
    as_user(&mut app, "officer1").await;
    let res = app
        .call(
            "/api/charity/withdraw",
            &[("id", &orgs), ("input[withdrawn_on]", &t), ("input[reason]", "违规募捐"), ("input[violation]", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    as_user(&mut app, "charity").await;
    let res = app
        .call(
            "/api/charity/plan/file",
            &pairs(&plan_fields(today() + Days::new(30), today() + Days::new(60), "box", "")),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("ch_err_not_qualified"));

    // Every write was audited.
    let audited = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM audit_log WHERE action LIKE 'charity_%'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    // recognize ×2, qualify, file ×3 (two to check the numbers), change, disclose, complaint, terminate, withdraw
    assert_eq!(audited, 11);
});

db_test!(outside_the_region_and_emergency_filing, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市救灾基金会", 3).await;
    app.user("charity", PW, Role::OrgUser, Some(org)).await;
    let t = today().to_string();
    let res = app
        .call(
            "/api/charity/recognize",
            &[("input[credit_code]", &code), ("input[recognized_on]", &t), ("input[charter_ok]", "on")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app
        .call(
            "/api/charity/qualify",
            &[
                ("id", &org.to_string()),
                ("input[qualified_on]", &(today() - Days::new(30)).to_string()),
                ("input[governance_ok]", "on"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    as_user(&mut app, "charity").await;
    // Collection boxes in another city are refused.
    let mut f = plan_fields(today() + Days::new(15), today() + Days::new(40), "box", "");
    for (k, v) in f.iter_mut() {
        if k == "input[region]" {
            *v = "邻城市".into();
        }
    }
    let res = app.call("/api/charity/plan/file", &pairs(&f)).await;
    assert!(res.body.contains("ch_err_region_outside"), "{}", res.body);
    // An emergency campaign started ten days ago may still be filed; eleven days is too late.
    let mut f = plan_fields(today() - Days::new(11), today() + Days::new(20), "media", "");
    f.push(("input[emergency]".into(), "on".into()));
    let res = app.call("/api/charity/plan/file", &pairs(&f)).await;
    assert!(res.body.contains("ch_err_emergency_late"), "{}", res.body);
    let mut f = plan_fields(today() - Days::new(10), today() + Days::new(20), "media", "");
    f.push(("input[emergency]".into(), "on".into()));
    let res = app.call("/api/charity/plan/file", &pairs(&f)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let p = entity::charity_plan::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert!(p.emergency);
    // Not before the qualification: qualified today, an emergency campaign started five days ago.
    app::db::exec(&app.db, "UPDATE charity SET qualified_on = ? WHERE org_id = ?", vec![today().into(), org.into()])
        .await
        .unwrap();
    let mut f = plan_fields(today() - Days::new(5), today() + Days::new(20), "media", "");
    f.push(("input[emergency]".into(), "on".into()));
    let res = app.call("/api/charity/plan/file", &pairs(&f)).await;
    assert!(res.body.contains("ch_err_before_qualification"), "{}", res.body);
    // Unknown charities are not found.
    let res = app.get("/public/charity/999999").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // The portal of an organization that is not a charity says so.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let (other, _) = register(&mut app, "阳光市文化基金会", 4).await;
    app.user("other", PW, Role::OrgUser, Some(other)).await;
    as_user(&mut app, "other").await;
    let page = app.get("/portal/charity").await;
    assert!(page.body.contains("id=\"not-charity\""), "{}", page.body);
});

/// The risk grade shown on an officer's charity page.
fn risk_grade(body: &str) -> String {
    let at = body.find("id=\"risk-grade\"").unwrap_or_else(|| panic!("risk grade shown: {body}"));
    let rest = &body[at..];
    let rest = &rest[rest.find('>').unwrap() + 1..];
    rest.split('<').next().unwrap().to_string()
}

/// Percent-encodes a query value.
fn sunshine_tests_encode(s: &str) -> String {
    app::ui::table::encode(s)
}
