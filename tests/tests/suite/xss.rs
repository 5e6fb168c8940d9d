//! Stored markup never becomes markup: the demo data with an injection payload
//! appended to every free-text column the application writes (and to every
//! value of the saved report drafts), then every page of the route table
//! rendered (SSR) as every role that may open it. No page may contain markup
//! that came from the payload, none may fail because of it, and none may use
//! an `id` twice.

use std::collections::BTreeSet;

use http::StatusCode;
use sea_orm::ConnectionTrait;
use sunshine_tests::{site, Backend, TestApp};

/// Appended to every free-text value.
const PAYLOAD: &str = "</textarea><img src=x onerror=alert(1)><script>alert(2)</script>\"'&";

/// The free-text columns (people type them, or an import brings them): not
/// codes, states, dates, hashes or JSON the application writes itself.
const FREE_TEXT: &[(&str, &[&str])] = &[
    (
        "organization",
        &[
            "name",
            "domicile",
            "legal_rep",
            "supervisory_unit",
            "business_scope",
            "contact_person",
            "contact_phone",
            "contact_email",
            "status_reason",
        ],
    ),
    ("org_event", &["note"]),
    ("supervisory_unit", &["name", "contact_person", "contact_phone", "contact_email"]),
    ("unit_action", &["body", "author"]),
    ("app_user", &["display_name"]),
    ("audit_log", &["actor_name"]),
    ("mail_outbox", &["subject", "body_text"]),
    ("import_job", &["file_name"]),
    ("annual_report", &["return_comment", "conclusion_reason"]),
    ("report_event", &["comment"]),
    ("report_attachment", &["file_name"]),
    ("credit_entry", &["reason", "basis", "ref", "deciding_office", "note", "removal_reason"]),
    ("penalty", &["deciding_office", "facts", "basis"]),
    ("returned_letter", &["note"]),
    ("repair_request", &["statement", "decision_reason"]),
    ("credit_weight", &["description"]),
    ("zombie_case", &["response", "decision_reason"]),
    ("rating_sheet", &["title"]),
    ("rating_item", &["group_name", "name"]),
    ("rating_round", &["title"]),
    ("rating_expert", &["affiliation"]),
    ("rating_exclusion", &["reason", "note"]),
    ("rating_application", &["self_assessment", "decision_note"]),
    ("rating_objection", &["name", "contact", "body", "resolution"]),
    ("rating_grade", &["certificate_no"]),
    ("rating_change", &["reason"]),
    ("inspector", &["name", "unit", "phone", "cert_no"]),
    ("inspector_conflict", &["reason"]),
    ("inspection_campaign", &["name", "items"]),
    ("inspection_target", &["org_name", "address", "contact", "supervisory_unit", "checked_items", "findings"]),
    ("inspection_attachment", &["file_name"]),
    ("inspection_item_answer", &["item", "note"]),
    ("inspection_rectification", &["findings", "report", "review_note"]),
    ("lottery_outlet", &["name", "address", "operator_name", "contact_person", "contact_phone"]),
    ("lottery_outlet_event", &["note"]),
    ("lottery_sheet", &["title"]),
    ("lottery_sheet_item", &["category", "name"]),
    ("lottery_grading", &["note"]),
    ("lottery_inspection", &["inspector", "note", "follow_up"]),
    ("lottery_finding", &["item"]),
    ("charity", &["recognition_note", "certificate_no", "withdraw_reason"]),
    ("charity_event", &["note", "actor"]),
    (
        "charity_plan",
        &[
            "title",
            "purpose",
            "region",
            "platform",
            "uses",
            "beneficiaries",
            "bank_account",
            "person_in_charge",
            "office_address",
            "termination_reason",
        ],
    ),
    ("charity_plan_change", &["reason"]),
    ("charity_disclosure", &["uses"]),
    (
        "complaint",
        &["subject_name", "what", "place", "reporter_name", "reporter_phone", "reporter_email", "reply", "referred_to"],
    ),
    ("complaint_event", &["actor", "note"]),
    ("complaint_attachment", &["file_name"]),
    (
        "illegal_org",
        &[
            "name",
            "activities",
            "places",
            "websites",
            "accounts",
            "people",
            "source_ref",
            "outcome_note",
            "referred_to",
        ],
    ),
    ("illegal_org_note", &["officer", "note"]),
    (
        "charitable_trust",
        &["name", "trustee_name", "contact_email", "supervisor", "purpose_note", "beneficiaries", "return_reason"],
    ),
    ("charitable_trust_contract", &["file_name"]),
    ("charitable_trust_change", &["description"]),
    ("charitable_trust_report", &["note"]),
    ("dashboard_target", &["name"]),
    (
        "party_org",
        &[
            "joint_with",
            "none_reason",
            "secretary",
            "instructor_name",
            "instructor_unit",
            "instructor_phone",
            "liaison",
        ],
    ),
    ("party_org_history", &["actor"]),
    ("party_sync", &["note", "actor"]),
];

/// The columns that must hold the payload for the test to mean anything: the
/// ones the probe broke out of.
const MUST_COVER: &[(&str, &str)] = &[
    ("organization", "business_scope"),
    ("inspection_target", "findings"),
    ("inspection_item_answer", "note"),
    ("charity_plan", "purpose"),
    ("charity_plan", "uses"),
];

/// The `id`s used more than once in a page.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut dup = BTreeSet::new();
    for part in html.split(" id=\"").skip(1) {
        let id = &part[..part.find('"').unwrap_or(0)];
        if !seen.insert(id.to_string()) {
            dup.insert(id.to_string());
        }
    }
    dup.into_iter().collect()
}

fn assert_inert(html: &str, what: &str) {
    assert!(!html.contains("<img src=x"), "{what}: the payload's <img> became markup");
    assert!(!html.contains("<script>alert(2)"), "{what}: the payload's <script> became markup");
}

/// Appends the payload to every string of a JSON value.
fn taint(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::String(s) => s.push_str(PAYLOAD),
        serde_json::Value::Array(a) => a.iter_mut().for_each(taint),
        serde_json::Value::Object(o) => o.values_mut().for_each(taint),
        _ => {}
    }
}

async fn stored_markup_stays_text(backend: Backend) {
    let mut app = TestApp::demo(backend, 150).await;
    let backend_of = app.db.get_database_backend();

    // The payload into every free-text column and every draft value.
    let mut covered = BTreeSet::new();
    for (table, columns) in FREE_TEXT {
        for column in *columns {
            let sql = format!("UPDATE {table} SET {column} = {column} || ? WHERE {column} IS NOT NULL");
            let n = app::db::exec(&app.db, &sql, vec![PAYLOAD.into()]).await.unwrap();
            if n > 0 {
                covered.insert((*table, *column));
            }
        }
    }
    for must in MUST_COVER {
        assert!(covered.contains(must), "the demo data has no {must:?} to carry the payload");
    }
    let drafts = app
        .db
        .query_all_raw(app::db::stmt(backend_of, "SELECT id, form_json FROM annual_report", vec![]))
        .await
        .unwrap();
    assert!(!drafts.is_empty());
    for r in drafts {
        let id: i64 = r.try_get("", "id").unwrap();
        let mut form: serde_json::Value = serde_json::from_str(&r.try_get::<String>("", "form_json").unwrap()).unwrap();
        taint(&mut form);
        app::db::exec(
            &app.db,
            "UPDATE annual_report SET form_json = ? WHERE id = ?",
            vec![form.to_string().into(), id.into()],
        )
        .await
        .unwrap();
    }
    println!("payload in {} columns: {covered:?}", covered.len());

    // Every page, as every role that may open it.
    assert!(server::web::page_paths().len() > 50);
    let mut rendered = 0;
    let mut showing = BTreeSet::new();
    let mut duplicated = Vec::new();
    for role in site::ROLES {
        app.logout().await;
        if role != "anonymous" {
            let (user, pass, _, _) =
                server::seed::DEMO_USERS.iter().find(|(u, _, _, _)| *u == role).copied().expect("a demo user");
            app.login(user, pass).await;
        }
        for (route, target) in site::routes_of(&app, role).await {
            let res = app.get(&target).await;
            assert_ne!(res.status, StatusCode::INTERNAL_SERVER_ERROR, "{role} {target}: {}", res.body);
            assert_inert(&res.body, &format!("{role} {target}"));
            let dup = duplicate_ids(&res.body);
            if !dup.is_empty() {
                duplicated.push(format!("{role} {target}: {dup:?}"));
            }
            rendered += 1;
            if res.body.contains("&lt;img src=x onerror=alert(1)&gt;") {
                showing.insert(route);
            }
        }
    }
    // A label, a summary link or a test that finds an element by its id must
    // find the one meant: every id is used once on its page.
    assert!(duplicated.is_empty(), "ids used twice: {duplicated:#?}");
    println!("{rendered} pages rendered; the payload shows (as text) on {}: {showing:?}", showing.len());
    // The forms the probe broke out of, and the pages that show those texts.
    for path in [
        "/officer/orgs/{id}/change",
        "/officer/orgs/{id}",
        "/public/orgs/{id}",
        "/portal/reports/{year}",
        "/officer/reports/{id}",
        "/inspector/targets/{id}",
        "/portal/charity/plans/{id}",
        "/officer/inspections/{id}",
    ] {
        assert!(showing.contains(path), "{path} should show a stored text; it showed none: {showing:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_markup_stays_text_sqlite() {
    stored_markup_stays_text(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stored_markup_stays_text_postgres() {
    stored_markup_stays_text(Backend::Postgres).await;
}
