//! Officers' pages: the queue with its filters, one complaint with its files,
//! timeline and the forms of its next steps, and a report received by phone,
//! letter or visit.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{label, outcome_options, status_options, subject_options, StatusBadge};
use crate::complaints::api::{
    get_complaint, get_complaints, AssignComplaint, CloseComplaint, NoteComplaint, RecordComplaint, ReplyComplaint,
};
use crate::complaints::types::{ComplaintDetail, ComplaintFilter, ComplaintPage};
use crate::domain::complaint::{next, Action, Status, Subject};
use crate::i18n::{k, t, tf};
use crate::illegal::api::EntryFromComplaint;
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;
use crate::ui::table::{filter_options, page_param, FilterSearch, FilterSelect, FilterSubmit, ListTable};

fn use_filter() -> Memo<ComplaintFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| ComplaintFilter {
            status: q.get("status").unwrap_or_default(),
            overdue: q.get("overdue").unwrap_or_default(),
            mine: q.get("mine").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

#[component]
fn Filters(filter: ComplaintFilter) -> impl IntoView {
    let options = filter_options(
        &filter.status,
        std::iter::once(("open", t(k::CPL_FILTER_OPEN).to_string())).chain(status_options()),
    );
    view! {
        <Form method="GET" action="/officer/complaints" attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::CPL_SEARCH value=filter.q.clone() />
            <FilterSelect id="filter-status" name="status" label=k::CPL_STATUS>{options}</FilterSelect>
            <div class="field">
                <label class="check" for="filter-overdue">
                    <input type="checkbox" id="filter-overdue" name="overdue" value="1" checked={filter.overdue == "1"} />
                    " "{t(k::CPL_FILTER_OVERDUE)}
                </label>
                <label class="check" for="filter-mine">
                    <input type="checkbox" id="filter-mine" name="mine" value="1" checked={filter.mine == "1"} />
                    " "{t(k::CPL_FILTER_MINE)}
                </label>
            </div>
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn QueueTable(page: ComplaintPage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td class="mono"><a href=format!("/officer/complaints/{}", r.id)>{r.number.clone()}</a></td>
                    <td>{r.received_on.clone()}</td>
                    <td>{label("subject", &r.subject_kind)}" · "{r.subject_name.clone()}</td>
                    <td><StatusBadge status=r.status.clone() overdue=r.overdue /></td>
                    <td>{r.officer.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{r.due_on.clone()}</td>
                    <td>{r.outcome.clone().map(|o| label("outcome", &o)).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="complaints-table" caption=k::CPL_QUEUE_TITLE heads=vec![k::CPL_NUMBER, k::CPL_RECEIVED_ON, k::CPL_SUBJECT, k::CPL_STATUS, k::CPL_OFFICER, k::CPL_DUE_ON, k::CPL_OUTCOME] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// The queue: open complaints first, the earliest due first.
#[component]
pub fn ComplaintsPage() -> impl IntoView {
    let filter = use_filter();
    let data = Resource::new(move || filter.get(), get_complaints);
    view! {
        <PageHead title=t(k::CPL_QUEUE_TITLE)>
            <a class="btn btn-primary" href="/officer/complaints/new">{t(k::CPL_RECORD_TITLE)}</a>
            <a class="btn btn-secondary" href="/officer/complaints?overdue=1">{t(k::CPL_FILTER_OVERDUE)}</a>
        </PageHead>
        <Filters filter=filter.get_untracked() />
        {loaded(data, |page| {
            let late = page.overdue;
            view! {
                <p class="hint" id="overdue-count">{tf(k::CPL_OVERDUE_COUNT, &[("n", late.to_string())])}</p>
                <QueueTable page=page />
            }
        })}
    }
}

/// The form of a report received by phone, letter or visit.
#[component]
pub fn NewComplaintPage() -> impl IntoView {
    let action = ServerAction::<RecordComplaint>::new();
    let state = FormState::new("cpl_record", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <p class="breadcrumbs"><a href="/officer/complaints">{t(k::CPL_QUEUE_TITLE)}</a></p>
        <PageHead title=t(k::CPL_RECORD_TITLE) />
        <p class="hint">{t(k::CPL_RECORD_INTRO)}</p>
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="record-form">
            <ErrorSummary state=state labels=vec![("subject_kind", k::CPL_SUBJECT_KIND), ("subject", k::CPL_SUBJECT), ("what", k::CPL_WHAT), ("place", k::CPL_PLACE), ("happened_on", k::CPL_HAPPENED_ON), ("name", k::CPL_NAME), ("phone", k::CPL_PHONE), ("email", k::CPL_EMAIL)] />
            <div class="form-grid">
                <Select state=state name="input[subject_kind]" error_name="subject_kind" label=k::CPL_SUBJECT_KIND options=subject_options() required=true />
                <Field state=state name="input[subject]" error_name="subject" label=k::CPL_SUBJECT hint=k::CPL_SUBJECT_HINT required=true />
            </div>
            <TextArea state=state name="input[what]" error_name="what" label=k::CPL_WHAT required=true />
            <div class="form-grid">
                <Field state=state name="input[place]" error_name="place" label=k::CPL_PLACE required=true />
                <Field state=state name="input[happened_on]" error_name="happened_on" label=k::CPL_HAPPENED_ON kind="date" />
                <Field state=state name="input[name]" error_name="name" label=k::CPL_NAME />
                <Field state=state name="input[phone]" error_name="phone" label=k::CPL_PHONE kind="tel" />
                <Field state=state name="input[email]" error_name="email" label=k::CPL_EMAIL kind="email" />
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary" id="record-submit">{t(k::CPL_RECORD_SUBMIT)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn Facts(d: ComplaintDetail) -> impl IntoView {
    let subject = match (d.org_id, d.outlet_id) {
        (Some(org), _) => view! { <a href=format!("/officer/orgs/{org}")>{d.subject_name.clone()}</a> }.into_any(),
        (_, Some(outlet)) => {
            view! { <a href=format!("/officer/lottery/outlets/{outlet}")>{d.subject_name.clone()}</a> }.into_any()
        }
        _ => view! { <span>{d.subject_name.clone()}</span> }.into_any(),
    };
    let none = || "—".to_string();
    view! {
        <dl class="kv" id="complaint-facts">
            <dt>{t(k::CPL_SUBJECT)}</dt><dd>{label("subject", &d.subject_kind)}" · "{subject}</dd>
            <dt>{t(k::CPL_WHAT)}</dt><dd class="pre-line" id="complaint-what">{d.what.clone()}</dd>
            <dt>{t(k::CPL_PLACE)}</dt><dd>{if d.place.is_empty() { none() } else { d.place.clone() }}</dd>
            <dt>{t(k::CPL_HAPPENED_ON)}</dt><dd>{d.happened_on.clone().unwrap_or_else(none)}</dd>
            <dt>{t(k::CPL_CHANNEL)}</dt><dd>{label("channel", &d.channel)}</dd>
            <dt>{t(k::CPL_RECEIVED_ON)}</dt><dd>{d.received_on.clone()}</dd>
            <dt>{t(k::CPL_DUE_ON)}</dt><dd id="complaint-due">{d.due_on.clone()}</dd>
            <dt>{t(k::CPL_OFFICER)}</dt><dd id="complaint-officer">{d.officer.clone().unwrap_or_else(none)}</dd>
            <dt>{t(k::CPL_REPORTER)}</dt>
            <dd id="complaint-reporter">
                {[d.reporter_name.clone(), d.reporter_phone.clone(), d.reporter_email.clone()].into_iter().flatten().collect::<Vec<_>>().join(" · ")}
                {(d.reporter_name.is_none() && d.reporter_phone.is_none() && d.reporter_email.is_none()).then(|| t(k::CPL_ANONYMOUS))}
            </dd>
            {d.reply.clone().map(|r| view! { <dt>{t(k::CPL_REPLY)}</dt><dd class="pre-line" id="complaint-reply">{d.replied_on.clone().unwrap_or_default()}" "{r}</dd> })}
            {d.outcome.clone().map(|o| view! {
                <dt>{t(k::CPL_OUTCOME)}</dt>
                <dd id="complaint-outcome">
                    {label("outcome", &o)}
                    {d.referred_to.clone().map(|r| format!(" · {r}"))}
                </dd>
            })}
            {d.illegal_id.map(|i| view! {
                <dt>{t(k::CPL_ILLEGAL_ENTRY)}</dt>
                <dd><a href=format!("/officer/illegal/{i}") id="complaint-illegal">{t(k::CPL_ILLEGAL_ENTRY)}" #"{i}</a></dd>
            })}
            <CaseRow d=d.clone() />
        </dl>
    }
}

/// The penalty case opened from the complaint, or (for a registered
/// organization's complaint still open) the link that opens one.
#[component]
fn CaseRow(d: ComplaintDetail) -> impl IntoView {
    let link = match (d.case_id, d.org_id, d.status.as_str()) {
        (Some(c), _, _) => {
            let text = d.case_number.clone().unwrap_or_else(|| format!("#{c}"));
            view! { <a href=format!("/officer/cases/{c}") id="complaint-case">{text}</a> }.into_any()
        }
        (None, Some(_), status) if status != Status::Closed.as_str() => view! {
            <a class="btn" id="complaint-open-case" href=format!("/officer/cases/new?source=complaint&source_id={}", d.id)>
                {t(k::CPL_OPEN_CASE)}
            </a>
        }
        .into_any(),
        _ => return None,
    };
    Some(view! { <dt>{t(k::CPL_CASE)}</dt><dd>{link}</dd> })
}

#[component]
fn Files(d: ComplaintDetail) -> impl IntoView {
    if d.attachments.is_empty() {
        return view! { <p class="empty">{t(k::CPL_NO_FILES)}</p> }.into_any();
    }
    let items = d
        .attachments
        .iter()
        .map(|a| {
            view! {
                <li>
                    <a href=format!("/files/complaints/{}", a.id) rel="external" download=a.file_name.clone()>{a.file_name.clone()}</a>
                    " "<span class="muted">{a.content_type.clone()}" · "{tf(k::CPL_BYTES, &[("n", a.size_bytes.to_string())])}</span>
                    " "<span class="mono muted" title="SHA-256">{a.sha256.chars().take(16).collect::<String>()}"…"</span>
                </li>
            }
        })
        .collect_view();
    view! { <ul id="complaint-files">{items}</ul> }.into_any()
}

#[component]
fn Events(d: ComplaintDetail) -> impl IntoView {
    let items = d
        .events
        .iter()
        .map(|e| {
            view! {
                <li>
                    <time datetime=e.day.clone()>{e.day.clone()}</time>
                    " "<strong>{label("event", &e.kind)}</strong>
                    " "<span class="muted">{e.actor.clone()}</span>
                    {(!e.note.is_empty()).then(|| view! { <p class="pre-line">{e.note.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! { <ol class="timeline" id="timeline">{items}</ol> }
}

#[component]
fn AssignForm(d: ComplaintDetail) -> impl IntoView {
    let action = ServerAction::<AssignComplaint>::new();
    let state = FormState::new("cpl_assign", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("assign");
    let options = std::iter::once((String::new(), t(k::CPL_CHOOSE).to_string()))
        .chain(d.officers.iter().map(|o| (o.id.to_string(), o.name.clone())))
        .collect();
    view! {
        <section class="card" aria-labelledby="assign-title">
            <h2 id="assign-title">{t(k::CPL_ASSIGN)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="assign-form">
                <ErrorSummary state=state labels=vec![("officer_id", k::CPL_OFFICER), ("note", k::CPL_NOTE)] />
                <input type="hidden" name="id" value=d.id />
                <Select state=state name="input[officer_id]" error_name="officer_id" label=k::CPL_OFFICER options=options required=true initial=d.officer_id.map(|o| o.to_string()).unwrap_or_default() />
                <TextArea state=state name="input[note]" error_name="note" label=k::CPL_NOTE />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="assign-submit">{t(k::CPL_ASSIGN)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn NoteForm(id: i64) -> impl IntoView {
    let action = ServerAction::<NoteComplaint>::new();
    let state =
        FormState::new("cpl_note", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("note");
    view! {
        <section class="card" aria-labelledby="note-title">
            <h2 id="note-title">{t(k::CPL_ADD_NOTE)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="note-form">
                <ErrorSummary state=state labels=vec![("note", k::CPL_NOTE)] />
                <input type="hidden" name="id" value=id />
                <TextArea state=state name="input[note]" error_name="note" label=k::CPL_NOTE hint=k::CPL_NOTE_HINT required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="note-submit">{t(k::CPL_ADD_NOTE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ReplyForm(d: ComplaintDetail) -> impl IntoView {
    let action = ServerAction::<ReplyComplaint>::new();
    let state =
        FormState::new("cpl_reply", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("reply");
    let hint = if d.reporter_email.is_some() { k::CPL_REPLY_HINT_MAIL } else { k::CPL_REPLY_HINT };
    view! {
        <section class="card" aria-labelledby="reply-title">
            <h2 id="reply-title">{t(k::CPL_REPLY)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="reply-form">
                <ErrorSummary state=state labels=vec![("reply", k::CPL_REPLY)] />
                <input type="hidden" name="id" value=d.id />
                <TextArea state=state name="input[reply]" error_name="reply" label=k::CPL_REPLY hint=hint required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="reply-submit">{t(k::CPL_SEND_REPLY)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn CloseForm(d: ComplaintDetail) -> impl IntoView {
    let action = ServerAction::<CloseComplaint>::new();
    let state =
        FormState::new("cpl_close", Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped("close");
    let violations = std::iter::once((String::new(), t(k::CPL_CHOOSE).to_string()))
        .chain(
            crate::penalty::violations::table()
                .iter()
                .map(|v| (v.code.clone(), format!("{}{} {}", v.regulation, v.article, v.description))),
        )
        .collect();
    let case_hint = if d.org_id.is_some() { k::CPL_VIOLATION_HINT } else { k::CPL_CASE_NEEDS_ORG };
    view! {
        <section class="card" aria-labelledby="close-title">
            <h2 id="close-title">{t(k::CPL_CLOSE)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="close-form">
                <ErrorSummary state=state labels=vec![("outcome", k::CPL_OUTCOME), ("referred_to", k::CPL_REFERRED_TO), ("violation_code", k::CPL_VIOLATION), ("note", k::CPL_NOTE)] />
                <input type="hidden" name="id" value=d.id />
                <Select state=state name="input[outcome]" error_name="outcome" label=k::CPL_OUTCOME options=outcome_options() required=true />
                <Field state=state name="input[referred_to]" error_name="referred_to" label=k::CPL_REFERRED_TO hint=k::CPL_REFERRED_TO_HINT />
                <Select state=state name="input[violation_code]" error_name="violation_code" label=k::CPL_VIOLATION options=violations />
                <p class="hint">{t(case_hint)}</p>
                <TextArea state=state name="input[note]" error_name="note" label=k::CPL_NOTE />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" id="close-submit">{t(k::CPL_CLOSE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// A complaint about an unregistered body opens an entry of the illegal
/// organizations' register (once; the two link to each other).
#[component]
fn IllegalForm(id: i64) -> impl IntoView {
    let action = ServerAction::<EntryFromComplaint>::new();
    let state =
        FormState::new("ill_from_complaint", Signal::derive(move || action.value().get().and_then(|r| r.err())))
            .scoped("illegal");
    view! {
        <section class="card" aria-labelledby="illegal-title">
            <h2 id="illegal-title">{t(k::CPL_OPEN_ILLEGAL)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="illegal-form">
                <ErrorSummary state=state labels=vec![] />
                <input type="hidden" name="complaint_id" value=id />
                <p class="hint">{t(k::CPL_OPEN_ILLEGAL_HINT)}</p>
                <div class="form-actions">
                    <button type="submit" class="btn btn-secondary" id="illegal-submit">{t(k::CPL_OPEN_ILLEGAL)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// One complaint: its facts, files and timeline, and the forms of the steps
/// its status allows.
#[component]
pub fn ComplaintPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_complaint);
    view! {
        <p class="breadcrumbs"><a href="/officer/complaints">{t(k::CPL_QUEUE_TITLE)}</a></p>
        {loaded(data, move |d| {
            let status = Status::parse(&d.status);
            let may = |a: Action| status.is_some_and(|s| next(s, a).is_ok());
            let badge = view! { <StatusBadge status=d.status.clone() overdue=d.overdue /> }.into_any();
            view! {
                <PageHead title=d.number.clone() id="complaint-number" badge=badge />
                <Facts d=d.clone() />
                <section aria-labelledby="files-title">
                    <h2 id="files-title">{t(k::CPL_FILES)}</h2>
                    <Files d=d.clone() />
                </section>
                <div class="cards">
                    {may(Action::Assign).then(|| view! { <AssignForm d=d.clone() /> })}
                    {may(Action::Reply).then(|| view! { <ReplyForm d=d.clone() /> })}
                    {may(Action::Note).then(|| view! { <NoteForm id=d.id /> })}
                    {may(Action::Close).then(|| view! { <CloseForm d=d.clone() /> })}
                    {(d.subject_kind == Subject::Unregistered.as_str() && d.illegal_id.is_none()).then(|| view! { <IllegalForm id=d.id /> })}
                </div>
                <section aria-labelledby="timeline-title">
                    <h2 id="timeline-title">{t(k::CPL_TIMELINE)}</h2>
                    <Events d=d.clone() />
                </section>
            }
        })}
    }
}
