//! Pages of annual reports: the organization portal and report form, the
//! officers' queue, review and participation pages, and the history import.

mod officer;
mod party;
mod portal;

pub use officer::{ParticipationPage, ReportImportPage, ReviewPage, ReviewQueuePage};
pub use portal::{PortalPage, ReportFormPage};

use leptos::prelude::*;

use super::types::{FindingView, ReportForm, ReportView};
use crate::domain::money;
use crate::i18n::{k, lookup, t, use_lang, Key};

/// The amount fields of the statements: (form field name, error name, label).
pub(crate) const INCOME: [(&str, &str, Key); 7] = [
    ("input[form][income_donations]", "income_donations", k::RPT_INCOME_DONATIONS),
    ("input[form][income_grants]", "income_grants", k::RPT_INCOME_GRANTS),
    ("input[form][income_services]", "income_services", k::RPT_INCOME_SERVICES),
    ("input[form][income_dues]", "income_dues", k::RPT_INCOME_DUES),
    ("input[form][income_investment]", "income_investment", k::RPT_INCOME_INVESTMENT),
    ("input[form][income_other]", "income_other", k::RPT_INCOME_OTHER),
    ("input[form][income_total]", "income_total", k::RPT_INCOME_TOTAL),
];
pub(crate) const SPENDING: [(&str, &str, Key); 5] = [
    ("input[form][spend_activities]", "spend_activities", k::RPT_SPEND_ACTIVITIES),
    ("input[form][spend_admin]", "spend_admin", k::RPT_SPEND_ADMIN),
    ("input[form][spend_fundraising]", "spend_fundraising", k::RPT_SPEND_FUNDRAISING),
    ("input[form][spend_other]", "spend_other", k::RPT_SPEND_OTHER),
    ("input[form][spend_total]", "spend_total", k::RPT_SPEND_TOTAL),
];
pub(crate) const BALANCE: [(&str, &str, Key); 3] = [
    ("input[form][assets]", "assets", k::RPT_ASSETS),
    ("input[form][liabilities]", "liabilities", k::RPT_LIABILITIES),
    ("input[form][net_assets]", "net_assets", k::RPT_NET_ASSETS),
];
pub(crate) const COUNTS: [(&str, &str, Key); 5] = [
    ("input[form][board_meetings]", "board_meetings", k::RPT_BOARD_MEETINGS),
    ("input[form][projects]", "projects", k::RPT_PROJECTS),
    ("input[form][staff_full_time]", "staff_full_time", k::RPT_STAFF_FULL_TIME),
    ("input[form][staff_part_time]", "staff_part_time", k::RPT_STAFF_PART_TIME),
    ("input[form][volunteers]", "volunteers", k::RPT_VOLUNTEERS),
];

/// Every field's label, for error summaries.
pub(crate) fn report_labels() -> Vec<(&'static str, Key)> {
    let mut v: Vec<(&'static str, Key)> = vec![
        ("changes", k::RPT_CHANGES),
        ("activities", k::RPT_ACTIVITIES),
        ("public_fundraising", k::RPT_PUBLIC_FUNDRAISING),
        ("prior_income_total", k::RPT_PRIOR_INCOME_TOTAL),
        ("prior_net_assets", k::RPT_PRIOR_NET_ASSETS),
        ("comment", k::RPT_COMMENT),
        ("conclusion", k::RPT_CONCLUSION),
    ];
    for (_, field, key) in COUNTS.iter().chain(INCOME.iter()).chain(SPENDING.iter()).chain(BALANCE.iter()) {
        v.push((field, *key));
    }
    v.extend(party::PARTY_LABELS);
    v
}

/// A field's value in a form, by its name.
pub(crate) fn form_value(f: &ReportForm, field: &str) -> String {
    let v = serde_json::to_value(f).ok();
    v.and_then(|v| v.get(field).and_then(|x| x.as_str()).map(str::to_string)).unwrap_or_default()
}

/// An amount as typed, shown with separators when it parses.
pub(crate) fn show_amount(raw: &str) -> String {
    money::parse_yuan(raw).map(money::display_yuan).unwrap_or_else(|_| raw.to_string())
}

#[component]
pub fn ReportStatus(status: String) -> impl IntoView {
    let class = match status.as_str() {
        "concluded" => "badge badge-active",
        "submitted" => "badge",
        "returned" | "draft" | "unit_review" => "badge badge-warning",
        _ => "badge badge-revoked",
    };
    view! { <span class=class>{lookup(use_lang(), &format!("rpt_status_{status}"))}</span> }
}

pub(crate) fn conclusion_label(c: &str) -> String {
    lookup(use_lang(), &format!("rpt_conclusion_{c}"))
}

/// The findings of the checks, warnings and errors, each naming its field.
#[component]
pub fn Findings(findings: Vec<FindingView>) -> impl IntoView {
    if findings.is_empty() {
        return None;
    }
    let lang = use_lang();
    let labels = report_labels();
    let items = findings
        .into_iter()
        .map(|f| {
            let label = labels
                .iter()
                .find(|(n, _)| *n == f.field)
                .map(|(_, key)| crate::i18n::text(lang, *key).to_string())
                .unwrap_or_else(|| f.field.clone());
            let class = format!("finding-{}", f.severity);
            let kind = lookup(lang, &format!("rpt_severity_{}", f.severity));
            view! { <li class=class>{kind}" · "{label}": "{lookup(lang, &f.message)}</li> }
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="findings-title" id="findings">
            <h2 id="findings-title">{t(k::RPT_FINDINGS)}</h2>
            <ul class="findings">{items}</ul>
        </section>
    })
}

/// A report, read-only: text parts, counts and statements, with last year's
/// figures beside this year's when there is a report of last year.
#[component]
pub fn ReportReadOnly(report: ReportView) -> impl IntoView {
    let f = report.form.clone();
    let prev = report.previous.clone();
    let counts = COUNTS
        .iter()
        .map(|(_, field, key)| view! { <div><dt>{t(*key)}</dt><dd>{form_value(&f, field)}</dd></div> })
        .collect_view();
    let prev_year = prev.as_ref().map(|p| p.year);
    let rows = INCOME
        .iter()
        .chain(SPENDING.iter())
        .chain(BALANCE.iter())
        .map(|(_, field, key)| {
            let now = form_value(&f, field);
            let before = prev.as_ref().map(|p| form_value(&p.form, field));
            let changed = before.as_ref().is_some_and(|b| money::parse_yuan(b).ok() != money::parse_yuan(&now).ok());
            view! {
                <tr>
                    <th scope="row">{t(*key)}</th>
                    <td class="num" class:changed=changed>{show_amount(&now)}</td>
                    {prev_year.map(|_| view! { <td class="num">{show_amount(&before.clone().unwrap_or_default())}</td> })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="rpt-basic">
            <h2 id="rpt-basic">{t(k::RPT_SECTION_BASIC)}</h2>
            <dl class="facts">
                <div><dt>{t(k::RPT_CHANGES)}</dt><dd class="pre">{f.changes.clone()}</dd></div>
                <div><dt>{t(k::RPT_ACTIVITIES)}</dt><dd class="pre">{f.activities.clone()}</dd></div>
                {counts}
            </dl>
        </section>
        <section aria-labelledby="rpt-fin">
            <h2 id="rpt-fin">{t(k::RPT_SECTION_FINANCE)}</h2>
            <div class="table-wrap" tabindex="0">
                <table class="data-table compare" id="report-figures">
                    <caption class="visually-hidden">{t(k::RPT_SECTION_FINANCE)}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t(k::RPT_ITEM)}</th>
                            <th scope="col">{report.year}</th>
                            {prev_year.map(|y| view! { <th scope="col">{y}</th> })}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {prev_year.is_none().then(|| view! { <p class="muted">{t(k::RPT_NO_PREVIOUS)}</p> })}
        </section>
        <party::PartySection form=report.form.clone() />
    }
}

/// The attachments of a report, as download links.
#[component]
pub fn AttachmentList(report: ReportView) -> impl IntoView {
    if report.attachments.is_empty() {
        return view! { <p class="muted" id="attachments-empty">{t(k::RPT_NO_ATTACHMENTS)}</p> }.into_any();
    }
    let items = report
        .attachments
        .into_iter()
        .map(|a| {
            let href = format!("/files/attachments/{}", a.id);
            let kind = lookup(use_lang(), &format!("rpt_attachment_{}", a.kind));
            let size = format!("{:.1} KB", a.size_bytes as f64 / 1024.0);
            view! {
                <li>
                    <a href=href rel="external">{a.file_name.clone()}</a>
                    " · "{kind}" · "{size}" · "{a.created_at.clone()}
                </li>
            }
        })
        .collect_view();
    view! { <ul class="attachments" id="attachments">{items}</ul> }.into_any()
}

/// The review history.
#[component]
pub fn ReportHistory(report: ReportView) -> impl IntoView {
    if report.history.is_empty() {
        return None;
    }
    let lang = use_lang();
    let items = report
        .history
        .into_iter()
        .map(|e| {
            let what = lookup(lang, &format!("rpt_event_{}", e.kind));
            view! {
                <li>
                    <time>{e.at.clone()}</time>" "<strong>{what}</strong>" "{e.actor.clone()}
                    {(!e.comment.is_empty()).then(|| view! { <p class="pre">{e.comment.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="rpt-history">
            <h2 id="rpt-history">{t(k::RPT_HISTORY)}</h2>
            <ol class="timeline">{items}</ol>
        </section>
    })
}

/// The annual-inspection conclusions of an organization, summary figures only.
#[component]
pub fn PublicConclusions(list: Vec<super::types::PublicConclusion>) -> impl IntoView {
    let body = if list.is_empty() {
        view! { <p class="muted">{t(k::RPT_PUBLIC_NONE)}</p> }.into_any()
    } else {
        let rows = list
            .into_iter()
            .map(|c| {
                view! {
                    <tr>
                        <td>{c.year}</td>
                        <td>{conclusion_label(&c.conclusion)}</td>
                        <td class="num">{money::display_money(c.figures.income_total)}</td>
                        <td class="num">{money::display_money(c.figures.spend_total)}</td>
                        <td class="num">{money::display_money(c.figures.assets)}</td>
                        <td class="num">{money::display_money(c.figures.net_assets)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="public-conclusions">
                    <thead>
                        <tr>
                            <th scope="col">{t(k::RPT_YEAR)}</th>
                            <th scope="col">{t(k::RPT_CONCLUSION)}</th>
                            <th scope="col">{t(k::RPT_INCOME_TOTAL)}</th>
                            <th scope="col">{t(k::RPT_SPEND_TOTAL)}</th>
                            <th scope="col">{t(k::RPT_ASSETS)}</th>
                            <th scope="col">{t(k::RPT_NET_ASSETS)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="public-inspection">
            <h2 id="public-inspection">{t(k::RPT_PUBLIC_TITLE)}</h2>
            {body}
        </section>
    }
}
