//! The charity's own pages in the portal: its qualification, the disclosures
//! it owes and the disclosure form, the fundraising-plan filing form; and one
//! plan with the forms to change or terminate it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::officer::Check;
use super::{due_label, label, CharityFacts, DuesTable, PlanCard};
use crate::charity::api::{get_my_charity, ChangePlan, Disclose, FilePlan, TerminatePlan};
use crate::charity::types::{PlanView, METHODS};
use crate::domain::money::format_yuan;
use crate::i18n::{k, t, Key};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::load::loaded;

fn plan_labels() -> Vec<(&'static str, Key)> {
    vec![
        ("title", k::CH_PLAN_TITLE),
        ("purpose", k::CH_PURPOSE),
        ("start_on", k::CH_START_ON),
        ("end_on", k::CH_END_ON),
        ("region", k::CH_REGION),
        ("method", k::CH_METHOD),
        ("platform", k::CH_PLATFORM),
        ("target", k::CH_TARGET),
        ("uses", k::CH_USES),
        ("beneficiaries", k::CH_BENEFICIARIES),
        ("bank_account", k::CH_BANK_ACCOUNT),
        ("person_in_charge", k::CH_PERSON),
        ("office_address", k::CH_OFFICE_ADDRESS),
        ("cost_budget", k::CH_COST_BUDGET),
        ("leftover", k::CH_LEFTOVER),
        ("emergency", k::CH_EMERGENCY),
        ("reason", k::CH_CHANGE_REASON),
    ]
}

/// The fields of a plan, filled with `p` when it is changed.
#[component]
fn PlanFields(state: FormState, p: Option<PlanView>) -> impl IntoView {
    let v = |f: fn(&PlanView) -> String| p.as_ref().map(f).unwrap_or_default();
    let methods = std::iter::once((String::new(), t(k::CH_CHOOSE).to_string()))
        .chain(METHODS.iter().map(|m| (m.to_string(), label("method", m))))
        .collect::<Vec<_>>();
    view! {
        <div class="form-grid">
            <Field state=state name="input[title]" error_name="title" label=k::CH_PLAN_TITLE required=true initial=v(|p| p.title.clone()) />
            <Field state=state name="input[start_on]" error_name="start_on" label=k::CH_START_ON hint=k::CH_START_HINT required=true kind="date" initial=v(|p| p.start_on.clone()) />
            <Field state=state name="input[end_on]" error_name="end_on" label=k::CH_END_ON hint=k::CH_HINT_DATE required=true kind="date" initial=v(|p| p.end_on.clone()) />
            <Field state=state name="input[region]" error_name="region" label=k::CH_REGION hint=k::CH_REGION_HINT required=true initial=v(|p| p.region.clone()) />
            <Select state=state name="input[method]" error_name="method" label=k::CH_METHOD options=methods required=true initial=v(|p| p.method.clone()) />
            <Field state=state name="input[platform]" error_name="platform" label=k::CH_PLATFORM hint=k::CH_PLATFORM_HINT initial=v(|p| p.platform.clone()) />
            <Field state=state name="input[target]" error_name="target" label=k::CH_TARGET hint=k::CH_HINT_YUAN required=true initial=v(|p| format_yuan(p.target_fen)) />
            <Field state=state name="input[cost_budget]" error_name="cost_budget" label=k::CH_COST_BUDGET hint=k::CH_HINT_YUAN required=true initial=v(|p| format_yuan(p.cost_budget_fen)) />
            <Field state=state name="input[bank_account]" error_name="bank_account" label=k::CH_BANK_ACCOUNT required=true initial=v(|p| p.bank_account.clone()) />
            <Field state=state name="input[person_in_charge]" error_name="person_in_charge" label=k::CH_PERSON required=true initial=v(|p| p.person_in_charge.clone()) />
            <Field state=state name="input[office_address]" error_name="office_address" label=k::CH_OFFICE_ADDRESS required=true initial=v(|p| p.office_address.clone()) />
            <Field state=state name="input[beneficiaries]" error_name="beneficiaries" label=k::CH_BENEFICIARIES required=true initial=v(|p| p.beneficiaries.clone()) />
        </div>
        <TextArea state=state name="input[purpose]" error_name="purpose" label=k::CH_PURPOSE required=true initial=v(|p| p.purpose.clone()) />
        <TextArea state=state name="input[uses]" error_name="uses" label=k::CH_USES required=true initial=v(|p| p.uses.clone()) />
        <TextArea state=state name="input[leftover]" error_name="leftover" label=k::CH_LEFTOVER required=true initial=v(|p| p.leftover.clone()) />
        <Check state=state name="input[emergency]" error_name="emergency" label=k::CH_EMERGENCY_CHECK />
    }
}

#[component]
fn FilePlanForm() -> impl IntoView {
    let action = ServerAction::<FilePlan>::new();
    let state = FormState::new("ch_plan", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" aria-labelledby="plan-form-title">
            <h2 id="plan-form-title">{t(k::CH_FILE_PLAN)}</h2>
            <p class="hint">{t(k::CH_FILE_PLAN_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="plan-form">
                <ErrorSummary state=state labels=plan_labels() />
                <PlanFields state=state p=None />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="plan-submit">{t(k::CH_FILE_PLAN)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn DiscloseForm(options: Vec<(String, String)>, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<Disclose>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ch_disclose", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let options = std::iter::once((String::new(), t(k::CH_CHOOSE).to_string())).chain(options).collect::<Vec<_>>();
    view! {
        <section class="card" aria-labelledby="disclose-title">
            <h2 id="disclose-title">{t(k::CH_DISCLOSE)}</h2>
            <p class="hint">{t(k::CH_DISCLOSE_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="disclose-form">
                <ErrorSummary state=state labels=vec![("due", k::CH_DUE_WHAT), ("raised", k::CH_RAISED), ("spent", k::CH_SPENT), ("cost", k::CH_COST), ("off_plan", k::CH_OFF_PLAN_AMOUNT), ("report", k::CH_USES_SPENT)] />
                <Select state=state name="input[due]" error_name="due" label=k::CH_DUE_WHAT options=options required=true />
                <div class="form-grid">
                    <Field state=state name="input[raised]" error_name="raised" label=k::CH_RAISED hint=k::CH_HINT_PERIOD_YUAN required=true />
                    <Field state=state name="input[spent]" error_name="spent" label=k::CH_SPENT hint=k::CH_HINT_PERIOD_YUAN required=true />
                    <Field state=state name="input[cost]" error_name="cost" label=k::CH_COST hint=k::CH_HINT_PERIOD_YUAN required=true />
                    <Field state=state name="input[off_plan]" error_name="off_plan" label=k::CH_OFF_PLAN_AMOUNT hint=k::CH_OFF_PLAN_HINT />
                </div>
                <TextArea state=state name="input[report]" error_name="report" label=k::CH_USES_SPENT hint=k::CH_USES_SPENT_HINT required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="disclose-submit">{t(k::CH_DISCLOSE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The charity's portal page.
#[component]
pub fn PortalCharityPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_my_charity());
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CH_PORTAL_TITLE)}</h1>
        {loaded(data, move |p| {
            let Some(d) = p.detail else {
                return view! { <h2>{p.org_name.clone()}</h2><p id="not-charity">{t(k::CH_NOT_CHARITY)}</p> }.into_any();
            };
            let open: Vec<(String, String)> = d
                .dues
                .iter()
                .filter(|x| x.disclosed_on.is_none())
                .map(|x| {
                    let what = format!("{} {}（{} {}）", x.filing_no, due_label(&x.kind, x.period_no), t(k::CH_DUE_ON), x.due_on);
                    (x.key.clone(), what)
                })
                .collect();
            let plans = d
                .plans
                .iter()
                .map(|p| {
                    view! {
                        <tr>
                            <td><a href=format!("/portal/charity/plans/{}", p.id) class="mono">{p.filing_no.clone()}</a></td>
                            <td>{p.title.clone()}</td>
                            <td>{p.start_on.clone()}" – "{p.end_on.clone()}</td>
                            <td>{label("status", &p.status)}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <h2>{d.name.clone()}</h2>
                <CharityFacts d=d.clone() />
                <p><a href=format!("/public/charity/{}", d.org_id)>{t(k::CH_PUBLIC_PAGE)}</a></p>
                <section aria-labelledby="my-plans-title">
                    <h2 id="my-plans-title">{t(k::CH_PLANS)}</h2>
                    <div class="table-wrap" tabindex="0">
                        <table class="data-table" id="my-plans">
                            <thead>
                                <tr>
                                    <th scope="col">{t(k::CH_FILING_NO)}</th>
                                    <th scope="col">{t(k::CH_PLAN_TITLE)}</th>
                                    <th scope="col">{t(k::CH_PERIOD)}</th>
                                    <th scope="col">{t(k::CH_STATUS)}</th>
                                </tr>
                            </thead>
                            <tbody>{plans}</tbody>
                        </table>
                    </div>
                </section>
                <section aria-labelledby="dues-title">
                    <h2 id="dues-title">{t(k::CH_DUES)}</h2>
                    <DuesTable dues=d.dues.clone() />
                </section>
                <DiscloseForm options=open on_done=refresh />
                {if d.qualified {
                    view! { <FilePlanForm /> }.into_any()
                } else {
                    view! { <p class="flash flash-error" id="not-qualified">{t(k::CH_CANNOT_FILE)}</p> }.into_any()
                }}
            }
            .into_any()
        })}
    }
}

#[component]
fn ChangePlanForm(p: PlanView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ChangePlan>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ch_plan_change", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let id = p.id;
    view! {
        <details class="card" open=move || state.summary().is_some()>
            <summary><h2 class="inline">{t(k::CH_CHANGE_PLAN)}</h2></summary>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="change-form">
                <ErrorSummary state=state labels=plan_labels() />
                <input type="hidden" name="id" value=id />
                <PlanFields state=state p=Some(p) />
                <TextArea state=state name="input[reason]" error_name="reason" label=k::CH_CHANGE_REASON required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="change-submit">{t(k::CH_CHANGE_PLAN)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

#[component]
fn TerminateForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<TerminatePlan>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ch_terminate", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <details class="card" open=move || state.summary().is_some()>
            <summary><h2 class="inline">{t(k::CH_TERMINATE)}</h2></summary>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="terminate-form">
                <ErrorSummary state=state labels=vec![("terminated_on", k::CH_TERMINATED_ON), ("termination_reason", k::CH_REASON)] />
                <input type="hidden" name="id" value=id />
                <Field state=state name="input[terminated_on]" error_name="terminated_on" label=k::CH_TERMINATED_ON hint=k::CH_HINT_DATE required=true kind="date" />
                <TextArea state=state name="input[termination_reason]" error_name="termination_reason" label=k::CH_REASON required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger" id="terminate-submit">{t(k::CH_TERMINATE)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// One of the charity's plans, with its change and termination forms while it runs.
#[component]
pub fn PortalPlanPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(|| (), |_| get_my_charity());
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/portal/charity">{t(k::CH_PORTAL_TITLE)}</a></p>
        {loaded(data, move |p| {
            let plan = p.detail.and_then(|d| d.plans.into_iter().find(|x| x.id == id()));
            let Some(plan) = plan else {
                return view! { <p class="empty">{t(k::ERR_NOT_FOUND)}</p> }.into_any();
            };
            let open = plan.status == "upcoming" || plan.status == "running";
            view! {
                <h1 class="page-title" id="plan-title">{plan.title.clone()}</h1>
                <PlanCard p=plan.clone() />
                {open.then(|| view! {
                    <ChangePlanForm p=plan.clone() on_done=refresh />
                    <TerminateForm id=plan.id on_done=refresh />
                })}
            }
            .into_any()
        })}
    }
}
