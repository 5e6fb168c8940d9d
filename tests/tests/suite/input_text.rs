//! Free text through the one input layer, on SQLite and PostgreSQL: for a
//! representative server function of every feature, a NUL byte, a line break
//! in a one-line field and a value over the field's length are refused with
//! the field's name, and nothing is written; search queries with control
//! characters or of any length are bounded, never an error.

use app::auth::types::Role;
use chrono::Duration;
use http::StatusCode;
use sea_orm::ConnectionTrait;
use sunshine_tests::fixtures::{plan_fields, report_form, save_inspector};
use sunshine_tests::{db_test, org_form, pairs, with_field, Res, TestApp};

const PW: &str = "Input#Text2026";

/// The answer is a 422 naming `field` with the message key `key`.
#[track_caller]
fn refused(res: &Res, field: &str, key: &str) {
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{field} {key}: {}", res.body);
    assert!(res.body.contains(&format!("\"{field}\"")), "names {field}: {}", res.body);
    assert!(res.body.contains(key), "{field}: {key} in {}", res.body);
}

fn ok(res: &Res) {
    assert!(res.status.is_success() || res.status.is_redirection(), "{}: {}", res.status, res.body);
}

/// Row counts of the tables a feature writes, and of the audit log.
async fn counts(app: &TestApp, tables: &[&str]) -> Vec<(String, i64)> {
    let mut out = vec![("audit_log".to_string(), app.count("audit_log").await)];
    for t in tables {
        out.push((t.to_string(), app.count(t).await));
    }
    out
}

fn owned(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// Registers an organization as the signed-in officer; returns its id.
async fn register(app: &mut TestApp, name: &str, t: &str, n: u32) -> i64 {
    app.register(&with_field(&org_form(name, t, n), "input[contact_email]", &format!("org{n}@example.org"))).await.0
}

async fn as_user(app: &mut TestApp, user: &str) {
    app.logout().await;
    app.login(user, if user == "officer1" { "Officer#Pass1" } else { PW }).await;
}

async fn one_i64(app: &TestApp, sql: &str) -> i64 {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

async fn one_text(app: &TestApp, sql: &str) -> String {
    let row = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(app.db.get_database_backend(), sql.to_string()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

db_test!(registry_texts_are_refused_with_the_field, |app| {
    app.officer().await;
    let before = counts(&app, &["organization", "org_event"]).await;
    let form = org_form("阳光市南山区文本协会", "social_group", 1);
    for (field, value, key) in [
        ("business_scope", "开展\0公益服务".to_string(), "err_control_chars"),
        ("business_scope", "长".repeat(1001), "err_too_long"),
        ("domicile", "阳光市\n南山区".to_string(), "err_single_line"),
        ("domicile", "路".repeat(201), "err_too_long"),
        ("contact_email", "a\0b@example.org".to_string(), "err_email"),
    ] {
        let res =
            app.call("/api/registry/register", &pairs(&with_field(&form, &format!("input[{field}]"), &value))).await;
        refused(&res, field, key);
    }
    assert_eq!(counts(&app, &["organization", "org_event"]).await, before, "nothing written");
    // A change and an act refuse their notes and reasons the same way.
    let org = register(&mut app, "阳光市南山区文本协会", "social_group", 1).await;
    let before = counts(&app, &["organization", "org_event"]).await;
    let ids = org.to_string();
    let res = app
        .call(
            "/api/registry/act",
            &[("id", &ids), ("input[act]", "deregister"), ("input[date]", "2026-01-05"), ("input[reason]", "注销\0")],
        )
        .await;
    refused(&res, "reason", "err_control_chars");
    let long = "因".repeat(501);
    let res = app
        .call(
            "/api/registry/act",
            &[("id", &ids), ("input[act]", "deregister"), ("input[date]", "2026-01-05"), ("input[reason]", &long)],
        )
        .await;
    refused(&res, "reason", "err_too_long");
    assert_eq!(counts(&app, &["organization", "org_event"]).await, before);
    let status = one_text(&app, &format!("SELECT status FROM organization WHERE id = {org}")).await;
    assert_eq!(status, "active");
});

fn save(form: &[(String, String)], version: i32, intent: &str) -> Vec<(String, String)> {
    let mut v = owned(&[("input[year]", "2025"), ("input[intent]", intent)]);
    v.push(("input[version]".into(), version.to_string()));
    v.extend(form.iter().cloned());
    v
}

db_test!(report_drafts_and_submissions_check_every_value, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区草稿协会", "social_group", 2).await;
    app.user("caogao", PW, Role::OrgUser, Some(org)).await;
    as_user(&mut app, "caogao").await;
    let tables = ["annual_report", "report_event"];
    let before = counts(&app, &tables).await;
    // A draft: any value of the form, half-typed figures included, but no
    // control characters, no line break in a one-line value, nothing overlong.
    let half = owned(&[("input[form][changes]", "理事会换届筹备中"), ("input[form][income_total]", "约20")]);
    for (field, value, key) in [
        ("income_total", "200\u{0}000".to_string(), "err_control_chars"),
        ("changes", "无\u{1b}[2J".to_string(), "err_control_chars"),
        ("activities", "长".repeat(5001), "err_too_long"),
        ("projects", "3\n4".to_string(), "err_single_line"),
        ("public_fundraising", "no\0".to_string(), "err_control_chars"),
        ("prior_net_assets", "9".repeat(51), "err_too_long"),
    ] {
        let form = with_field(&half, &format!("input[form][{field}]"), &value);
        let res = app.call("/api/reports/save", &pairs(&save(&form, 0, "save"))).await;
        refused(&res, field, key);
    }
    assert_eq!(counts(&app, &tables).await, before, "no draft written");
    // The half-filled draft itself saves, line breaks and all.
    let half = with_field(&half, "input[form][activities]", "第一期：摄影培训\r\n\t第二期：展览");
    ok(&app.call("/api/reports/save", &pairs(&save(&half, 0, "save"))).await);
    assert_eq!(app.count("annual_report").await, 1);
    let saved = counts(&app, &tables).await;
    let json_before = one_text(&app, "SELECT form_json FROM annual_report").await;
    // A submission refuses the same values, even where the checks of the
    // report would not look (a 社会团体's public-fundraising choice).
    for (field, value, key) in [
        ("public_fundraising", "\0".to_string(), "err_control_chars"),
        ("changes", "无\0".to_string(), "err_control_chars"),
        ("activities", "长".repeat(5001), "err_too_long"),
    ] {
        let form = with_field(&report_form(), &format!("input[form][{field}]"), &value);
        let res = app.call("/api/reports/save", &pairs(&save(&form, 1, "submit"))).await;
        refused(&res, field, key);
    }
    assert_eq!(counts(&app, &tables).await, saved);
    assert_eq!(one_text(&app, "SELECT form_json FROM annual_report").await, json_before);
    assert_eq!(one_text(&app, "SELECT status FROM annual_report").await, "draft");
    ok(&app.call("/api/reports/save", &pairs(&save(&report_form(), 1, "submit"))).await);
    assert_eq!(one_text(&app, "SELECT status FROM annual_report").await, "submitted");
});

async fn flag(app: &TestApp, org: i64, year: i32) {
    app::db::exec(
        &app.db,
        "INSERT INTO filing_flag (org_id, report_year, kind, flagged_on) VALUES (?, ?, 'missed_deadline', ?)",
        vec![org.into(), year.into(), chrono::NaiveDate::from_ymd_opt(year + 1, 6, 1).unwrap().into()],
    )
    .await
    .unwrap();
}

async fn credit_job(app: &TestApp) {
    let on = chrono::NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    app::credit::jobs::run_daily(&app.db, &app.state.settings, on).await.unwrap();
}

db_test!(credit_repair_statements_and_decision_reasons, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区修复文本协会", "social_group", 3).await;
    flag(&app, org, 2025).await;
    credit_job(&app).await;
    let entry = one_i64(&app, &format!("SELECT id FROM credit_entry WHERE org_id = {org}")).await.to_string();
    app.user("xiufu", PW, Role::OrgUser, Some(org)).await;
    as_user(&mut app, "xiufu").await;
    let before = counts(&app, &["repair_request"]).await;
    for (value, key) in [("已补报\0".to_string(), "err_control_chars"), ("报".repeat(2001), "err_too_long")] {
        let res = app.call("/api/credit/repair", &[("entry_id", &entry), ("statement", &value)]).await;
        refused(&res, "statement", key);
    }
    assert_eq!(counts(&app, &["repair_request"]).await, before);
    ok(&app.call("/api/credit/repair", &[("entry_id", &entry), ("statement", "已于6月5日补报")]).await);

    as_user(&mut app, "officer1").await;
    let id = one_i64(&app, "SELECT id FROM repair_request").await.to_string();
    let before = counts(&app, &["repair_request", "mail_outbox"]).await;
    for (decision, value, key) in [
        ("refuse", "未见\0报告".to_string(), "err_control_chars"),
        ("refuse", "未".repeat(2001), "err_too_long"),
        ("approve", "同意\u{7f}".to_string(), "err_control_chars"),
    ] {
        let res =
            app.call("/api/credit/decide_repair", &[("id", &id), ("decision", decision), ("reason", &value)]).await;
        refused(&res, "reason", key);
    }
    assert_eq!(counts(&app, &["repair_request", "mail_outbox"]).await, before);
    assert_eq!(one_text(&app, "SELECT status FROM repair_request").await, "pending");
});

db_test!(zombie_replies_are_checked, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区沉睡文本协会", "social_group", 4).await;
    flag(&app, org, 2024).await;
    flag(&app, org, 2025).await;
    credit_job(&app).await;
    let case = one_i64(&app, "SELECT id FROM zombie_case").await.to_string();
    let res = app
        .call(
            "/api/credit/zombie_step",
            &[(&format!("ids[c{case}]") as &str, &case as &str), ("input[action]", "notify"), ("input[reason]", "")],
        )
        .await;
    ok(&res);
    app.user("chenshui", PW, Role::OrgUser, Some(org)).await;
    as_user(&mut app, "chenshui").await;
    let before = counts(&app, &["zombie_case"]).await;
    for (value, key) in [("我们仍在\0活动".to_string(), "err_control_chars"), ("动".repeat(5001), "err_too_long")]
    {
        let res = app.call("/api/credit/zombie_respond", &[("response", &value)]).await;
        refused(&res, "response", key);
    }
    assert_eq!(counts(&app, &["zombie_case"]).await, before);
    assert_eq!(one_text(&app, "SELECT status FROM zombie_case").await, "notified");
    ok(&app.call("/api/credit/zombie_respond", &[("response", "我们仍在开展活动：\n1. 培训")]).await);
});

db_test!(rating_rounds_applications_and_objections, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区评估文本协会", "social_group", 5).await;
    let tables = ["rating_round", "rating_application", "rating_objection"];
    let before = counts(&app, &tables).await;
    let today = app::kernel::clock::today();
    let round = |title: &str| {
        owned(&[
            ("input[year]", &today.format("%Y").to_string()),
            ("input[title]", title),
            ("input[org_types][social_group]", "on"),
            ("input[apply_from]", &(today - Duration::days(1)).to_string()),
            ("input[apply_to]", &(today + Duration::days(30)).to_string()),
            ("input[notice_days]", "7"),
        ])
    };
    refused(&app.call("/api/rating/round/open", &pairs(&round("2026年度\n评估"))).await, "title", "err_single_line");
    refused(&app.call("/api/rating/round/open", &pairs(&round("评估\0"))).await, "title", "err_control_chars");
    assert_eq!(counts(&app, &tables).await, before);
    let res = app.call("/api/rating/round/open", &pairs(&round("2026年度社会组织等级评估"))).await;
    ok(&res);
    let round_id = one_i64(&app, "SELECT id FROM rating_round").await.to_string();

    app.user("pinggu", PW, Role::OrgUser, Some(org)).await;
    as_user(&mut app, "pinggu").await;
    let before = counts(&app, &tables).await;
    for (value, key) in [("治理规范\0".to_string(), "err_control_chars"), ("治".repeat(5001), "err_too_long")] {
        let res = app
            .call(
                "/api/rating/apply",
                &[("input[round_id]", &round_id), ("input[self_score]", "860"), ("input[self_assessment]", &value)],
            )
            .await;
        refused(&res, "self_assessment", key);
    }
    assert_eq!(counts(&app, &tables).await, before);

    // Objections are public: no sign-in.
    app.logout().await;
    for (field, value, key) in [
        ("name", "张\n三", "err_single_line"),
        ("contact", "0755\t8888", "err_single_line"),
        ("body", "漏计\0表彰", "err_control_chars"),
    ] {
        let mut form = owned(&[
            ("input[application_id]", "1"),
            ("input[name]", "张三"),
            ("input[contact]", "0755-88886666"),
            ("input[body]", "请予复核"),
        ]);
        form = with_field(&form, &format!("input[{field}]"), value);
        refused(&app.call("/api/rating/public/object", &pairs(&form)).await, field, key);
    }
    let long = "复".repeat(5001);
    let form = owned(&[
        ("input[application_id]", "1"),
        ("input[name]", "张三"),
        ("input[contact]", "0755-88886666"),
        ("input[body]", &long),
    ]);
    refused(&app.call("/api/rating/public/object", &pairs(&form)).await, "body", "err_too_long");
    assert_eq!(counts(&app, &tables).await, before);
});

db_test!(inspectors_and_inspection_findings, |app| {
    app.officer().await;
    for n in 0..2u32 {
        register(&mut app, &format!("阳光市南山区第{n}检查协会"), "social_group", 10 + n).await;
    }
    let before = counts(&app, &["inspector"]).await;
    refused(
        &save_inspector(&mut app, "张\n检查", "市民政局", "x@example.org", "ZF-9", "").await,
        "name",
        "err_single_line",
    );
    refused(
        &save_inspector(&mut app, "张检查", "市民政局\0", "x@example.org", "ZF-9", "").await,
        "unit",
        "err_control_chars",
    );
    let long = format!("{}@example.org", "a".repeat(260));
    refused(&save_inspector(&mut app, "张检查", "市民政局", &long, "ZF-9", "").await, "email", "err_email");
    assert_eq!(counts(&app, &["inspector"]).await, before);

    let users = ["insa", "insb", "insc"];
    let mut ids = Vec::new();
    for (i, u) in users.iter().enumerate() {
        app.user(u, PW, Role::Inspector, None).await;
        let unit = ["市教育局", "市民政局", "市财政局"][i];
        let res =
            save_inspector(&mut app, &format!("检查员{i}"), unit, &format!("{u}@example.org"), &format!("ZF-{i}"), "")
                .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        ids.push(res.body.trim().parse::<i64>().unwrap());
    }
    let today = app::kernel::clock::today();
    let (from, to) = ((today - Duration::days(7)).to_string(), (today + Duration::days(30)).to_string());
    let campaign = owned(&[
        ("input[name]", "2026年文本抽查"),
        ("input[year]", "2026"),
        ("input[kind]", "special"),
        ("input[strata_by]", "org_type"),
        ("input[size_mode]", "count"),
        ("input[size_value]", "1"),
        ("input[risk_percent]", "0"),
        ("input[per_target]", "2"),
        ("input[max_per_inspector]", "4"),
        ("input[period_from]", &from),
        ("input[period_to]", &to),
        ("input[items]", "年度报告\n内部治理"),
        ("input[beacon_source]", "福彩3D开奖号码"),
    ]);
    let before = counts(&app, &["inspection_campaign"]).await;
    let bad = with_field(&campaign, "input[name]", "抽查\n第二行");
    refused(&app.call("/api/inspection/campaign/create", &pairs(&bad)).await, "name", "err_single_line");
    assert_eq!(counts(&app, &["inspection_campaign"]).await, before);
    let res = app.call("/api/inspection/campaign/create", &pairs(&campaign)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = one_i64(&app, "SELECT id FROM inspection_campaign").await.to_string();
    ok(&app.call("/api/inspection/campaign/freeze", &[("id", &id)]).await);
    refused(
        &app.call("/api/inspection/campaign/draw", &[("id", &id), ("input[beacon_value]", "5 3\n8")]).await,
        "beacon_value",
        "err_single_line",
    );
    ok(&app.call("/api/inspection/campaign/draw", &[("id", &id), ("input[beacon_value]", "2026318期 5 3 8")]).await);
    let target = one_i64(&app, "SELECT id FROM inspection_target").await;
    let first = one_i64(
        &app,
        &format!("SELECT inspector_id FROM inspection_assignment WHERE target_id = {target} ORDER BY position"),
    )
    .await;
    let user = users[ids.iter().position(|i| *i == first).unwrap()];
    as_user(&mut app, user).await;
    let result = |findings: &str| {
        let mut form = owned(&[
            ("id", &target.to_string()),
            ("input[version]", "0"),
            ("input[outcome]", "rectify"),
            ("input[findings]", findings),
            ("input[inspected_on]", &today.to_string()),
        ]);
        form.extend(sunshine_tests::fixtures::checklist_answers(2, &[(1, "na", "")]));
        form
    };
    let before = counts(&app, &["inspection_target"]).await;
    refused(
        &app.call("/api/inspection/target/result", &pairs(&result("财务制度\0不健全"))).await,
        "findings",
        "err_control_chars",
    );
    refused(
        &app.call("/api/inspection/target/result", &pairs(&result(&"财".repeat(4001)))).await,
        "findings",
        "err_too_long",
    );
    assert_eq!(counts(&app, &["inspection_target"]).await, before);
    assert_eq!(one_text(&app, "SELECT status FROM inspection_target").await, "pending");
    ok(&app.call("/api/inspection/target/result", &pairs(&result("财务制度不健全；\n未按期换届"))).await);
});

db_test!(charity_plans_and_disclosures, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市文本助学基金会", "foundation", 6).await;
    app.user("cishan", PW, Role::OrgUser, Some(org)).await;
    as_user(&mut app, "cishan").await;
    let tables = ["charity_plan", "charity_disclosure"];
    let before = counts(&app, &tables).await;
    for (field, value, key) in [
        ("title", "2026年\n助学募捐".to_string(), "err_single_line"),
        ("bank_account", "阳光银行\t6222".to_string(), "err_single_line"),
        ("person_in_charge", "李\0慈".to_string(), "err_control_chars"),
        ("purpose", "资助\0学生".to_string(), "err_control_chars"),
        ("uses", "用".repeat(2001), "err_too_long"),
        ("office_address", "路".repeat(201), "err_too_long"),
    ] {
        let form = with_field(
            &plan_fields("2026-12-20".parse().unwrap(), "2027-06-30".parse().unwrap(), "internet", "阳光公益平台"),
            &format!("input[{field}]"),
            &value,
        );
        refused(&app.call("/api/charity/plan/file", &pairs(&form)).await, field, key);
    }
    for (value, key) in [("资金\0使用情况".to_string(), "err_control_chars"), ("用".repeat(4001), "err_too_long")]
    {
        let form = owned(&[
            ("input[due]", "1:periodic:1"),
            ("input[raised]", "1000"),
            ("input[spent]", "500"),
            ("input[cost]", "10"),
            ("input[off_plan]", ""),
            ("input[report]", &value),
        ]);
        refused(&app.call("/api/charity/disclose", &pairs(&form)).await, "report", key);
    }
    assert_eq!(counts(&app, &tables).await, before);
});

db_test!(lottery_outlets_and_notes, |app| {
    app.officer().await;
    let form = owned(&[
        ("input[outlet_no]", "44030001"),
        ("input[name]", "南山科技园投注站"),
        ("input[district]", "南山区"),
        ("input[address]", "阳光市南山区科技园路8号"),
        ("input[lng]", "113.934567"),
        ("input[lat]", "22.540123"),
        ("input[operator_kind]", "person"),
        ("input[operator_name]", "王建国"),
        ("input[contact_person]", "王建国"),
        ("input[contact_phone]", "13900001111"),
        ("input[terminals]", "T4400001"),
        ("input[opened_on]", "2020-05-01"),
    ]);
    let tables = ["lottery_outlet", "lottery_outlet_event", "lottery_inspection"];
    let before = counts(&app, &tables).await;
    for (field, value, key) in [
        ("name", "南山\n投注站".to_string(), "err_single_line"),
        ("address", "科技园路\0".to_string(), "err_control_chars"),
        ("operator_name", "王".repeat(101), "err_too_long"),
    ] {
        let bad = with_field(&form, &format!("input[{field}]"), &value);
        refused(&app.call("/api/lottery/create", &pairs(&bad)).await, field, key);
    }
    assert_eq!(counts(&app, &tables).await, before);
    let res = app.post_form("/api/lottery/create", "/officer/lottery/new", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let id = one_i64(&app, "SELECT id FROM lottery_outlet").await.to_string();
    let before = counts(&app, &tables).await;
    let today = app::kernel::clock::today().to_string();
    for (value, key) in [("检查\0发现问题".to_string(), "err_control_chars"), ("查".repeat(5001), "err_too_long")]
    {
        let res = app
            .call(
                "/api/lottery/status",
                &[("id", &id), ("input[action]", "suspend"), ("input[date]", &today), ("input[note]", &value)],
            )
            .await;
        refused(&res, "note", key);
        let res = app
            .call(
                "/api/lottery/inspect",
                &[
                    ("id", &id),
                    ("input[inspected_on]", &today),
                    ("input[inspector]", "李检查"),
                    ("input[note]", &value),
                ],
            )
            .await;
        refused(&res, "note", key);
    }
    let res = app
        .call(
            "/api/lottery/inspect",
            &[("id", &id), ("input[inspected_on]", &today), ("input[inspector]", "李\n检查"), ("input[note]", "")],
        )
        .await;
    refused(&res, "inspector", "err_single_line");
    assert_eq!(counts(&app, &tables).await, before);
    assert_eq!(one_text(&app, "SELECT status FROM lottery_outlet").await, "open");
});

db_test!(dashboard_target_names, |app| {
    app.officer().await;
    let before = counts(&app, &["dashboard_target"]).await;
    for (value, key) in [
        ("参与率\0".to_string(), "err_control_chars"),
        ("参与\n率".to_string(), "err_single_line"),
        ("参".repeat(61), "err_too_long"),
    ] {
        let res = app
            .call(
                "/api/dashboard/target/save",
                &[
                    ("input[year]", "2026"),
                    ("input[name]", &value),
                    ("input[measure]", "governance"),
                    ("input[target]", "90"),
                ],
            )
            .await;
        refused(&res, "name", key);
    }
    assert_eq!(counts(&app, &["dashboard_target"]).await, before);
});

db_test!(account_display_names_and_emails, |app| {
    app.user("admin1", "Admin#Pass1", Role::Admin, None).await;
    app.login("admin1", "Admin#Pass1").await;
    let tables = ["app_user", "invite", "mail_outbox"];
    let before = counts(&app, &tables).await;
    let long_email = format!("{}@example.org", "m".repeat(250));
    for (field, display, email, key) in [
        ("display_name", "陈\n秘书", "m@example.org", "err_single_line"),
        ("display_name", "陈秘书\0", "m@example.org", "err_control_chars"),
        ("display_name", &"陈".repeat(51) as &str, "m@example.org", "err_too_long"),
        ("email", "陈秘书", "m\0@example.org", "err_email"),
        ("email", "陈秘书", &long_email as &str, "err_email"),
    ] {
        let res = app
            .call(
                "/api/accounts/create",
                &[
                    ("input[username]", "mishu"),
                    ("input[display_name]", display),
                    ("input[email]", email),
                    ("input[role]", "inspector"),
                    ("input[org_code]", ""),
                ],
            )
            .await;
        refused(&res, field, key);
    }
    assert_eq!(counts(&app, &tables).await, before);
});

db_test!(search_queries_are_bounded_not_refused, |app| {
    app.user("admin1", "Admin#Pass1", Role::Admin, None).await;
    app.login("admin1", "Admin#Pass1").await;
    register(&mut app, "阳光市南山区搜索协会", "social_group", 7).await;
    let long = "搜".repeat(20_000);
    for q in ["搜索\0协会", "\u{1b}[2J", long.as_str(), "\0"] {
        for (path, fields) in [
            ("/api/registry/list", vec![("filter[q]", q)]),
            ("/api/registry/public_list", vec![("filter[q]", q)]),
            ("/api/accounts/list", vec![("q", q), ("page", "0")]),
            ("/api/rating/experts", vec![("q", q), ("page", "0")]),
            ("/api/credit/public_entries", vec![("filter[q]", q)]),
            ("/api/reports/queue", vec![("filter[q]", q)]),
            ("/api/audit/list", vec![("filter[q]", q)]),
            ("/api/charity/list", vec![("filter[q]", q)]),
            ("/api/lottery/outlets", vec![("filter[q]", q)]),
            ("/api/inspection/inspectors", vec![("filter[q]", q)]),
            ("/api/rating/grades", vec![("filter[q]", q)]),
        ] {
            let res = app.call(path, &fields).await;
            assert_eq!(res.status, StatusCode::OK, "{path} {:?}: {}", &q[..q.len().min(12)], res.body);
        }
    }
    // The control characters are dropped, so the name is still found.
    let res = app.call("/api/registry/list", &[("filter[q]", "搜索\0协会")]).await;
    assert!(res.body.contains("阳光市南山区搜索协会"), "{}", res.body);
    // And on a page, through the query string.
    let page = app.get("/officer/orgs?q=%E6%90%9C%E7%B4%A2%00%E5%8D%8F%E4%BC%9A").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("阳光市南山区搜索协会"));
    let page = app.get(&format!("/public/orgs?q={}", "%E6%90%9C".repeat(1000))).await;
    assert_eq!(page.status, StatusCode::OK);
});
