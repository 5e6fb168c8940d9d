//! Credit lists and the zombie cleanup on SQLite and PostgreSQL: automatic
//! listing after a missed deadline, escalation to the serious list, penalties,
//! the unreachable test, repair refused and approved, a zombie case to
//! revocation and one to restoration, and daily jobs run twice.

use app::auth::types::Role;
use chrono::NaiveDate;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::{db_test, org_form, pairs, with_field, TestApp};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Registers an organization (registered in 2020) as the signed-in officer.
async fn register(app: &mut TestApp, name: &str, n: u32) -> i64 {
    let form = with_field(&org_form(name, "social_group", n), "input[registration_date]", "2020-05-01");
    app.register(&with_field(&form, "input[contact_email]", &format!("c{n}@example.org"))).await.0
}

async fn entries(app: &TestApp, org: i64) -> Vec<entity::credit_entry::Model> {
    entity::credit_entry::Entity::find().filter(entity::credit_entry::Column::OrgId.eq(org)).all(&app.db).await.unwrap()
}

fn open(list: &[entity::credit_entry::Model]) -> Vec<(&str, &str)> {
    let mut v: Vec<(&str, &str)> =
        list.iter().filter(|e| e.removed_on.is_none()).map(|e| (e.list.as_str(), e.reason.as_str())).collect();
    v.sort();
    v
}

async fn credit_job(app: &TestApp, on: NaiveDate) -> app::credit::types::CreditRun {
    app::credit::jobs::run_daily(&app.db, &app.state.settings, on).await.unwrap()
}

async fn flag(app: &TestApp, org: i64, year: i32) {
    app::db::exec(
        &app.db,
        "INSERT INTO filing_flag (org_id, report_year, kind, flagged_on) VALUES (?, ?, 'missed_deadline', ?)",
        vec![org.into(), year.into(), d(year + 1, 6, 1).into()],
    )
    .await
    .unwrap();
}

db_test!(a_missed_deadline_lists_the_organization_once_and_two_years_escalate, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区未报协会", 1).await;
    // The report job flags the missed deadline the day after it; the credit job lists it.
    let r = app::reports::jobs::run_daily(&app.db, &app.state.settings, d(2026, 6, 1)).await.unwrap();
    assert_eq!(r.flagged, 1);
    let run = credit_job(&app, d(2026, 6, 1)).await;
    assert_eq!(run.listed_missed_report, 1);
    assert_eq!(open(&entries(&app, org).await), vec![("abnormal", "missed_report")]);
    // Twice the same day, or again the next day: nothing more.
    let again = credit_job(&app, d(2026, 6, 1)).await;
    assert_eq!((again.listed_missed_report, again.escalated, again.zombies_found), (0, 0, 0));
    credit_job(&app, d(2026, 6, 2)).await;
    assert_eq!(entries(&app, org).await.len(), 1);
    assert_eq!(app.count("job_run").await, 3, "each run is recorded");
    // The score fell: −20 for the entry, −10 for the missing report.
    let rec = app::credit::service::record(&app.db, org).await.unwrap();
    assert_eq!((rec.score, rec.level.as_str()), (70, "C"));
    // Public: the list and the organization's page.
    app.logout().await;
    let list = app.get("/public/credit?list=abnormal").await;
    assert!(list.body.contains("阳光市南山区未报协会"), "{}", list.body);
    assert!(app.get(&format!("/public/orgs/{org}")).await.body.contains("未按规定报送年度工作报告"));
    let csv = app.get("/public/credit/export.csv?list=abnormal").await;
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]) && csv.body.contains("活动异常名录"));

    // One day short of two full years: still abnormal; on the day: serious.
    assert_eq!(credit_job(&app, d(2028, 5, 31)).await.escalated, 0);
    assert_eq!(credit_job(&app, d(2028, 6, 1)).await.escalated, 1);
    let all = entries(&app, org).await;
    assert_eq!(open(&all), vec![("serious", "abnormal_two_years")]);
    assert!(all.iter().any(|e| e.removal_reason.as_deref() == Some("moved_to_serious")));
    assert_eq!(credit_job(&app, d(2028, 6, 2)).await.escalated, 0);
});

db_test!(penalties_list_by_kind_and_repetition_and_minor_ones_leave_after_six_months, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区受罚协会", 2).await;
    let penalty = |kind: &'static str, amount: &'static str, on: &'static str| {
        vec![
            ("org_id".to_string(), org.to_string()),
            ("input[kind]".to_string(), kind.to_string()),
            ("input[amount]".to_string(), amount.to_string()),
            ("input[decided_on]".to_string(), on.to_string()),
            ("input[facts]".to_string(), "未按规定使用登记证书".to_string()),
            ("input[basis]".to_string(), "《社会团体登记管理条例》第三十条".to_string()),
        ]
    };
    // A fine needs its amount: refused with the field named, nothing recorded.
    let res = app.call("/api/credit/penalty", &pairs(&penalty("fine", "", "2026-01-10"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("amount"));
    assert_eq!(app.count("penalty").await, 0);
    let res = app.call("/api/credit/penalty", &pairs(&penalty("warning", "", "2024-01-10"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(open(&entries(&app, org).await), vec![("abnormal", "penalty_minor")]);
    // The minor entry leaves by itself six months after listing.
    assert_eq!(credit_job(&app, d(2024, 7, 9)).await.auto_removed, 0);
    assert_eq!(credit_job(&app, d(2024, 7, 10)).await.auto_removed, 1);
    assert!(open(&entries(&app, org).await).is_empty());
    // A second minor penalty within three years: the serious list too.
    let res = app.call("/api/credit/penalty", &pairs(&penalty("fine", "3000", "2026-01-09"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(open(&entries(&app, org).await), vec![("abnormal", "penalty_minor"), ("serious", "penalties_repeated")]);
    // A fine of ¥50,000: serious.
    let res = app.call("/api/credit/penalty", &pairs(&penalty("fine", "50000", "2026-02-01"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert!(open(&entries(&app, org).await).contains(&("serious", "fine_large")));
    let page = app.get(&format!("/officer/credit/orgs/{org}")).await;
    assert!(
        page.body.contains("受到5万元以上罚款") || page.body.contains("fine_large") || page.body.contains("5万元以上"),
        "{}",
        page.body
    );
});

db_test!(two_returned_letters_within_the_window_list_an_organization_as_unreachable, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区失联协会", 3).await;
    let letter = |on: &'static str| {
        vec![("org_id".to_string(), org.to_string()), ("input[sent_on]".to_string(), on.to_string())]
    };
    app.call("/api/credit/letter", &pairs(&letter("2026-03-01"))).await;
    let res = app.call("/api/credit/letter", &pairs(&letter("2026-03-10"))).await;
    assert_eq!(res.body, "false", "9 days apart: not yet");
    let res = app.call("/api/credit/letter", &pairs(&letter("2026-03-20"))).await;
    assert_eq!(res.body, "true", "{}", res.body);
    assert_eq!(open(&entries(&app, org).await), vec![("abnormal", "unreachable")]);
});

db_test!(repair_is_refused_with_reasons_then_approved, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区修复协会", 4).await;
    let other = register(&mut app, "阳光市南山区旁人协会", 5).await;
    flag(&app, org, 2025).await;
    flag(&app, other, 2025).await;
    credit_job(&app, d(2026, 6, 1)).await;
    let entry = entries(&app, org).await[0].id;
    let other_entry = entries(&app, other).await[0].id;
    app.user("xiufu", "Xiufu#2026ok", Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("xiufu", "Xiufu#2026ok").await;
    // Another organization's entry: refused.
    let res = app.call("/api/credit/repair", &[("entry_id", &other_entry.to_string()), ("statement", "已补报")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call("/api/credit/repair", &[("entry_id", &entry.to_string()), ("statement", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .post_form(
            "/api/credit/repair",
            "/portal/credit",
            &[("entry_id", &entry.to_string()), ("statement", "已于6月5日补报2025年度工作报告")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let again = app.call("/api/credit/repair", &[("entry_id", &entry.to_string()), ("statement", "再次申请")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "one pending application at a time");
    assert!(app.get("/portal/credit").await.body.contains("修复申请审核中"));

    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let repairs = app::credit::service::pending_repair_list(&app.db).await.unwrap();
    assert_eq!(repairs.len(), 1);
    let id = repairs[0].id.to_string();
    let res = app.call("/api/credit/decide_repair", &[("id", &id), ("decision", "refuse"), ("reason", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "reasons are required to refuse");
    let res = app
        .call("/api/credit/decide_repair", &[("id", &id), ("decision", "refuse"), ("reason", "未见补报的报告")])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(open(&entries(&app, org).await).len(), 1);
    let mails = entity::mail_outbox::Entity::find()
        .filter(entity::mail_outbox::Column::ToAddr.eq("c4@example.org"))
        .all(&app.db)
        .await
        .unwrap();
    assert!(mails.iter().any(|m| m.body_text.contains("未见补报的报告")));

    app.logout().await;
    app.login("xiufu", "Xiufu#2026ok").await;
    let res =
        app.call("/api/credit/repair", &[("entry_id", &entry.to_string()), ("statement", "报告已提交，请核查")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let id = app::credit::service::pending_repair_list(&app.db).await.unwrap()[0].id.to_string();
    let res = app
        .post_form(
            "/api/credit/decide_repair",
            "/officer/credit/repairs",
            &[("id", &id), ("decision", "approve"), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let all = entries(&app, org).await;
    assert!(open(&all).is_empty());
    assert_eq!(all[0].removal_reason.as_deref(), Some("repaired"));
    // The same year is never listed again by the daily job.
    credit_job(&app, d(2026, 6, 10)).await;
    assert!(open(&entries(&app, org).await).is_empty());
});

db_test!(a_serious_entry_cannot_be_repaired_before_two_years, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区严重协会", 6).await;
    let res = app
        .call(
            "/api/credit/list",
            &[
                ("org_id", &org.to_string()),
                ("input[reason]", "defaulter"),
                ("input[listed_on]", "2026-01-05"),
                ("input[note]", "法院失信被执行人名单"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let entry = entries(&app, org).await[0].clone();
    assert_eq!((entry.list.as_str(), entry.reason.as_str()), ("serious", "defaulter"));
    // A mechanical reason cannot be chosen by decision.
    let res = app
        .call(
            "/api/credit/list",
            &[
                ("org_id", &org.to_string()),
                ("input[reason]", "missed_report"),
                ("input[listed_on]", "2026-01-05"),
                ("input[note]", "x"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    app.user("yanzhong", "Yanzhong#2026", Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("yanzhong", "Yanzhong#2026").await;
    let res = app.call("/api/credit/repair", &[("entry_id", &entry.id.to_string()), ("statement", "已履行")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_credit_repair_too_early"));
});

db_test!(a_zombie_case_goes_to_revocation_and_another_is_restored, |app| {
    app.officer().await;
    let a = register(&mut app, "阳光市南山区沉睡协会", 7).await;
    let b = register(&mut app, "阳光市南山区苏醒协会", 8).await;
    let c = register(&mut app, "阳光市南山区活跃协会", 9).await;
    for org in [a, b] {
        flag(&app, org, 2024).await;
        flag(&app, org, 2025).await;
    }
    flag(&app, c, 2025).await;
    // Two consecutive years missed: candidates. C missed one year only, but its
    // term ran out in 2025 with no activity since: a candidate as inactive.
    let run = credit_job(&app, d(2026, 6, 1)).await;
    assert_eq!(run.zombies_found, 3);
    assert_eq!(credit_job(&app, d(2026, 6, 1)).await.zombies_found, 0, "run twice: no new case");
    let cases = entity::zombie_case::Entity::find().all(&app.db).await.unwrap();
    let case = |org: i64| cases.iter().find(|z| z.org_id == org).unwrap();
    let (ca, cb, cc) = (case(a).id, case(b).id, case(c));
    assert!(case(a).missed_reports && case(b).missed_reports && case(a).status == "candidate");
    assert!(!cc.missed_reports && cc.inactive && !cc.unreachable);
    // Checked and found active: dismissed with reasons (and not reopened within a year).
    let res = app
        .call(
            "/api/credit/zombie_step",
            &[
                (&format!("ids[c{}]", cc.id) as &str, &cc.id.to_string() as &str),
                ("input[action]", "dismiss"),
                ("input[reason]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "a reason is required");
    let res = app
        .call(
            "/api/credit/zombie_step",
            &[
                (&format!("ids[c{}]", cc.id) as &str, &cc.id.to_string() as &str),
                ("input[action]", "dismiss"),
                ("input[reason]", "经核查正常开展活动"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(credit_job(&app, d(2026, 6, 2)).await.zombies_found, 0);

    // Bulk notice: letters by e-mail and a public announcement with the deadline.
    let ids = |list: &[i64]| -> Vec<(String, String)> {
        list.iter().map(|i| (format!("ids[c{i}]"), i.to_string())).collect()
    };
    let mut form = ids(&[ca, cb]);
    form.push(("input[action]".into(), "notify".into()));
    form.push(("input[reason]".into(), String::new()));
    let res = app.post_form("/api/credit/zombie_step", "/officer/zombies", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let notified = entity::zombie_case::Entity::find_by_id(ca).one(&app.db).await.unwrap().unwrap();
    assert_eq!(notified.status, "notified");
    assert!(notified.respond_by.is_some());
    let mails = entity::mail_outbox::Entity::find()
        .filter(entity::mail_outbox::Column::ToAddr.eq("c7@example.org"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body_text.contains("连续两年未报送年度工作报告"));
    let ann = app.get("/public/announcements").await;
    assert!(ann.body.contains("阳光市南山区沉睡协会") && ann.body.contains("阳光市南山区苏醒协会"), "{}", ann.body);
    // Revoking before the deadline is refused and changes nothing (the whole batch).
    let mut form = ids(&[ca]);
    form.push(("input[action]".into(), "revoke".into()));
    form.push(("input[reason]".into(), "逾期未说明".into()));
    let res = app.call("/api/credit/zombie_step", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);

    // B answers in the portal and is restored after rectification.
    app.user("suxing", "Suxing#2026ok", Role::OrgUser, Some(b)).await;
    app.logout().await;
    app.login("suxing", "Suxing#2026ok").await;
    assert!(app.get("/portal/credit").await.body.contains("id=\"zombie-notice\""));
    let res = app.call("/api/credit/zombie_respond", &[("response", "本会已恢复活动，并补报年度工作报告。")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let mut form = ids(&[cb]);
    form.push(("input[action]".into(), "restore".into()));
    form.push(("input[reason]".into(), "已完成整改".into()));
    assert_eq!(app.call("/api/credit/zombie_step", &pairs(&form)).await.status, StatusCode::OK);
    assert_eq!(entity::zombie_case::Entity::find_by_id(cb).one(&app.db).await.unwrap().unwrap().status, "restored");

    // A's deadline passes without an answer. Revocation is a penalty: without
    // a decided case the cleanup's "revoke" is refused and changes nothing.
    app::db::exec(&app.db, "UPDATE zombie_case SET respond_by = ? WHERE id = ?", vec![d(2026, 1, 1).into(), ca.into()])
        .await
        .unwrap();
    let revoke = vec![
        (format!("ids[c{ca}]"), ca.to_string()),
        ("input[action]".to_string(), "revoke".to_string()),
        ("input[reason]".to_string(), "逾期未说明情况".to_string()),
    ];
    let res = app.call("/api/credit/zombie_step", &pairs(&revoke)).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "{}", res.body);
    assert!(res.body.contains("err_revoke_needs_case"), "{}", res.body);
    assert_eq!(entity::zombie_case::Entity::find_by_id(ca).one(&app.db).await.unwrap().unwrap().status, "notified");
    // A penalty case from the zombie case decides the revocation (which revokes
    // the registration); the cleanup then records its outcome.
    sunshine_tests::fixtures::decided_revocation(&mut app, ca).await;
    let res = app.call("/api/credit/zombie_step", &pairs(&revoke)).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(entity::zombie_case::Entity::find_by_id(ca).one(&app.db).await.unwrap().unwrap().status, "revoked");
    let org = entity::organization::Entity::find_by_id(a).one(&app.db).await.unwrap().unwrap();
    assert_eq!(org.status, "revoked");
    assert!(open(&entries(&app, a).await).contains(&("serious", "revoked")));
    app.logout().await;
    assert!(app.get("/public/orgs?status=revoked").await.body.contains("阳光市南山区沉睡协会"));
    assert!(app.get("/public/credit?list=serious").await.body.contains("阳光市南山区沉睡协会"));
    // The revoked organization is never a candidate again.
    assert_eq!(credit_job(&app, d(2026, 12, 1)).await.zombies_found, 0);
    assert_eq!(
        app::audit::service::verify(&app.db).await.unwrap(),
        app::audit::types::ChainCheck::Intact { records: app.count("audit_log").await }
    );
});

db_test!(every_credit_and_report_page_renders_for_its_users, |app| {
    app.officer().await;
    let org = register(&mut app, "阳光市南山区页面协会", 10).await;
    flag(&app, org, 2024).await;
    flag(&app, org, 2025).await;
    credit_job(&app, d(2026, 6, 1)).await;
    for path in [
        "/officer/credit".to_string(),
        "/officer/credit?list=abnormal&state=all&q=%E9%A1%B5%E9%9D%A2".to_string(),
        format!("/officer/credit/orgs/{org}"),
        "/officer/credit/repairs".to_string(),
        "/officer/credit/scores?level=D".to_string(),
        "/officer/credit/kpis".to_string(),
        "/officer/zombies?status=candidate".to_string(),
        "/officer/reports?year=2025&status=draft".to_string(),
        "/officer/participation?year=2025&page=1".to_string(),
        "/officer/reports/import".to_string(),
        "/officer/credit/export.csv?list=abnormal".to_string(),
        "/officer/reports/export.csv?year=2025".to_string(),
    ] {
        let res = app.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        assert!(!res.body.contains("err_") && !res.body.contains("服务器内部错误"), "{path}: {}", res.body);
    }
    let kpis = app.get("/officer/credit/kpis").await.body;
    assert!(kpis.contains("<svg") && kpis.contains("id=\"kpi-abnormal\""));
    let scores = app.get("/officer/credit/scores?level=D").await.body;
    assert!(scores.contains("阳光市南山区页面协会"), "{scores}");
    app.user("yemian", "Yemian#2026ok", Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("yemian", "Yemian#2026ok").await;
    for path in ["/portal", "/portal/credit", "/portal/reports/2025"] {
        let res = app.get(path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert!(!res.body.contains("err_"), "{path}: {}", res.body);
    }
    // Officers' pages are not for organizations.
    let res = app.call("/api/credit/kpis", &[]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    app.logout().await;
    for path in ["/public/credit?list=serious", "/public/announcements", "/public/credit?q=x&page=2"] {
        assert_eq!(app.get(path).await.status, StatusCode::OK, "{path}");
    }
});

db_test!(the_language_switch_returns_to_the_same_page_with_its_query, |app| {
    let page = app.get("/public/credit?list=serious").await;
    assert!(page.body.contains("back=%2Fpublic%2Fcredit%3Flist%3Dserious"), "{}", page.body);
});
