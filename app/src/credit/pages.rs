//! Pages of credit supervision: the public lists and announcements, the
//! officers' lists, an organization's credit record with its forms, repair
//! decisions, zombie cases with bulk steps, scores and KPIs; and the
//! organization's own credit page in the portal.

use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::api::*;
use super::types::*;
use crate::domain::credit::{officer_reasons, REASONS};
use crate::domain::money;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::registry::pages::loaded;
use crate::ui::chart::{percent, Bar, TargetBars};
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::table::{page_param, ExportCsv, FilterSelect, FilterSubmit, ListTable, Pagination, ResultCount};

fn list_label(list: &str) -> String {
    lookup(use_lang(), &format!("cr_list_{list}"))
}

fn reason_label(reason: &str) -> String {
    lookup(use_lang(), &format!("cr_reason_{reason}"))
}

fn zombie_status(status: &str) -> String {
    lookup(use_lang(), &format!("zb_status_{status}"))
}

fn use_entry_filter() -> Memo<EntryFilter> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let get = |key: &str| q.get(key).unwrap_or_default();
            EntryFilter {
                list: get("list"),
                q: get("q"),
                reason: get("reason"),
                state: get("state"),
                page: page_param(q),
            }
        })
    })
}

#[component]
fn EntryFilters(filter: EntryFilter, action: &'static str, staff: bool) -> impl IntoView {
    let lists = ["abnormal", "serious"]
        .into_iter()
        .map(|l| {
            let selected = filter.list == l;
            view! { <option value=l selected=selected>{list_label(l)}</option> }
        })
        .collect_view();
    let reasons = REASONS
        .iter()
        .map(|(r, ..)| {
            let selected = filter.reason == *r;
            view! { <option value=*r selected=selected>{reason_label(r)}</option> }
        })
        .collect_view();
    let states = [("", k::CR_STATE_OPEN), ("removed", k::CR_STATE_REMOVED), ("all", k::FILTER_ALL)]
        .into_iter()
        .map(|(v, key)| {
            let selected = filter.state == v;
            view! { <option value=v selected=selected>{t(key)}</option> }
        })
        .collect_view();
    view! {
        <Form method="GET" action=action attr:class="table-tools" attr:role="search">
            <div class="field">
                <label for="filter-q">{t(k::FILTER_Q)}</label>
                <input id="filter-q" type="search" name="q" value=filter.q.clone() />
            </div>
            <FilterSelect id="filter-list" name="list" label=k::CR_LIST>{lists}</FilterSelect>
            <FilterSelect id="filter-reason" name="reason" label=k::CR_REASON>{reasons}</FilterSelect>
            {staff.then(|| view! {
                <div class="field">
                    <label for="filter-state">{t(k::CR_STATE)}</label>
                    <select id="filter-state" name="state">{states}</select>
                </div>
            })}
            <FilterSubmit />
        </Form>
    }
}

#[component]
fn EntryTable(page: EntryPage, link: &'static str) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
    }
    let rows = page
        .rows
        .iter()
        .map(|e| {
            view! {
                <tr>
                    <td><a href=format!("{link}/{}", e.org_id)>{e.org_name.clone()}</a></td>
                    <td class="mono">{e.credit_code.clone()}</td>
                    <td>{list_label(&e.list)}</td>
                    <td>{reason_label(&e.reason)}<br /><span class="hint">{e.basis.clone()}</span></td>
                    <td>{e.listed_on.clone()}</td>
                    <td>{e.deciding_office.clone()}</td>
                    <td>{e.removed_on.clone().unwrap_or_default()}" "{e.removal_reason.as_deref().map(|r| lookup(use_lang(), &format!("cr_removal_{r}"))).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <ListTable id="credit-table" heads=vec![k::FIELD_NAME, k::FIELD_CREDIT_CODE, k::CR_LIST, k::CR_REASON, k::CR_LISTED_ON, k::CR_OFFICE, k::CR_REMOVED_ON] total=page.total page=page.page per_page=page.per_page>{rows}</ListTable>
    }
    .into_any()
}

/// The public lists (活动异常名录 and 严重违法失信名单).
#[component]
pub fn PublicCreditPage() -> impl IntoView {
    let filter = use_entry_filter();
    let data = Resource::new(move || filter.get(), get_public_entries);
    view! {
        <div class="page-head">
            <h1 class="page-title">{t(k::CR_PUBLIC_TITLE)}</h1>
            <div class="page-actions">
                <ExportCsv path="/public/credit/export.csv" file="credit-lists.csv" />
                <a class="btn btn-secondary" href="/public/announcements">{t(k::ZB_ANNOUNCEMENTS)}</a>
            </div>
        </div>
        <p class="muted">{t(k::CR_PUBLIC_INTRO)}</p>
        {move || view! { <EntryFilters filter=filter.get() action="/public/credit" staff=false /> }}
        {loaded(data, |page| view! { <EntryTable page=page link="/public/orgs" /> })}
    }
}

/// The officers' view of the lists.
#[component]
pub fn OfficerCreditPage() -> impl IntoView {
    let filter = use_entry_filter();
    let data = Resource::new(move || filter.get(), get_public_entries);
    view! {
        <div class="page-head">
            <h1 class="page-title">{t(k::CR_TITLE)}</h1>
            <div class="page-actions">
                <ExportCsv path="/officer/credit/export.csv" file="credit-lists.csv" />
                <a class="btn btn-secondary" href="/officer/credit/repairs">{t(k::CR_REPAIRS_TITLE)}</a>
                <a class="btn btn-secondary" href="/officer/credit/scores">{t(k::CR_SCORES_TITLE)}</a>
                <a class="btn btn-secondary" href="/officer/zombies">{t(k::ZB_TITLE)}</a>
                <a class="btn btn-secondary" href="/officer/credit/kpis">{t(k::CR_KPI_TITLE)}</a>
            </div>
        </div>
        {move || view! { <EntryFilters filter=filter.get() action="/officer/credit" staff=true /> }}
        {loaded(data, |page| view! { <EntryTable page=page link="/officer/credit/orgs" /> })}
    }
}

/// The credit status on an organization's public page.
#[component]
pub fn PublicCreditStatus(credit: PublicCredit) -> impl IntoView {
    let body = if credit.entries.is_empty() {
        view! { <p id="public-credit">{t(k::CR_NONE)}</p> }.into_any()
    } else {
        let items = credit
            .entries
            .into_iter()
            .map(|e| {
                view! {
                    <li>
                        <strong>{list_label(&e.list)}</strong>" · "{reason_label(&e.reason)}" · "
                        {tf(k::CR_LISTED_SINCE, &[("date", e.listed_on.clone())])}" · "{e.basis.clone()}
                    </li>
                }
            })
            .collect_view();
        view! { <ul id="public-credit" class="findings">{items}</ul> }.into_any()
    };
    view! {
        <section aria-labelledby="public-credit-title">
            <h2 id="public-credit-title">{t(k::CR_STATUS)}</h2>
            {body}
        </section>
    }
}

/// Public announcements of cleanup notices and revocations.
#[component]
pub fn AnnouncementsPage() -> impl IntoView {
    let query = use_query_map();
    let page = Memo::new(move |_| query.with(page_param));
    let data = Resource::new(move || page.get(), get_announcements);
    view! {
        <h1 class="page-title">{t(k::ZB_ANNOUNCEMENTS)}</h1>
        <p class="muted">{t(k::ZB_ANNOUNCEMENTS_INTRO)}</p>
        {loaded(data, |p| {
            if p.rows.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            let items = p.rows.iter().map(|z| {
                let text = match z.status.as_str() {
                    "revoked" | "deregistered" => tf(k::ZB_ANNOUNCE_CLOSED, &[
                        ("name", z.org_name.clone()), ("status", zombie_status(&z.status)),
                        ("date", z.closed_on.clone().unwrap_or_default()),
                    ]),
                    _ => tf(k::ZB_ANNOUNCE_NOTICE, &[
                        ("name", z.org_name.clone()), ("by", z.respond_by.clone().unwrap_or_default()),
                    ]),
                };
                view! {
                    <li>
                        <time>{z.notified_on.clone().unwrap_or_default()}</time>" "
                        <a href=format!("/public/orgs/{}", z.org_id)>{z.org_name.clone()}</a>
                        " ("<span class="mono">{z.credit_code.clone()}</span>")"
                        <p>{text}</p>
                    </li>
                }
            }).collect_view();
            view! {
                <ResultCount total=p.total />
                <ol class="timeline" id="announcements">{items}</ol>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }.into_any()
        })}
    }
}

#[component]
fn RecordBody(r: CreditRecord, staff: bool) -> impl IntoView {
    let lang = use_lang();
    let facts = r
        .facts
        .iter()
        .map(|(k, v)| view! { <div><dt>{lookup(lang, &format!("cr_fact_{k}"))}</dt><dd>{v.clone()}</dd></div> })
        .collect_view();
    let entries = if r.entries.is_empty() {
        view! { <p>{t(k::CR_NONE)}</p> }.into_any()
    } else {
        view! { <EntryTable page=EntryPage { total: r.entries.len() as u64, rows: r.entries.clone(), page: 0, per_page: 1000 } link="/public/orgs" /> }.into_any()
    };
    let penalties = r
        .penalties
        .iter()
        .map(|p| {
            view! {
                <li>
                    {p.decided_on.clone()}" · "{lookup(lang, &format!("cr_penalty_{}", p.kind))}
                    {(p.amount_fen > 0).then(|| format!(" {}", money::display_money(p.amount_fen)))}
                    " · "{p.facts.clone()}" · "{p.basis.clone()}
                </li>
            }
        })
        .collect_view();
    let letters = r.letters.join("、");
    let inspections = r
        .inspections
        .iter()
        .map(|i| view! {
            <li>{i.inspected_on.clone()}" · "{i.campaign.clone()}" · "{lookup(lang, &format!("insp_outcome_{}", i.outcome))}</li>
        })
        .collect_view();
    let has_inspections = !r.inspections.is_empty();
    view! {
        <div class="stat-grid">
            <div class="stat" id="credit-score"><span class="stat-value">{r.score}</span><span class="stat-label">{t(k::CR_SCORE)}</span></div>
            <div class="stat" id="credit-level"><span class="stat-value">{r.level.clone()}</span><span class="stat-label">{t(k::CR_LEVEL)}</span></div>
        </div>
        <dl class="facts">{facts}</dl>
        <h2>{t(k::CR_ENTRIES)}</h2>
        {entries}
        {(staff || !r.penalties.is_empty()).then(|| view! {
            <h2>{t(k::CR_PENALTIES)}</h2>
            <ul class="findings" id="penalties">{penalties}</ul>
        })}
        <h2>{t(k::CR_INSPECTIONS)}</h2>
        {if has_inspections {
            view! { <ul class="findings" id="inspections">{inspections}</ul> }.into_any()
        } else {
            view! { <p id="inspections">{t(k::CR_NONE)}</p> }.into_any()
        }}
        {staff.then(|| view! {
            <h2>{t(k::CR_LETTERS)}</h2>
            <p id="letters">{if letters.is_empty() { t(k::CR_NONE).to_string() } else { letters.clone() }}</p>
        })}
    }
}

/// An organization's credit record and the officers' forms.
#[component]
pub fn OrgCreditPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_credit_record);
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        {loaded(data, move |r| {
            let org = r.org_id;
            view! {
                <h1 class="page-title">{r.org_name.clone()}" · "{t(k::CR_RECORD)}</h1>
                <p><a href=format!("/officer/orgs/{org}")>{r.credit_code.clone()}</a></p>
                <RecordBody r=r.clone() staff=true />
                <div class="cards">
                    <ListForm org=org />
                    <PenaltyForm org=org />
                    <LetterForm org=org />
                </div>
            }
        })}
    }
}

#[component]
fn ListForm(org: i64) -> impl IntoView {
    let action = ServerAction::<ListOrg>::new();
    let state = FormState::new("credit_list", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("list");
    let mut options = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    options.extend(
        officer_reasons().map(|(r, l)| (r.to_string(), format!("{} · {}", list_label(l.as_str()), reason_label(r)))),
    );
    let labels = vec![("reason", k::CR_REASON), ("listed_on", k::CR_LISTED_ON), ("note", k::CR_NOTE)];
    view! {
        <section class="card">
            <h2>{t(k::CR_LIST_BY_DECISION)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="list-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org />
                <Select state=state name="input[reason]" error_name="reason" label=k::CR_REASON options=options required=true />
                <Field state=state name="input[listed_on]" error_name="listed_on" label=k::CR_LISTED_ON kind="date" required=true />
                <TextArea state=state name="input[note]" error_name="note" label=k::CR_NOTE required=true />
                <div class="form-actions"><button type="submit" class="btn btn-danger" id="list-submit">{t(k::CR_LIST_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn PenaltyForm(org: i64) -> impl IntoView {
    let action = ServerAction::<AddPenalty>::new();
    let state = FormState::new("credit_penalty", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("penalty");
    let mut options = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
    options.extend(
        crate::domain::credit::PenaltyKind::ALL
            .iter()
            .map(|p| (p.as_str().to_string(), lookup(use_lang(), &format!("cr_penalty_{}", p.as_str())))),
    );
    let labels = vec![
        ("kind", k::CR_PENALTY_KIND),
        ("amount", k::CR_PENALTY_AMOUNT),
        ("decided_on", k::CR_DECIDED_ON),
        ("facts", k::CR_FACTS),
        ("basis", k::CR_BASIS),
    ];
    view! {
        <section class="card">
            <h2>{t(k::CR_PENALTY_TITLE)}</h2>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="penalty-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org />
                <Select state=state name="input[kind]" error_name="kind" label=k::CR_PENALTY_KIND options=options required=true />
                <Field state=state name="input[amount]" error_name="amount" label=k::CR_PENALTY_AMOUNT hint=k::HINT_YUAN />
                <Field state=state name="input[decided_on]" error_name="decided_on" label=k::CR_DECIDED_ON kind="date" required=true />
                <TextArea state=state name="input[facts]" error_name="facts" label=k::CR_FACTS required=true />
                <Field state=state name="input[basis]" error_name="basis" label=k::CR_BASIS required=true />
                <div class="form-actions"><button type="submit" class="btn btn-danger" id="penalty-submit">{t(k::CR_PENALTY_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

#[component]
fn LetterForm(org: i64) -> impl IntoView {
    let action = ServerAction::<AddLetter>::new();
    let state = FormState::new("credit_letter", Signal::derive(move || action.value().get().and_then(|r| r.err())))
        .scoped("letter");
    let labels = vec![("sent_on", k::CR_LETTER_SENT_ON), ("note", k::CR_NOTE)];
    view! {
        <section class="card">
            <h2>{t(k::CR_LETTER_TITLE)}</h2>
            <p class="hint">{t(k::CR_LETTER_HINT)}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="letter-form">
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="org_id" value=org />
                <Field state=state name="input[sent_on]" error_name="sent_on" label=k::CR_LETTER_SENT_ON kind="date" required=true />
                <Field state=state name="input[note]" error_name="note" label=k::CR_NOTE />
                <div class="form-actions"><button type="submit" class="btn btn-secondary" id="letter-submit">{t(k::CR_LETTER_SUBMIT)}</button></div>
            </ActionForm>
        </section>
    }
}

/// Pending repair applications with approve / refuse.
#[component]
pub fn RepairsPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_repairs());
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_REPAIRS_TITLE)}</h1>
        {loaded(data, move |list| {
            if list.is_empty() {
                return view! { <p class="empty">{t(k::LIST_EMPTY)}</p> }.into_any();
            }
            list.into_iter().map(|r| view! { <RepairCard r=r on_done=Callback::new(move |_| data.refetch()) /> }).collect_view().into_any()
        })}
    }
}

#[component]
fn RepairCard(r: RepairView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<DecideRepair>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let form = format!("decide_{}", r.id);
    let state =
        FormState::new(&form, Signal::derive(move || action.value().get().and_then(|r| r.err()))).scoped(form.clone());
    view! {
        <section class="card repair" id=format!("repair-{}", r.id)>
            <h2><a href=format!("/officer/credit/orgs/{}", r.org_id)>{r.org_name.clone()}</a></h2>
            <p>{list_label(&r.list)}" · "{reason_label(&r.reason)}" · "{tf(k::CR_LISTED_SINCE, &[("date", r.listed_on.clone())])}</p>
            <p class="pre">{r.statement.clone()}</p>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <ErrorSummary state=state labels=vec![("reason", k::CR_DECISION_REASON)] />
                <input type="hidden" name="id" value=r.id />
                <TextArea state=state name="reason" error_name="reason" label=k::CR_DECISION_REASON hint=k::CR_DECISION_HINT />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary" name="decision" value="approve" id=format!("approve-{}", r.id)>{t(k::CR_APPROVE)}</button>
                    <button type="submit" class="btn btn-danger" name="decision" value="refuse" id=format!("refuse-{}", r.id)>{t(k::CR_REFUSE)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// Zombie cases with their matched criteria and bulk steps.
#[component]
pub fn ZombiesPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| ZombieFilter {
            status: q.get("status").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_zombies);
    let action = ServerAction::<ZombieStep>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            data.refetch();
        }
    });
    let statuses = crate::domain::credit::ZombieStatus::ALL.map(|s| s.as_str());
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::ZB_TITLE)}</h1>
        <p class="muted">{t(k::ZB_INTRO)}</p>
        {move || {
            let f = filter.get();
            let opts = statuses.iter().map(|s| {
                let selected = f.status == *s;
                view! { <option value=*s selected=selected>{zombie_status(s)}</option> }
            }).collect_view();
            view! {
                <Form method="GET" action="/officer/zombies" attr:class="table-tools" attr:role="search">
                    <div class="field"><label for="filter-q">{t(k::FILTER_Q)}</label><input id="filter-q" type="search" name="q" value=f.q.clone() /></div>
                    <FilterSelect id="filter-status" name="status" label=k::ZB_CASE_STATUS>{opts}</FilterSelect>
                    <div class="form-actions"><button type="submit" class="btn btn-primary">{t(k::FILTER_SUBMIT)}</button></div>
                </Form>
            }
        }}
        {loaded(data, move |p| {
            let state = FormState::new("zombie_step", Signal::derive(move || action.value().get().and_then(|r| r.err())));
            let rows = p.rows.iter().map(|z| {
                let mut facts = Vec::new();
                if z.missed_reports { facts.push(t(k::ZB_MISSED_REPORTS)); }
                if z.unreachable { facts.push(t(k::ZB_UNREACHABLE)); }
                if z.inactive { facts.push(t(k::ZB_INACTIVE)); }
                let open = crate::domain::credit::ZOMBIE_OPEN.contains(&z.status.as_str());
                let cb = format!("case-{}", z.id);
                view! {
                    <tr>
                        <td>{open.then(|| view! {
                            <input type="checkbox" id=cb.clone() name=format!("ids[c{}]", z.id) value=z.id.to_string() />
                            <label for=cb.clone() class="visually-hidden">{z.org_name.clone()}</label>
                        })}</td>
                        <td><a href=format!("/officer/credit/orgs/{}", z.org_id)>{z.org_name.clone()}</a></td>
                        <td class="mono">{z.credit_code.clone()}</td>
                        <td>{crate::domain::seeded::shown(&z.district)}</td>
                        <td>{facts.join("；")}</td>
                        <td>{zombie_status(&z.status)}</td>
                        <td>{z.detected_on.clone()}</td>
                        <td>{z.respond_by.clone().unwrap_or_default()}</td>
                        <td class="pre">{z.response.clone().or(z.decision_reason.clone()).unwrap_or_default()}</td>
                    </tr>
                }
            }).collect_view();
            let actions = vec![
                (String::new(), t(k::SELECT_PLACEHOLDER).to_string()),
                ("notify".into(), t(k::ZB_ACT_NOTIFY).to_string()),
                ("restore".into(), t(k::ZB_ACT_RESTORE).to_string()),
                ("deregister".into(), t(k::ZB_ACT_DEREGISTER).to_string()),
                ("revoke".into(), t(k::ZB_ACT_REVOKE).to_string()),
                ("dismiss".into(), t(k::ZB_ACT_DISMISS).to_string()),
            ];
            let labels = vec![("action", k::ZB_ACTION), ("reason", k::CR_DECISION_REASON), ("ids", k::ZB_CASES)];
            view! {
                <ResultCount total=p.total />
                <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="zombie-form">
                    <ErrorSummary state=state labels=labels />
                    <div class="table-wrap" tabindex="0">
                        <table class="data-table" id="zombie-table">
                            <thead><tr>
                                <th scope="col"><span class="visually-hidden">{t(k::ZB_SELECT)}</span></th>
                                <th scope="col">{t(k::FIELD_NAME)}</th>
                                <th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                                <th scope="col">{t(k::FIELD_DISTRICT)}</th>
                                <th scope="col">{t(k::ZB_FACTS)}</th>
                                <th scope="col">{t(k::ZB_CASE_STATUS)}</th>
                                <th scope="col">{t(k::ZB_DETECTED_ON)}</th>
                                <th scope="col">{t(k::ZB_RESPOND_BY)}</th>
                                <th scope="col">{t(k::ZB_RESPONSE)}</th>
                            </tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                    <div class="form-grid">
                        <Select state=state name="input[action]" error_name="action" label=k::ZB_ACTION options=actions required=true />
                        <TextArea state=state name="input[reason]" error_name="reason" label=k::CR_DECISION_REASON hint=k::ZB_REASON_HINT />
                    </div>
                    <div class="form-actions"><button type="submit" class="btn btn-primary" id="zombie-submit">{t(k::ZB_APPLY)}</button></div>
                </ActionForm>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }.into_any()
        })}
    }
}

/// Organizations by credit score.
#[component]
pub fn ScoresPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| ScoreFilter {
            level: q.get("level").unwrap_or_default(),
            q: q.get("q").unwrap_or_default(),
            sort: q.get("sort").unwrap_or_default(),
            page: page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), get_scores);
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_SCORES_TITLE)}</h1>
        <p class="muted">{t(k::CR_SCORES_INTRO)}</p>
        {move || {
            let f = filter.get();
            let levels = ["A", "B", "C", "D"].into_iter().map(|l| {
                let selected = f.level == l;
                view! { <option value=l selected=selected>{l}</option> }
            }).collect_view();
            let desc = f.sort == "desc";
            view! {
                <Form method="GET" action="/officer/credit/scores" attr:class="table-tools" attr:role="search">
                    <div class="field"><label for="filter-q">{t(k::FILTER_Q)}</label><input id="filter-q" type="search" name="q" value=f.q.clone() /></div>
                    <FilterSelect id="filter-level" name="level" label=k::CR_LEVEL>{levels}</FilterSelect>
                    <div class="field"><label for="filter-sort">{t(k::FILTER_SORT)}</label>
                        <select id="filter-sort" name="sort">
                            <option value="" selected=!desc>{t(k::CR_SORT_LOW)}</option>
                            <option value="desc" selected=desc>{t(k::CR_SORT_HIGH)}</option>
                        </select></div>
                    <div class="form-actions"><button type="submit" class="btn btn-primary">{t(k::FILTER_SUBMIT)}</button></div>
                </Form>
            }
        }}
        {loaded(data, |p| {
            let rows = p.rows.iter().map(|r| view! {
                <tr>
                    <td><a href=format!("/officer/credit/orgs/{}", r.org_id)>{r.name.clone()}</a></td>
                    <td class="mono">{r.credit_code.clone()}</td>
                    <td>{crate::domain::seeded::shown(&r.district)}</td>
                    <td class="num">{r.score}</td>
                    <td>{r.level.clone()}</td>
                </tr>
            }).collect_view();
            view! {
                <ResultCount total=p.total />
                <div class="table-wrap" tabindex="0"><table class="data-table" id="score-table">
                    <thead><tr>
                        <th scope="col">{t(k::FIELD_NAME)}</th><th scope="col">{t(k::FIELD_CREDIT_CODE)}</th>
                        <th scope="col">{t(k::FIELD_DISTRICT)}</th><th scope="col">{t(k::CR_SCORE)}</th><th scope="col">{t(k::CR_LEVEL)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <Pagination total=p.total page=p.page per_page=p.per_page />
            }
        })}
    }
}

/// Credit KPIs with charts.
#[component]
pub fn CreditKpiPage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_credit_kpis());
    view! {
        <p class="breadcrumbs"><a href="/officer/credit">{t(k::CR_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_KPI_TITLE)}</h1>
        {loaded(data, |kp| {
            let target = (kp.governance_target * 10.0).round() as u64;
            let sound = (kp.sound_governance * 1000).checked_div(kp.active_orgs).unwrap_or(0);
            let max = kp.by_month.iter().map(|(_, a, s, r)| a.max(s).max(r)).copied().max().unwrap_or(0).max(1);
            let month_bars = |pick: fn(&(String, u64, u64, u64)) -> u64| -> Vec<Bar> {
                kp.by_month.iter().map(|m| Bar { label: m.0.clone(), permille: pick(m) * 1000 / max }).collect()
            };
            let rows = kp.by_month.iter().map(|(m, a, s, r)| view! {
                <tr><th scope="row">{m.clone()}</th><td class="num">{*a}</td><td class="num">{*s}</td><td class="num">{*r}</td></tr>
            }).collect_view();
            let levels = kp.levels.iter().map(|(l, n)| view! { <tr><th scope="row">{l.clone()}</th><td class="num">{*n}</td></tr> }).collect_view();
            let runs = kp.last_runs.iter().map(|(j, d, c)| view! { <tr><td>{j.clone()}</td><td>{d.clone()}</td><td class="mono">{c.clone()}</td></tr> }).collect_view();
            view! {
                <div class="stat-grid">
                    <div class="stat" id="kpi-abnormal"><span class="stat-value">{kp.abnormal_now}</span><span class="stat-label">{t(k::CR_LIST_ABNORMAL)}</span></div>
                    <div class="stat" id="kpi-serious"><span class="stat-value">{kp.serious_now}</span><span class="stat-label">{t(k::CR_LIST_SERIOUS)}</span></div>
                    <div class="stat" id="kpi-zombies"><span class="stat-value">{kp.zombies_found}</span><span class="stat-label">{t(k::ZB_FOUND)}</span></div>
                    <div class="stat"><span class="stat-value">{kp.zombies_notified}</span><span class="stat-label">{t(k::ZB_NOTIFIED)}</span></div>
                    <div class="stat"><span class="stat-value">{kp.zombies_cleared}</span><span class="stat-label">{t(k::ZB_CLEARED)}</span></div>
                    <div class="stat"><span class="stat-value">{kp.zombies_restored}</span><span class="stat-label">{t(k::ZB_RESTORED)}</span></div>
                    <div class="stat" id="kpi-governance"><span class="stat-value">{percent(sound)}</span><span class="stat-label">{t(k::CR_GOVERNANCE)}</span></div>
                </div>
                <h2>{t(k::CR_GOVERNANCE)}</h2>
                <p class="hint">{t(k::CR_GOVERNANCE_HINT)}</p>
                <TargetBars title=t(k::CR_GOVERNANCE).to_string() bars=vec![Bar { label: t(k::CR_GOVERNANCE_SHORT).to_string(), permille: sound }] target=target target_label=tf(k::RPT_TARGET, &[("rate", percent(target))]) />
                <h2>{t(k::CR_BY_MONTH)}</h2>
                <p class="hint">{tf(k::CR_BY_MONTH_HINT, &[("max", max.to_string())])}</p>
                <TargetBars title=t(k::CR_LIST_ABNORMAL).to_string() bars=month_bars(|m| m.1) target=1001 target_label=String::new() data_in="by-month" />
                <TargetBars title=t(k::CR_LIST_SERIOUS).to_string() bars=month_bars(|m| m.2) target=1001 target_label=String::new() data_in="by-month" />
                <div class="table-wrap" tabindex="0"><table class="data-table" id="by-month">
                    <caption class="visually-hidden">{t(k::CR_BY_MONTH)}</caption>
                    <thead><tr><th scope="col">{t(k::CR_MONTH)}</th><th scope="col">{t(k::CR_LIST_ABNORMAL)}</th><th scope="col">{t(k::CR_LIST_SERIOUS)}</th><th scope="col">{t(k::CR_REMOVED)}</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table></div>
                <h2>{t(k::CR_LEVELS)}</h2>
                <div class="table-wrap" tabindex="0"><table class="data-table" id="levels"><thead><tr><th scope="col">{t(k::CR_LEVEL)}</th><th scope="col">{t(k::CR_ORGS)}</th></tr></thead><tbody>{levels}</tbody></table></div>
                <h2>{t(k::CR_RUNS)}</h2>
                <div class="table-wrap" tabindex="0"><table class="data-table" id="job-runs"><thead><tr><th scope="col">{t(k::CR_JOB)}</th><th scope="col">{t(k::CR_RUN_ON)}</th><th scope="col">{t(k::CR_COUNTS)}</th></tr></thead><tbody>{runs}</tbody></table></div>
            }
        })}
    }
}

/// The organization's own credit page: its entries with a repair form each,
/// and a cleanup notice to answer.
#[component]
pub fn PortalCreditPage() -> impl IntoView {
    let data = Resource::new(|| 0i64, get_credit_record);
    view! {
        <p class="breadcrumbs"><a href="/portal">{t(k::PORTAL_TITLE)}</a></p>
        <h1 class="page-title">{t(k::CR_STATUS)}</h1>
        {loaded(data, move |r| {
            let refetch = Callback::new(move |_| data.refetch());
            let notice = r.zombie.clone().filter(|z| z.status == crate::domain::credit::ZombieStatus::Notified.as_str()).map(|z| view! { <RespondForm z=z on_done=refetch /> });
            let open: Vec<EntryView> = r.entries.iter().filter(|e| e.removed_on.is_none()).cloned().collect();
            let repair_forms = open.into_iter().map(|e| view! { <RepairForm e=e on_done=refetch /> }).collect_view();
            view! {
                {notice}
                <RecordBody r=r.clone() staff=false />
                {repair_forms}
            }
        })}
    }
}

#[component]
fn RepairForm(e: EntryView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ApplyRepair>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state =
        FormState::new(&format!("repair_{}", e.id), Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <section class="card" id=format!("repair-entry-{}", e.id)>
            <h2>{t(k::CR_REPAIR_TITLE)}": "{reason_label(&e.reason)}</h2>
            {if e.repair_pending {
                view! { <p class="badge badge-warning">{t(k::CR_REPAIR_PENDING)}</p> }.into_any()
            } else {
                view! {
                    <ActionForm action=action attr:class="form" attr:novalidate=true>
                        <ErrorSummary state=state labels=vec![("statement", k::CR_REPAIR_STATEMENT)] />
                        <input type="hidden" name="entry_id" value=e.id />
                        <TextArea state=state name="statement" error_name="statement" label=k::CR_REPAIR_STATEMENT hint=k::CR_REPAIR_HINT required=true />
                        <div class="form-actions"><button type="submit" class="btn btn-primary" id=format!("repair-submit-{}", e.id)>{t(k::CR_REPAIR_SUBMIT)}</button></div>
                    </ActionForm>
                }.into_any()
            }}
        </section>
    }
}

#[component]
fn RespondForm(z: ZombieView, on_done: Callback<()>) -> impl IntoView {
    let action = ServerAction::<ZombieRespond>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_done.run(());
        }
    });
    let state = FormState::new("zombie_respond", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    view! {
        <div class="flash flash-error" role="alert" id="zombie-notice">
            <p><strong>{tf(k::ZB_NOTICE_TO_ORG, &[("by", z.respond_by.clone().unwrap_or_default())])}</strong></p>
            <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="respond-form">
                <ErrorSummary state=state labels=vec![("response", k::ZB_RESPONSE)] />
                <TextArea state=state name="response" error_name="response" label=k::ZB_RESPONSE hint=k::ZB_RESPONSE_HINT required=true />
                <div class="form-actions"><button type="submit" class="btn btn-primary" id="respond-submit">{t(k::ZB_RESPOND)}</button></div>
            </ActionForm>
        </div>
    }
}
