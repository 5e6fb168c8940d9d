//! Input at the edge, on SQLite and PostgreSQL: a huge page number on every
//! list, malformed server-function arguments (400) and oversize bodies (413),
//! dates out of range or with a sign, control characters, form bodies that are
//! not UTF-8, and `%` / `_` typed into a search.

use std::time::Duration;

use app::auth::types::Role;
use axum::body::Body;
use http::{header, Method, Request, StatusCode};
use sunshine_tests::{db_test, org_form, pairs, Res, TestApp};

const HUGE: &str = "9223372036854775807";

/// Every route of the app's one route table without a path parameter.
fn parameterless_routes() -> Vec<String> {
    let table = include_str!("../../../app/src/lib.rs");
    let routes: Vec<String> = table
        .split("path!(\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .filter(|p| !p.contains(':'))
        .map(str::to_string)
        .collect();
    assert!(routes.len() > 40, "the route table was not read: {routes:?}");
    routes
}

async fn get_quickly(app: &mut TestApp, path: &str) -> Res {
    match tokio::time::timeout(Duration::from_secs(20), app.get(path)).await {
        Ok(res) => res,
        Err(_) => panic!("{path} did not answer within 20 s"),
    }
}

async fn admin(app: &mut TestApp) {
    app.user("admin1", "Admin#Pass1", Role::Admin, None).await;
    app.login("admin1", "Admin#Pass1").await;
}

db_test!(every_list_answers_a_huge_page_number_quickly, |app| {
    admin(&mut app).await;
    for route in parameterless_routes() {
        let path = format!("{route}?page={HUGE}");
        let res = get_quickly(&mut app, &path).await;
        assert!(res.status.as_u16() < 500, "{path}: {}", res.status);
        let list = route.starts_with("/public/") || route.starts_with("/officer/");
        if list && !route.ends_with("/new") && !route.ends_with("/import") {
            assert_eq!(res.status, StatusCode::OK, "{path}");
        }
    }
    // The server functions behind the lists, called directly with the page.
    for (path, fields) in [
        ("/api/charity/ranking", vec![("page", HUGE)]),
        ("/api/credit/announcements", vec![("page", HUGE)]),
        ("/api/registry/terms", vec![("page", HUGE)]),
        ("/api/rating/experts", vec![("q", ""), ("page", HUGE)]),
        ("/api/accounts/list", vec![("q", ""), ("page", HUGE)]),
        ("/api/registry/public_list", vec![("filter[page]", HUGE)]),
    ] {
        let res = tokio::time::timeout(Duration::from_secs(20), app.call(path, &fields)).await.expect(path);
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.body);
        assert!(res.body.contains("\"page\":100000"), "{path}: the page is clamped: {}", res.body);
    }
});

db_test!(malformed_arguments_answer_400_and_oversize_bodies_413, |app| {
    // Not a number where the function takes one, and an argument missing.
    for fields in [vec![("page", "abc")], vec![("page", "-1")], vec![]] {
        let res = app.call("/api/charity/ranking", &fields).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{fields:?}: {}", res.body);
        assert!(res.body.contains("BadRequest"), "the message says what was wrong: {}", res.body);
    }
    // A plain form post gets the 400 too, with a readable text instead of a redirect.
    let res = app.post_form("/api/charity/ranking", "/public/charity/ranking", &[("page", "abc")]).await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST, "{}", res.body);
    assert!(res.location().is_none(), "{:?}", res.location());
    assert!(res.body.contains("请求无法识别"), "{}", res.body);

    app.officer().await;
    let mut form = org_form("阳光市南山区长文协会", "social_group", 1);
    let big = "长".repeat(400_000);
    form.iter_mut().find(|(k, _)| k == "input[business_scope]").unwrap().1 = big;
    let res = app.call("/api/registry/register", &pairs(&form)).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE, "{}", &res.body[..res.body.len().min(300)]);
    assert!(res.body.contains("TooLarge"), "{}", res.body);
    // (That body had no Content-Length: it was counted while read.) A
    // declared length over the limit is refused before the body is read.
    let mut req = api_request(&app, "/api/registry/register", Body::from("a=1"));
    req.headers_mut().insert(header::CONTENT_LENGTH, "104857600".parse().unwrap());
    let res = app.send(req).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(app.count("organization").await, 0);
});

/// A form post as the hydrated page sends it, with this app's cookies.
fn api_request(app: &TestApp, path: &str, body: Body) -> Request<Body> {
    let cookies = app.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("; ");
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(header::HOST, "localhost")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::ORIGIN, "http://localhost")
        .header(header::COOKIE, cookies)
        .body(body)
        .unwrap()
}

fn with(form: &[(String, String)], field: &str, value: &str) -> Vec<(String, String)> {
    let mut form = form.to_vec();
    form.iter_mut().find(|(k, _)| k == field).unwrap().1 = value.to_string();
    form
}

db_test!(dates_out_of_range_or_with_a_sign_are_refused_with_the_field, |app| {
    app.officer().await;
    let audits = app.count("audit_log").await;
    let form = org_form("阳光市南山区日期协会", "social_group", 2);
    for (date, key) in [
        ("0000-01-01", "err_date_range"),
        ("+2026-01-01", "err_date"),
        ("1948-12-31", "err_date_range"),
        ("20260-01-01", "err_date"),
    ] {
        let res = app.call("/api/registry/register", &pairs(&with(&form, "input[registration_date]", date))).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{date}: {}", res.body);
        assert!(res.body.contains("registration_date") && res.body.contains(key), "{date}: {}", res.body);
    }
    assert_eq!(app.count("organization").await, 0);
    assert_eq!(app.count("audit_log").await, audits);
    // The first day of the range is a date like any other.
    let res = app.call("/api/registry/register", &pairs(&with(&form, "input[registration_date]", "1949-01-01"))).await;
    assert!(res.status.is_success() || res.status.is_redirection(), "{}", res.body);
    assert_eq!(app.count("organization").await, 1);
});

db_test!(control_characters_are_refused_with_the_field, |app| {
    app.officer().await;
    let audits = app.count("audit_log").await;
    let form = org_form("阳光市南山区字符协会", "social_group", 3);
    for (field, value, key) in [
        ("input[business_scope]", "开展\0公益服务", "err_control_chars"),
        ("input[business_scope]", "开展\u{1b}[2J公益服务", "err_control_chars"),
        ("input[name]", "阳光市南山区\0字符协会", "err_control_chars"),
        ("input[name]", "阳光市南山区\n字符协会", "err_single_line"),
        ("input[legal_rep]", "王\t建国", "err_single_line"),
    ] {
        let res = app.call("/api/registry/register", &pairs(&with(&form, field, value))).await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{value:?}: {}", res.body);
        let name = field.trim_start_matches("input[").trim_end_matches(']');
        assert!(res.body.contains(&format!("\"{name}\"")) && res.body.contains(key), "{value:?}: {}", res.body);
    }
    assert_eq!(app.count("organization").await, 0);
    assert_eq!(app.count("audit_log").await, audits);
    // Line breaks and tabs are fine in a multi-line text.
    let res = app
        .call("/api/registry/register", &pairs(&with(&form, "input[business_scope]", "开展公益服务；\r\n\t举办讲座")))
        .await;
    assert!(res.status.is_success() || res.status.is_redirection(), "{}", res.body);
    assert_eq!(app.count("organization").await, 1);
});

db_test!(form_bodies_that_are_not_utf8_are_refused, |app| {
    app.officer().await;
    let audits = app.count("audit_log").await;
    let form = org_form("阳光市南山区编码协会", "social_group", 4);
    let good = serde_urlencoded::to_string(pairs(&with(&form, "input[business_scope]", "X"))).unwrap();
    for bad in ["%E5%BC%80%FF", "%C0%AF", "%E5%BC"] {
        let body = good.replace("input%5Bbusiness_scope%5D=X", &format!("input%5Bbusiness_scope%5D={bad}"));
        assert_ne!(body, good);
        let res = app.send(api_request(&app, "/api/registry/register", Body::from(body))).await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{bad}: {}", res.body);
        assert!(res.body.contains("input[business_scope]"), "names the field: {}", res.body);
    }
    assert_eq!(app.count("organization").await, 0);
    assert_eq!(app.count("audit_log").await, audits);
    // A U+FFFD typed as such is text.
    let res =
        app.call("/api/registry/register", &pairs(&with(&form, "input[business_scope]", "开展\u{fffd}服务"))).await;
    assert!(res.status.is_success() || res.status.is_redirection(), "{}", res.body);
});

db_test!(percent_and_underscore_in_a_search_are_text, |app| {
    admin(&mut app).await;
    for name in ["expert_a", "expertb", "expertc"] {
        app.user(name, "Expert#Pass1", Role::Expert, None).await;
    }
    app::db::exec(
        &app.db,
        "UPDATE app_user SET display_name = ? WHERE username = ?",
        vec!["满分100%专家".into(), "expertb".into()],
    )
    .await
    .unwrap();
    let total = |res: &Res| -> u64 {
        let v: serde_json::Value = serde_json::from_str(&res.body).unwrap_or_else(|_| panic!("{}", res.body));
        v["total"].as_u64().unwrap()
    };
    // The rating experts' search (db::like) and the accounts' search (SeaORM's like).
    let res = app.call("/api/rating/experts", &[("q", "%"), ("page", "0")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(total(&res), 1, "only the name with a %: {}", res.body);
    assert!(res.body.contains("expertb"), "{}", res.body);
    let res = app.call("/api/rating/experts", &[("q", "_"), ("page", "0")]).await;
    assert_eq!(total(&res), 1, "only the name with an _: {}", res.body);
    assert!(res.body.contains("expert_a"), "{}", res.body);
    let res = app.call("/api/accounts/list", &[("q", "%"), ("page", "0")]).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    assert_eq!(total(&res), 1, "{}", res.body);
    let res = app.call("/api/accounts/list", &[("q", "t_a"), ("page", "0")]).await;
    assert_eq!(total(&res), 1, "{}", res.body);
    // And on a page: the officers' list of experts.
    let page = app.get("/officer/rating/experts?q=%25").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("满分100%专家") && !page.body.contains("expertc"), "{}", page.body);
});
