//! The inspector directory (执法检查人员名录库): search, CSV export and
//! import, the form of an inspector and their declared conflicts.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::i18n::{k, t};
use crate::inspection::api::{get_inspector, get_inspectors, AddConflict, RemoveConflict, SaveInspector};
use crate::inspection::joint::api::get_departments;
use crate::inspection::joint::pages::DepartmentSelect;
use crate::inspection::joint::DepartmentView;
use crate::inspection::types::{InspectorFilter, InspectorPage as PageData, InspectorView, INSPECTOR_COLUMNS};
use crate::ui::form::{ErrorSummary, Field, FormState};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

fn inspector_labels() -> Vec<(&'static str, crate::i18n::Key)> {
    vec![
        ("name", k::INSP_INSPECTOR_NAME),
        ("unit", k::INSP_UNIT),
        ("email", k::INSP_EMAIL),
        ("phone", k::INSP_PHONE),
        ("cert_no", k::INSP_CERT_NO),
        ("cert_valid_until", k::INSP_CERT_VALID_UNTIL),
        ("districts", k::INSP_DISTRICTS),
        ("department", k::JOINT_DEPARTMENT),
    ]
}

/// The inspector form: new when `current` is None.
#[component]
fn InspectorForm(current: Option<InspectorView>, departments: Vec<DepartmentView>) -> impl IntoView {
    let action = ServerAction::<SaveInspector>::new();
    let state = FormState::new("insp_inspector", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let c = current.clone();
    let v = move |f: fn(&InspectorView) -> String| c.as_ref().map(f).unwrap_or_default();
    let id = current.as_ref().map(|c| c.id).unwrap_or(0);
    let active = current.as_ref().map(|c| c.active).unwrap_or(true);
    let department = current.as_ref().map(|c| c.department_code.clone()).unwrap_or_default();
    let title = if current.is_some() { t(k::INSP_EDIT_INSPECTOR) } else { t(k::INSP_NEW_INSPECTOR) };
    view! {
        <section class="card" aria-labelledby="inspector-form-title">
            <h2 id="inspector-form-title">{title}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="inspector-form">
                <ErrorSummary state=state labels=inspector_labels() />
                <input type="hidden" name="id" value=id />
                <div class="form-grid">
                    <Field state=state name="input[name]" error_name="name" label=k::INSP_INSPECTOR_NAME required=true initial=v(|c| c.name.clone()) />
                    <Field state=state name="input[unit]" error_name="unit" label=k::INSP_UNIT hint=k::INSP_UNIT_HINT required=true initial=v(|c| c.unit.clone()) />
                    <Field state=state name="input[email]" error_name="email" label=k::INSP_EMAIL hint=k::INSP_EMAIL_HINT required=true kind="email" initial=v(|c| c.email.clone()) />
                    <Field state=state name="input[phone]" error_name="phone" label=k::INSP_PHONE initial=v(|c| c.phone.clone()) />
                    <Field state=state name="input[cert_no]" error_name="cert_no" label=k::INSP_CERT_NO required=true initial=v(|c| c.cert_no.clone()) />
                    <Field state=state name="input[cert_valid_until]" error_name="cert_valid_until" label=k::INSP_CERT_VALID_UNTIL hint=k::RATE_HINT_DATE required=true kind="date" initial=v(|c| c.cert_valid_until.clone()) />
                    <Field state=state name="input[districts]" error_name="districts" label=k::INSP_DISTRICTS hint=k::INSP_DISTRICTS_HINT initial=v(|c| c.districts.clone()) />
                    <DepartmentSelect state=state departments=departments initial=department />
                </div>
                <label class="check" for="f-active">
                    <input type="checkbox" id="f-active" name="input[active]" value="on" checked=active />
                    " "{t(k::INSP_ACTIVE)}
                </label>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="inspector-submit">{t(k::INSP_SAVE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn InspectorsTable(page: PageData) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/inspectors/{}", r.id)>{r.name.clone()}</a></td>
                    <td>{r.unit.clone()}</td>
                    <td>{if r.department.is_empty() { t(k::JOINT_BUREAU).to_string() } else { r.department.clone() }}</td>
                    <td class="mono">{r.cert_no.clone()}</td>
                    <td>{r.cert_valid_until.clone()}</td>
                    <td>{if r.districts.is_empty() { t(k::INSP_ALL_DISTRICTS).to_string() } else { r.districts.clone() }}</td>
                    <td>{if r.active { t(k::INSP_ACTIVE) } else { t(k::INSP_INACTIVE) }}</td>
                    <td>{if r.has_account { t(k::INSP_YES) } else { t(k::INSP_NO) }}</td>
                    <td class="num">{r.conflicts.len()}</td>
                    <td class="num">{r.open_targets}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="inspectors-table" caption=k::INSP_DIRECTORY heads=vec![k::INSP_INSPECTOR_NAME, k::INSP_UNIT, k::JOINT_DEPARTMENT, k::INSP_CERT_NO, k::INSP_CERT_VALID_UNTIL, k::INSP_DISTRICTS, k::INSP_STATUS, k::INSP_HAS_ACCOUNT, k::INSP_CONFLICTS, k::INSP_OPEN_TARGETS] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// The directory: search, filter, CSV, import, and the form of a new inspector.
#[component]
pub fn InspectorsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| InspectorFilter {
            q: q.get("q").unwrap_or_default(),
            active: q.get("active").unwrap_or_default(),
            department: q.get("department").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_inspectors);
    let departments = Resource::new(|| (), |_| get_departments());
    view! {
        <p class="breadcrumbs"><a href="/officer/inspections">{t(k::INSP_TITLE)}</a></p>
        <PageHead title=t(k::INSP_DIRECTORY)>
            <ExportCsv path="/officer/inspectors/export.csv" file="inspectors.csv" />
            <a class="btn btn-secondary" href="/officer/inspectors/import">{t(k::INSP_IMPORT)}</a>
        </PageHead>
        {move || {
            let f = filter.get();
            let active = filter_options(&f.active, [("active", t(k::INSP_ACTIVE)), ("inactive", t(k::INSP_INACTIVE))]);
            view! {
                <Form method="GET" action="/officer/inspectors" attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::INSP_SEARCH value=f.q.clone() />
                    <FilterSelect id="filter-active" name="active" label=k::INSP_STATUS>{active}</FilterSelect>
                    {loaded(departments, move |ds: Vec<DepartmentView>| {
                        let bureau = ("bureau".to_string(), t(k::JOINT_BUREAU).to_string());
                        let opts = filter_options(
                            &f.department,
                            std::iter::once(bureau).chain(ds.into_iter().map(|d| (d.code, d.name))),
                        );
                        view! {
                            <FilterSelect id="filter-department" name="department" label=k::JOINT_DEPARTMENT>
                                {opts}
                            </FilterSelect>
                        }
                    })}
                    <FilterSubmit />
                </Form>
            }
        }}
        {loaded(data, |page| view! { <InspectorsTable page=page /> })}
        {loaded(departments, |ds| view! { <InspectorForm current=None departments=ds /> })}
    }
}

#[component]
fn ConflictForm(id: i64) -> impl IntoView {
    let action = ServerAction::<AddConflict>::new();
    let state = FormState::new("insp_conflict", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="conflict-form">
            <ErrorSummary state=state labels=vec![("credit_code", k::FIELD_CREDIT_CODE), ("reason", k::INSP_CONFLICT_REASON)] />
            <input type="hidden" name="id" value=id />
            <div class="form-grid">
                <Field state=state name="input[credit_code]" error_name="credit_code" label=k::FIELD_CREDIT_CODE required=true />
                <Field state=state name="input[reason]" error_name="reason" label=k::INSP_CONFLICT_REASON hint=k::INSP_CONFLICT_REASON_HINT required=true />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="conflict-submit">{t(k::INSP_DECLARE_CONFLICT)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn RemoveConflictForm(conflict: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<RemoveConflict>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    view! {
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name="conflict" value=conflict />
            <button type="submit" class="btn btn-small btn-secondary">{t(k::INSP_REMOVE)}</button>
        </ActionForm>
    }
}

/// One inspector: the form and the declared conflicts.
#[component]
pub fn InspectorPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_inspector);
    let departments = Resource::new(|| (), |_| get_departments());
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/inspectors">{t(k::INSP_DIRECTORY)}</a></p>
        {loaded(data, move |i: InspectorView| {
            let rows = i
                .conflicts
                .iter()
                .map(|c| view! {
                    <tr>
                        <td><a href=format!("/officer/orgs/{}", c.org_id)>{c.org_name.clone()}</a></td>
                        <td class="mono">{c.credit_code.clone()}</td>
                        <td>{c.reason.clone()}</td>
                        <td>{c.declared_on.clone()}</td>
                        <td><RemoveConflictForm conflict=c.id on_done=refresh /></td>
                    </tr>
                })
                .collect_view();
            view! {
                <h1 class="page-title">{i.name.clone()}</h1>
                <p>{if i.has_account { t(k::INSP_ACCOUNT_LINKED) } else { t(k::INSP_ACCOUNT_MISSING) }}</p>
                {let current = i.clone(); loaded(departments, move |ds| view! { <InspectorForm current=Some(current.clone()) departments=ds /> })}
                <h2>{t(k::INSP_CONFLICTS)}</h2>
                <p class="hint">{t(k::INSP_CONFLICTS_HINT)}</p>
                {if i.conflicts.is_empty() {
                    view! { <p class="empty">{t(k::INSP_NO_CONFLICTS)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap" tabindex="0">
                            <table class="data-table" id="conflicts-table">
                                <thead><tr>
                                    <th scope="col">{t(k::FIELD_NAME)}</th>
                                    <th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                                    <th scope="col">{t(k::INSP_CONFLICT_REASON)}</th>
                                    <th scope="col">{t(k::INSP_DECLARED_ON)}</th>
                                    <th scope="col"><span class="visually-hidden">{t(k::INSP_REMOVE)}</span></th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                    }
                    .into_any()
                }}
                <ConflictForm id=i.id />
            }
        })}
    }
}

/// Import of the directory from CSV.
#[component]
pub fn InspectorImportPage() -> impl IntoView {
    let columns = INSPECTOR_COLUMNS
        .iter()
        .chain(std::iter::once(&crate::inspection::types::INSPECTOR_DEPARTMENT_COLUMN))
        .map(|(h, _)| *h)
        .collect::<Vec<_>>()
        .join(", ");
    view! {
        <p class="breadcrumbs"><a href="/officer/inspectors">{t(k::INSP_DIRECTORY)}</a></p>
        <crate::registry::pages::ImportForm
            kind="inspectors"
            title=k::INSP_IMPORT_TITLE
            intro=k::INSP_IMPORT_INTRO
            columns=columns
            upload="/officer/inspectors/import/upload"
        />
    }
}
