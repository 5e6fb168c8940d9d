//! The organization portal: the registration record, filing obligations,
//! reports and their status, rating and credit status; and the report form.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{
    report_labels, AttachmentList, Findings, ReportHistory, ReportReadOnly, ReportStatus, BALANCE, COUNTS, INCOME,
    SPENDING,
};
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::registry::pages::Facts;
use crate::reports::api::{get_my_report, get_portal, SaveReport};
use crate::reports::types::{PortalView, ReportView};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
fn Obligations(p: PortalView) -> impl IntoView {
    if p.obligations.is_empty() {
        return view! { <p class="muted">{t(k::RPT_NO_OBLIGATIONS)}</p> }.into_any();
    }
    let rows = p
        .obligations
        .into_iter()
        .map(|o| {
            let href = format!("/portal/reports/{}", o.year);
            let due = if o.overdue {
                view! { <span class="badge badge-revoked">{t(k::RPT_OVERDUE)}</span> }.into_any()
            } else if open_to_fill(&o.status) {
                view! { <span>{tf(k::RPT_DAYS_LEFT, &[("n", o.days_left.max(0).to_string())])}</span> }.into_any()
            } else {
                ().into_any()
            };
            let action = if open_to_fill(&o.status) { k::RPT_FILL } else { k::RPT_VIEW };
            view! {
                <tr>
                    <td>{o.year}</td>
                    <td>{o.deadline.clone()}" "{due}</td>
                    <td><ReportStatus status=o.status.clone() /></td>
                    <td>{o.conclusion.as_deref().map(super::conclusion_label).unwrap_or_default()}</td>
                    <td><a class="btn btn-secondary" href=href>{t(action)}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="obligations">
                <caption class="visually-hidden">{t(k::RPT_OBLIGATIONS)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(k::RPT_YEAR)}</th>
                        <th scope="col">{t(k::RPT_DEADLINE)}</th>
                        <th scope="col">{t(k::RPT_STATUS)}</th>
                        <th scope="col">{t(k::RPT_CONCLUSION)}</th>
                        <th scope="col"><span class="visually-hidden">{t(k::RPT_ACTION)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// The organization user's home.
#[component]
pub fn PortalPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_portal());
    let rating = Resource::new(|| (), |_| crate::rating::api::get_my_rating());
    view! {
        <h1 class="page-title">{t(k::PORTAL_TITLE)}</h1>
        {loaded(data, move |p| {
            let o = p.org.clone();
            let missed = p.missed_years.clone();
            let credit = if missed.is_empty() {
                view! { <p id="credit-status">{t(k::RPT_CREDIT_CLEAR)}</p> }.into_any()
            } else {
                let years = missed.iter().map(|y| y.to_string()).collect::<Vec<_>>().join("、");
                view! { <p id="credit-status" class="badge badge-revoked">{tf(k::RPT_CREDIT_MISSED, &[("years", years)])}</p> }.into_any()
            };
            view! {
                <h2>{o.name.clone()}</h2>
                <section aria-labelledby="obligations-title">
                    <h2 id="obligations-title">{t(k::RPT_OBLIGATIONS)}</h2>
                    <Obligations p=p.clone() />
                </section>
                <div class="cards">
                    <section class="card" aria-labelledby="rating-title">
                        <h2 id="rating-title">{t(k::RPT_RATING)}</h2>
                        {loaded(rating, |r| view! { <crate::rating::pages::PortalRatingCard r=r /> })}
                    </section>
                    <section class="card" aria-labelledby="credit-title">
                        <h2 id="credit-title">{t(k::RPT_CREDIT)}</h2>
                        {credit}
                        <p><a href="/portal/credit" id="portal-credit-link">{t(k::CR_VIEW_RECORD)}</a></p>
                    </section>
                </div>
                <h2>{t(k::RPT_REGISTRATION)}</h2>
                <Facts o=o />
            }
        })}
    }
}

fn use_year() -> impl Fn() -> i32 + Copy {
    let params = use_params_map();
    move || params.with(|p| p.get("year").and_then(|s| s.parse::<i32>().ok()).unwrap_or(0))
}

/// The report of one year: the form while it can be edited, else read-only.
#[component]
pub fn ReportFormPage() -> impl IntoView {
    let year = use_year();
    let data = Resource::new(year, get_my_report);
    // Raised after each save, so the party check reads the report again.
    let saved = RwSignal::new(0u32);
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        {loaded(data, move |r| {
            let title = tf(k::RPT_TITLE, &[("year", r.year.to_string())]);
            let status = r.status.clone();
            view! {
                <PageHead title=title badge={view! { <ReportStatus status=status /> }.into_any()} />
                <p class="muted">{tf(k::RPT_DEADLINE_NOTE, &[("date", r.deadline.clone())])}</p>
                {r.return_comment.clone().filter(|_| r.status == "returned").map(|c| view! {
                    <div class="flash flash-error" role="alert" id="return-comment">
                        <p><strong>{t(k::RPT_RETURNED_NOTE)}</strong></p>
                        <p class="pre">{c}</p>
                    </div>
                })}
                {r.conclusion.clone().map(|c| view! {
                    <div class="flash flash-success" role="status" id="conclusion">
                        <p><strong>{t(k::RPT_CONCLUSION)}": "{super::conclusion_label(&c)}</strong></p>
                        {r.conclusion_reason.clone().filter(|x| !x.is_empty()).map(|x| view! { <p class="pre">{x}</p> })}
                    </div>
                })}
                {if r.editable {
                    view! { <ReportForm report=r.clone() on_saved=Callback::new(move |_| { data.refetch(); saved.update(|n| *n += 1); }) /> }.into_any()
                } else {
                    view! { <ReportReadOnly report=r.clone() /> }.into_any()
                }}
                <section aria-labelledby="attachments-title">
                    <h2 id="attachments-title">{t(k::RPT_ATTACHMENTS)}</h2>
                    <AttachmentList report=r.clone() />
                    {r.editable.then(|| view! { <UploadForm year=r.year /> })}
                </section>
                <ReportHistory report=r.clone() />
            }
        })}
        <crate::party::pages::SyncPanel step="annual_report" ref_id=Signal::derive(move || i64::from(year())) reload=saved />
    }
}

/// Upload of an attachment: a plain multipart form (works without JavaScript).
#[component]
fn UploadForm(year: i32) -> impl IntoView {
    let error = move || {
        crate::flash::form_flash("attach")
            .and_then(|f| f.summary)
            .map(|key| view! { <p class="field-error" id="f-file-error">{lookup(use_lang(), &key)}</p> })
    };
    view! {
        <form class="form card" method="post" action=format!("/portal/reports/{year}/attachments") enctype="multipart/form-data" id="attach-form">
            <div class="form-grid">
                <div class="field">
                    <label for="f-attach-kind">{t(k::RPT_ATTACHMENT_KIND)}</label>
                    <select id="f-attach-kind" name="kind">
                        <option value="audit_report">{t(k::RPT_ATTACHMENT_AUDIT_REPORT)}</option>
                        <option value="other">{t(k::RPT_ATTACHMENT_OTHER)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="f-file">{t(k::RPT_ATTACHMENT_FILE)}</label>
                    <p class="hint" id="f-file-hint">{t(k::RPT_ATTACHMENT_HINT)}</p>
                    <input id="f-file" type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" required=true aria-describedby="f-file-hint" />
                    <Suspense fallback=|| ()>{error}</Suspense>
                </div>
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-secondary" id="attach-submit">{t(k::RPT_ATTACH)}</button>
            </div>
        </form>
    }
}

/// The editable report. `on_saved` reloads the report after a save (the
/// server answers with the same page, so nothing else would refresh it).
#[component]
fn ReportForm(report: ReportView, on_saved: Callback<()>) -> impl IntoView {
    let action = ServerAction::<SaveReport>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_saved.run(());
        }
    });
    let state = FormState::new("save_report", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let f = report.form.clone();
    let is_group = report.org_type == "social_group";
    let is_foundation = report.org_type == "foundation";
    let value = move |field: &str| super::form_value(&f, field);
    let amount = |list: &'static [(&'static str, &'static str, crate::i18n::Key)], value: &dyn Fn(&str) -> String| {
        list.iter()
            .filter(|(_, field, _)| *field != "income_dues" || is_group)
            .map(|(name, field, key)| {
                view! { <Field state=state name=name error_name=field label=*key hint=k::HINT_YUAN required=true initial=value(field) /> }
            })
            .collect_view()
    };
    let counts = COUNTS
        .iter()
        .map(|(name, field, key)| {
            view! { <Field state=state name=name error_name=field label=*key required=true initial=value(field) kind="number" /> }
        })
        .collect_view();
    let income = amount(&INCOME, &value);
    let spending = amount(&SPENDING, &value);
    let balance = amount(&BALANCE, &value);
    let funding = vec![
        (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
        ("yes".to_string(), t(k::RPT_FUNDRAISING_YES).to_string()),
        ("no".to_string(), t(k::RPT_FUNDRAISING_NO).to_string()),
    ];
    let prior_needed = is_foundation && !report.prior_on_file;
    view! {
        <Findings findings=report.findings.clone() />
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="report-form">
            <ErrorSummary state=state labels=report_labels() />
            <input type="hidden" name="input[year]" value=report.year />
            <input type="hidden" name="input[version]" value=report.version />
            <fieldset>
                <legend>{t(k::RPT_SECTION_BASIC)}</legend>
                <TextArea state=state name="input[form][changes]" error_name="changes" label=k::RPT_CHANGES hint=k::RPT_CHANGES_HINT required=true initial=value("changes") />
                <TextArea state=state name="input[form][activities]" error_name="activities" label=k::RPT_ACTIVITIES required=true initial=value("activities") />
                <div class="form-grid">{counts}</div>
            </fieldset>
            <fieldset>
                <legend>{t(k::RPT_SECTION_INCOME)}</legend>
                <div class="form-grid">{income}</div>
            </fieldset>
            <fieldset>
                <legend>{t(k::RPT_SECTION_SPENDING)}</legend>
                <div class="form-grid">{spending}</div>
            </fieldset>
            <fieldset>
                <legend>{t(k::RPT_SECTION_BALANCE)}</legend>
                <p class="hint">{t(k::RPT_BALANCE_HINT)}</p>
                <div class="form-grid">{balance}</div>
            </fieldset>
            <super::party::PartyFields state=state form=report.form.clone() required=report.party_required prefilled=report.party_prefilled />
            {is_foundation.then(|| view! {
                <fieldset>
                    <legend>{t(k::RPT_SECTION_SPENDING_RULES)}</legend>
                    <p class="hint">{t(k::RPT_SPENDING_RULES_HINT)}</p>
                    <div class="form-grid">
                        <Select state=state name="input[form][public_fundraising]" error_name="public_fundraising" label=k::RPT_PUBLIC_FUNDRAISING options=funding.clone() required=true initial=value("public_fundraising") />
                        {prior_needed.then(|| view! {
                            <Field state=state name="input[form][prior_income_total]" error_name="prior_income_total" label=k::RPT_PRIOR_INCOME_TOTAL hint=k::HINT_YUAN required=true initial=value("prior_income_total") />
                            <Field state=state name="input[form][prior_net_assets]" error_name="prior_net_assets" label=k::RPT_PRIOR_NET_ASSETS hint=k::HINT_YUAN required=true initial=value("prior_net_assets") />
                        })}
                    </div>
                </fieldset>
            })}
            <div class="form-actions">
                <button type="submit" class="btn btn-secondary" name="input[intent]" value="save" id="report-save">{t(k::RPT_SAVE_DRAFT)}</button>
                <button type="submit" class="btn btn-primary" name="input[intent]" value="submit" id="report-submit">{t(k::RPT_SUBMIT)}</button>
            </div>
            <p class="hint">{t(k::RPT_SUBMIT_HINT)}</p>
        </ActionForm>
    }
}

/// Whether the organization can still fill in the report of this status
/// (`none`: not started).
fn open_to_fill(status: &str) -> bool {
    crate::domain::annual_report::ReportStatus::parse(status).map_or(status == "none", |s| s.editable())
}
