//! Rectifications after inspections (整改): the officers' list (by status,
//! overdue) and record with the review (accept, or return with a note) and,
//! once overdue, the way to a penalty case; the organization's list and
//! record with its report. Every form posts without JavaScript.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::answers::AnswersSummary;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::inspection::api::{
    get_my_rectification, get_my_rectifications, get_rectification, get_rectifications, ReportRectification,
    ReviewRectification,
};
use crate::inspection::types::{RectificationFilter, RectificationPage as PageData, RectificationView};
use crate::ui::form::{ErrorSummary, FormState, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, FilterSearch, FilterSelect, FilterSubmit, ListTable};

/// The stored statuses, in the order of the workflow.
const STATUSES: [&str; 4] = ["ordered", "reported", "returned", "accepted"];

fn status_label(s: &str) -> String {
    lookup(use_lang(), &format!("insp_rect_status_{s}"))
}

/// The status, and "overdue" beside it when the deadline passed unaccepted.
#[component]
fn Status(r: RectificationView) -> impl IntoView {
    let class = match r.status.as_str() {
        "accepted" => "badge badge-active",
        "returned" => "badge badge-warning",
        _ => "badge",
    };
    view! {
        <span class=class>{status_label(&r.status)}</span>
        {r.overdue.then(|| view! { " "<span class="badge badge-revoked">{t(k::INSP_RECT_OVERDUE)}</span> })}
    }
}

/// The deadline, with the days left while open.
fn due_text(r: &RectificationView) -> String {
    if r.status != "accepted" && r.days_left >= 0 {
        format!("{}（{}）", r.due_on, tf(k::INSP_RECT_DAYS_LEFT, &[("n", r.days_left.to_string())]))
    } else {
        r.due_on.clone()
    }
}

/// The table of a list; `officer` links to the officers' record, else to the portal's.
#[component]
fn RectificationsTable(page: PageData, officer: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(if officer { k::LIST_EMPTY } else { k::INSP_RECT_NONE })}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            let href = if officer {
                format!("/officer/rectifications/{}", r.id)
            } else {
                format!("/portal/rectifications/{}", r.id)
            };
            view! {
                <tr id=format!("rectification-{}", r.id)>
                    <td><a href=href>{r.org_name.clone()}</a></td>
                    <td>{r.campaign.clone()}</td>
                    <td>{r.ordered_on.clone()}</td>
                    <td>{due_text(r)}</td>
                    <td><Status r=r.clone() /></td>
                    <td>{r.reported_at.clone().unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="rectifications-table" caption=k::INSP_RECT_TITLE heads=vec![k::INSP_RECT_ORG, k::INSP_CAMPAIGN, k::INSP_RECT_ORDERED_ON, k::INSP_RECT_DUE_ON, k::INSP_RECT_STATUS, k::INSP_RECT_REPORTED_AT] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// A rectification's facts: the result that ordered it, the deadline, the
/// organization's report and the last review.
#[component]
fn Facts(r: RectificationView, officer: bool) -> impl IntoView {
    let org = if officer {
        view! { <a href=format!("/officer/orgs/{}", r.org_id)>{r.org_name.clone()}</a> }.into_any()
    } else {
        view! { <span>{r.org_name.clone()}</span> }.into_any()
    };
    let campaign = if officer {
        format!("/officer/inspections/{}", r.campaign_id)
    } else {
        format!("/public/inspections/{}", r.campaign_id)
    };
    view! {
        <dl class="kv" id="rectification-facts">
            <dt>{t(k::INSP_RECT_ORG)}</dt><dd>{org}" "<span class="mono">{r.credit_code.clone()}</span></dd>
            <dt>{t(k::INSP_CAMPAIGN)}</dt><dd><a href=campaign>{r.campaign.clone()}</a></dd>
            <dt>{t(k::INSP_INSPECTED_ON)}</dt><dd>{r.inspected_on.clone().unwrap_or_default()}</dd>
            <dt>{t(k::INSP_FINDINGS)}</dt><dd class="pre" id="findings">{r.findings.clone()}</dd>
            {(!r.answers.is_empty()).then(|| view! {
                <dt>{t(k::INSP_ANSWERS)}</dt>
                <dd id="answers"><AnswersSummary answers=r.answers.clone() full=true /></dd>
            })}
            <dt>{t(k::INSP_RECT_ORDERED_ON)}</dt><dd>{r.ordered_on.clone()}</dd>
            <dt>{t(k::INSP_RECT_DUE_ON)}</dt><dd id="due-on">{due_text(&r)}</dd>
            <dt>{t(k::INSP_RECT_REPORT)}</dt>
            <dd>{match r.report.clone() {
                Some(text) => view! { <p class="pre" id="report">{text}</p> }.into_any(),
                None => view! { <p class="muted">{t(k::INSP_RECT_NOT_REPORTED)}</p> }.into_any(),
            }}</dd>
            {r.reported_at.clone().map(|at| view! {
                <dt>{t(k::INSP_RECT_REPORTED_AT)}</dt>
                <dd>{at}{r.reported_by.clone().map(|by| format!(" · {by}"))}</dd>
            })}
            {r.review_note.clone().map(|note| view! {
                <dt>{t(k::INSP_RECT_REVIEW_NOTE)}</dt><dd class="pre" id="review-note">{note}</dd>
            })}
            {r.reviewed_at.clone().map(|at| view! {
                <dt>{t(k::INSP_RECT_REVIEWED_AT)}</dt>
                <dd>{at}{r.reviewed_by.clone().map(|by| format!(" · {by}"))}</dd>
            })}
        </dl>
    }
}

fn use_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

// ---- officers ----

/// The officers' list: status and overdue filters, a search by name or code.
#[component]
pub fn RectificationsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| RectificationFilter {
            status: q.get("status").unwrap_or_default(),
            overdue: q.get("overdue").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_rectifications);
    view! {
        <p class="breadcrumbs"><a href="/officer/inspections">{t(k::INSP_TITLE)}</a></p>
        <PageHead title=t(k::INSP_RECT_TITLE) />
        <p class="hint">{t(k::INSP_RECT_HINT)}</p>
        {move || {
            let f = filter.get();
            let statuses = filter_options(&f.status, STATUSES.into_iter().map(|s| (s, status_label(s))));
            let overdue = filter_options(&f.overdue, [("1", t(k::INSP_RECT_ONLY_OVERDUE))]);
            view! {
                <Form method="GET" action="/officer/rectifications" attr:class="table-tools" attr:role="search">
                    <FilterSearch label=k::INSP_SEARCH value=f.q.clone() />
                    <FilterSelect id="filter-status" name="status" label=k::INSP_RECT_STATUS>{statuses}</FilterSelect>
                    <FilterSelect id="filter-overdue" name="overdue" label=k::INSP_RECT_FILTER_OVERDUE>{overdue}</FilterSelect>
                    <FilterSubmit />
                </Form>
            }
        }}
        {loaded(data, |page| view! { <RectificationsTable page=page officer=true /> })}
    }
}

/// The review of a reported rectification: a note, then accept or return.
#[component]
fn ReviewForm(r: RectificationView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ReviewRectification>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("insp_rect_review", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" aria-labelledby="review-title">
            <h2 id="review-title">{t(k::INSP_RECT_REVIEW)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="review-form">
                <ErrorSummary state=state labels=vec![("note", k::INSP_RECT_REVIEW_NOTE), ("decision", k::INSP_RECT_REVIEW)] />
                <input type="hidden" name="id" value=r.id />
                <input type="hidden" name="input[version]" value=r.version />
                <TextArea state=state name="input[note]" error_name="note" label=k::INSP_RECT_REVIEW_NOTE hint=k::INSP_RECT_REVIEW_HINT />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" name="input[decision]" value="accept" id="accept-submit">{t(k::INSP_RECT_ACCEPT)}</button>
                    <button type="submit" class="btn btn-danger" name="input[decision]" value="return" id="return-submit">{t(k::INSP_RECT_RETURN)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// An officer's record of one rectification.
#[component]
pub fn RectificationPage() -> impl IntoView {
    let id = use_id();
    let data = Resource::new(id, get_rectification);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/rectifications">{t(k::INSP_RECT_TITLE)}</a></p>
        {loaded(data, move |r: RectificationView| {
            // A penalty case for a rectification not made in time (the case's
            // source is the inspection result that ordered it).
            let case = r.overdue.then(|| {
                let href = format!("/officer/cases/new?source=inspection&source_id={}", r.target_id);
                view! { <a class="btn btn-danger" href=href id="open-case">{t(k::INSP_RECT_OPEN_CASE)}</a> }
            });
            let badge = view! { <span id="rectification-status"><Status r=r.clone() /></span> }.into_any();
            view! {
                <PageHead title=r.org_name.clone() badge=badge>{case}</PageHead>
                <Facts r=r.clone() officer=true />
                {(r.status == "reported").then(|| view! { <ReviewForm r=r.clone() on_done=refresh /> })}
            }
        })}
        // What the organization's supervisory unit did about it (谁主管、谁负责).
        <crate::units::pages::UnitNotesPanel subject="rectification" id=Signal::derive(id) />
    }
}

// ---- the organization ----

/// The organization's rectifications.
#[component]
pub fn PortalRectificationsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_my_rectifications);
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        <PageHead title=t(k::INSP_RECT_PORTAL_TITLE) />
        <p class="hint">{t(k::INSP_RECT_PORTAL_HINT)}</p>
        {loaded(data, |page| view! { <RectificationsTable page=page officer=false /> })}
    }
}

/// The organization's report of what it did.
#[component]
fn ReportForm(r: RectificationView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ReportRectification>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("insp_rect_report", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    // A returned report is written again from the one sent before.
    let initial = r.report.clone().filter(|_| r.status == "returned").unwrap_or_default();
    view! {
        <section class="card" aria-labelledby="report-title">
            <h2 id="report-title">{t(k::INSP_RECT_REPORT_SUBMIT)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="report-form">
                <ErrorSummary state=state labels=vec![("report", k::INSP_RECT_REPORT)] />
                <input type="hidden" name="id" value=r.id />
                <input type="hidden" name="input[version]" value=r.version />
                <TextArea state=state name="input[report]" error_name="report" label=k::INSP_RECT_REPORT hint=k::INSP_RECT_REPORT_HINT required=true initial=initial />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="report-submit">{t(k::INSP_RECT_REPORT_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// One of the organization's rectifications, with the report form while it
/// is ordered or returned.
#[component]
pub fn PortalRectificationPage() -> impl IntoView {
    let id = use_id();
    let data = Resource::new(id, get_my_rectification);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/portal/rectifications">{t(k::INSP_RECT_PORTAL_TITLE)}</a></p>
        {loaded(data, move |r: RectificationView| {
            let open = r.status == "ordered" || r.status == "returned";
            let badge = view! { <span id="rectification-status"><Status r=r.clone() /></span> }.into_any();
            view! {
                <PageHead title=r.campaign.clone() badge=badge />
                {(r.status == "returned").then(|| r.review_note.clone()).flatten().map(|note| view! {
                    <div class="flash flash-error" role="alert" id="returned-note">
                        <p><strong>{t(k::INSP_RECT_RETURNED_NOTE)}</strong></p>
                        <p class="pre">{note}</p>
                    </div>
                })}
                <Facts r=r.clone() officer=false />
                {open.then(|| view! { <ReportForm r=r.clone() on_done=refresh /> })}
            }
        })}
    }
}
