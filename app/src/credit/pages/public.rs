//! Public announcements (cleanup notices, revocations) and the credit status
//! on an organization's public page.

use super::*;

/// The credit status on an organization's public page.
#[component]
pub fn PublicCreditStatus(credit: PublicCredit) -> impl IntoView {
    let body = if credit.entries.is_empty() {
        view! { <p id="public-credit">{t(k::CR_NONE)}</p> }.into_any()
    } else {
        let items = credit
            .entries
            .into_iter()
            .map(|e| {
                view! {
                    <li>
                        <strong>{list_label(&e.list)}</strong>" · "{reason_label(&e.reason)}" · "
                        {tf(k::CR_LISTED_SINCE, &[("date", e.listed_on.clone())])}" · "{e.basis.clone()}
                    </li>
                }
            })
            .collect_view();
        view! { <ul id="public-credit" class="findings">{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="public-credit-title">
            <h2 id="public-credit-title">{t(k::CR_STATUS)}</h2>
            {body}
        </section>
    }
}

/// Public announcements of cleanup notices and revocations.
#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_announcements);
    view! {
        <h1 class="page-title">{t(k::ZB_ANNOUNCEMENTS)}</h1>
        <p class="muted">{t(k::ZB_ANNOUNCEMENTS_INTRO)}</p>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let items = p.rows.iter().map(|z| {
                let text = match z.status.as_str() {
                    "revoked" | "deregistered" => tf(k::ZB_ANNOUNCE_CLOSED, &[
                        ("name", z.org_name.clone()), ("status", zombie_status(&z.status)),
                        ("date", z.closed_on.clone().unwrap_or_default()),
                    ]),
                    _ => tf(k::ZB_ANNOUNCE_NOTICE, &[
                        ("name", z.org_name.clone()), ("by", z.respond_by.clone().unwrap_or_default()),
                    ]),
                };
                view! {
                    <li>
                        <time>{z.notified_on.clone().unwrap_or_default()}</time>" "
                        <a href=format!("/public/orgs/{}", z.org_id)>{z.org_name.clone()}</a>
                        " ("<span class="mono">{z.credit_code.clone()}</span>")"
                        <p>{text}</p>
                    </li>
                }
            }).collect_view();
            view! {
                <ResultCount total=p.total />
                <ol class="timeline" id="announcements">{items}</ol>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }.into_any()
        })}
    }
}
