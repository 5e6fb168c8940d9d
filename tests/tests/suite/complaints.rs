//! Complaints and tip-offs end to end on SQLite and PostgreSQL: a report
//! through the public form (no account, a file checked by content) → the
//! receipt with the tracking number and the one-time code, shown once → the
//! status enquiry (a wrong code answered as an unknown number) → officers
//! assign, investigate, reply (the reporter's mail) and close; robots (the
//! hidden field, a form sent back too fast, a forged stamp) and bad input
//! store nothing; the reply's due date counts working days; the queue is for
//! officers only; the rate limits; a case opened from a complaint; the
//! charity complaints of before migration 20 still weigh in the charity risk
//! grade; complaints raise an organization's weight in the draw.

use app::auth::types::Role;
use axum::body::Body;
use chrono::{Datelike, NaiveDate, Utc};
use http::{header, Method, Request, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

use sunshine_tests::{db_test, org_form, site, with_field, Backend, Res, TestApp};

const ORG: &str = "阳光市南山区慈善会";
const REPORTER: &str = "reporter@example.org";
const PDF: &[u8] = b"%PDF-1.4\n% evidence\n";

fn today() -> NaiveDate {
    app::kernel::clock::today()
}

/// A start stamp of a form opened `seconds` ago, as the page would have
/// signed it (every test app has the test settings' secret).
fn stamp(seconds: i64) -> String {
    app::complaints::service::form_stamp(&sunshine_tests::test_settings().secret, Utc::now().timestamp() - seconds)
}

/// A complete report about the registered organization [`ORG`], filled in a minute.
fn report() -> Vec<(&'static str, String)> {
    vec![
        ("subject_kind", "org".into()),
        ("subject", ORG.into()),
        ("what", "以慈善会名义上门向居民募捐，未出示任何备案信息，收款进入个人账户。".into()),
        ("place", "阳光市南山区桃源街道".into()),
        ("happened_on", today().to_string()),
        ("name", "".into()),
        ("phone", "".into()),
        ("email", REPORTER.into()),
        ("started", stamp(60)),
        ("website", "".into()),
    ]
}

fn set(form: &[(&'static str, String)], key: &'static str, value: &str) -> Vec<(&'static str, String)> {
    form.iter().map(|(k, v)| (*k, if *k == key { value.to_string() } else { v.clone() })).collect()
}

/// Posts the public form as a browser does (multipart, files under `files`).
async fn post_report(app: &mut TestApp, fields: &[(&str, String)], files: &[(&str, &[u8])]) -> Res {
    let boundary = "----complaint-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    }
    for (file_name, bytes) in files {
        body.extend(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{file_name}\"\r\n\
                 Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend(*bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").as_bytes());
    let cookies = app.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    let req = Request::builder()
        .method(Method::POST)
        .uri("/public/report/submit")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::ACCEPT, "text/html")
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .header(header::COOKIE, cookies)
        .body(Body::from(body))
        .unwrap();
    app.send(req).await
}

/// The text of the element with `id` (markers of the renderer removed).
fn text_of(html: &str, id: &str) -> String {
    let html = html.replace("<!>", "");
    let start = html.find(&format!("id=\"{id}\"")).unwrap_or_else(|| panic!("no #{id} in {html}"));
    let rest = &html[start..];
    let open = rest.find('>').unwrap() + 1;
    let close = rest[open..].find('<').unwrap() + open;
    rest[open..close].trim().to_string()
}

/// Registers [`ORG`] as the officer `officer1` (signed in afterwards).
async fn with_org(app: &mut TestApp) -> i64 {
    app.officer().await;
    let form = org_form(ORG, "social_group", 1);
    app.register(&with_field(&form, "input[contact_email]", "org@example.org")).await.0
}

/// Sends `form` from the public page and reads the receipt shown once.
async fn submit(app: &mut TestApp, form: &[(&str, String)], files: &[(&str, &[u8])]) -> (String, String) {
    let res = post_report(app, form, files).await;
    assert!(res.status.is_redirection(), "{} {}", res.status, res.body);
    assert_eq!(res.location().as_deref(), Some("/public/report/received"));
    let page = app.get("/public/report/received").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("您的投诉举报已受理"), "the notice");
    (text_of(&page.body, "receipt-number"), text_of(&page.body, "receipt-code"))
}

async fn complaint(app: &TestApp, number: &str) -> entity::complaint::Model {
    entity::complaint::Entity::find()
        .filter(entity::complaint::Column::Number.eq(number))
        .one(&app.db)
        .await
        .unwrap()
        .expect("the complaint")
}

async fn officer_id(app: &TestApp) -> String {
    site::ids(app, "SELECT id FROM app_user WHERE username = 'officer1'").await[0].clone()
}

db_test!(a_report_gets_a_tracking_number_and_a_code_to_check_it, |app| {
    with_org(&mut app).await;
    app.logout().await;

    // The form: anyone may open it, with its stamp and the field nobody sees.
    let page = app.get("/public/report").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("name=\"started\"") && page.body.contains("name=\"website\""), "{}", page.body);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));

    let (number, code) = submit(&mut app, &report(), &[("证据.pdf", PDF)]).await;
    assert_eq!(number, format!("TS{}-000001", today().year()));
    assert_eq!(code.len(), 9, "{code}");
    // Shown once.
    let again = app.get("/public/report/received").await;
    assert!(again.body.contains("id=\"receipt-none\"") && !again.body.contains(&code));

    // Stored: the code only as its hash; the file with its type and hash; the receipt by mail.
    let c = complaint(&app, &number).await;
    let hash = c.code_hash.clone().unwrap();
    assert!(hash.starts_with("$argon2") && !hash.contains(&code.replace('-', "")), "{hash}");
    assert_eq!((c.status.as_str(), c.channel.as_str(), c.subject_name.as_str()), ("received", "online", ORG));
    assert_eq!(c.due_on, app::domain::complaint::due_on(today(), 15, &[]));
    let files = entity::complaint_attachment::Entity::find().all(&app.db).await.unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!((files[0].content_type.as_str(), files[0].file_name.as_str()), ("application/pdf", "证据.pdf"));
    // SHA-256 of PDF.
    assert_eq!(files[0].sha256, "3d635f18957493a9a4c5a9bd9dc94b2db203f299e44dd7616d03860ecb9c61e7");
    let mails = app.mails_to(REPORTER).await;
    assert_eq!(mails.len(), 1);
    assert!(mails[0].body_text.contains(&number) && !mails[0].body_text.contains(&code), "never the code");

    // A wrong code and an unknown number get the same answer.
    let wrong = app.call("/api/complaints/status", &[("input[number]", &number), ("input[code]", "2222-2222")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("cpl_err_no_match"), "{}", wrong.body);
    let unknown = app
        .call(
            "/api/complaints/status",
            &[("input[number]", &format!("TS{}-000999", today().year())), ("input[code]", &code)],
        )
        .await;
    assert_eq!((unknown.status, unknown.body.clone()), (wrong.status, wrong.body.clone()));
    let garbage = app.call("/api/complaints/status", &[("input[number]", "abc"), ("input[code]", &code)]).await;
    assert_eq!(garbage.body, wrong.body);
    assert!(!app.cookies.contains_key("complaint_view"), "nothing granted");

    // The right pair (typed loosely) shows the status, with JavaScript on…
    let ok = app
        .call(
            "/api/complaints/status",
            &[("input[number]", &number.to_lowercase()), ("input[code]", &code.to_lowercase())],
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK, "{}", ok.body);
    let view: serde_json::Value = serde_json::from_str(&ok.body).unwrap();
    assert_eq!((view["status"].as_str(), view["reply"].as_str()), (Some("received"), None));
    assert!(!ok.body.contains(REPORTER), "no contact details in the answer");
    // …and off: the page shows it after the redirect.
    app.cookies.remove("complaint_view");
    let res = app
        .post_form(
            "/api/complaints/status",
            "/public/report/status",
            &[("input[number]", &number), ("input[code]", &code)],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let page = app.get("/public/report/status").await;
    assert!(page.body.contains("id=\"status-result\"") && page.body.contains("已受理"), "{}", page.body);
    // A wrong code with JavaScript off: the message on the form.
    app.cookies.remove("complaint_view");
    let res = app
        .post_form(
            "/api/complaints/status",
            "/public/report/status",
            &[("input[number]", &number), ("input[code]", "2222-2222")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND);
    let page = app.get("/public/report/status").await;
    assert!(page.body.contains("受理编号与查询码不匹配") && !page.body.contains("id=\"status-result\""));
});

db_test!(robots_are_refused_and_nothing_is_stored, |app| {
    with_org(&mut app).await;
    app.logout().await;
    // The hidden field filled.
    let res = post_report(&mut app, &set(&report(), "website", "http://spam.example"), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    let page = app.get("/public/report").await;
    assert!(page.body.contains("举报未能提交"), "{}", page.body);
    // A stamp that is not ours, and none at all.
    let forged = format!("{}.{}", Utc::now().timestamp() - 60, "00".repeat(32));
    let res = post_report(&mut app, &set(&report(), "started", &forged), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    let res = post_report(&mut app, &set(&report(), "started", ""), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    let page = app.get("/public/report").await;
    assert!(page.body.contains("表单无效"), "{}", page.body);
    // Sent back faster than a person fills it (the stamp of the page itself).
    let res = post_report(&mut app, &set(&report(), "started", &stamp(1)), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    let page = app.get("/public/report").await;
    assert!(page.body.contains("提交太快了"), "{}", page.body);
    for table in ["complaint", "complaint_attachment", "complaint_event", "mail_outbox"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
});

db_test!(a_form_sent_back_at_once_is_too_fast, |app| {
    // A bureau that wants a minute: the stamp of the page just opened is too fresh.
    let settings = app::state::Settings { complaint_min_fill_seconds: 60, ..sunshine_tests::test_settings() };
    let mut app = TestApp::with_settings(app.backend, settings).await;
    with_org(&mut app).await;
    app.logout().await;
    let page = app.get("/public/report").await;
    let started = page.body.split("name=\"started\" value=\"").nth(1).and_then(|s| s.split('"').next()).unwrap();
    let res = post_report(&mut app, &set(&report(), "started", started), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    assert!(app.get("/public/report").await.body.contains("提交太快了"));
    assert_eq!(app.count("complaint").await, 0);
});

db_test!(bad_input_gets_its_messages_and_stores_nothing, |app| {
    with_org(&mut app).await;
    app.logout().await;
    let bad = [("what", "太短"), ("place", ""), ("email", "not-an-address"), ("happened_on", "2099-01-01")]
        .iter()
        .fold(report(), |f, (k, v)| set(&f, k, v));
    let res = post_report(&mut app, &bad, &[("photo.jpg", b"MZ\x90\x00 a program, not a photo")]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    let page = app.get("/public/report").await;
    let body = page.body.replace("<!>", "");
    for message in ["至少 10 个字", "此项为必填项", "只接受 PDF、PNG 或 JPEG 文件", "error-summary"] {
        assert!(body.contains(message), "{message}: {body}");
    }
    assert!(body.contains("value=\"not-an-address\""), "what was typed comes back");
    // Every field right, but no such organization in the register.
    let res = post_report(&mut app, &set(&report(), "subject", "阳光市不存在协会"), &[]).await;
    assert_eq!(res.location().as_deref(), Some("/public/report"));
    assert!(app.get("/public/report").await.body.contains("登记名录中没有这个名称"));
    // An outlet number that is not one.
    let outlet = set(&set(&report(), "subject_kind", "outlet"), "subject", "12345678");
    post_report(&mut app, &outlet, &[]).await;
    assert!(app.get("/public/report").await.body.contains("没有这个编号的福利彩票销售网点"));
    // Four files.
    let four: Vec<(&str, &[u8])> = (0..4).map(|_| ("a.pdf", PDF)).collect();
    post_report(&mut app, &report(), &four).await;
    assert!(app.get("/public/report").await.body.contains("最多上传 3 个文件"));
    for table in ["complaint", "complaint_attachment", "complaint_event", "mail_outbox", "number_sequence"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
});

db_test!(officers_assign_investigate_reply_and_close, |app| {
    let org = with_org(&mut app).await;
    app.logout().await;
    let (number, code) = submit(&mut app, &report(), &[]).await;
    app.login("officer1", "Officer#Pass1").await;
    let id = complaint(&app, &number).await.id.to_string();
    let page_path = format!("/officer/complaints/{id}");

    // The queue lists it; the dashboard counts it.
    let list = app.get("/officer/complaints?status=open").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains(&number) && list.body.contains(ORG), "{}", list.body);
    let v = app::dashboard::service::dashboard(&app.db, &app.state.settings, today(), today().year()).await.unwrap();
    let q = v.queues.iter().find(|q| q.key == "dash_q_complaints").unwrap();
    assert_eq!((q.open, q.overdue), (1, 0));

    // Out of order: no reply or note before an officer has it, no close before the reply.
    let res = app.call("/api/complaints/reply", &[("id", &id), ("input[reply]", "已核实")]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.body.contains("cpl_err_assign_first"), "{}", res.body);
    let res = app.call("/api/complaints/assign", &[("id", &id), ("input[officer_id]", "999999")]).await;
    assert!(res.body.contains("officer_id"), "{}", res.body);

    let officer = officer_id(&app).await;
    let res = app
        .post_form(
            "/api/complaints/assign",
            &page_path,
            &[("id", &id), ("input[officer_id]", &officer), ("input[note]", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    assert_eq!(res.location().as_deref(), Some(page_path.as_str()));
    let res = app
        .post_form(
            "/api/complaints/note",
            &page_path,
            &[("id", &id), ("input[note]", "约谈该会秘书长，其承认未备案募捐。")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let res = app
        .call(
            "/api/complaints/close",
            &[
                ("id", &id),
                ("input[outcome]", "unfounded"),
                ("input[referred_to]", ""),
                ("input[violation_code]", ""),
                ("input[note]", ""),
            ],
        )
        .await;
    assert!(res.body.contains("cpl_err_reply_first"), "{}", res.body);
    let res = app.call("/api/complaints/reply", &[("id", &id), ("input[reply]", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = "经核查，该会未经备案开展募捐，已责令其停止并退还所募款项。";
    let res = app.post_form("/api/complaints/reply", &page_path, &[("id", &id), ("input[reply]", reply)]).await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);

    // The reporter: a mail with the reply, and the reply on the status page.
    let mails = app.mails_to(REPORTER).await;
    assert_eq!(mails.len(), 2, "the receipt and the reply");
    assert!(mails[1].subject.contains(&number) && mails[1].body_text.contains(reply), "{}", mails[1].body_text);
    let ok = app.call("/api/complaints/status", &[("input[number]", &number), ("input[code]", &code)]).await;
    assert!(ok.body.contains(reply) && ok.body.contains("\"replied\""), "{}", ok.body);

    // Closing: a referral names its department; then closed with its outcome.
    let close = |outcome: &str, dept: &str| {
        vec![
            ("id".to_string(), id.clone()),
            ("input[outcome]".to_string(), outcome.to_string()),
            ("input[referred_to]".to_string(), dept.to_string()),
            ("input[violation_code]".to_string(), String::new()),
            ("input[note]".to_string(), String::new()),
        ]
    };
    let res = app.call("/api/complaints/close", &sunshine_tests::pairs(&close("referred", ""))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.body.contains("referred_to"), "{}", res.body);
    let res = app
        .post_form("/api/complaints/close", &page_path, &sunshine_tests::pairs(&close("rectification_ordered", "")))
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let c = complaint(&app, &number).await;
    assert_eq!(
        (c.status.as_str(), c.outcome.as_deref(), c.closed_on),
        ("closed", Some("rectification_ordered"), Some(today()))
    );
    let res = app.call("/api/complaints/note", &[("id", &id), ("input[note]", "复查")]).await;
    assert!(res.body.contains("cpl_err_closed"), "{}", res.body);

    // The page: timeline in order, the outcome; every step audited.
    let page = app.get(&page_path).await;
    let body = page.body.replace("<!>", "");
    let steps = ["受理", "分派承办人", "调查记录", "答复", "办结：责令整改"];
    let mut at = 0;
    for s in steps {
        let i = body[at..].find(s).unwrap_or_else(|| panic!("{s} after {at}: {body}"));
        at += i;
    }
    assert!(body.contains("属实，责令整改") && body.contains(&format!("/officer/orgs/{org}")));
    let audited =
        sunshine_tests::site::ids(&app, "SELECT COUNT(*) FROM audit_log WHERE action LIKE 'complaint_%'").await;
    assert_eq!(audited, vec!["5".to_string()], "receive, assign, note, reply, close");
    let v = app::dashboard::service::dashboard(&app.db, &app.state.settings, today(), today().year()).await.unwrap();
    let q = v.queues.iter().find(|q| q.key == "dash_q_complaints").unwrap();
    assert_eq!((q.open, q.overdue), (0, 0));
});

db_test!(overdue_replies_show_in_the_queue_and_on_the_dashboard, |app| {
    with_org(&mut app).await;
    // Recorded by an officer from a phone call: the number and code for the caller.
    let res = app
        .post_form(
            "/api/complaints/record",
            "/officer/complaints/new",
            &[
                ("input[subject_kind]", "unregistered"),
                ("input[subject]", "阳光市国学研究会"),
                ("input[what]", "未经登记以研究会名义收取会费、颁发证书。"),
                ("input[place]", "阳光市福田区"),
                ("input[happened_on]", ""),
                ("input[name]", "李女士"),
                ("input[phone]", "0755-12345678"),
                ("input[email]", ""),
                ("input[started]", ""),
                ("input[website]", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let page = app.get(&res.location().unwrap()).await;
    let body = page.body.replace("<!>", "");
    assert!(body.contains(&format!("TS{}-000001 / ", today().year())), "the number and code for the caller: {body}");
    // Fifteen working days later, still not answered.
    let c = entity::complaint::Entity::find().one(&app.db).await.unwrap().unwrap();
    assert_eq!(c.channel, "officer");
    app::db::exec(
        &app.db,
        "UPDATE complaint SET due_on = ? WHERE id = ?",
        vec![(today() - chrono::Days::new(1)).into(), c.id.into()],
    )
    .await
    .unwrap();
    let list = app.get("/officer/complaints?overdue=1").await;
    assert!(list.body.contains(&c.number) && list.body.contains("逾期"), "{}", list.body);
    let v = app::dashboard::service::dashboard(&app.db, &app.state.settings, today(), today().year()).await.unwrap();
    let q = v.queues.iter().find(|q| q.key == "dash_q_complaints").unwrap();
    assert_eq!((q.open, q.overdue), (1, 1));
    // A case cannot be opened for an unregistered body.
    let id = c.id.to_string();
    let officer = officer_id(&app).await;
    app.call("/api/complaints/assign", &[("id", &id), ("input[officer_id]", &officer)]).await;
    app.call("/api/complaints/reply", &[("id", &id), ("input[reply]", "已移交执法部门调查。")]).await;
    let res = app
        .call(
            "/api/complaints/close",
            &[("id", &id), ("input[outcome]", "case_opened"), ("input[violation_code]", "x")],
        )
        .await;
    assert!(res.body.contains("cpl_err_case_needs_org"), "{}", res.body);
    assert_eq!(app.count("mail_outbox").await, 0, "no address, no mail");
});

db_test!(a_case_is_opened_from_a_complaint, |app| {
    let org = with_org(&mut app).await;
    app.logout().await;
    let (number, _) = submit(&mut app, &report(), &[]).await;
    app.login("officer1", "Officer#Pass1").await;
    let id = complaint(&app, &number).await.id.to_string();
    let officer = officer_id(&app).await;
    app.call("/api/complaints/assign", &[("id", &id), ("input[officer_id]", &officer)]).await;
    app.call("/api/complaints/reply", &[("id", &id), ("input[reply]", "已立案调查。")]).await;
    let res = app.call("/api/complaints/close", &[("id", &id), ("input[outcome]", "case_opened")]).await;
    assert!(res.body.contains("violation_code"), "a violation is chosen: {}", res.body);
    let violation = app::penalty::violations::table()[0].code.clone();
    let res = app
        .call(
            "/api/complaints/close",
            &[("id", &id), ("input[outcome]", "case_opened"), ("input[violation_code]", &violation)],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let c = complaint(&app, &number).await;
    let case =
        entity::penalty_case::Entity::find_by_id(c.case_id.expect("the case")).one(&app.db).await.unwrap().unwrap();
    assert_eq!((case.org_id, case.violation_code.as_deref()), (Some(org), Some(violation.as_str())));
    assert!(case.facts.starts_with(&number), "{}", case.facts);
    assert_eq!(c.outcome.as_deref(), Some("case_opened"));
    // Both ways: the case names the complaint as its source and links to it,
    // the complaint links to the case.
    assert_eq!((case.source.as_str(), case.source_id), ("complaint", Some(c.id)));
    let page = app.get(&format!("/officer/cases/{}", case.id)).await.body;
    assert!(page.contains(&format!("href=\"/officer/complaints/{id}\"")) && page.contains(&number), "{page}");
    let page = app.get(&format!("/officer/complaints/{id}")).await.body;
    assert!(page.contains(&format!("href=\"/officer/cases/{}\"", case.id)), "{page}");
    assert!(!page.contains("id=\"complaint-open-case\""), "{page}");
});

db_test!(a_case_opened_from_the_complaints_page_is_named_when_it_closes, |app| {
    let org = with_org(&mut app).await;
    app.logout().await;
    let (number, _) = submit(&mut app, &report(), &[]).await;
    app.login("officer1", "Officer#Pass1").await;
    let id = complaint(&app, &number).await.id.to_string();
    // The complaint against a registered organization offers a case.
    let page = app.get(&format!("/officer/complaints/{id}")).await.body;
    let link = format!("/officer/cases/new?source=complaint&amp;source_id={id}");
    assert!(page.contains("id=\"complaint-open-case\"") && page.contains(&link), "{page}");
    // The case form names the complaint's organization.
    let form = app.get(&format!("/officer/cases/new?source=complaint&source_id={id}")).await;
    assert_eq!(form.status, StatusCode::OK);
    let name = entity::organization::Entity::find_by_id(org).one(&app.db).await.unwrap().unwrap().name;
    assert!(form.body.split("id=\"case-source\"").nth(1).unwrap_or_default().contains(&name), "{}", form.body);
    let violation = app::penalty::violations::table()[0].code.clone();
    let res = app
        .call(
            "/api/penalty/open",
            &[
                ("input[source]", "complaint"),
                ("input[source_id]", &id),
                ("input[violation_code]", &violation),
                ("input[facts]", "举报属实，已调取现场照片"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    let case_id: i64 = res.body.trim().parse().unwrap();
    // A second case from the same complaint is refused.
    let again = app
        .call(
            "/api/penalty/open",
            &[
                ("input[source]", "complaint"),
                ("input[source_id]", &id),
                ("input[violation_code]", &violation),
                ("input[facts]", "重复立案"),
            ],
        )
        .await;
    assert!(again.body.contains("pen_err_source_has_case"), "{}", again.body);
    let page = app.get(&format!("/officer/complaints/{id}")).await.body;
    assert!(page.contains(&format!("href=\"/officer/cases/{case_id}\"")), "{page}");
    // Closing with "case opened" names that case and opens no other; no violation is asked.
    let officer = officer_id(&app).await;
    app.call("/api/complaints/assign", &[("id", &id), ("input[officer_id]", &officer)]).await;
    app.call("/api/complaints/reply", &[("id", &id), ("input[reply]", "已立案调查。")]).await;
    let res = app.call("/api/complaints/close", &[("id", &id), ("input[outcome]", "case_opened")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(complaint(&app, &number).await.case_id, Some(case_id));
    assert_eq!(app.count("penalty_case").await, 1);
});

db_test!(the_reply_is_due_in_working_days, |app| {
    // The first working day after today is a holiday: the due date moves by one working day.
    let t = today();
    let first = app::domain::inspection::add_working_days(t, 1, &[]);
    let settings = app::state::Settings { inspection_holidays: vec![first], ..sunshine_tests::test_settings() };
    let mut app = TestApp::with_settings(app.backend, settings).await;
    with_org(&mut app).await;
    app.logout().await;
    let (number, _) = submit(&mut app, &report(), &[]).await;
    let c = complaint(&app, &number).await;
    let plain = app::domain::complaint::due_on(t, 15, &[]);
    assert_eq!(c.due_on, app::domain::inspection::add_working_days(plain, 1, &[]));
    assert!(c.due_on >= t + chrono::Days::new(21), "three weeks at least: {}", c.due_on);
    // Another limit is a setting.
    let settings = app::state::Settings { complaint_reply_days: 5, ..sunshine_tests::test_settings() };
    let mut app = TestApp::with_settings(app.backend, settings).await;
    with_org(&mut app).await;
    app.logout().await;
    let (number, _) = submit(&mut app, &report(), &[]).await;
    assert_eq!(complaint(&app, &number).await.due_on, app::domain::complaint::due_on(t, 5, &[]));
});

db_test!(only_officers_see_the_queue_and_the_files, |app| {
    let org = with_org(&mut app).await;
    app.logout().await;
    let (number, _) = submit(&mut app, &report(), &[("a.pdf", PDF)]).await;
    let id = complaint(&app, &number).await.id;
    let file = entity::complaint_attachment::Entity::find().one(&app.db).await.unwrap().unwrap().id;
    // Signed out.
    let res = app.call("/api/complaints/list", &[("filter[status]", "")]).await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    let page = app.get("/officer/complaints").await;
    assert!(!page.body.contains(&number));
    assert!(!app.get(&format!("/officer/complaints/{id}")).await.body.contains(&number));
    assert_ne!(app.get(&format!("/files/complaints/{file}")).await.status, StatusCode::OK);
    // An organization's user.
    app.user("orguser", "Orguser#2026ok", Role::OrgUser, Some(org)).await;
    app.login("orguser", "Orguser#2026ok").await;
    let res = app.call("/api/complaints/detail", &[("id", &id.to_string())]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app.call("/api/complaints/assign", &[("id", &id.to_string()), ("input[officer_id]", "1")]).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/files/complaints/{file}")).await.status, StatusCode::FORBIDDEN);
    // Officers.
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    let res = app.get(&format!("/files/complaints/{file}")).await;
    assert_eq!((res.status, res.bytes.as_slice()), (StatusCode::OK, PDF));
    assert_eq!(res.headers.get(header::CONTENT_TYPE).unwrap(), "application/pdf");
});

db_test!(reports_and_enquiries_are_rate_limited, |app| {
    let mut limits = app::state::RateLimits::OFF;
    limits.reports_per_hour = 2;
    limits.report_checks_per_hour = 3;
    let settings = app::state::Settings { rate_limits: limits, ..sunshine_tests::test_settings() };
    let mut app = TestApp::with_settings(app.backend, settings).await;
    with_org(&mut app).await;
    app.logout().await;
    let (number, code) = submit(&mut app, &report(), &[]).await;
    submit(&mut app, &report(), &[]).await;
    let res = post_report(&mut app, &report(), &[]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(app.count("complaint").await, 2);
    for _ in 0..3 {
        let res = app.call("/api/complaints/status", &[("input[number]", &number), ("input[code]", "2222-2222")]).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let res = app.call("/api/complaints/status", &[("input[number]", &number), ("input[code]", &code)]).await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS, "even the right code, once over the limit");
});

db_test!(complaints_raise_the_draw_weight, |app| {
    let org = with_org(&mut app).await;
    let other = app.register(&org_form("阳光市南山区围棋协会", "social_group", 2)).await.0;
    let campaign = entity::inspection_campaign::Model {
        id: 0,
        name: "test".into(),
        year: today().year(),
        kind: "special".into(),
        object_kind: "org".into(),
        filter_type: String::new(),
        filter_district: String::new(),
        filter_credit: String::new(),
        filter_rating: String::new(),
        filter_trade: String::new(),
        strata_by: "none".into(),
        size_mode: "count".into(),
        size_value: 1,
        risk_percent: 100,
        per_target: 2,
        max_per_inspector: 5,
        period_from: today(),
        period_to: today(),
        items: String::new(),
        beacon_source: String::new(),
        status: "draft".into(),
        population_size: None,
        population_hash: None,
        inspector_pool: None,
        nonce: None,
        nonce_hash: None,
        frozen_at: None,
        beacon_value: None,
        seed: None,
        algorithm: None,
        drawn_at: None,
        created_by: None,
        created_at: Utc::now(),
        updated_at: Utc::now(),
        population: String::new(),
    };
    let weights = |strata: Vec<app::domain::sampling::Stratum>| {
        let members: Vec<_> = strata.into_iter().flat_map(|s| s.members).collect();
        let of = |id: i64| members.iter().find(|m| m.id == id).unwrap().weight;
        (of(org), of(other))
    };
    let pop = app::inspection::service::load_population(&app.db, &campaign, today()).await.unwrap();
    assert_eq!(weights(pop), (1, 1));
    app.logout().await;
    let (number, _) = submit(&mut app, &report(), &[]).await;
    submit(&mut app, &report(), &[]).await;
    submit(&mut app, &report(), &[]).await;
    let pop = app::inspection::service::load_population(&app.db, &campaign, today()).await.unwrap();
    assert_eq!(weights(pop), (3, 1), "three complaints: two more, at most");
    // Found unfounded, a complaint no longer counts.
    app.login("officer1", "Officer#Pass1").await;
    let id = complaint(&app, &number).await.id.to_string();
    let officer = officer_id(&app).await;
    for (path, fields) in [
        ("/api/complaints/assign", vec![("input[officer_id]", officer.as_str())]),
        ("/api/complaints/reply", vec![("input[reply]", "经核查，反映情况不属实。")]),
        ("/api/complaints/close", vec![("input[outcome]", "unfounded")]),
    ] {
        let mut all = vec![("id", id.as_str())];
        all.extend(fields);
        let res = app.call(path, &all).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
    }
    let pop = app::inspection::service::load_population(&app.db, &campaign, today()).await.unwrap();
    assert_eq!(weights(pop), (3, 1), "still two others");
    let counted = app::complaints::service::count_against_org(&app.db, org, today()).await.unwrap();
    assert_eq!(counted, 2);
});

/// The charity complaints recorded before migration 20 become complaints and
/// still raise the charity's risk grade; found unfounded, they no longer do.
async fn migrated_charity_complaints(backend: Backend) {
    let (db, _) = sunshine_tests::empty_db(backend).await;
    use migration::MigratorTrait;
    migration::Migrator::up(&db, Some(19)).await.unwrap();
    let now = Utc::now();
    let received = today() - chrono::Days::new(10);
    // Inserted without reading the row back: the entity has columns of later migrations.
    let org = entity::organization::Entity::insert(entity::organization::ActiveModel {
        credit_code: Set(app::domain::credit_code::build("53", "440300", "20000001").unwrap()),
        name: Set("阳光市助学基金会".into()),
        org_type: Set("foundation".into()),
        domicile: Set("阳光市南山区科技园路1号".into()),
        district: Set("南山区".into()),
        legal_rep: Set("王建国".into()),
        capital_fen: Set(200_000_000),
        supervisory_unit: Set(None),
        business_scope: Set("助学".into()),
        contact_person: Set("陈秘书".into()),
        contact_phone: Set("0755-88886666".into()),
        contact_email: Set("contact@example.org".into()),
        registration_date: Set(NaiveDate::from_ymd_opt(2020, 3, 15).unwrap()),
        status: Set("active".into()),
        status_date: Set(None),
        status_reason: Set(None),
        charter_approved_on: Set(None),
        term_start: Set(NaiveDate::from_ymd_opt(2020, 3, 15).unwrap()),
        term_end: Set(NaiveDate::from_ymd_opt(2030, 3, 14).unwrap()),
        created_at: Set(now),
        updated_at: Set(now),
        last_conclusion: Set(None),
        ..Default::default()
    })
    .exec(&db)
    .await
    .unwrap()
    .last_insert_id;
    entity::charity::ActiveModel {
        org_id: Set(org),
        // Recognized lately: no disclosure is owed yet, only the complaint weighs.
        recognized_on: Set(today() - chrono::Days::new(20)),
        recognition_note: Set(String::new()),
        qualified_on: Set(None),
        certificate_no: Set(None),
        withdrawn_on: Set(None),
        withdraw_reason: Set(None),
        withdrawn_for_violation: Set(false),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(&db)
    .await
    .unwrap();
    // As the charity page recorded them before: one this month, one two years ago.
    for (on, summary) in [(received, "群众反映募捐宣传夸大"), (today() - chrono::Days::new(800), "早年的投诉")]
    {
        app::db::exec(
            &db,
            "INSERT INTO charity_complaint (org_id, received_on, summary, created_by, created_at) VALUES (?, ?, ?, NULL, ?)",
            vec![org.into(), on.into(), summary.into(), now.into()],
        )
        .await
        .unwrap();
    }

    server::migrate(&db).await.unwrap();
    let moved = entity::complaint::Entity::find().all(&db).await.unwrap();
    assert_eq!(moved.len(), 2);
    let recent = moved.iter().find(|c| c.received_on == received).unwrap();
    assert_eq!(recent.number, format!("TS{}-000001", received.year()));
    assert_eq!(
        (recent.status.as_str(), recent.channel.as_str(), recent.subject_kind.as_str(), recent.org_id),
        ("received", "officer", "org", Some(org))
    );
    assert_eq!((recent.what.as_str(), recent.code_hash.as_deref()), ("群众反映募捐宣传夸大", None));
    assert_eq!(recent.due_on, received + chrono::Days::new(21));
    let events = entity::complaint_event::Entity::find().all(&db).await.unwrap();
    assert_eq!(events.iter().filter(|e| e.kind == "migrated").count(), 2);

    // The risk grade reads them: grade 2 for the complaint of this year.
    let d = app::charity::service::detail(&db, org, today(), true).await.unwrap();
    let risk = d.risk.unwrap();
    assert_eq!(risk.grade, 2, "{:?}", risk.reasons);
    assert_eq!(risk.reasons, vec![("ch_risk_complaint".to_string(), 1, 1)]);
    assert_eq!(d.complaints.len(), 2);

    // Handled and found unfounded, it no longer counts; new numbers continue the sequence.
    let settings = sunshine_tests::test_settings();
    let txn = app::db::begin_write(&db).await.unwrap();
    let officer = app::auth::service::create_user(
        &txn,
        &app::audit::service::Actor::system("test"),
        app::auth::service::NewUser {
            username: "officer1",
            display_name: "officer1",
            email: "officer1@example.org",
            role: Role::Officer,
            org_id: None,
            password: Some("Officer#Pass1"),
        },
    )
    .await
    .unwrap();
    txn.commit().await.unwrap();
    let actor = app::audit::service::Actor { id: Some(officer), name: "officer1".into(), role: "officer".into() };
    let assign = app::complaints::types::AssignInput { officer_id: officer.to_string(), note: String::new() };
    app::complaints::service::assign(&db, &actor, recent.id, &assign, today()).await.unwrap();
    let reply = app::complaints::types::ReplyInput { reply: "经核查不属实。".into() };
    app::complaints::service::reply(&db, &settings, &actor, recent.id, &reply, today()).await.unwrap();
    let close = app::complaints::types::CloseInput { outcome: "unfounded".into(), ..Default::default() };
    app::complaints::service::close(&db, &actor, recent.id, &close, today()).await.unwrap();
    let d = app::charity::service::detail(&db, org, today(), true).await.unwrap();
    assert_eq!(d.risk.unwrap().grade, 1);
    let txn = app::db::begin_write(&db).await.unwrap();
    app::complaints::service::record_for_org(&txn, &settings, &actor, org, received, "又一起投诉").await.unwrap();
    txn.commit().await.unwrap();
    let newest = entity::complaint::Entity::find()
        .filter(entity::complaint::Column::What.eq("又一起投诉"))
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(newest.number, format!("TS{}-000002", received.year()), "after the migrated ones");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrated_charity_complaints_still_count_sqlite() {
    sunshine_tests::within_limit(migrated_charity_complaints(Backend::Sqlite)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrated_charity_complaints_still_count_postgres() {
    sunshine_tests::within_limit(migrated_charity_complaints(Backend::Postgres)).await;
}
