//! Pages of charities: the public list, detail (timeline, charts) and
//! transparency ranking; officers' list, detail with recognition,
//! qualification, complaints and the risk grade, and overdue disclosures; the
//! charity's portal pages for plans and disclosures.

mod officer;
mod portal;
mod public;

pub use officer::{OfficerCharityList, OfficerCharityPage, OverduePage};
pub use portal::{PortalCharityPage, PortalPlanPage};
pub use public::{PublicCharityList, PublicCharityPage, RankingPage};

use leptos::prelude::*;

use crate::charity::types::{due_label_in, CharityDetail, DueView, PlanView, TimelineItem};
use crate::domain::charity::permille;
use crate::domain::money::display_money;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::ui::chart::{Bar, TargetBars};

/// A stored word translated through `ch_<group>_<value>`.
pub fn label(group: &str, value: &str) -> String {
    lookup(use_lang(), &format!("ch_{group}_{value}"))
}

/// What a disclosure due is, in the page's language (`due_label_in`).
pub fn due_label(kind: &str, period_no: i32) -> String {
    due_label_in(use_lang(), kind, period_no)
}

pub fn yuan(fen: i64) -> String {
    display_money(fen)
}

/// The qualification as a badge.
#[component]
pub fn QualificationBadge(qualified: bool) -> impl IntoView {
    if qualified {
        view! { <span class="badge badge-active">{t(k::CH_QUALIFIED)}</span> }.into_any()
    } else {
        view! { <span class="badge">{t(k::CH_NOT_QUALIFIED)}</span> }.into_any()
    }
}

/// The charity's recognition and qualification facts.
#[component]
pub fn CharityFacts(d: CharityDetail) -> impl IntoView {
    view! {
        <dl class="kv" id="charity-facts">
            <dt>{t(k::FIELD_CREDIT_CODE)}</dt><dd class="mono">{d.credit_code.clone()}</dd>
            <dt>{t(k::FIELD_ORG_TYPE)}</dt><dd>{crate::ui::load::type_label(&d.org_type)}</dd>
            <dt>{t(k::CH_RECOGNIZED_ON)}</dt><dd>{d.recognized_on.clone()}</dd>
            <dt>{t(k::CH_QUALIFICATION)}</dt>
            <dd id="charity-qualification">
                <QualificationBadge qualified=d.qualified />
                {d.qualified.then(|| format!(" {} · {}", d.certificate_no.clone().unwrap_or_default(), d.qualified_on.clone().unwrap_or_default()))}
                {d.withdrawn_on.clone().map(|w| format!(" {} {}：{}", t(k::CH_WITHDRAWN_ON), w, d.withdraw_reason.clone().unwrap_or_default()))}
            </dd>
            <dt>{t(k::CH_TRANSPARENCY)}</dt>
            <dd id="charity-transparency">
                {d.transparency.map(|i| i.to_string()).unwrap_or_else(|| t(k::CH_NO_INDEX).to_string())}
                " "<span class="muted">{tf(k::CH_COUNTS, &[("due", d.counts.0.to_string()), ("made", d.counts.1.to_string()), ("on_time", d.counts.2.to_string()), ("complete", d.counts.3.to_string())])}</span>
            </dd>
        </dl>
    }
}

/// The charts of a charity's plans: raised against target, spent against
/// raised, drawn on the server; the numbers are in the table below them.
#[component]
pub fn PlanCharts(plans: Vec<PlanView>) -> impl IntoView {
    if plans.is_empty() {
        return ().into_any();
    }
    let raised: Vec<Bar> = plans
        .iter()
        .map(|p| Bar { label: p.filing_no.clone(), permille: permille(p.raised_fen, p.target_fen) })
        .collect();
    let spent: Vec<Bar> = plans
        .iter()
        .map(|p| Bar { label: p.filing_no.clone(), permille: permille(p.spent_fen, p.raised_fen) })
        .collect();
    let rows = plans
        .iter()
        .map(|p| {
            view! {
                <tr>
                    <td class="mono">{p.filing_no.clone()}</td>
                    <td>{p.title.clone()}</td>
                    <td class="num">{yuan(p.target_fen)}</td>
                    <td class="num">{yuan(p.raised_fen)}</td>
                    <td class="num">{crate::ui::chart::percent(permille(p.raised_fen, p.target_fen))}</td>
                    <td class="num">{yuan(p.spent_fen)}</td>
                    <td class="num">{crate::ui::chart::percent(permille(p.spent_fen, p.raised_fen))}</td>
                    <td class="num">{yuan(p.cost_fen)}" / "{yuan(p.cost_budget_fen)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="charity-charts" aria-labelledby="charts-title">
            <h2 id="charts-title">{t(k::CH_CHARTS)}</h2>
            <div class="chart-grid">
                <div class="card" id="chart-raised">
                    <h3>{t(k::CH_CHART_RAISED)}</h3>
                    <TargetBars title=t(k::CH_CHART_RAISED).to_string() bars=raised target=1000 target_label=t(k::CH_TARGET_LINE).to_string() data_in="amounts-table" />
                </div>
                <div class="card" id="chart-spent">
                    <h3>{t(k::CH_CHART_SPENT)}</h3>
                    <TargetBars title=t(k::CH_CHART_SPENT).to_string() bars=spent target=700 target_label="70%".to_string() data_in="amounts-table" />
                </div>
            </div>
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="amounts-table">
                    <caption>{t(k::CH_AMOUNTS)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t(k::CH_FILING_NO)}</th>
                            <th scope="col">{t(k::CH_PLAN_TITLE)}</th>
                            <th scope="col">{t(k::CH_TARGET)}</th>
                            <th scope="col">{t(k::CH_RAISED)}</th>
                            <th scope="col">{t(k::CH_RAISED_SHARE)}</th>
                            <th scope="col">{t(k::CH_SPENT)}</th>
                            <th scope="col">{t(k::CH_SPENT_SHARE)}</th>
                            <th scope="col">{t(k::CH_COST_OF_BUDGET)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// Plans, changes and disclosures as one timeline, newest first.
#[component]
pub fn Timeline(items: Vec<TimelineItem>) -> impl IntoView {
    if items.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let items = items
        .into_iter()
        .map(|i| {
            let class = format!("timeline-item timeline-{}", i.kind);
            view! {
                <li class=class>
                    <time datetime=i.date.clone()>{i.date.clone()}</time>
                    " "<strong>{label("event", &i.kind)}</strong>
                    " "<span>{i.text.clone()}</span>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" id="timeline">{items}</ol> }.into_any()
}

/// The disclosures a charity owes, with their deadlines and state.
#[component]
pub fn DuesTable(dues: Vec<DueView>) -> impl IntoView {
    if dues.is_empty() {
        return view! { <p class="empty">{t(k::CH_NO_DUES)}</p> }.into_any();
    }
    let rows = dues
        .into_iter()
        .map(|d| {
            let state = match (&d.disclosed_on, d.overdue) {
                (Some(on), _) if on.as_str() > d.due_on.as_str() => {
                    view! { <span class="badge">{tf(k::CH_MADE_LATE, &[("date", on.clone())])}</span> }.into_any()
                }
                (Some(on), _) => {
                    view! { <span class="badge badge-active">{tf(k::CH_MADE_ON, &[("date", on.clone())])}</span> }
                        .into_any()
                }
                (None, true) => view! { <span class="badge badge-revoked">{t(k::CH_OVERDUE)}</span> }.into_any(),
                (None, false) => view! { <span>{t(k::CH_NOT_YET)}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td class="mono">{d.filing_no.clone()}</td>
                    <td>{due_label(&d.kind, d.period_no)}</td>
                    <td>{d.due_on.clone()}</td>
                    <td>{state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="dues-table">
                <caption class="visually-hidden">{t(k::CH_DUES)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(k::CH_FILING_NO)}</th>
                        <th scope="col">{t(k::CH_DUE_WHAT)}</th>
                        <th scope="col">{t(k::CH_DUE_ON)}</th>
                        <th scope="col">{t(k::CH_DUE_STATE)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// Every filed item of a plan, its changes and its disclosures.
#[component]
pub fn PlanCard(p: PlanView) -> impl IntoView {
    let changes = p
        .changes
        .iter()
        .map(|c| {
            let fields = c
                .fields
                .iter()
                .map(|(f, b, a)| view! { <li>{label("field", f)}": "<del>{b.clone()}</del>" → "<ins>{a.clone()}</ins></li> })
                .collect_view();
            view! {
                <li>
                    <time>{c.changed_on.clone()}</time>" "<strong>{label("event", &format!("plan_{}", c.kind))}</strong>
                    {(!c.reason.is_empty()).then(|| format!("：{}", c.reason))}
                    <ul>{fields}</ul>
                </li>
            }
        })
        .collect_view();
    let disclosures = p
        .disclosures
        .iter()
        .map(|d| {
            view! {
                <tr>
                    <td>{due_label(&d.kind, d.period_no)}</td>
                    <td>{d.disclosed_on.clone()}</td>
                    <td class="num">{yuan(d.raised_fen)}</td>
                    <td class="num">{yuan(d.spent_fen)}</td>
                    <td class="num">{yuan(d.cost_fen)}</td>
                    <td class="num">{yuan(d.off_plan_fen)}</td>
                    <td>{d.uses.clone()}</td>
                </tr>
            }
        })
        .collect_view();
    let id = format!("plan-{}", p.id);
    view! {
        <article class="card plan-card" id=id>
            <h3>
                <span class="mono">{p.filing_no.clone()}</span>" "{p.title.clone()}" "
                <span class=format!("badge plan-{}", p.status)>{label("status", &p.status)}</span>
                {p.off_plan.then(|| view! { " "<span class="badge badge-revoked">{t(k::CH_OFF_PLAN)}</span> })}
            </h3>
            <dl class="kv">
                <dt>{t(k::CH_PURPOSE)}</dt><dd>{p.purpose.clone()}</dd>
                <dt>{t(k::CH_PERIOD)}</dt><dd>{p.start_on.clone()}" – "{p.end_on.clone()}{p.terminated_on.clone().map(|d| format!("（{} {}）", t(k::CH_TERMINATED_ON), d))}</dd>
                <dt>{t(k::CH_REGION)}</dt><dd>{p.region.clone()}</dd>
                <dt>{t(k::CH_METHOD)}</dt><dd>{label("method", &p.method)}{(!p.platform.is_empty()).then(|| format!(" · {}", p.platform))}</dd>
                <dt>{t(k::CH_TARGET)}</dt><dd>{yuan(p.target_fen)}</dd>
                <dt>{t(k::CH_USES)}</dt><dd>{p.uses.clone()}</dd>
                <dt>{t(k::CH_BENEFICIARIES)}</dt><dd>{p.beneficiaries.clone()}</dd>
                <dt>{t(k::CH_BANK_ACCOUNT)}</dt><dd>{p.bank_account.clone()}</dd>
                <dt>{t(k::CH_PERSON)}</dt><dd>{p.person_in_charge.clone()}" · "{p.office_address.clone()}</dd>
                <dt>{t(k::CH_COST_BUDGET)}</dt><dd>{yuan(p.cost_budget_fen)}</dd>
                <dt>{t(k::CH_LEFTOVER)}</dt><dd>{p.leftover.clone()}</dd>
                <dt>{t(k::CH_FILED_ON)}</dt><dd>{p.filed_on.clone()}{p.emergency.then(|| format!(" · {}", t(k::CH_EMERGENCY)))}" · "{tf(k::CH_VERSION, &[("n", p.version.to_string())])}</dd>
            </dl>
            <h4>{t(k::CH_HISTORY)}</h4>
            <ul class="plan-history">{changes}</ul>
            <h4>{t(k::CH_DISCLOSURES)}</h4>
            {if p.disclosures.is_empty() {
                view! { <p class="empty">{t(k::CH_NO_DISCLOSURES)}</p> }.into_any()
            } else {
                view! {
                    <div class="table-wrap" tabindex="0">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">{t(k::CH_DUE_WHAT)}</th>
                                    <th scope="col">{t(k::CH_DISCLOSED_ON)}</th>
                                    <th scope="col">{t(k::CH_RAISED)}</th>
                                    <th scope="col">{t(k::CH_SPENT)}</th>
                                    <th scope="col">{t(k::CH_COST)}</th>
                                    <th scope="col">{t(k::CH_OFF_PLAN_AMOUNT)}</th>
                                    <th scope="col">{t(k::CH_USES_SPENT)}</th>
                                </tr>
                            </thead>
                            <tbody>{disclosures}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </article>
    }
}
