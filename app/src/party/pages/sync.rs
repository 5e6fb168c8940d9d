//! One of the six synchronisations on its step's page: what the step checks,
//! the check as recorded, and the form to record it (again).

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::{kind_label, step_label};
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::party::api::{get_sync, RecordSync};
use crate::party::types::{ItemScores, ReportDeclared, SyncView};
use crate::ui::form::{ErrorSummary, FormState, Select, TextArea};

#[component]
fn CheckForm(v: SyncView, back: String, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<RecordSync>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let form = format!("party_sync_{}", v.step);
    let state =
        FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped(form.clone());
    let options = vec![
        (String::new(), t(k::PARTY_CHOOSE).to_string()),
        ("yes".to_string(), t(k::PARTY_DONE_YES).to_string()),
        ("no".to_string(), t(k::PARTY_DONE_NO).to_string()),
    ];
    let initial = v.check.as_ref().map(|c| if c.done { "yes" } else { "no" }).unwrap_or("").to_string();
    let note = v.check.as_ref().map(|c| c.note.clone()).unwrap_or_default();
    let (form_id, submit_id) = (format!("party-sync-{}-form", v.step), format!("party-sync-{}-submit", v.step));
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=form_id>
            <ErrorSummary state=state labels=vec![("done", k::PARTY_DONE), ("note", k::PARTY_NOTE)] />
            <input type="hidden" name="step" value=v.step.clone() />
            <input type="hidden" name="org_id" value=v.org_id />
            <input type="hidden" name="ref_id" value=v.ref_id />
            <input type="hidden" name="back" value=back />
            <Select state=state name="input[done]" error_name="done" label=k::PARTY_DONE options=options required=true initial=initial />
            <TextArea state=state name="input[note]" error_name="note" label=k::PARTY_NOTE hint=k::PARTY_NOTE_HINT initial=note />
            <div class="form-actions">
                <button type="submit" class="btn btn-secondary" id=submit_id>{t(k::PARTY_RECORD_CHECK)}</button>
            </div>
        </ActionForm>
    }
}

/// The annual report's party section beside the party record, with what
/// disagrees flagged.
#[component]
fn DeclaredBeside(d: ReportDeclared) -> impl IntoView {
    let lang = use_lang();
    let declared_kind =
        if d.kind.is_empty() { t(k::PARTY_NOT_DECLARED).to_string() } else { kind_label(Some(d.kind.as_str())) };
    let flags = d.mismatches.iter().map(|m| view! { <li>{lookup(lang, m)}</li> }).collect_view();
    let mismatch = !d.mismatches.is_empty();
    let declared = !d.kind.is_empty();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="party-declared">
                <caption class="visually-hidden">{t(k::PARTY_DECLARED_TITLE)}</caption>
                <thead>
                    <tr>
                        <th scope="col"><span class="visually-hidden">{t(k::PARTY_STEP)}</span></th>
                        <th scope="col">{t(k::PARTY_DECLARED_REPORT)}</th>
                        <th scope="col">{t(k::PARTY_DECLARED_RECORD)}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr>
                        <th scope="row">{t(k::PARTY_KIND)}</th>
                        <td id="party-declared-kind">{declared_kind}</td>
                        <td id="party-record-kind">{kind_label(d.record_kind.as_deref())}</td>
                    </tr>
                    <tr>
                        <th scope="row">{t(k::PARTY_FULL)}</th>
                        <td>{d.members.clone()}</td>
                        <td>{d.record_kind.is_some().then_some(d.record_members)}</td>
                    </tr>
                </tbody>
            </table>
        </div>
        {if mismatch {
            view! {
                <div class="flash flash-error" role="status" id="party-mismatch">
                    <p><strong>{t(k::PARTY_MISMATCH)}</strong></p>
                    <ul>{flags}</ul>
                </div>
            }
            .into_any()
        } else if declared {
            view! { <p class="muted" id="party-consistent">{t(k::PARTY_CONSISTENT)}</p> }.into_any()
        } else {
            ().into_any()
        }}
    }
}

/// The experts' points on the party-building item and their mean.
#[component]
fn ItemScoresBeside(s: ItemScores) -> impl IntoView {
    let mean = match s.mean_tenths {
        Some(m) => tf(
            k::PARTY_ITEM_MEAN,
            &[
                ("mean", format!("{}.{}", m / 10, m % 10)),
                ("max", s.max_points.to_string()),
                ("n", s.scores.len().to_string()),
                ("panel", s.panel_size.to_string()),
            ],
        ),
        None => t(k::PARTY_ITEM_NONE).to_string(),
    };
    let rows = s
        .scores
        .iter()
        .map(|(name, points, done)| {
            view! {
                <li>
                    {name.clone()}": "{*points}
                    {(!done).then(|| view! { <span class="muted">" ("{t(k::PARTY_ITEM_DRAFT)}")"</span> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div id="party-item-scores">
            <p><strong>{crate::domain::seeded::shown(&s.item_name)}</strong>" · "<span id="party-item-mean">{mean}</span></p>
            <ul>{rows}</ul>
        </div>
    }
}

/// A step's check as the step's page shows it: what it checks, the check as
/// recorded, the form to record it (again), back to `back`.
#[component]
pub fn SyncCard(v: SyncView, #[prop(into)] back: String, on_done: Callback<()>) -> impl IntoView {
    let step = v.step.clone();
    let status_id = format!("party-sync-{step}-status");
    let status = if !v.applies {
        view! { <p class="empty" id=status_id>{t(k::PARTY_NO_STEP_YET)}</p> }.into_any()
    } else {
        match &v.check {
            Some(c) => view! {
                <p id=status_id>
                    <span class=if c.done { "badge badge-active" } else { "badge badge-warning" }>
                        {if c.done { t(k::PARTY_DONE_YES) } else { t(k::PARTY_DONE_NO) }}
                    </span>
                    " "<time datetime=c.day.clone()>{c.day.clone()}</time>" "<span class="muted">{c.actor.clone()}</span>
                    {(!c.note.is_empty()).then(|| view! { <span class="pre-line">" · "{c.note.clone()}</span> })}
                </p>
            }
            .into_any(),
            None => view! { <p class="empty" id=status_id>{t(k::PARTY_CHECK_NONE)}</p> }.into_any(),
        }
    };
    let applies = v.applies;
    let (declared, item_scores) = (v.declared.clone(), v.item_scores.clone());
    view! {
        <section class="card party-sync" aria-labelledby=format!("party-sync-{step}-title") id=format!("party-sync-{step}")>
            <h2 id=format!("party-sync-{step}-title")>{tf(k::PARTY_SYNC_TITLE, &[("step", step_label(&step))])}</h2>
            <p class="hint">{lookup(use_lang(), &format!("party_check_q_{step}"))}</p>
            {declared.map(|d| view! { <DeclaredBeside d=d /> })}
            {item_scores.map(|s| view! { <ItemScoresBeside s=s /> })}
            {status}
            {applies.then(|| view! { <CheckForm v=v back=back on_done=on_done /> })}
        </section>
    }
}

/// The check of `step` on the step's own page: `ref_id` is that page's record
/// (the report for officers, the report year in the portal, the rating
/// application, the inspection target). Nothing is shown where the check does
/// not apply (an outlet's inspection) or is not the reader's to see.
///
/// `reload`, when given, is a counter the host page raises after it saved the
/// step's record (the report form), so what the record declares is read again.
#[component]
pub fn SyncPanel(
    step: &'static str,
    #[prop(into)] ref_id: Signal<i64>,
    #[prop(optional, into)] reload: Option<Signal<u32>>,
) -> impl IntoView {
    let data = Resource::new(
        move || (ref_id.get(), reload.map(|r| r.get()).unwrap_or(0)),
        move |(r, _)| get_sync(step.to_string(), 0, r),
    );
    let refresh = Callback::new(move |_| data.refetch());
    let location = use_location();
    view! {
        <Suspense fallback=|| ()>
            {move || data.get().and_then(|r| r.ok()).map(|v| {
                view! { <SyncCard v=v back=location.pathname.get_untracked() on_done=refresh /> }
            })}
        </Suspense>
    }
}
