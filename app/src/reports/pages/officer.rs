//! Officers' pages: the review queue, one report's review, participation
//! (参检率) against the target, and the import of past reports.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{conclusion_label, AttachmentList, Findings, ReportHistory, ReportReadOnly, ReportStatus};
use crate::domain::org_type::OrgType;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::reports::api::{get_participation, get_report, report_queue, ReviewReport};
use crate::reports::types::{Participation, ParticipationView, QueueFilter, QueuePage, ReportView};
use crate::ui::chart::{percent, Bar, TargetBars};
use crate::ui::form::{ErrorSummary, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, type_label};
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

use crate::domain::annual_report::ReportStatus as Status;

/// The queue's status filter, in the order officers work through it.
const STATUSES: [Status; 4] = [Status::Submitted, Status::Returned, Status::Concluded, Status::Draft];

fn use_queue_filter() -> Memo<QueueFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let get = |key: &str| q.get(key).unwrap_or_default();
            QueueFilter {
                year: get("year").parse().unwrap_or(0),
                org_type: get("org_type"),
                district: get("district"),
                status: get("status"),
                q: get("q"),
                page: page_param(q),
            }
        })
    })
}

/// The report years to choose from, `year` (the one shown) selected.
fn year_options(year: i32, years: impl IntoIterator<Item = i32>) -> AnyView {
    filter_options(&year.to_string(), years.into_iter().map(|y| (y.to_string(), y)))
}

#[component]
fn QueueFilters(filter: QueueFilter, page: QueuePage) -> impl IntoView {
    let lang = use_lang();
    let years = year_options(page.year, page.years.iter().copied());
    let types = filter_options(
        &filter.org_type,
        OrgType::ALL.into_iter().map(|ty| (ty.as_str(), lookup(lang, ty.label_key()))),
    );
    let districts =
        filter_options(&filter.district, page.districts.iter().map(|d| (d.clone(), crate::domain::seeded::shown(d))));
    let statuses = filter_options(
        &filter.status,
        STATUSES.iter().map(|s| (s.as_str(), lookup(lang, &format!("rpt_status_{}", s.as_str())))),
    );
    view! {
        <Form method="GET" action="/officer/reports" attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::FILTER_Q value=filter.q.clone() />
            <FilterSelect id="filter-year" name="year" label=k::RPT_YEAR all=None>{years}</FilterSelect>
            <FilterSelect id="filter-type" name="org_type" label=k::FIELD_ORG_TYPE>{types}</FilterSelect>
            <FilterSelect id="filter-district" name="district" label=k::FIELD_DISTRICT>{districts}</FilterSelect>
            <FilterSelect id="filter-status" name="status" label=k::RPT_STATUS all=Some(k::RPT_FILTER_FILED)>
                {statuses}
            </FilterSelect>
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn QueueTable(page: QueuePage) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td><a href=format!("/officer/reports/{}", r.id)>{r.org_name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{type_label(&r.org_type)}</td>
                    <td>{crate::domain::seeded::shown(&r.district)}</td>
                    <td>{r.year}</td>
                    <td><ReportStatus status=r.status.clone() /></td>
                    <td>{r.submitted_at.clone().unwrap_or_default()}</td>
                    <td>{r.conclusion.as_deref().map(conclusion_label).unwrap_or_default()}</td>
                    <td class="num">{r.warnings}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="queue-table" caption=k::RPT_QUEUE_TITLE heads=vec![k::FIELD_NAME, k::FIELD_CREDIT_CODE, k::FIELD_ORG_TYPE, k::FIELD_DISTRICT, k::RPT_YEAR, k::RPT_STATUS, k::RPT_SUBMITTED_AT, k::RPT_CONCLUSION, k::RPT_WARNINGS] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

#[component]
pub fn ReviewQueuePage() -> impl IntoView {
    let filter = use_queue_filter();
    let data = Resource::new(move || filter.get(), report_queue);
    view! {
        <PageHead title=t(k::RPT_QUEUE_TITLE)>
            <ExportCsv path="/officer/reports/export.csv" file="annual-reports.csv" />
            <a class="btn btn-secondary" href="/officer/participation">{t(k::RPT_PARTICIPATION_TITLE)}</a>
            <a class="btn btn-secondary" href="/officer/reports/import">{t(k::RPT_IMPORT_TITLE)}</a>
        </PageHead>
        {loaded(data, move |page| view! {
            <QueueFilters filter=filter.get_untracked() page=page.clone() />
            <QueueTable page=page />
        })}
    }
}

/// One review form: return (comment) or conclude (conclusion and reasons).
#[component]
fn ReviewForm(id: i64, decision: &'static str, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ReviewReport>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new(
        &format!("review_{decision}"),
        Signal::derive(move || action.value().get().and_then(|r| r.err())),
    );
    // Both review forms have a comment: the return form's ids are scoped.
    let state = if decision == "return" { state.scoped("return") } else { state };
    let options = {
        let mut v = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
        v.extend(
            crate::domain::annual_report::CONCLUSIONS
                .iter()
                .map(|c| (c.to_string(), lookup(use_lang(), &format!("rpt_conclusion_{c}")))),
        );
        v
    };
    let (title, submit, class) = if decision == "return" {
        (k::RPT_RETURN_TITLE, k::RPT_RETURN, "btn btn-danger")
    } else {
        (k::RPT_CONCLUDE_TITLE, k::RPT_CONCLUDE, "btn btn-primary")
    };
    view! {
        <section class="card">
            <h2>{t(title)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id=format!("{decision}-form")>
                <ErrorSummary state=state labels=super::report_labels() />
                <input type="hidden" name="id" value=id />
                <input type="hidden" name="input[decision]" value=decision />
                {(decision == "conclude").then(|| view! {
                    <Select state=state name="input[conclusion]" error_name="conclusion" label=k::RPT_CONCLUSION options=options.clone() required=true />
                })}
                <TextArea state=state name="input[comment]" error_name="comment" label=k::RPT_COMMENT hint=k::RPT_COMMENT_HINT />
                <div class="form-actions">
                    <button type="submit" class=class id=format!("{decision}-submit")>{t(submit)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_report);
    view! {
        <p class="breadcrumbs"><a href="/officer/reports">{t(k::RPT_QUEUE_TITLE)}</a></p>
        {loaded(data, move |r: ReportView| {
            let title = format!("{} · {}", r.org_name, tf(k::RPT_TITLE, &[("year", r.year.to_string())]));
            let reviewable = r.status == Status::Submitted.as_str();
            view! {
                <PageHead title=title badge={view! { <ReportStatus status=r.status.clone() /> }.into_any()} />
                <p>
                    <a href=format!("/officer/orgs/{}", r.org_id)>{r.credit_code.clone()}</a>
                    " · "{type_label(&r.org_type)}" · "{crate::domain::seeded::shown(&r.district)}
                    " · "{t(k::RPT_SUBMITTED_AT)}": "{r.submitted_at.clone().unwrap_or_default()}
                </p>
                {r.conclusion.clone().map(|c| view! {
                    <div class="flash flash-success" role="status" id="conclusion">
                        <p><strong>{t(k::RPT_CONCLUSION)}": "{conclusion_label(&c)}</strong></p>
                        {r.conclusion_reason.clone().filter(|x| !x.is_empty()).map(|x| view! { <p class="pre">{x}</p> })}
                    </div>
                })}
                <Findings findings=r.findings.clone() />
                <ReportReadOnly report=r.clone() />
                <crate::trade::pages::ReportTradeSection report_id=r.id />
                <section aria-labelledby="attachments-title">
                    <h2 id="attachments-title">{t(k::RPT_ATTACHMENTS)}</h2>
                    <AttachmentList report=r.clone() />
                </section>
                {reviewable.then(|| view! {
                    <div class="cards">
                        <ReviewForm id=r.id decision="conclude" on_done=Callback::new(move |_| data.refetch()) />
                        <ReviewForm id=r.id decision="return" on_done=Callback::new(move |_| data.refetch()) />
                    </div>
                })}
                <ReportHistory report=r.clone() />
            }
        })}
        <crate::party::pages::SyncPanel step="annual_report" ref_id=Signal::derive(id) />
    }
}

fn bars(list: &[Participation], label: impl Fn(&str) -> String) -> Vec<Bar> {
    list.iter().map(|p| Bar { label: label(&p.label), permille: p.permille() }).collect()
}

#[component]
fn RateTable(id: &'static str, caption: String, rows: Vec<Participation>, label: fn(&str) -> String) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|p| {
            view! {
                <tr>
                    <th scope="row">{label(&p.label)}</th>
                    <td class="num">{p.obliged}</td>
                    <td class="num">{p.filed}</td>
                    <td class="num">{percent(p.permille())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id=id>
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t(k::RPT_GROUP)}</th>
                        <th scope="col">{t(k::RPT_OBLIGED)}</th>
                        <th scope="col">{t(k::RPT_FILED)}</th>
                        <th scope="col">{t(k::RPT_RATE)}</th>
                    </tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

fn district_label(s: &str) -> String {
    crate::domain::seeded::shown(s)
}

#[component]
fn ParticipationBody(p: ParticipationView) -> impl IntoView {
    let target = (p.target_percent * 10.0).round() as u64;
    let target_label = tf(k::RPT_TARGET, &[("rate", percent(target))]);
    let overall = p.overall.permille();
    let met = overall >= target;
    let non_filers = p
        .non_filers
        .iter()
        .map(|n| {
            view! {
                <tr>
                    <td><a href=format!("/officer/orgs/{}", n.org_id)>{n.name.clone()}</a></td>
                    <td class="mono">{n.credit_code.clone()}</td>
                    <td>{type_label(&n.org_type)}</td>
                    <td>{crate::domain::seeded::shown(&n.district)}</td>
                    <td>{n.deadline.clone()}</td>
                    <td><ReportStatus status=n.status.clone() /></td>
                </tr>
            }
        })
        .collect_view();
    let year = p.year;
    view! {
        <div class="stat-grid">
            <div class="stat" id="rate-overall">
                <span class="stat-value">{percent(overall)}</span>
                <span class="stat-label">{t(k::RPT_RATE)}" · "{target_label.clone()}</span>
                <p class=if met { "badge badge-active" } else { "badge badge-warning" }>
                    {if met { t(k::RPT_TARGET_MET) } else { t(k::RPT_TARGET_NOT_MET) }}
                </p>
            </div>
            <div class="stat"><span class="stat-value">{p.overall.obliged}</span><span class="stat-label">{t(k::RPT_OBLIGED)}</span></div>
            <div class="stat"><span class="stat-value">{p.overall.filed}</span><span class="stat-label">{t(k::RPT_FILED)}</span></div>
            <div class="stat"><span class="stat-value">{crate::domain::money::display_count(p.non_filer_total as i64)}</span><span class="stat-label">{t(k::RPT_NON_FILERS)}</span></div>
        </div>
        <h2>{t(k::RPT_BY_DISTRICT)}</h2>
        <TargetBars title=t(k::RPT_BY_DISTRICT).to_string() bars=bars(&p.by_district, district_label) target=target target_label=target_label.clone() data_in="rate-by-district" />
        <RateTable id="rate-by-district" caption=t(k::RPT_BY_DISTRICT).to_string() rows=p.by_district.clone() label=district_label />
        <h2>{t(k::RPT_BY_TYPE)}</h2>
        <TargetBars title=t(k::RPT_BY_TYPE).to_string() bars=bars(&p.by_type, type_label) target=target target_label=target_label data_in="rate-by-type" />
        <RateTable id="rate-by-type" caption=t(k::RPT_BY_TYPE).to_string() rows=p.by_type.clone() label=type_label />
        <div class="page-head">
            <h2>{t(k::RPT_NON_FILERS)}</h2>
            <a class="btn btn-secondary" rel="external" download="non-filers.csv" id="non-filers-csv" href=format!("/officer/participation/non-filers.csv?year={year}")>{t(k::EXPORT_CSV)}</a>
        </div>
        {if p.non_filers.is_empty() {
            view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any()
        } else {
            view! {
                <ListTable id="non-filers" heads=vec![k::FIELD_NAME, k::FIELD_CREDIT_CODE, k::FIELD_ORG_TYPE, k::FIELD_DISTRICT, k::RPT_DEADLINE, k::RPT_STATUS] total=p.non_filer_total page=p.page per_page=p.per_page>{non_filers}</ListTable>
            }
            .into_any()
        }}
    }
}

#[component]
pub fn ParticipationPage() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| {
        query.with(|q| (q.get("year").and_then(|y| y.parse::<i32>().ok()).unwrap_or(0), page_param(q)))
    });
    let data = Resource::new(move || args.get(), |(year, page)| get_participation(year, page));
    view! {
        <p class="breadcrumbs"><a href="/officer/reports">{t(k::RPT_QUEUE_TITLE)}</a></p>
        {loaded(data, move |p| {
            let year = p.year;
            let years = year_options(year, (year - 4..=year + 1).rev());
            view! {
                <h1 class="page-title">{tf(k::RPT_PARTICIPATION_HEADING, &[("year", year.to_string())])}</h1>
                <Form method="GET" action="/officer/participation" attr:class="table-tools">
                    <FilterSelect id="filter-year" name="year" label=k::RPT_YEAR all=None>{years}</FilterSelect>
                    <FilterSubmit />
                </Form>
                <ParticipationBody p=p />
            }
        })}
    }
}

/// The import of past years' reports (the same job machinery as the registry import).
#[component]
pub fn ReportImportPage() -> impl IntoView {
    let columns = crate::reports::types::IMPORT_COLUMNS.iter().map(|(h, _)| *h).collect::<Vec<_>>().join(", ");
    view! {
        <p class="breadcrumbs"><a href="/officer/reports">{t(k::RPT_QUEUE_TITLE)}</a></p>
        <crate::registry::pages::ImportForm
            kind="annual_reports"
            title=k::RPT_IMPORT_TITLE
            intro=k::RPT_IMPORT_INTRO
            columns=columns
            upload="/officer/reports/import/upload"
        />
    }
}
