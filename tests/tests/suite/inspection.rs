//! Double-random inspections end to end on SQLite and PostgreSQL: the
//! inspector directory (conflicts, CSV import and export), a campaign from
//! its plan through freeze, a verifiable draw with avoidance, the lists
//! e-mailed over SMTP (down, then up) with their CSV, both inspectors'
//! confirmation, publication and the late flag.

use std::collections::HashMap;

use app::auth::types::Role;
use base64::Engine;
use chrono::{Duration, Utc};
use entity::{inspection_campaign, inspection_target};
use http::StatusCode;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use sunshine_tests::fixtures::save_inspector;
use sunshine_tests::{db_test, org_form, smtp::SmtpServer, with_field, TestApp};

/// Registers an organization; returns (id, credit code).
async fn register(app: &mut TestApp, name: &str, t: &str, n: u32, district: &str, unit: &str) -> (i64, String) {
    let form = with_field(&org_form(name, t, n), "input[district]", district);
    let form = with_field(&form, "input[supervisory_unit]", unit);
    app.register(&with_field(&form, "input[contact_email]", &format!("org{n}@example.org"))).await
}

/// Creates an inspector through the form; returns its id.
async fn inspector(app: &mut TestApp, name: &str, unit: &str, email: &str, cert: &str, districts: &str) -> i64 {
    let res = save_inspector(app, name, unit, email, cert, districts).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    res.body.trim().parse().unwrap()
}

fn campaign_fields<'a>(from: &'a str, to: &'a str, per_target: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("input[name]", "2026年第四季度社会组织抽查"),
        ("input[year]", "2026"),
        ("input[kind]", "special"),
        ("input[filter_type]", ""),
        ("input[filter_district]", ""),
        ("input[filter_credit]", ""),
        ("input[filter_rating]", ""),
        ("input[strata_by]", "org_type"),
        ("input[size_mode]", "count"),
        ("input[size_value]", "2"),
        ("input[risk_percent]", "0"),
        ("input[per_target]", per_target),
        ("input[max_per_inspector]", "4"),
        ("input[period_from]", from),
        ("input[period_to]", to),
        ("input[items]", "年度报告\n内部治理\n财务管理"),
        ("input[beacon_source]", "2026-11-22 福彩3D开奖号码"),
    ]
}

/// The CSV attachment of a raw message, decoded.
fn csv_attachment(message: &str) -> String {
    let start = message.find("Content-Type: text/csv").expect("a CSV part");
    let part = &message[start..];
    let body_start = part.find("\r\n\r\n").map(|i| i + 4).or_else(|| part.find("\n\n").map(|i| i + 2)).unwrap();
    let body = &part[body_start..];
    let end = body.find("\n--").unwrap_or(body.len());
    let encoded: String = body[..end].chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD.decode(encoded).expect("base64");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 with BOM for Excel");
    String::from_utf8(bytes[3..].to_vec()).unwrap()
}

async fn campaign(app: &TestApp) -> inspection_campaign::Model {
    inspection_campaign::Entity::find().one(&app.db).await.unwrap().unwrap()
}

async fn targets(app: &TestApp) -> Vec<inspection_target::Model> {
    inspection_target::Entity::find().order_by_asc(inspection_target::Column::Position).all(&app.db).await.unwrap()
}

/// (target id → inspector ids) from the assignments on record.
async fn assignments(app: &TestApp) -> HashMap<i64, Vec<i64>> {
    let rows = app
        .db
        .query_all_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT target_id, inspector_id FROM inspection_assignment ORDER BY target_id, position",
        ))
        .await
        .unwrap();
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.try_get("", "target_id").unwrap()).or_default().push(r.try_get("", "inspector_id").unwrap());
    }
    out
}

db_test!(a_campaign_goes_from_plan_to_published_results_with_lists_mailed_over_smtp, |app| {
    app.officer().await;
    let mut orgs = Vec::new();
    for n in 0..6u32 {
        let unit = if n == 0 { "市教育局" } else { "" };
        orgs.push(
            register(&mut app, &format!("阳光市南山区第{n}社会团体"), "social_group", 60 + n, "南山区", unit).await,
        );
    }
    for n in 0..6u32 {
        orgs.push(
            register(&mut app, &format!("阳光市福田区第{n}服务中心"), "social_service", 70 + n, "福田区", "").await,
        );
    }
    // Four inspectors with accounts (linked by e-mail); one only serves 南山区.
    for u in ["insa", "insb", "insc", "insd"] {
        app.user(u, "Inspect#2026", Role::Inspector, None).await;
    }
    let a = inspector(&mut app, "张检查", "市教育局", "insa@example.org", "ZF-0001", "").await;
    let b = inspector(&mut app, "李检查", "市民政局", "insb@example.org", "ZF-0002", "南山区").await;
    let c = inspector(&mut app, "王检查", "市民政局", "insc@example.org", "zf-0003", "").await;
    let d = inspector(&mut app, "赵检查", "市财政局", "insd@example.org", "ZF-0004", "南山区、福田区").await;
    // A duplicate certificate is refused on its field.
    let res = app
        .call(
            "/api/inspection/inspector/save",
            &[
                ("id", "0"),
                ("input[name]", "重复"),
                ("input[unit]", "市民政局"),
                ("input[email]", "dup@example.org"),
                ("input[cert_no]", "ZF-0003"),
                ("input[cert_valid_until]", "2099-12-31"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("cert_no") && res.body.contains("err_insp_cert_taken"), "{}", res.body);
    assert_eq!(app.count("inspector").await, 4);
    // D declares a conflict with the second organization.
    let res = app
        .call(
            "/api/inspection/conflict/add",
            &[("id", &d.to_string()), ("input[credit_code]", &orgs[1].1), ("input[reason]", "曾任该会理事")],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let directory = app.get("/officer/inspectors?q=检查").await;
    assert!(directory.body.contains("张检查") && directory.body.contains("ZF-0003"), "certificate upper-cased");
    // Every officer page of the feature renders with its form.
    for (path, marker) in [
        ("/officer/inspections".to_string(), "new-campaign"),
        ("/officer/inspections/new".to_string(), "campaign-form"),
        (format!("/officer/inspectors/{d}"), "conflict-form"),
        ("/officer/inspectors/import".to_string(), "import-form"),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status, StatusCode::OK, "{path}");
        assert!(page.body.contains(marker), "{path} has #{marker}");
    }
    let csv = app.get("/officer/inspectors/export.csv").await;
    assert!(csv.bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert_eq!(csv.body.trim_end().lines().count(), 5, "{}", csv.body);

    // The plan: a bad form is refused field by field and writes nothing.
    let today = app::kernel::clock::today();
    let from = (today - Duration::days(7)).to_string();
    let to = (today + Duration::days(30)).to_string();
    let res = app.call("/api/inspection/campaign/create", &campaign_fields(&from, &from, "1")).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("per_target"), "{}", res.body);
    assert_eq!(app.count("inspection_campaign").await, 0);
    let res = app.call("/api/inspection/campaign/create", &campaign_fields(&from, &to, "2")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = campaign(&app).await.id;
    let page = app.get(&format!("/officer/inspections/{id}")).await;
    assert!(page.body.contains("strata-table") && page.body.contains("freeze-form"), "draft with a preview");
    assert_eq!(app.get(&format!("/public/inspections/{id}")).await.status, StatusCode::NOT_FOUND, "drafts are private");

    // Freeze: population hash and nonce commitment recorded, nonce still secret.
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let frozen = campaign(&app).await;
    assert_eq!((frozen.status.as_str(), frozen.population_size), ("frozen", Some(12)));
    let nonce = frozen.nonce.clone().unwrap();
    assert_eq!(frozen.nonce_hash.clone().unwrap(), app::domain::sampling::commitment(&nonce));
    let public = app.get(&format!("/public/inspections/{id}")).await;
    assert!(public.body.contains(frozen.population_hash.as_deref().unwrap()), "{}", public.body);
    assert!(public.body.contains(frozen.nonce_hash.as_deref().unwrap()));
    assert!(!public.body.contains(&nonce), "the nonce stays secret until the draw");
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "frozen once");

    // The draw needs the announced value.
    let res = app.call("/api/inspection/campaign/draw", &[("id", &id.to_string()), ("input[beacon_value]", " ")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("beacon_value"));
    assert_eq!(app.count("inspection_target").await, 0);
    let beacon = "2026318期 5 3 8";
    let res =
        app.call("/api/inspection/campaign/draw", &[("id", &id.to_string()), ("input[beacon_value]", beacon)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let drawn = campaign(&app).await;
    let seed = app::domain::sampling::seed(beacon, &nonce, drawn.population_hash.as_deref().unwrap());
    assert_eq!(drawn.seed.as_deref(), Some(hex_of(&seed).as_str()));
    let ts = targets(&app).await;
    assert_eq!(ts.len(), 4);
    assert_eq!(ts.iter().filter(|t| t.stratum == "social_group").count(), 2);
    assert_eq!(ts.iter().filter(|t| t.stratum == "social_service").count(), 2);
    // Avoidance: never the same unit as the supervisory unit, a declared
    // conflict, or beyond the districts; two different inspectors each.
    let assigned = assignments(&app).await;
    for t in &ts {
        let team = &assigned[&t.id];
        assert_eq!(team.len(), 2);
        assert_ne!(team[0], team[1]);
        if t.object_id == orgs[0].0 {
            assert!(!team.contains(&a), "市教育局 never inspects what it supervises");
        }
        if t.object_id == orgs[1].0 {
            assert!(!team.contains(&d), "declared conflict");
        }
        if t.district == "福田区" {
            assert!(!team.contains(&b), "B serves 南山区 only");
        }
    }
    // Anyone can re-run it: the page and the service agree; a tampered record does not verify.
    let v = app::inspection::service::verify(&app.db, id).await.unwrap();
    assert!(v.ok(), "{v:?}");
    let public = app.get(&format!("/public/inspections/{id}")).await;
    assert!(public.body.contains("id=\"verification\"") && public.body.contains(&nonce));
    assert!(public.body.contains(&ts[0].org_name));
    for name in ["张检查", "李检查", "王检查", "赵检查"] {
        assert!(!public.body.contains(name), "who inspects whom stays private before the result: {name}");
    }
    let api = app.call("/api/inspection/public/campaign", &[("id", &id.to_string())]).await;
    assert!(!api.body.contains("张检查") && !api.body.contains("赵检查"), "nor in the page's data: {}", api.body);
    let population = app.get(&format!("/public/inspections/{id}/population.csv")).await;
    assert_eq!(population.body.trim_end().lines().count(), 13, "header and 12 organizations");
    let first_team = assigned[&ts[0].id].clone();
    let other = [a, b, c, d].into_iter().find(|i| !first_team.contains(i)).unwrap();
    app::db::exec(
        &app.db,
        "UPDATE inspection_assignment SET inspector_id = ? WHERE target_id = ? AND inspector_id = ?",
        vec![other.into(), ts[0].id.into(), first_team[0].into()],
    )
    .await
    .unwrap();
    let v = app::inspection::service::verify(&app.db, id).await.unwrap();
    assert!(v.targets_ok && !v.inspectors_ok, "{v:?}");
    app::db::exec(
        &app.db,
        "UPDATE inspection_assignment SET inspector_id = ? WHERE target_id = ? AND inspector_id = ?",
        vec![first_team[0].into(), ts[0].id.into(), other.into()],
    )
    .await
    .unwrap();
    assert!(app::inspection::service::verify(&app.db, id).await.unwrap().ok());

    // The lists: SMTP down, then up; each delivered once, with its CSV. The
    // drawn organizations' inspection notices go with them (one each, every
    // organization here has a contact e-mail).
    let notified: std::collections::BTreeSet<i64> = assigned.values().flatten().copied().collect();
    assert_eq!(app.count("inspection_mail").await, notified.len() as i64);
    for t in &ts {
        let i = orgs.iter().position(|o| o.0 == t.object_id).unwrap();
        let mails = app.mails_to(&format!("org{}@example.org", if i < 6 { 60 + i } else { 64 + i })).await;
        assert_eq!(mails.len(), 1, "{}", t.org_name);
        assert!(mails[0].subject.contains("检查通知书"), "{}", mails[0].subject);
    }
    let queued = notified.len() + ts.len();
    let mut smtp = SmtpServer::start();
    let url = smtp.url();
    smtp.stop();
    let mut cfg = server::config::Config::from_env().unwrap();
    cfg.smtp_url = Some(url);
    let down = server::mailer::Mailer::from_config(&cfg).unwrap();
    let (sent, failed) = server::mailer::run_once(&app.db, &down).await.unwrap();
    assert_eq!((sent, failed), (0, queued));
    let smtp = SmtpServer::start();
    cfg.smtp_url = Some(smtp.url());
    let up = server::mailer::Mailer::from_config(&cfg).unwrap();
    app::db::exec(&app.db, "UPDATE mail_outbox SET next_attempt_at = ?", vec![Utc::now().into()]).await.unwrap();
    assert_eq!(server::mailer::run_once(&app.db, &up).await.unwrap(), (queued, 0));
    assert_eq!(server::mailer::run_once(&app.db, &up).await.unwrap(), (0, 0), "never twice");
    let mut messages = smtp.messages();
    for _ in 0..50 {
        if messages.len() >= queued {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
        messages = smtp.messages();
    }
    assert_eq!(messages.len(), queued);
    let to_c: Vec<&String> = messages.iter().filter(|m| m.contains("insc@example.org")).collect();
    let c_targets: Vec<&inspection_target::Model> = ts.iter().filter(|t| assigned[&t.id].contains(&c)).collect();
    if !c_targets.is_empty() {
        assert_eq!(to_c.len(), 1);
        let csv = csv_attachment(to_c[0]);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let header: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        assert_eq!(header[1], "检查对象");
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
        assert_eq!(rows.len(), c_targets.len());
        for t in &c_targets {
            assert!(rows.iter().any(|r| r[1] == t.org_name && r[2] == t.credit_code), "{csv}");
        }
    }
    let view = app.call("/api/inspection/campaign", &[("id", &id.to_string())]).await;
    assert!(view.body.contains("\"status\":\"sent\""), "{}", view.body);
    // The officer resends one list: a new mail, shown as queued.
    let res = app
        .call("/api/inspection/campaign/resend", &[("id", &id.to_string()), ("inspector", &first_team[0].to_string())])
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(app.count("inspection_mail").await, notified.len() as i64 + 1);

    // Results: the first target's inspectors record and confirm it.
    let t0 = &ts[0];
    let user_of = |i: i64| {
        if i == a {
            "insa"
        } else if i == b {
            "insb"
        } else if i == c {
            "insc"
        } else {
            "insd"
        }
    };
    let (x, y) = (first_team[0], first_team[1]);
    app.logout().await;
    app.login(user_of(other), "Inspect#2026").await;
    let res = app.call("/api/inspection/target", &[("id", &t0.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "not on the team");
    app.logout().await;
    app.login(user_of(x), "Inspect#2026").await;
    assert!(app.get("/inspector").await.body.contains(&t0.org_name));
    let tomorrow = (today + Duration::days(1)).to_string();
    let res = app
        .call(
            "/api/inspection/target/result",
            &[
                ("id", &t0.id.to_string()),
                ("input[version]", "0"),
                ("input[outcome]", "rectify"),
                ("input[findings]", ""),
                ("input[inspected_on]", &tomorrow),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["answer_i0", "answer_i2", "findings", "inspected_on"] {
        assert!(res.body.contains(field), "{field}: {}", res.body);
    }
    let today_s = today.to_string();
    let mut result = vec![
        ("id".to_string(), t0.id.to_string()),
        ("input[version]".to_string(), "0".to_string()),
        ("input[outcome]".to_string(), "rectify".to_string()),
        ("input[findings]".to_string(), "财务制度不健全，未按期换届".to_string()),
        ("input[inspected_on]".to_string(), today_s.clone()),
    ];
    // 内部治理 does not apply: the items checked are the other two.
    result.extend(sunshine_tests::fixtures::checklist_answers(3, &[(1, "na", "")]));
    let result = sunshine_tests::pairs(&result);
    let res = app.call("/api/inspection/target/result", &result).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/inspection/target/result", &result).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a stale version is refused");
    // An attachment: checked by content, private until the result is published.
    let path = format!("/inspector/targets/{}/attachments", t0.id);
    let up = app.upload_fields(&path, &[], "检查记录.pdf", b"%PDF-1.4\n% record\n").await;
    assert_eq!(up.status, StatusCode::SEE_OTHER, "{}", up.body);
    let bad = app.upload_fields(&path, &[], "record.exe", b"MZ\x90\x00").await;
    assert_eq!(bad.status, StatusCode::SEE_OTHER);
    assert_eq!(app.count("inspection_attachment").await, 1, "only the PDF");
    let att: i64 = app
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.db.get_database_backend(),
            "SELECT MAX(id) AS id FROM inspection_attachment",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "id")
        .unwrap();
    let own = app.get(&format!("/files/inspection/{att}")).await;
    assert_eq!(own.status, StatusCode::OK);
    assert_eq!(own.headers.get("x-content-type-options").unwrap(), "nosniff");
    let res = app.call("/api/inspection/target/confirm", &[("id", &t0.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let after_one = inspection_target::Entity::find_by_id(t0.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(after_one.status, "recorded", "one confirmation is not enough");
    assert_eq!(after_one.checked_items, "年度报告\n财务管理");
    app.logout().await;
    app.login(user_of(y), "Inspect#2026").await;
    let res = app.call("/api/inspection/target/confirm", &[("id", &t0.id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let confirmed = inspection_target::Entity::find_by_id(t0.id).one(&app.db).await.unwrap().unwrap();
    assert_eq!(confirmed.status, "confirmed");
    let due = app::domain::inspection::add_working_days(today, 20, &[]);
    assert_eq!(confirmed.publish_due, Some(due), "20 working days");
    let res = app.call("/api/inspection/target/result", &result).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "locked once confirmed");

    // Not public before publication; late when the due date passed; then published.
    let public = app.get(&format!("/public/inspections/{id}")).await;
    assert!(!public.body.contains("财务制度不健全"));
    let saved = app.cookies.remove("sid");
    assert_eq!(
        app.get(&format!("/files/inspection/{att}")).await.status,
        StatusCode::SEE_OTHER,
        "private before publication"
    );
    if let Some(sid) = saved {
        app.cookies.insert("sid".into(), sid);
    }
    app::db::exec(
        &app.db,
        "UPDATE inspection_target SET publish_due = ? WHERE id = ?",
        vec![(today - Duration::days(1)).into(), t0.id.into()],
    )
    .await
    .unwrap();
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let list = app.call("/api/inspection/campaigns", &[]).await;
    assert!(list.body.contains("\"late\":1"), "{}", list.body);
    let res = app.call("/api/inspection/campaign/publish", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let res = app.call("/api/inspection/campaign/publish", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::CONFLICT, "nothing left to publish");
    let record = app.get(&format!("/officer/credit/orgs/{}", t0.object_id)).await;
    assert!(record.body.contains("id=\"inspections\"") && record.body.contains("责令整改"), "the credit record");
    app.logout().await;
    let public = app.get(&format!("/public/inspections/{id}")).await;
    assert!(public.body.contains("财务制度不健全") && public.body.contains("责令整改"), "{}", public.body);
    let named = |i: i64| ["张检查", "李检查", "王检查", "赵检查"][[a, b, c, d].iter().position(|x| *x == i).unwrap()];
    for i in &assigned[&t0.id] {
        assert!(public.body.contains(named(*i)), "the inspectors are named with the published result");
    }
    assert_eq!(app.get(&format!("/files/inspection/{att}")).await.status, StatusCode::OK, "public once published");
    let facts = app::inspection::results::results_of_org(&app.db, t0.object_id).await.unwrap();
    assert_eq!(facts, vec![(drawn.name.clone(), today_s, "rectify".to_string())]);
    let audit = app.count("audit_log").await;
    assert!(audit > 0);
    let ok = inspection_target::Entity::find()
        .filter(inspection_target::Column::Status.eq("published"))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(ok.len(), 1);
});

fn hex_of(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

db_test!(the_inspector_directory_imports_atomically_and_reimport_changes_nothing, |app| {
    app.officer().await;
    let header = app::inspection::types::INSPECTOR_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(",");
    let good = format!(
        "{header}\r\n张一,市民政局,zhang1@example.org,0755-1,ZF-1001,2028-12-31,南山区、福田区,是\r\n\
         李二,市财政局,li2@example.org,,ZF-1002,2027-06-30,,否\r\n"
    );
    let bad = format!(
        "{header}\r\n张一,市民政局,zhang1@example.org,0755-1,ZF-1001,2028-12-31,南山区,是\r\n\
         ,市财政局,not-an-email,,ZF 1002,2027-13-30,,是\r\n\
         王三,市财政局,wang3@example.org,,ZF-1001,2027-06-30,,是\r\n"
    );
    let (gbk, _, _) = encoding_rs::GBK.encode(&bad);
    let res = app.upload("/officer/inspectors/import/upload", "检查人员.csv", &gbk).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let job = wait_for_job(&app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await;
    assert_eq!(job.status, "failed");
    let errors: Vec<(u64, String, String)> =
        job.errors.iter().map(|e| (e.line, e.column.clone(), e.reason.clone())).collect();
    assert!(errors.contains(&(3, "姓名".into(), "err_required".into())), "{errors:?}");
    assert!(errors.contains(&(3, "电子邮箱".into(), "err_email".into())), "{errors:?}");
    assert!(errors.contains(&(3, "执法证号".into(), "err_insp_cert_no".into())), "{errors:?}");
    assert!(errors.contains(&(3, "执法证有效期至".into(), "err_date".into())), "{errors:?}");
    assert!(errors.contains(&(4, "执法证号".into(), "err_import_duplicate_cert".into())), "{errors:?}");
    assert_eq!(app.count("inspector").await, 0, "nothing written");
    let res = app.upload("/officer/inspectors/import/upload", "检查人员.csv", good.as_bytes()).await;
    let job = wait_for_job(&app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await;
    assert_eq!((job.status.as_str(), job.written_rows), ("done", 2), "{:?}", job.errors);
    let li = entity::inspector::Entity::find()
        .filter(entity::inspector::Column::CertNo.eq("ZF-1002"))
        .one(&app.db)
        .await
        .unwrap()
        .unwrap();
    assert!(!li.active);
    assert_eq!(li.districts, "");
    let res = app.upload("/officer/inspectors/import/upload", "检查人员.csv", good.as_bytes()).await;
    let job = wait_for_job(&app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await;
    assert_eq!((job.status.as_str(), job.written_rows, job.unchanged_rows), ("done", 0, 2));
    assert_eq!(app.count("inspector").await, 2);
    // Export, then import the export: nothing changes.
    let export = app.get("/officer/inspectors/export.csv").await;
    let res = app.upload("/officer/inspectors/import/upload", "导出.csv", &export.bytes).await;
    let job = wait_for_job(&app, res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()).await;
    assert_eq!((job.status.as_str(), job.unchanged_rows), ("done", 2), "{:?}", job.errors);
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

db_test!(the_demo_data_holds_a_drawn_campaign_that_verifies, |app| {
    let settings = app.state.settings.as_ref().clone();
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.unwrap();
    let campaigns =
        inspection_campaign::Entity::find().order_by_asc(inspection_campaign::Column::Id).all(&app.db).await.unwrap();
    // The inspection seed's two, the trade associations' special check (a draft) and the joint one (seed_joint).
    assert_eq!(campaigns.len(), 4);
    assert_eq!((campaigns[0].status.as_str(), campaigns[1].status.as_str()), ("drawn", "draft"));
    assert!(app::inspection::service::verify(&app.db, campaigns[0].id).await.unwrap().ok());
    assert!(app.count("inspection_target").await >= 50, "a regular campaign draws at least 50");
    let published = inspection_target::Entity::find()
        .filter(inspection_target::Column::Status.eq("published"))
        .filter(inspection_target::Column::CampaignId.eq(campaigns[0].id))
        .all(&app.db)
        .await
        .unwrap();
    assert_eq!(published.len(), 4);
    // The demo login sees their assignments; a second seed adds nothing.
    app.login("inspector", server::seed::DEMO_USERS[2].1).await;
    assert_eq!(app.get("/inspector").await.status, StatusCode::OK);
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.unwrap();
    assert_eq!(app.count("inspection_campaign").await, 4);
});

db_test!(a_campaign_over_lottery_outlets_draws_open_outlets_with_avoidance_by_district, |app| {
    app.officer().await;
    // Nine outlets: four open in each of two districts, one closed.
    let now = Utc::now();
    let today = app::kernel::clock::today();
    for n in 0..9 {
        let district = if n % 2 == 0 { "南山区" } else { "福田区" };
        let status = if n == 8 { "closed" } else { "open" };
        app::db::exec(
            &app.db,
            "INSERT INTO lottery_outlet (outlet_no, name, address, district, lng_e6, lat_e6, operator_kind, \
             operator_name, contact_person, contact_phone, terminals, opened_on, status, status_since, created_at, \
             updated_at) VALUES (?, ?, ?, ?, ?, ?, 'person', ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            vec![
                format!("4403{n:04}").into(),
                format!("{district}第{n}福彩投注站").into(),
                format!("阳光市{district}{n}号").into(),
                district.into(),
                113_900_000i64.into(),
                22_500_000i64.into(),
                format!("业主{n}").into(),
                format!("业主{n}").into(),
                "13800000000".into(),
                format!("T{n:06}").into(),
                (today - Duration::days(400)).into(),
                status.into(),
                (today - Duration::days(400)).into(),
                now.into(),
                now.into(),
            ],
        )
        .await
        .unwrap();
    }
    let b = inspector(&mut app, "李检查", "市民政局", "li@example.org", "ZF-0102", "南山区").await;
    inspector(&mut app, "王检查", "市民政局", "wang@example.org", "ZF-0103", "").await;
    inspector(&mut app, "赵检查", "市福彩中心", "zhao@example.org", "ZF-0104", "").await;
    let from = (today - Duration::days(1)).to_string();
    let to = (today + Duration::days(30)).to_string();
    let mut fields = campaign_fields(&from, &to, "2");
    fields.push(("input[object_kind]", "outlet"));
    // Outlets have no organization type to stratify by.
    let res = app.call("/api/inspection/campaign/create", &fields).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("err_insp_outlet_strata"), "{}", res.body);
    for (k, v) in fields.iter_mut() {
        if *k == "input[strata_by]" {
            *v = "district";
        }
    }
    let res = app.call("/api/inspection/campaign/create", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let id = campaign(&app).await.id.to_string();
    let res = app.call("/api/inspection/campaign/freeze", &[("id", &id)]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(campaign(&app).await.population_size, Some(8), "the closed outlet is not in the population");
    let res = app.call("/api/inspection/campaign/draw", &[("id", &id), ("input[beacon_value]", "07 12 33")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let ts = targets(&app).await;
    assert_eq!(ts.len(), 4);
    assert!(ts.iter().all(|t| t.object_kind == "outlet" && t.credit_code.starts_with("4403")));
    assert_eq!(ts.iter().filter(|t| t.district == "南山区").count(), 2);
    let assigned = assignments(&app).await;
    for t in ts.iter().filter(|t| t.district == "福田区") {
        assert!(!assigned[&t.id].contains(&b), "B serves 南山区 only");
    }
    let cid: i64 = id.parse().unwrap();
    assert!(app::inspection::service::verify(&app.db, cid).await.unwrap().ok());
    let page = app.get(&format!("/officer/inspections/{id}")).await;
    assert!(page.body.contains(&format!("/officer/lottery/outlets/{}", ts[0].object_id)), "links to the outlet");
    let population = app.get(&format!("/public/inspections/{id}/population.csv")).await;
    assert!(population.body.contains("44030000") && !population.body.contains("44030008"), "{}", population.body);
    // An organization with an outlet's id has no inspection on its credit record.
    assert!(app::inspection::results::results_of_org(&app.db, ts[0].object_id).await.unwrap().is_empty());
});
