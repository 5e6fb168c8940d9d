//! Pages of charitable trusts: the public list and page; the officers' list,
//! the filing form for a trust company and one trust with its review; the
//! portal's list, filing form and trust. What they share: the labels, the
//! filing form, the trust's facts and history, the forms of a change and a
//! yearly report.

mod forms;
mod officer;
mod portal;
mod public;

pub use officer::{NewTrustPage, TrustPage, TrustsPage};
pub use portal::{MyNewTrustPage, MyTrustPage, MyTrustsPage};
pub use public::{PublicTrustPage, PublicTrustsPage};

use leptos::prelude::*;

use crate::domain::money::display_yuan;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::trust::types::{TrustDetail, TrustRow};

/// A stored word translated through `tr_<group>_<value>`.
pub fn label(group: &str, value: &str) -> String {
    lookup(use_lang(), &format!("tr_{group}_{value}"))
}

/// An amount of 分 as yuan for reading.
fn yuan(fen: i64) -> String {
    format!("¥{}", display_yuan(fen))
}

/// A filing's state as a badge.
#[component]
pub fn StateBadge(state: String) -> impl IntoView {
    let class = match state.as_str() {
        "accepted" => "badge badge-active",
        "returned" => "badge badge-revoked",
        _ => "badge badge-warning",
    };
    view! { <span class=class>{label("state", &state)}</span> }
}

/// The trust's term in words.
fn term(start: &str, end: &Option<String>) -> String {
    match end {
        Some(end) => tf(k::TR_TERM_FIXED, &[("start", start.to_string()), ("end", end.clone())]),
        None => tf(k::TR_TERM_PERPETUAL, &[("start", start.to_string())]),
    }
}

/// "N days late", or nothing when on time.
fn late(days: i32) -> Option<impl IntoView> {
    (days > 0).then(
        || view! { " "<span class="badge badge-revoked">{tf(k::TR_DAYS_LATE, &[("days", days.to_string())])}</span> },
    )
}

/// The rows of a list of trusts; `base` is the page a trust's link goes to.
fn rows_of(rows: &[TrustRow], base: &'static str) -> impl IntoView {
    rows.iter()
        .map(|r| {
            let overdue = (!r.overdue_years.is_empty()).then(|| {
                let years = r.overdue_years.iter().map(i32::to_string).collect::<Vec<_>>().join("、");
                view! { <span class="badge badge-revoked">{tf(k::TR_REPORT_OVERDUE, &[("years", years)])}</span> }
            });
            view! {
                <tr id=format!("trust-{}", r.id)>
                    <td><a href=format!("{base}/{}", r.id)>{r.name.clone()}</a></td>
                    <td class="nowrap">{r.filing_no.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{r.trustee_name.clone()}<br /><span class="muted">{label("kind", &r.trustee_kind)}</span></td>
                    <td class="num">{yuan(r.size_fen)}</td>
                    <td class="nowrap">{r.filed_on.clone()}{late(r.days_late)}</td>
                    <td><StateBadge state=r.state.clone() />" "{overdue}</td>
                </tr>
            }
        })
        .collect_view()
}

/// The heads of [`rows_of`].
fn heads() -> Vec<crate::i18n::Key> {
    vec![k::TR_NAME, k::TR_FILING_NO, k::TR_TRUSTEE, k::TR_SIZE, k::TR_FILED_ON, k::TR_STATE]
}

/// What the trust is: the filing as filed (public: settlors who are natural
/// persons masked; no contact, no contract, no return reason).
#[component]
fn TrustFacts(d: TrustDetail, #[prop(optional)] contract_href: Option<String>) -> impl IntoView {
    let lang = use_lang();
    let settlors = d
        .settlors
        .iter()
        .map(|s| {
            let kind = if s.person { t(k::TR_SETTLOR_PERSON) } else { t(k::TR_SETTLOR_ORG) };
            view! { <li>{s.name.clone()}" "<span class="muted">"("{kind}")"</span></li> }
        })
        .collect_view();
    let purposes = d.purposes.iter().map(|p| lookup(lang, &format!("tr_purpose_{p}"))).collect::<Vec<_>>().join("；");
    let contract = d.contract.clone().zip(contract_href).map(|(name, href)| {
        view! { <dt>{t(k::TR_CONTRACT)}</dt><dd><a href=href id="trust-contract" rel="external">{name}</a></dd> }
    });
    let contact = (!d.contact_email.is_empty())
        .then(|| view! { <dt>{t(k::TR_CONTACT_EMAIL)}</dt><dd>{d.contact_email.clone()}</dd> });
    let returned = d.return_reason.clone().map(|r| {
        view! { <dt>{t(k::TR_RETURN_REASON)}</dt><dd class="pre-line" id="trust-return-reason">{r}</dd> }
    });
    view! {
        <dl class="kv" id="trust-facts">
            <dt>{t(k::TR_FILING_NO)}</dt><dd id="trust-filing-no">{d.filing_no.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(k::TR_TRUSTEE)}</dt><dd>{d.trustee_name.clone()}" "<span class="muted">"("{label("kind", &d.trustee_kind)}")"</span></dd>
            {contact}
            <dt>{t(k::TR_SETTLORS)}</dt><dd><ul class="plain" id="trust-settlors">{settlors}</ul></dd>
            <dt>{t(k::TR_SUPERVISOR)}</dt><dd>{if d.supervisor.is_empty() { t(k::TR_NO_SUPERVISOR).to_string() } else { d.supervisor.clone() }}</dd>
            <dt>{t(k::TR_PURPOSES)}</dt><dd>{purposes}{(!d.purpose_note.is_empty()).then(|| view! { <p class="pre-line">{d.purpose_note.clone()}</p> })}</dd>
            <dt>{t(k::TR_SIZE)}</dt><dd class="num" id="trust-size">{yuan(d.size_fen)}</dd>
            <dt>{t(k::TR_TERM)}</dt><dd>{term(&d.start_on, &d.end_on)}</dd>
            <dt>{t(k::TR_BENEFICIARIES)}</dt><dd class="pre-line">{d.beneficiaries.clone()}</dd>
            <dt>{t(k::TR_SIGNED_ON)}</dt><dd>{d.signed_on.clone()}</dd>
            <dt>{t(k::TR_FILED_ON)}</dt>
            <dd id="trust-filed-on">{d.filed_on.clone()}" "<span class="muted">{tf(k::TR_FILING_DUE, &[("day", d.filing_due.clone())])}</span>{late(d.days_late)}</dd>
            {returned}
            {contract}
        </dl>
    }
}

/// The changes filed and the yearly reports, with the reports overdue.
#[component]
fn TrustHistory(d: TrustDetail) -> impl IntoView {
    let lang = use_lang();
    let changes = d
        .changes
        .iter()
        .map(|c| {
            let kinds = c.kinds.iter().map(|x| lookup(lang, &format!("tr_change_{x}"))).collect::<Vec<_>>().join("、");
            let days = if c.first_on == c.last_on { c.first_on.clone() } else { format!("{} – {}", c.first_on, c.last_on) };
            let size = c.new_size_fen.map(|n| {
                view! { <p>{tf(k::TR_SIZE_CHANGED, &[("old", yuan(c.old_size_fen.unwrap_or(0))), ("new", yuan(n))])}</p> }
            });
            view! {
                <tr>
                    <td>{kinds}</td>
                    <td class="nowrap">{days}</td>
                    <td class="pre-line">{c.description.clone()}{size}</td>
                    <td class="nowrap">{c.due_on.clone()}</td>
                    <td class="nowrap">{c.filed_on.clone()}{late(c.days_late)}</td>
                </tr>
            }
        })
        .collect_view();
    let reports = d
        .reports
        .iter()
        .map(|r| {
            view! {
                <tr id=format!("report-{}", r.year)>
                    <th scope="row">{r.year}</th>
                    <td class="num">{yuan(r.income_fen)}</td>
                    <td class="num">{yuan(r.spending_fen)}</td>
                    <td class="num">{yuan(r.charitable_fen)}</td>
                    <td class="num">{yuan(r.assets_fen)}</td>
                    <td class="nowrap">{r.filed_on.clone()}{late(r.days_late)}</td>
                </tr>
            }
        })
        .collect_view();
    let overdue = (!d.overdue_years.is_empty()).then(|| {
        let years = d.overdue_years.iter().map(i32::to_string).collect::<Vec<_>>().join("、");
        view! { <p class="flash flash-error" id="trust-overdue">{tf(k::TR_REPORT_OVERDUE, &[("years", years)])}</p> }
    });
    view! {
        <section aria-labelledby="changes-title">
            <h2 id="changes-title">{t(k::TR_CHANGES)}</h2>
            {if d.changes.is_empty() {
                view! { <p class="empty">{t(k::TR_NO_CHANGES)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0"><table class="data-table" id="changes-table">
                        <caption class="visually-hidden">{t(k::TR_CHANGES)}</caption>
                        <thead><tr>
                            <th scope="col">{t(k::TR_CHANGE_KINDS)}</th><th scope="col">{t(k::TR_CHANGED_ON)}</th>
                            <th scope="col">{t(k::TR_DESCRIPTION)}</th><th scope="col">{t(k::TR_DUE_ON)}</th>
                            <th scope="col">{t(k::TR_FILED_ON)}</th>
                        </tr></thead>
                        <tbody>{changes}</tbody>
                    </table></div>
                }
                .into_any()
            }}
        </section>
        <section aria-labelledby="reports-title">
            <h2 id="reports-title">{t(k::TR_REPORTS)}</h2>
            {overdue}
            {if d.reports.is_empty() {
                view! { <p class="empty">{t(k::TR_NO_REPORTS)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0"><table class="data-table" id="reports-table">
                        <caption class="visually-hidden">{t(k::TR_REPORTS)}</caption>
                        <thead><tr>
                            <th scope="col">{t(k::TR_YEAR)}</th><th scope="col">{t(k::TR_INCOME)}</th>
                            <th scope="col">{t(k::TR_SPENDING)}</th><th scope="col">{t(k::TR_CHARITABLE)}</th>
                            <th scope="col">{t(k::TR_ASSETS)}</th><th scope="col">{t(k::TR_FILED_ON)}</th>
                        </tr></thead>
                        <tbody>{reports}</tbody>
                    </table></div>
                }
                .into_any()
            }}
        </section>
    }
}
