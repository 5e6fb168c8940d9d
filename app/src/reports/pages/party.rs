//! The report's party-building section (党建情况): its fields in the form and
//! as filed. Every field is shown whatever the kind chosen (the hints say
//! which apply), so the form needs no script.

use leptos::prelude::*;

use super::form_value;
use crate::i18n::{k, lookup, t, use_lang, Key};
use crate::reports::types::ReportForm;
use crate::ui::form::{Field, FormState, Select, TextArea};

/// The section's fields and labels, for error summaries and findings.
pub(crate) const PARTY_LABELS: [(&str, Key); 7] = [
    ("party_kind", k::RPT_PARTY_KIND),
    ("party_members", k::RPT_PARTY_MEMBERS),
    ("party_activities", k::RPT_PARTY_ACTIVITIES),
    ("party_charter", k::RPT_PARTY_CHARTER),
    ("party_board", k::RPT_PARTY_BOARD),
    ("party_none_reason", k::RPT_PARTY_NONE_REASON),
    ("party_instructor", k::RPT_PARTY_INSTRUCTOR),
];

fn yes_no() -> Vec<(String, String)> {
    vec![
        (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
        ("yes".to_string(), t(k::RPT_YES).to_string()),
        ("no".to_string(), t(k::RPT_NO).to_string()),
    ]
}

/// The section in the report form. `required`: a report of a year that asks
/// for it; `prefilled`: the values come from the party record, not yet saved.
#[component]
pub fn PartyFields(state: FormState, form: ReportForm, required: bool, prefilled: bool) -> impl IntoView {
    let value = move |field: &str| form_value(&form, field);
    let mut kinds = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    for kind in crate::domain::party::Kind::ALL {
        kinds.push((kind.as_str().to_string(), lookup(use_lang(), &format!("party_kind_{}", kind.as_str()))));
    }
    view! {
        <fieldset id="report-party">
            <legend>{t(k::RPT_SECTION_PARTY)}</legend>
            <p class="hint">{t(k::RPT_PARTY_HINT)}</p>
            {prefilled.then(|| view! { <p class="hint" id="party-prefilled">{t(k::RPT_PARTY_PREFILLED)}</p> })}
            <div class="form-grid">
                <Select state=state name="input[form][party_kind]" error_name="party_kind" label=k::RPT_PARTY_KIND options=kinds required=required initial=value("party_kind") />
                <Field state=state name="input[form][party_members]" error_name="party_members" label=k::RPT_PARTY_MEMBERS hint=k::RPT_PARTY_MEMBERS_HINT required=required initial=value("party_members") kind="number" />
                <Field state=state name="input[form][party_activities]" error_name="party_activities" label=k::RPT_PARTY_ACTIVITIES hint=k::RPT_PARTY_ACTIVITIES_HINT required=required initial=value("party_activities") kind="number" />
                <Select state=state name="input[form][party_charter]" error_name="party_charter" label=k::RPT_PARTY_CHARTER options=yes_no() required=required initial=value("party_charter") />
            </div>
            <p class="hint">{t(k::RPT_PARTY_ORGANIZED_HINT)}</p>
            <div class="form-grid">
                <Select state=state name="input[form][party_board]" error_name="party_board" label=k::RPT_PARTY_BOARD options=yes_no() initial=value("party_board") />
            </div>
            <p class="hint">{t(k::RPT_PARTY_NONE_HINT)}</p>
            <TextArea state=state name="input[form][party_none_reason]" error_name="party_none_reason" label=k::RPT_PARTY_NONE_REASON initial=value("party_none_reason") />
            <div class="form-grid">
                <Select state=state name="input[form][party_instructor]" error_name="party_instructor" label=k::RPT_PARTY_INSTRUCTOR options=yes_no() initial=value("party_instructor") />
            </div>
        </fieldset>
    }
}

fn yes_no_label(v: &str) -> String {
    match v {
        "yes" => t(k::RPT_YES).to_string(),
        "no" => t(k::RPT_NO).to_string(),
        _ => String::new(),
    }
}

/// The section as filed; a report without it says so.
#[component]
pub fn PartySection(form: ReportForm) -> impl IntoView {
    let body = if crate::domain::annual_report::party_section_blank(&form) {
        view! { <p class="muted" id="report-party-none">{t(k::RPT_PARTY_NOT_FILED)}</p> }.into_any()
    } else {
        let kind = crate::domain::party::Kind::parse(form.party_kind.trim());
        let organized = kind.is_some_and(crate::domain::party::Kind::organized);
        let kind_label = crate::party::pages::kind_label(kind.map(|k| k.as_str()));
        view! {
            <dl class="facts" id="report-party-facts">
                <div><dt>{t(k::RPT_PARTY_KIND)}</dt><dd id="report-party-kind">{kind_label}</dd></div>
                <div><dt>{t(k::RPT_PARTY_MEMBERS)}</dt><dd id="report-party-members">{form.party_members.clone()}</dd></div>
                <div><dt>{t(k::RPT_PARTY_ACTIVITIES)}</dt><dd id="report-party-activities">{form.party_activities.clone()}</dd></div>
                <div><dt>{t(k::RPT_PARTY_CHARTER)}</dt><dd>{yes_no_label(form.party_charter.trim())}</dd></div>
                {if organized {
                    view! { <div><dt>{t(k::RPT_PARTY_BOARD)}</dt><dd>{yes_no_label(form.party_board.trim())}</dd></div> }.into_any()
                } else {
                    view! {
                        <div><dt>{t(k::RPT_PARTY_NONE_REASON)}</dt><dd class="pre">{form.party_none_reason.clone()}</dd></div>
                        <div><dt>{t(k::RPT_PARTY_INSTRUCTOR)}</dt><dd>{yes_no_label(form.party_instructor.trim())}</dd></div>
                    }
                    .into_any()
                }}
            </dl>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="rpt-party">
            <h2 id="rpt-party">{t(k::RPT_SECTION_PARTY)}</h2>
            {body}
        </section>
    }
}
