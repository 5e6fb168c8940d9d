//! Forms without JavaScript, on SQLite and PostgreSQL: a failed post comes
//! back to its form with one error state for that form only, and the address
//! stays clean however often it is retried.

use http::StatusCode;
use sunshine_tests::{db_test, org_form, pairs};

db_test!(a_failed_plain_post_returns_to_its_form_only, |app| {
    app.officer().await;
    let res = app
        .post_form(
            "/api/registry/register",
            "/officer/orgs/new",
            &pairs(&org_form("阳光市表单协会", "social_group", 9)),
        )
        .await;
    let id = res.location().unwrap().rsplit('/').next().unwrap().to_string();
    let page = format!("/officer/orgs/{id}");
    // A charter approval with a bad date, posted twice from an address that
    // already carries the framework's error pairs: back to the page, clean.
    for referer in [page.clone(), format!("{page}?__path=%2Fapi%2Fregistry%2Fact&__err=eyJ9")] {
        let res = app
            .post_form(
                "/api/registry/act",
                &referer,
                &[("id", &id), ("input[act]", "charter"), ("input[date]", "not a date"), ("input[reason]", "")],
            )
            .await;
        assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
        assert_eq!(res.location().as_deref(), Some(page.as_str()), "no __path/__err in the address");
    }
    // The page shows the error in the charter form alone: every act form has
    // a date field, each with its own id.
    let html = app.get(&page).await.body;
    assert_eq!(html.matches("class=\"error-summary\"").count(), 1, "one error state");
    assert!(html.contains("id=\"error-summary-charter\""));
    assert!(html.contains("id=\"f-charter-date-error\""), "the error at the charter form's date");
    assert!(!html.contains("id=\"f-deregister-date-error\""), "not in another act's form");
    for scope in ["charter", "deregister", "revoke"] {
        assert_eq!(html.matches(&format!("id=\"f-{scope}-date\"")).count(), 1, "{scope}");
    }
});
