//! Published decisions (行政处罚法 §48): the public list, newest first, with
//! its search and CSV, and the section on an organization's public page. An
//! annulled decision shows its annulment.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::{label, sanctions_text};
use crate::domain::penalty_case::Penalty;
use crate::i18n::{k, t, tf};
use crate::penalty::api::get_public_decisions;
use crate::penalty::types::{DecisionFilter, PublicDecision};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

/// The penalties, or (annulled) the annulment with the penalties struck.
fn penalties_cell(d: &PublicDecision) -> AnyView {
    match &d.annulled_on {
        None => view! { {sanctions_text(&d.penalties)} }.into_any(),
        Some(day) => view! {
            <del>{sanctions_text(&d.penalties)}</del><br />
            <strong class="badge badge-revoked annulled">{tf(k::PEN_PUBLIC_ANNULLED, &[("day", day.clone())])}</strong>
        }
        .into_any(),
    }
}

/// The search form (a plain GET form: it works without JavaScript).
#[component]
fn DecisionSearch(f: DecisionFilter, years: Vec<i32>) -> impl IntoView {
    let years = filter_options(&f.year, years.into_iter().map(|y| (y.to_string(), y)));
    let kinds = filter_options(&f.kind, Penalty::ALL.iter().map(|p| (p.as_str(), label("penalty", p.as_str()))));
    view! {
        <Form method="GET" action="/public/penalties" attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::PEN_PUBLIC_FILTER_Q value=f.q.clone() />
            <FilterSelect id="filter-year" name="year" label=k::PEN_PUBLIC_YEAR>{years}</FilterSelect>
            <FilterSelect id="filter-kind" name="kind" label=k::PEN_PUBLIC_KIND>{kinds}</FilterSelect>
            <FilterSubmit />
        </Form>
    }
}

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
    let filter = Memo::new(move |_| {
        query.with(|q| DecisionFilter {
            q: q.get("q").unwrap_or_default(),
            year: q.get("year").unwrap_or_default(),
            kind: q.get("kind").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_public_decisions);
    view! {
        <PageHead title=t(k::PEN_PUBLIC_TITLE)>
            <ExportCsv path="/public/penalties/export.csv" file="penalty-decisions.csv" />
            <a class="btn btn-secondary" href="/public/credit">{t(k::NAV_CREDIT_PUBLIC)}</a>
        </PageHead>
        <p class="muted">{t(k::PEN_PUBLIC_INTRO)}</p>
        {loaded(data, move |p| {
            let search = view! { <DecisionSearch f=filter.get_untracked() years=p.years.clone() /> };
            if p.rows.is_empty() {
                return view! { {search}<p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
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
                            <td>{penalties_cell(d)}</td>
                            <td>{d.decided_on.clone()}</td>
                            <td>{d.office.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                {search}
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
                    <strong>{d.decision_number.clone()}</strong>" · "{penalties_cell(d)}
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
