//! In real Chromium, with JavaScript on and off and the Content-Security-Policy
//! in force: a stored `</textarea><img onerror>` text opens in its form as
//! text, runs nothing, and the page breaks no rule of its policy.

use fantoccini::Locator;
use sunshine_tests::browser::{assert_no_csp_violation, browser, sign_in, start_driver, wait_hydrated};
use sunshine_tests::{org_form, pairs, Backend, TestApp};

const PAYLOAD: &str = "开展公益服务</textarea><img src=x onerror=alert(1)><script>alert(2)</script>";

async fn a_stored_payload_opens_as_text(javascript: bool) {
    let mut app = TestApp::new(Backend::Sqlite).await;
    app.officer().await;
    let mut form = org_form("阳光市南山区测试文化协会", "social_group", 81);
    for (k, v) in form.iter_mut() {
        if k == "input[business_scope]" {
            *v = PAYLOAD.into();
        }
    }
    let res = app.post_form("/api/registry/register", "/officer/orgs/new", &pairs(&form)).await;
    let org: i64 = res.location().unwrap().rsplit('/').next().unwrap().parse().unwrap();

    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in(&c, &base, javascript, "officer1", "Officer#Pass1", "/officer").await;
    for page in [format!("/officer/orgs/{org}/change"), format!("/officer/orgs/{org}"), format!("/public/orgs/{org}")] {
        c.goto(&format!("{base}{page}")).await.unwrap();
        wait_hydrated(&c, javascript).await;
        assert!(c.get_alert_text().await.is_err(), "{page}: an alert opened");
        assert!(c.find(Locator::Css("img[src='x']")).await.is_err(), "{page}: the payload's <img> is in the page");
        assert_no_csp_violation(&c).await;
    }
    c.goto(&format!("{base}/officer/orgs/{org}/change")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let scope = c.find(Locator::Id("f-business_scope")).await.unwrap();
    assert_eq!(scope.prop("value").await.unwrap().as_deref(), Some(PAYLOAD), "the textarea holds the text as saved");
    if javascript {
        // The policy is in force, and the console check sees its violations: a
        // script injected without the nonce is refused and reported.
        c.execute(
            "const s = document.createElement('script'); s.textContent = 'window.injected = 1'; \
             document.body.appendChild(s);",
            vec![],
        )
        .await
        .unwrap();
        let ran = c.execute("return window.injected === 1;", vec![]).await.unwrap();
        assert_eq!(ran, serde_json::json!(false), "an inline script without the nonce ran");
        let log = sunshine_tests::browser::console(&c).await;
        assert!(log.iter().any(|m| m.contains("Content Security Policy")), "{log:#?}");
    }
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_payload_opens_as_text_with_javascript() {
    a_stored_payload_opens_as_text(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_payload_opens_as_text_without_javascript() {
    a_stored_payload_opens_as_text(false).await;
}
