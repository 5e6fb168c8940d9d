use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::loaded;
use crate::i18n::{k, t, tf};
use crate::registry::api::due_terms;
use crate::ui::head::PageHead;
use crate::ui::table::{Pagination, ResultCount};

/// Organizations whose term (届期) is overdue or ends within 90 days.
#[component]
pub fn TermsPage() -> impl IntoView {
    let query = use_query_map();
    let page = move || query.with(crate::ui::table::page_param);
    let data = Resource::new(page, due_terms);
    view! {
        <PageHead title=t(k::TERMS_TITLE)>
            <a class="btn btn-secondary" href="/officer/terms/export.csv" rel="external" download="terms-due.csv">{t(k::EXPORT_CSV)}</a>
        </PageHead>
        <p class="muted">{t(k::TERMS_INTRO)}</p>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let rows = p.rows.iter().map(|r| {
                let (class, text) = if r.days_left < 0 {
                    ("badge badge-revoked", tf(k::TERM_OVERDUE, &[("days", (-r.days_left).to_string())]))
                } else {
                    ("badge badge-warning", tf(k::TERM_DUE, &[("days", r.days_left.to_string())]))
                };
                view! {
                    <tr>
                        <td><a href=format!("/officer/orgs/{}", r.id)>{r.name.clone()}</a></td>
                        <td class="mono">{r.credit_code.clone()}</td>
                        <td>{crate::domain::seeded::shown(&r.district)}</td>
                        <td>{r.term_end.clone()}</td>
                        <td><span class=class>{text}</span></td>
                    </tr>
                }
            }).collect_view();
            view! {
                <ResultCount total=p.total />
                <div class="table-wrap" tabindex="0">
                    <table class="data-table">
                        <thead><tr>
                            <th scope="col">{t(k::FIELD_NAME)}</th>
                            <th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                            <th scope="col">{t(k::FIELD_DISTRICT)}</th>
                            <th scope="col">{t(k::FIELD_TERM_END)}</th>
                            <th scope="col">{t(k::FIELD_STATUS)}</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }.into_any()
        })}
    }
}
