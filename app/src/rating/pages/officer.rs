//! Officers' pages of a round: the rounds and the form that opens one, a
//! round's applications, and one application through eligibility, panel,
//! notice, objections and grant.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{score_text, status_label, GradeBadge};
use crate::domain::org_type::OrgType;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::rating::api::{
    get_application, get_round_page, get_rounds, AssignPanel, DecideEligibility, GrantGrade, OpenRound, PublishResult,
    ResolveObjection,
};
use crate::rating::types::{AppFilter, ApplicationView, ObjectionView, RoundPage as RoundData, RoundView, STATUSES};
use crate::ui::form::{field_id, ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, type_label};
use crate::ui::table::{filter_options, page_param, FilterSearch, FilterSelect, FilterSubmit, ListTable};

fn types_text(types: &[String]) -> String {
    types.iter().map(|t| type_label(t)).collect::<Vec<_>>().join("、")
}

/// The round form's labels, for the error summary.
fn round_labels() -> Vec<(&'static str, crate::i18n::Key)> {
    vec![
        ("year", k::RATE_YEAR),
        ("title", k::RATE_ROUND_TITLE),
        ("org_types", k::RATE_ORG_TYPES),
        ("apply_from", k::RATE_APPLY_FROM),
        ("apply_to", k::RATE_APPLY_TO),
        ("notice_days", k::RATE_NOTICE_DAYS),
    ]
}

#[component]
fn OpenRoundForm() -> impl IntoView {
    let action = ServerAction::<OpenRound>::new();
    let state = FormState::new("rate_open_round", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let lang = use_lang();
    let types_error = move || state.field_error("org_types");
    let boxes = OrgType::ALL
        .into_iter()
        .map(|ty| {
            let id = format!("f-org-type-{}", ty.as_str());
            let for_id = id.clone();
            view! {
                <label class="check" for=for_id>
                    <input type="checkbox" id=id name=format!("input[org_types][{}]", ty.as_str()) value="on" checked=true />
                    " "{lookup(lang, ty.label_key())}
                </label>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="open-round-title">
            <h2 id="open-round-title">{t(k::RATE_OPEN_ROUND)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="open-round-form">
                <ErrorSummary state=state labels=round_labels() />
                <div class="form-grid">
                    <Field state=state name="input[year]" error_name="year" label=k::RATE_YEAR required=true kind="number" />
                    <Field state=state name="input[title]" error_name="title" label=k::RATE_ROUND_TITLE hint=k::RATE_ROUND_TITLE_HINT required=true />
                    <Field state=state name="input[apply_from]" error_name="apply_from" label=k::RATE_APPLY_FROM hint=k::RATE_HINT_DATE required=true kind="date" />
                    <Field state=state name="input[apply_to]" error_name="apply_to" label=k::RATE_APPLY_TO hint=k::RATE_HINT_DATE required=true kind="date" />
                    <Field state=state name="input[notice_days]" error_name="notice_days" label=k::RATE_NOTICE_DAYS hint=k::RATE_NOTICE_DAYS_HINT required=true kind="number" initial="7" />
                </div>
                <fieldset id=field_id("org_types")>
                    <legend>{t(k::RATE_ORG_TYPES)}</legend>
                    {boxes}
                    {move || types_error().map(|e| view! { <p class="field-error" id="f-org_types-error">{e}</p> })}
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="open-round-submit">{t(k::RATE_OPEN_ROUND)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn RoundsTable(rounds: Vec<RoundView>) -> impl IntoView {
    if rounds.is_empty() {
        return view! { <p class="empty">{t(k::RATE_NO_ROUNDS)}</p> }.into_any();
    }
    let rows = rounds
        .into_iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/rating/rounds/{}", r.id)>{r.title.clone()}</a></td>
                    <td>{r.year}</td>
                    <td>{types_text(&r.org_types)}</td>
                    <td>{r.apply_from.clone()}" – "{r.apply_to.clone()}</td>
                    <td>{if r.open { t(k::RATE_ROUND_OPEN) } else { t(k::RATE_ROUND_CLOSED) }}</td>
                    <td class="num">{r.applications}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="rounds-table">
                <caption class="visually-hidden">{t(k::RATE_ROUNDS)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(k::RATE_ROUND_TITLE)}</th>
                        <th scope="col">{t(k::RATE_YEAR)}</th>
                        <th scope="col">{t(k::RATE_ORG_TYPES)}</th>
                        <th scope="col">{t(k::RATE_WINDOW)}</th>
                        <th scope="col">{t(k::RATE_STATUS)}</th>
                        <th scope="col">{t(k::RATE_APPLICATIONS)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Officers' rating home: rounds, the form to open one, and links.
#[component]
pub fn RoundsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_rounds());
    view! {
        <PageHead title=t(k::RATE_TITLE)>
            <a class="btn btn-secondary" href="/officer/rating/grades">{t(k::RATE_GRADES)}</a>
            <a class="btn btn-secondary" href="/officer/rating/experts">{t(k::RATE_EXPERTS)}</a>
            <a class="btn btn-secondary" href="/officer/rating/kpi">{t(k::RATE_KPI)}</a>
        </PageHead>
        <h2>{t(k::RATE_ROUNDS)}</h2>
        {loaded(data, |rounds| view! { <RoundsTable rounds=rounds /> })}
        <OpenRoundForm />
    }
}

fn use_app_filter() -> Memo<AppFilter> {
    let query = use_query_map();
    let params = use_params_map();
    Memo::new(move |_| {
        let round_id = params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
        query.with(|q| AppFilter {
            round_id,
            status: q.get("status").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

#[component]
fn AppsTable(page: RoundData) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/rating/apps/{}", r.id)>{r.org_name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{type_label(&r.org_type)}</td>
                    <td>{status_label(&r.status)}</td>
                    <td class="num">{r.self_score}</td>
                    <td class="num">{score_text(r.final_score)}</td>
                    <td>{r.grade.clone().map(|g| view! { <GradeBadge grade=g /> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="apps-table" caption=k::RATE_APPLICATIONS heads=vec![k::FIELD_NAME, k::FIELD_CREDIT_CODE, k::FIELD_ORG_TYPE, k::RATE_STATUS, k::RATE_SELF_SCORE, k::RATE_FINAL_SCORE, k::RATE_GRADE] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// A round's applications: search by name or code, filter by status, CSV.
#[component]
pub fn RoundPage() -> impl IntoView {
    let filter = use_app_filter();
    let data = Resource::new(move || filter.get(), get_round_page);
    view! {
        <p class="breadcrumbs"><a href="/officer/rating">{t(k::RATE_TITLE)}</a></p>
        {loaded(data, move |page| {
            let f = filter.get_untracked();
            let r = page.round.clone();
            let lang = use_lang();
            let statuses =
                filter_options(&f.status, STATUSES.iter().map(|s| (*s, lookup(lang, &format!("rate_status_{s}")))));
            let action = format!("/officer/rating/rounds/{}", r.id);
            let export = format!("/officer/rating/rounds/{}/export.csv", r.id);
            view! {
                <PageHead title=r.title.clone()>
                    <crate::ui::table::ExportCsv path=export file="rating-applications.csv" />
                </PageHead>
                <p>
                    {t(k::RATE_YEAR)}": "{r.year}" · "{types_text(&r.org_types)}" · "
                    {t(k::RATE_WINDOW)}": "{r.apply_from.clone()}" – "{r.apply_to.clone()}" · "
                    {tf(k::RATE_NOTICE_DAYS_N, &[("n", r.notice_days.to_string())])}
                </p>
                <Form method="GET" action=action attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::FILTER_Q value=f.q.clone() />
                    <FilterSelect id="filter-status" name="status" label=k::RATE_STATUS>{statuses}</FilterSelect>
                    <FilterSubmit />
                </Form>
                <AppsTable page=page />
            }
        })}
    }
}

#[component]
fn EligibilityForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<DecideEligibility>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("rate_eligibility", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let options = vec![
        (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
        ("eligible".to_string(), t(k::RATE_ELIGIBLE).to_string()),
        ("ineligible".to_string(), t(k::RATE_INELIGIBLE).to_string()),
    ];
    view! {
        <section class="card">
            <h2>{t(k::RATE_ELIGIBILITY)}</h2>
            <p class="hint">{t(k::RATE_ELIGIBILITY_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="eligibility-form">
                <ErrorSummary state=state labels=vec![("decision", k::RATE_DECISION), ("note", k::RATE_NOTE)] />
                <input type="hidden" name="id" value=id />
                <Select state=state name="input[decision]" error_name="decision" label=k::RATE_DECISION options=options required=true />
                <TextArea state=state name="input[note]" error_name="note" label=k::RATE_NOTE hint=k::RATE_NOTE_HINT />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="eligibility-submit">{t(k::RATE_SAVE_DECISION)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PanelForm(a: ApplicationView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<AssignPanel>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("rate_panel", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let lang = use_lang();
    let on_panel: Vec<i64> = a.panel.iter().map(|m| m.expert_id).collect();
    let boxes = a
        .experts
        .iter()
        .map(|x| {
            let id = format!("f-expert-{}", x.id);
            let for_id = id.clone();
            let excluded = !x.excluded.is_empty();
            let checked = on_panel.contains(&x.id);
            let note = if excluded { format!(" — {}", lookup(lang, &x.excluded)) } else { String::new() };
            view! {
                <label class="check" for=for_id class:muted=excluded>
                    <input type="checkbox" id=id name=format!("input[experts][{}]", x.id) value="on" checked=checked disabled=excluded />
                    " "{x.name.clone()}
                    {(!x.affiliation.is_empty()).then(|| format!("（{}）", x.affiliation))}
                    {note}
                </label>
            }
        })
        .collect_view();
    let error = move || state.field_error("experts");
    let summary = move || state.summary();
    view! {
        <section class="card">
            <h2>{t(k::RATE_PANEL)}</h2>
            <p class="hint" id="f-experts-hint">{t(k::RATE_PANEL_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="panel-form">
                {move || summary().map(|s| view! {
                    <div class="error-summary" role="alert" id="error-summary"><h2>{s}</h2>
                        <ul><li><a href="#f-experts">{t(k::RATE_PANEL)}": "{error().unwrap_or_default()}</a></li></ul>
                    </div>
                })}
                <input type="hidden" name="id" value=a.id />
                <fieldset id="f-experts" aria-describedby="f-experts-hint">
                    <legend>{t(k::RATE_EXPERTS)}</legend>
                    {if a.experts.is_empty() {
                        view! { <p class="empty">{t(k::RATE_NO_EXPERTS)}</p> }.into_any()
                    } else {
                        boxes.into_any()
                    }}
                    {move || error().map(|e| view! { <p class="field-error" id="f-experts-error">{e}</p> })}
                </fieldset>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="panel-submit">{t(k::RATE_ASSIGN_PANEL)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ResolveForm(x: ObjectionView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ResolveObjection>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let form = format!("rate_resolve_{}", x.id);
    let state = FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let options = vec![
        (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
        ("dismissed".to_string(), t(k::RATE_OBJECTION_DISMISSED).to_string()),
        ("upheld".to_string(), t(k::RATE_OBJECTION_UPHELD).to_string()),
    ];
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=format!("resolve-form-{}", x.id)>
            <ErrorSummary state=state labels=vec![("decision", k::RATE_DECISION), ("revised_score", k::RATE_REVISED_SCORE), ("resolution", k::RATE_RESOLUTION)] />
            <input type="hidden" name="id" value=x.id />
            <div class="form-grid">
                <Select state=state name="input[decision]" error_name="decision" label=k::RATE_DECISION options=options required=true />
                <Field state=state name="input[revised_score]" error_name="revised_score" label=k::RATE_REVISED_SCORE hint=k::RATE_REVISED_SCORE_HINT />
            </div>
            <TextArea state=state name="input[resolution]" error_name="resolution" label=k::RATE_RESOLUTION required=true />
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id=format!("resolve-submit-{}", x.id)>{t(k::RATE_RESOLVE)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn Objections(a: ApplicationView, on_done: Callback<()>) -> impl IntoView {
    if a.objections.is_empty() {
        return view! { <p class="muted" id="objections-none">{t(k::RATE_NO_OBJECTIONS)}</p> }.into_any();
    }
    let items = a
        .objections
        .into_iter()
        .map(|x| {
            let open = x.status == "open";
            view! {
                <li class="card">
                    <p><strong>{x.name.clone()}</strong>" · "{x.contact.clone()}" · "{x.created_at.clone()}" · "
                        {lookup(use_lang(), &format!("rate_objection_{}", x.status))}</p>
                    <p class="pre">{x.body.clone()}</p>
                    {(!x.resolution.is_empty()).then(|| view! { <p class="pre">{t(k::RATE_RESOLUTION)}": "{x.resolution.clone()}</p> })}
                    {open.then(|| view! { <ResolveForm x=x.clone() on_done=on_done /> })}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="objections" id="objections">{items}</ul> }.into_any()
}

/// A form with one button that calls a server function taking only `id`.
#[component]
fn OneButton(id: i64, publish: bool, on_done: Callback<()>) -> impl IntoView {
    if publish {
        let action = ServerAction::<PublishResult>::new();
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                on_done.run(());
            }
        });
        let state = FormState::new("rate_publish", Signal::derive(move || action.value().get().and_then(|r| r.err())));
        view! {
            <ActionForm action=action attr:class="form" attr:id="publish-form">
                {move || state.summary().map(|s| view! { <p class="field-error" role="alert">{s}</p> })}
                <input type="hidden" name="id" value=id />
                <button type="submit" class="btn btn-primary" id="publish-submit">{t(k::RATE_PUBLISH)}</button>
            </ActionForm>
        }
        .into_any()
    } else {
        let action = ServerAction::<GrantGrade>::new();
        Effect::new(move |_| {
            if let Some(Ok(_)) = action.value().get() {
                on_done.run(());
            }
        });
        let state = FormState::new("rate_grant", Signal::derive(move || action.value().get().and_then(|r| r.err())));
        view! {
            <ActionForm action=action attr:class="form" attr:id="grant-form">
                {move || state.summary().map(|s| view! { <p class="field-error" role="alert">{s}</p> })}
                <input type="hidden" name="id" value=id />
                <button type="submit" class="btn btn-primary" id="grant-submit">{t(k::RATE_GRANT)}</button>
            </ActionForm>
        }
        .into_any()
    }
}

/// One application as the officer works it.
#[component]
pub fn ApplicationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_application);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/rating">{t(k::RATE_TITLE)}</a></p>
        {loaded(data, move |a: ApplicationView| {
            let panel = a
                .panel
                .iter()
                .map(|m| {
                    let state = if m.submitted { score_text(m.total.map(|t| t * 10)) } else { t(k::RATE_NOT_SUBMITTED).to_string() };
                    view! { <tr><td>{m.name.clone()}</td><td class="num">{state}</td></tr> }
                })
                .collect_view();
            let status = a.status.clone();
            view! {
                <PageHead title={(a.org_name.clone(), " · ", a.round.title.clone())} badge={view! { <span class="badge" id="app-status">{status_label(&a.status)}</span> }.into_any()} />
                <dl class="kv">
                    <dt>{t(k::FIELD_CREDIT_CODE)}</dt><dd class="mono"><a href=format!("/officer/orgs/{}", a.org_id)>{a.credit_code.clone()}</a></dd>
                    <dt>{t(k::FIELD_ORG_TYPE)}</dt><dd>{type_label(&a.org_type)}</dd>
                    <dt>{t(k::FIELD_REGISTRATION_DATE)}</dt><dd>{a.registration_date.clone()}</dd>
                    <dt>{t(k::FIELD_SUPERVISORY_UNIT)}</dt><dd>{a.supervisory_unit.clone()}</dd>
                    <dt>{t(k::RATE_RERATING)}</dt><dd>{lookup(use_lang(), &format!("rate_rerating_{}", a.rerating))}</dd>
                    <dt>{t(k::RATE_SELF_SCORE)}</dt><dd>{a.self_score}</dd>
                    <dt>{t(k::RATE_SELF_ASSESSMENT)}</dt><dd class="pre">{a.self_assessment.clone()}</dd>
                    {(!a.decision_note.is_empty()).then(|| view! { <dt>{t(k::RATE_NOTE)}</dt><dd class="pre">{a.decision_note.clone()}</dd> })}
                    <dt>{t(k::RATE_FINAL_SCORE)}</dt><dd id="final-score">{score_text(a.final_score)}</dd>
                    <dt>{t(k::RATE_GRADE)}</dt>
                    <dd id="final-grade">{match a.grade.clone() {
                        Some(g) => view! { <GradeBadge grade=g /> }.into_any(),
                        None if a.final_score.is_some() => view! { <span>{t(k::RATE_BELOW_MINIMUM)}</span> }.into_any(),
                        None => ().into_any(),
                    }}</dd>
                    {a.notice_from.clone().map(|f| view! {
                        <dt>{t(k::RATE_NOTICE_PERIOD)}</dt><dd>{f}" – "{a.notice_to.clone().unwrap_or_default()}</dd>
                    })}
                    {a.grade_id.map(|g| view! {
                        <dt>{t(k::RATE_CERTIFICATE)}</dt><dd><a href=format!("/officer/rating/grades/{g}")>{t(k::RATE_VIEW_GRADE)}</a></dd>
                    })}
                </dl>
                {(!a.panel.is_empty()).then(|| view! {
                    <h2>{t(k::RATE_PANEL)}</h2>
                    <div class="table-wrap" tabindex="0">
                        <table class="data-table" id="panel-table">
                            <thead><tr><th scope="col">{t(k::RATE_EXPERT)}</th><th scope="col">{t(k::RATE_EXPERT_TOTAL)}</th></tr></thead>
                            <tbody>{panel}</tbody>
                        </table>
                    </div>
                })}
                {(status == "applied").then(|| view! { <EligibilityForm id=a.id on_done=refresh /> })}
                {(status == "eligible" || status == "scoring").then(|| view! { <PanelForm a=a.clone() on_done=refresh /> })}
                {(status == "scored").then(|| view! { <OneButton id=a.id publish=true on_done=refresh /> })}
                {(status == "notice").then(|| view! {
                    <h2>{t(k::RATE_OBJECTIONS)}</h2>
                    <Objections a=a.clone() on_done=refresh />
                    {if a.notice_over {
                        view! { <OneButton id=a.id publish=false on_done=refresh /> }.into_any()
                    } else {
                        view! { <p class="muted" id="notice-running">{t(k::RATE_NOTICE_RUNNING)}</p> }.into_any()
                    }}
                })}
            }
        })}
        <crate::party::pages::SyncPanel step="rating" ref_id=Signal::derive(id) />
    }
}
