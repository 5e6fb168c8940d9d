//! What a browser downloads and keeps, against the real router and a site
//! folder of the test's own (a bundle of fake files under hashed names, as
//! `scripts/build-site.sh` lays them out): hashed files kept a year and sent
//! precompressed by `Accept-Encoding`, pages compressed on the fly (not with a
//! session) and revalidated by their `ETag`, server functions' answers never
//! stored.

use std::path::PathBuf;

use axum::body::Body;
use http::{header, Method, Request, StatusCode};
use sunshine_tests::{test_settings, Backend, Res, TestApp};

const JS: &str = "0123456789abcdef";
const WASM: &str = "fedcba9876543210";
const CSS: &str = "00112233aabbccdd";
const IMMUTABLE: &str = "public, max-age=31536000, immutable";

/// A site folder like the build's: `hash.txt`, the hashed bundle with its
/// `.br` and `.gz` copies, the favicon.
fn fake_site() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sunshine-site-{}-{}", std::process::id(), rand::random::<u32>()));
    let pkg = dir.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    std::fs::write(dir.join("hash.txt"), format!("js: {JS}\nwasm: {WASM}\ncss: {CSS}\n")).unwrap();
    for (hash, ext) in [(JS, "js"), (WASM, "wasm"), (CSS, "css")] {
        let file = pkg.join(format!("sunshine.{hash}.{ext}"));
        std::fs::write(&file, format!("raw {ext}")).unwrap();
        std::fs::write(file.with_extension(format!("{ext}.br")), format!("brotli {ext}")).unwrap();
        std::fs::write(file.with_extension(format!("{ext}.gz")), format!("gzip {ext}")).unwrap();
    }
    std::fs::write(dir.join("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>").unwrap();
    dir
}

async fn get(app: &mut TestApp, path: &str, headers: &[(header::HeaderName, &str)]) -> Res {
    let mut req = Request::builder().method(Method::GET).uri(path).header(header::HOST, "localhost");
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    app.send(req.body(Body::empty()).unwrap()).await
}

fn h(res: &Res, name: header::HeaderName) -> String {
    res.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hashed_files_are_kept_a_year_and_sent_precompressed() {
    let site = fake_site();
    let mut app = TestApp::with_site(Backend::Sqlite, test_settings(), site.to_str().unwrap()).await;

    // The page links the hashed names of hash.txt.
    let page = get(&mut app, "/", &[(header::ACCEPT, "text/html")]).await;
    assert_eq!(page.status, StatusCode::OK);
    for name in
        [format!("/pkg/sunshine.{JS}.js"), format!("/pkg/sunshine.{WASM}.wasm"), format!("/pkg/sunshine.{CSS}.css")]
    {
        assert!(page.body.contains(&name), "{name} in {}", page.body);
    }

    let js = format!("/pkg/sunshine.{JS}.js");
    for (accept, body, encoding) in [
        ("br", "brotli js", "br"),
        ("gzip, deflate, br", "brotli js", "br"),
        ("gzip", "gzip js", "gzip"),
        ("identity", "raw js", ""),
    ] {
        let res = get(&mut app, &js, &[(header::ACCEPT_ENCODING, accept)]).await;
        assert_eq!(res.status, StatusCode::OK, "{accept}");
        assert_eq!(res.body, body, "Accept-Encoding: {accept}");
        assert_eq!(h(&res, header::CONTENT_ENCODING), encoding, "Accept-Encoding: {accept}");
        assert_eq!(h(&res, header::CACHE_CONTROL), IMMUTABLE, "{accept}");
        assert!(h(&res, header::VARY).to_ascii_lowercase().contains("accept-encoding"), "{accept}");
        assert!(h(&res, header::CONTENT_TYPE).contains("javascript"), "{accept}");
        assert_eq!(h(&res, header::X_CONTENT_TYPE_OPTIONS), "nosniff", "the security headers stay");
    }
    let wasm = get(&mut app, &format!("/pkg/sunshine.{WASM}.wasm"), &[(header::ACCEPT_ENCODING, "br")]).await;
    assert_eq!((wasm.body.as_str(), h(&wasm, header::CONTENT_ENCODING).as_str()), ("brotli wasm", "br"));
    assert_eq!(h(&wasm, header::CONTENT_TYPE), "application/wasm");
    assert_eq!(h(&wasm, header::CACHE_CONTROL), IMMUTABLE);

    // What does not exist is not kept; the favicon keeps its name and is kept a day.
    let missing = get(&mut app, "/pkg/sunshine.0000000000000000.js", &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(!h(&missing, header::CACHE_CONTROL).contains("immutable"));
    let icon = get(&mut app, "/favicon.svg", &[]).await;
    assert_eq!(icon.status, StatusCode::OK);
    assert_eq!(h(&icon, header::CACHE_CONTROL), "public, max-age=86400");

    std::fs::remove_dir_all(&site).ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_compressed_and_revalidated() {
    let site = fake_site();
    let mut app = TestApp::with_site(Backend::Sqlite, test_settings(), site.to_str().unwrap()).await;

    let first = get(&mut app, "/public/orgs", &[(header::ACCEPT, "text/html")]).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(h(&first, header::CACHE_CONTROL), "private, no-cache");
    let tag = h(&first, header::ETAG);
    assert!(tag.starts_with("W/\""), "a validator: {tag:?}");
    assert_eq!(first.body.matches("<meta name=\"description\"").count(), 1, "one description: {}", first.body);

    // The same page again: the same tag, though the script nonce is new.
    let again = get(&mut app, "/public/orgs", &[(header::ACCEPT, "text/html")]).await;
    assert_eq!(h(&again, header::ETAG), tag);
    assert_ne!(h(&again, header::CONTENT_SECURITY_POLICY), h(&first, header::CONTENT_SECURITY_POLICY));

    // Revalidation: 304 without a body, and without a policy whose fresh nonce
    // would block the scripts of the page the browser keeps.
    let not_modified =
        get(&mut app, "/public/orgs", &[(header::ACCEPT, "text/html"), (header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(not_modified.status, StatusCode::NOT_MODIFIED);
    assert!(not_modified.bytes.is_empty());
    assert_eq!(h(&not_modified, header::ETAG), tag);
    assert_eq!(h(&not_modified, header::CACHE_CONTROL), "private, no-cache");
    assert!(not_modified.headers.get(header::CONTENT_SECURITY_POLICY).is_none());
    assert_eq!(h(&not_modified, header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    // Another page, or a stale tag: the whole page.
    let other = get(&mut app, "/", &[(header::ACCEPT, "text/html"), (header::IF_NONE_MATCH, &tag)]).await;
    assert_eq!(other.status, StatusCode::OK);
    assert_ne!(h(&other, header::ETAG), tag);
    let stale =
        get(&mut app, "/public/orgs", &[(header::ACCEPT, "text/html"), (header::IF_NONE_MATCH, "W/\"stale\"")]).await;
    assert_eq!(stale.status, StatusCode::OK);

    // Compressed on the fly for a browser that can read it.
    for enc in ["br", "gzip"] {
        let res = get(&mut app, "/public/orgs", &[(header::ACCEPT, "text/html"), (header::ACCEPT_ENCODING, enc)]).await;
        assert_eq!(res.status, StatusCode::OK);
        assert_eq!(h(&res, header::CONTENT_ENCODING), enc);
        assert!(res.bytes.len() * 2 < first.bytes.len(), "{enc}: {} of {} bytes", res.bytes.len(), first.bytes.len());
        assert_eq!(h(&res, header::ETAG), tag);
        assert!(res.headers.contains_key(header::CONTENT_SECURITY_POLICY));
    }

    // Not with a session cookie: a signed-in page may put what the user typed
    // beside what only the user may read (BREACH).
    let signed_in = get(
        &mut app,
        "/public/orgs",
        &[(header::ACCEPT, "text/html"), (header::ACCEPT_ENCODING, "br, gzip"), (header::COOKIE, "sid=some-session")],
    )
    .await;
    assert_eq!(signed_in.status, StatusCode::OK);
    assert!(signed_in.headers.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(h(&signed_in, header::CACHE_CONTROL), "private, no-cache");

    // A server function's answer: never stored, never compressed.
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/auth/me")
        .header(header::HOST, "localhost")
        .header(header::ORIGIN, "http://localhost")
        .header(header::ACCEPT, "application/json")
        .header(header::ACCEPT_ENCODING, "br, gzip")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::empty())
        .unwrap();
    let api = app.send(req).await;
    assert_eq!(api.status, StatusCode::OK, "{}", api.body);
    assert_eq!(h(&api, header::CACHE_CONTROL), "no-store");
    assert!(api.headers.get(header::CONTENT_ENCODING).is_none());
    assert!(api.headers.get(header::ETAG).is_none());

    std::fs::remove_dir_all(&site).ok();
}
