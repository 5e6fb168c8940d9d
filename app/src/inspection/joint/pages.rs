//! The partner departments' pages (`/officer/departments`), and the pieces
//! the campaign, inspector and result pages show of joint campaigns.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::api::{get_department, get_departments, SaveDepartment};
use super::{DepartmentFinding, DepartmentView, JointDepartmentView};
use crate::i18n::{k, t};
use crate::ui::form::{ErrorSummary, Field, FormState};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

fn department_labels() -> Vec<(&'static str, crate::i18n::Key)> {
    vec![("name", k::JOINT_DEPT_NAME), ("code", k::JOINT_DEPT_CODE), ("contact_email", k::JOINT_DEPT_EMAIL)]
}

/// The department form: new when `current` is None.
#[component]
fn DepartmentForm(current: Option<DepartmentView>) -> impl IntoView {
    let action = ServerAction::<SaveDepartment>::new();
    let state = FormState::new("joint_department", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let c = current.clone();
    let v = move |f: fn(&DepartmentView) -> String| c.as_ref().map(f).unwrap_or_default();
    let id = current.as_ref().map(|c| c.id).unwrap_or(0);
    let title = if current.is_some() { t(k::JOINT_EDIT_DEPT) } else { t(k::JOINT_NEW_DEPT) };
    view! {
        <section class="card" aria-labelledby="department-form-title">
            <h2 id="department-form-title">{title}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="department-form">
                <ErrorSummary state=state labels=department_labels() />
                <input type="hidden" name="id" value=id />
                <div class="form-grid">
                    <Field state=state name="input[name]" error_name="name" label=k::JOINT_DEPT_NAME hint=k::JOINT_DEPT_NAME_HINT required=true initial=v(|c| c.name.clone()) />
                    <Field state=state name="input[code]" error_name="code" label=k::JOINT_DEPT_CODE hint=k::JOINT_DEPT_CODE_HINT required=true initial=v(|c| c.code.clone()) />
                    <Field state=state name="input[contact_email]" error_name="contact_email" label=k::JOINT_DEPT_EMAIL hint=k::JOINT_DEPT_EMAIL_HINT required=true kind="email" initial=v(|c| c.contact_email.clone()) />
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="department-submit">{t(k::INSP_SAVE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn DepartmentsTable(rows: Vec<DepartmentView>) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{t(k::JOINT_NO_DEPTS)}</p> }.into_any();
    }
    let body = rows
        .into_iter()
        .map(|d| {
            view! {
                <tr>
                    <td><a href=format!("/officer/departments/{}", d.id)>{d.name.clone()}</a></td>
                    <td class="mono">{d.code.clone()}</td>
                    <td>{d.contact_email.clone()}</td>
                    <td class="num"><a href=format!("/officer/inspectors?department={}", d.code)>{d.inspectors}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="departments-table">
                <caption class="visually-hidden">{t(k::JOINT_DEPTS)}</caption>
                <thead><tr>
                    <th scope="col">{t(k::JOINT_DEPT_NAME)}</th>
                    <th scope="col">{t(k::JOINT_DEPT_CODE)}</th>
                    <th scope="col">{t(k::JOINT_DEPT_EMAIL)}</th>
                    <th scope="col">{t(k::JOINT_DEPT_INSPECTORS)}</th>
                </tr></thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The partner departments and the form of a new one.
#[component]
pub fn DepartmentsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_departments());
    view! {
        <p class="breadcrumbs"><a href="/officer/inspections">{t(k::INSP_TITLE)}</a></p>
        <PageHead title=t(k::JOINT_DEPTS)>
            <a class="btn btn-secondary" href="/officer/inspectors">{t(k::INSP_DIRECTORY)}</a>
        </PageHead>
        <p>{t(k::JOINT_DEPTS_INTRO)}</p>
        {loaded(data, |rows| view! { <DepartmentsTable rows=rows /> })}
        <DepartmentForm current=None />
    }
}

/// One department: its form and a link to its inspectors.
#[component]
pub fn DepartmentPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_department);
    view! {
        <p class="breadcrumbs"><a href="/officer/departments">{t(k::JOINT_DEPTS)}</a></p>
        {loaded(data, |d: DepartmentView| view! {
            <h1 class="page-title">{d.name.clone()}</h1>
            <p><a href=format!("/officer/inspectors?department={}", d.code) id="department-inspectors">
                {t(k::JOINT_DEPT_INSPECTORS)}": "{d.inspectors}
            </a></p>
            <DepartmentForm current=Some(d.clone()) />
        })}
    }
}

/// The select of an inspector's department (the bureau, or one by code).
#[component]
pub fn DepartmentSelect(state: FormState, departments: Vec<DepartmentView>, initial: String) -> impl IntoView {
    let mut options = vec![(String::new(), t(k::JOINT_BUREAU).to_string())];
    options.extend(departments.into_iter().map(|d| (d.code, d.name)));
    view! {
        <crate::ui::form::Select state=state name="input[department]" error_name="department" label=k::JOINT_DEPARTMENT options=options initial=initial />
    }
}

/// A joint campaign's departments on its page: after the draw, who of each
/// was drawn, for how many targets, and the list to its contact (officers).
#[component]
pub fn JointDepartments(departments: Vec<JointDepartmentView>, officer: bool) -> impl IntoView {
    if departments.is_empty() {
        return ().into_any();
    }
    let rows = departments
        .into_iter()
        .map(|d| {
            let status = crate::inspection::pages::label("mail", &d.mail_status);
            view! {
                <tr id=format!("joint-dept-{}", d.department_id)>
                    <th scope="row">{d.name.clone()}</th>
                    {officer.then(|| view! {
                        <td>{d.contact_email.clone()}</td>
                        <td>{d.inspectors.join("、")}</td>
                    })}
                    <td class="num">{d.targets}</td>
                    {officer.then(|| view! {
                        <td>{status}{(!d.sent_at.is_empty()).then(|| format!(" {}", d.sent_at))}</td>
                    })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="joint-title">
            <h2 id="joint-title">{t(k::JOINT_TITLE)}</h2>
            <p class="hint">{t(k::JOINT_HINT)}</p>
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="joint-departments">
                    <caption class="visually-hidden">{t(k::JOINT_TITLE)}</caption>
                    <thead><tr>
                        <th scope="col">{t(k::JOINT_DEPARTMENT)}</th>
                        {officer.then(|| view! {
                            <th scope="col">{t(k::JOINT_DEPT_EMAIL)}</th>
                            <th scope="col">{t(k::JOINT_DRAWN_INSPECTORS)}</th>
                        })}
                        <th scope="col">{t(k::INSP_TARGETS)}</th>
                        {officer.then(|| view! { <th scope="col">{t(k::JOINT_DEPT_LIST)}</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// A joint result's findings, each naming its department.
#[component]
pub fn FindingsByDepartment(findings: Vec<DepartmentFinding>) -> impl IntoView {
    if findings.is_empty() {
        return ().into_any();
    }
    let items = findings
        .into_iter()
        .map(|f| {
            let who = if f.department.is_empty() { t(k::JOINT_BUREAU).to_string() } else { f.department.clone() };
            view! { <li><strong>{who}"："</strong>{f.body.clone()}</li> }
        })
        .collect_view();
    view! { <ul class="plain findings-by-department">{items}</ul> }.into_any()
}

/// The findings of a joint result, one text per party: the bureau and each
/// department of the campaign (`input[by_department][b]`, `…[d<id>]`).
#[component]
pub fn JointFindingsFields(
    state: FormState,
    departments: Vec<(i64, String)>,
    current: Vec<DepartmentFinding>,
) -> impl IntoView {
    let error = Signal::derive(move || state.field_error("findings"));
    let typed = state.value("by_department", "");
    let typed: std::collections::BTreeMap<String, String> = serde_json::from_str(&typed).unwrap_or_default();
    let parties: Vec<(String, String, String)> = std::iter::once((String::from("b"), String::new()))
        .chain(departments.into_iter().map(|(id, name)| (format!("d{id}"), name)))
        .map(|(key, name)| {
            let initial = typed.get(&key).cloned().unwrap_or_else(|| {
                current.iter().find(|f| f.department == name).map(|f| f.body.clone()).unwrap_or_default()
            });
            (key, name, initial)
        })
        .collect();
    let fields = parties
        .into_iter()
        .map(|(key, name, initial)| {
            let id = format!("f-findings-{key}");
            let for_id = id.clone();
            let who = if name.is_empty() { t(k::JOINT_BUREAU).to_string() } else { name };
            view! {
                <div class="field">
                    <label for=for_id>{who}</label>
                    <textarea id=id name=format!("input[by_department][{key}]") rows="3"
                        aria-invalid=move || error.get().is_some().then_some("true")
                        aria-describedby="f-findings-hint">
                        {crate::ui::form::textarea_text(initial)}
                    </textarea>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset id="f-findings">
            <legend>{t(k::INSP_FINDINGS)}</legend>
            <p class="hint" id="f-findings-hint">{t(k::JOINT_FINDINGS_HINT)}</p>
            {fields}
            {move || error.get().map(|e| view! { <p class="field-error" id="f-findings-error">{e}</p> })}
        </fieldset>
    }
}
