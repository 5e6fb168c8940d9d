//! Accessibility in real Chromium with axe-core (`tests/axe`, pinned, installed
//! by `scripts/setup.sh test`): every page of the route table, for every role
//! that may open it, at a laptop's 1366 px and a phone's 390 px, as opened
//! ("empty") and — where its main part has a form — with the forms filled in
//! and after submitting them with their required fields cleared (the error
//! summary and field errors). Any WCAG 2.1 A or AA violation fails the test.
//!
//! One browser session per role group; axe is injected once per page load.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use fantoccini::Client;
use sunshine_tests::browser::{browser, sign_in_as, start_driver, wait_hydrated};
use sunshine_tests::{site, Backend, TestApp};

const WIDTHS: [u32; 2] = [1366, 390];

fn axe_source() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/axe/node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e} (scripts/setup.sh test installs axe-core)"))
}

/// One violation of one rule on one page in one state.
struct Found {
    rule: String,
    impact: String,
    help: String,
    targets: Vec<String>,
    at: String,
}

struct Checker<'a> {
    c: &'a Client,
    axe: &'a str,
    checks: usize,
    found: Vec<Found>,
}

/// Runs axe over the document with the WCAG 2.0/2.1 A and AA rules and hands
/// back each violation's rule, impact, help and first targets.
const RUN: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})
  .then(r => done(r.violations.map(v => ({
      id: v.id, impact: v.impact || '', help: v.help,
      targets: v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' — ' + (n.failureSummary || '').split('\n').slice(1, 2).join('').trim()),
      count: v.nodes.length}))))
  .catch(e => done([{id: 'axe-error', impact: 'error', help: String(e), targets: [], count: 0}]));
"#;

impl Checker<'_> {
    async fn ensure_axe(&self) {
        let present = self.c.execute("return typeof window.axe === 'object';", vec![]).await.unwrap();
        if present.as_bool() != Some(true) {
            self.c.execute(&format!("{}\nreturn true;", self.axe), vec![]).await.expect("axe-core injected");
        }
    }

    async fn check(&mut self, role: &str, page: &str, width: u32, state: &str) {
        self.ensure_axe().await;
        let out = self.c.execute_async(RUN, vec![]).await.expect("axe.run");
        self.checks += 1;
        for v in out.as_array().cloned().unwrap_or_default() {
            let s = |k: &str| v[k].as_str().unwrap_or_default().to_string();
            let mut targets: Vec<String> =
                v["targets"].as_array().into_iter().flatten().filter_map(|t| t.as_str().map(str::to_string)).collect();
            let count = v["count"].as_u64().unwrap_or(0) as usize;
            if count > targets.len() {
                targets.push(format!("… {} elements in all", count));
            }
            self.found.push(Found {
                rule: s("id"),
                impact: s("impact"),
                help: s("help"),
                targets,
                at: format!("{role} {page} {width}px {state}"),
            });
        }
    }

    async fn resize(&self, width: u32) {
        self.c.set_window_size(width, 900).await.unwrap();
    }

    /// Checks the current state at both widths, starting at `*width` (the
    /// window's width now) and leaving the window at the other.
    async fn both(&mut self, role: &str, page: &str, width: &mut u32, state: &str) {
        for w in [*width, other(*width)] {
            if w != *width {
                self.resize(w).await;
                *width = w;
            }
            self.check(role, page, w, state).await;
        }
    }
}

fn other(width: u32) -> u32 {
    if width == WIDTHS[0] {
        WIDTHS[1]
    } else {
        WIDTHS[0]
    }
}

/// Fills every visible field of the main part's forms with plausible values
/// and picks an option in every drop-down, without submitting; returns how
/// many forms there are.
const FILL: &str = r#"
const forms = [...document.querySelectorAll('main form')];
const visible = e => e.offsetParent !== null || e.getClientRects().length > 0;
const set = (e, v) => {
  const proto = e.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype
    : e.tagName === 'SELECT' ? HTMLSelectElement.prototype : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, v);
  e.dispatchEvent(new Event('input', {bubbles: true}));
  e.dispatchEvent(new Event('change', {bubbles: true}));
};
for (const f of forms) {
  for (const e of f.querySelectorAll('input, textarea, select')) {
    if (!visible(e) || e.disabled || e.readOnly) continue;
    const t = (e.getAttribute('type') || 'text').toLowerCase();
    if (e.tagName === 'SELECT') {
      const opts = [...e.options].filter(o => o.value !== '' && !o.disabled);
      if (opts.length) set(e, opts[opts.length > 1 ? 1 : 0].value);
    } else if (e.tagName === 'TEXTAREA') {
      set(e, '测试说明 a short note');
    } else if (t === 'checkbox' || t === 'radio') {
      if (!e.checked) e.click();
    } else if (['hidden', 'file', 'submit', 'button', 'reset', 'image'].includes(t)) {
      continue;
    } else {
      const max = e.maxLength > 0 ? e.maxLength : 40;
      const v = t === 'email' ? 'someone@example.org'
        : t === 'number' ? (e.min || '1')
        : t === 'date' ? '2026-06-15'
        : t === 'month' ? '2026-06'
        : t === 'tel' ? '13800000000'
        : t === 'url' ? 'https://example.org'
        : t === 'password' ? 'correct horse battery staple 42'
        : '测试 Test 12';
      set(e, v.slice(0, max));
    }
  }
}
return forms.length;
"#;

/// Clears the required text fields of every POST form of the main part that
/// has one, turns off the browser's own checks and submits it, so the server
/// answers with the error summary; returns how many forms were submitted.
const SUBMIT_EMPTY: &str = r#"
const visible = e => e.offsetParent !== null || e.getClientRects().length > 0;
const forms = [...document.querySelectorAll('main form')].filter(f =>
  (f.getAttribute('method') || 'get').toLowerCase() === 'post' &&
  [...f.querySelectorAll('input[required], textarea[required]')].some(e => visible(e) &&
     !['hidden', 'file', 'checkbox', 'radio'].includes((e.getAttribute('type') || 'text').toLowerCase())));
for (const f of forms) {
  f.noValidate = true;
  for (const e of f.querySelectorAll('input[required], textarea[required]')) {
    const t = (e.getAttribute('type') || 'text').toLowerCase();
    if (!visible(e) || ['hidden', 'file', 'checkbox', 'radio'].includes(t)) continue;
    const proto = e.tagName === 'TEXTAREA' ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
    Object.getOwnPropertyDescriptor(proto, 'value').set.call(e, '');
    e.dispatchEvent(new Event('input', {bubbles: true}));
  }
  // The form's main action (a report form's first button saves a draft, which takes empty fields).
  const button = f.querySelector('button.btn-primary[type=submit]') ||
    f.querySelector('button[type=submit], button:not([type]), input[type=submit]');
  if (button) button.click(); else f.requestSubmit();
}
return forms.length;
"#;

async fn walk(roles: &[&str]) {
    let app = TestApp::demo(Backend::Sqlite, 120).await;
    let addr = app.serve().await;
    let base = format!("http://{addr}");
    let driver = start_driver();
    let c = browser(&driver, true).await;
    let axe = axe_source();
    let mut ck = Checker { c: &c, axe: &axe, checks: 0, found: Vec::new() };
    let started = Instant::now();
    let mut pages = 0;
    let mut no_error_state = Vec::new();
    for role in roles {
        ck.resize(WIDTHS[0]).await;
        sign_in_as(&c, &base, true, role).await;
        let mut width = WIDTHS[0];
        for page in site::pages_of(&app, role).await {
            pages += 1;
            c.goto(&format!("{base}{page}")).await.unwrap();
            wait_hydrated(&c, true).await;
            ck.both(role, &page, &mut width, "empty").await;
            let forms = c.execute(FILL, vec![]).await.unwrap().as_u64().unwrap_or(0);
            if forms == 0 {
                continue;
            }
            ck.both(role, &page, &mut width, "filled").await;
            let errors_before = count(&c, "main .error-summary").await;
            let submitted = c.execute(SUBMIT_EMPTY, vec![]).await.unwrap().as_u64().unwrap_or(0);
            if submitted == 0 {
                continue;
            }
            // The error summary comes back from the server (JavaScript on: in place).
            let deadline = Instant::now() + Duration::from_secs(5);
            while count(&c, "main .error-summary").await <= errors_before && Instant::now() < deadline {
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            if count(&c, "main .error-summary").await <= errors_before {
                no_error_state.push(format!("{role} {page}"));
                continue;
            }
            ck.both(role, &page, &mut width, "error").await;
        }
    }
    c.clone().close().await.ok();
    println!(
        "{roles:?}: {pages} pages, {} checks (page × width × state) in {:.0} s",
        ck.checks,
        started.elapsed().as_secs_f64()
    );
    assert!(pages > 0);
    assert!(no_error_state.is_empty(), "forms submitted empty that showed no error summary: {no_error_state:#?}");
    report(&ck.found);
}

async fn count(c: &Client, css: &str) -> u64 {
    c.execute(&format!("return document.querySelectorAll('{css}').length;"), vec![])
        .await
        .unwrap()
        .as_u64()
        .unwrap_or(0)
}

/// Fails with every violation, grouped by rule and element.
fn report(found: &[Found]) {
    if found.is_empty() {
        return;
    }
    let mut by: BTreeMap<(String, String, String, String), Vec<&str>> = BTreeMap::new();
    for f in found {
        by.entry((f.rule.clone(), f.impact.clone(), f.help.clone(), f.targets.join("\n      ")))
            .or_default()
            .push(&f.at);
    }
    let mut msg = format!("{} WCAG 2.1 A/AA violations (axe-core):\n", found.len());
    for ((rule, impact, help, targets), at) in &by {
        msg += &format!("\n{rule} ({impact}): {help}\n      {targets}\n    on {} checks: ", at.len());
        msg += &at.iter().take(6).copied().collect::<Vec<_>>().join("; ");
        if at.len() > 6 {
            msg += "; …";
        }
        msg += "\n";
    }
    panic!("{msg}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn public_pages_and_the_organization_portal_are_accessible() {
    walk(&["anonymous", "org"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn officer_pages_are_accessible() {
    walk(&["officer"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admin_inspector_expert_and_unit_pages_are_accessible() {
    walk(&["admin", "inspector", "expert", "unit"]).await;
}
