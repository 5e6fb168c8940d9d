//! Published decisions (行政处罚法 §48): the public list, newest first, and
//! the section on an organization's public page.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::sanctions_text;
use crate::i18n::{k, t};
use crate::penalty::api::get_public_decisions;
use crate::penalty::types::PublicDecision;
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{page_param, ListTable};

fn party_cell(d: &PublicDecision) -> AnyView {
    match d.org_id {
        Some(org) => view! {
            <a href=format!("/public/orgs/{org}")>{d.party_name.clone()}</a><br /><span class="mono hint">{d.credit_code.clone()}</span>
        }
        .into_any(),
        None => view! { {d.party_name.clone()} }.into_any(),
    }
}

/// Every published decision.
#[component]
pub fn PublicPenaltiesPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_public_decisions);
    view! {
        <PageHead title=t(k::PEN_PUBLIC_TITLE)>
            <a class="btn btn-secondary" href="/public/credit">{t(k::NAV_CREDIT_PUBLIC)}</a>
        </PageHead>
        <p class="muted">{t(k::PEN_PUBLIC_INTRO)}</p>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let rows = p
                .rows
                .iter()
                .map(|d| {
                    view! {
                        <tr>
                            <td class="nowrap">{d.decision_number.clone()}</td>
                            <td>{party_cell(d)}</td>
                            <td>{d.regulation.clone()}{d.article.clone()}<br /><span class="hint">{d.description.clone()}</span></td>
                            <td>{sanctions_text(&d.penalties)}</td>
                            <td>{d.decided_on.clone()}</td>
                            <td>{d.office.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ListTable
                    id="decisions-table"
                    heads=vec![k::PEN_DECISION_NUMBER, k::PEN_PARTY, k::PEN_VIOLATION, k::PEN_DECIDED, k::PEN_DECIDED_ON, k::PEN_OFFICE]
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

/// The decisions against an organization, on its public page (nothing when
/// there are none).
#[component]
pub fn PublicOrgDecisions(list: Vec<PublicDecision>) -> impl IntoView {
    if list.is_empty() {
        return ().into_any();
    }
    let items = list
        .iter()
        .map(|d| {
            view! {
                <li>
                    <time datetime=d.decided_on.clone()>{d.decided_on.clone()}</time>" "
                    <strong>{d.decision_number.clone()}</strong>" · "{sanctions_text(&d.penalties)}
                    <p>{d.regulation.clone()}{d.article.clone()}"："{d.description.clone()}</p>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="org-decisions-title">
            <h2 id="org-decisions-title">{t(k::PEN_ORG_DECISIONS)}</h2>
            <ol class="timeline" id="org-decisions">{items}</ol>
        </section>
    }
    .into_any()
}
