//! The inspector's pages: their assignments and the result of one target,
//! recorded by one inspector and confirmed by each.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::answers::{AnswersSummary, ChecklistFields};
use super::label;
use crate::i18n::{k, t};
use crate::inspection::api::{get_inspector_target, get_my_assignments, ConfirmResult, RecordResult};
use crate::inspection::types::{AssignmentRow, InspectorTarget};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
fn AssignmentsTable(rows: Vec<AssignmentRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{t(k::INSP_NO_ASSIGNMENTS)}</p> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.campaign.clone()}</td>
                    <td><a href=format!("/inspector/targets/{}", r.target_id)>{r.org_name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{crate::domain::seeded::shown(&r.district)}</td>
                    <td>{r.period_to.clone()}</td>
                    <td>{label("status", &r.status)}{r.confirmed_by_me.then_some(" ✓")}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="assignments-table">
                <caption class="visually-hidden">{t(k::INSP_MY_TARGETS)}</caption>
                <thead><tr>
                    <th scope="col">{t(k::INSP_CAMPAIGN)}</th>
                    <th scope="col">{t(k::FIELD_NAME)}</th>
                    <th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                    <th scope="col">{t(k::FIELD_DISTRICT)}</th>
                    <th scope="col">{t(k::INSP_PERIOD_TO)}</th>
                    <th scope="col">{t(k::INSP_STATUS)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// An inspector's assignments.
#[component]
pub fn InspectorHomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_my_assignments());
    view! {
        <h1 class="page-title">{t(k::INSP_MY_TARGETS)}</h1>
        <p class="hint">{t(k::INSP_MY_TARGETS_HINT)}</p>
        {loaded(data, |rows| view! { <AssignmentsTable rows=rows /> })}
    }
}

#[component]
fn ResultForm(d: InspectorTarget, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<RecordResult>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("insp_result", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let tv = d.target.clone();
    let named = super::answers::checklist_labels(&d.items);
    let outcomes = std::iter::once((String::new(), t(k::SELECT_PLACEHOLDER).to_string()))
        .chain(crate::domain::inspection::OUTCOMES.iter().map(|o| (o.to_string(), label("outcome", o))))
        .collect::<Vec<_>>();
    view! {
        <section class="card">
            <h2>{t(k::INSP_RECORD_RESULT)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="result-form">
                <ErrorSummary state=state labels=vec![
                    ("items", k::INSP_ANSWERS),
                    ("outcome", k::INSP_OUTCOME),
                    ("findings", k::INSP_FINDINGS),
                    ("inspected_on", k::INSP_INSPECTED_ON),
                ] named=named />
                <input type="hidden" name="id" value=tv.id />
                <input type="hidden" name="input[version]" value=tv.version />
                <ChecklistFields state=state items=d.items.clone() current=tv.answers.clone() />
                <div class="form-grid">
                    <Select state=state name="input[outcome]" error_name="outcome" label=k::INSP_OUTCOME options=outcomes required=true initial=tv.outcome.clone().unwrap_or_default() />
                    <Field state=state name="input[inspected_on]" error_name="inspected_on" label=k::INSP_INSPECTED_ON hint=k::RATE_HINT_DATE required=true kind="date" initial=tv.inspected_on.clone().unwrap_or_default() />
                </div>
                {if d.departments.is_empty() {
                    view! { <TextArea state=state name="input[findings]" error_name="findings" label=k::INSP_FINDINGS hint=k::INSP_FINDINGS_HINT initial=tv.findings.clone() /> }.into_any()
                } else {
                    view! { <crate::inspection::joint::pages::JointFindingsFields state=state departments=d.departments.clone() current=tv.findings_by_department.clone() /> }.into_any()
                }}
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="result-submit">{t(k::INSP_SAVE_RESULT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ConfirmForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    view! {
        <section class="card">
            <p>{t(k::INSP_CONFIRM_HINT)}</p>
            {button_form!(ConfirmResult, "insp_confirm", "confirm-form", "confirm-submit", t(k::INSP_CONFIRM), on_done, {
                <input type="hidden" name="id" value=id />
            })}
        </section>
    }
}

/// One target: its details, the result form, attachments and confirmation.
#[component]
pub fn TargetPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_inspector_target);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/inspector">{t(k::INSP_MY_TARGETS)}</a></p>
        {loaded(data, move |d: InspectorTarget| {
            let tv = d.target.clone();
            let editable = tv.status == "pending" || tv.status == "recorded";
            let team = tv
                .inspectors
                .iter()
                .map(|a| {
                    let state = if a.confirmed { t(k::INSP_CONFIRMED) } else { t(k::INSP_NOT_CONFIRMED) };
                    let unit = if a.department.is_empty() { a.unit.clone() } else { a.department.clone() };
                    view! { <li>{a.name.clone()}"（"{unit}"）· "{state}</li> }
                })
                .collect_view();
            let files = tv
                .attachments
                .iter()
                .map(|a| view! {
                    <li><a href=format!("/files/inspection/{}", a.id) rel="external">{a.file_name.clone()}</a>" ("{a.size}" B)"</li>
                })
                .collect_view();
            view! {
                <PageHead title=tv.org_name.clone() badge={view! { <span class="badge" id="target-status">{label("status", &tv.status)}</span> }.into_any()} />
                <dl class="kv">
                    <dt>{t(k::INSP_CAMPAIGN)}</dt><dd>{d.campaign.name.clone()}</dd>
                    <dt>{t(k::INSP_PERIOD)}</dt><dd>{d.campaign.period_from.clone()}" – "{d.campaign.period_to.clone()}</dd>
                    <dt>{t(k::FIELD_CREDIT_CODE)}</dt><dd class="mono">{tv.credit_code.clone()}</dd>
                    <dt>{t(k::INSP_ADDRESS)}</dt><dd>{tv.address.clone()}"（"{crate::domain::seeded::shown(&tv.district)}"）"</dd>
                    <dt>{t(k::INSP_CONTACT)}</dt><dd>{tv.contact.clone()}</dd>
                    <dt>{t(k::INSP_TEAM)}</dt><dd><ul class="plain" id="team">{team}</ul></dd>
                    {tv.outcome.clone().map(|o| view! { <dt>{t(k::INSP_OUTCOME)}</dt><dd id="outcome">{label("outcome", &o)}</dd> })}
                    {tv.publish_due.clone().map(|p| view! { <dt>{t(k::INSP_PUBLISH_DUE)}</dt><dd>{p}</dd> })}
                </dl>
                {(!editable && !tv.answers.is_empty()).then(|| view! {
                    <section class="card" id="answers">
                        <h2>{t(k::INSP_ANSWERS)}</h2>
                        <AnswersSummary answers=tv.answers.clone() full=true />
                    </section>
                })}
                {editable.then(|| view! { <ResultForm d=d.clone() on_done=refresh /> })}
                {(tv.status == "recorded" && !d.confirmed_by_me).then(|| view! { <ConfirmForm id=tv.id on_done=refresh /> })}
                <h2>{t(k::INSP_ATTACHMENTS)}</h2>
                {if tv.attachments.is_empty() {
                    view! { <p class="empty">{t(k::INSP_NO_ATTACHMENTS)}</p> }.into_any()
                } else {
                    view! { <ul id="attachments">{files}</ul> }.into_any()
                }}
                {editable.then(|| view! {
                    <form class="form card" method="post" action=format!("/inspector/targets/{}/attachments", tv.id) enctype="multipart/form-data" id="attach-form">
                        <div class="field">
                            <label for="f-file">{t(k::INSP_ATTACH_FILE)}</label>
                            <p class="hint" id="f-file-hint">{t(k::INSP_ATTACH_HINT)}</p>
                            <input id="f-file" type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="f-file-hint" />
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-secondary" id="attach-submit">{t(k::INSP_ATTACH)}</button>
                        </div>
                    </form>
                })}
            }
        })}
        <crate::party::pages::SyncPanel step="inspection" ref_id=Signal::derive(id) />
    }
}
