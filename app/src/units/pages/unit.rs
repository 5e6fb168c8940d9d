//! A supervisory unit's own pages: its organizations and the reports waiting
//! for its first review; one organization with its reports, cases and the
//! forms to record what the unit did; one report with the review's forms.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::reports::pages::{Findings, ReportHistory, ReportReadOnly, ReportStatus};
use crate::reports::types::ReportView;
use crate::ui::form::{ErrorSummary, Field, FormState, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, type_label};
use crate::ui::table::{page_param, ListTable};
use crate::units::api::{get_unit_home, get_unit_org, get_unit_report, AddUnitNote, FirstReviewReport};
use crate::units::types::{UnitCaseRow, UnitHome, UnitOrgView, UnitReportRow};

fn use_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0))
}

fn org_status(s: &str) -> String {
    lookup(use_lang(), &format!("status_{s}"))
}

#[component]
fn ReportRows(rows: Vec<UnitReportRow>, id: &'static str, with_org: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">{t(if with_org { k::UNIT_WAITING_NONE } else { k::LIST_EMPTY })}</p> }
            .into_any();
    }
    let total = rows.len() as u64;
    let body = rows
        .into_iter()
        .map(|r| {
            let title = tf(k::RPT_TITLE, &[("year", r.year.to_string())]);
            view! {
                <tr>
                    {with_org.then(|| view! { <td><a href=format!("/unit/orgs/{}", r.org_id)>{r.org_name.clone()}</a></td> })}
                    <td><a href=format!("/unit/reports/{}", r.id)>{title}</a></td>
                    <td><ReportStatus status=r.status.clone() /></td>
                    <td>{r.submitted_at.clone().unwrap_or_else(|| "—".into())}</td>
                </tr>
            }
        })
        .collect_view();
    let heads = if with_org {
        vec![k::UNIT_COL_ORG, k::UNIT_COL_REPORT, k::RPT_STATUS, k::RPT_SUBMITTED_AT]
    } else {
        vec![k::UNIT_COL_REPORT, k::RPT_STATUS, k::RPT_SUBMITTED_AT]
    };
    view! {
        <ListTable id=id caption=k::UNIT_COL_REPORT heads=heads total=total page=0 per_page=total.max(1) no_count=true>{body}</ListTable>
    }
    .into_any()
}

/// The unit's home: the reports waiting for its first review, then its
/// organizations.
#[component]
pub fn UnitHomePage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_unit_home);
    view! {
        {loaded(data, |h: UnitHome| {
            let orgs = h
                .orgs
                .iter()
                .map(|o| view! {
                    <tr>
                        <td><a href=format!("/unit/orgs/{}", o.id)>{o.name.clone()}</a></td>
                        <td class="mono">{o.credit_code.clone()}</td>
                        <td>{type_label(&o.org_type)}</td>
                        <td>{org_status(&o.status)}</td>
                    </tr>
                })
                .collect_view();
            view! {
                <PageHead title=h.unit.clone() id="unit-title" />
                <p class="muted">{t(k::UNIT_HOME_INTRO)}</p>
                <section aria-labelledby="waiting-title">
                    <h2 id="waiting-title">{t(k::UNIT_WAITING)}</h2>
                    <ReportRows rows=h.waiting.clone() id="unit-waiting" with_org=true />
                </section>
                <section aria-labelledby="orgs-title">
                    <h2 id="orgs-title">{t(k::UNIT_MY_ORGS)}</h2>
                    {if h.orgs.is_empty() {
                        view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any()
                    } else {
                        view! {
                            <ListTable id="unit-orgs" caption=k::UNIT_MY_ORGS heads=vec![k::FIELD_NAME, k::FIELD_CREDIT_CODE, k::FIELD_ORG_TYPE, k::FIELD_STATUS] total=h.org_total page=h.page per_page=h.per_page>{orgs}</ListTable>
                        }
                        .into_any()
                    }}
                </section>
            }
        })}
    }
}

/// The form of a note about one case.
#[component]
fn NoteForm(case: UnitCaseRow, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<AddUnitNote>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let scope = format!("note-{}-{}", case.subject, case.id);
    let state = FormState::new(
        &format!("unit_note_{}_{}", case.subject, case.id),
        Signal::derive(move || action.value().get().and_then(|r| r.err())),
    )
    .scoped(scope.clone());
    let (form_id, submit_id) = (format!("{scope}-form"), format!("{scope}-submit"));
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=form_id>
            <ErrorSummary state=state labels=vec![("body", k::UNIT_NOTE_BODY), ("acted_on", k::UNIT_NOTE_DAY), ("subject", k::UNIT_COL_CASE)] />
            <input type="hidden" name="input[subject]" value=case.subject.clone() />
            <input type="hidden" name="input[subject_id]" value=case.id />
            <TextArea state=state name="input[body]" error_name="body" label=k::UNIT_NOTE_BODY hint=k::UNIT_NOTE_BODY_HINT required=true />
            <Field state=state name="input[acted_on]" error_name="acted_on" label=k::UNIT_NOTE_DAY hint=k::UNIT_NOTE_DAY_HINT kind="date" />
            <div class="form-actions">
                <button type="submit" class="btn btn-secondary" id=submit_id>{t(k::UNIT_NOTE_ADD)}</button>
            </div>
        </ActionForm>
    }
}

#[component]
fn CaseItem(case: UnitCaseRow, on_done: Callback<()>) -> impl IntoView {
    let lang = use_lang();
    let (kind, status) = if case.subject == "zombie" {
        (t(k::UNIT_CASE_ZOMBIE), lookup(lang, &format!("zb_status_{}", case.status)))
    } else {
        (t(k::UNIT_CASE_RECTIFICATION), lookup(lang, &format!("insp_rect_status_{}", case.status)))
    };
    let about = if case.subject == "zombie" {
        case.about.split(',').filter(|x| !x.is_empty()).map(|key| lookup(lang, key)).collect::<Vec<_>>().join("；")
    } else {
        case.about.clone()
    };
    let notes = case
        .notes
        .iter()
        .map(|n| {
            view! {
                <li>
                    <time datetime=n.acted_on.clone()>{n.acted_on.clone()}</time>" "<strong>{n.unit.clone()}</strong>
                    " "<span class="muted">{n.author.clone()}</span>
                    <p class="pre-line">{n.body.clone()}</p>
                </li>
            }
        })
        .collect_view();
    let id = format!("case-{}-{}", case.subject, case.id);
    view! {
        <li class="card" id=id>
            <h3>{kind}" #"{case.id}" · "{status}</h3>
            <p>{t(k::UNIT_CASE_SINCE)}": "{case.since.clone()}
                {case.due.clone().map(|d| view! { " · "{t(k::UNIT_CASE_DUE)}": "{d} })}
            </p>
            <p class="pre-line">{about}</p>
            <h4>{t(k::UNIT_NOTES)}</h4>
            {if case.notes.is_empty() {
                view! { <p class="empty">{t(k::UNIT_NOTES_NONE)}</p> }.into_any()
            } else {
                view! { <ol class="timeline">{notes}</ol> }.into_any()
            }}
            <NoteForm case=case.clone() on_done=on_done />
        </li>
    }
}

/// One organization of the unit: its reports, its zombie cases and
/// rectifications with what the unit did, its penalty cases.
#[component]
pub fn UnitOrgPage() -> impl IntoView {
    let id = use_id();
    let data = Resource::new(id, get_unit_org);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/unit">{t(k::UNIT_NAV_MINE)}</a></p>
        {loaded(data, move |v: UnitOrgView| {
            let lang = use_lang();
            let cases = v.cases.clone().into_iter().map(|c| view! { <CaseItem case=c on_done=refresh /> }).collect_view();
            let penalties = v
                .penalties
                .iter()
                .map(|p| view! {
                    <li>{t(k::UNIT_PENALTY)}" #"{p.id}" · "{lookup(lang, &format!("pen_state_{}", p.state))}
                        {p.opened_on.clone().map(|d| format!(" · {d}"))}</li>
                })
                .collect_view();
            view! {
                <PageHead title=v.org.name.clone() id="unit-org-name" />
                <dl class="kv">
                    <dt>{t(k::FIELD_CREDIT_CODE)}</dt><dd class="mono">{v.org.credit_code.clone()}</dd>
                    <dt>{t(k::FIELD_ORG_TYPE)}</dt><dd>{type_label(&v.org.org_type)}</dd>
                    <dt>{t(k::FIELD_STATUS)}</dt><dd>{org_status(&v.org.status)}</dd>
                    <dt>{t(k::FIELD_LEGAL_REP)}</dt><dd>{v.legal_rep.clone()}</dd>
                    <dt>{t(k::FIELD_CONTACT_PERSON)}</dt><dd>{v.contact_person.clone()}" "{v.contact_phone.clone()}</dd>
                </dl>
                <section aria-labelledby="org-reports-title">
                    <h2 id="org-reports-title">{t(k::UNIT_ORG_REPORTS)}</h2>
                    <ReportRows rows=v.reports.clone() id="unit-org-reports" with_org=false />
                </section>
                <section aria-labelledby="org-cases-title">
                    <h2 id="org-cases-title">{t(k::UNIT_CASES)}</h2>
                    <p class="hint">{t(k::UNIT_CASES_HINT)}</p>
                    {if v.cases.is_empty() {
                        view! { <p class="empty">{t(k::UNIT_CASES_NONE)}</p> }.into_any()
                    } else {
                        view! { <ul class="plain-list" id="unit-cases">{cases}</ul> }.into_any()
                    }}
                </section>
                <section aria-labelledby="org-penalties-title">
                    <h2 id="org-penalties-title">{t(k::UNIT_PENALTIES)}</h2>
                    {if v.penalties.is_empty() {
                        view! { <p class="empty">{t(k::UNIT_PENALTIES_NONE)}</p> }.into_any()
                    } else {
                        view! { <ul id="unit-penalties">{penalties}</ul> }.into_any()
                    }}
                </section>
            }
        })}
    }
}

/// A form of the first review: pass (with the unit's opinion) or return
/// (with the reason).
#[component]
fn ReviewForm(id: i64, decision: &'static str, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<FirstReviewReport>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new(
        &format!("unit_review_{decision}"),
        Signal::derive(move || action.value().get().and_then(|r| r.err())),
    )
    .scoped(decision);
    let (title, submit, class, label) = if decision == "return" {
        (k::UNIT_REVIEW_RETURN_TITLE, k::UNIT_REVIEW_RETURN, "btn btn-danger", k::UNIT_REVIEW_REASON)
    } else {
        (k::UNIT_REVIEW_PASS_TITLE, k::UNIT_REVIEW_PASS, "btn btn-primary", k::UNIT_REVIEW_COMMENT)
    };
    view! {
        <section class="card" aria-labelledby=format!("{decision}-title")>
            <h2 id=format!("{decision}-title")>{t(title)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=format!("{decision}-form")>
                <ErrorSummary state=state labels=vec![("comment", label), ("decision", k::UNIT_REVIEW_DECISION)] />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="input[decision]" value=decision />
                <TextArea state=state name="input[comment]" error_name="comment" label=label hint=k::UNIT_REVIEW_COMMENT_HINT required=true />
                <div class="form-actions">
                    <button type="submit" class=class id=format!("{decision}-submit")>{t(submit)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// A report of one of the unit's organizations, with the first review's
/// forms while it waits for the unit.
#[component]
pub fn UnitReportPage() -> impl IntoView {
    let id = use_id();
    let data = Resource::new(id, get_unit_report);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/unit">{t(k::UNIT_NAV_MINE)}</a></p>
        {loaded(data, move |r: ReportView| {
            let title = format!("{} · {}", r.org_name, tf(k::RPT_TITLE, &[("year", r.year.to_string())]));
            let waiting = r.status == "unit_review";
            view! {
                <PageHead title=title id="unit-report-title" badge={view! { <span id="report-status"><ReportStatus status=r.status.clone() /></span> }.into_any()} />
                <p>
                    <a href=format!("/unit/orgs/{}", r.org_id)>{r.credit_code.clone()}</a>
                    " · "{type_label(&r.org_type)}
                    " · "{t(k::RPT_SUBMITTED_AT)}": "{r.submitted_at.clone().unwrap_or_default()}
                </p>
                {waiting.then(|| view! {
                    <div class="cards">
                        <ReviewForm id=r.id decision="pass" on_done=refresh />
                        <ReviewForm id=r.id decision="return" on_done=refresh />
                    </div>
                })}
                <Findings findings=r.findings.clone() />
                <ReportReadOnly report=r.clone() />
                <ReportHistory report=r.clone() />
            }
        })}
    }
}
