//! Security properties of the whole application, on SQLite and PostgreSQL:
//! the headers of every response, redirects that never leave the site, text
//! that cannot break out of a form field, and public pages that say nothing
//! of what does not exist.

use http::StatusCode;
use sunshine_tests::{db_test, org_form, pairs, test_settings, Backend, TestApp};

/// The markup a stored or typed value tries to inject.
const PAYLOAD: &str = "</textarea><img src=x onerror=alert(1)><script>alert(2)</script>\"'&";

/// Fails if `html` holds markup that came from [`PAYLOAD`].
fn assert_inert(html: &str, what: &str) {
    assert!(!html.contains("<img src=x"), "{what}: the payload's <img> is markup");
    assert!(!html.contains("<script>alert(2)"), "{what}: the payload's <script> is markup");
}

/// The `nonce="…"` of every inline script of a page.
fn script_nonces(html: &str) -> Vec<String> {
    html.split("<script")
        .skip(1)
        .filter_map(|s| {
            let tag = &s[..s.find('>').unwrap_or(0)];
            tag.split("nonce=\"").nth(1).map(|n| n[..n.find('"').unwrap_or(0)].to_string())
        })
        .collect()
}

db_test!(every_response_carries_the_security_headers, |app| {
    app.officer().await;
    for path in ["/", "/public/orgs", "/officer/orgs", "/favicon.svg", "/public/orgs/export.csv", "/no/such/page"] {
        let res = app.get(path).await;
        let h = |name: &str| res.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        let csp = h("content-security-policy");
        for part in ["object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'"] {
            assert!(csp.contains(part), "{path}: {part} in {csp}");
        }
        assert!(csp.contains("script-src 'self' 'nonce-") && csp.contains("'wasm-unsafe-eval'"), "{path}: {csp}");
        assert_eq!(h("x-content-type-options"), "nosniff", "{path}");
        assert_eq!(h("referrer-policy"), "strict-origin-when-cross-origin", "{path}");
        assert!(res.headers.get("strict-transport-security").is_none(), "{path}: no HSTS over http");
    }
    // A server function's answer and a refused cross-site write carry them too.
    let res = app.call("/api/auth/me", &[]).await;
    assert!(res.headers.contains_key("content-security-policy"));
    let res = app.post("/api/auth/logout", &[], "text/html", Some("http://evil.example"), None).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert!(res.headers.contains_key("content-security-policy"));

    // Every inline script of a page carries this response's nonce, and each
    // response has a nonce of its own.
    let a = app.get("/public/orgs").await;
    let b = app.get("/public/orgs").await;
    let nonce_of = |r: &sunshine_tests::Res| {
        let csp = r.headers["content-security-policy"].to_str().unwrap().to_string();
        csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_string()
    };
    let (na, nb) = (nonce_of(&a), nonce_of(&b));
    assert_ne!(na, nb, "a fresh nonce per response");
    assert!(na.len() >= 16);
    let inline = a.body.matches("<script").count();
    assert!(inline > 0, "the page has its loader script");
    let nonces = script_nonces(&a.body);
    assert_eq!(nonces.len(), inline, "every inline script has a nonce: {}", a.body);
    assert!(nonces.iter().all(|n| *n == na), "{nonces:?} vs {na}");
});

#[tokio::test]
async fn hsts_when_the_public_address_is_https() {
    let settings = app::state::Settings { public_url: "https://sunshine.example".into(), ..test_settings() };
    let mut app = TestApp::with_settings(Backend::Sqlite, settings).await;
    let res = app.get("/").await;
    let hsts = res.headers.get("strict-transport-security").and_then(|v| v.to_str().ok()).unwrap_or("");
    assert!(hsts.starts_with("max-age=31536000"), "{hsts}");
}

/// The usual ways out of a `starts_with('/')` check.
const BYPASSES: [&str; 9] = [
    "//evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "https://evil.example/",
    "javascript:alert(1)",
    "/\r\n/evil.example",
];

db_test!(redirects_never_leave_the_site, |app| {
    for back in BYPASSES {
        let q = serde_urlencoded::to_string([("back", back)]).unwrap();
        let res = app.get(&format!("/lang/zh?{q}")).await;
        assert!(res.status.is_redirection(), "{back:?}");
        assert_eq!(res.location().as_deref(), Some("/"), "/lang with back={back:?}");
    }
    let res = app.get("/lang/en?back=/public/orgs%3Fq%3D1").await;
    assert_eq!(res.location().as_deref(), Some("/public/orgs?q=1"), "a local path is followed");

    app.user("officer1", "Officer#Pass1", app::auth::types::Role::Officer, None).await;
    for next in BYPASSES {
        let res = app
            .post_form(
                "/api/auth/login",
                "/login",
                &[("username", "officer1"), ("password", "Officer#Pass1"), ("next", next)],
            )
            .await;
        assert!(res.status.is_redirection(), "{next:?}: {}", res.body);
        let to = res.location().unwrap_or_default();
        assert!(to.starts_with('/') && !to.starts_with("//") && !to.contains('\\'), "login next={next:?} went to {to}");
        assert!(!to.contains("evil"), "login next={next:?} went to {to}");
        app.logout().await;
    }
    let res = app
        .post_form(
            "/api/auth/login",
            "/login",
            &[("username", "officer1"), ("password", "Officer#Pass1"), ("next", "/officer/terms")],
        )
        .await;
    assert_eq!(res.location().as_deref(), Some("/officer/terms"));
});

db_test!(an_unknown_organization_has_no_public_record, |app| {
    let res = app.get("/public/orgs/999999").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    for marker in ["id=\"public-credit", "id=\"public-rating", "id=\"public-conclusions"] {
        assert!(!res.body.contains(marker), "{marker} for an organization that does not exist");
    }
    for api in ["/api/credit/public_org", "/api/rating/public/org", "/api/reports/public"] {
        let res = app.call(api, &[("org_id", "999999")]).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND, "{api}: {}", res.body);
    }
});

db_test!(typed_text_refilled_after_a_failed_post_stays_text, |app| {
    app.officer().await;
    let res = app
        .post_form(
            "/api/registry/register",
            "/officer/orgs/new",
            &pairs(&org_form("阳光市测试协会", "social_group", 5)),
        )
        .await;
    let id = res.location().unwrap().rsplit('/').next().unwrap().to_string();
    let page = format!("/officer/orgs/{id}/change");
    let change = |date: &'static str| {
        [
            ("id", id.clone()),
            ("input[name]", "阳光市测试协会".to_string()),
            ("input[domicile]", PAYLOAD.to_string()),
            ("input[legal_rep]", "王建国".to_string()),
            ("input[business_scope]", PAYLOAD.to_string()),
            ("input[capital]", "50000".to_string()),
            ("input[supervisory_unit]", String::new()),
            ("input[change_date]", date.to_string()),
            ("input[note]", PAYLOAD.to_string()),
        ]
    };
    // JavaScript off: a change with a bad date comes back with what was typed.
    let fields = change("not a date");
    let res = app
        .post_form("/api/registry/change", &page, &fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
        .await;
    assert!(res.status.is_redirection(), "{}", res.body);
    let form = app.get(&page).await;
    assert!(form.body.contains("error-summary"), "the failure is shown");
    assert!(form.body.contains("&lt;/textarea&gt;&lt;img src=x"), "the typed text is refilled, as text");
    assert_inert(&form.body, "refilled change form");
    assert_eq!(app.count("org_event").await, 1, "nothing was written");

    // Saved for real, the text is shown and edited as text everywhere.
    let fields = change("2025-01-02");
    let res = app
        .post_form("/api/registry/change", &page, &fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
        .await;
    assert!(res.status.is_redirection(), "{}", res.body);
    let org = app.call("/api/registry/detail", &[("id", &id)]).await;
    assert!(org.body.contains("onerror"), "the text is stored as typed: {}", org.body);
    for path in [page.clone(), format!("/officer/orgs/{id}"), format!("/public/orgs/{id}")] {
        let res = app.get(&path).await;
        assert_eq!(res.status, StatusCode::OK, "{path}");
        assert_inert(&res.body, &path);
    }
});

#[test]
fn the_payload_check_catches_markup() {
    let caught = std::panic::catch_unwind(|| assert_inert("<textarea></textarea><img src=x onerror=alert(1)>", "t"));
    assert!(caught.is_err());
    assert_inert("<textarea>&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>", "escaped");
}
