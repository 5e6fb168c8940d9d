//! Partner departments and joint campaigns (部门联合双随机抽查, issue 21) on
//! SQLite and PostgreSQL: departments kept by officers (bad input refused,
//! nothing changed), inspectors by department through the form and the CSV
//! (older files without the column still import), a joint draw whose teams
//! have the bureau and every department and that re-runs exactly, each
//! department's list e-mailed over SMTP, results by department on the public
//! page and in the CSV; charities-only campaigns sized at the charity share.

use std::collections::HashMap;

use app::auth::types::Role;
use base64::Engine;
use chrono::{Duration, Utc};
use entity::{inspection_campaign, inspection_target, inspector};
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sunshine_tests::{db_test, org_form, smtp::SmtpServer, with_field, TestApp};

async fn register(app: &mut TestApp, name: &str, t: &str, n: u32) -> (i64, String) {
    let form = with_field(&org_form(name, t, n), "input[district]", "南山区");
    app.register(&with_field(&form, "input[contact_email]", &format!("org{n}@example.org"))).await
}

async fn department(app: &mut TestApp, name: &str, code: &str, email: &str) -> i64 {
    let res = app
        .call(
            "/api/inspection/department/save",
            &[("id", "0"), ("input[name]", name), ("input[code]", code), ("input[contact_email]", email)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body.trim().parse().unwrap()
}

/// An inspector of `department` (a code; empty: the bureau), with an account.
async fn inspector_of(app: &mut TestApp, user: &str, name: &str, department: &str, cert: &str) -> i64 {
    let email = format!("{user}@example.org");
    app.user(user, "Inspect#2026", Role::Inspector, None).await;
    let res = app
        .call(
            "/api/inspection/inspector/save",
            &[
                ("id", "0"),
                ("input[name]", name),
                ("input[unit]", if department.is_empty() { "市民政局" } else { department }),
                ("input[email]", &email),
                ("input[cert_no]", cert),
                ("input[cert_valid_until]", "2099-12-31"),
                ("input[active]", "on"),
                ("input[department]", department),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body.trim().parse().unwrap()
}

fn plan<'a>(from: &'a str, to: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("input[name]", "2026年部门联合抽查"),
        ("input[year]", "2026"),
        ("input[kind]", "special"),
        ("input[strata_by]", "none"),
        ("input[size_mode]", "count"),
        ("input[size_value]", "3"),
        ("input[risk_percent]", "0"),
        ("input[per_target]", "2"),
        ("input[max_per_inspector]", "10"),
        ("input[period_from]", from),
        ("input[period_to]", to),
        ("input[items]", "年度报告\n财务管理"),
        ("input[beacon_source]", "2026-11-22 福彩3D开奖号码"),
    ]
}

fn csv_attachment(message: &str) -> String {
    let start = message.find("Content-Type: text/csv").expect("a CSV part");
    let part = &message[start..];
    let body_start = part.find("\r\n\r\n").map(|i| i + 4).or_else(|| part.find("\n\n").map(|i| i + 2)).unwrap();
    let body = &part[body_start..];
    let end = body.find("\n--").unwrap_or(body.len());
    let encoded: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64");
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

/// (target id → [(inspector, department)]) on record.
async fn teams(app: &TestApp) -> HashMap<i64, Vec<(i64, Option<i64>)>> {
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT target_id, inspector_id, department_id FROM inspection_assignment ORDER BY target_id, position",
        ))
        .await
        .unwrap();
    let mut out: HashMap<i64, Vec<(i64, Option<i64>)>> = HashMap::new();
    for r in rows {
        out.entry(r.try_get("", "target_id").unwrap())
            .or_default()
            .push((r.try_get("", "inspector_id").unwrap(), r.try_get("", "department_id").unwrap()));
    }
    out
}

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

async fn import(app: &mut TestApp, csv: &str) -> app::registry::types::ImportJobView {
    let res = app.upload("/officer/inspectors/import/upload", "检查人员.csv", csv.as_bytes()).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    wait_for_job(app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await
}

async fn department_of(app: &TestApp, cert: &str) -> Option<i64> {
    inspector::Entity::find()
        .filter(inspector::Column::CertNo.eq(cert))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap()
        .department_id
}

db_test!(partner_departments_and_inspectors_by_department_through_the_form_and_the_csv, |app| {
    app.officer().await;
    // Bad input: every field at once, nothing written.
    let res = app
        .call(
            "/api/inspection/department/save",
            &[("id", "0"), ("input[name]", " "), ("input[code]", "S A"), ("input[contact_email]", "nope")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for e in ["\"name\"", "err_joint_code", "err_email"] {
        assert!(res.body.contains(e), "{e}: {}", res.body);
    }
    assert_eq!(app.count("partner_department").await, 0);
    let samr = department(&mut app, "市市场监督管理局", "samr", "samr@example.gov.cn").await;
    let tax = department(&mut app, "市税务局", "TAX", "tax@example.gov.cn").await;
    let res = app
        .call(
            "/api/inspection/department/save",
            &[
                ("id", "0"),
                ("input[name]", "市市场监督管理局"),
                ("input[code]", "SAMR"),
                ("input[contact_email]", "x@example.org"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_joint_department_taken"), "{}", res.body);
    assert_eq!(app.count("partner_department").await, 2);
    let audit = app.count("audit_log").await;
    let res = app
        .call(
            "/api/inspection/department/save",
            &[
                ("id", &tax.to_string()),
                ("input[name]", "国家税务总局阳光市税务局"),
                ("input[code]", "TAX"),
                ("input[contact_email]", "tax@example.gov.cn"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(app.count("audit_log").await, audit + 1, "audited");
    let page = app.get("/officer/departments").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("国家税务总局阳光市税务局") && page.body.contains("department-form"), "{}", page.body);
    assert!(app.get(&format!("/officer/departments/{samr}")).await.body.contains("samr@example.gov.cn"));

    // The form: a department by code; an unknown one is refused, nothing written.
    let a = inspector_of(&mut app, "ja", "市场甲", "SAMR", "SC-0001").await;
    assert_eq!(department_of(&app, "SC-0001").await, Some(samr));
    inspector_of(&mut app, "jb", "本局乙", "", "MZ-0001").await;
    app.user("jc", "Inspect#2026", Role::Inspector, None).await;
    let res = app
        .call(
            "/api/inspection/inspector/save",
            &[
                ("id", "0"),
                ("input[name]", "未知丙"),
                ("input[unit]", "某局"),
                ("input[email]", "jc@example.org"),
                ("input[cert_no]", "XX-0001"),
                ("input[cert_valid_until]", "2099-12-31"),
                ("input[department]", "NOPE"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_joint_unknown_department"), "{}", res.body);
    assert_eq!(app.count("inspector").await, 2);
    // The directory shows and filters by department.
    let all = app.get("/officer/inspectors").await;
    assert!(all.body.contains("市市场监督管理局") && all.body.contains("filter-department"), "{}", all.body);
    let only = app.get("/officer/inspectors?department=SAMR").await;
    assert!(only.body.contains("市场甲") && !only.body.contains("本局乙"));
    let bureau = app.get("/officer/inspectors?department=bureau").await;
    assert!(!bureau.body.contains("市场甲") && bureau.body.contains("本局乙"));
    let form = app.get(&format!("/officer/inspectors/{a}")).await;
    assert!(form.body.contains("<option value=\"SAMR\" selected"), "the form shows the department");

    // The CSV: exported with the department, re-imported unchanged.
    let export = app.get("/officer/inspectors/export.csv").await;
    let header = export.body.trim_start_matches('\u{feff}').lines().next().unwrap().to_string();
    assert!(header.ends_with(",所属部门"), "{header}");
    assert!(export.body.contains("市市场监督管理局"));
    let job = import(&mut app, &export.body).await;
    assert_eq!((job.status.as_str(), job.unchanged_rows), ("done", 2), "{:?}", job.errors);
    // An older file without the column: imports, and keeps each inspector's department.
    let old_header = app::inspection::types::INSPECTOR_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(",");
    let old = format!(
        "{old_header}\r\n市场甲,市市场监督管理局,ja@example.org,0755-2,SC-0001,2099-12-31,,是\r\n\
         新人丁,市民政局,jd@example.org,,MZ-0002,2099-12-31,,是\r\n"
    );
    let job = import(&mut app, &old).await;
    assert_eq!(job.status, "done", "{:?}", job.errors);
    assert_eq!(department_of(&app, "SC-0001").await, Some(samr), "kept");
    assert_eq!(department_of(&app, "MZ-0002").await, None, "new ones join the bureau");
    // With the column: by name or code; an unknown one fails the whole file.
    let new = format!(
        "{old_header},所属部门\r\n税务戊,市税务局,jt@example.org,,TX-0001,2099-12-31,,是,TAX\r\n\
         未知己,某局,jx@example.org,,XX-0002,2099-12-31,,是,不存在的局\r\n"
    );
    let before = app.count("inspector").await;
    let job = import(&mut app, &new).await;
    assert_eq!(job.status, "failed");
    assert!(
        job.errors.iter().any(|e| e.line == 3 && e.column == "所属部门" && e.reason == "err_joint_unknown_department"),
        "{:?}",
        job.errors
    );
    assert_eq!(app.count("inspector").await, before, "nothing written");
    let good = new.replace("不存在的局", "国家税务总局阳光市税务局");
    let job = import(&mut app, &good).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    assert_eq!(department_of(&app, "TX-0001").await, Some(tax));
    assert_eq!(department_of(&app, "XX-0002").await, Some(tax), "by name");
});

db_test!(
    a_joint_campaign_draws_teams_by_department_mails_each_department_and_publishes_findings_by_department,
    |app| {
        app.officer().await;
        let mut orgs = Vec::new();
        for n in 0..5u32 {
            orgs.push(register(&mut app, &format!("阳光市联合抽查第{n}协会"), "social_group", 80 + n).await);
        }
        let samr = department(&mut app, "市市场监督管理局", "SAMR", "samr@example.gov.cn").await;
        let tax = department(&mut app, "市税务局", "TAX", "tax@example.gov.cn").await;
        let police = department(&mut app, "市公安局", "PSB", "psb@example.gov.cn").await;
        let b1 = inspector_of(&mut app, "jb1", "本局一", "", "MZ-0101").await;
        let b2 = inspector_of(&mut app, "jb2", "本局二", "", "MZ-0102").await;
        let s1 = inspector_of(&mut app, "js1", "市场一", "SAMR", "SC-0101").await;
        let s2 = inspector_of(&mut app, "js2", "市场二", "SAMR", "SC-0102").await;
        let t1 = inspector_of(&mut app, "jt1", "税务一", "TAX", "TX-0101").await;
        let p1 = inspector_of(&mut app, "jp1", "公安一", "PSB", "PS-0101").await;
        let users: HashMap<i64, &str> =
            [(b1, "jb1"), (b2, "jb2"), (s1, "js1"), (s2, "js2"), (t1, "jt1"), (p1, "jp1")].into_iter().collect();

        let today = app::kernel::clock::today();
        let from = (today - Duration::days(7)).to_string();
        let to = (today + Duration::days(30)).to_string();
        // A department that does not exist is refused, nothing written.
        let mut bad = plan(&from, &to);
        bad.push(("input[departments][d9999]", "on"));
        let res = app.call("/api/inspection/campaign/create", &bad).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert!(res.body.contains("departments"), "{}", res.body);
        assert_eq!(app.count("inspection_campaign").await, 0);
        let page = app.get("/officer/inspections/new").await;
        assert!(page.body.contains(&format!("input[departments][d{samr}]")), "the form offers the departments");
        let mut fields = plan(&from, &to);
        let (ks, kt) = (format!("input[departments][d{samr}]"), format!("input[departments][d{tax}]"));
        fields.push((&ks, "on"));
        fields.push((&kt, "on"));
        let res = app.call("/api/inspection/campaign/create", &fields).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let id: i64 = res.body.trim().parse().unwrap();
        let res = app.call("/api/inspection/campaign/freeze", &[("id", &id.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let frozen = inspection_campaign::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        let pool = frozen.inspector_pool.clone().unwrap();
        assert!(!pool.contains(&format!("\"id\":{p1},")), "the police are not in this campaign's pool: {pool}");
        let res = app
            .call("/api/inspection/campaign/draw", &[("id", &id.to_string()), ("input[beacon_value]", "5 3 8")])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let drawn = inspection_campaign::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(drawn.algorithm.as_deref(), Some(app::domain::joint_draw::ALGORITHM));
        let ts = inspection_target::Entity::find()
            .order_by_asc(inspection_target::Column::Position)
            .all(&app.db)
            .await
            .unwrap();
        assert_eq!(ts.len(), 3);
        let on_record = teams(&app).await;
        for t in &ts {
            let team = &on_record[&t.id];
            assert_eq!(team.len(), 3, "one bureau inspector and one per department: {team:?}");
            assert_eq!(team[0].1, None);
            assert!([b1, b2].contains(&team[0].0));
            assert_eq!(team[1].1, Some(samr));
            assert!([s1, s2].contains(&team[1].0));
            assert_eq!(team[2], (t1, Some(tax)));
        }
        // The draw re-runs exactly; a team changed on record does not verify.
        assert!(app::inspection::service::verify(&app.db, id).await.unwrap().ok());
        let first = on_record[&ts[0].id][1].0;
        let other = if first == s1 { s2 } else { s1 };
        let swap = |from: i64, to: i64| {
            app::db::exec(
                &app.db,
                "UPDATE inspection_assignment SET inspector_id = ? WHERE target_id = ? AND inspector_id = ?",
                vec![to.into(), ts[0].id.into(), from.into()],
            )
        };
        swap(first, other).await.unwrap();
        let v = app::inspection::service::verify(&app.db, id).await.unwrap();
        assert!(v.targets_ok && !v.inspectors_ok, "{v:?}");
        swap(other, first).await.unwrap();
        assert!(app::inspection::service::verify(&app.db, id).await.unwrap().ok());
        // The campaign page shows the departments and their assignments.
        let page = app.get(&format!("/officer/inspections/{id}")).await;
        assert!(page.body.contains("joint-departments") && page.body.contains("税务一"), "{}", page.body);
        let public = app.get(&format!("/public/inspections/{id}")).await;
        assert!(public.body.contains("市市场监督管理局") && !public.body.contains("税务一"), "names stay private");

        // Every inspector's list, and each department's list to its contact, over SMTP.
        let smtp = SmtpServer::start();
        let mut cfg = server::config::Config::from_env().unwrap();
        cfg.smtp_url = Some(smtp.url());
        let mailer = server::mailer::Mailer::from_config(&cfg).unwrap();
        app::db::exec(&app.db, "UPDATE mail_outbox SET next_attempt_at = ?", vec![Utc::now().into()]).await.unwrap();
        let (sent, failed) = server::mailer::run_once(&app.db, &mailer).await.unwrap();
        assert_eq!(failed, 0);
        let mut messages = smtp.messages();
        for _ in 0..50 {
            if messages.len() >= sent {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
            messages = smtp.messages();
        }
        assert_eq!(messages.len(), sent);
        for (contact, ours) in [("samr@example.gov.cn", vec![s1, s2]), ("tax@example.gov.cn", vec![t1])] {
            let to_dept: Vec<&String> = messages.iter().filter(|m| m.contains(contact)).collect();
            assert_eq!(to_dept.len(), 1, "{contact}");
            let csv = csv_attachment(to_dept[0]);
            let rows: Vec<&str> = csv.lines().skip(1).collect();
            let mine: Vec<&inspection_target::Model> =
                ts.iter().filter(|t| on_record[&t.id].iter().any(|(i, _)| ours.contains(i))).collect();
            assert_eq!(rows.len(), mine.len(), "{csv}");
            for t in mine {
                assert!(csv.contains(&t.credit_code), "{csv}");
            }
        }
        assert!(messages.iter().all(|m| !m.contains("psb@example.gov.cn")), "not a participant");
        for i in [t1, s1, b1] {
            if on_record.values().flatten().any(|(x, _)| *x == i) {
                let email = format!("{}@example.org", users[&i]);
                assert!(messages.iter().any(|m| m.contains(&email)), "{email} gets their list");
            }
        }
        let view = app.call("/api/inspection/campaign", &[("id", &id.to_string())]).await;
        assert!(view.body.contains("\"mail_status\":\"sent\""), "{}", view.body);

        // A result by department: a finding naming a department not in the campaign is refused.
        let t0 = &ts[0];
        let team = on_record[&t0.id].clone();
        app.logout().await;
        app.login(users[&team[0].0], "Inspect#2026").await;
        let form = app.get(&format!("/inspector/targets/{}", t0.id)).await;
        assert!(
            form.body.contains("input[by_department][b]")
                && form.body.contains(&format!("input[by_department][d{tax}]"))
        );
        let today_s = today.to_string();
        let mut base = vec![
            ("id".to_string(), t0.id.to_string()),
            ("input[version]".to_string(), "0".to_string()),
            ("input[outcome]".to_string(), "rectify".to_string()),
            ("input[inspected_on]".to_string(), today_s.clone()),
        ];
        base.extend(sunshine_tests::fixtures::checklist_answers(2, &[(1, "na", "")]));
        let call = |extra: Vec<(String, String)>| {
            let mut f = base.clone();
            f.extend(extra);
            f
        };
        let bad = call(vec![(format!("input[by_department][d{police}]"), "越权".into())]);
        let res = app.call("/api/inspection/target/result", &sunshine_tests::pairs(&bad)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
        let empty = call(vec![("input[by_department][b]".into(), " ".into())]);
        let res = app.call("/api/inspection/target/result", &sunshine_tests::pairs(&empty)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "rectify needs a finding");
        assert!(res.body.contains("err_insp_findings"), "{}", res.body);
        assert_eq!(app.count("inspection_finding").await, 0);
        let good = call(vec![
            ("input[by_department][b]".into(), "未按期换届".into()),
            (format!("input[by_department][d{samr}]"), "超范围经营收费".into()),
            (format!("input[by_department][d{tax}]"), "".into()),
        ]);
        let res = app.call("/api/inspection/target/result", &sunshine_tests::pairs(&good)).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        assert_eq!(app.count("inspection_finding").await, 2, "a blank department found nothing");
        let saved = inspection_target::Entity::find_by_id(t0.id).one(&app.db).await.unwrap().unwrap();
        assert_eq!(saved.findings, "【本局】未按期换届\n【市市场监督管理局】超范围经营收费");
        for (i, _) in &team {
            app.logout().await;
            app.login(users[i], "Inspect#2026").await;
            let res = app.call("/api/inspection/target/confirm", &[("id", &t0.id.to_string())]).await;
            assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        }
        app.logout().await;
        app.login("officer1", "Officer#Pass1").await;
        let res = app.call("/api/inspection/campaign/publish", &[("id", &id.to_string())]).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        app.logout().await;
        let public = app.get(&format!("/public/inspections/{id}")).await;
        assert!(public.body.contains("findings-by-department"), "{}", public.body);
        assert!(public.body.contains("市市场监督管理局") && public.body.contains("超范围经营收费"));
        let csv = app.get("/api/open/v1/inspection-results.csv").await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.body.contains("联合检查部门发现"), "{}", csv.body);
        assert!(csv.body.contains("市市场监督管理局：超范围经营收费"), "{}", csv.body);
        assert!(csv.body.contains("本局：未按期换届"), "{}", csv.body);
        let json = app.get("/api/open/v1/inspection-results").await;
        assert!(json.body.contains("\"findings_by_department\""), "{}", json.body);
        assert!(app::inspection::service::verify(&app.db, id).await.unwrap().ok(), "still reproduces");
    }
);

db_test!(a_joint_campaign_without_inspectors_of_a_department_cannot_be_frozen, |app| {
    app.officer().await;
    for n in 0..3u32 {
        register(&mut app, &format!("阳光市冻结第{n}协会"), "social_group", 90 + n).await;
    }
    let audit = department(&mut app, "市审计局", "AUDIT", "audit@example.gov.cn").await;
    inspector_of(&mut app, "kb1", "本局一", "", "MZ-0201").await;
    inspector_of(&mut app, "kb2", "本局二", "", "MZ-0202").await;
    let today = app::kernel::clock::today();
    let (from, to) = ((today - Duration::days(1)).to_string(), (today + Duration::days(30)).to_string());
    let mut fields = plan(&from, &to);
    let k = format!("input[departments][d{audit}]");
    fields.push((&k, "on"));
    let res = app.call("/api/inspection/campaign/create", &fields).await;
    let id: i64 = res.body.trim().parse().unwrap();
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("err_joint_too_few_inspectors"), "{}", res.body);
    let c = inspection_campaign::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!((c.status.as_str(), c.population_hash), ("draft", None), "nothing changed");
});

db_test!(a_charity_campaign_draws_from_recognized_charities_at_the_charity_share, |app| {
    app.officer().await;
    let mut codes = Vec::new();
    for n in 0..8u32 {
        codes.push(register(&mut app, &format!("阳光市慈善抽查第{n}会"), "social_group", 100 + n).await);
    }
    for (_, code) in codes.iter().take(4) {
        sunshine_tests::fixtures::recognize(&mut app, code).await;
    }
    inspector_of(&mut app, "cb1", "本局一", "", "MZ-0301").await;
    inspector_of(&mut app, "cb2", "本局二", "", "MZ-0302").await;
    // The preset: charities only, at CHARITY_SAMPLE_PERCENT (5 by default).
    let page = app.get("/officer/inspections/new?preset=charity").await;
    assert!(page.body.contains("<option value=\"charity\" selected"), "{}", page.body);
    assert!(page.body.contains("value=\"5\""), "the setting's share");
    let today = app::kernel::clock::today();
    let (from, to) = ((today - Duration::days(1)).to_string(), (today + Duration::days(30)).to_string());
    let yearly = |population: &'static str| {
        let mut f: Vec<(String, String)> =
            plan(&from, &to).into_iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        for (k, v) in [("input[kind]", "regular"), ("input[size_mode]", "percent"), ("input[size_value]", "5")] {
            f.retain(|(x, _)| x != k);
            f.push((k.into(), v.into()));
        }
        f.push(("input[population]".into(), population.into()));
        f
    };
    // Outlets are not charities: refused with nothing written.
    let mut outlets = yearly("charity");
    outlets.push(("input[object_kind]".into(), "outlet".into()));
    let res = app.call("/api/inspection/campaign/create", &sunshine_tests::pairs(&outlets)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("population"), "{}", res.body);
    assert_eq!(app.count("inspection_campaign").await, 0);
    // 5 % of every organization is below the yearly minimum; 5 % of charities is enough.
    let res = app.call("/api/inspection/campaign/create", &sunshine_tests::pairs(&yearly(""))).await;
    let all: i64 = res.body.trim().parse().unwrap();
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &all.to_string())]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.body);
    assert!(res.body.contains("err_insp_below_minimum"));
    let res = app.call("/api/inspection/campaign/create", &sunshine_tests::pairs(&yearly("charity"))).await;
    let id: i64 = res.body.trim().parse().unwrap();
    let preview = app.get(&format!("/officer/inspections/{id}")).await;
    assert!(preview.body.contains("id=\"population\""), "the plan says charities only: {}", preview.body);
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let c = inspection_campaign::Entity::find_by_id(id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(c.population_size, Some(4), "the four recognized charities only");
    assert_eq!(c.population, "charity");
    let res =
        app.call("/api/inspection/campaign/draw", &[("id", &id.to_string()), ("input[beacon_value]", "1 2 3")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let ts = inspection_target::Entity::find()
        .filter(inspection_target::Column::CampaignId.eq(id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(ts.len(), app::domain::charity_sample::charity_sample_size(4, 5), "ceil(5 % × 4) = 1");
    let charities: Vec<&String> = codes.iter().take(4).map(|(_, c)| c).collect();
    assert!(charities.contains(&&ts[0].credit_code), "a charity was drawn");
    assert!(app::inspection::service::verify(&app.db, id).await.unwrap().ok());
});

db_test!(the_charity_share_is_a_setting, |app| {
    let _ = &app;
    let mut settings = sunshine_tests::test_settings();
    settings.charity_sample_percent = 10;
    let mut app = TestApp::with_settings(app.backend, settings).await;
    app.officer().await;
    let page = app.get("/officer/inspections/new?preset=charity").await;
    assert!(page.body.contains("value=\"10\"") && page.body.contains("10%"), "{}", page.body);
});

db_test!(the_demo_holds_departments_and_a_joint_campaign_with_results_by_department, |app| {
    let settings = app.state.settings.as_ref().clone();
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.unwrap();
    assert_eq!(app.count("partner_department").await, 4);
    let joint: i64 =
        app::db::column(&app.db, "SELECT DISTINCT campaign_id FROM campaign_department", vec![], "campaign_id")
            .await
            .unwrap()[0];
    let c = inspection_campaign::Entity::find_by_id(joint).one(&app.db).await.unwrap().unwrap();
    assert_eq!((c.status.as_str(), c.algorithm.as_deref()), ("drawn", Some(app::domain::joint_draw::ALGORITHM)));
    assert!(app::inspection::service::verify(&app.db, joint).await.unwrap().ok());
    assert!(app.count("inspection_finding").await >= 3, "findings by department");
    let public = app.get(&format!("/public/inspections/{joint}")).await;
    assert!(public.body.contains("findings-by-department") && public.body.contains("阳光市市场监督管理局"));
    assert_eq!(app.mails_to("samr@sunshine.local").await.len(), 1, "the department's list");
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.unwrap();
    assert_eq!(app.count("partner_department").await, 4, "written once");
});
