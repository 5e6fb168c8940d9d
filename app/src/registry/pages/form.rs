use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{loaded, sector_options, LoadError};
use crate::domain::org_type::OrgType;
use crate::i18n::{k, lookup, t, use_lang, Key};
use crate::registry::api::{get_choices, get_org_detail, ChangeOrg, RegisterOrg};
use crate::registry::validate::credit_code_error;
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};

fn org_labels() -> Vec<(&'static str, Key)> {
    vec![
        ("org_type", k::FIELD_ORG_TYPE),
        ("name", k::FIELD_NAME),
        ("credit_code", k::FIELD_CREDIT_CODE),
        ("domicile", k::FIELD_DOMICILE),
        ("district", k::FIELD_DISTRICT),
        ("legal_rep", k::FIELD_LEGAL_REP),
        ("capital", k::FIELD_CAPITAL),
        ("supervisory_unit", k::FIELD_SUPERVISORY_UNIT),
        ("business_scope", k::FIELD_BUSINESS_SCOPE),
        ("contact_person", k::FIELD_CONTACT_PERSON),
        ("contact_phone", k::FIELD_CONTACT_PHONE),
        ("contact_email", k::FIELD_CONTACT_EMAIL),
        ("registration_date", k::FIELD_REGISTRATION_DATE),
        ("change_date", k::FIELD_CHANGE_DATE),
        ("note", k::FIELD_NOTE),
        ("trade_sector", k::FIELD_TRADE_SECTOR),
    ]
}

#[component]
pub fn NewOrgPage() -> impl IntoView {
    let action = ServerAction::<RegisterOrg>::new();
    let choices = Resource::new(|| (), |_| get_choices());
    let unit_names = crate::units::pages::unit_names();
    let lang = use_lang();
    view! {
        <crate::units::pages::UnitNames names=unit_names />
        <h1 class="page-title">{t(k::REGISTER_TITLE)}</h1>
        <p class="muted">{t(k::REGISTER_INTRO)}</p>
        <Suspense fallback=move || view! { <p class="muted">{t(k::LOADING)}</p> }>
            {move || choices.get().map(|c| match c {
                Err(e) => view! { <LoadError error=e /> }.into_any(),
                Ok(c) => {
                    let state = FormState::new("register_org", Signal::derive(move || action.value().get().and_then(|r| r.err())));
                    let org_type = RwSignal::new(state.value("org_type", ""));
                    let code = RwSignal::new(state.value("credit_code", ""));
                    let live = Signal::derive(move || {
                        let c = code.get();
                        (!c.trim().is_empty()).then(|| credit_code_error(&c, &org_type.get())).flatten().map(|key| lookup(lang, key))
                    });
                    let mut types = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
                    types.extend(OrgType::ALL.into_iter().map(|ty| (ty.as_str().to_string(), lookup(lang, ty.label_key()))));
                    let mut districts = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
                    districts.extend(c.districts.into_iter().map(|d| (d.clone(), crate::domain::seeded::shown(&d))));
                    view! {
                        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="register-form">
                            <ErrorSummary state=state labels=org_labels() />
                            <fieldset>
                                <legend>{t(k::SECTION_BASIC)}</legend>
                                <div class="form-grid">
                                    <Select state=state name="input[org_type]" error_name="org_type" label=k::FIELD_ORG_TYPE options=types required=true on_change=Callback::new(move |v| org_type.set(v)) />
                                    <Field state=state name="input[name]" error_name="name" label=k::FIELD_NAME hint=k::HINT_NAME required=true />
                                    <Field state=state name="input[credit_code]" error_name="credit_code" label=k::FIELD_CREDIT_CODE hint=k::HINT_CREDIT_CODE required=true live_error=live on_input=Callback::new(move |v| code.set(v)) />
                                    <Field state=state name="input[registration_date]" error_name="registration_date" label=k::FIELD_REGISTRATION_DATE kind="date" required=true />
                                    <Field state=state name="input[legal_rep]" error_name="legal_rep" label=k::FIELD_LEGAL_REP required=true />
                                    <Field state=state name="input[capital]" error_name="capital" label=k::FIELD_CAPITAL hint=k::HINT_CAPITAL required=true />
                                    <Field state=state name="input[supervisory_unit]" error_name="supervisory_unit" label=k::FIELD_SUPERVISORY_UNIT hint=k::HINT_SUPERVISORY_UNIT list=crate::units::pages::UNIT_NAMES_LIST />
                                    <Select state=state name="input[district]" error_name="district" label=k::FIELD_DISTRICT options=districts required=true />
                                </div>
                                <Field state=state name="input[domicile]" error_name="domicile" label=k::FIELD_DOMICILE required=true />
                                <TextArea state=state name="input[business_scope]" error_name="business_scope" label=k::FIELD_BUSINESS_SCOPE required=true />
                                <Select state=state name="input[trade_sector]" error_name="trade_sector" label=k::FIELD_TRADE_SECTOR options=sector_options(lang) />
                            </fieldset>
                            <fieldset>
                                <legend>{t(k::SECTION_CONTACT)}</legend>
                                <p class="hint">{t(k::HINT_CONTACT_PRIVATE)}</p>
                                <div class="form-grid">
                                    <Field state=state name="input[contact_person]" error_name="contact_person" label=k::FIELD_CONTACT_PERSON required=true />
                                    <Field state=state name="input[contact_phone]" error_name="contact_phone" label=k::FIELD_CONTACT_PHONE kind="tel" required=true />
                                    <Field state=state name="input[contact_email]" error_name="contact_email" label=k::FIELD_CONTACT_EMAIL kind="email" required=true />
                                </div>
                            </fieldset>
                            <div class="form-actions">
                                <button type="submit" class="btn btn-primary" id="register-submit">{t(k::REGISTER_SUBMIT)}</button>
                                <a class="btn btn-secondary" href="/officer/orgs">{t(k::CANCEL)}</a>
                            </div>
                        </ActionForm>
                    }
                    .into_any()
                }
            })}
        </Suspense>
    }
}

#[component]
pub fn ChangeOrgPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_org_detail);
    let action = ServerAction::<ChangeOrg>::new();
    let unit_names = crate::units::pages::unit_names();
    view! {
        <crate::units::pages::UnitNames names=unit_names />
        {loaded(data, move |d| {
                    let o = d.public;
                    let state = FormState::new("change_org", Signal::derive(move || action.value().get().and_then(|r| r.err())));
                    let back = format!("/officer/orgs/{}", o.id);
                    let sectors = sector_options(crate::i18n::use_lang());
                    view! {
                        <h1 class="page-title">{t(k::CHANGE_TITLE)}": "{o.name.clone()}</h1>
                        <p class="muted">{t(k::CHANGE_INTRO)}</p>
                        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="change-form">
                            <ErrorSummary state=state labels=org_labels() />
                            <input type="hidden" name="id" value=o.id />
                            <div class="form-grid">
                                <Field state=state name="input[name]" error_name="name" label=k::FIELD_NAME required=true initial=o.name.clone() />
                                <Field state=state name="input[legal_rep]" error_name="legal_rep" label=k::FIELD_LEGAL_REP required=true initial=o.legal_rep.clone() />
                                <Field state=state name="input[capital]" error_name="capital" label=k::FIELD_CAPITAL hint=k::HINT_CAPITAL required=true initial=o.capital.clone() />
                                <Field state=state name="input[supervisory_unit]" error_name="supervisory_unit" label=k::FIELD_SUPERVISORY_UNIT hint=k::HINT_SUPERVISORY_UNIT initial=o.supervisory_unit.clone().unwrap_or_default() list=crate::units::pages::UNIT_NAMES_LIST />
                                <Field state=state name="input[change_date]" error_name="change_date" label=k::FIELD_CHANGE_DATE kind="date" required=true />
                            </div>
                            <Field state=state name="input[domicile]" error_name="domicile" label=k::FIELD_DOMICILE required=true initial=o.domicile.clone() />
                            <TextArea state=state name="input[business_scope]" error_name="business_scope" label=k::FIELD_BUSINESS_SCOPE required=true initial=o.business_scope.clone() />
                            <Select state=state name="input[trade_sector]" error_name="trade_sector" label=k::FIELD_TRADE_SECTOR options=sectors initial=o.trade_sector.clone().unwrap_or_default() />
                            <TextArea state=state name="input[note]" error_name="note" label=k::FIELD_NOTE />
                            <div class="form-actions">
                                <button type="submit" class="btn btn-primary" id="change-submit">{t(k::CHANGE_SUBMIT)}</button>
                                <a class="btn btn-secondary" href=back>{t(k::CANCEL)}</a>
                            </div>
                        </ActionForm>
                    }
                    .into_any()
                })}
    }
}
