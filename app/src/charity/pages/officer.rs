//! Officers' pages: the charities with their risk grade and the recognition
//! form; one charity with the qualification, its withdrawal, complaints and
//! the risk grade's reasons; the overdue disclosures found by the daily job.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::public::{use_charity_filter, CharityFilters, CharityTable};
use super::{due_label, label, CharityFacts, DuesTable, PlanCard, PlanCharts, Timeline};
use crate::charity::api::{
    get_officer_charities, get_officer_charity, get_overdue, AddComplaint, QualifyCharity, RecognizeCharity,
    WithdrawQualification,
};
use crate::charity::types::{CharityDetail, RiskView};
use crate::domain::charity::RISK_POINTS;
use crate::i18n::{k, t, tf};
use crate::ui::form::{ErrorSummary, Field, FormState, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{page_param, ExportCsv, ListTable};

/// A checkbox with its label and error.
#[component]
pub fn Check(state: FormState, name: &'static str, error_name: &'static str, label: crate::i18n::Key) -> impl IntoView {
    let id = state.id(error_name);
    let err_id = format!("{id}-error");
    let checked = state.value(error_name, "") == "on";
    let error = Signal::derive(move || state.field_error(error_name));
    view! {
        <div class="field">
            <label class="check" for=id.clone()>
                <input type="checkbox" id=id.clone() name=name value="on" checked=checked />
                " "{t(label)}
            </label>
            {move || error.get().map(|e| view! { <p class="field-error" id=err_id.clone()>{e}</p> })}
        </div>
    }
}

#[component]
fn RecognizeForm() -> impl IntoView {
    let action = ServerAction::<RecognizeCharity>::new();
    let state = FormState::new("ch_recognize", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" aria-labelledby="recognize-title">
            <h2 id="recognize-title">{t(k::CH_RECOGNIZE)}</h2>
            <p class="hint">{t(k::CH_RECOGNIZE_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="recognize-form">
                <ErrorSummary state=state labels=vec![("credit_code", k::FIELD_CREDIT_CODE), ("recognized_on", k::CH_RECOGNIZED_ON), ("note", k::CH_NOTE), ("charter_ok", k::CH_CHARTER_OK)] />
                <div class="form-grid">
                    <Field state=state name="input[credit_code]" error_name="credit_code" label=k::FIELD_CREDIT_CODE required=true />
                    <Field state=state name="input[recognized_on]" error_name="recognized_on" label=k::CH_RECOGNIZED_ON hint=k::CH_HINT_DATE required=true kind="date" />
                </div>
                <TextArea state=state name="input[note]" error_name="note" label=k::CH_NOTE />
                <Check state=state name="input[charter_ok]" error_name="charter_ok" label=k::CH_CHARTER_OK />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="recognize-submit">{t(k::CH_RECOGNIZE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Officers' list of charities with the risk grade, search and the recognition form.
#[component]
pub fn OfficerCharityList() -> impl IntoView {
    let filter = use_charity_filter();
    let data = Resource::new(move || filter.get(), get_officer_charities);
    view! {
        <PageHead title=t(k::CH_OFFICER_TITLE)>
            <a class="btn btn-secondary" href="/officer/charity/overdue">{t(k::CH_OVERDUE_TITLE)}</a>
            <a class="btn btn-secondary" href="/public/charity/ranking">{t(k::CH_RANKING)}</a>
        </PageHead>
        <CharityFilters filter=filter.get_untracked() action="/officer/charity" />
        {loaded(data, |page| view! { <CharityTable page=page officer=true /> })}
        <RecognizeForm />
    }
}

#[component]
fn RiskCard(r: RiskView) -> impl IntoView {
    let reasons = r
        .reasons
        .iter()
        .map(|(key, n, p)| view! { <li>{label("reason", key.trim_start_matches("ch_risk_"))}" × "{*n}" = "{*p}</li> })
        .collect_view();
    let scale = RISK_POINTS
        .iter()
        .map(|(key, p)| view! { <li>{label("reason", key.trim_start_matches("ch_risk_"))}": "{*p}</li> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="risk-title" id="risk">
            <h2 id="risk-title">{t(k::CH_RISK)}" "<span class=format!("badge risk risk-{}", r.grade) id="risk-grade">{label("risk", &r.grade.to_string())}</span></h2>
            {if r.reasons.is_empty() {
                view! { <p id="risk-reasons">{t(k::CH_RISK_NONE)}</p> }.into_any()
            } else {
                view! { <ul id="risk-reasons">{reasons}</ul> }.into_any()
            }}
            <details>
                <summary>{t(k::CH_RISK_RULES)}</summary>
                <ul>{scale}</ul>
                <p class="hint">{t(k::CH_RISK_BANDS)}</p>
            </details>
        </section>
    }
}

#[component]
fn QualifyForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<QualifyCharity>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ch_qualify", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" aria-labelledby="qualify-title">
            <h2 id="qualify-title">{t(k::CH_QUALIFY)}</h2>
            <p class="hint">{t(k::CH_QUALIFY_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="qualify-form">
                <ErrorSummary state=state labels=vec![("qualified_on", k::CH_QUALIFIED_ON), ("governance_ok", k::CH_GOVERNANCE_OK)] />
                <input type="hidden" name="id" value=id />
                <Field state=state name="input[qualified_on]" error_name="qualified_on" label=k::CH_QUALIFIED_ON hint=k::CH_HINT_DATE required=true kind="date" />
                <Check state=state name="input[governance_ok]" error_name="governance_ok" label=k::CH_GOVERNANCE_OK />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="qualify-submit">{t(k::CH_QUALIFY)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn WithdrawForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<WithdrawQualification>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ch_withdraw", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" aria-labelledby="withdraw-title">
            <h2 id="withdraw-title">{t(k::CH_WITHDRAW)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="withdraw-form">
                <ErrorSummary state=state labels=vec![("withdrawn_on", k::CH_WITHDRAWN_ON), ("reason", k::CH_REASON)] />
                <input type="hidden" name="id" value=id />
                <Field state=state name="input[withdrawn_on]" error_name="withdrawn_on" label=k::CH_WITHDRAWN_ON hint=k::CH_HINT_DATE required=true kind="date" />
                <TextArea state=state name="input[reason]" error_name="reason" label=k::CH_REASON required=true />
                <Check state=state name="input[violation]" error_name="violation" label=k::CH_VIOLATION />
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger" id="withdraw-submit">{t(k::CH_WITHDRAW)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ComplaintForm(d: CharityDetail, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<AddComplaint>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("ch_complaint", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let list = d
        .complaints
        .iter()
        .map(|c| view! { <li><time>{c.received_on.clone()}</time>" "{c.summary.clone()}</li> })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="complaints-title">
            <h2 id="complaints-title">{t(k::CH_COMPLAINTS)}</h2>
            <ul id="complaints">{list}</ul>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="complaint-form">
                <ErrorSummary state=state labels=vec![("received_on", k::CH_RECEIVED_ON), ("summary", k::CH_SUMMARY)] />
                <input type="hidden" name="id" value=d.org_id />
                <Field state=state name="input[received_on]" error_name="received_on" label=k::CH_RECEIVED_ON hint=k::CH_HINT_DATE required=true kind="date" />
                <TextArea state=state name="input[summary]" error_name="summary" label=k::CH_SUMMARY required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="complaint-submit">{t(k::CH_ADD_COMPLAINT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// One charity for officers.
#[component]
pub fn OfficerCharityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_officer_charity);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/charity">{t(k::CH_OFFICER_TITLE)}</a></p>
        {loaded(data, move |d| {
            let plans = d.plans.clone();
            let id = d.org_id;
            view! {
                <PageHead title=d.name.clone() id="charity-name">
                    <a class="btn btn-secondary" href=format!("/public/charity/{id}")>{t(k::CH_PUBLIC_PAGE)}</a>
                </PageHead>
                <CharityFacts d=d.clone() />
                <div class="cards">
                    {d.risk.clone().map(|r| view! { <RiskCard r=r /> })}
                    {if d.qualified {
                        view! { <WithdrawForm id=id on_done=refresh /> }.into_any()
                    } else {
                        view! { <QualifyForm id=id on_done=refresh /> }.into_any()
                    }}
                </div>
                <PlanCharts plans=plans.clone() />
                <section aria-labelledby="dues-title">
                    <h2 id="dues-title">{t(k::CH_DUES)}</h2>
                    <DuesTable dues=d.dues.clone() />
                </section>
                <section aria-labelledby="plans-title">
                    <h2 id="plans-title">{t(k::CH_PLANS)}</h2>
                    {plans.into_iter().map(|p| view! { <PlanCard p=p /> }).collect_view()}
                </section>
                <ComplaintForm d=d.clone() on_done=refresh />
                <section aria-labelledby="timeline-title">
                    <h2 id="timeline-title">{t(k::CH_TIMELINE)}</h2>
                    <Timeline items=d.timeline.clone() />
                </section>
            }
        })}
    }
}

/// Disclosures past their deadline and not made, found by the daily job.
#[component]
pub fn OverduePage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_overdue);
    view! {
        <p class="breadcrumbs"><a href="/officer/charity">{t(k::CH_OFFICER_TITLE)}</a></p>
        <PageHead title=t(k::CH_OVERDUE_TITLE)>
            <ExportCsv path="/officer/charity/overdue/export.csv" file="charity-overdue.csv" />
        </PageHead>
        <p class="hint">{t(k::CH_OVERDUE_INTRO)}</p>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::CH_NO_OVERDUE)}</p> }.into_any();
            }
            let rows = p
                .rows
                .iter()
                .map(|r| {
                    view! {
                        <tr>
                            <td><a href=format!("/officer/charity/{}", r.org_id)>{r.name.clone()}</a></td>
                            <td class="mono">{r.filing_no.clone()}</td>
                            <td>{due_label(&r.kind, r.period_no)}</td>
                            <td>{r.due_on.clone()}</td>
                            <td class="num">{tf(k::CH_DAYS, &[("n", r.days.to_string())])}</td>
                            <td>{r.detected_on.clone()}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ListTable id="overdue-table" caption=k::CH_OVERDUE_TITLE heads=vec![k::FIELD_NAME, k::CH_FILING_NO, k::CH_DUE_WHAT, k::CH_DUE_ON, k::CH_DAYS_OVERDUE, k::CH_DETECTED_ON] total=p.total page=p.page per_page=p.per_page>{rows}</ListTable>
            }
            .into_any()
        })}
    }
}
