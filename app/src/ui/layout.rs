//! The page frame: skip link, header with navigation by role, language switch,
//! the flash notice, the footer, and the page's description for search engines.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::api::{get_me, Logout};
use crate::auth::types::{CurrentUser, Role};
use crate::flash::{take_flash, FlashCtx};
use crate::i18n::{k, lookup, t, text, use_lang, Key};

/// One entry of the main navigation: a link, or a group of links under a
/// heading that links to the group's first page.
struct NavGroup {
    label: Key,
    links: Vec<(&'static str, Key)>,
}

fn group(label: Key, links: &[(&'static str, Key)]) -> NavGroup {
    NavGroup { label, links: links.to_vec() }
}

const PUBLIC_LINKS: [(&str, Key); 11] = [
    ("/", k::NAV_HOME),
    ("/public/orgs", k::NAV_PUBLIC_SEARCH),
    ("/public/credit", k::NAV_CREDIT_PUBLIC),
    ("/public/rating", k::RATE_NAV_PUBLIC),
    ("/public/inspections", k::INSP_NAV_PUBLIC),
    ("/public/charity", k::CH_NAV_PUBLIC),
    ("/public/lottery", k::LOT_NAV_PUBLIC),
    ("/public/statistics", k::DASH_NAV_PUBLIC),
    ("/public/warnings", k::ILL_NAV_PUBLIC),
    ("/public/trusts", k::TR_NAV_PUBLIC),
    ("/public/report", k::CPL_NAV_PUBLIC),
];

/// The `<meta name="description">` of the page at `path`: what the public
/// pages offer, one text a section (an organization's page its own); the
/// staff's pages, which search engines cannot reach, the site's.
pub fn description(path: &str) -> Key {
    let path = path.trim_end_matches('/');
    let section = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    match path {
        "" => k::META_DESC_HOME,
        "/login" => k::META_DESC_LOGIN,
        "/public/orgs" => k::META_DESC_ORGS,
        _ if section("/public/orgs") => k::META_DESC_ORG,
        _ if section("/public/credit") || section("/public/announcements") || section("/public/penalties") => {
            k::META_DESC_CREDIT
        }
        _ if section("/public/rating") => k::META_DESC_RATING,
        _ if section("/public/inspections") => k::META_DESC_INSPECTIONS,
        _ if section("/public/charity") => k::META_DESC_CHARITY,
        _ if section("/public/lottery") => k::META_DESC_LOTTERY,
        _ if section("/public/statistics") => k::META_DESC_STATISTICS,
        _ if section("/public/warnings") => k::META_DESC_WARNINGS,
        _ if section("/public/trusts") => k::META_DESC_TRUSTS,
        _ => k::META_DESC_SITE,
    }
}

/// The main navigation of a user, grouped by task: officers get one entry
/// per part of their work (so it fits one row on a laptop), everyone else
/// the public pages and their own.
fn nav_groups(user: Option<&CurrentUser>) -> Vec<NavGroup> {
    let single = |href: &'static str, key: Key| group(key, &[(href, key)]);
    let public = || PUBLIC_LINKS.iter().map(|(h, key)| single(h, *key)).collect::<Vec<_>>();
    match user.map(|u| u.role) {
        Some(Role::Admin | Role::Officer) => {
            let mut groups = vec![
                group(k::DASH_NAV, &[("/officer/dashboard", k::DASH_NAV), ("/officer/statistics", k::DASH_YEAR_STATS)]),
                group(
                    k::NAV_REGISTRY,
                    &[
                        ("/officer/orgs", k::NAV_ORGS),
                        ("/officer/orgs/new", k::NAV_REGISTER),
                        ("/officer/terms", k::NAV_TERMS),
                        ("/officer/import", k::NAV_IMPORT),
                        ("/officer/units", k::UNIT_NAV),
                        ("/officer/party", k::PARTY_NAV),
                    ],
                ),
                group(
                    k::NAV_REPORTS,
                    &[("/officer/reports", k::NAV_REPORTS), ("/officer/participation", k::NAV_PARTICIPATION)],
                ),
                group(
                    k::NAV_CREDIT,
                    &[
                        ("/officer/credit", k::NAV_CREDIT),
                        ("/officer/zombies", k::NAV_ZOMBIES),
                        ("/officer/cases", k::PEN_NAV),
                        ("/officer/complaints", k::CPL_NAV),
                        ("/officer/illegal", k::ILL_NAV),
                        ("/officer/trade", k::TRADE_NAV),
                    ],
                ),
                single("/officer/rating", k::RATE_NAV),
                group(
                    k::INSP_NAV,
                    &[("/officer/inspections", k::INSP_NAV), ("/officer/rectifications", k::INSP_RECT_NAV)],
                ),
                group(k::CH_NAV, &[("/officer/charity", k::CH_NAV), ("/officer/trusts", k::TR_NAV)]),
                single("/officer/lottery", k::LOT_NAV),
            ];
            // The document templates are the administrators' to edit.
            let admin = user.is_some_and(|u| u.role == Role::Admin);
            let system: &[(&'static str, Key)] = if admin {
                &[
                    ("/officer/users", k::NAV_USERS),
                    ("/officer/audit", k::NAV_AUDIT),
                    ("/officer/templates", k::NAV_TEMPLATES),
                ]
            } else {
                &[("/officer/users", k::NAV_USERS), ("/officer/audit", k::NAV_AUDIT)]
            };
            groups.push(group(k::NAV_GROUP_SYSTEM, system));
            groups.push(group(k::NAV_GROUP_PUBLIC, &PUBLIC_LINKS));
            groups
        }
        Some(Role::OrgUser) => {
            let mut groups = public();
            groups.push(group(
                k::NAV_PORTAL,
                &[
                    ("/portal", k::NAV_PORTAL),
                    ("/portal/credit", k::NAV_PORTAL_CREDIT),
                    ("/portal/charity", k::CH_NAV_PORTAL),
                    ("/portal/trusts", k::TR_NAV_PORTAL),
                    ("/portal/trade", k::TRADE_NAV_PORTAL),
                    ("/portal/rectifications", k::INSP_RECT_NAV_PORTAL),
                    ("/portal/party", k::PARTY_NAV_PORTAL),
                ],
            ));
            groups
        }
        Some(Role::Expert) => {
            let mut groups = public();
            groups.push(single("/expert", k::RATE_NAV_EXPERT));
            groups
        }
        Some(Role::Inspector) => {
            let mut groups = public();
            groups.push(single("/inspector", k::INSP_NAV_MINE));
            groups
        }
        Some(Role::Unit) => {
            let mut groups = public();
            groups.push(single("/unit", k::UNIT_NAV_MINE));
            groups
        }
        _ => public(),
    }
}

/// The main navigation: a row of entries on a laptop, each group's links
/// dropping down on hover or keyboard focus; on a phone one menu behind a
/// button (a checkbox and its label, so it opens without JavaScript).
#[component]
fn MainNav(user: Option<CurrentUser>, path: String) -> impl IntoView {
    let entries = nav_groups(user.as_ref())
        .into_iter()
        .map(|g| {
            let current = |href: &str| href == path || (href != "/" && path.starts_with(&format!("{href}/")));
            let exact = |href: &str| (href == path).then_some("page");
            if g.links.len() == 1 {
                let (href, key) = g.links[0];
                let class = current(href).then_some("current");
                view! { <li class="nav-entry" class:current=class.is_some()><a href=href aria-current=exact(href)>{t(key)}</a></li> }
                    .into_any()
            } else {
                let here = g.links.iter().any(|(h, _)| current(h));
                let first = g.links[0].0;
                let subs = g
                    .links
                    .iter()
                    .map(|(href, key)| view! { <li><a href=*href aria-current=exact(href)>{t(*key)}</a></li> })
                    .collect_view();
                view! {
                    <li class="nav-entry nav-group" class:current=here>
                        <a href=first class="nav-group-head">{t(g.label)}<span class="nav-caret" aria-hidden="true">" ▾"</span></a>
                        <ul class="nav-sub">{subs}</ul>
                    </li>
                }
                .into_any()
            }
        })
        .collect_view();
    view! {
        <nav class="site-nav" aria-label=t(k::NAV_MAIN)>
            <input type="checkbox" id="nav-toggle" class="nav-toggle" />
            <label for="nav-toggle" class="nav-toggle-label btn btn-small btn-secondary">{t(k::NAV_MENU)}</label>
            <ul class="nav-entries">{entries}</ul>
        </nav>
    }
}

/// The links between the pages of one part of the system (a `nav` named
/// `label`), under the page title.
#[component]
pub fn SectionNav(label: Key, links: &'static [(&'static str, Key)]) -> impl IntoView {
    view! {
        <nav class="section-nav" aria-label=t(label)>
            <ul>
                {links.iter().map(|(href, key)| view! { <li><a href=*href>{t(*key)}</a></li> }).collect_view()}
            </ul>
        </nav>
    }
}

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let location = use_location();
    // Read again on every new page, and when a form's redirect lands on the
    // page already shown (JavaScript on).
    let reread = RwSignal::new(0u64);
    let me = Resource::new(move || (location.pathname.get(), reread.get()), |_| get_me());
    let flash = Resource::new(move || (location.pathname.get(), reread.get()), |_| take_flash());
    provide_context(FlashCtx(flash));
    crate::flash::provide_page_flash();
    crate::flash::follow_redirect(move || reread.update(|n| *n += 1));
    let logout = ServerAction::<Logout>::new();
    let lang = use_lang();
    let back = move || {
        let search = location.search.get();
        let q = if search.is_empty() || search.starts_with('?') { search } else { format!("?{search}") };
        crate::ui::table::encode(&format!("{}{q}", location.pathname.get()))
    };

    let page_description = move || text(lang, description(&location.pathname.get()));

    view! {
        <leptos_meta::Meta name="description" content=page_description />
        <a class="skip-link" href="#main">{t(k::SKIP_TO_CONTENT)}</a>
        <header class="site-header">
            <a class="brand" href="/">{t(k::APP_NAME)}</a>
            <Suspense fallback=|| ()>
                {move || {
                    let user = me.get().and_then(|r| r.ok()).flatten();
                    let path = location.pathname.get();
                    let nav = view! { <MainNav user=user.clone() path=path /> };
                    let user_box = match user {
                        Some(u) => view! {
                            <div class="user-box">
                                <span>{u.display_name.clone()}" ("{lookup(lang, u.role.label_key())}")"</span>
                                <ActionForm action=logout attr:class="inline-form">
                                    <button type="submit" class="btn btn-small btn-secondary">{t(k::NAV_LOGOUT)}</button>
                                </ActionForm>
                            </div>
                        }
                        .into_any(),
                        None => view! {
                            <div class="user-box"><a href="/login" class="btn btn-small btn-secondary">{t(k::NAV_LOGIN)}</a></div>
                        }
                        .into_any(),
                    };
                    view! {
                        {nav}
                        {user_box}
                    }
                }}
            </Suspense>
            <div class="lang-switch">
                {move || {
                    let (code, label) = if lang == crate::i18n::Lang::En { ("zh-CN", "中文") } else { ("en", "English") };
                    view! { <a href=format!("/lang/{code}?back={}", back()) rel="external" lang=code>{label}</a> }
                }}
            </div>
        </header>
        <main class="main" id="main" tabindex="-1">
            <Suspense fallback=|| ()>
                {move || {
                    flash.get().and_then(|r| r.ok()).flatten().and_then(|f| f.notice.map(|n| (n, f.notice_arg))).map(|(key, arg)| {
                        let text = lookup(lang, &key).replace("{arg}", arg.as_deref().unwrap_or(""));
                        view! { <div class="flash flash-success" role="status">{text}</div> }
                    })
                }}
            </Suspense>
            {children()}
        </main>
        <footer class="site-footer">
            <p>{t(k::FOOTER_TEXT)}</p>
        </footer>
    }
}
