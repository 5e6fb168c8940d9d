//! Pages of the trade associations' records: the organization's portal
//! page, the officers' page of an organization (and the panel on its
//! registry page), the officers' list of anomalies, and the section of an
//! annual report. Every form posts without JavaScript.

mod anomalies;
mod forms;

pub use anomalies::AnomaliesPage;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::i18n::{k, lookup, t, use_lang, Lang};
use crate::trade::api::{get_my_trade, get_org_trade, get_report_trade, RemoveTradeRecord};
use crate::trade::types::{TradeRecords, TradeSection};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

/// Reads the page's records again after a form of the page succeeded (with
/// JavaScript on; without it the redirect loads the page afresh).
#[derive(Clone, Copy)]
pub(crate) struct Refetch(pub Callback<()>);

/// Calls the page's [`Refetch`] each time `succeeded` turns true (a form's
/// action answered without an error).
pub(crate) fn refetch_when(succeeded: Signal<bool>) {
    if let Some(Refetch(cb)) = use_context::<Refetch>() {
        Effect::new(move |_| {
            if succeeded.get() {
                cb.run(());
            }
        });
    }
}

fn yes_no(b: bool) -> &'static str {
    t(if b { k::TRADE_YES } else { k::TRADE_NO })
}

fn sector_text(code: &str) -> String {
    crate::domain::trade::sector_name(code, use_lang() == Lang::En)
}

/// A record's anomalies, or "none".
#[component]
fn Anomalies(keys: Vec<String>) -> impl IntoView {
    if keys.is_empty() {
        return view! { <span class="muted">{t(k::TRADE_NO_ANOMALY)}</span> }.into_any();
    }
    let lang = use_lang();
    let items = keys
        .into_iter()
        .map(|a| view! { <li><span class="badge badge-warning">{lookup(lang, &a)}</span></li> })
        .collect_view();
    view! { <ul class="plain anomalies">{items}</ul> }.into_any()
}

/// The withdraw button of a record (its own small form).
#[component]
fn Remove(kind: &'static str, id: i64) -> impl IntoView {
    let action = ServerAction::<RemoveTradeRecord>::new();
    refetch_when(Signal::derive(move || matches!(action.value().get(), Some(Ok(_)))));
    view! {
        <ActionForm action=action attr:class="inline-form">
            <input type="hidden" name="kind" value=kind />
            <input type="hidden" name="id" value=id />
            <button type="submit" class="btn btn-secondary btn-small" id=format!("trade-remove-{kind}-{id}")>{t(k::TRADE_REMOVE)}</button>
        </ActionForm>
        {move || action.value().get().and_then(|r| r.err()).map(|e| view! { <p class="field-error" role="alert">{crate::ui::form::error_text(&e)}</p> })}
    }
}

fn heads(keys: &[crate::i18n::Key], manage: bool) -> impl IntoView {
    let mut v = keys.iter().map(|h| view! { <th scope="col">{t(*h)}</th> }).collect_view().into_any();
    if manage {
        v = view! { {v}<th scope="col">{t(k::TRADE_ACTIONS)}</th> }.into_any();
    }
    v
}

/// The four lists of an organization's records; `manage`: with withdraw buttons.
#[component]
pub fn RecordTables(records: TradeRecords, manage: bool, #[prop(default = "h3")] level: &'static str) -> impl IntoView {
    let lang = use_lang();
    let title = move |key, id: &'static str| match level {
        "h2" => view! { <h2 id=id>{t(key)}</h2> }.into_any(),
        _ => view! { <h3 id=id>{t(key)}</h3> }.into_any(),
    };
    let empty = || view! { <p class="empty">{t(k::TRADE_NONE_FILED)}</p> };
    let fees = if records.fees.is_empty() {
        empty().into_any()
    } else {
        let rows = records
            .fees
            .iter()
            .map(|f| {
                view! {
                    <tr>
                        <td>{f.year}</td>
                        <td>{f.item.clone()}<br /><span class="muted">{lookup(lang, &format!("trade_fee_kind_{}", f.kind))}</span></td>
                        <td>{if f.basis.is_empty() { "—".to_string() } else { f.basis.clone() }}</td>
                        <td>{f.standard.clone()}</td>
                        <td class="num">{f.amount.clone()}</td>
                        <td>{yes_no(f.compulsory)}</td>
                        <td>{yes_no(f.published)}</td>
                        <td><Anomalies keys=f.anomalies.clone() /></td>
                        {manage.then(|| view! { <td><Remove kind="fee" id=f.id /></td> })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="trade-fees">
                    <caption class="visually-hidden">{t(k::TRADE_FEES)}</caption>
                    <thead><tr>{heads(&[k::TRADE_YEAR, k::TRADE_ITEM, k::TRADE_BASIS, k::TRADE_STANDARD, k::TRADE_AMOUNT, k::TRADE_COMPULSORY, k::TRADE_PUBLISHED, k::TRADE_ANOMALIES], manage)}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let branches = if records.branches.is_empty() {
        empty().into_any()
    } else {
        let rows = records
            .branches
            .iter()
            .map(|b| {
                view! {
                    <tr>
                        <td>{b.name.clone()}<br /><span class="muted">{lookup(lang, &format!("trade_branch_kind_{}", b.kind))}</span></td>
                        <td>{b.address.clone()}</td>
                        <td>{b.head.clone()}</td>
                        <td>{b.established_on.clone()}</td>
                        <td>{lookup(lang, &format!("trade_branch_status_{}", b.status))}</td>
                        <td><Anomalies keys=b.anomalies.clone() /></td>
                        {manage.then(|| view! { <td><Remove kind="branch" id=b.id /></td> })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="trade-branches">
                    <caption class="visually-hidden">{t(k::TRADE_BRANCHES)}</caption>
                    <thead><tr>{heads(&[k::TRADE_NAME, k::TRADE_ADDRESS, k::TRADE_HEAD, k::TRADE_ESTABLISHED_ON, k::TRADE_STATUS, k::TRADE_ANOMALIES], manage)}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let awards = if records.awards.is_empty() {
        empty().into_any()
    } else {
        let rows = records
            .awards
            .iter()
            .map(|a| {
                view! {
                    <tr>
                        <td>{a.year}</td>
                        <td>{a.name.clone()}</td>
                        <td>{if a.approval_no.is_empty() { "—".to_string() } else { a.approval_no.clone() }}</td>
                        <td>{if a.approved_by.is_empty() { "—".to_string() } else { a.approved_by.clone() }}</td>
                        <td>{yes_no(a.fee_charged)}</td>
                        <td><Anomalies keys=a.anomalies.clone() /></td>
                        {manage.then(|| view! { <td><Remove kind="award" id=a.id /></td> })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="trade-awards">
                    <caption class="visually-hidden">{t(k::TRADE_AWARDS)}</caption>
                    <thead><tr>{heads(&[k::TRADE_YEAR, k::TRADE_NAME, k::TRADE_APPROVAL_NO, k::TRADE_APPROVED_BY, k::TRADE_FEE_CHARGED, k::TRADE_ANOMALIES], manage)}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let forums = if records.forums.is_empty() {
        empty().into_any()
    } else {
        let rows = records
            .forums
            .iter()
            .map(|f| {
                view! {
                    <tr>
                        <td>{f.held_on.clone()}</td>
                        <td>{f.name.clone()}</td>
                        <td>{if f.co_organizers.is_empty() { "—".to_string() } else { f.co_organizers.clone() }}</td>
                        <td>{yes_no(f.fee_charged)}</td>
                        <td>{if f.approval_ref.is_empty() { "—".to_string() } else { f.approval_ref.clone() }}</td>
                        <td><Anomalies keys=f.anomalies.clone() /></td>
                        {manage.then(|| view! { <td><Remove kind="forum" id=f.id /></td> })}
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="trade-forums">
                    <caption class="visually-hidden">{t(k::TRADE_FORUMS)}</caption>
                    <thead><tr>{heads(&[k::TRADE_HELD_ON, k::TRADE_NAME, k::TRADE_CO_ORGANIZERS, k::TRADE_FEE_CHARGED, k::TRADE_APPROVAL_REF, k::TRADE_ANOMALIES], manage)}</tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        {title(k::TRADE_FEES, "trade-fees-title")}
        {fees}
        {title(k::TRADE_BRANCHES, "trade-branches-title")}
        {branches}
        {title(k::TRADE_AWARDS, "trade-awards-title")}
        {awards}
        {title(k::TRADE_FORUMS, "trade-forums-title")}
        {forums}
    }
}

/// The count of anomalies of an organization's records.
#[component]
fn AnomalyCount(records: TradeRecords) -> impl IntoView {
    let n = records.anomaly_count();
    let class = if n > 0 { "notice notice-warning" } else { "notice" };
    view! {
        <p class=class id="trade-anomaly-count">{crate::i18n::tf(k::TRADE_ANOMALY_COUNT, &[("n", n.to_string())])}</p>
    }
}

/// The records with the forms to file more, for the portal and the officers.
#[component]
fn Manage(records: TradeRecords, org_id: i64) -> impl IntoView {
    let sector = records.sector.clone();
    match sector {
        None => {
            view! { <p class="notice" id="trade-not-association">{t(k::TRADE_NOT_ASSOCIATION_NOTE)}</p> }.into_any()
        }
        Some(s) => view! {
            <p class="muted">{t(k::FIELD_TRADE_SECTOR)}": "{sector_text(&s)}</p>
            <AnomalyCount records=records.clone() />
            <RecordTables records=records manage=true level="h2" />
            <forms::TradeForms org_id=org_id />
        }
        .into_any(),
    }
}

/// `/portal/trade`: the organization's own records.
#[component]
pub fn PortalTradePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_my_trade());
    provide_context(Refetch(Callback::new(move |_| data.refetch())));
    view! {
        <PageHead title=t(k::TRADE_TITLE) />
        <p class="muted">{t(k::TRADE_PORTAL_INTRO)}</p>
        {loaded(data, |r| { let id = r.org_id; view! { <Manage records=r org_id=id /> } })}
    }
}

/// `/officer/orgs/:id/trade`: an organization's records, and the forms.
#[component]
pub fn OfficerOrgTradePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_org_trade);
    provide_context(Refetch(Callback::new(move |_| data.refetch())));
    view! {
        {loaded(data, |r| {
            let id = r.org_id;
            view! {
                <p class="breadcrumbs"><a href="/officer/orgs">{t(k::REGISTRY_TITLE)}</a>" › "<a href=format!("/officer/orgs/{id}")>{r.org_name.clone()}</a></p>
                <PageHead title=t(k::TRADE_TITLE) />
                <Manage records=r org_id=id />
            }
        })}
    }
}

/// The section on the registry's page of a trade association: its records
/// and anomalies, read-only, with the way to the page that files more.
#[component]
pub fn OrgTradePanel(org_id: i64) -> impl IntoView {
    let data = Resource::new(move || org_id, get_org_trade);
    view! {
        <section aria-labelledby="trade-panel-title" id="trade-panel">
            <h2 id="trade-panel-title">{t(k::TRADE_TITLE)}</h2>
            {loaded(data, move |r| view! {
                <AnomalyCount records=r.clone() />
                <RecordTables records=r manage=false />
                <p><a class="btn btn-secondary" href=format!("/officer/orgs/{org_id}/trade") id="trade-manage">{t(k::TRADE_MANAGE)}</a></p>
            })}
        </section>
    }
}

/// The trade-association section of an annual report (nothing for another organization).
#[component]
pub fn ReportTradeSection(report_id: i64) -> impl IntoView {
    let data = Resource::new(move || report_id, get_report_trade);
    view! {
        {loaded(data, |s: Option<TradeSection>| s.map(|s| {
            let kept = s.taken_at.clone();
            view! {
                <section aria-labelledby="report-trade-title" id="report-trade" class="card">
                    <h2 id="report-trade-title">{crate::i18n::tf(k::TRADE_REPORT_SECTION, &[("year", s.year.to_string())])}</h2>
                    <p class="muted">{match kept {
                        Some(at) => crate::i18n::tf(k::TRADE_REPORT_KEPT, &[("at", at)]),
                        None => t(k::TRADE_REPORT_LIVE).to_string(),
                    }}</p>
                    <AnomalyCount records=s.records.clone() />
                    <RecordTables records=s.records manage=false />
                </section>
            }
        }))}
    }
}
