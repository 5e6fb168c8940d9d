//! Public pages: the report form (a plain multipart form, with or without
//! JavaScript), the receipt shown once, and the status enquiry.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::{label, subject_options, StatusBadge};
use crate::complaints::api::{get_form_stamp, get_granted, CheckStatus};
use crate::complaints::types::{StatusView, MAX_FILES};
use crate::i18n::{k, t, tf};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

/// The report form: anyone, no account. The hidden start stamp and the
/// field nobody sees keep robots out; the server limits reports per client.
#[component]
pub fn ReportPage() -> impl IntoView {
    let stamp = Resource::new(|| (), |_| get_form_stamp());
    view! {
        <PageHead title=t(k::CPL_REPORT_TITLE)>
            <a class="btn btn-secondary" href="/public/report/status">{t(k::CPL_STATUS_TITLE)}</a>
        </PageHead>
        {loaded(stamp, move |s| {
            let state = FormState::new("cpl_report", Signal::derive(|| None));
            let files_id = state.id("files");
            let files_error = state.field_error("files");
            view! {
                <p class="hint">{tf(k::CPL_REPORT_INTRO, &[("days", s.reply_days.to_string())])}</p>
                <form method="post" action="/public/report/submit" enctype="multipart/form-data" class="form" novalidate=true id="report-form">
                    <ErrorSummary state=state labels=vec![("subject_kind", k::CPL_SUBJECT_KIND), ("subject", k::CPL_SUBJECT), ("what", k::CPL_WHAT), ("place", k::CPL_PLACE), ("happened_on", k::CPL_HAPPENED_ON), ("name", k::CPL_NAME), ("phone", k::CPL_PHONE), ("email", k::CPL_EMAIL), ("files", k::CPL_FILES)] />
                    <input type="hidden" name="started" value=s.started.clone() />
                    <div class="form-grid">
                        <Select state=state name="subject_kind" error_name="subject_kind" label=k::CPL_SUBJECT_KIND options=subject_options() required=true />
                        <Field state=state name="subject" error_name="subject" label=k::CPL_SUBJECT hint=k::CPL_SUBJECT_HINT required=true />
                    </div>
                    <TextArea state=state name="what" error_name="what" label=k::CPL_WHAT hint=k::CPL_WHAT_HINT required=true />
                    <div class="form-grid">
                        <Field state=state name="place" error_name="place" label=k::CPL_PLACE required=true />
                        <Field state=state name="happened_on" error_name="happened_on" label=k::CPL_HAPPENED_ON hint=k::CPL_HAPPENED_ON_HINT kind="date" />
                    </div>
                    <fieldset class="report-contact">
                        <legend>{t(k::CPL_CONTACT)}</legend>
                        <p class="hint">{t(k::CPL_CONTACT_HINT)}</p>
                        <div class="form-grid">
                            <Field state=state name="name" error_name="name" label=k::CPL_NAME autocomplete="name" />
                            <Field state=state name="phone" error_name="phone" label=k::CPL_PHONE kind="tel" autocomplete="tel" />
                            <Field state=state name="email" error_name="email" label=k::CPL_EMAIL kind="email" autocomplete="email" />
                        </div>
                    </fieldset>
                    <div class="field">
                        <label for=files_id.clone()>{t(k::CPL_FILES)}</label>
                        <p class="hint" id="f-files-hint">{tf(k::CPL_FILES_HINT, &[("n", MAX_FILES.to_string()), ("mb", s.max_file_mb.to_string())])}</p>
                        <input id=files_id type="file" name="files" multiple=true accept="application/pdf,image/png,image/jpeg" aria-describedby="f-files-hint" aria-invalid=files_error.is_some().then_some("true") />
                        {files_error.map(|e| view! { <p class="field-error" id="f-files-error">{e}</p> })}
                    </div>
                    <div class="hp-field" aria-hidden="true">
                        <label for="f-website">{t(k::CPL_HONEYPOT)}</label>
                        <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" value="" />
                    </div>
                    <p class="hint">{t(k::CPL_PRIVACY)}</p>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" id="report-submit">{t(k::CPL_SUBMIT)}</button>
                    </div>
                </form>
            }
        })}
    }
}

/// The receipt, shown once after the report was received: the tracking
/// number and the one-time code (never stored in the clear, never shown
/// again), and the reply's due date.
#[component]
pub fn ReceivedPage() -> impl IntoView {
    let receipt = crate::flash::form_flash("cpl_receipt").map(|f| f.values);
    view! {
        <PageHead title=t(k::CPL_RECEIVED_TITLE) />
        {match receipt {
            Some(v) => {
                let get = |key: &str| v.get(key).cloned().unwrap_or_default();
                view! {
                    <section class="card receipt" aria-labelledby="receipt-title" id="receipt">
                        <h2 id="receipt-title">{t(k::CPL_RECEIPT)}</h2>
                        <dl class="kv">
                            <dt>{t(k::CPL_NUMBER)}</dt><dd class="mono" id="receipt-number">{get("number")}</dd>
                            <dt>{t(k::CPL_CODE)}</dt><dd class="mono receipt-code" id="receipt-code">{get("code")}</dd>
                            <dt>{t(k::CPL_DUE_ON)}</dt><dd id="receipt-due">{get("due_on")}</dd>
                        </dl>
                        <p class="flash flash-info" role="note">{t(k::CPL_CODE_ONCE)}</p>
                        <p><a class="btn btn-secondary" href="/public/report/status">{t(k::CPL_STATUS_TITLE)}</a></p>
                    </section>
                }
                .into_any()
            }
            None => view! {
                <p id="receipt-none">{t(k::CPL_RECEIPT_NONE)}</p>
                <p><a class="btn btn-secondary" href="/public/report/status">{t(k::CPL_STATUS_TITLE)}</a></p>
            }
            .into_any(),
        }}
    }
}

/// What the reporter sees of a complaint.
#[component]
fn StatusCard(v: StatusView) -> impl IntoView {
    view! {
        <section class="card" aria-labelledby="status-result-title" id="status-result">
            <h2 id="status-result-title">{tf(k::CPL_STATUS_OF, &[("number", v.number.clone())])}</h2>
            <dl class="kv">
                <dt>{t(k::CPL_SUBJECT)}</dt><dd>{label("subject", &v.subject_kind)}" · "{v.subject_name.clone()}</dd>
                <dt>{t(k::CPL_RECEIVED_ON)}</dt><dd>{v.received_on.clone()}</dd>
                <dt>{t(k::CPL_STATUS)}</dt><dd id="status-value"><StatusBadge status=v.status.clone() /></dd>
                <dt>{t(k::CPL_DUE_ON)}</dt><dd>{v.due_on.clone()}</dd>
                {v.outcome.clone().map(|o| view! { <dt>{t(k::CPL_OUTCOME)}</dt><dd id="status-outcome">{label("outcome", &o)}</dd> })}
            </dl>
            <h3>{t(k::CPL_REPLY)}</h3>
            {match v.reply.clone() {
                Some(r) => view! {
                    <p class="muted">{v.replied_on.clone().unwrap_or_default()}</p>
                    <p class="pre-line" id="status-reply">{r}</p>
                }
                .into_any(),
                None => view! { <p id="status-reply">{t(k::CPL_NOT_REPLIED)}</p> }.into_any(),
            }}
        </section>
    }
}

/// The status enquiry: tracking number and code. The answer shows at once
/// with JavaScript, and after the redirect without it (for ten minutes).
#[component]
pub fn StatusPage() -> impl IntoView {
    let action = ServerAction::<CheckStatus>::new();
    let granted = Resource::new(|| (), |_| get_granted());
    let query = use_query_map();
    let number = query.with_untracked(|q| q.get("number")).unwrap_or_default();
    let state = FormState::new("cpl_status", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <PageHead title=t(k::CPL_STATUS_TITLE)>
            <a class="btn btn-secondary" href="/public/report">{t(k::CPL_REPORT_TITLE)}</a>
        </PageHead>
        <p class="hint">{t(k::CPL_STATUS_INTRO)}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="status-form">
            <ErrorSummary state=state labels=vec![("number", k::CPL_NUMBER), ("code", k::CPL_CODE)] />
            <div class="form-grid">
                <Field state=state name="input[number]" error_name="number" label=k::CPL_NUMBER hint=k::CPL_NUMBER_HINT required=true initial=number />
                <Field state=state name="input[code]" error_name="code" label=k::CPL_CODE hint=k::CPL_CODE_HINT required=true autocomplete="off" />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="status-submit">{t(k::CPL_CHECK)}</button>
            </div>
        </ActionForm>
        <Suspense fallback=|| ()>
            {move || {
                let shown = action.value().get().and_then(|r| r.ok());
                let v = shown.or_else(|| granted.get().and_then(|r| r.ok()).flatten());
                v.map(|v| view! { <StatusCard v=v /> })
            }}
        </Suspense>
    }
}
