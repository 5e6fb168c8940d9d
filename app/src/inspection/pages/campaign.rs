//! Officers' campaigns: the list, the plan form, and one campaign through
//! freeze, draw, delivery of the lists and publication of the results.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{label, DrawRecord, PlanFacts, StrataTable, TargetsTable};
use crate::domain::org_type::OrgType;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::inspection::api::{
    get_campaign, get_campaigns, CreateCampaign, DrawCampaign, FreezeCampaign, PublishResults, ResendList,
};
use crate::inspection::joint::api::get_campaign_form_data;
use crate::inspection::joint::pages::JointDepartments;
use crate::inspection::joint::CampaignFormData;
use crate::inspection::types::{CampaignRow, CampaignView, MailStatusView};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
pub(super) fn CampaignsTable(rows: Vec<CampaignRow>, public: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{t(k::INSP_NO_CAMPAIGNS)}</p> }.into_any();
    }
    let base = if public { "/public/inspections" } else { "/officer/inspections" };
    let body = rows
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("{base}/{}", r.id)>{r.name.clone()}</a></td>
                    <td>{r.year}</td>
                    <td>{label("kind", &r.kind)}</td>
                    <td>{label("campaign", &r.status)}</td>
                    <td>{r.period_from.clone()}" – "{r.period_to.clone()}</td>
                    <td class="num">{r.population_size.map(|n| n.to_string()).unwrap_or_default()}</td>
                    <td class="num">{r.targets}</td>
                    <td class="num">{r.published}</td>
                    <td class="num">{(r.late > 0).then(|| view! { <span class="badge badge-revoked">{r.late}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="campaigns-table">
                <caption class="visually-hidden">{t(k::INSP_CAMPAIGNS)}</caption>
                <thead><tr>
                    <th scope="col">{t(k::INSP_NAME)}</th>
                    <th scope="col">{t(k::INSP_YEAR)}</th>
                    <th scope="col">{t(k::INSP_KIND)}</th>
                    <th scope="col">{t(k::INSP_STATUS)}</th>
                    <th scope="col">{t(k::INSP_PERIOD)}</th>
                    <th scope="col">{t(k::INSP_POPULATION_SIZE)}</th>
                    <th scope="col">{t(k::INSP_TARGETS)}</th>
                    <th scope="col">{t(k::INSP_PUBLISHED)}</th>
                    <th scope="col">{t(k::INSP_LATE)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Officers' campaigns.
#[component]
pub fn CampaignsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_campaigns());
    view! {
        <PageHead title=t(k::INSP_TITLE)>
            <a class="btn btn-primary" href="/officer/inspections/new" id="new-campaign">{t(k::INSP_NEW_CAMPAIGN)}</a>
            <a class="btn btn-secondary" href="/officer/inspectors">{t(k::INSP_DIRECTORY)}</a>
            <a class="btn btn-secondary" href="/officer/departments" id="departments-link">{t(k::JOINT_DEPTS)}</a>
            <a class="btn btn-secondary" href="/public/inspections">{t(k::INSP_PUBLIC_PAGE)}</a>
        </PageHead>
        <p>{t(k::INSP_INTRO)}</p>
        {loaded(data, |rows| view! { <CampaignsTable rows=rows public=false /> })}
    }
}

fn campaign_labels() -> Vec<(&'static str, crate::i18n::Key)> {
    vec![
        ("name", k::INSP_NAME),
        ("year", k::INSP_YEAR),
        ("kind", k::INSP_KIND),
        ("object_kind", k::INSP_OBJECT_KIND),
        ("filter_type", k::FIELD_ORG_TYPE),
        ("filter_district", k::FIELD_DISTRICT),
        ("filter_credit", k::INSP_FILTER_CREDIT),
        ("filter_rating", k::INSP_FILTER_RATING),
        ("filter_trade", k::FIELD_TRADE_SECTOR),
        ("strata_by", k::INSP_STRATA_BY),
        ("size_mode", k::INSP_SIZE_MODE),
        ("size_value", k::INSP_SIZE_VALUE),
        ("risk_percent", k::INSP_RISK_PERCENT),
        ("per_target", k::INSP_PER_TARGET),
        ("max_per_inspector", k::INSP_MAX_PER_INSPECTOR),
        ("period_from", k::INSP_PERIOD_FROM),
        ("period_to", k::INSP_PERIOD_TO),
        ("items", k::INSP_ITEMS),
        ("beacon_source", k::INSP_BEACON_SOURCE),
        ("population", k::JOINT_POPULATION),
        ("departments", k::JOINT_DEPARTMENTS),
    ]
}

fn options(pairs: &[(&str, String)]) -> Vec<(String, String)> {
    pairs.iter().map(|(v, l)| (v.to_string(), l.clone())).collect()
}

/// The plan form of a new campaign; `?preset=charity` fills in a yearly
/// campaign of recognized charities at the charity share of the settings.
#[component]
pub fn NewCampaignPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_campaign_form_data());
    let query = use_query_map();
    let charity = query.with_untracked(|q| q.get("preset").as_deref() == Some("charity"));
    view! {
        <p class="breadcrumbs"><a href="/officer/inspections">{t(k::INSP_TITLE)}</a></p>
        <h1 class="page-title">{t(k::INSP_NEW_CAMPAIGN)}</h1>
        <p class="hint">{t(k::INSP_NEW_HINT)}</p>
        {loaded(data, move |d| view! { <CampaignForm data=d charity=charity /> })}
    }
}

#[component]
fn CampaignForm(data: CampaignFormData, charity: bool) -> impl IntoView {
    let action = ServerAction::<CreateCampaign>::new();
    let state = FormState::new("insp_campaign", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let lang = use_lang();
    let any = t(k::FILTER_ALL).to_string();
    let kinds = options(&[("regular", label("kind", "regular")), ("special", label("kind", "special"))]);
    let objects = options(&[("org", label("object", "org")), ("outlet", label("object", "outlet"))]);
    let mut types = vec![(String::new(), any.clone())];
    types.extend(OrgType::ALL.iter().map(|ty| (ty.as_str().to_string(), lookup(lang, ty.label_key()))));
    let credit = options(&[
        ("", any.clone()),
        ("clean", label("credit", "clean")),
        ("abnormal", label("credit", "abnormal")),
        ("serious", label("credit", "serious")),
    ]);
    let rating = options(&[
        ("", any.clone()),
        ("rated", label("rating", "rated")),
        ("unrated", label("rating", "unrated")),
        ("3a", label("rating", "3a")),
    ]);
    let en = lang == crate::i18n::Lang::En;
    let trade: Vec<(String, String)> =
        [(String::new(), any.clone()), ("yes".to_string(), t(k::TRADE_FILTER_ALL).to_string())]
            .into_iter()
            .chain(
                crate::domain::trade::SECTORS
                    .iter()
                    .map(|(c, zh, e)| (c.to_string(), format!("{c} {}", if en { e } else { zh }))),
            )
            .collect();
    let strata = options(&[
        ("org_type", label("strata", "org_type")),
        ("district", label("strata", "district")),
        ("none", label("strata", "none")),
    ]);
    let modes = options(&[("percent", label("mode", "percent")), ("count", label("mode", "count"))]);
    let populations = options(&[
        ("", t(k::JOINT_POPULATION_ALL).to_string()),
        ("charity", t(k::JOINT_POPULATION_CHARITY).to_string()),
    ]);
    let percent = data.charity_percent;
    let size_initial = if charity { percent.to_string() } else { "4".to_string() };
    let strata_initial = if charity { "none" } else { "org_type" };
    // After a refused plain-form submission, the ticked boxes come back as JSON.
    let ticked = state.value("departments", "");
    let boxes = data
        .departments
        .iter()
        .map(|d| {
            let id = format!("f-dept-{}", d.id);
            let for_id = id.clone();
            let checked = ticked.contains(&format!("\"d{}\"", d.id));
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=id name=format!("input[departments][d{}]", d.id) value="on" checked=checked />
                    " "{d.name.clone()}" ("{d.inspectors}")"
                </label>
            }
        })
        .collect_view();
    let no_departments = data.departments.is_empty();
    let departments_error = move || state.field_error("departments");
    view! {
        <p class="hint" id="charity-preset">
            <a href="/officer/inspections/new?preset=charity" rel="external">{t(k::JOINT_CHARITY_PRESET)}</a>" "
            {crate::i18n::tf(k::JOINT_CHARITY_PRESET_HINT, &[("n", percent.to_string())])}
        </p>
        <ActionForm action=action attr:class="form card" attr:novalidate=true attr:id="campaign-form">
            <ErrorSummary state=state labels=campaign_labels() />
            <div class="form-grid">
                <Field state=state name="input[name]" error_name="name" label=k::INSP_NAME required=true />
                <Field state=state name="input[year]" error_name="year" label=k::INSP_YEAR required=true kind="number" />
                <Select state=state name="input[kind]" error_name="kind" label=k::INSP_KIND options=kinds required=true initial="regular" />
                <Select state=state name="input[object_kind]" error_name="object_kind" label=k::INSP_OBJECT_KIND options=objects required=true initial="org" />
                <Field state=state name="input[period_from]" error_name="period_from" label=k::INSP_PERIOD_FROM hint=k::RATE_HINT_DATE required=true kind="date" />
                <Field state=state name="input[period_to]" error_name="period_to" label=k::INSP_PERIOD_TO hint=k::RATE_HINT_DATE required=true kind="date" />
            </div>
            <fieldset>
                <legend>{t(k::INSP_POPULATION_FILTERS)}</legend>
                <div class="form-grid">
                    <Select state=state name="input[filter_type]" error_name="filter_type" label=k::FIELD_ORG_TYPE options=types />
                    <Field state=state name="input[filter_district]" error_name="filter_district" label=k::FIELD_DISTRICT hint=k::INSP_DISTRICT_HINT />
                    <Select state=state name="input[filter_credit]" error_name="filter_credit" label=k::INSP_FILTER_CREDIT options=credit />
                    <Select state=state name="input[filter_rating]" error_name="filter_rating" label=k::INSP_FILTER_RATING options=rating />
                    <Select state=state name="input[filter_trade]" error_name="filter_trade" label=k::FIELD_TRADE_SECTOR options=trade />
                    <Select state=state name="input[population]" error_name="population" label=k::JOINT_POPULATION options=populations initial=if charity { "charity" } else { "" } />
                </div>
            </fieldset>
            <fieldset id="f-departments">
                <legend>{t(k::JOINT_DEPARTMENTS)}</legend>
                <p class="hint">{t(k::JOINT_DEPARTMENTS_HINT)}</p>
                {no_departments.then(|| view! { <p class="empty">{t(k::JOINT_NO_DEPTS)}" "<a href="/officer/departments">{t(k::JOINT_DEPTS)}</a></p> })}
                {boxes}
                {move || departments_error().map(|e| view! { <p class="field-error" id="f-departments-error">{e}</p> })}
            </fieldset>
            <fieldset>
                <legend>{t(k::INSP_SAMPLE)}</legend>
                <div class="form-grid">
                    <Select state=state name="input[strata_by]" error_name="strata_by" label=k::INSP_STRATA_BY options=strata required=true initial=strata_initial />
                    <Select state=state name="input[size_mode]" error_name="size_mode" label=k::INSP_SIZE_MODE options=modes required=true initial="percent" />
                    <Field state=state name="input[size_value]" error_name="size_value" label=k::INSP_SIZE_VALUE hint=k::INSP_SIZE_VALUE_HINT required=true kind="number" initial=size_initial />
                    <Field state=state name="input[risk_percent]" error_name="risk_percent" label=k::INSP_RISK_PERCENT hint=k::INSP_RISK_PERCENT_HINT kind="number" initial="0" />
                    <Field state=state name="input[per_target]" error_name="per_target" label=k::INSP_PER_TARGET hint=k::INSP_PER_TARGET_HINT required=true kind="number" initial="2" />
                    <Field state=state name="input[max_per_inspector]" error_name="max_per_inspector" label=k::INSP_MAX_PER_INSPECTOR required=true kind="number" initial="10" />
                </div>
            </fieldset>
            <TextArea state=state name="input[items]" error_name="items" label=k::INSP_ITEMS hint=k::INSP_ITEMS_HINT required=true
                initial=crate::domain::seeded::default_checklist(use_lang()) />
            <Field state=state name="input[beacon_source]" error_name="beacon_source" label=k::INSP_BEACON_SOURCE hint=k::INSP_BEACON_SOURCE_HINT required=true />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="campaign-submit">{t(k::INSP_CREATE)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn FreezeForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    button_form!(FreezeCampaign, "insp_freeze", "freeze-form", "freeze-submit", t(k::INSP_FREEZE), on_done, {
        <input type="hidden" name="id" value=id />
    })
}

#[component]
fn PublishForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    button_form!(PublishResults, "insp_publish", "publish-form", "publish-submit", t(k::INSP_PUBLISH), on_done, {
        <input type="hidden" name="id" value=id />
    })
}

#[component]
fn ResendForm(id: i64, inspector: i64, on_done: Callback<()>) -> impl IntoView {
    button_form!(ResendList, "insp_resend", format!("resend-form-{inspector}"), format!("resend-{inspector}"), t(k::INSP_RESEND), on_done, {
        <input type="hidden" name="id" value=id />
        <input type="hidden" name="inspector" value=inspector />
    })
}

#[component]
fn DrawForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<DrawCampaign>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("insp_draw", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card">
            <h2>{t(k::INSP_DRAW)}</h2>
            <p class="hint">{t(k::INSP_DRAW_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="draw-form">
                <ErrorSummary state=state labels=vec![("beacon_value", k::INSP_BEACON_VALUE)] />
                <input type="hidden" name="id" value=id />
                <Field state=state name="input[beacon_value]" error_name="beacon_value" label=k::INSP_BEACON_VALUE hint=k::INSP_BEACON_VALUE_HINT required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="draw-submit">{t(k::INSP_DRAW)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn MailTable(id: i64, mails: Vec<MailStatusView>, on_done: Callback<()>) -> impl IntoView {
    let rows = mails
        .into_iter()
        .map(|m| {
            let inspector = m.inspector_id;
            view! {
                <tr id=format!("mail-{inspector}")>
                    <td><a href=format!("/officer/inspectors/{inspector}")>{m.name.clone()}</a></td>
                    <td>{m.email.clone()}</td>
                    <td class="num">{m.targets}</td>
                    <td>{label("mail", &m.status)}{(!m.sent_at.is_empty()).then(|| format!(" {}", m.sent_at))}</td>
                    <td class="num">{m.attempts}</td>
                    <td class="small">{m.last_error.clone()}</td>
                    <td class="num">{m.mails}</td>
                    <td><ResendForm id=id inspector=inspector on_done=on_done /></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="mail-table">
                <caption class="visually-hidden">{t(k::INSP_MAILS)}</caption>
                <thead><tr>
                    <th scope="col">{t(k::INSP_INSPECTOR)}</th>
                    <th scope="col">{t(k::INSP_EMAIL)}</th>
                    <th scope="col">{t(k::INSP_TARGETS)}</th>
                    <th scope="col">{t(k::INSP_DELIVERY)}</th>
                    <th scope="col">{t(k::INSP_ATTEMPTS)}</th>
                    <th scope="col">{t(k::INSP_LAST_ERROR)}</th>
                    <th scope="col">{t(k::INSP_MAILS_SENT)}</th>
                    <th scope="col"><span class="visually-hidden">{t(k::INSP_RESEND)}</span></th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One campaign as officers work it.
#[component]
pub fn CampaignPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_campaign);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/inspections">{t(k::INSP_TITLE)}</a></p>
        {loaded(data, move |c: CampaignView| {
            let id = c.id;
            let status = c.status.clone();
            let confirmed = c.targets.iter().filter(|t| t.status == "confirmed").count();
            let late = c.targets.iter().filter(|t| t.late).count();
            view! {
                <PageHead title=c.name.clone() badge={view! { <span class="badge" id="campaign-status">{label("campaign", &c.status)}</span> }.into_any()} />
                <PlanFacts c=c.clone() />
                <JointDepartments departments=c.departments.clone() officer=true />
                <h2>{t(k::INSP_STRATA)}</h2>
                {(status == "draft").then(|| view! { <p class="hint">{t(k::INSP_PREVIEW_HINT)}</p> })}
                <StrataTable strata_by=c.strata_by.clone() strata=c.strata.clone() minimum=c.minimum_sample />
                {(status == "draft").then(|| view! {
                    <section class="card"><p>{t(k::INSP_FREEZE_HINT)}</p><FreezeForm id=id on_done=refresh /></section>
                })}
                {(status != "draft").then(|| view! {
                    <h2>{t(k::INSP_DRAW_RECORD)}</h2>
                    <DrawRecord c=c.clone() />
                    <p><a href=format!("/public/inspections/{id}/population.csv") rel="external" download="population.csv">{t(k::INSP_POPULATION_CSV)}</a></p>
                })}
                {(status == "frozen").then(|| view! { <DrawForm id=id on_done=refresh /> })}
                {(status == "drawn").then(|| view! {
                    <div class="page-head">
                        <h2>{t(k::INSP_TARGETS)}</h2>
                        <div class="page-actions">
                            <a class="btn btn-secondary" href=format!("/officer/inspections/{id}/targets.csv") rel="external" download="targets.csv" id="export-csv">{t(k::EXPORT_CSV)}</a>
                        </div>
                    </div>
                    {(late > 0).then(|| view! { <p class="field-error" id="late-count">{tf(k::INSP_LATE_N, &[("n", late.to_string())])}</p> })}
                    <TargetsTable targets=c.targets.clone() officer=true />
                    {(confirmed > 0).then(|| view! {
                        <section class="card">
                            <p>{tf(k::INSP_CONFIRMED_N, &[("n", confirmed.to_string())])}</p>
                            <PublishForm id=id on_done=refresh />
                        </section>
                    })}
                    <h2>{t(k::INSP_MAILS)}</h2>
                    <MailTable id=id mails=c.mails.clone() on_done=refresh />
                })}
            }
        })}
    }
}
