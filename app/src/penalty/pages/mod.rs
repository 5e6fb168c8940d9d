//! Pages of the penalty cases: the officers' list with its overdue marks,
//! the form that opens a case, the case with its timeline, deadlines and the
//! forms of its next steps (`detail`, each form a plain post that works
//! without JavaScript), and the published decisions (`public`).
//!
//! Here: the list and what the pages share (the names of states, steps,
//! penalties and deadlines).

mod detail;
mod new;
mod public;

pub use detail::CasePage;
pub use new::NewCasePage;
pub use public::{PublicOrgDecisions, PublicPenaltiesPage};

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::api::get_cases;
use super::types::{CaseFilter, LateView, SanctionView};
use super::violations;
use crate::domain::money;
use crate::domain::penalty_case::State;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, FilterSearch, FilterSelect, FilterSubmit, ListTable};

/// A translated name of a stored code (`pen_<group>_<code>`).
pub(super) fn label(group: &str, code: &str) -> String {
    lookup(use_lang(), &format!("pen_{group}_{code}"))
}

/// A case's state as a badge.
#[component]
pub(super) fn StateBadge(state: String, #[prop(optional)] id: Option<&'static str>) -> impl IntoView {
    let class = match State::parse(&state) {
        Some(State::Closed | State::NotOpened | State::Transferred | State::Terminated) => "badge badge-deregistered",
        Some(State::Annulled) => "badge badge-revoked",
        Some(s) if s.before_decision() => "badge badge-warning",
        _ => "badge badge-active",
    };
    view! { <span class=class id=id>{label("state", &state)}</span> }
}

/// A penalty with its amount or period: "罚款 ¥30,000.00", "限期停止活动 3 个月".
pub(super) fn sanction_text(s: &SanctionView) -> String {
    let name = label("penalty", &s.penalty);
    if s.amount_fen > 0 {
        format!("{name} {}", money::display_money(s.amount_fen))
    } else if s.months > 0 {
        format!("{name} {}", tf(k::PEN_MONTHS, &[("n", s.months.to_string())]))
    } else {
        name
    }
}

/// Penalties joined for a table cell.
pub(super) fn sanctions_text(list: &[SanctionView]) -> String {
    list.iter().map(sanction_text).collect::<Vec<_>>().join("；")
}

/// The violation row of `code` as a short text: "《…》第…条".
pub(super) fn violation_short(code: &str) -> String {
    violations::find(code).map(|v| format!("{}{}", v.regulation, v.article)).unwrap_or_else(|| code.to_string())
}

/// Overdue marks.
#[component]
pub(super) fn LateMarks(late: Vec<LateView>) -> impl IntoView {
    late.into_iter()
        .map(|l| {
            let text = tf(k::PEN_LATE_MARK, &[("what", label("late", &l.late)), ("days", l.days.to_string())]);
            view! { <span class="badge badge-revoked">{text}</span>" " }
        })
        .collect_view()
}

/// The officers' list of cases.
#[component]
pub fn CasesPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| CaseFilter {
            state: q.get("state").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            overdue: q.get("overdue").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_cases);
    view! {
        <PageHead title=t(k::PEN_TITLE)>
            <a class="btn btn-primary" href="/officer/cases/new" id="new-case">{t(k::PEN_NEW)}</a>
            <a class="btn btn-secondary" href="/public/penalties">{t(k::PEN_PUBLIC_TITLE)}</a>
        </PageHead>
        <p class="muted">{t(k::PEN_INTRO)}</p>
        {move || {
            let f = filter.get();
            let states = filter_options(&f.state, State::ALL.iter().map(|s| (s.as_str(), label("state", s.as_str()))));
            let overdue = crate::penalty::steps::checked(&f.overdue);
            view! {
                <Form method="GET" action="/officer/cases" attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::PEN_FILTER_Q value=f.q.clone() />
                    <FilterSelect id="filter-state" name="state" label=k::PEN_STATE>{states}</FilterSelect>
                    <div class="field">
                        <label for="filter-overdue"><input type="checkbox" id="filter-overdue" name="overdue" value="1" checked=overdue />" "{t(k::PEN_FILTER_OVERDUE)}</label>
                    </div>
                    <FilterSubmit />
                </Form>
            }
        }}
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let rows = p
                .rows
                .iter()
                .map(|c| {
                    view! {
                        <tr>
                            <td><a href=format!("/officer/cases/{}", c.id)>{tf(k::PEN_CASE_NO, &[("id", c.id.to_string())])}</a></td>
                            <td>{c.party_name.clone()}<br /><span class="mono hint">{c.credit_code.clone()}</span></td>
                            <td>{violation_short(&c.violation_code)}</td>
                            <td><StateBadge state=c.state.clone() /></td>
                            <td>{c.opened_on.clone().unwrap_or_default()}</td>
                            <td>{c.decision_number.clone().unwrap_or_default()}<br /><span class="hint">{c.decided_on.clone().unwrap_or_default()}</span></td>
                            <td><LateMarks late=c.late.clone() /></td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ListTable
                    id="cases-table"
                    heads=vec![k::PEN_CASE, k::PEN_PARTY, k::PEN_VIOLATION, k::PEN_STATE, k::PEN_OPENED_ON, k::PEN_DECISION_NUMBER, k::PEN_OVERDUE]
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
