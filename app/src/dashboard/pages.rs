//! The officers' dashboard, the targets form, the printable year-end
//! statistics and the public statistics. Charts are SVG drawn by the server
//! and every chart's numbers are also in a table, so all of it reads without
//! JavaScript.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::api::{get_dashboard, get_public_stats, get_targets, get_year_stats, AddWorkPlan, DeleteTarget, SaveTarget};
use super::types::*;
use crate::domain::dashboard::{format_value, permille, Measure, Share, Unit};
use crate::domain::money::{display_count, display_money};
use crate::i18n::{k, lookup, t, tf, use_lang, Lang};
use crate::ui::chart::{percent, Bar, MonthColumns, ProgressBar, TargetBars, TrendLine};
use crate::ui::form::{ErrorSummary, Field, FormState, Select};
use crate::ui::head::PageHead;
use crate::ui::layout::SectionNav;
use crate::ui::load::loaded;

fn year_param() -> Memo<Option<i32>> {
    let query = use_query_map();
    Memo::new(move |_| query.with(|q| q.get("year").and_then(|y| y.trim().parse::<i32>().ok())))
}

fn measure_label(lang: Lang, measure: &str) -> String {
    lookup(lang, &format!("dash_m_{measure}"))
}

/// A count as pages show it (`12,345`).
fn n(v: u64) -> String {
    display_count(i64::try_from(v).unwrap_or(i64::MAX))
}

/// A year-end figure as shown: money (`28141476.06` in the service, the CSV's
/// plain number) as `¥28,141,476.06`, counts as `12,345`; the report year,
/// percentages and texts as they are.
fn stat_value(key: &str, value: &str) -> String {
    match key {
        "ys_raised" | "ys_spent" | "ys_trusts_size" => {
            crate::domain::money::parse_yuan(value).map(display_money).unwrap_or_else(|_| value.to_string())
        }
        "ys_report_year" => value.to_string(),
        _ => value.parse::<i64>().map(display_count).unwrap_or_else(|_| value.to_string()),
    }
}

fn fmt_percent(v: i64) -> String {
    format_value(v, Unit::Percent)
}

fn fmt_count(v: i64) -> String {
    format_value(v, Unit::Count)
}

fn formatter(unit: Unit) -> fn(i64) -> String {
    match unit {
        Unit::Percent => fmt_percent,
        Unit::Count => fmt_count,
    }
}

#[component]
fn DashNav() -> impl IntoView {
    view! {
        <SectionNav label=k::DASH_NAV links=&[
            ("/officer/dashboard", k::DASH_TITLE),
            ("/officer/dashboard/targets", k::DASH_TARGETS),
            ("/officer/statistics", k::DASH_YEAR_STATS),
            ("/public/statistics", k::DASH_PUBLIC_STATS),
        ] />
    }
}

#[component]
fn YearForm(action: &'static str, year: i32) -> impl IntoView {
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="filter-year">{t(k::DASH_YEAR)}</label>
                <input id="filter-year" type="number" name="year" min="2000" max="2100" value=year />
            </div>
            <div class="form-actions"><button type="submit" class="btn btn-primary" id="year-submit">{t(k::FILTER_SUBMIT)}</button></div>
        </Form>
    }
}

/// A share's parts (by district or by type) as bars against the target,
/// with the same numbers in a table.
#[component]
fn ShareParts(
    id: String,
    title: String,
    parts: Vec<(String, (u64, u64))>,
    target: i64,
    percent_target: bool,
) -> impl IntoView {
    let bars: Vec<Bar> =
        parts.iter().map(|(l, (n, d))| Bar { label: l.clone(), permille: permille(*n, *d) as u64 }).collect();
    let rows = parts
        .iter()
        .map(|(l, (n, d))| {
            view! {
                <tr>
                    <th scope="row">{l.clone()}</th>
                    <td class="num">{*n}</td>
                    <td class="num">{*d}</td>
                    <td class="num">{percent(permille(*n, *d) as u64)}</td>
                </tr>
            }
        })
        .collect_view();
    let target_label = tf(k::DASH_TARGET_LINE, &[("value", percent(target.max(0) as u64))]);
    view! {
        <details class="share-parts">
            <summary>{title.clone()}</summary>
            {percent_target.then(|| view! { <TargetBars title=title.clone() bars=bars target=target.max(0) as u64 target_label=target_label data_in=id.clone() /> })}
            <div class="table-wrap" tabindex="0"><table class="data-table" id=id>
                <caption class="visually-hidden">{title.clone()}</caption>
                <thead><tr><th scope="col">{t(k::DASH_PART)}</th><th scope="col">{t(k::DASH_NUM)}</th><th scope="col">{t(k::DASH_DEN)}</th><th scope="col">{t(k::DASH_SHARE)}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table></div>
        </details>
    }
}

#[component]
fn TargetCard(v: TargetView) -> impl IntoView {
    let lang = use_lang();
    let fmt = formatter(v.unit);
    let title = tf(k::DASH_TREND_OF, &[("name", crate::domain::seeded::shown(&v.name))]);
    let share_parts = v.share.clone().map(|s: Share| {
        let by_district: Vec<(String, (u64, u64))> = s.by_district.into_iter().map(|(d, x)| (crate::domain::seeded::shown(&d), x)).collect();
        let by_type: Vec<(String, (u64, u64))> =
            s.by_type.into_iter().map(|(ty, x)| (lookup(lang, &format!("type_{ty}")), x)).collect();
        let measure = Measure::parse(&v.measure);
        let percent_target = v.unit == Unit::Percent;
        view! {
            <p class="muted">{tf(k::DASH_OF, &[("num", n(s.num)), ("den", n(s.den))])}</p>
            {measure.is_some_and(|m| m.splits()).then(|| view! {
                <ShareParts id=format!("target-{}-by-district", v.id) title=t(k::DASH_BY_DISTRICT).to_string() parts=by_district target=v.target percent_target=percent_target />
                <ShareParts id=format!("target-{}-by-type", v.id) title=t(k::DASH_BY_TYPE).to_string() parts=by_type target=v.target percent_target=percent_target />
            })}
        }
    });
    let id = format!("target-{}", v.id);
    let status = if v.met { t(k::DASH_MET) } else { t(k::DASH_NOT_MET) };
    let status_class = if v.met { "badge badge-active" } else { "badge badge-warning" };
    view! {
        <section class="card target-card" id=id aria-labelledby=format!("target-{}-name", v.id)>
            <h3 id=format!("target-{}-name", v.id)>{crate::domain::seeded::shown(&v.name)}" "<span class=status_class>{status}</span></h3>
            <p class="muted">{measure_label(lang, &v.measure)}</p>
            <p class="target-figures">
                <span class="stat-value target-value">{fmt(v.value)}</span>
                " / "
                <span class="target-goal">{fmt(v.target)}</span>
            </p>
            <ProgressBar progress=v.progress label=tf(k::DASH_PROGRESS, &[("value", percent(v.progress.max(0) as u64))]) />
            <p class="muted">{tf(k::DASH_PROGRESS, &[("value", percent(v.progress.max(0) as u64))])}</p>
            <TrendLine title=title.clone() points=v.trend.clone() target=v.target format=fmt />
            {share_parts}
        </section>
    }
}

#[component]
fn DashboardBody(v: DashboardView) -> impl IntoView {
    let lang = use_lang();
    let targets = if v.targets.is_empty() {
        view! { <p class="empty">{t(k::DASH_NO_TARGETS)}" "<a href=format!("/officer/dashboard/targets?year={}", v.year)>{t(k::DASH_ENTER_TARGETS)}</a></p> }.into_any()
    } else {
        let summary = v
            .targets
            .iter()
            .map(|x| {
                let fmt = formatter(x.unit);
                view! {
                    <tr>
                        <th scope="row"><a href=format!("#target-{}", x.id)>{crate::domain::seeded::shown(&x.name)}</a></th>
                        <td class="num">{fmt(x.target)}</td>
                        <td class="num">{fmt(x.value)}</td>
                        <td class="num">{percent(x.progress.max(0) as u64)}</td>
                        <td>{if x.met { t(k::DASH_MET) } else { t(k::DASH_NOT_MET) }}</td>
                    </tr>
                }
            })
            .collect_view();
        let cards = v.targets.iter().cloned().map(|x| view! { <TargetCard v=x /> }).collect_view();
        view! {
            <div class="table-wrap" tabindex="0"><table class="data-table" id="targets-table">
                <caption>{tf(k::DASH_TARGETS_OF, &[("year", v.year.to_string())])}</caption>
                <thead><tr>
                    <th scope="col">{t(k::DASH_TARGET_NAME)}</th>
                    <th scope="col">{t(k::DASH_TARGET_VALUE)}</th>
                    <th scope="col">{t(k::DASH_CURRENT)}</th>
                    <th scope="col">{t(k::DASH_PROGRESS_COL)}</th>
                    <th scope="col">{t(k::DASH_STATUS)}</th>
                </tr></thead>
                <tbody>{summary}</tbody>
            </table></div>
            <div class="target-grid">{cards}</div>
        }
        .into_any()
    };
    let measures = v
        .measures
        .iter()
        .map(|m| {
            let detail = m.share.as_ref().map(|s| tf(k::DASH_OF, &[("num", n(s.num)), ("den", n(s.den))]));
            view! {
                <tr>
                    <th scope="row">{measure_label(lang, &m.measure)}</th>
                    <td class="num" id=format!("measure-{}", m.measure)>{format_value(m.value, m.unit)}</td>
                    <td>{detail}</td>
                </tr>
            }
        })
        .collect_view();
    let statuses = ["active", "deregistered", "revoked"];
    let types = ["social_group", "social_service", "foundation"];
    let count_of = |ty: &str, st: &str| v.counts.iter().filter(|c| c.0 == ty && c.1 == st).map(|c| c.2).sum::<u64>();
    let count_rows = types
        .iter()
        .map(|ty| {
            let cells = statuses.iter().map(|st| view! { <td class="num">{n(count_of(ty, st))}</td> }).collect_view();
            let total: u64 = v.counts.iter().filter(|c| c.0 == *ty).map(|c| c.2).sum();
            view! { <tr><th scope="row">{lookup(lang, &format!("type_{ty}"))}</th>{cells}<td class="num">{n(total)}</td></tr> }
        })
        .collect_view();
    let status_heads =
        statuses.iter().map(|st| view! { <th scope="col">{lookup(lang, &format!("status_{st}"))}</th> }).collect_view();
    let month_rows = v
        .months
        .iter()
        .map(|m| view! { <tr><th scope="row">{m.month.clone()}</th><td class="num">{m.registered}</td><td class="num">{m.exited}</td></tr> })
        .collect_view();
    let columns: Vec<(String, u64, u64)> = v.months.iter().map(|m| (m.month.clone(), m.registered, m.exited)).collect();
    let queue_rows = v
        .queues
        .iter()
        .map(|q| {
            let overdue_class = if q.overdue > 0 { "num overdue" } else { "num" };
            view! {
                <tr>
                    <th scope="row"><a href=q.href.clone()>{lookup(lang, &q.key)}</a></th>
                    <td class="num">{q.open}</td>
                    <td class=overdue_class>{q.overdue}</td>
                </tr>
            }
        })
        .collect_view();
    let illegal_rows = v
        .illegal_handled
        .iter()
        .map(|(state, n)| {
            view! {
                <tr>
                    <th scope="row"><a href=format!("/officer/illegal?state={state}")>{lookup(lang, &format!("ill_state_{state}"))}</a></th>
                    <td class="num">{*n}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p class="muted">{tf(k::DASH_AS_OF, &[("date", v.today.clone()), ("year", v.report_year.to_string()), ("ms", v.elapsed_ms.to_string())])}</p>
        <section aria-labelledby="dash-targets"><h2 id="dash-targets">{t(k::DASH_TARGETS)}</h2>{targets}</section>
        <section aria-labelledby="dash-queues">
            <h2 id="dash-queues">{t(k::DASH_QUEUES)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table" id="queues-table">
                <caption class="visually-hidden">{t(k::DASH_QUEUES)}</caption>
                <thead><tr><th scope="col">{t(k::DASH_QUEUE)}</th><th scope="col">{t(k::DASH_OPEN)}</th><th scope="col">{t(k::DASH_OVERDUE)}</th></tr></thead>
                <tbody>{queue_rows}</tbody>
            </table></div>
        </section>
        <section aria-labelledby="dash-illegal">
            <h2 id="dash-illegal">{t(k::DASH_ILLEGAL_TITLE)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table" id="illegal-table">
                <caption class="visually-hidden">{t(k::DASH_ILLEGAL_TITLE)}</caption>
                <thead><tr><th scope="col">{t(k::ILL_OUTCOME)}</th><th scope="col">{t(k::DASH_TOTAL)}</th></tr></thead>
                <tbody>{illegal_rows}</tbody>
            </table></div>
        </section>
        <EnforcementTable rows=v.enforcement.clone() />
        <TrustTable rows=v.trusts.clone() />
        <crate::party::pages::PartyFiguresSection f=v.party.clone() year=v.year />
        <section aria-labelledby="dash-measures">
            <h2 id="dash-measures">{t(k::DASH_MEASURES)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table" id="measures-table">
                <caption class="visually-hidden">{t(k::DASH_MEASURES)}</caption>
                <thead><tr><th scope="col">{t(k::DASH_MEASURE)}</th><th scope="col">{t(k::DASH_VALUE)}</th><th scope="col">{t(k::DASH_DETAIL)}</th></tr></thead>
                <tbody>{measures}</tbody>
            </table></div>
        </section>
        <section aria-labelledby="dash-counts">
            <h2 id="dash-counts">{t(k::DASH_COUNTS)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table" id="counts-table">
                <caption class="visually-hidden">{t(k::DASH_COUNTS)}</caption>
                <thead><tr><th scope="col">{t(k::FIELD_ORG_TYPE)}</th>{status_heads}<th scope="col">{t(k::DASH_TOTAL)}</th></tr></thead>
                <tbody>{count_rows}</tbody>
            </table></div>
        </section>
        <section aria-labelledby="dash-months">
            <h2 id="dash-months">{tf(k::DASH_MONTHS, &[("year", v.year.to_string())])}</h2>
            <MonthColumns title=tf(k::DASH_MONTHS, &[("year", v.year.to_string())]) months=columns first_label=t(k::DASH_REGISTERED).to_string() second_label=t(k::DASH_EXITED).to_string() data_in="months-table" />
            <div class="table-wrap" tabindex="0"><table class="data-table" id="months-table">
                <caption class="visually-hidden">{tf(k::DASH_MONTHS, &[("year", v.year.to_string())])}</caption>
                <thead><tr><th scope="col">{t(k::DASH_MONTH)}</th><th scope="col">{t(k::DASH_REGISTERED)}</th><th scope="col">{t(k::DASH_EXITED)}</th></tr></thead>
                <tbody>{month_rows}</tbody>
            </table></div>
        </section>
    }
}

/// Penalty cases by state, this year's decisions by penalty kind, complaints by outcome.
#[component]
fn EnforcementTable(rows: Vec<StatRow>) -> impl IntoView {
    let lang = use_lang();
    let body = rows
        .iter()
        .map(|r| {
            view! { <tr><th scope="row">{lookup(lang, &r.key)}</th><td>{lookup(lang, &r.detail)}</td><td class="num">{stat_value(&r.key, &r.value)}</td></tr> }
        })
        .collect_view();
    view! {
        <section aria-labelledby="dash-enforcement">
            <h2 id="dash-enforcement">{t(k::YS_SEC_ENFORCEMENT)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table" id="enforcement-table">
                <caption class="visually-hidden">{t(k::YS_SEC_ENFORCEMENT)}</caption>
                <thead><tr><th scope="col">{t(k::DASH_FIGURE)}</th><th scope="col">{t(k::DASH_DETAIL)}</th><th scope="col">{t(k::DASH_VALUE)}</th></tr></thead>
                <tbody>{body}</tbody>
            </table></div>
        </section>
    }
}

/// The charitable trusts' figures of the year.
#[component]
fn TrustTable(rows: Vec<StatRow>) -> impl IntoView {
    let lang = use_lang();
    let body = rows
        .iter()
        .map(|r| view! { <tr><th scope="row">{lookup(lang, &r.key)}</th><td class="num">{stat_value(&r.key, &r.value)}</td></tr> })
        .collect_view();
    view! {
        <section aria-labelledby="dash-trusts">
            <h2 id="dash-trusts">{t(k::YS_SEC_TRUSTS)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table" id="trust-figures">
                <caption class="visually-hidden">{t(k::YS_SEC_TRUSTS)}</caption>
                <thead><tr><th scope="col">{t(k::DASH_FIGURE)}</th><th scope="col">{t(k::DASH_VALUE)}</th></tr></thead>
                <tbody>{body}</tbody>
            </table></div>
        </section>
    }
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let year = year_param();
    let data = Resource::new(move || year.get(), get_dashboard);
    view! {
        <h1 class="page-title">{t(k::DASH_TITLE)}</h1>
        <DashNav />
        {loaded(data, move |v| view! { <YearForm action="/officer/dashboard" year=v.year /> <DashboardBody v=v /> })}
    }
}

/// The form of a new target (`id` None) or of a stored one.
#[component]
fn TargetForm(id: Option<i64>, initial: TargetInput) -> impl IntoView {
    let save = ServerAction::<SaveTarget>::new();
    let form = id.map(|id| format!("dash_target_{id}")).unwrap_or_else(|| "dash_target".into());
    let state = FormState::new(&form, Signal::derive(move || save.value().get().and_then(|r| r.err())));
    let lang = use_lang();
    let mut measures = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    measures.extend(Measure::ALL.iter().map(|m| {
        let unit = if m.unit() == Unit::Percent { "%" } else { t(k::DASH_UNIT_COUNT) };
        (m.as_str().to_string(), format!("{}（{unit}）", measure_label(lang, m.as_str())))
    }));
    let labels = vec![
        ("year", k::DASH_YEAR),
        ("name", k::DASH_TARGET_NAME),
        ("measure", k::DASH_MEASURE),
        ("target", k::DASH_TARGET_VALUE),
    ];
    view! {
        <ActionForm action=save attr:class="form card" attr:novalidate=true attr:id="target-form">
            <ErrorSummary state=state labels=labels />
            {id.map(|id| view! { <input type="hidden" name="id" value=id /> })}
            <div class="form-grid">
                <Field state=state name="input[year]" error_name="year" label=k::DASH_YEAR required=true initial=initial.year.clone() kind="number" />
                <Field state=state name="input[name]" error_name="name" label=k::DASH_TARGET_NAME required=true initial=initial.name.clone() />
                <Select state=state name="input[measure]" error_name="measure" label=k::DASH_MEASURE options=measures required=true initial=initial.measure.clone() />
                <Field state=state name="input[target]" error_name="target" label=k::DASH_TARGET_VALUE hint=k::DASH_TARGET_HINT required=true initial=initial.target.clone() />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="target-submit">
                    {if id.is_some() { t(k::DASH_SAVE) } else { t(k::DASH_ADD) }}
                </button>
                {id.map(|_| view! { <a class="btn btn-secondary" href=format!("/officer/dashboard/targets?year={}", initial.year)>{t(k::DASH_CANCEL)}</a> })}
            </div>
        </ActionForm>
    }
}

/// The stored targets of a year, each with its change link and delete button.
#[component]
fn TargetTable(year: i32, targets: Vec<(i64, TargetInput)>) -> impl IntoView {
    let lang = use_lang();
    if targets.is_empty() {
        return view! { <p class="empty">{t(k::DASH_NO_TARGETS)}</p> }.into_any();
    }
    let rows = targets
        .into_iter()
        .map(|(id, x)| {
            let del = ServerAction::<DeleteTarget>::new();
            let unit = Measure::parse(&x.measure).map(|m| m.unit());
            let shown = if unit == Some(Unit::Percent) { format!("{}%", x.target) } else { x.target.clone() };
            view! {
                <tr>
                    <th scope="row">{crate::domain::seeded::shown(&x.name)}</th>
                    <td>{measure_label(lang, &x.measure)}</td>
                    <td class="num">{shown}</td>
                    <td class="actions">
                        <a href=format!("/officer/dashboard/targets?year={year}&edit={id}") id=format!("target-edit-{id}")>{t(k::DASH_CHANGE)}</a>
                        <ActionForm action=del attr:class="inline-form">
                            <input type="hidden" name="id" value=id />
                            <button type="submit" class="btn btn-link" id=format!("target-delete-{id}")>{t(k::DASH_DELETE)}</button>
                        </ActionForm>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0"><table class="data-table" id="target-list">
            <caption>{tf(k::DASH_TARGETS_OF, &[("year", year.to_string())])}</caption>
            <thead><tr>
                <th scope="col">{t(k::DASH_TARGET_NAME)}</th>
                <th scope="col">{t(k::DASH_MEASURE)}</th>
                <th scope="col">{t(k::DASH_TARGET_VALUE)}</th>
                <th scope="col">{t(k::DASH_ACTIONS)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table></div>
    }
    .into_any()
}

#[component]
pub fn TargetsPage() -> impl IntoView {
    let year = year_param();
    let query = use_query_map();
    let edit = Memo::new(move |_| query.with(|q| q.get("edit").and_then(|v| v.parse::<i64>().ok())));
    let data = Resource::new(move || year.get(), get_targets);
    let plan = ServerAction::<AddWorkPlan>::new();
    view! {
        <h1 class="page-title">{t(k::DASH_TARGETS)}</h1>
        <DashNav />
        <p class="hint">{t(k::DASH_TARGETS_INTRO)}</p>
        {loaded(data, move |list| {
            let y = list.year;
            let editing = edit.get().and_then(|id| list.targets.iter().find(|(i, _)| *i == id).cloned());
            let form = match editing {
                Some((id, input)) => view! { <h2>{t(k::DASH_CHANGE_TARGET)}</h2><TargetForm id=Some(id) initial=input /> }.into_any(),
                None => view! {
                    <h2>{t(k::DASH_NEW_TARGET)}</h2>
                    <TargetForm id=None initial=TargetInput { year: y.to_string(), ..Default::default() } />
                }
                .into_any(),
            };
            view! {
                <YearForm action="/officer/dashboard/targets" year=y />
                <TargetTable year=y targets=list.targets.clone() />
                {form}
                <ActionForm action=plan attr:class="form card">
                    <input type="hidden" name="year" value=y />
                    <p>{t(k::DASH_PLAN_INTRO)}</p>
                    <button type="submit" class="btn btn-secondary" id="add-work-plan">{t(k::DASH_PLAN_ADD)}</button>
                </ActionForm>
            }
        })}
    }
}

#[component]
fn YearStatsBody(s: YearStats) -> impl IntoView {
    let lang = use_lang();
    let sections = s
        .sections
        .iter()
        .map(|sec| {
            let rows = sec
                .rows
                .iter()
                .map(|r| {
                    let detail = if r.detail.is_empty() { String::new() } else { lookup(lang, &r.detail) };
                    let class = if r.detail.is_empty() { "" } else { "sub-row" };
                    view! { <tr class=class><th scope="row">{lookup(lang, &r.key)}</th><td>{detail}</td><td class="num">{stat_value(&r.key, &r.value)}</td></tr> }
                })
                .collect_view();
            let title = lookup(lang, &sec.key);
            view! {
                <section class="stats-section">
                    <div class="table-wrap" tabindex="0"><table class="data-table" id=format!("stats-{}", sec.key)>
                        <caption>{title}</caption>
                        <thead><tr><th scope="col">{t(k::DASH_FIGURE)}</th><th scope="col">{t(k::DASH_DETAIL)}</th><th scope="col">{t(k::DASH_VALUE)}</th></tr></thead>
                        <tbody>{rows}</tbody>
                    </table></div>
                </section>
            }
        })
        .collect_view();
    view! {
        <div class="print-only"><p>{s.bureau.clone()}</p></div>
        <p class="muted">{tf(k::DASH_GENERATED, &[("at", s.generated.clone())])}</p>
        {sections}
    }
}

#[component]
pub fn YearStatsPage() -> impl IntoView {
    let year = year_param();
    let data = Resource::new(move || year.get(), get_year_stats);
    view! {
        {loaded(data, |s| {
            let y = s.year;
            view! {
                <PageHead title={tf(k::DASH_YEAR_STATS_OF, &[("year", y.to_string())])}>
                    <a class="btn btn-secondary no-print" href=format!("/officer/statistics/export.csv?year={y}") rel="external" download=format!("statistics-{y}.csv") id="export-csv">{t(k::EXPORT_CSV)}</a>
                </PageHead>
                <div class="no-print">
                    <DashNav />
                    <p class="hint">{t(k::DASH_PRINT_HINT)}</p>
                    <YearForm action="/officer/statistics" year=y />
                </div>
                <YearStatsBody s=s />
            }
        })}
    }
}

#[component]
fn PublicStatsBody(s: PublicStats) -> impl IntoView {
    let lang = use_lang();
    let types = s
        .active_by_type
        .iter()
        .map(|(ty, c)| view! { <tr><th scope="row">{lookup(lang, &format!("type_{ty}"))}</th><td class="num">{n(*c)}</td></tr> })
        .collect_view();
    let rated: u64 = s.rated_by_grade.iter().map(|(_, n)| n).sum();
    let grades = s
        .rated_by_grade
        .iter()
        .map(|(g, c)| view! { <tr><th scope="row">{g.clone()}</th><td class="num">{n(*c)}</td></tr> })
        .collect_view();
    let bars: Vec<Bar> =
        s.rated_by_grade.iter().map(|(g, n)| Bar { label: g.clone(), permille: permille(*n, rated) as u64 }).collect();
    view! {
        <p class="muted">{tf(k::DASH_PUBLIC_AS_OF, &[("date", s.today.clone())])}</p>
        <div class="stat-grid">
            <div class="stat" id="stat-active"><span class="stat-value">{n(s.active_total)}</span><span class="stat-label">{t(k::DASH_P_ACTIVE)}</span></div>
            <div class="stat" id="stat-registered"><span class="stat-value">{n(s.registered_this_year)}</span><span class="stat-label">{tf(k::DASH_P_REGISTERED, &[("year", s.year.to_string())])}</span></div>
            <div class="stat" id="stat-participation"><span class="stat-value">{percent(s.participation.max(0) as u64)}</span><span class="stat-label">{tf(k::DASH_P_PARTICIPATION, &[("year", s.report_year.to_string())])}</span></div>
            <div class="stat" id="stat-rated"><span class="stat-value">{n(rated)}</span><span class="stat-label">{t(k::DASH_P_RATED)}</span></div>
            <div class="stat" id="stat-abnormal"><span class="stat-value">{n(s.abnormal_list)}</span><span class="stat-label">{t(k::CR_LIST_ABNORMAL)}</span></div>
            <div class="stat" id="stat-serious"><span class="stat-value">{n(s.serious_list)}</span><span class="stat-label">{t(k::CR_LIST_SERIOUS)}</span></div>
            <div class="stat" id="stat-charities"><span class="stat-value">{n(s.charities)}</span><span class="stat-label">{tf(k::DASH_P_CHARITIES, &[("n", n(s.qualified_charities))])}</span></div>
            <div class="stat" id="stat-raised"><span class="stat-value">{display_money(s.raised_this_year_fen)}</span><span class="stat-label">{tf(k::DASH_P_RAISED, &[("year", s.year.to_string())])}</span></div>
            <div class="stat" id="stat-outlets"><span class="stat-value">{n(s.outlets)}</span><span class="stat-label">{t(k::DASH_P_OUTLETS)}</span></div>
            <div class="stat" id="stat-inspections"><span class="stat-value">{n(s.inspections_published)}</span><span class="stat-label">{tf(k::DASH_P_INSPECTIONS, &[("year", s.year.to_string())])}</span></div>
        </div>
        <section aria-labelledby="p-types">
            <h2 id="p-types">{t(k::DASH_P_BY_TYPE)}</h2>
            <div class="table-wrap" tabindex="0"><table class="data-table"><caption class="visually-hidden">{t(k::DASH_P_BY_TYPE)}</caption>
                <thead><tr><th scope="col">{t(k::FIELD_ORG_TYPE)}</th><th scope="col">{t(k::DASH_COUNT)}</th></tr></thead>
                <tbody>{types}</tbody>
            </table></div>
        </section>
        <section aria-labelledby="p-grades">
            <h2 id="p-grades">{t(k::DASH_P_BY_GRADE)}</h2>
            <TargetBars title=t(k::DASH_P_BY_GRADE).to_string() bars=bars target=0 target_label=String::new() data_in="p-grades-table" />
            <div class="table-wrap" tabindex="0"><table class="data-table" id="p-grades-table"><caption class="visually-hidden">{t(k::DASH_P_BY_GRADE)}</caption>
                <thead><tr><th scope="col">{t(k::DASH_GRADE)}</th><th scope="col">{t(k::DASH_COUNT)}</th></tr></thead>
                <tbody>{grades}</tbody>
            </table></div>
        </section>
    }
}

#[component]
pub fn PublicStatsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_public_stats());
    view! {
        <h1 class="page-title">{t(k::DASH_PUBLIC_STATS)}</h1>
        <p class="hint">{t(k::DASH_PUBLIC_INTRO)}</p>
        {loaded(data, |s| view! { <PublicStatsBody s=s /> })}
    }
}
