use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{loaded, sector_label, type_label, StatusBadge};
use crate::domain::{money, term};
use crate::i18n::{k, lookup, t, tf, use_lang, Key};
use crate::registry::api::{get_org_detail, get_public_org, ActOrg};
use crate::registry::types::{EventView, OrgDetail, PublicOrg};
use crate::ui::form::{ErrorSummary, Field, FormState, TextArea};
use crate::ui::head::PageHead;

fn use_id() -> impl Fn() -> i64 + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

fn field_label(field: &str) -> String {
    lookup(use_lang(), &format!("field_{field}"))
}

fn event_label(kind: &str) -> String {
    lookup(use_lang(), &format!("event_{kind}"))
}

/// The registered items everyone may see.
#[component]
pub fn Facts(o: PublicOrg) -> impl IntoView {
    let capital = money::parse_yuan(&o.capital).map(money::display_yuan).unwrap_or(o.capital.clone());
    view! {
        <dl class="kv">
            <dt>{t(k::FIELD_CREDIT_CODE)}</dt><dd class="mono" id="org-code">{o.credit_code.clone()}</dd>
            <dt>{t(k::FIELD_ORG_TYPE)}</dt><dd>{type_label(&o.org_type)}</dd>
            <dt>{t(k::FIELD_STATUS)}</dt>
            <dd>
                <StatusBadge status=o.status.clone() />
                {o.status_date.clone().map(|d| view! { " "<span class="muted">{d}</span> })}
                {o.status_reason.clone().map(|r| view! { <p class="muted">{r}</p> })}
            </dd>
            <dt>{t(k::FIELD_LEGAL_REP)}</dt><dd>{o.legal_rep.clone()}</dd>
            <dt>{t(k::FIELD_DOMICILE)}</dt><dd>{o.domicile.clone()}</dd>
            <dt>{t(k::FIELD_DISTRICT)}</dt><dd>{crate::domain::seeded::shown(&o.district)}</dd>
            <dt>{t(k::FIELD_CAPITAL)}</dt><dd>{capital}" "{t(k::UNIT_YUAN)}</dd>
            <dt>{t(k::FIELD_SUPERVISORY_UNIT)}</dt><dd>{o.supervisory_unit.clone().unwrap_or_else(|| t(k::DIRECT_REGISTRATION).to_string())}</dd>
            <dt>{t(k::FIELD_REGISTRATION_DATE)}</dt><dd>{o.registration_date.clone()}</dd>
            <dt>{t(k::FIELD_BUSINESS_SCOPE)}</dt><dd>{o.business_scope.clone()}</dd>
            {o.trade_sector.clone().map(|s| view! {
                <dt>{t(k::FIELD_TRADE_SECTOR)}</dt><dd id="org-trade-sector">{t(k::TRADE_ASSOCIATION)}" · "{sector_label(&s)}</dd>
            })}
        </dl>
    }
}

/// The registration history as a timeline.
#[component]
fn History(events: Vec<EventView>) -> impl IntoView {
    let items = events
        .into_iter()
        .map(|e| {
            let changes = e
                .changes
                .iter()
                .map(|c| {
                    view! { <li>{field_label(&c.field)}": "<del>{c.before.clone()}</del>" → "<ins>{c.after.clone()}</ins></li> }
                })
                .collect_view();
            view! {
                <li>
                    <time datetime=e.date.clone()>{e.date.clone()}</time>
                    " "<strong>{event_label(&e.kind)}</strong>
                    {(!e.note.is_empty()).then(|| view! { <p>{e.note.clone()}</p> })}
                    <ul>{changes}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="history-title">
            <h2 id="history-title">{t(k::HISTORY_TITLE)}</h2>
            <ol class="timeline" id="history">{items}</ol>
        </section>
    }
}

#[component]
pub fn PublicOrgPage() -> impl IntoView {
    let id = use_id();
    let data = Resource::new(id, get_public_org);
    let conclusions = Resource::new(id, crate::reports::api::get_public_conclusions);
    let credit = Resource::new(id, crate::credit::api::get_public_credit);
    let rating = Resource::new(id, crate::rating::api::get_public_rating);
    let decisions = Resource::new(id, crate::penalty::api::get_org_decisions);
    view! {
        <p class="breadcrumbs"><a href="/public/orgs">{t(k::NAV_PUBLIC_SEARCH)}</a></p>
        // The credit, rating and report sections belong to an organization
        // that exists: an unknown id shows "not found" and nothing else.
        {loaded(data, move |o| {
                    let history = o.history.clone();
                    view! {
                        <h1 class="page-title">{o.name.clone()}</h1>
                        <Facts o=o />
                        <History events=history />
                        {loaded(credit, |c| view! { <crate::credit::pages::PublicCreditStatus credit=c /> })}
                        {loaded(decisions, |list| view! { <crate::penalty::pages::PublicOrgDecisions list=list /> })}
                        {loaded(rating, |grade| view! { <crate::rating::pages::PublicRatingSection grade=grade /> })}
                        {loaded(conclusions, |list| view! { <crate::reports::pages::PublicConclusions list=list /> })}
                    }
                    .into_any()
                })}
    }
}

/// Contacts and term, which only officers and the organization see.
#[component]
fn PrivateFacts(d: OrgDetail) -> impl IntoView {
    let term_note = match term::state_from_days(d.term_days_left) {
        term::TermState::Overdue { days } => {
            view! { <span class="badge badge-revoked">{tf(k::TERM_OVERDUE, &[("days", days.to_string())])}</span> }
                .into_any()
        }
        term::TermState::DueSoon { days_left } => {
            view! { <span class="badge badge-warning">{tf(k::TERM_DUE, &[("days", days_left.to_string())])}</span> }
                .into_any()
        }
        term::TermState::Current => ().into_any(),
    };
    view! {
        <dl class="kv">
            <dt>{t(k::FIELD_CONTACT_PERSON)}</dt><dd>{d.contact_person.clone()}</dd>
            <dt>{t(k::FIELD_CONTACT_PHONE)}</dt><dd>{d.contact_phone.clone()}</dd>
            <dt>{t(k::FIELD_CONTACT_EMAIL)}</dt><dd>{d.contact_email.clone()}</dd>
            <dt>{t(k::FIELD_CHARTER_APPROVED_ON)}</dt><dd>{d.charter_approved_on.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(k::FIELD_TERM)}</dt><dd>{d.term_start.clone()}" — "{d.term_end.clone()}" "{term_note}</dd>
        </dl>
    }
}

/// One registration act (charter, term renewal, deregistration, revocation).
#[component]
fn ActForm(id: i64, act: &'static str, title: Key, submit: Key, needs_reason: bool, danger: bool) -> impl IntoView {
    let action = ServerAction::<ActOrg>::new();
    let form = format!("act_{act}");
    let state = FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped(act);
    let class = if danger { "btn btn-danger" } else { "btn btn-primary" };
    view! {
        <section class="card" id=format!("act-{act}")>
            <h3>{t(title)}</h3>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <ErrorSummary state=state labels=vec![("date", k::FIELD_ACT_DATE), ("reason", k::FIELD_REASON), ("act", k::FIELD_ACT)] />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="input[act]" value=act />
                <Field state=state name="input[date]" error_name="date" label=k::FIELD_ACT_DATE kind="date" required=true />
                <TextArea state=state name="input[reason]" error_name="reason" label=k::FIELD_REASON required=needs_reason />
                <div class="form-actions"><button type="submit" class=class>{t(submit)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn OrgDetailPage() -> impl IntoView {
    let id = use_id();
    let data = Resource::new(id, get_org_detail);
    view! {
        <p class="breadcrumbs"><a href="/officer/orgs">{t(k::REGISTRY_TITLE)}</a></p>
        {loaded(data, move |d| {
                    let o = d.public.clone();
                    let active = o.status == "active";
                    let id = o.id;
                    let history = o.history.clone();
                    let annulled = d.annulled_revocation.clone();
                    let trade = o.trade_sector.is_some();
                    view! {
                        <PageHead title=o.name.clone()>
                            {active.then(|| view! { <a class="btn btn-primary" href=format!("/officer/orgs/{id}/change")>{t(k::CHANGE_TITLE)}</a> })}
                            <a class="btn btn-secondary" href=format!("/public/orgs/{id}")>{t(k::VIEW_PUBLIC_PAGE)}</a>
                        </PageHead>
                        <Facts o=o />
                        <PrivateFacts d=d />
                        {active.then(|| view! {
                            <h2>{t(k::ACTS_TITLE)}</h2>
                            <div class="cards">
                                <ActForm id=id act="charter" title=k::ACT_CHARTER submit=k::ACT_CHARTER needs_reason=false danger=false />
                                <ActForm id=id act="term_renewal" title=k::ACT_TERM_RENEWAL submit=k::ACT_TERM_RENEWAL needs_reason=false danger=false />
                                <ActForm id=id act="deregister" title=k::ACT_DEREGISTER submit=k::ACT_DEREGISTER needs_reason=true danger=true />
                                <ActForm id=id act="revoke" title=k::ACT_REVOKE submit=k::ACT_REVOKE needs_reason=true danger=true />
                            </div>
                        })}
                        // A revocation whose decision was annulled: the registry may reinstate.
                        {annulled.filter(|_| !active).map(|a| view! {
                            <h2>{t(k::ACTS_TITLE)}</h2>
                            <p class="notice" id="reinstate-basis">
                                {tf(k::REG_REINSTATE_HINT, &[("number", a.decision_number.clone()), ("day", a.annulled_on.clone())])}" "
                                <a href=format!("/officer/cases/{}", a.case_id)>{t(k::REG_REINSTATE_CASE)}</a>
                            </p>
                            <div class="cards">
                                <ActForm id=id act="reinstate" title=k::ACT_REINSTATE submit=k::ACT_REINSTATE needs_reason=true danger=false />
                            </div>
                        })}
                        {trade.then(|| view! { <crate::trade::pages::OrgTradePanel org_id=id /> })}
                        <History events=history />
                    }
                    .into_any()
                })}
        <crate::party::pages::PartyPanel org_id=Signal::derive(id) />
    }
}
