//! The public warning list (警示曝光台): banned and exposed bodies, searchable,
//! a page at a time, with a CSV download; no personal data.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::{label, lines};
use crate::i18n::{k, t};
use crate::illegal::api::get_warnings;
use crate::illegal::types::WarningFilter;
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{page_param, ExportCsv, FilterSubmit, ListTable};

#[component]
pub fn WarningsPage() -> impl IntoView {
    let query = use_query_map();
    let filter =
        Memo::new(move |_| query.with(|q| WarningFilter { q: q.get("q").unwrap_or_default(), page: page_param(q) }));
    let data = Resource::new(move || filter.get(), get_warnings);
    view! {
        <PageHead title=t(k::ILL_WARNINGS_TITLE)>
            <ExportCsv path="/public/warnings/export.csv" file="warnings.csv" />
            <a class="btn btn-secondary" href="/public/report">{t(k::CPL_NAV_PUBLIC)}</a>
        </PageHead>
        <p class="muted">{t(k::ILL_WARNINGS_INTRO)}</p>
        <Form method="GET" action="/public/warnings" attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="warnings-q">{t(k::ILL_SEARCH)}</label>
                <input id="warnings-q" type="search" name="q" value=filter.get_untracked().q />
            </div>
            <FilterSubmit />
        </Form>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let rows = p
                .rows
                .iter()
                .map(|r| {
                    view! {
                        <tr id=format!("warning-{}", r.id)>
                            <td><strong>{r.name.clone()}</strong></td>
                            <td class="pre-line">{r.activities.clone()}</td>
                            <td class="pre-line">{lines(&r.places)}</td>
                            <td class="pre-line">{lines(&r.websites)}</td>
                            <td>{label("warning", &r.state)}</td>
                            <td class="nowrap">{r.day.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ListTable
                    id="warnings-table"
                    heads=vec![k::ILL_NAME, k::ILL_ACTIVITIES, k::ILL_PLACES, k::ILL_WEBSITES, k::ILL_OUTCOME, k::ILL_DAY]
                    total=p.total
                    page=p.page
                    per_page=p.per_page
                >
                    {rows}
                </ListTable>
            }
            .into_any()
        })}
    }
}
