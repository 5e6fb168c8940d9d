//! One entry: what is known (people and accounts for officers only), the
//! penalty cases opened for it, the investigation log, and the forms of the
//! steps its state allows.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{label, lines, outcome_options, StateBadge};
use crate::domain::illegal_org::{next, Action, Facts, State};
use crate::i18n::{k, t, tf};
use crate::illegal::api::{get_entry, NoteEntry, OutcomeEntry, PublishEntry};
use crate::illegal::types::EntryDetail;
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
fn EntryFacts(d: EntryDetail) -> impl IntoView {
    let none = || "—".to_string();
    let source = match d.complaint_id {
        Some(c) => view! {
            {label("source", &d.source)}" · "<a href=format!("/officer/complaints/{c}") id="entry-complaint">{d.source_ref.clone()}</a>
        }
        .into_any(),
        None if d.source_ref.is_empty() => view! { {label("source", &d.source)} }.into_any(),
        None => view! { {label("source", &d.source)}" · "{d.source_ref.clone()} }.into_any(),
    };
    let outcome = d.outcome_on.clone().map(|day| {
        let org = d.org.clone().map(|(id, name, code)| {
            view! { " · "<a href=format!("/officer/orgs/{id}")>{name}</a>" "<span class="mono">{code}</span> }
        });
        let case = d.case_id.map(|c| view! { " · "<a href=format!("/officer/cases/{c}")>{t(k::ILL_CASE)}" #"{c}</a> });
        view! {
            <dt>{t(k::ILL_OUTCOME)}</dt>
            <dd id="entry-outcome">
                {label("state", &d.state)}" "{day}
                {d.referred_to.clone().map(|r| format!(" · {r}"))}
                {org}
                {case}
                {d.outcome_note.clone().map(|n| view! { <p class="pre-line">{n}</p> })}
            </dd>
        }
    });
    view! {
        <dl class="kv" id="entry-facts">
            <dt>{t(k::ILL_ACTIVITIES)}</dt><dd class="pre-line" id="entry-activities">{d.activities.clone()}</dd>
            <dt>{t(k::ILL_PLACES)}</dt><dd class="pre-line">{lines(&d.places)}</dd>
            <dt>{t(k::ILL_WEBSITES)}</dt><dd class="pre-line">{lines(&d.websites)}</dd>
            <dt>{t(k::ILL_ACCOUNTS)}</dt><dd class="pre-line" id="entry-accounts">{lines(&d.accounts)}</dd>
            <dt>{t(k::ILL_PEOPLE)}</dt><dd class="pre-line" id="entry-people">{lines(&d.people)}</dd>
            <dt>{t(k::ILL_SOURCE)}</dt><dd>{source}</dd>
            <dt>{t(k::ILL_FOUND_ON)}</dt><dd>{d.found_on.clone()}</dd>
            {outcome}
            <dt>{t(k::ILL_WARNING_LIST)}</dt>
            <dd id="entry-listed">
                {if d.listed {
                    tf(k::ILL_LISTED_SINCE, &[("day", d.published_on.clone().or(d.outcome_on.clone()).unwrap_or_else(none))])
                } else {
                    t(k::ILL_NOT_LISTED).to_string()
                }}
            </dd>
        </dl>
    }
}

#[component]
fn Cases(d: EntryDetail) -> impl IntoView {
    let open = State::parse(&d.state).is_some_and(State::open);
    let items = d
        .cases
        .iter()
        .map(|c| {
            view! {
                <li>
                    <a href=format!("/officer/cases/{}", c.id)>{t(k::ILL_CASE)}" #"{c.id}</a>
                    " "{crate::i18n::lookup(crate::i18n::use_lang(), &format!("pen_state_{}", c.state))}
                    {c.decision_number.clone().map(|n| format!(" · {n}"))}
                </li>
            }
        })
        .collect_view();
    let has_open_case = d.cases.iter().any(|c| c.state != "closed" && c.state != "not_opened");
    view! {
        <section aria-labelledby="cases-title">
            <h2 id="cases-title">{t(k::ILL_CASES)}</h2>
            {if d.cases.is_empty() {
                view! { <p class="empty">{t(k::ILL_NO_CASES)}</p> }.into_any()
            } else {
                view! { <ul id="entry-cases">{items}</ul> }.into_any()
            }}
            {(open && !has_open_case).then(|| view! {
                <p><a class="btn btn-secondary" id="open-case" href=format!("/officer/cases/new?source=illegal&source_id={}", d.id)>{t(k::ILL_OPEN_CASE)}</a></p>
            })}
            <p class="hint">{t(k::ILL_BAN_HINT)}</p>
        </section>
    }
}

#[component]
fn Log(d: EntryDetail) -> impl IntoView {
    let items = d
        .notes
        .iter()
        .map(|n| {
            view! {
                <li>
                    <time datetime=n.day.clone()>{n.day.clone()}</time>
                    " "<strong>{label("log", &n.kind)}</strong>
                    " "<span class="muted">{n.officer.clone()}</span>
                    {(!n.note.is_empty()).then(|| view! { <p class="pre-line">{n.note.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" id="entry-log">{items}</ol> }
}

#[component]
fn NoteForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<NoteEntry>::new();
    // With JavaScript the page stays: read the entry again once the step is taken.
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state =
        FormState::new("ill_note", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("note");
    view! {
        <section class="card" aria-labelledby="note-title">
            <h2 id="note-title">{t(k::ILL_ADD_NOTE)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="note-form">
                <ErrorSummary state=state labels=vec![("note", k::ILL_NOTE), ("day", k::ILL_DAY)] />
                <input type="hidden" name="id" value=id />
                <TextArea state=state name="input[note]" error_name="note" label=k::ILL_NOTE required=true />
                <Field state=state name="input[day]" error_name="day" label=k::ILL_DAY hint=k::ILL_DAY_HINT kind="date" />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="note-submit">{t(k::ILL_ADD_NOTE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn OutcomeForm(d: EntryDetail, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<OutcomeEntry>::new();
    // With JavaScript the page stays: read the entry again once the step is taken.
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ill_outcome", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("outcome");
    let labels = vec![
        ("outcome", k::ILL_OUTCOME),
        ("day", k::ILL_DAY),
        ("referred_to", k::ILL_REFERRED_TO),
        ("credit_code", k::FIELD_CREDIT_CODE),
        ("note", k::ILL_NOTE),
    ];
    view! {
        <section class="card" aria-labelledby="outcome-title">
            <h2 id="outcome-title">{t(k::ILL_RECORD_OUTCOME)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="outcome-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="id" value=d.id />
                <Select state=state name="input[outcome]" error_name="outcome" label=k::ILL_OUTCOME options=outcome_options() required=true />
                <p class="hint">{t(if d.ban_decided { k::ILL_BAN_READY } else { k::ILL_BAN_HINT })}</p>
                <Field state=state name="input[day]" error_name="day" label=k::ILL_DAY hint=k::ILL_DAY_HINT kind="date" />
                <Field state=state name="input[referred_to]" error_name="referred_to" label=k::ILL_REFERRED_TO hint=k::ILL_REFERRED_TO_HINT />
                <Field state=state name="input[credit_code]" error_name="credit_code" label=k::FIELD_CREDIT_CODE hint=k::ILL_CREDIT_CODE_HINT />
                <TextArea state=state name="input[note]" error_name="note" label=k::ILL_NOTE />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="outcome-submit">{t(k::ILL_RECORD_OUTCOME)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PublishForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<PublishEntry>::new();
    // With JavaScript the page stays: read the entry again once the step is taken.
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ill_publish", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("publish");
    view! {
        <section class="card" aria-labelledby="publish-title">
            <h2 id="publish-title">{t(k::ILL_PUBLISH)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="publish-form">
                <ErrorSummary state=state labels=vec![("day", k::ILL_DAY)] />
                <input type="hidden" name="id" value=id />
                <p class="hint">{t(k::ILL_PUBLISH_HINT)}</p>
                <Field state=state name="input[day]" error_name="day" label=k::ILL_DAY hint=k::ILL_DAY_HINT kind="date" />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="publish-submit">{t(k::ILL_PUBLISH)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// One entry with its log and the forms of its next steps.
#[component]
pub fn EntryPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_entry);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/illegal">{t(k::ILL_TITLE)}</a></p>
        {loaded(data, move |d| {
            let state = State::parse(&d.state);
            let facts = Facts { ban_decided: d.ban_decided, published: d.published_on.is_some() };
            // The outcome form is offered while the entry is open (a ban is refused there with its reason).
            let may = |a: Action| state.is_some_and(|s| next(s, a, facts).is_ok());
            let badge = view! { <StateBadge state=d.state.clone() /> }.into_any();
            view! {
                <PageHead title=d.name.clone() id="entry-name" badge=badge />
                <EntryFacts d=d.clone() />
                <Cases d=d.clone() />
                <div class="cards">
                    {may(Action::Note).then(|| view! { <NoteForm id=d.id on_done=refresh /> })}
                    {state.is_some_and(State::open).then(|| view! { <OutcomeForm d=d.clone() on_done=refresh /> })}
                    {may(Action::Publish).then(|| view! { <PublishForm id=d.id on_done=refresh /> })}
                </div>
                <section aria-labelledby="log-title">
                    <h2 id="log-title">{t(k::ILL_LOG)}</h2>
                    <Log d=d.clone() />
                </section>
            }
        })}
    }
}
