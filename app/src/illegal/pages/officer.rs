//! The officers' list with its filters, and the form of a new entry.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::{label, source_options, StateBadge};
use crate::domain::illegal_org::State;
use crate::i18n::{k, t};
use crate::illegal::api::{get_entries, CreateEntry};
use crate::illegal::types::{EntryFilter, EntryPage};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, FilterSearch, FilterSelect, FilterSubmit, ListTable};

fn use_filter() -> Memo<EntryFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| EntryFilter {
            state: q.get("state").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

#[component]
fn Filters(filter: EntryFilter) -> impl IntoView {
    let options = std::iter::once(("open".to_string(), t(k::ILL_FILTER_OPEN).to_string()))
        .chain(State::ALL.iter().map(|s| (s.as_str().to_string(), label("state", s.as_str()))));
    view! {
        <Form method="GET" action="/officer/illegal" attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::ILL_SEARCH value=filter.q.clone() />
            <FilterSelect id="filter-state" name="state" label=k::ILL_STATE>{filter_options(&filter.state, options)}</FilterSelect>
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn EntryTable(page: EntryPage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/illegal/{}", r.id)>{r.name.clone()}</a></td>
                    <td><StateBadge state=r.state.clone() /></td>
                    <td>{label("source", &r.source)}</td>
                    <td>{r.found_on.clone()}</td>
                    <td>{r.outcome_on.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{r.published_on.clone().unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="illegal-table" caption=k::ILL_TITLE heads=vec![k::ILL_NAME, k::ILL_STATE, k::ILL_SOURCE, k::ILL_FOUND_ON, k::ILL_OUTCOME_ON, k::ILL_PUBLISHED_ON] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// The register: open entries first by the filter, the newest first.
#[component]
pub fn EntriesPage() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), get_entries);
    view! {
        <PageHead title=t(k::ILL_TITLE)>
            <a class="btn btn-primary" href="/officer/illegal/new">{t(k::ILL_NEW)}</a>
            <a class="btn btn-secondary" href="/public/warnings">{t(k::ILL_WARNINGS_TITLE)}</a>
        </PageHead>
        <p class="muted">{t(k::ILL_INTRO)}</p>
        <Filters filter=filter.get_untracked() />
        {loaded(data, |page| view! { <EntryTable page=page /> })}
    }
}

/// The form of a new entry (a lead from an inspection, another department,
/// an officer or the media; a complaint's is opened from the complaint).
#[component]
pub fn NewEntryPage() -> impl IntoView {
    let action = ServerAction::<CreateEntry>::new();
    let state = FormState::new("ill_create", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let labels = vec![
        ("name", k::ILL_NAME),
        ("activities", k::ILL_ACTIVITIES),
        ("places", k::ILL_PLACES),
        ("websites", k::ILL_WEBSITES),
        ("accounts", k::ILL_ACCOUNTS),
        ("people", k::ILL_PEOPLE),
        ("source", k::ILL_SOURCE),
        ("source_ref", k::ILL_SOURCE_REF),
        ("found_on", k::ILL_FOUND_ON),
    ];
    view! {
        <p class="breadcrumbs"><a href="/officer/illegal">{t(k::ILL_TITLE)}</a></p>
        <PageHead title=t(k::ILL_NEW) />
        <p class="hint">{t(k::ILL_NEW_INTRO)}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="illegal-form">
            <ErrorSummary state=state labels=labels />
            <div class="form-grid">
                <Field state=state name="input[name]" error_name="name" label=k::ILL_NAME required=true />
                <Select state=state name="input[source]" error_name="source" label=k::ILL_SOURCE options=source_options() required=true />
                <Field state=state name="input[source_ref]" error_name="source_ref" label=k::ILL_SOURCE_REF hint=k::ILL_SOURCE_REF_HINT />
                <Field state=state name="input[found_on]" error_name="found_on" label=k::ILL_FOUND_ON hint=k::ILL_DAY_HINT kind="date" />
            </div>
            <TextArea state=state name="input[activities]" error_name="activities" label=k::ILL_ACTIVITIES required=true />
            <TextArea state=state name="input[places]" error_name="places" label=k::ILL_PLACES hint=k::ILL_LINES_HINT />
            <TextArea state=state name="input[websites]" error_name="websites" label=k::ILL_WEBSITES hint=k::ILL_WEBSITES_HINT />
            <TextArea state=state name="input[accounts]" error_name="accounts" label=k::ILL_ACCOUNTS hint=k::ILL_PRIVATE_HINT />
            <TextArea state=state name="input[people]" error_name="people" label=k::ILL_PEOPLE hint=k::ILL_PRIVATE_HINT />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="illegal-submit">{t(k::ILL_CREATE_SUBMIT)}</button>
            </div>
        </ActionForm>
    }
}
