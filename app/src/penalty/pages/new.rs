//! The form that opens a case (立案登记): from an officer, or from the
//! inspection result or zombie case named in the address
//! (`?source=zombie&source_id=3`); `?code=` fills in an organization's
//! credit code.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use super::violations;
use crate::i18n::{k, t};
use crate::penalty::api::{get_case_source, OpenCase};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
pub fn NewCasePage() -> impl IntoView {
    let query = use_query_map();
    let source = move || {
        query.with(|q| {
            (q.get("source").unwrap_or_default(), q.get("source_id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
        })
    };
    let code = move || query.with(|q| q.get("code").unwrap_or_default());
    let from = Resource::new(source, |(s, id)| get_case_source(s, id));
    let action = ServerAction::<OpenCase>::new();
    view! {
        <p class="breadcrumbs"><a href="/officer/cases">{t(k::PEN_TITLE)}</a></p>
        <PageHead title=t(k::PEN_NEW) />
        <p class="muted">{t(k::PEN_NEW_INTRO)}</p>
        {loaded(from, move |src| {
            let state = FormState::new("open_case", Signal::derive(move || action.value().get().and_then(|r| r.err())));
            let (source, source_id) = source();
            let source_id_text = if source_id > 0 { source_id.to_string() } else { String::new() };
            let kinds = vec![
                ("organization".to_string(), t(k::PEN_PARTY_ORGANIZATION).to_string()),
                ("person".to_string(), t(k::PEN_PARTY_PERSON).to_string()),
            ];
            let mut rows = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
            rows.extend(
                violations::table()
                    .iter()
                    .map(|v| (v.code.clone(), format!("{}{} — {}", v.regulation, v.article, v.description))),
            );
            let code = src.as_ref().map(|s| s.credit_code.clone()).unwrap_or_else(code);
            let labels = vec![
                ("party_kind", k::PEN_PARTY_KIND),
                ("credit_code", k::FIELD_CREDIT_CODE),
                ("party_name", k::PEN_PERSON_NAME),
                ("violation_code", k::PEN_VIOLATION),
                ("facts", k::PEN_FACTS),
                ("discovered_on", k::PEN_DISCOVERED_ON),
                ("violation_ended_on", k::PEN_ENDED_ON),
                ("day", k::PEN_REGISTERED_ON),
                ("source", k::PEN_SOURCE),
                ("source_id", k::PEN_SOURCE),
            ];
            view! {
                {src.clone().map(|s| view! {
                    <p class="card" id="case-source">
                        {crate::i18n::tf(k::PEN_FROM_SOURCE, &[("source", super::label("source", &s.source)), ("id", s.source_id.to_string())])}
                        " "<strong>{s.org_name.clone()}</strong>" "<span class="mono">{s.credit_code.clone()}</span>
                    </p>
                })}
                <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="case-form">
                    <ErrorSummary state=state labels=labels />
                    <input type="hidden" name="input[source]" value=source.clone() />
                    <input type="hidden" name="input[source_id]" value=source_id_text />
                    <div class="form-grid">
                        <Select state=state name="input[party_kind]" error_name="party_kind" label=k::PEN_PARTY_KIND options=kinds required=true initial="organization" />
                        <Field state=state name="input[credit_code]" error_name="credit_code" label=k::FIELD_CREDIT_CODE hint=k::PEN_CREDIT_CODE_HINT initial=code />
                        <Field state=state name="input[party_name]" error_name="party_name" label=k::PEN_PERSON_NAME hint=k::PEN_PERSON_NAME_HINT />
                        <Select state=state name="input[violation_code]" error_name="violation_code" label=k::PEN_VIOLATION options=rows required=true />
                        <Field state=state name="input[discovered_on]" error_name="discovered_on" label=k::PEN_DISCOVERED_ON kind="date" />
                        <Field state=state name="input[violation_ended_on]" error_name="violation_ended_on" label=k::PEN_ENDED_ON hint=k::PEN_ENDED_ON_HINT kind="date" />
                        <Field state=state name="input[day]" error_name="day" label=k::PEN_REGISTERED_ON hint=k::PEN_DAY_HINT kind="date" />
                    </div>
                    <TextArea state=state name="input[facts]" error_name="facts" label=k::PEN_FACTS hint=k::PEN_FACTS_HINT required=true />
                    <div class="form-actions">
                        <button type="submit" class="btn btn-primary" id="case-submit">{t(k::PEN_OPEN_SUBMIT)}</button>
                    </div>
                </ActionForm>
            }
            .into_any()
        })}
    }
}
