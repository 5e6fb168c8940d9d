//! Annual reports end to end on SQLite and PostgreSQL: draft → submit →
//! return → resubmit → conclude; isolation between organizations;
//! attachments; reminders sent once each over SMTP; participation figures;
//! the import of past reports.

use app::auth::types::Role;
use chrono::NaiveDate;
use http::StatusCode;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use sunshine_tests::fixtures::report_form;
use sunshine_tests::{db_test, org_form, pairs, smtp::SmtpServer, test_settings, with_field, Backend, TestApp};

/// Registers an organization as an officer and returns (id, credit code).
async fn register(app: &mut TestApp, name: &str, t: &str, n: u32, date: &str, district: &str) -> (i64, String) {
    let form = with_field(&org_form(name, t, n), "input[registration_date]", date);
    let form = with_field(&form, "input[district]", district);
    app.register(&with_field(&form, "input[contact_email]", &format!("contact{n}@example.org"))).await
}

fn with(form: &[(String, String)], field: &str, value: &str) -> Vec<(String, String)> {
    let key = format!("input[form][{field}]");
    form.iter().map(|(k, v)| (k.clone(), if *k == key { value.to_string() } else { v.clone() })).collect()
}

fn save_fields(form: &[(String, String)], year: i32, version: i32, intent: &str) -> Vec<(String, String)> {
    let mut v = vec![
        ("input[year]".to_string(), year.to_string()),
        ("input[version]".to_string(), version.to_string()),
        ("input[intent]".to_string(), intent.to_string()),
    ];
    v.extend(form.iter().cloned());
    v
}

async fn report(app: &TestApp, org: i64, year: i32) -> entity::annual_report::Model {
    entity::annual_report::Entity::find()
        .filter(entity::annual_report::Column::OrgId.eq(org))
        .filter(entity::annual_report::Column::ReportYear.eq(year))
        .one(&app.db)
        .await
        .unwrap()
        .expect("a report")
}

db_test!(a_report_goes_from_draft_to_submitted_returned_resubmitted_and_concluded, |app| {
    app.officer().await;
    let (org, _) = register(&mut app, "阳光市南山区摄影协会", "social_group", 1, "2024-03-15", "南山区").await;
    app.user("sheying", "Sheying#2026", Role::OrgUser, Some(org)).await;
    app.logout().await;
    app.login("sheying", "Sheying#2026").await;

    // The portal lists the obligation with its deadline (31 May for a 社会团体).
    let portal = app.get("/portal").await;
    assert!(portal.body.contains("2026-05-31"), "{}", portal.body);
    assert!(portal.body.contains("阳光市南山区摄影协会"));

    // A draft saves with a balance error (drafts save at any time) and the check is shown.
    let form = report_form();
    let broken = with(&form, "net_assets", "300000");
    let res = app
        .post_form("/api/reports/save", "/portal/reports/2025", &pairs(&save_fields(&broken, 2025, 0, "save")))
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some("/portal/reports/2025"));
    let r = report(&app, org, 2025).await;
    assert_eq!((r.status.as_str(), r.version), ("draft", 1));
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("资产总额应等于负债与净资产之和"), "{}", page.body);
    assert!(page.body.contains("300000"), "the draft keeps what was typed");

    // Submitting it is refused with the field named, and nothing changes.
    let res = app.call("/api/reports/save", &pairs(&save_fields(&broken, 2025, 1, "submit"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("net_assets") && res.body.contains("err_report_balance"), "{}", res.body);
    let r = report(&app, org, 2025).await;
    assert_eq!((r.status.as_str(), r.version), ("draft", 1));
    // With JavaScript off the same refusal comes back to the form with the field's error.
    let res = app
        .post_form("/api/reports/save", "/portal/reports/2025", &pairs(&save_fields(&broken, 2025, 1, "submit")))
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("id=\"f-net_assets-error\""), "{}", page.body);

    // Fixed, it submits; the figures are stored and the report is locked.
    let res = app.call("/api/reports/save", &pairs(&save_fields(&form, 2025, 1, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let r = report(&app, org, 2025).await;
    assert_eq!(r.status, "submitted");
    assert_eq!((r.income_total, r.net_assets), (Some(20_000_000), Some(40_000_000)));
    assert!(r.first_submitted_at.is_some());
    let again = app.call("/api/reports/save", &pairs(&save_fields(&form, 2025, 2, "save"))).await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert!(again.body.contains("err_report_locked"));

    // The officer sees it in the queue and returns it; a comment is required.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let queue = app.get("/officer/reports").await;
    assert!(queue.body.contains("阳光市南山区摄影协会"), "{}", queue.body);
    let id = r.id.to_string();
    let res =
        app.call("/api/reports/review", &[("id", &id), ("input[decision]", "return"), ("input[comment]", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("comment"));
    let res = app
        .post_form(
            "/api/reports/review",
            &format!("/officer/reports/{id}"),
            &[("id", &id), ("input[decision]", "return"), ("input[comment]", "请补充志愿者服务时长。")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(report(&app, org, 2025).await.status, "returned");
    for to in ["contact1@example.org", "sheying@example.org"] {
        let mails = app.mails_to(to).await;
        assert_eq!(mails.len(), 1, "one e-mail to {to}");
        assert!(mails[0].body_text.contains("请补充志愿者服务时长"));
    }

    // The organization sees the comment, corrects and resubmits.
    app.logout().await;
    app.login("sheying", "Sheying#2026").await;
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("请补充志愿者服务时长"));
    let fixed = with(&form, "volunteers", "26");
    let version = report(&app, org, 2025).await.version;
    let res = app.call("/api/reports/save", &pairs(&save_fields(&fixed, 2025, version, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report(&app, org, 2025).await.status, "submitted");

    // The officer concludes 基本合格: reasons are required.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let review = app.get(&format!("/officer/reports/{id}")).await;
    assert!(review.body.contains("id=\"conclude-form\""), "{}", review.body);
    let res = app
        .call("/api/reports/review", &[("id", &id), ("input[decision]", "conclude"), ("input[conclusion]", "basic")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = app
        .call(
            "/api/reports/review",
            &[
                ("id", &id),
                ("input[decision]", "conclude"),
                ("input[conclusion]", "basic"),
                ("input[comment]", "理事会未按章程规定召开。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let r = report(&app, org, 2025).await;
    assert_eq!((r.status.as_str(), r.conclusion.as_deref()), ("concluded", Some("basic")));
    // A concluded report is not reviewed twice.
    let res = app
        .call(
            "/api/reports/review",
            &[("id", &id), ("input[decision]", "conclude"), ("input[conclusion]", "qualified")],
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);

    // The conclusion is public with summary figures only.
    app.logout().await;
    let public = app.get(&format!("/public/orgs/{org}")).await;
    assert!(public.body.contains("基本合格"), "{}", public.body);
    assert!(public.body.contains("200,000.00") && public.body.contains("400,000.00"));
    assert!(!public.body.contains("举办摄影培训"), "activities are not public");
    // The history and the audit trail have every step.
    let kinds: Vec<String> = entity::report_event::Entity::find()
        .filter(entity::report_event::Column::ReportId.eq(r.id))
        .all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.kind)
        .collect();
    assert_eq!(kinds, vec!["submitted", "returned", "resubmitted", "concluded_basic"]);
    assert_eq!(
        app::audit::service::verify(&app.db).await.unwrap(),
        app::audit::types::ChainCheck::Intact { records: app.count("audit_log").await }
    );
});

db_test!(an_organization_can_neither_read_nor_write_another_organizations_report, |app| {
    app.officer().await;
    let (a, _) = register(&mut app, "阳光市南山区甲协会", "social_group", 11, "2024-01-10", "南山区").await;
    let (b, _) = register(&mut app, "阳光市福田区乙协会", "social_group", 12, "2024-01-10", "福田区").await;
    app.user("jia", "Jia#2026pass", Role::OrgUser, Some(a)).await;
    app.user("yi", "Yi#2026pass", Role::OrgUser, Some(b)).await;
    app.logout().await;
    app.login("jia", "Jia#2026pass").await;
    let pdf = b"%PDF-1.4\n% audit report\n".to_vec();
    let up =
        app.upload_fields("/portal/reports/2025/attachments", &[("kind", "audit_report")], "审计报告.pdf", &pdf).await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    // The upload made a draft (version 1); submit it.
    let res = app.call("/api/reports/save", &pairs(&save_fields(&report_form(), 2025, 1, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let report_a = report(&app, a, 2025).await;
    let att = entity::report_attachment::Entity::find().one(&app.db).await.unwrap().unwrap();

    app.logout().await;
    app.login("yi", "Yi#2026pass").await;
    // Reading A's report by id, its attachment, or the officers' pages is refused.
    let res = app.call("/api/reports/get", &[("id", &report_a.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.get(&format!("/files/attachments/{}", att.id)).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call("/api/reports/queue", &[("filter[q]", "")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // B's own report page shows B's (empty) report, never A's figures.
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("阳光市福田区乙协会") || page.body.contains("2025"));
    assert!(!page.body.contains("举办摄影培训"));
    // A save by B writes B's report only; A's is untouched.
    let res = app
        .call("/api/reports/save", &pairs(&save_fields(&with(&report_form(), "volunteers", "99"), 2025, 0, "save")))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(report(&app, b, 2025).await.status, "draft");
    let again = report(&app, a, 2025).await;
    assert_eq!((again.status.as_str(), again.version), ("submitted", report_a.version));
    // An organization deregistered before the deadline owes no report: its save is refused.
    let left = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
    app::db::exec(
        &app.db,
        "UPDATE organization SET status = 'deregistered', status_date = ? WHERE id = ?",
        vec![left.into(), b.into()],
    )
    .await
    .unwrap();
    let res = app.call("/api/reports/save", &pairs(&save_fields(&report_form(), 2025, 1, "save"))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("year"), "{}", res.body);
    assert_eq!(report(&app, b, 2025).await.version, 1, "nothing changed");
    // Anonymous users are sent to sign in; officers may read both.
    app.logout().await;
    let res = app.get(&format!("/files/attachments/{}", att.id)).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    app.login("officer1", "Officer#Pass1").await;
    let res = app.get(&format!("/files/attachments/{}", att.id)).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.bytes, pdf);
    assert_eq!(res.headers.get("x-content-type-options").unwrap(), "nosniff");
    assert!(res.headers.get("content-disposition").unwrap().to_str().unwrap().starts_with("attachment"));
    assert_eq!(
        res.headers.get("content-security-policy").unwrap(),
        "default-src 'none'; sandbox",
        "a file runs nothing"
    );
});

db_test!(attachments_are_checked_by_content_and_size_and_only_while_editable, |app| {
    app.officer().await;
    let (a, _) = register(&mut app, "阳光市南山区丙协会", "social_group", 21, "2024-01-10", "南山区").await;
    app.user("bing", "Bing#2026pass", Role::OrgUser, Some(a)).await;
    app.logout().await;
    app.login("bing", "Bing#2026pass").await;
    // An executable renamed to .pdf is refused, and so is an empty upload.
    let res =
        app.upload_fields("/portal/reports/2025/attachments", &[("kind", "other")], "x.pdf", b"MZ\x90\x00binary").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("report_attachment").await, 0);
    let page = app.get("/portal/reports/2025").await;
    assert!(page.body.contains("只接受 PDF、PNG 或 JPEG 文件"), "{}", page.body);
    // A PNG is accepted.
    let png = [&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A][..], b"image"].concat();
    app.upload_fields("/portal/reports/2025/attachments", &[("kind", "other")], "照片.png", &png).await;
    assert_eq!(app.count("report_attachment").await, 1);
    assert!(app.get("/portal/reports/2025").await.body.contains("照片.png"));
    // Over the limit: refused.
    let big = [b"%PDF-1.4\n".as_slice(), &vec![b'x'; 10 * 1024 * 1024 + 1]].concat();
    app.upload_fields("/portal/reports/2025/attachments", &[("kind", "audit_report")], "big.pdf", &big).await;
    assert_eq!(app.count("report_attachment").await, 1);
    // After submission nothing more can be attached.
    let res = app.call("/api/reports/save", &pairs(&save_fields(&report_form(), 2025, 1, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let pdf = b"%PDF-1.4 late".to_vec();
    app.upload_fields("/portal/reports/2025/attachments", &[("kind", "other")], "late.pdf", &pdf).await;
    assert_eq!(app.count("report_attachment").await, 1);
});

db_test!(participation_counts_the_obliged_and_the_filed_by_district_and_type, |app| {
    app.officer().await;
    let (g1, _) = register(&mut app, "阳光市南山区一协会", "social_group", 31, "2020-05-01", "南山区").await;
    let (_g2, c2) = register(&mut app, "阳光市南山区二协会", "social_group", 32, "2025-06-30", "南山区").await;
    let (_f, cf) = register(&mut app, "阳光市福田区三基金会", "foundation", 33, "2025-12-01", "福田区").await;
    // Registered after 30 June 2025: a 社会服务机构 need not report for 2025.
    register(&mut app, "阳光市福田区四服务中心", "social_service", 34, "2025-07-01", "福田区").await;
    // Registered in 2026: not obliged for 2025.
    register(&mut app, "阳光市福田区五协会", "social_group", 35, "2026-01-05", "福田区").await;
    app.user("yi1", "Yi1#2026pass", Role::OrgUser, Some(g1)).await;
    app.logout().await;
    app.login("yi1", "Yi1#2026pass").await;
    let res = app.call("/api/reports/save", &pairs(&save_fields(&report_form(), 2025, 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;

    let p = app::reports::service::participation(&app.db, &app.state.settings, 2025, 0).await.unwrap();
    assert_eq!((p.overall.obliged, p.overall.filed), (3, 1));
    assert_eq!(p.overall.permille(), 333);
    let by = |list: &[app::reports::types::Participation], label: &str| {
        list.iter().find(|x| x.label == label).map(|x| (x.obliged, x.filed))
    };
    assert_eq!(by(&p.by_district, "南山区"), Some((2, 1)));
    assert_eq!(by(&p.by_district, "福田区"), Some((1, 0)));
    assert_eq!(by(&p.by_type, "social_group"), Some((2, 1)));
    assert_eq!(by(&p.by_type, "foundation"), Some((1, 0)));
    assert_eq!(by(&p.by_type, "social_service"), None);
    assert_eq!(p.non_filer_total, 2);

    // The page shows the rate against the 97% target with a chart; the CSV lists the non-filers.
    let page = app.get("/officer/participation?year=2025").await;
    assert!(page.body.contains("33.3%") && page.body.contains("97.0%"), "{}", page.body);
    assert!(page.body.contains("<svg"));
    let csv = app.get("/officer/participation/non-filers.csv?year=2025").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let lines: Vec<&str> = csv.body.trim_end().lines().collect();
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(csv.body.contains(&c2) && csv.body.contains(&cf));
    assert!(csv.body.contains("2026-03-31"), "a foundation's deadline is 31 March");
});

db_test!(reminders_go_thirty_and_seven_days_before_and_after_the_deadline_each_once, |app| {
    app.officer().await;
    let (filed, _) = register(&mut app, "阳光市南山区已报协会", "social_group", 41, "2020-05-01", "南山区").await;
    let (late, _) = register(&mut app, "阳光市南山区未报协会", "social_group", 42, "2020-05-01", "南山区").await;
    app.user("late", "Late#2026pass", Role::OrgUser, Some(late)).await;
    app.user("filed", "Filed#2026pass", Role::OrgUser, Some(filed)).await;
    app.logout().await;
    app.login("filed", "Filed#2026pass").await;
    let res = app.call("/api/reports/save", &pairs(&save_fields(&report_form(), 2025, 0, "submit"))).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let before = app.count("mail_outbox").await;

    let s = app.state.settings.clone();
    let day = |m, d| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let run = |d: NaiveDate| {
        let (db, s) = (app.db.clone(), s.clone());
        async move { app::reports::jobs::run_daily(&db, &s, d).await.unwrap() }
    };
    assert_eq!(run(day(4, 30)).await.reminders, 0, "31 days before: nothing yet");
    assert_eq!(run(day(5, 1)).await.reminders, 1, "30 days before");
    assert_eq!(run(day(5, 1)).await.reminders, 0, "the same day again: nothing");
    assert_eq!(run(day(5, 10)).await.reminders, 0, "still the 30-day reminder: already sent");
    assert_eq!(run(day(5, 24)).await.reminders, 1, "7 days before");
    let r = run(day(5, 31)).await;
    assert_eq!((r.reminders, r.flagged), (0, 0), "the deadline day itself: no flag yet");
    let r = run(day(6, 1)).await;
    assert_eq!((r.reminders, r.flagged), (1, 1), "the day after: overdue reminder and the credit flag");
    let r = run(day(6, 1)).await;
    assert_eq!((r.reminders, r.flagged), (0, 0));
    // Two mails per reminder: the contact address and the portal user.
    assert_eq!(app.count("mail_outbox").await - before, 6);
    assert!(app.mails_to("contact41@example.org").await.is_empty(), "the organization that filed hears nothing");
    // The flag shows on the portal.
    app.logout().await;
    app.login("late", "Late#2026pass").await;
    assert!(app.get("/portal").await.body.contains("逾期未报"));

    // Delivered over SMTP, each once.
    let smtp = SmtpServer::start();
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.smtp_url = Some(smtp.url());
    let mailer = server::mailer::Mailer::from_config(&cfg).unwrap();
    let (sent, failed) = server::mailer::run_once(&app.db, &mailer).await.unwrap();
    assert_eq!(failed, 0);
    assert!(sent >= 6);
    let (sent_again, _) = server::mailer::run_once(&app.db, &mailer).await.unwrap();
    assert_eq!(sent_again, 0);
    let messages = smtp.messages();
    let to_late: Vec<&String> = messages.iter().filter(|m| m.contains("contact42@example.org")).collect();
    assert_eq!(to_late.len(), 3, "d30, d7 and overdue, each once");
});

db_test!(past_reports_import_atomically_with_row_errors_and_reimport_changes_nothing, |app| {
    app.officer().await;
    let (org, code) = register(&mut app, "阳光市南山区历史协会", "social_group", 51, "2018-05-01", "南山区").await;
    let header = app::reports::types::IMPORT_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(",");
    let good = format!(
        "{header}\r\n{code},2023,100,0,0,50,0,0,150,100,20,0,0,120,900,100,800,合格,\r\n\
         {code},2024,100,0,0,50,0,0,150,100,20,0,0,120,900,100,800,基本合格,财务制度不健全\r\n"
    );
    let bad = format!(
        "{header}\r\n{code},2023,100,0,0,50,0,0,150,100,20,0,0,120,900,100,800,合格,\r\n\
         91440300MA5XXXXX0X,2024,100,0,0,0,0,0,100,100,0,0,0,100,900,100,800,合格,\r\n\
         {code},2024,100,0,0,50,0,0,151,100,20,0,0,120,900,100,800,良好,\r\n"
    );
    // A bad file writes nothing and names each row's problem.
    let (gbk, _, _) = encoding_rs::GBK.encode(&bad);
    let res = app.upload("/officer/reports/import/upload", "历年年报.csv", &gbk).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let job_url = res.location().unwrap();
    let job_id: i64 = job_url.rsplit('/').next().unwrap().parse().unwrap();
    let job = wait_for_job(&app, job_id).await;
    assert_eq!(job.status, "failed");
    let errors: Vec<(u64, String)> = job.errors.iter().map(|e| (e.line, e.reason.clone())).collect();
    assert!(errors.contains(&(3, "err_import_unknown_code".into())), "{errors:?}");
    assert!(errors.contains(&(4, "err_report_income_total".into())), "{errors:?}");
    assert!(errors.contains(&(4, "err_import_conclusion".into())), "{errors:?}");
    assert_eq!(app.count("annual_report").await, 0);
    // A good file writes both years; the same file again changes nothing.
    let res = app.upload("/officer/reports/import/upload", "历年年报.csv", good.as_bytes()).await;
    let job = wait_for_job(&app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let res = app.upload("/officer/reports/import/upload", "历年年报.csv", good.as_bytes()).await;
    let job = wait_for_job(&app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 0, 2));
    assert_eq!(app.count("annual_report").await, 2);
    let r = report(&app, org, 2024).await;
    assert_eq!((r.status.as_str(), r.conclusion.as_deref()), ("concluded", Some("basic")));
    // Imported history counts as last year's report for the comparison.
    let page = app.get(&format!("/officer/reports/{}", r.id)).await;
    assert!(page.body.contains("2023"), "{}", page.body);
    let public = app.get(&format!("/public/orgs/{org}")).await;
    assert!(public.body.contains("基本合格") && public.body.contains("合格"));
});

async fn wait_for_job(app: &TestApp, id: i64) -> app::registry::types::ImportJobView {
    for _ in 0..200 {
        let job = app::kernel::import::get(&app.db, id).await.unwrap();
        if job.status == "done" || job.status == "failed" {
            return job;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("import job {id} did not finish");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_deadline_setting_overrides_the_regulations_for_the_filing_year() {
    let mut settings = test_settings();
    settings.report_deadline = Some(NaiveDate::from_ymd_opt(2026, 4, 30).unwrap());
    let mut app = TestApp::with_settings(Backend::Sqlite, settings).await;
    app.officer().await;
    register(&mut app, "阳光市南山区设置协会", "social_group", 61, "2020-05-01", "南山区").await;
    let p = app::reports::service::participation(&app.db, &app.state.settings, 2025, 0).await.unwrap();
    assert_eq!(p.non_filers[0].deadline, "2026-04-30");
    let r = app::reports::jobs::run_daily(&app.db, &app.state.settings, NaiveDate::from_ymd_opt(2026, 5, 1).unwrap())
        .await
        .unwrap();
    assert_eq!((r.reminders, r.flagged), (1, 1));
}
