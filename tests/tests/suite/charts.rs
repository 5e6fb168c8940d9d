//! The charts on the demo data: every chart has an accessible name, a legend
//! where it has more than one series or a target, two series in two colours,
//! and its numbers in a table; in Chromium no chart text leaves its viewBox;
//! the public outlet plot keeps the page light.

use fantoccini::Locator;
use sunshine_tests::browser::{browser, sign_in_as, start_driver, wait_hydrated};
use sunshine_tests::{Backend, TestApp};

const OFFICER_PAGES: [&str; 6] = [
    "/officer/dashboard",
    "/officer/participation",
    "/officer/credit/kpis",
    "/officer/rating/kpi",
    "/officer/lottery/kpi",
    "/public/statistics",
];

/// The `<figure class="chart …">…</figure>` blocks of a page.
fn figures(body: &str) -> Vec<&str> {
    body.split("<figure class=\"chart")
        .skip(1)
        .filter_map(|s| s.split("</figure>").next())
        // The charts of `ui::chart` (the outlet plot has its own test).
        .filter(|f| [" chart-bars", " chart-trend", " chart-columns", " chart-series"].iter().any(|c| f.starts_with(c)))
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    tag.split(&format!(" {name}=\"")).nth(1).and_then(|s| s.split('"').next())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_chart_is_named_has_a_legend_and_a_table() {
    let mut app = TestApp::demo(Backend::Sqlite, 120).await;
    app.login("officer", "Sunshine!Officer26").await;
    let mut seen = 0;
    for page in OFFICER_PAGES {
        let res = app.get(page).await;
        assert_eq!(res.status, 200, "{page}");
        for f in figures(&res.body) {
            seen += 1;
            let svg = f.split("<svg").nth(1).and_then(|s| s.split('>').next()).unwrap_or_default();
            assert!(svg.contains("role=\"img\""), "{page}: {svg}");
            assert!(attr(svg, "aria-label").is_some_and(|l| !l.trim().is_empty()), "{page}: no name: {svg}");
            assert!(f.contains("<title>") && f.contains("<desc>"), "{page}: title and desc");
            // The numbers: the chart's own table, or a link to the page's table of them (never both).
            if let Some(id) = f.split("class=\"chart-data-link\"><a href=\"#").nth(1).and_then(|s| s.split('"').next())
            {
                assert!(!f.contains("<table"), "{page}: the numbers twice: {f}");
                // The element of that id is a table (attributes in any order) with a caption and column heads.
                let id_attr = format!("id=\"{id}\"");
                let before = res.body.split(&id_attr).next().unwrap_or_default();
                let tag = &before[before.rfind('<').unwrap_or(0)..];
                let table = res.body.split(&id_attr).nth(1).unwrap_or_default();
                let table = table.split("</table>").next().unwrap_or_default();
                assert!(
                    res.body.contains(&id_attr)
                        && tag.starts_with("<table ")
                        && table.contains("scope=\"col\"")
                        && table.contains("<caption"),
                    "{page}: the chart's link #{id} leads to a captioned table: {tag}"
                );
            } else {
                assert!(
                    f.contains("<table") && f.contains("scope=\"col\"") && f.contains("<caption"),
                    "{page}: a table"
                );
            }
            // Bars or points carry their values as text.
            assert!(f.contains("class=\"chart-value"), "{page}: values at the marks");
            // Two series (or a target) come with a legend, in two colours, the second striped.
            if f.contains("chart-s2") || f.contains("target-line") {
                assert!(f.contains("chart-legend"), "{page}: a legend: {f}");
            }
            if f.contains("chart-s2") {
                assert!(f.contains("chart-stripes"), "{page}: the second series is not colour alone");
            }
        }
    }
    assert!(seen >= 6, "charts seen: {seen}");
    // The lottery's monthly sales are a chart of `ui::chart` too, whose numbers are the page's table.
    let kpi = app.get("/officer/lottery/kpi").await.body;
    let sales = figures(&kpi).into_iter().find(|f| f.starts_with(" chart-series")).expect("the sales columns");
    assert!(sales.contains("href=\"#kpi-sales\"") && kpi.contains("id=\"kpi-sales\""), "{sales}");
    // The dashboard's months: two series, two colours, a legend naming both.
    let dash = app.get("/officer/dashboard").await.body;
    let months = figures(&dash).into_iter().find(|f| f.contains("chart-columns")).expect("the months' columns");
    assert!(months.contains("chart-bar chart-s1") && months.contains("chart-bar chart-s2"), "{months}");
    let legend = months.split("chart-legend").nth(1).unwrap_or_default();
    assert!(legend.contains("成立登记") || legend.contains("登记"), "{legend}");
    // The colours: the two series differ.
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../style/05-components.css")).unwrap();
    let fill = |class: &str| {
        let rule = css.split(&format!(".chart .{class},")).nth(1).unwrap_or_default();
        rule.split("fill:").nth(1).and_then(|s| s.split(';').next()).unwrap_or_default().trim().to_string()
    };
    assert!(
        !fill("chart-s1").is_empty() && fill("chart-s1") != fill("chart-s2"),
        "{} {}",
        fill("chart-s1"),
        fill("chart-s2")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_public_outlet_plot_is_light() {
    let mut app = TestApp::demo(Backend::Sqlite, 120).await;
    let res = app.get("/public/lottery").await;
    assert_eq!(res.status, 200);
    let size = res.bytes.len();
    assert!(size < 120_000, "/public/lottery is {size} bytes");
    assert!(res.body.contains("id=\"outlet-map\"") && res.body.contains("role=\"img\""));
    let dots: usize = res
        .body
        .split("data-n=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next().and_then(|n| n.parse::<usize>().ok()))
        .sum();
    assert!(dots > 1000, "every open outlet is on the plot: {dots}");
    assert!(res.body.contains("id=\"outlets-table\""), "the list stays");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_chart_text_leaves_its_box() {
    let app = TestApp::demo(Backend::Sqlite, 120).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, true).await;
    sign_in_as(&c, &base, true, "officer").await;
    let mut checked = 0;
    let mut out = Vec::new();
    for page in OFFICER_PAGES {
        c.goto(&format!("{base}{page}")).await.unwrap();
        wait_hydrated(&c, true).await;
        // Open every chart's details, so that its texts are laid out.
        c.execute("document.querySelectorAll('details').forEach(d => d.open = true);", vec![]).await.unwrap();
        let r = c
            .execute(
                "const out = []; let n = 0; \
                 document.querySelectorAll('figure.chart svg').forEach(svg => { \
                   const vb = svg.viewBox.baseVal; \
                   svg.querySelectorAll('text').forEach(t => { n++; const b = t.getBBox(); \
                     if (b.x < vb.x - 0.5 || b.y < vb.y - 0.5 || b.x + b.width > vb.x + vb.width + 0.5 || \
                         b.y + b.height > vb.y + vb.height + 0.5) \
                       out.push(`${svg.getAttribute('aria-label')}: \"${t.textContent}\" ${b.x},${b.y} ${b.width}x${b.height} in ${vb.width}x${vb.height}`); \
                   }); \
                 }); return [n, out];",
                vec![],
            )
            .await
            .unwrap();
        let arr = r.as_array().unwrap();
        checked += arr[0].as_u64().unwrap_or(0);
        for o in arr[1].as_array().unwrap() {
            out.push(format!("{page}: {}", o.as_str().unwrap_or_default()));
        }
        let n = c.find_all(Locator::Css("figure.chart svg[role='img'][aria-label]")).await.unwrap().len();
        assert!(n > 0, "{page}: a chart");
    }
    c.close().await.ok();
    assert!(checked > 50, "texts checked: {checked}");
    assert!(out.is_empty(), "texts outside their chart:\n{}", out.join("\n"));
}
