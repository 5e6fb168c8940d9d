//! The penalty cases' documents on SQLite and PostgreSQL: every document a
//! fine with a hearing issues prints as an A4 page with its number, party and
//! facts, and downloads as a PDF with its font embedded for text; officers
//! only; the templates as data (the defaults pass their own check, an
//! unknown placeholder is refused and changes nothing, saving and resetting
//! add versions with their audit records); a document issued keeps its text
//! after its template is edited; a missing font disables the PDFs with a
//! clear message and leaves the print view working.

use app::auth::types::Role;
use app::domain::penalty_case::documents::{check_template, DocKind};
use chrono::{Datelike, Duration, NaiveDate};
use http::StatusCode;
use sea_orm::ConnectionTrait;
use sunshine_tests::{db_test, org_form, with_field, Res, TestApp};

fn ago(n: i64) -> NaiveDate {
    app::kernel::clock::today() - Duration::days(n)
}

fn day(n: i64) -> String {
    ago(n).to_string()
}

const PNG: &[u8] = &[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R', 1, 2, 3];

const NAME: &str = "阳光市南山区街头募捐协会";
const FACTS: &str = "未取得公开募捐资格，在商场设点公开募集善款";

/// Registers an organization and opens a case against it (the signed-in
/// user is staff); the case's id.
async fn open_case(app: &mut TestApp) -> i64 {
    let form = with_field(&org_form(NAME, "social_group", 1), "input[registration_date]", "2020-05-01");
    let (_, code) = app.register(&form).await;
    let opened = day(241);
    let res = app
        .post_form(
            "/api/penalty/open",
            "/officer/cases/new",
            &[
                ("input[party_kind]", "organization"),
                ("input[credit_code]", &code),
                ("input[violation_code]", "cs113"),
                ("input[facts]", FACTS),
                ("input[discovered_on]", &opened),
                ("input[day]", &opened),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap()
}

/// One step that must pass.
async fn ok(app: &mut TestApp, id: i64, action: &str, on: i64, more: &[(&str, &str)]) {
    let id = id.to_string();
    let on = day(on);
    let mut fields = vec![("id", id.as_str()), ("input[action]", action), ("input[day]", on.as_str())];
    fields.extend_from_slice(more);
    let res = app.call("/api/penalty/step", &fields).await;
    assert_eq!(res.status, StatusCode::OK, "{action}: {}", res.body);
}

const NOTICE: [(&str, &str); 5] = [
    ("input[method]", "in_person"),
    ("input[sanctions][warning]", "on"),
    ("input[sanctions][fine]", "on"),
    ("input[sanctions][fine_amount]", "30000"),
    ("input[adjust]", "standard"),
];

const DECISION: [(&str, &str); 5] = [
    ("input[sanctions][warning]", "on"),
    ("input[sanctions][fine]", "on"),
    ("input[sanctions][fine_amount]", "30000"),
    ("input[adjust]", "standard"),
    ("input[legal_review_done]", "on"),
];

/// Opened, evidence, the notice of a ¥30,000 fine (a hearing right).
async fn notified(app: &mut TestApp) -> i64 {
    let id = open_case(app).await;
    ok(app, id, "approve_opening", 240, &[]).await;
    let res = app.upload_fields(&format!("/officer/cases/{id}/evidence"), &[("day", &day(239))], "照片.png", PNG).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    ok(app, id, "serve_notice", 235, &NOTICE).await;
    id
}

/// From the notice through a hearing to the decision's service.
async fn decided_after_hearing(app: &mut TestApp, id: i64) {
    ok(app, id, "request_hearing", 233, &[]).await;
    ok(app, id, "schedule_hearing", 232, &[("input[hearing_on]", &day(218))]).await;
    ok(app, id, "hold_hearing", 218, &[]).await;
    ok(app, id, "decide_penalty", 215, &DECISION).await;
    ok(app, id, "serve_decision", 214, &[("input[method]", "post")]).await;
}

async fn doc(app: &mut TestApp, id: i64, kind: &str) -> Res {
    app.get(&format!("/officer/cases/{id}/documents/{kind}")).await
}

/// The document itself (the page's script nonce changes every time).
fn article(page: &str) -> String {
    let start = page.find("<article").expect("the document");
    let end = page.find("</article>").expect("the document's end");
    page[start..end].to_string()
}

fn decision_no() -> String {
    format!("阳民罚〔{}〕1号", ago(215).year())
}

fn date_cn(n: i64) -> String {
    app::domain::penalty_case::documents::date_cn(ago(n))
}

db_test!(every_document_of_a_case_prints_and_downloads, |app| {
    app.officer().await;
    let id = notified(&mut app).await;
    decided_after_hearing(&mut app, id).await;
    let case_no = format!("阳民罚案〔{}〕{id}号", app::kernel::clock::today().year());
    let issued = ["opening_approval", "notice", "hearing_notice", "hearing_record", "decision", "service_receipt"];
    for kind in issued {
        let res = doc(&mut app, id, kind).await;
        assert_eq!(res.status, StatusCode::OK, "{kind}: {}", res.body);
        let b = &res.body;
        assert!(b.contains(NAME) && b.contains("阳光市民政局"), "{kind}: {b}");
        assert!(b.contains("@page") && b.contains("size: A4"), "{kind}: the print stylesheet");
        assert!(b.contains(&format!("/officer/cases/{id}/documents/{kind}.pdf")), "{kind}: the PDF link");
        let number = if kind == "decision" { decision_no() } else { case_no.clone() };
        assert!(b.contains(&format!("id=\"doc-number\">{number}<")), "{kind}: {number} in {b}");
        assert!(!b.contains("{{"), "{kind}: a placeholder left in {b}");
    }
    for kind in ["opening_approval", "notice", "hearing_record", "decision"] {
        assert!(doc(&mut app, id, kind).await.body.contains(FACTS), "{kind}: the facts");
    }
    let notice = doc(&mut app, id, "notice").await.body;
    assert!(notice.contains("行政处罚告知书") && notice.contains("罚款人民币30,000.00元"), "{notice}");
    assert!(notice.contains("五日内") && notice.contains("要求举行听证"), "the hearing right: {notice}");
    assert!(notice.contains(&date_cn(235)) && notice.contains("〔印章〕"), "{notice}");
    let hearing = doc(&mut app, id, "hearing_notice").await.body;
    assert!(hearing.contains(&date_cn(218)) && hearing.contains("七日前"), "{hearing}");
    let decision = doc(&mut app, id, "decision").await.body;
    for part in ["行政处罚决定书", "警告；罚款人民币30,000.00元", "六十日内", "六个月内", "十五日内", "特此决定"]
    {
        assert!(decision.contains(part), "{part} in {decision}");
    }
    assert!(decision.contains(&date_cn(215)), "{decision}");
    let receipt = doc(&mut app, id, "service_receipt").await.body;
    assert!(receipt.contains(&format!("行政处罚决定书（{}）", decision_no())) && receipt.contains("邮寄"), "{receipt}");
    // Documents not issued, and kinds that do not exist, are not found.
    assert_eq!(doc(&mut app, id, "court_application").await.status, StatusCode::NOT_FOUND);
    assert_eq!(doc(&mut app, id, "nonsense").await.status, StatusCode::NOT_FOUND);
    assert_eq!(doc(&mut app, id + 1000, "decision").await.status, StatusCode::NOT_FOUND);

    // The PDF: A4 with the CJK font subset embedded with its ToUnicode map.
    let pdf = doc(&mut app, id, "decision.pdf").await;
    assert_eq!(pdf.status, StatusCode::OK, "{}", pdf.body);
    assert_eq!(pdf.headers["content-type"], "application/pdf");
    assert!(pdf.headers["content-disposition"].to_str().unwrap().starts_with("attachment"));
    assert!(pdf.bytes.starts_with(b"%PDF"), "not a PDF");
    let text = String::from_utf8_lossy(&pdf.bytes);
    assert!(text.contains("/ToUnicode"), "no ToUnicode map");
    assert!(text.contains("NotoSerifCJK"), "the CJK font is not embedded");
    let media = text.split("/MediaBox").nth(1).map(|m| m.chars().take(30).collect::<String>()).unwrap_or_default();
    assert!(media.contains("595") && media.contains("842"), "not A4: {media}");
    assert!(pdf.bytes.len() < 400_000, "the font was not subset: {} bytes", pdf.bytes.len());
    // The case page links its documents.
    let page = app.get(&format!("/officer/cases/{id}")).await.body;
    assert!(page.contains(&format!("/officer/cases/{id}/documents/decision")), "{page}");
});

db_test!(only_officers_see_documents, |app| {
    app.officer().await;
    let id = notified(&mut app).await;
    let paths = [format!("/officer/cases/{id}/documents/notice"), format!("/officer/cases/{id}/documents/notice.pdf")];
    app.logout().await;
    for p in &paths {
        let res = app.get(p).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{p}: {}", res.body);
        assert!(res.location().unwrap().starts_with("/login"), "{p}");
    }
    app.user("orguser", "Org#Pass123", Role::OrgUser, Some(1)).await;
    app.login("orguser", "Org#Pass123").await;
    for p in &paths {
        assert_eq!(app.get(p).await.status, StatusCode::FORBIDDEN, "{p}");
    }
});

db_test!(templates_are_checked_versioned_and_audited, |app| {
    // The defaults the migration seeds pass their own check.
    let rows = app
        .db
        .query_all_raw(app::db::stmt(
            app.db.get_database_backend(),
            "SELECT kind, title, body FROM document_template WHERE version = 1",
            vec![],
        ))
        .await
        .unwrap();
    assert_eq!(rows.len(), DocKind::ALL.len());
    for r in rows {
        let kind: String = r.try_get("", "kind").unwrap();
        let kind = DocKind::parse(&kind).unwrap();
        let (title, body): (String, String) = (r.try_get("", "title").unwrap(), r.try_get("", "body").unwrap());
        assert_eq!(check_template(kind, &title, &body), Ok(()), "{kind:?}");
    }

    // Officers do not edit templates.
    app.officer().await;
    let save =
        |body: &'static str| vec![("input[kind]", "notice"), ("input[title]", "行政处罚告知书"), ("input[body]", body)];
    let res = app.call("/api/documents/save", &save("{{party_name}}：经查，{{facts}}。")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.body);

    app.user("admin1", "Admin#Pass123", Role::Admin, None).await;
    app.login("admin1", "Admin#Pass123").await;
    let page = app.get("/officer/templates").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("行政处罚告知书") && page.body.contains("{{hearing_deadline}}"), "{}", page.body);
    let templates = app.count("document_template").await;
    let audit = app.count("audit_log").await;
    for (body, key) in [
        ("{{party_name}}：{{decision_no}}", "doc_err_unknown_placeholder|{{decision_no}}"),
        ("{{party_name}}：{{whatever}}{{ other }}{{whatever}}", "doc_err_unknown_placeholder|{{whatever}}、{{other}}"),
        ("{{party_name：", "doc_err_malformed"),
    ] {
        let res = app.call("/api/documents/save", &save(body)).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", res.body);
        assert!(res.body.contains(key), "{body}: {}", res.body);
    }
    // Without JavaScript the page comes back naming them, in both languages.
    let sent = save("{{party_name}}：{{whatever}}，{{decision_no}}");
    let res = app.post_form("/api/documents/save", "/officer/templates", &sent).await;
    assert!(res.status.is_redirection(), "{}", res.body);
    let page = app.get("/officer/templates").await;
    let named = "模板含有此类文书不能使用的占位符：{{whatever}}、{{decision_no}}。";
    assert!(page.body.contains(named), "{}", page.body);
    app.cookies.insert("lang".into(), "en".into());
    let res = app.post_form("/api/documents/save", "/officer/templates", &sent).await;
    assert!(res.status.is_redirection(), "{}", res.body);
    let page = app.get("/officer/templates").await;
    let named = "The template uses placeholders this kind of document cannot use: {{whatever}}、{{decision_no}}.";
    assert!(page.body.contains(named), "{}", page.body);
    app.cookies.remove("lang");
    assert_eq!(app.count("document_template").await, templates, "a refused template changed the table");
    assert_eq!(app.count("audit_log").await, audit, "a refused template was audited");

    let res =
        app.call("/api/documents/save", &save("{{party_name}}：经查，{{facts}}。\n---\n{{bureau}}\n{{date_cn}}")).await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "2"), "{}", res.body);
    let res = app.call("/api/documents/reset", &[("kind", "notice")]).await;
    assert_eq!((res.status, res.body.as_str()), (StatusCode::OK, "3"), "{}", res.body);
    let bodies: Vec<String> = app::db::column(
        &app.db,
        "SELECT body FROM document_template WHERE kind = 'notice' ORDER BY version",
        vec![],
        "body",
    )
    .await
    .unwrap();
    assert_eq!(bodies.len(), 3);
    assert_eq!(bodies[2], bodies[0], "reset copies the default back");
    let actions: Vec<String> = app::db::column(
        &app.db,
        "SELECT action FROM audit_log WHERE entity = 'document_template' ORDER BY seq",
        vec![],
        "action",
    )
    .await
    .unwrap();
    assert_eq!(actions, vec!["template_save", "template_reset"]);
});

db_test!(an_issued_document_keeps_its_text, |app| {
    app.user("admin1", "Admin#Pass123", Role::Admin, None).await;
    app.login("admin1", "Admin#Pass123").await;
    let id = notified(&mut app).await;
    let before = article(&doc(&mut app, id, "notice").await.body);
    assert!(before.contains("陈述和申辩"), "{before}");
    for kind in ["notice", "decision"] {
        let body = "{{party_name}}：\n新版文本，{{facts}}。\n---\n{{bureau}}\n〔印章〕\n{{date_cn}}";
        let res = app
            .call("/api/documents/save", &[("input[kind]", kind), ("input[title]", "新版标题"), ("input[body]", body)])
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    }
    let after = article(&doc(&mut app, id, "notice").await.body);
    assert_eq!(after, before, "the notice issued keeps its text");
    assert!(!after.contains("新版"), "{after}");
    // A document issued after the edit is filled from the new version.
    decided_after_hearing(&mut app, id).await;
    let decision = doc(&mut app, id, "decision").await.body;
    assert!(decision.contains("新版标题") && decision.contains("新版文本") && decision.contains(FACTS), "{decision}");
    assert!(decision.contains("data-template-version=\"2\""), "{decision}");
});

/// A font that cannot be read: the server starts, the print view works, and
/// a PDF answers 503 with a message naming the setting.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_missing_font_disables_pdfs_with_a_clear_message() {
    let settings =
        app::state::Settings { pdf_font: "/nonexistent/NoSuchFont.ttc".into(), ..sunshine_tests::test_settings() };
    let mut app = TestApp::with_settings(sunshine_tests::Backend::Sqlite, settings).await;
    app.officer().await;
    let id = open_case(&mut app).await;
    ok(&mut app, id, "approve_opening", 240, &[]).await;
    assert_eq!(doc(&mut app, id, "opening_approval").await.status, StatusCode::OK);
    let res = doc(&mut app, id, "opening_approval.pdf").await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.body.contains("PDF_FONT=/nonexistent/NoSuchFont.ttc") && res.body.contains("中文字体"), "{}", res.body);
}
