//! The officers' list of units with the merges proposed, the form of a new
//! unit, and one unit's form.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{kind_label, kind_options};
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::ui::form::{ErrorSummary, Field, FormState, Select};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{page_param, FilterSubmit, ListTable};
use crate::units::api::{get_unit, get_units, CreateUnit, DismissMerge, MergeUnits, UpdateUnit};
use crate::units::types::{Proposal, UnitRow, UnitsPage as Page};

fn labels() -> Vec<(&'static str, crate::i18n::Key)> {
    vec![
        ("name", k::UNIT_NAME),
        ("code", k::UNIT_CODE),
        ("kind", k::UNIT_KIND),
        ("contact_person", k::UNIT_CONTACT_PERSON),
        ("contact_phone", k::UNIT_CONTACT_PHONE),
        ("contact_email", k::UNIT_CONTACT_EMAIL),
    ]
}

#[component]
fn UnitTable(page: Page) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/units/{}", r.id)>{r.name.clone()}</a></td>
                    <td class="mono">{r.code.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{kind_label(&r.kind)}</td>
                    <td>{r.contact_person.clone()}" "{r.contact_phone.clone()}</td>
                    <td class="num"><a href=format!("/officer/orgs?supervisory={}", crate::ui::table::encode(&r.name))>{r.orgs}</a></td>
                    <td class="num">{r.users}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="units-table" caption=k::UNIT_TITLE heads=vec![k::UNIT_NAME, k::UNIT_CODE, k::UNIT_KIND, k::UNIT_CONTACT, k::UNIT_ORGS, k::UNIT_USERS] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// One proposal: keep either name (the other's organizations move to it), or
/// dismiss it.
#[component]
fn ProposalItem(p: Proposal, n: usize) -> impl IntoView {
    let merge = ServerAction::<MergeUnits>::new();
    let dismiss = ServerAction::<DismissMerge>::new();
    let why = lookup(use_lang(), &format!("unit_why_{}", p.why));
    let side = |keep: &UnitRow, drop: &UnitRow, id: String| {
        let label = tf(k::UNIT_MERGE_KEEP, &[("name", keep.name.clone())]);
        let (keep, drop) = (keep.id, drop.id);
        view! {
            <ActionForm action=merge attr:class="inline-form">
                <input type="hidden" name="input[keep]" value=keep />
                <input type="hidden" name="input[drop]" value=drop />
                <button type="submit" class="btn btn-small btn-primary" id=id>{label}</button>
            </ActionForm>
        }
    };
    view! {
        <li class="card proposal">
            <p>
                <strong>{p.a.name.clone()}</strong>" ("{tf(k::UNIT_ORG_COUNT, &[("n", p.a.orgs.to_string())])}")"
                " · "<strong>{p.b.name.clone()}</strong>" ("{tf(k::UNIT_ORG_COUNT, &[("n", p.b.orgs.to_string())])}")"
            </p>
            <p class="muted">{why}</p>
            <div class="form-actions">
                {side(&p.a, &p.b, format!("merge-{n}-a"))}
                {side(&p.b, &p.a, format!("merge-{n}-b"))}
                <ActionForm action=dismiss attr:class="inline-form">
                    <input type="hidden" name="input[keep]" value=p.a.id />
                    <input type="hidden" name="input[drop]" value=p.b.id />
                    <button type="submit" class="btn btn-small btn-secondary" id=format!("dismiss-{n}")>{t(k::UNIT_DISMISS)}</button>
                </ActionForm>
            </div>
            {move || merge.value().get().map(|r| r.map(|_| ())).or_else(|| dismiss.value().get()).and_then(|r| r.err()).map(|e| view! {
                <p class="field-error" role="alert">{crate::ui::form::error_text(&e)}</p>
            })}
        </li>
    }
}

#[component]
fn Proposals(list: Vec<Proposal>) -> impl IntoView {
    let items = list.into_iter().enumerate().map(|(n, p)| view! { <ProposalItem p=p n=n /> }).collect_view();
    view! {
        <section aria-labelledby="proposals-title">
            <h2 id="proposals-title">{t(k::UNIT_PROPOSALS)}</h2>
            <p class="hint">{t(k::UNIT_PROPOSALS_INTRO)}</p>
            <ul class="plain-list" id="unit-proposals">{items}</ul>
        </section>
    }
}

#[component]
fn NewUnitForm() -> impl IntoView {
    let action = ServerAction::<CreateUnit>::new();
    let state =
        FormState::new("unit_create", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("new");
    view! {
        <section class="card" aria-labelledby="new-unit-title">
            <h2 id="new-unit-title">{t(k::UNIT_NEW)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="unit-form">
                <ErrorSummary state=state labels=labels() />
                <div class="form-grid">
                    <Field state=state name="input[name]" error_name="name" label=k::UNIT_NAME required=true />
                    <Field state=state name="input[code]" error_name="code" label=k::UNIT_CODE hint=k::UNIT_CODE_HINT />
                    <Select state=state name="input[kind]" error_name="kind" label=k::UNIT_KIND options=kind_options() required=true />
                    <Field state=state name="input[contact_person]" error_name="contact_person" label=k::UNIT_CONTACT_PERSON />
                    <Field state=state name="input[contact_phone]" error_name="contact_phone" label=k::UNIT_CONTACT_PHONE kind="tel" />
                    <Field state=state name="input[contact_email]" error_name="contact_email" label=k::UNIT_CONTACT_EMAIL kind="email" hint=k::UNIT_CONTACT_EMAIL_HINT />
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="unit-submit">{t(k::UNIT_CREATE_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The units, the merges proposed and the form of a new unit.
#[component]
pub fn UnitsPage() -> impl IntoView {
    let query = use_query_map();
    let params = Memo::new(move |_| query.with(|q| (q.get("q").unwrap_or_default(), page_param(q))));
    let data = Resource::new(move || params.get(), |(q, page)| get_units(q, page));
    view! {
        <PageHead title=t(k::UNIT_TITLE) />
        <p class="muted">{t(k::UNIT_INTRO)}</p>
        {loaded(data, |page: Page| {
            let proposals = page.proposals.clone();
            view! {
                {(!proposals.is_empty()).then(|| view! { <Proposals list=proposals.clone() /> })}
                <Form method="GET" action="/officer/units" attr:class="table-tools" attr:role="search">
                    <div class="field">
                        <label for="units-q">{t(k::UNIT_SEARCH)}</label>
                        <input id="units-q" name="q" type="search" />
                    </div>
                    <FilterSubmit />
                </Form>
                <UnitTable page=page />
            }
        })}
        <NewUnitForm />
    }
}

/// One unit: its form, filled in.
#[component]
pub fn UnitPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_unit);
    view! {
        <p class="breadcrumbs"><a href="/officer/units">{t(k::UNIT_TITLE)}</a></p>
        {loaded(data, move |u: UnitRow| {
            let action = ServerAction::<UpdateUnit>::new();
            Effect::new(move |_| {
                if let Some(Ok(_)) = action.value().get() {
                    data.refetch();
                }
            });
            let state = FormState::new("unit_update", Signal::derive(move || action.value().get().and_then(|r| r.err())));
            view! {
                <PageHead title=u.name.clone() id="unit-name" />
                <p>
                    {tf(k::UNIT_ORG_COUNT, &[("n", u.orgs.to_string())])}" · "
                    <a href=format!("/officer/orgs?supervisory={}", crate::ui::table::encode(&u.name)) id="unit-orgs">{t(k::UNIT_SEE_ORGS)}</a>
                    " · "{tf(k::UNIT_USER_COUNT, &[("n", u.users.to_string())])}
                </p>
                <section class="card" aria-labelledby="edit-unit-title">
                    <h2 id="edit-unit-title">{t(k::UNIT_EDIT)}</h2>
                    <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="unit-edit-form">
                        <ErrorSummary state=state labels=labels() />
                        <input type="hidden" name="id" value=u.id />
                        <div class="form-grid">
                            <Field state=state name="input[name]" error_name="name" label=k::UNIT_NAME required=true initial=u.name.clone() />
                            <Field state=state name="input[code]" error_name="code" label=k::UNIT_CODE hint=k::UNIT_CODE_HINT initial=u.code.clone().unwrap_or_default() />
                            <Select state=state name="input[kind]" error_name="kind" label=k::UNIT_KIND options=kind_options() required=true initial=u.kind.clone() />
                            <Field state=state name="input[contact_person]" error_name="contact_person" label=k::UNIT_CONTACT_PERSON initial=u.contact_person.clone() />
                            <Field state=state name="input[contact_phone]" error_name="contact_phone" label=k::UNIT_CONTACT_PHONE kind="tel" initial=u.contact_phone.clone() />
                            <Field state=state name="input[contact_email]" error_name="contact_email" label=k::UNIT_CONTACT_EMAIL kind="email" hint=k::UNIT_CONTACT_EMAIL_HINT initial=u.contact_email.clone() />
                        </div>
                        <div class="form-actions">
                            <button type="submit" class="btn btn-primary" id="unit-edit-submit">{t(k::UNIT_UPDATE_SUBMIT)}</button>
                        </div>
                    </ActionForm>
                </section>
            }
        })}
    }
}
