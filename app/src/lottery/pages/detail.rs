//! One outlet for officers: its items, status actions and history, the sales
//! trend, gradings with the grading form, and inspections with their
//! follow-up.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::outlets::LotteryNav;
use super::{event_label, item_label, status_label, SalesChart, StarGrade, StatusTag};
use crate::domain::lottery::{Action, CHECKLIST, PROHIBITED};
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::lottery::api::{get_outlet, get_sheet, FollowUpInspection, GradeOutlet, RecordInspection, SetOutletStatus};
use crate::lottery::types::{GradingRow, InspectionView, OutletView, SheetItemView};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
fn StatusForm(o: OutletView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<SetOutletStatus>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("lot_status", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("status");
    let lang = use_lang();
    let mut options = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    let allowed: &[Action] = match o.status.as_str() {
        "open" => &[Action::Suspend, Action::Close],
        "suspended" => &[Action::Resume, Action::Close],
        _ => &[],
    };
    options
        .extend(allowed.iter().map(|a| (a.as_str().to_string(), lookup(lang, &format!("lot_action_{}", a.as_str())))));
    view! {
        <section class="card">
            <h2>{t(k::LOT_STATUS_TITLE)}</h2>
            <p class="hint">{t(k::LOT_STATUS_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="status-form">
                <ErrorSummary state=state labels=vec![("action", k::LOT_ACTION), ("date", k::LOT_DATE), ("note", k::LOT_REASON)] />
                <input type="hidden" name="id" value=o.id />
                <div class="form-grid">
                    <Select state=state name="input[action]" error_name="action" label=k::LOT_ACTION options=options required=true />
                    <Field state=state name="input[date]" error_name="date" label=k::LOT_DATE required=true kind="date" />
                </div>
                <TextArea state=state name="input[note]" error_name="note" label=k::LOT_REASON required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger" id="status-submit">{t(k::LOT_STATUS_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn History(o: OutletView) -> impl IntoView {
    let items = o
        .events
        .into_iter()
        .map(|e| {
            view! {
                <li>
                    <time>{e.event_date.clone()}</time>" "<strong>{event_label(&e.kind)}</strong>
                    " "{e.from_status.as_deref().map(status_label).map(|s| format!("{s} → ")).unwrap_or_default()}{status_label(&e.to_status)}
                    {(!e.note.is_empty()).then(|| view! { <p class="pre">{e.note.clone()}</p> })}
                    {(!e.changes.is_empty()).then(|| view! { <p class="pre muted">{e.changes.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">{t(k::LOT_HISTORY)}</h2>
            <ol class="timeline" id="outlet-history">{items}</ol>
        </section>
    }
}

#[component]
fn GradeForm(id: i64, sheet: Vec<SheetItemView>, year: i32, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<GradeOutlet>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state =
        FormState::new("lot_grade", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("grade");
    let names = StoredValue::new(
        sheet.iter().map(|i| (format!("p{}", i.id), crate::domain::seeded::shown(&i.name))).collect::<Vec<_>>(),
    );
    let summary = move || {
        state.summary().map(|s| {
            let lang = use_lang();
            let list = state
                .errors()
                .into_iter()
                .map(|e| {
                    let label = match e.field.as_str() {
                        "year" => t(k::LOT_YEAR).to_string(),
                        "note" => t(k::LOT_NOTE).to_string(),
                        f => names.with_value(|n| n.iter().find(|(k, _)| k == f).map(|(_, v)| v.clone())).unwrap_or_else(|| f.to_string()),
                    };
                    let href = format!("#f-{}", e.field);
                    view! { <li><a href=href>{label}": "{lookup(lang, &e.message)}</a></li> }
                })
                .collect_view();
            view! { <div class="error-summary" role="alert" tabindex="-1" id="error-summary"><h2>{s}</h2><ul>{list}</ul></div> }
        })
    };
    let rows = sheet
        .into_iter()
        .map(|item| {
            let field = format!("p{}", item.id);
            let fid = format!("f-p{}", item.id);
            let input = if item.auto == "sales" {
                view! { <span class="muted">{t(k::LOT_AUTO_SALES)}</span> }.into_any()
            } else {
                let value = state.value(&field, "");
                let err_field = field.clone();
                let err = Signal::derive(move || state.field_error(&err_field));
                view! {
                    <input id=fid.clone() type="number" min="0" max=item.max_points name=format!("input[points][{}]", item.id) value=value class="points" aria-invalid=move || err.get().is_some().then_some("true") />
                    {move || err.get().map(|e| view! { <p class="field-error">{e}</p> })}
                }
                .into_any()
            };
            view! {
                <tr>
                    <th scope="row"><label for=format!("f-p{}", item.id)>{crate::domain::seeded::shown(&item.name)}</label></th>
                    <td class="num">{item.max_points}</td>
                    <td>{input}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="card">
            <h2>{t(k::LOT_GRADE_TITLE)}</h2>
            <p class="hint">{t(k::LOT_GRADE_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="grade-form">
                {summary}
                <input type="hidden" name="id" value=id />
                <Field state=state name="input[year]" error_name="year" label=k::LOT_YEAR required=true initial=year.to_string() kind="number" />
                <div class="table-wrap" tabindex="0">
                    <table class="data-table lot-sheet">
                        <thead><tr><th scope="col">{t(k::LOT_ITEM)}</th><th scope="col">{t(k::LOT_MAX)}</th><th scope="col">{t(k::LOT_POINTS)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <TextArea state=state name="input[note]" error_name="note" label=k::LOT_NOTE />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="grade-submit">{t(k::LOT_GRADE_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn Gradings(rows: Vec<GradingRow>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{t(k::LOT_NOT_GRADED)}</p> }.into_any();
    }
    let items = rows
        .into_iter()
        .map(|g| {
            let scores = g
                .scores
                .iter()
                .map(|(name, p, m)| view! { <li>{name.clone()}": "{*p}" / "{*m}</li> })
                .collect_view();
            view! {
                <li class="card">
                    <p>
                        <strong>{g.year}</strong>" · "{tf(k::LOT_TOTAL_OF, &[("total", g.total.to_string())])}" · "
                        <StarGrade grade=Some(g.grade.clone()) excellent=g.excellent />
                        {g.capped.then(|| view! { " "<span class="badge badge-warning">{t(k::LOT_CAPPED)}</span> })}
                        " "{if g.published { view! { <span class="badge badge-active">{t(k::LOT_PUBLISHED)}</span> } } else { view! { <span class="badge">{t(k::LOT_UNPUBLISHED)}</span> } }}
                    </p>
                    <ul class="lot-scores">{scores}</ul>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="plain-list" id="gradings">{items}</ul> }.into_any()
}

#[component]
fn InspectForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<RecordInspection>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("lot_inspect", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("inspect");
    let boxes = CHECKLIST
        .iter()
        .map(|item| {
            let fid = format!("f-item-{item}");
            let prohibited = PROHIBITED.contains(item);
            view! {
                <li>
                    <input type="checkbox" id=fid.clone() name=format!("input[items][{item}]") value="on" />
                    <label for=fid>{item_label(item)}{prohibited.then(|| view! { " "<span class="badge badge-revoked">{t(k::LOT_PROHIBITED)}</span> })}</label>
                </li>
            }
        })
        .collect_view();
    let items_error = move || state.field_error("items");
    view! {
        <section class="card">
            <h2>{t(k::LOT_INSPECT_TITLE)}</h2>
            <p class="hint">{t(k::LOT_INSPECT_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="inspect-form">
                <ErrorSummary state=state labels=vec![("inspected_on", k::LOT_INSPECTED_ON), ("inspector", k::LOT_INSPECTOR), ("items", k::LOT_FINDINGS), ("note", k::LOT_FINDINGS_NOTE), ("deadline", k::LOT_DEADLINE)] />
                <input type="hidden" name="id" value=id />
                <div class="form-grid">
                    <Field state=state name="input[inspected_on]" error_name="inspected_on" label=k::LOT_INSPECTED_ON required=true kind="date" />
                    <Field state=state name="input[inspector]" error_name="inspector" label=k::LOT_INSPECTOR required=true />
                </div>
                <fieldset class="field" id="f-items">
                    <legend>{t(k::LOT_FINDINGS)}</legend>
                    <p class="hint">{t(k::LOT_FINDINGS_HINT)}</p>
                    <ul class="checklist">{boxes}</ul>
                    {move || items_error().map(|e| view! { <p class="field-error">{e}</p> })}
                </fieldset>
                <TextArea state=state name="input[note]" error_name="note" label=k::LOT_FINDINGS_NOTE hint=k::LOT_FINDINGS_NOTE_HINT />
                <Field state=state name="input[deadline]" error_name="deadline" label=k::LOT_DEADLINE hint=k::LOT_DEADLINE_HINT kind="date" />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="inspect-submit">{t(k::LOT_INSPECT_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn FollowUpForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<FollowUpInspection>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let form = format!("lot_follow_{id}");
    let state =
        FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped(form.clone());
    let lang = use_lang();
    let options = vec![
        (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
        ("rectified".to_string(), lookup(lang, "lot_result_rectified")),
        ("suspend".to_string(), lookup(lang, "lot_result_suspend")),
    ];
    let failed = move || state.summary().is_some();
    view! {
        <details open=failed>
            <summary>{t(k::LOT_FOLLOW_UP)}</summary>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=format!("follow-form-{id}")>
                <ErrorSummary state=state labels=vec![("result", k::LOT_RESULT), ("date", k::LOT_DATE), ("note", k::LOT_NOTE)] />
                <input type="hidden" name="id" value=id />
                <div class="form-grid">
                    <Select state=state name="input[result]" error_name="result" label=k::LOT_RESULT options=options required=true />
                    <Field state=state name="input[date]" error_name="date" label=k::LOT_DATE required=true kind="date" />
                </div>
                <TextArea state=state name="input[note]" error_name="note" label=k::LOT_NOTE required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id=format!("follow-submit-{id}")>{t(k::LOT_FOLLOW_UP_SUBMIT)}</button>
                </div>
            </ActionForm>
        </details>
    }
}

/// One inspection: date, inspector, findings, deadline, status, follow-up.
#[component]
pub(super) fn InspectionCard(
    i: InspectionView,
    #[prop(optional)] on_done: Option<Callback<()>>,
    #[prop(optional)] link: bool,
) -> impl IntoView {
    let lang = use_lang();
    let status = if i.overdue { "overdue".to_string() } else { i.status.clone() };
    let class = match status.as_str() {
        "clean" | "rectified" => "badge badge-active",
        "overdue" => "badge badge-revoked",
        _ => "badge badge-warning",
    };
    let findings = i.findings.iter().map(|f| view! { <li>{item_label(f)}</li> }).collect_view();
    let open = i.status == "open";
    view! {
        <li class="card lot-inspection" id=format!("inspection-{}", i.id)>
            <p>
                <strong>{i.inspected_on.clone()}</strong>" · "{i.inspector.clone()}" · "
                <span class=class>{lookup(lang, &format!("lot_inspection_{status}"))}</span>
                {link.then(|| view! { " · "<a href=format!("/officer/lottery/outlets/{}", i.outlet_id)>{i.outlet_no.clone()}" "{i.outlet_name.clone()}</a> })}
            </p>
            {(!i.findings.is_empty()).then(|| view! { <ul class="lot-findings">{findings}</ul> })}
            {(!i.note.is_empty()).then(|| view! { <p class="pre">{i.note.clone()}</p> })}
            {i.deadline.clone().map(|d| view! { <p>{t(k::LOT_DEADLINE)}": "<time>{d}</time></p> })}
            {i.rectified_on.clone().map(|d| view! { <p>{t(k::LOT_RECTIFIED_ON)}": "<time>{d}</time></p> })}
            {(!i.follow_up.is_empty()).then(|| view! { <p class="pre muted">{i.follow_up.clone()}</p> })}
            {match (open, on_done) {
                (true, Some(cb)) => Some(view! { <FollowUpForm id=i.id on_done=cb /> }),
                _ => None,
            }}
        </li>
    }
}

/// The outlet page.
#[component]
pub fn OutletPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_outlet);
    let sheet = Resource::new(|| (), |_| get_sheet());
    let refetch = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/lottery">{t(k::LOT_OUTLETS)}</a></p>
        <LotteryNav />
        {loaded(data, move |o: OutletView| {
            let i = o.input.clone();
            let live = o.status != "closed";
            let kind = lookup(use_lang(), &format!("lot_operator_{}", i.operator_kind));
            let year = o.grading_year;
            let inspections = o.inspections.clone().into_iter().map(|x| view! { <InspectionCard i=x on_done=refetch /> }).collect_view();
            view! {
                <PageHead title=i.name.clone() badge={view! { <StatusTag status=o.status.clone() /> }.into_any()}>
                    {live.then(|| view! { <a class="btn btn-secondary" href=format!("/officer/lottery/outlets/{}/edit", o.id) id="edit-outlet">{t(k::LOT_CHANGE)}</a> })}
                </PageHead>
                <dl class="kv" id="outlet-facts">
                    <dt>{t(k::LOT_OUTLET_NO)}</dt><dd class="mono">{i.outlet_no.clone()}</dd>
                    <dt>{t(k::FIELD_DISTRICT)}</dt><dd>{crate::domain::seeded::shown(&i.district)}</dd>
                    <dt>{t(k::LOT_ADDRESS)}</dt><dd>{i.address.clone()}</dd>
                    <dt>{t(k::LOT_COORDS)}</dt><dd class="mono">{i.lng.clone()}", "{i.lat.clone()}</dd>
                    <dt>{t(k::LOT_OPERATOR)}</dt><dd>{i.operator_name.clone()}" ("{kind}")"</dd>
                    <dt>{t(k::LOT_CONTACT_PERSON)}</dt><dd>{i.contact_person.clone()}" · "{i.contact_phone.clone()}</dd>
                    <dt>{t(k::LOT_TERMINALS)}</dt><dd class="mono">{i.terminals.clone()}</dd>
                    <dt>{t(k::LOT_OPENED_ON)}</dt><dd>{i.opened_on.clone()}</dd>
                    <dt>{t(k::FIELD_STATUS)}</dt><dd id="outlet-status">{status_label(&o.status)}" · "{tf(k::LOT_SINCE, &[("date", o.status_since.clone())])}</dd>
                </dl>
                <section aria-labelledby="sales-title">
                    <h2 id="sales-title">{t(k::LOT_SALES_TREND)}</h2>
                    <SalesChart title=t(k::LOT_SALES_TREND).to_string() months=o.sales.clone() id="outlet-sales" />
                </section>
                <section aria-labelledby="gradings-title">
                    <h2 id="gradings-title">{t(k::LOT_GRADINGS)}</h2>
                    <Gradings rows=o.gradings.clone() />
                </section>
                {live.then(|| loaded(sheet, move |items| view! { <GradeForm id=o.id sheet=items year=year on_done=refetch /> }))}
                <section aria-labelledby="inspections-title">
                    <h2 id="inspections-title">{t(k::LOT_INSPECTIONS)}</h2>
                    {if o.inspections.is_empty() { Some(view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }) } else { None }}
                    <ul class="plain-list" id="inspections">{inspections}</ul>
                </section>
                {live.then(|| view! { <InspectForm id=o.id on_done=refetch /> })}
                {live.then(|| view! { <StatusForm o=o.clone() on_done=refetch /> })}
                <History o=o.clone() />
            }
        })}
    }
}
