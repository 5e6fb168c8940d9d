//! Officers' pages of granted grades (list, one grade with its downgrade and
//! cancellation form), the KPIs with charts, and the experts' register.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{event_label, grade_status_label, score_text, GradeBadge};
use crate::domain::rating::{Grade, CANCEL_EVENTS, DOWNGRADE_EVENTS};
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::rating::api::{
    get_experts, get_grade, get_grades, get_rating_kpi, AddExclusion, ChangeGrade, SetAffiliation,
};
use crate::rating::types::{GradeFilter, GradePage as GradeData, GradeView, KpiView, EXCLUSION_REASONS};
use crate::ui::chart::{percent, Bar, TargetBars};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, type_label};
use crate::ui::table::{filter_options, page_param, ExportCsv, FilterSearch, FilterSelect, FilterSubmit, ListTable};

pub(super) fn use_grade_filter() -> Memo<GradeFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| GradeFilter {
            q: q.get("q").unwrap_or_default(),
            grade: q.get("grade").unwrap_or_default(),
            scope: q.get("scope").unwrap_or_default(),
            page: page_param(q),
        })
    })
}

/// Search, grade filter and (officers) scope.
#[component]
pub(super) fn GradeFilters(filter: GradeFilter, action: &'static str, officer: bool) -> impl IntoView {
    let grades = filter_options(&filter.grade, Grade::ALL.into_iter().map(|g| (g.as_str(), g.as_str())));
    let lang = use_lang();
    let scopes = filter_options(
        &filter.scope,
        ["in_force", "expiring"].into_iter().map(|s| (s, lookup(lang, &format!("rate_scope_{s}")))),
    );
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <FilterSearch label=k::FILTER_Q value=filter.q.clone() />
            <FilterSelect id="filter-grade" name="grade" label=k::RATE_GRADE>{grades}</FilterSelect>
            {officer.then(|| view! {
                <FilterSelect id="filter-scope" name="scope" label=k::RATE_SCOPE>{scopes}</FilterSelect>
            })}
            <FilterSubmit />
        </Form>
    }
}

/// A page of grades as a table; `link` makes the name a link to that page.
#[component]
pub(super) fn GradeTable(page: GradeData, officer: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|g| {
            let href =
                if officer { format!("/officer/rating/grades/{}", g.id) } else { format!("/public/orgs/{}", g.org_id) };
            view! {
                <tr>
                    <td><a href=href>{g.org_name.clone()}</a></td>
                    <td class="mono">{g.credit_code.clone()}</td>
                    <td>{type_label(&g.org_type)}</td>
                    <td>{crate::domain::seeded::shown(&g.district)}</td>
                    <td><GradeBadge grade=g.grade.clone() /></td>
                    <td>{g.valid_from.clone()}" – "{g.valid_to.clone()}</td>
                    {officer.then(|| view! { <td>{grade_status_label(&g.status)}</td> })}
                    <td><a href=format!("/rating/certificates/{}", g.id)>{g.certificate_no.clone()}</a></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="grades-table" caption=k::RATE_GRADES heads={[Some(k::FIELD_NAME), Some(k::FIELD_CREDIT_CODE), Some(k::FIELD_ORG_TYPE), Some(k::FIELD_DISTRICT), Some(k::RATE_GRADE), Some(k::RATE_VALIDITY), officer.then_some(k::RATE_STATUS), Some(k::RATE_CERTIFICATE_NO)].into_iter().flatten().collect::<Vec<_>>()} total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// Every granted grade, or those in force or expiring within six months.
#[component]
pub fn GradesPage() -> impl IntoView {
    let filter = use_grade_filter();
    let data = Resource::new(move || filter.get(), get_grades);
    view! {
        <p class="breadcrumbs"><a href="/officer/rating">{t(k::RATE_TITLE)}</a></p>
        <PageHead title=t(k::RATE_GRADES)>
            <ExportCsv path="/officer/rating/grades/export.csv" file="rating-grades.csv" />
        </PageHead>
        {loaded(data, move |page| view! {
            <GradeFilters filter=filter.get_untracked() action="/officer/rating/grades" officer=true />
            <GradeTable page=page officer=true />
        })}
    }
}

#[component]
pub(super) fn Changes(g: GradeView) -> impl IntoView {
    if g.changes.is_empty() {
        return None;
    }
    let items = g
        .changes
        .into_iter()
        .map(|c| {
            let to = c.to_grade.clone().unwrap_or_else(|| t(k::RATE_CANCELLED).to_string());
            view! {
                <li>
                    <time>{c.event_date.clone()}</time>" "<strong>{event_label(&c.event)}</strong>
                    " "{c.from_grade.clone()}" → "{to}
                    <p class="pre">{c.reason.clone()}</p>
                </li>
            }
        })
        .collect_view();
    Some(view! {
        <section aria-labelledby="changes-title">
            <h2 id="changes-title">{t(k::RATE_CHANGES)}</h2>
            <ol class="timeline" id="grade-changes">{items}</ol>
        </section>
    })
}

#[component]
fn ChangeForm(id: i64, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ChangeGrade>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("rate_change", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let mut options = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    options.extend(DOWNGRADE_EVENTS.iter().chain(CANCEL_EVENTS.iter()).map(|e| (e.to_string(), event_label(e))));
    view! {
        <section class="card">
            <h2>{t(k::RATE_CHANGE_TITLE)}</h2>
            <p class="hint">{t(k::RATE_CHANGE_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="change-form">
                <ErrorSummary state=state labels=vec![("event", k::RATE_EVENT), ("event_date", k::RATE_EVENT_DATE), ("reason", k::RATE_REASON)] />
                <input type="hidden" name="id" value=id />
                <div class="form-grid">
                    <Select state=state name="input[event]" error_name="event" label=k::RATE_EVENT options=options required=true />
                    <Field state=state name="input[event_date]" error_name="event_date" label=k::RATE_EVENT_DATE hint=k::RATE_HINT_DATE required=true kind="date" />
                </div>
                <TextArea state=state name="input[reason]" error_name="reason" label=k::RATE_REASON required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-danger" id="change-submit">{t(k::RATE_CHANGE_SUBMIT)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// One grade: validity, certificate, changes, and the downgrade form while in force.
#[component]
pub fn GradePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_grade);
    view! {
        <p class="breadcrumbs"><a href="/officer/rating/grades">{t(k::RATE_GRADES)}</a></p>
        {loaded(data, move |g: GradeView| {
            let in_force = g.status == "active";
            view! {
                <PageHead title=g.org_name.clone() badge={view! { <GradeBadge grade=g.grade.clone() /> }.into_any()} />
                <dl class="kv">
                    <dt>{t(k::RATE_STATUS)}</dt><dd id="grade-status">{grade_status_label(&g.status)}</dd>
                    <dt>{t(k::RATE_GRANTED_GRADE)}</dt><dd>{g.granted_grade.clone()}</dd>
                    <dt>{t(k::RATE_FINAL_SCORE)}</dt><dd>{score_text(Some(g.score))}</dd>
                    <dt>{t(k::RATE_ANNOUNCED_ON)}</dt><dd>{g.announced_on.clone()}</dd>
                    <dt>{t(k::RATE_VALIDITY)}</dt><dd id="grade-validity">{g.valid_from.clone()}" – "{g.valid_to.clone()}</dd>
                    <dt>{t(k::RATE_CERTIFICATE_NO)}</dt>
                    <dd><a href=format!("/rating/certificates/{}", g.id) id="certificate-link">{g.certificate_no.clone()}</a></dd>
                </dl>
                <Changes g=g.clone() />
                {in_force.then(|| view! { <ChangeForm id=g.id on_done=Callback::new(move |_| data.refetch()) /> })}
            }
        })}
    }
}

#[component]
fn KpiBody(v: KpiView) -> impl IntoView {
    let coverage_target = (v.coverage_target * 10.0).round() as u64;
    let top_target = (v.top_share_target * 10.0).round() as u64;
    let coverage = v.coverage_permille();
    let top = v.top_share_permille();
    let new_top_permille = (v.new_top * 1000).checked_div(v.new_top_target).unwrap_or(0);
    let met = |ok: bool| {
        if ok {
            view! { <p class="badge badge-active">{t(k::RPT_TARGET_MET)}</p> }
        } else {
            view! { <p class="badge badge-warning">{t(k::RPT_TARGET_NOT_MET)}</p> }
        }
    };
    let rated = v.rated.max(1);
    let grade_bars: Vec<Bar> =
        v.by_grade.iter().map(|(g, n)| Bar { label: g.clone(), permille: n * 1000 / rated }).collect();
    let grade_rows = v
        .by_grade
        .iter()
        .map(|(g, n)| view! { <tr><th scope="row">{g.clone()}</th><td class="num">{*n}</td></tr> })
        .collect_view();
    view! {
        <div class="stat-grid">
            <div class="stat" id="kpi-coverage">
                <span class="stat-value">{percent(coverage)}</span>
                <span class="stat-label">{t(k::RATE_KPI_COVERAGE)}" · "{tf(k::RPT_TARGET, &[("rate", percent(coverage_target))])}</span>
                {met(coverage >= coverage_target)}
            </div>
            <div class="stat" id="kpi-top-share">
                <span class="stat-value">{percent(top)}</span>
                <span class="stat-label">{t(k::RATE_KPI_TOP_SHARE)}" · "{tf(k::RATE_TARGET_ABOVE, &[("rate", percent(top_target))])}</span>
                {met(top > top_target)}
            </div>
            <div class="stat" id="kpi-new-top">
                <span class="stat-value">{v.new_top}</span>
                <span class="stat-label">{tf(k::RATE_KPI_NEW_TOP, &[("year", v.year.to_string())])}" · "{tf(k::RATE_TARGET_COUNT, &[("n", v.new_top_target.to_string())])}</span>
                {met(v.new_top >= v.new_top_target)}
            </div>
            <div class="stat"><span class="stat-value">{v.eligible}</span><span class="stat-label">{t(k::RATE_KPI_ELIGIBLE)}</span></div>
            <div class="stat"><span class="stat-value">{v.rated}</span><span class="stat-label">{t(k::RATE_KPI_RATED)}</span></div>
        </div>
        <h2>{t(k::RATE_KPI_AGAINST_TARGETS)}</h2>
        <TargetBars
            title=t(k::RATE_KPI_COVERAGE).to_string()
            bars=vec![Bar { label: t(k::RATE_KPI_COVERAGE).to_string(), permille: coverage }]
            target=coverage_target
            target_label=percent(coverage_target)
        />
        <TargetBars
            title=t(k::RATE_KPI_TOP_SHARE).to_string()
            bars=vec![Bar { label: t(k::RATE_KPI_TOP_SHARE).to_string(), permille: top }]
            target=top_target + 1
            target_label=percent(top_target)
        />
        <TargetBars
            title=tf(k::RATE_KPI_NEW_TOP, &[("year", v.year.to_string())])
            bars=vec![Bar { label: "4A+".to_string(), permille: new_top_permille }]
            target=1000
            target_label=tf(k::RATE_TARGET_COUNT, &[("n", v.new_top_target.to_string())])
        />
        <h2>{t(k::RATE_KPI_BY_GRADE)}</h2>
        <TargetBars title=t(k::RATE_KPI_BY_GRADE).to_string() bars=grade_bars target=0 target_label=String::new() data_in="kpi-by-grade" />
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="kpi-by-grade">
                <caption>{t(k::RATE_KPI_BY_GRADE)}</caption>
                <thead><tr><th scope="col">{t(k::RATE_GRADE)}</th><th scope="col">{t(k::RATE_KPI_COUNT)}</th></tr></thead>
                <tbody>{grade_rows}</tbody>
            </table>
        </div>
        <p class="hint">{t(k::RATE_KPI_NOTE)}</p>
    }
}

/// Rating KPIs against their targets (settings), drawn on the server.
#[component]
pub fn KpiPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_rating_kpi());
    view! {
        <p class="breadcrumbs"><a href="/officer/rating">{t(k::RATE_TITLE)}</a></p>
        <h1 class="page-title">{t(k::RATE_KPI)}</h1>
        {loaded(data, |v| view! { <KpiBody v=v /> })}
    }
}

#[component]
fn AffiliationForm() -> impl IntoView {
    let action = ServerAction::<SetAffiliation>::new();
    let state = FormState::new("rate_affiliation", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("affiliation");
    view! {
        <section class="card">
            <h2>{t(k::RATE_AFFILIATION_TITLE)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="affiliation-form">
                <ErrorSummary state=state labels=vec![("expert_id", k::RATE_EXPERT_ID), ("affiliation", k::RATE_AFFILIATION)] />
                <div class="form-grid">
                    <Field state=state name="input[expert_id]" error_name="expert_id" label=k::RATE_EXPERT_ID hint=k::RATE_EXPERT_ID_HINT required=true kind="number" />
                    <Field state=state name="input[affiliation]" error_name="affiliation" label=k::RATE_AFFILIATION hint=k::RATE_AFFILIATION_HINT required=true />
                </div>
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="affiliation-submit">{t(k::RATE_SAVE)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn ExclusionForm() -> impl IntoView {
    let action = ServerAction::<AddExclusion>::new();
    let state = FormState::new("rate_exclusion", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("exclusion");
    let mut reasons = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    reasons.extend(EXCLUSION_REASONS.iter().map(|r| (r.to_string(), lookup(use_lang(), &format!("rate_excl_{r}")))));
    view! {
        <section class="card">
            <h2>{t(k::RATE_EXCLUSION_TITLE)}</h2>
            <p class="hint">{t(k::RATE_EXCLUSION_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="exclusion-form">
                <ErrorSummary state=state labels=vec![("expert_id", k::RATE_EXPERT_ID), ("credit_code", k::FIELD_CREDIT_CODE), ("reason", k::RATE_EXCLUSION_REASON), ("note", k::RATE_NOTE)] />
                <div class="form-grid">
                    <Field state=state name="input[expert_id]" error_name="expert_id" label=k::RATE_EXPERT_ID hint=k::RATE_EXPERT_ID_HINT required=true kind="number" />
                    <Field state=state name="input[credit_code]" error_name="credit_code" label=k::FIELD_CREDIT_CODE required=true />
                    <Select state=state name="input[reason]" error_name="reason" label=k::RATE_EXCLUSION_REASON options=reasons required=true />
                </div>
                <TextArea state=state name="input[note]" error_name="note" label=k::RATE_NOTE />
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="exclusion-submit">{t(k::RATE_ADD_EXCLUSION)}</button></div>
            </ActionForm>
        </section>
    }
}

/// The experts' register: search, pagination, work units and exclusions.
/// Expert accounts are opened on the accounts page with the role 评估专家.
#[component]
pub fn ExpertsPage() -> impl IntoView {
    let query = use_query_map();
    let args = Memo::new(move |_| query.with(|q| (q.get("q").unwrap_or_default(), page_param(q))));
    let data = Resource::new(move || args.get(), |(q, page)| get_experts(q, page));
    view! {
        <p class="breadcrumbs"><a href="/officer/rating">{t(k::RATE_TITLE)}</a></p>
        <PageHead title=t(k::RATE_EXPERTS)>
            <a class="btn btn-secondary" href="/officer/users">{t(k::RATE_NEW_EXPERT)}</a>
        </PageHead>
        <Form method="GET" action="/officer/rating/experts" attr:class="table-tools" attr:role="search">
            {move || view! { <FilterSearch label=k::RATE_EXPERT_SEARCH value=args.get().0 /> }}
            <FilterSubmit />
        </Form>
        {loaded(data, |page| {
            let lang = use_lang();
            let rows = page
                .rows
                .iter()
                .map(|x| {
                    let ex = x
                        .exclusions
                        .iter()
                        .map(|(o, r)| format!("{o}（{}）", lookup(lang, &format!("rate_excl_{r}"))))
                        .collect::<Vec<_>>()
                        .join("；");
                    view! {
                        <tr>
                            <td class="num">{x.id}</td>
                            <td>{x.name.clone()}</td>
                            <td class="mono">{x.username.clone()}</td>
                            <td>{x.affiliation.clone()}</td>
                            <td>{ex}</td>
                            <td>{if x.active { t(k::RATE_ACTIVE) } else { t(k::RATE_INACTIVE) }}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <ListTable id="experts-table" caption=k::RATE_EXPERTS heads=vec![k::RATE_EXPERT_ID, k::RATE_EXPERT, k::RATE_USERNAME, k::RATE_AFFILIATION, k::RATE_EXCLUSIONS, k::RATE_STATUS] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
            }
        })}
        <div class="cards">
            <AffiliationForm />
            <ExclusionForm />
        </div>
    }
}
