//! The open data API (`/api/open/v1`) on SQLite and PostgreSQL over the demo
//! data: every list answers records that its OpenAPI document describes
//! (checked with a JSON Schema validator against the real answers); a list
//! walked by its cursors gives each record once, in key order, the same ones
//! as its CSV; an `ETag` sent back gets 304; bad parameters get 400 naming
//! the parameter, for the JSON and the CSV; a client past its limit gets 429;
//! no record carries contacts or operators.

use std::collections::BTreeSet;

use app::state::RateLimits;
use http::{header, Method, Request, StatusCode};
use serde_json::Value;
use server::web::open::{DATASETS, MAX_LIMIT};
use sunshine_tests::{test_settings, Backend, Res, TestApp};

/// The demo data, and 30 organizations on the abnormal list (the demo lists
/// none until reports are overdue).
async fn demo(backend: Backend) -> TestApp {
    use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
    let app = TestApp::demo(backend, 150).await;
    let orgs = entity::organization::Entity::find()
        .order_by_asc(entity::organization::Column::Id)
        .limit(30)
        .all(&app.db)
        .await
        .unwrap();
    let today = app::kernel::clock::today();
    for o in orgs {
        let r#ref = format!("test-{}", o.id);
        app::credit::service::list_in(&app.db, o.id, "unreachable", &r#ref, today, "阳光市民政局", "", None)
            .await
            .unwrap();
    }
    app
}

async fn get_json(app: &mut TestApp, path: &str) -> (Res, Value) {
    let req = Request::builder()
        .method(Method::GET)
        .uri(path)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "application/json")
        .body(axum::body::Body::empty())
        .unwrap();
    let res = app.send(req).await;
    let json = serde_json::from_slice(&res.bytes).unwrap_or(Value::Null);
    (res, json)
}

/// The validator of a list's page schema, with the document's components.
fn page_validator(doc: &Value, schema: &str) -> jsonschema::Validator {
    let root = serde_json::json!({
        "$ref": format!("#/components/schemas/{schema}Page"),
        "components": doc["components"].clone(),
    });
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("{schema}: {e}"))
}

async fn every_list_is_what_its_document_says(backend: Backend) {
    let mut app = demo(backend).await;
    let (res, doc) = get_json(&mut app, "/api/open/v1/openapi.json").await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."), "{doc}");
    for d in DATASETS {
        let path = format!("/api/open/v1/{}", d.path);
        let op = &doc["paths"][&path]["get"];
        assert!(op.is_object(), "{path} is not in the document");
        let names: BTreeSet<&str> =
            op["parameters"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        for p in d.params {
            assert!(names.contains(p.name), "{path}: {} undocumented", p.name);
        }
        assert!(doc["paths"][format!("{path}.csv")]["get"].is_object(), "{path}.csv is not in the document");

        let (res, page) = get_json(&mut app, &format!("{path}?limit=5")).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        assert_eq!(res.headers[header::CONTENT_TYPE], "application/json");
        let rows = page["data"].as_array().unwrap();
        assert!(!rows.is_empty(), "{path}: the demo data has none");
        assert!(rows.len() <= 5);
        let v = page_validator(&doc, d.schema);
        let errors: Vec<String> = v.iter_errors(&page).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{path}: {errors:?}");
        // The schema holds the records to their types: a record whose name
        // has the wrong type, or without it, is refused.
        let first = ["name", "org_name", "decision_number"]
            .into_iter()
            .find(|f| rows[0].get(*f).is_some())
            .unwrap_or_else(|| panic!("{path}: a record without a name"))
            .to_string();
        let mut wrong = page.clone();
        wrong["data"][0][&first] = serde_json::json!({ "nested": true });
        assert!(!v.is_valid(&wrong), "{path}: the schema takes any {first}");
        let mut missing = page.clone();
        missing["data"][0].as_object_mut().unwrap().remove(&first);
        assert!(!v.is_valid(&missing), "{path}: the schema does not require {first}");
        for r in rows {
            for field in ["contact_person", "contact_phone", "contact_email", "operator_name", "people", "accounts"] {
                assert!(r.get(field).is_none(), "{path} gives {field}");
            }
        }
    }
}

async fn a_list_walked_by_cursor_is_its_csv(backend: Backend) {
    let mut app = demo(backend).await;
    for (path, q, limit) in [
        ("organizations", "q=协会", 7),
        ("organizations", "org_type=foundation", 7),
        ("credit-entries", "state=all", 7),
        // The trusts' status is computed, not a column: the keyed read goes on past the ones that fail it.
        ("trusts", "status=in_force", 2),
        ("trusts", "status=overdue", 1),
    ] {
        // Few public trusts have a report overdue: one page may hold them, reached past the others.
        let least_pages = if q == "status=overdue" { 1 } else { 2 };
        let mut keys = Vec::new();
        let mut names = Vec::new();
        let mut cursor: Option<String> = None;
        let mut pages = 0;
        loop {
            let url = match &cursor {
                Some(c) => format!("/api/open/v1/{path}?{q}&limit={limit}&cursor={c}"),
                None => format!("/api/open/v1/{path}?{q}&limit={limit}"),
            };
            let (res, page) = get_json(&mut app, &url).await;
            assert_eq!(res.status, StatusCode::OK, "{url}: {}", res.body);
            let rows = page["data"].as_array().unwrap();
            assert!(rows.len() <= limit);
            for r in rows {
                keys.push(r["id"].as_i64().unwrap());
                names.push(r["name"].as_str().unwrap().to_string());
            }
            pages += 1;
            match page["next_cursor"].as_str() {
                Some(c) => {
                    assert_eq!(rows.len(), limit, "{url}: a short page before the end");
                    assert_eq!(c, rows.last().unwrap()["id"].as_i64().unwrap().to_string());
                    cursor = Some(c.to_string());
                }
                None => break,
            }
        }
        assert!(pages >= least_pages && !keys.is_empty(), "{path}?{q}: {pages} pages ({} records)", keys.len());
        assert!(keys.windows(2).all(|w| w[0] < w[1]), "{path}?{q}: not in key order, or twice");
        let csv = app.get(&format!("/api/open/v1/{path}.csv?{q}")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.headers[header::CONTENT_TYPE].to_str().unwrap().starts_with("text/csv"));
        let mut reader = csv::Reader::from_reader(csv.bytes.strip_prefix(b"\xEF\xBB\xBF".as_slice()).unwrap());
        let csv_names: Vec<String> = reader.records().map(|r| r.unwrap()[1].to_string()).collect();
        assert_eq!(csv_names, names, "{path}?{q}: the CSV differs from the API");
    }
    // The page's export is the same file.
    let a = app.get("/api/open/v1/organizations.csv?q=协会").await;
    let b = app.get("/public/orgs/export.csv?q=协会").await;
    assert_eq!(a.bytes, b.bytes);
}

async fn the_supervisory_filter_means_what_the_document_says(backend: Backend) {
    let mut app = demo(backend).await;
    for (value, with_unit) in [("yes", true), ("no", false)] {
        let (res, page) =
            get_json(&mut app, &format!("/api/open/v1/organizations?supervisory={value}&limit=200")).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.body);
        let rows = page["data"].as_array().unwrap();
        assert!(!rows.is_empty(), "supervisory={value}: nothing");
        for r in rows {
            assert_eq!(r["supervisory_unit"].is_string(), with_unit, "supervisory={value}: {r}");
        }
    }
}

async fn a_copy_still_fresh_is_not_sent_again(backend: Backend) {
    let mut app = demo(backend).await;
    let (res, _) = get_json(&mut app, "/api/open/v1/ratings?limit=3").await;
    let tag = res.headers[header::ETAG].to_str().unwrap().to_string();
    assert!(res.headers[header::CACHE_CONTROL].to_str().unwrap().contains("no-cache"));
    let req = |tag: &str| {
        Request::builder()
            .uri("/api/open/v1/ratings?limit=3")
            .header(header::HOST, "localhost")
            .header(header::IF_NONE_MATCH, tag)
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let again = app.send(req(&tag)).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.bytes.is_empty());
    assert_eq!(again.headers[header::ETAG].to_str().unwrap(), tag);
    // Another page is another copy.
    let other = app.send(req("W/\"0000\"")).await;
    assert_eq!(other.status, StatusCode::OK);
}

async fn bad_parameters_are_refused_by_name(backend: Backend) {
    let mut app = TestApp::new(backend).await;
    for (query, parameter) in [
        ("organizations?limit=0", "limit"),
        ("organizations?limit=201", "limit"),
        ("organizations?limit=ten", "limit"),
        ("organizations?cursor=-1", "cursor"),
        ("organizations?cursor=abc", "cursor"),
        ("organizations?page=2", "page"),
        ("organizations?sort=name", "sort"),
        ("organizations?org_type=company", "org_type"),
        ("credit-entries?list=black", "list"),
        ("ratings?grade=6A", "grade"),
        ("charities?qualified=maybe", "qualified"),
        ("warnings?token=x", "token"),
        ("disclosures?kind=monthly", "kind"),
        ("inspection-results?outcome=fine", "outcome"),
        ("fundraising-plans.csv?cursor=x", "cursor"),
        ("organizations.csv?status=closed", "status"),
        ("penalties.csv?colour=red", "colour"),
    ] {
        let (res, body) = get_json(&mut app, &format!("/api/open/v1/{query}")).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{query}: {}", res.body);
        assert_eq!(body["parameter"], parameter, "{query}");
        assert!(!body["message"].as_str().unwrap().is_empty());
    }
    // At the bounds, and an empty choice (no filter), all is well.
    for query in [
        format!("organizations?limit={MAX_LIMIT}"),
        "organizations?limit=1&cursor=0".into(),
        "organizations?org_type=&q=".into(),
    ] {
        let (res, body) = get_json(&mut app, &format!("/api/open/v1/{query}")).await;
        assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.body);
        assert!(body["data"].as_array().unwrap().is_empty());
        assert!(body["next_cursor"].is_null());
    }
}

async fn a_client_past_its_limit_waits(backend: Backend) {
    let settings = app::state::Settings {
        rate_limits: RateLimits { open_data_per_minute: 3, ..RateLimits::OFF },
        ..test_settings()
    };
    let mut app = TestApp::with_settings(backend, settings).await;
    for _ in 0..3 {
        let (res, _) = get_json(&mut app, "/api/open/v1/warnings").await;
        assert_eq!(res.status, StatusCode::OK);
    }
    let (res, _) = get_json(&mut app, "/api/open/v1/warnings.csv").await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.headers.contains_key(header::RETRY_AFTER));
    // The public pages are not counted with the API.
    assert_eq!(app.get("/public/warnings").await.status, StatusCode::OK);
}

macro_rules! both {
    ($name:ident) => {
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                sunshine_tests::within_limit(super::$name(sunshine_tests::Backend::Sqlite)).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                sunshine_tests::within_limit(super::$name(sunshine_tests::Backend::Postgres)).await;
            }
        }
    };
}

both!(every_list_is_what_its_document_says);
both!(a_list_walked_by_cursor_is_its_csv);
both!(the_supervisory_filter_means_what_the_document_says);
both!(a_copy_still_fresh_is_not_sent_again);
both!(bad_parameters_are_refused_by_name);
both!(a_client_past_its_limit_waits);
