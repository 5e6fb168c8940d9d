//! Screenshots of a few pages at a phone's and a laptop's width, for
//! `docs/screenshots/` (see `scripts/screenshots.sh`): the demo data in a fresh
//! SQLite file, the app served in process, headless Chromium through
//! chromedriver, signed in as each page's user.
//!
//! `cargo run -p sunshine-tests --bin screenshots -- OUT_DIR`

use std::time::Duration;

use fantoccini::Locator;
use sunshine_tests::browser::{browser, sign_in, start_driver, wait_hydrated};
use sunshine_tests::{Backend, TestApp};

/// (file name, user or "" for the public, page).
const PAGES: [(&str, &str, &str); 6] = [
    ("public-search", "", "/public/orgs?q=协会"),
    ("public-org", "", "/public/orgs/1"),
    ("officer-orgs", "officer", "/officer/orgs"),
    ("officer-report", "officer", "/officer/reports/3"),
    ("portal-report", "org", "/portal/reports/2025"),
    ("officer-dashboard", "officer", "/officer/dashboard"),
];

const WIDTHS: [(u32, u32); 2] = [(390, 844), (1366, 900)];

#[tokio::main]
async fn main() {
    let out = std::env::args().nth(1).unwrap_or_else(|| "docs/screenshots".into());
    std::fs::create_dir_all(&out).expect("the output folder");
    let app = TestApp::new(Backend::Sqlite).await;
    let settings = app.state.settings.clone();
    server::seed::seed_demo(&app.db, &settings, 300, 2026).await.expect("demo data");
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, true).await;
    for (name, user, path) in PAGES {
        match server::seed::DEMO_USERS.iter().find(|(u, ..)| *u == user) {
            Some((u, password, _, _)) => {
                let home = if *u == "org" { "/portal" } else { "/officer" };
                sign_in(&c, &base, true, u, password, home).await;
                // The sign-in's notice is shown (and used up) on the landing page.
                tokio::time::sleep(Duration::from_millis(500)).await;
            }
            None => c.delete_all_cookies().await.unwrap(),
        }
        for (w, h) in WIDTHS {
            c.set_window_size(w, h).await.unwrap();
            c.goto(&format!("{base}{path}")).await.unwrap();
            wait_hydrated(&c, true).await;
            tokio::time::sleep(Duration::from_millis(300)).await;
            // The whole page, as tall as it is.
            let height = c
                .execute("return document.documentElement.scrollHeight;", vec![])
                .await
                .ok()
                .and_then(|v| v.as_u64())
                .unwrap_or(h as u64)
                .min(4000) as u32;
            c.set_window_size(w, height.max(h)).await.unwrap();
            let png = c.screenshot().await.unwrap();
            let file = format!("{out}/{name}-{w}.png");
            std::fs::write(&file, png).unwrap();
            let scroll =
                c.execute("return document.documentElement.scrollWidth > window.innerWidth;", vec![]).await.unwrap();
            println!("{file}{}", if scroll == serde_json::json!(true) { "  (scrolls sideways!)" } else { "" });
            let _ = c.find(Locator::Css("body")).await;
        }
    }
    c.close().await.ok();
}
