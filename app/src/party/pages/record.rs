//! An organization's party building: the record, the six checks, the form
//! and the versions saved. Officers see it on the organization's page (with
//! the registry's steps' checks), the organization in its portal.

use leptos::prelude::*;

use super::{kind_label, step_label, SyncCard};
use crate::domain::party::Kind;
use crate::i18n::{k, t, tf};
use crate::party::api::{get_party, SaveParty};
use crate::party::types::{PartyView, RecordView, SyncStatus};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

fn dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".into()
    } else {
        s.to_string()
    }
}

#[component]
fn RecordFacts(r: RecordView) -> impl IntoView {
    let kind = Kind::parse(&r.kind);
    let instructor = if r.instructor_name.is_empty() {
        "—".to_string()
    } else {
        [r.instructor_name.clone(), r.instructor_unit.clone(), r.instructor_phone.clone()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <dl class="kv" id="party-record">
            <dt>{t(k::PARTY_KIND)}</dt><dd id="party-kind">{kind_label(Some(&r.kind))}</dd>
            {(kind == Some(Kind::Joint)).then(|| view! { <dt>{t(k::PARTY_JOINT_WITH)}</dt><dd class="pre-line">{r.joint_with.clone()}</dd> })}
            {(kind == Some(Kind::None)).then(|| view! { <dt>{t(k::PARTY_NONE_REASON)}</dt><dd class="pre-line">{r.none_reason.clone()}</dd> })}
            {kind.is_some_and(Kind::organized).then(|| view! {
                <dt>{t(k::PARTY_ESTABLISHED_ON)}</dt><dd>{dash(&r.established_on)}</dd>
                <dt>{t(k::PARTY_SECRETARY)}</dt><dd>{dash(&r.secretary)}</dd>
            })}
            <dt>{t(k::PARTY_MEMBERS)}</dt>
            <dd id="party-members">{tf(k::PARTY_MEMBERS_OF, &[("full", r.full_members.to_string()), ("probationary", r.probationary_members.to_string())])}</dd>
            <dt>{t(k::PARTY_INSTRUCTOR)}</dt><dd id="party-instructor">{instructor}</dd>
            <dt>{t(k::PARTY_LIAISON)}</dt><dd>{dash(&r.liaison)}</dd>
            <dt>{t(k::PARTY_UPDATED)}</dt><dd>{r.updated_at.clone()}</dd>
        </dl>
    }
}

#[component]
fn Steps(steps: Vec<(String, Option<SyncStatus>)>) -> impl IntoView {
    let rows = steps
        .into_iter()
        .map(|(step, c)| {
            let (state, day, note) = match c {
                Some(c) => (
                    view! { <span class=if c.done { "badge badge-active" } else { "badge badge-warning" }>{if c.done { t(k::PARTY_DONE_YES) } else { t(k::PARTY_DONE_NO) }}</span> }.into_any(),
                    c.day,
                    c.note,
                ),
                None => (view! { <span class="muted">{t(k::PARTY_CHECK_NONE)}</span> }.into_any(), "—".into(), String::new()),
            };
            view! {
                <tr id=format!("party-step-{step}")>
                    <th scope="row">{step_label(&step)}</th>
                    <td>{state}</td>
                    <td>{day}</td>
                    <td class="pre-line">{note}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0"><table class="data-table" id="party-steps">
            <caption>{t(k::PARTY_STEPS)}</caption>
            <thead><tr>
                <th scope="col">{t(k::PARTY_STEP)}</th>
                <th scope="col">{t(k::PARTY_DONE)}</th>
                <th scope="col">{t(k::PARTY_DAY)}</th>
                <th scope="col">{t(k::PARTY_NOTE)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
}

#[component]
fn RecordForm(v: PartyView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<SaveParty>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("party_save", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("party");
    let i = v.record.as_ref().map(RecordView::input).unwrap_or_default();
    let kinds = std::iter::once((String::new(), t(k::PARTY_CHOOSE).to_string()))
        .chain(Kind::ALL.iter().map(|k| (k.as_str().to_string(), kind_label(Some(k.as_str())))))
        .collect();
    let labels = vec![
        ("kind", k::PARTY_KIND),
        ("joint_with", k::PARTY_JOINT_WITH),
        ("none_reason", k::PARTY_NONE_REASON),
        ("established_on", k::PARTY_ESTABLISHED_ON),
        ("full_members", k::PARTY_FULL),
        ("probationary_members", k::PARTY_PROBATIONARY),
        ("secretary", k::PARTY_SECRETARY),
        ("instructor_name", k::PARTY_INSTRUCTOR_NAME),
        ("instructor_unit", k::PARTY_INSTRUCTOR_UNIT),
        ("instructor_phone", k::PARTY_INSTRUCTOR_PHONE),
        ("liaison", k::PARTY_LIAISON),
    ];
    view! {
        <section class="card" aria-labelledby="party-form-title">
            <h3 id="party-form-title">{t(if v.record.is_some() { k::PARTY_EDIT } else { k::PARTY_NEW })}</h3>
            <p class="hint">{t(k::PARTY_FORM_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="party-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=if v.officer { v.org_id } else { 0 } />
                <input type="hidden" name="version" value=v.version />
                <div class="form-grid">
                    <Select state=state name="input[kind]" error_name="kind" label=k::PARTY_KIND options=kinds required=true initial=i.kind.clone() />
                    <Field state=state name="input[established_on]" error_name="established_on" label=k::PARTY_ESTABLISHED_ON kind="date" initial=i.established_on.clone() />
                    <Field state=state name="input[full_members]" error_name="full_members" label=k::PARTY_FULL hint=k::PARTY_FULL_HINT kind="number" initial=i.full_members.clone() />
                    <Field state=state name="input[probationary_members]" error_name="probationary_members" label=k::PARTY_PROBATIONARY kind="number" initial=i.probationary_members.clone() />
                    <Field state=state name="input[secretary]" error_name="secretary" label=k::PARTY_SECRETARY initial=i.secretary.clone() />
                </div>
                <TextArea state=state name="input[joint_with]" error_name="joint_with" label=k::PARTY_JOINT_WITH hint=k::PARTY_JOINT_WITH_HINT initial=i.joint_with.clone() />
                <TextArea state=state name="input[none_reason]" error_name="none_reason" label=k::PARTY_NONE_REASON hint=k::PARTY_NONE_REASON_HINT initial=i.none_reason.clone() />
                <fieldset>
                    <legend>{t(k::PARTY_INSTRUCTOR)}</legend>
                    <div class="form-grid">
                        <Field state=state name="input[instructor_name]" error_name="instructor_name" label=k::PARTY_INSTRUCTOR_NAME initial=i.instructor_name.clone() />
                        <Field state=state name="input[instructor_unit]" error_name="instructor_unit" label=k::PARTY_INSTRUCTOR_UNIT initial=i.instructor_unit.clone() />
                        <Field state=state name="input[instructor_phone]" error_name="instructor_phone" label=k::PARTY_INSTRUCTOR_PHONE kind="tel" initial=i.instructor_phone.clone() />
                        <Field state=state name="input[liaison]" error_name="liaison" label=k::PARTY_LIAISON hint=k::PARTY_LIAISON_HINT initial=i.liaison.clone() />
                    </div>
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="party-submit">{t(k::PARTY_SAVE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn History(v: PartyView) -> impl IntoView {
    if v.history.is_empty() {
        return ().into_any();
    }
    let items = v
        .history
        .iter()
        .map(|h| {
            view! {
                <li>
                    <time datetime=h.at.clone()>{h.at.clone()}</time>" "
                    <strong>{tf(k::PARTY_VERSION, &[("n", h.version.to_string())])}</strong>" "
                    <span class="muted">{h.actor.clone()}</span>" · "
                    {kind_label(Some(&h.record.kind))}" · "
                    {tf(k::PARTY_MEMBERS_OF, &[("full", h.record.full_members.to_string()), ("probationary", h.record.probationary_members.to_string())])}
                    {(!h.record.instructor_name.is_empty()).then(|| format!(" · {}", h.record.instructor_name))}
                </li>
            }
        })
        .collect_view();
    view! {
        <details class="party-history">
            <summary>{t(k::PARTY_HISTORY)}</summary>
            <ol class="timeline" id="party-history">{items}</ol>
        </details>
    }
    .into_any()
}

fn body(v: PartyView, refresh: Callback<()>) -> impl IntoView {
    let flags = view! {
        {v.should_establish.then(|| view! { <p class="notice" id="party-should-establish">{t(k::PARTY_SHOULD_ESTABLISH)}</p> })}
        {(v.record.is_some() && !v.work_covered).then(|| view! { <p class="notice" id="party-not-covered">{t(k::PARTY_NOT_COVERED)}</p> })}
    };
    let back = format!("/officer/orgs/{}", v.org_id);
    let (officer, checks) = (v.officer, v.checks.clone());
    view! {
        {match v.record.clone() {
            Some(r) => view! { <RecordFacts r=r /> }.into_any(),
            None => view! { <p class="empty" id="party-record-none">{t(k::PARTY_NO_RECORD)}</p> }.into_any(),
        }}
        {flags}
        <Steps steps=v.steps.clone() />
        {(officer && !checks.is_empty()).then(|| view! {
            <div class="cards">
                {checks.into_iter().map(|c| view! { <SyncCard v=c back=back.clone() on_done=refresh /> }).collect_view()}
            </div>
        })}
        <RecordForm v=v.clone() on_done=refresh />
        <History v=v />
    }
}

/// An organization's party building on its page (officers): nothing for an
/// organization that is not found (the page says so already).
#[component]
pub fn PartyPanel(#[prop(into)] org_id: Signal<i64>) -> impl IntoView {
    let data = Resource::new(move || org_id.get(), get_party);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(|r| r.ok()).map(|v| view! {
                <section aria-labelledby="party-title" id="party">
                    <h2 id="party-title">{t(k::PARTY_TITLE)}</h2>
                    {body(v, refresh)}
                </section>
            })}
        </Suspense>
    }
}

/// The organization's own party building (`/portal/party`).
#[component]
pub fn PortalPartyPage() -> impl IntoView {
    let data = Resource::new(|| 0i64, get_party);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        <PageHead title=t(k::PARTY_TITLE) />
        <p class="muted">{t(k::PARTY_PORTAL_INTRO)}</p>
        {loaded(data, move |v| body(v, refresh))}
    }
}
