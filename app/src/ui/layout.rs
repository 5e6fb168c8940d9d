//! The page frame: skip link, header with navigation by role, language switch,
//! the flash notice, and the footer.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::auth::api::{get_me, Logout};
use crate::auth::types::{CurrentUser, Role};
use crate::flash::{take_flash, FlashCtx};
use crate::i18n::{k, lookup, t, use_lang, Key};

fn nav_links(user: Option<&CurrentUser>) -> Vec<(&'static str, Key)> {
    let mut links = vec![
        ("/", k::NAV_HOME),
        ("/public/orgs", k::NAV_PUBLIC_SEARCH),
        ("/public/credit", k::NAV_CREDIT_PUBLIC),
        ("/public/rating", k::RATE_NAV_PUBLIC),
        ("/public/inspections", k::INSP_NAV_PUBLIC),
        ("/public/charity", k::CH_NAV_PUBLIC),
        ("/public/lottery", k::LOT_NAV_PUBLIC),
        ("/public/statistics", k::DASH_NAV_PUBLIC),
    ];
    match user.map(|u| u.role) {
        Some(Role::Admin) | Some(Role::Officer) => links.extend([
            ("/officer/dashboard", k::DASH_NAV),
            ("/officer/orgs", k::NAV_REGISTRY),
            ("/officer/orgs/new", k::NAV_REGISTER),
            ("/officer/reports", k::NAV_REPORTS),
            ("/officer/participation", k::NAV_PARTICIPATION),
            ("/officer/credit", k::NAV_CREDIT),
            ("/officer/zombies", k::NAV_ZOMBIES),
            ("/officer/rating", k::RATE_NAV),
            ("/officer/inspections", k::INSP_NAV),
            ("/officer/charity", k::CH_NAV),
            ("/officer/lottery", k::LOT_NAV),
            ("/officer/terms", k::NAV_TERMS),
            ("/officer/import", k::NAV_IMPORT),
            ("/officer/users", k::NAV_USERS),
            ("/officer/audit", k::NAV_AUDIT),
        ]),
        Some(Role::OrgUser) => links.extend([
            ("/portal", k::NAV_PORTAL),
            ("/portal/credit", k::NAV_PORTAL_CREDIT),
            ("/portal/charity", k::CH_NAV_PORTAL),
        ]),
        Some(Role::Expert) => links.push(("/expert", k::RATE_NAV_EXPERT)),
        Some(Role::Inspector) => links.push(("/inspector", k::INSP_NAV_MINE)),
        _ => {}
    }
    links
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

    view! {
        <a class="skip-link" href="#main">{t(k::SKIP_TO_CONTENT)}</a>
        <header class="site-header">
            <a class="brand" href="/">{t(k::APP_NAME)}</a>
            <Suspense fallback=|| ()>
                {move || {
                    let user = me.get().and_then(|r| r.ok()).flatten();
                    let path = location.pathname.get();
                    let links = nav_links(user.as_ref())
                        .into_iter()
                        .map(|(href, key)| {
                            let current = (href == path).then_some("page");
                            view! { <li><a href=href aria-current=current>{t(key)}</a></li> }
                        })
                        .collect_view();
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
                        <nav class="site-nav" aria-label=t(k::NAV_MAIN)><ul>{links}</ul></nav>
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
