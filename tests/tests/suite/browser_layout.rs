//! The layout in real Chromium: every page, as every role, fits a 320 px
//! phone without the page scrolling sideways (a table may scroll inside its
//! own region); the officer's navigation fits one row on a laptop; on a phone
//! it opens from its menu button, with JavaScript on and off.

use std::time::Duration;

use fantoccini::Locator;
use sunshine_tests::browser::{browser, sign_in_as, start_driver, wait_hydrated};
use sunshine_tests::{site, Backend, TestApp};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_fits_a_phone() {
    let app = TestApp::demo(Backend::Sqlite, 120).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, true).await;
    let mut wide = Vec::new();
    let mut checked = 0;
    for role in ["anonymous", "officer", "org", "inspector", "expert", "unit"] {
        c.set_window_size(1280, 1024).await.unwrap();
        sign_in_as(&c, &base, true, role).await;
        c.set_window_size(320, 800).await.unwrap();
        for page in site::pages_of(&app, role).await {
            c.goto(&format!("{base}{page}")).await.unwrap();
            let over = c
                .execute("return document.documentElement.scrollWidth - document.documentElement.clientWidth;", vec![])
                .await
                .unwrap()
                .as_i64()
                .unwrap_or(0);
            if over > 0 {
                // Name the outermost element that sticks out, for the message.
                let culprit = c
                    .execute(
                        "const w = document.documentElement.clientWidth; \
                         const out = [...document.querySelectorAll('body *')].filter(e => \
                           e.getBoundingClientRect().right > w + 1); \
                         return out.filter(e => !out.includes(e.parentElement)).slice(0, 3).map(e => \
                           e.tagName + '.' + e.getAttribute('class') + '#' + e.id + ' ' + \
                           Math.round(e.getBoundingClientRect().right) + ' in ' + e.parentElement.tagName + '.' + \
                           e.parentElement.getAttribute('class') + ' ' + getComputedStyle(e.parentElement).overflowX).join(', ');",
                        vec![],
                    )
                    .await
                    .unwrap();
                wide.push(format!("{role} {page}: {over} px too wide ({culprit})"));
            }
            checked += 1;
        }
    }
    println!("{checked} pages checked at 320 px");
    assert!(checked > 100, "{checked}");
    assert!(wide.is_empty(), "pages that scroll sideways at 320 px: {wide:#?}");
    c.close().await.ok();
}

async fn the_menu_opens_on_a_phone(javascript: bool) {
    let app = TestApp::demo(Backend::Sqlite, 120).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, javascript).await;
    sign_in_as(&c, &base, javascript, "officer").await;

    // A laptop: the officer's navigation is one row, its groups' links drop down.
    c.set_window_size(1366, 900).await.unwrap();
    c.goto(&format!("{base}/officer/orgs")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let entries = c.find(Locator::Css(".nav-entries")).await.unwrap();
    let (_, _, _, height) = entries.rectangle().await.unwrap();
    assert!(height < 60.0, "the navigation takes {height} px: more than one row");
    assert!(!c.find(Locator::Css(".nav-toggle-label")).await.unwrap().is_displayed().await.unwrap());

    // A phone: only the menu button, until it is pressed.
    c.set_window_size(390, 844).await.unwrap();
    c.goto(&format!("{base}/officer/orgs")).await.unwrap();
    wait_hydrated(&c, javascript).await;
    let entries = c.find(Locator::Css(".nav-entries")).await.unwrap();
    assert!(!entries.is_displayed().await.unwrap(), "the menu starts closed");
    c.find(Locator::Css(".nav-toggle-label")).await.unwrap().click().await.unwrap();
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(entries.is_displayed().await.unwrap(), "the menu opens");
    let audit = c.find(Locator::Css(".nav-entries a[href='/officer/audit']")).await.unwrap();
    assert!(audit.is_displayed().await.unwrap(), "every group's links are in the menu");
    audit.click().await.unwrap();
    sunshine_tests::browser::wait_url(&c, "/officer/audit").await;
    c.close().await.ok();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menu_opens_on_a_phone_with_javascript() {
    the_menu_opens_on_a_phone(true).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_menu_opens_on_a_phone_without_javascript() {
    the_menu_opens_on_a_phone(false).await;
}
