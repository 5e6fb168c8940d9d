//! One case: its facts, deadlines and overdue steps, the timeline of its
//! steps, its evidence, and a form for each step offered now.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::{label, sanctions_text, LateMarks, StateBadge};
use crate::domain::money;
use crate::domain::penalty_case::{Action, Adjust, FineBase, FineRule, Method, State};
use crate::i18n::{k, lookup, t, tf, use_lang, Key};
use crate::penalty::api::{get_case, CaseStep};
use crate::penalty::steps;
use crate::penalty::types::{CaseDetail, ServiceView};
use crate::penalty::violations;
use crate::ui::form::{ErrorSummary, Field, FormState, Select, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

fn yes_no(b: bool) -> &'static str {
    if b {
        t(k::PEN_YES)
    } else {
        t(k::PEN_NO)
    }
}

fn service_text(s: &Option<ServiceView>) -> String {
    match s {
        None => "—".into(),
        Some(s) if s.served_on != s.on => tf(
            k::PEN_SERVICE_DEEMED,
            &[("method", label("method", &s.method)), ("on", s.on.clone()), ("served", s.served_on.clone())],
        ),
        Some(s) => format!("{} {}", label("method", &s.method), s.on),
    }
}

/// What the case record says.
#[component]
fn CaseFacts(d: CaseDetail) -> impl IntoView {
    let v = violations::find(&d.violation_code);
    let party = match d.org_id {
        Some(org) => view! {
            <a href=format!("/officer/orgs/{org}")>{d.party_name.clone()}</a>" "<span class="mono">{d.credit_code.clone()}</span>
        }
        .into_any(),
        None => view! { {d.party_name.clone()} }.into_any(),
    };
    let source = match (d.source.as_str(), d.source_id) {
        ("complaint", Some(id)) => view! {
            {label("source", &d.source)}" "
            <a href=format!("/officer/complaints/{id}") id="case-complaint">{d.source_ref.clone().unwrap_or_else(|| format!("#{id}"))}</a>
        }
        .into_any(),
        // An illegal organization's entry has a page to go back to.
        ("illegal", Some(id)) => view! {
            <a href=format!("/officer/illegal/{id}") id="case-source-link">{format!("{} #{id}", label("source", &d.source))}</a>
        }
        .into_any(),
        (_, Some(id)) => view! { {format!("{} #{id}", label("source", &d.source))} }.into_any(),
        (_, None) => view! { {label("source", &d.source)} }.into_any(),
    };
    view! {
        <dl class="kv" id="case-facts">
            <dt>{t(k::PEN_PARTY)}</dt><dd>{label("party", &d.party_kind)}"："{party}</dd>
            <dt>{t(k::PEN_SOURCE)}</dt><dd>{source}</dd>
            <dt>{t(k::PEN_VIOLATION)}</dt>
            <dd>{v.map(|v| format!("{}{}：{}", v.regulation, v.article, v.description)).unwrap_or_else(|| d.violation_code.clone())}</dd>
            <dt>{t(k::PEN_FACTS)}</dt><dd class="pre">{d.facts.clone()}</dd>
            <dt>{t(k::PEN_DISCOVERED_ON)}</dt><dd>{d.discovered_on.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(k::PEN_ENDED_ON)}</dt><dd>{d.violation_ended_on.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(k::PEN_OPENED_ON)}</dt><dd>{d.opened_on.clone().unwrap_or_else(|| "—".into())}" "{(d.extension_days > 0).then(|| tf(k::PEN_EXTENDED, &[("days", d.extension_days.to_string())]))}</dd>
            <dt>{t(k::PEN_OPENED_BY)}</dt><dd>{d.opened_by.clone()}</dd>
            <dt>{t(k::PEN_PROPOSED)}</dt><dd id="case-proposed">{if d.proposed.is_empty() { "—".to_string() } else { sanctions_text(&d.proposed) }}</dd>
            <dt>{t(k::PEN_HEARING_RIGHT)}</dt><dd>{yes_no(d.hearing_right)}</dd>
            <dt>{t(k::PEN_NOTICE)}</dt><dd>{service_text(&d.notice)}</dd>
            <dt>{t(k::PEN_STATEMENT)}</dt><dd>{yes_no(d.statement_done)}" · "{t(k::PEN_HEARING_WAIVED)}"："{yes_no(d.hearing_waived)}</dd>
            <dt>{t(k::PEN_HEARING)}</dt>
            <dd>{d.hearing_requested_on.clone().map(|x| tf(k::PEN_HEARING_REQUESTED_ON, &[("day", x)]))}" "{d.hearing_on.clone().map(|x| tf(k::PEN_HEARING_HELD_ON, &[("day", x)]))}</dd>
            <dt>{t(k::PEN_LEGAL_REVIEW)}</dt><dd>{yes_no(d.legal_review_done)}</dd>
            <dt>{t(k::PEN_DECIDED)}</dt><dd id="case-decided">{if d.decided_on.is_none() { "—".to_string() } else if d.decided.is_empty() { t(k::PEN_NO_PENALTY).to_string() } else { sanctions_text(&d.decided) }}</dd>
            <dt>{t(k::PEN_DECISION_NUMBER)}</dt><dd id="case-number">{d.decision_number.clone().unwrap_or_else(|| "—".into())}" "{d.decided_on.clone()}</dd>
            <dt>{t(k::PEN_BASIS)}</dt><dd>{d.decision_basis.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>{t(k::PEN_DECISION_SERVICE)}</dt><dd>{service_text(&d.decision_service)}</dd>
            <dt>{t(k::PEN_APPEAL_PENDING)}</dt><dd>{yes_no(d.appeal_pending)}</dd>
            <dt>{t(k::PEN_FINE_PAID)}</dt><dd>{yes_no(d.fine_paid)}</dd>
            {d.annulled_on.clone().map(|x| view! {
                <dt>{t(k::PEN_ANNULLED_ON)}</dt>
                <dd>{x}" "{t(k::PEN_ANNULLED_EFFECTS)}{d.registration_revoked.then(|| view! {
                    <p class="notice" id="case-annul-registry">
                        {t(k::PEN_ANNUL_REGISTRY)}" "
                        {d.org_id.map(|o| view! { <a id="case-reinstate" href=format!("/officer/orgs/{o}#act-reinstate")>{t(k::PEN_ANNUL_REINSTATE)}</a> })}
                    </p>
                })}{d.registration_reinstated.then(|| view! { <p class="notice" id="case-reinstated">{t(k::PEN_ANNUL_REINSTATED)}</p> })}</dd>
            })}
        </dl>
    }
}

/// The case's deadlines, the passed ones marked.
#[component]
fn Deadlines(d: CaseDetail) -> impl IntoView {
    if d.deadlines.is_empty() {
        return ().into_any();
    }
    let rows = d
        .deadlines
        .iter()
        .map(|x| {
            view! {
                <tr>
                    <th scope="row">{lookup(use_lang(), &x.key)}</th>
                    <td>{x.day.clone()}</td>
                    <td>{x.passed.then(|| view! { <span class="badge badge-deregistered">{t(k::PEN_PASSED)}</span> })}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="deadlines-title">
            <h2 id="deadlines-title">{t(k::PEN_DEADLINES)}</h2>
            <p class="hint">{t(k::PEN_DEADLINES_HINT)}</p>
            <div class="table-wrap" tabindex="0">
                <table class="data-table" id="deadlines">
                    <thead><tr><th scope="col">{t(k::PEN_DEADLINE)}</th><th scope="col">{t(k::PEN_DAY)}</th><th scope="col"><span class="visually-hidden">{t(k::PEN_PASSED)}</span></th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}

/// The steps taken, in order.
#[component]
fn Timeline(d: CaseDetail) -> impl IntoView {
    let items = d
        .steps
        .iter()
        .map(|s| {
            let doc = s.document_kind.clone().map(|kind| {
                let number = s.document_number.clone().map(|n| format!(" {n}")).unwrap_or_default();
                let href = format!("/officer/cases/{}/documents/{kind}", d.id);
                view! { <a class="badge" href=href>{label("doc", &kind)}{number}</a> }
            });
            view! {
                <li>
                    <time datetime=s.day.clone()>{s.day.clone()}</time>
                    " "<strong>{label("action", &s.action)}</strong>
                    " · "{label("state", &s.to_state)}" · "{s.officer.clone()}" "{doc}
                    {(!s.note.is_empty()).then(|| view! { <p class="pre break-anywhere">{s.note.clone()}</p> })}
                </li>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t(k::PEN_TIMELINE)}</h2>
            <ol class="timeline" id="timeline">{items}</ol>
        </section>
    }
}

/// The evidence, and while investigating the upload form (a plain
/// multipart post, as the other uploads).
#[component]
fn Evidence(d: CaseDetail) -> impl IntoView {
    let state = FormState::new("evidence", Signal::derive(|| None)).scoped("evidence");
    let files = d
        .evidence
        .iter()
        .map(|e| {
            view! {
                <li>
                    <a href=format!("/files/penalty/{}", e.id) rel="external">{e.file_name.clone()}</a>
                    " ("{money::display_count(e.size)}" B, "{e.uploaded_by.clone()}", "{e.at.clone()}")"
                    <br /><span class="mono hint break-anywhere">"SHA-256 "{e.sha256.clone()}</span>
                </li>
            }
        })
        .collect_view();
    let open = d.state == State::Investigating.as_str();
    view! {
        <section aria-labelledby="evidence-title">
            <h2 id="evidence-title">{t(k::PEN_EVIDENCE)}</h2>
            {if d.evidence.is_empty() {
                view! { <p class="empty">{t(k::PEN_NO_EVIDENCE)}</p> }.into_any()
            } else {
                view! { <ul id="evidence">{files}</ul> }.into_any()
            }}
            {open.then(|| view! {
                <form class="form card" method="post" action=format!("/officer/cases/{}/evidence", d.id) enctype="multipart/form-data" id="evidence-form">
                    <ErrorSummary state=state labels=vec![("file", k::PEN_EVIDENCE_FILE), ("day", k::PEN_EVIDENCE_DAY)] />
                    <Field state=state name="day" error_name="day" label=k::PEN_EVIDENCE_DAY hint=k::PEN_DAY_HINT kind="date" initial=d.today.clone() />
                    <div class="field">
                        <label for="f-evidence-file">{t(k::PEN_EVIDENCE_FILE)}</label>
                        <p class="hint" id="f-evidence-file-hint">{t(k::PEN_EVIDENCE_HINT)}</p>
                        <input id="f-evidence-file" type="file" name="file" accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="f-evidence-file-hint" />
                    </div>
                    <div class="form-actions">
                        <button type="submit" class="btn btn-secondary" id="evidence-submit">{t(k::PEN_EVIDENCE_ADD)}</button>
                    </div>
                </form>
            })}
        </section>
    }
}

/// A labelled checkbox of a step's form.
#[component]
fn Check(state: FormState, name: &'static str, error_name: &'static str, label: Key, checked: bool) -> impl IntoView {
    let id = state.id(error_name);
    let for_id = id.clone();
    view! {
        <div class="field">
            <label for=for_id><input type="checkbox" id=id name=name value="on" checked=checked />" "{t(label)}</label>
        </div>
    }
}

/// The penalties of a notice or a decision: those the violation's row
/// allows, each with its amount or months, and the reading of the case
/// against the row (tier, adjustment, the base of a fine in multiples).
#[component]
fn SanctionFields(state: FormState, scope: &'static str, d: CaseDetail, prefill: bool) -> impl IntoView {
    let Some(row) = violations::find(&d.violation_code) else { return ().into_any() };
    let lang = use_lang();
    let items = row
        .penalties
        .iter()
        .map(|p| {
            let code = p.as_str();
            let pre = prefill.then(|| d.proposed.iter().find(|s| s.penalty == code)).flatten();
            let fid = format!("f-{scope}-{code}");
            let amount = p.has_amount().then(|| {
                let aid = format!("{fid}-amount");
                let value = pre.filter(|s| s.amount_fen > 0).map(|s| money::format_yuan(s.amount_fen)).unwrap_or_default();
                view! {
                    " "<label for=aid.clone()>{t(k::PEN_AMOUNT)}</label>
                    <input id=aid type="text" inputmode="decimal" name=format!("input[sanctions][{code}_amount]") value=value />
                }
            });
            let months = p.has_term().then(|| {
                let mid = format!("{fid}-months");
                let value = pre.filter(|s| s.months > 0).map(|s| s.months.to_string()).unwrap_or_default();
                view! {
                    " "<label for=mid.clone()>{t(k::PEN_MONTHS_FIELD)}</label>
                    <input id=mid type="text" inputmode="numeric" name=format!("input[sanctions][{code}_months]") value=value />
                }
            });
            view! {
                <li>
                    <input type="checkbox" id=fid.clone() name=format!("input[sanctions][{code}]") value="on" checked=pre.is_some() />
                    <label for=fid>{lookup(lang, &format!("pen_penalty_{code}"))}</label>
                    {amount}
                    {months}
                </li>
            }
        })
        .collect_view();
    let error = move || state.field_error("sanctions");
    let tiers = (!row.tiers.is_empty()).then(|| {
        let mut options = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
        options.extend(
            row.tiers
                .iter()
                .map(|tier| (tier.gravity.as_str().to_string(), format!("{}：{}", label("gravity", tier.gravity.as_str()), tier.circumstances))),
        );
        view! { <Select state=state name="input[gravity]" error_name="gravity" label=k::PEN_GRAVITY options=options initial=d.gravity.clone().unwrap_or_default() /> }
    });
    let adjusts = Adjust::ALL.iter().map(|a| (a.as_str().to_string(), label("adjust", a.as_str()))).collect::<Vec<_>>();
    let times = row.fines.iter().any(|r| matches!(r, FineRule::Times { .. }));
    let base = times.then(|| {
        let mut options = vec![(String::new(), t(k::PEN_FINE_BASE_NONE).to_string())];
        options.extend(
            [FineBase::IllegalIncome, FineBase::IllegalTurnover].iter().map(|b| (b.as_str().to_string(), label("base", b.as_str()))),
        );
        let amount = d.fine_base_fen.map(money::format_yuan).unwrap_or_default();
        view! {
            <Select state=state name="input[fine_base]" error_name="fine_base" label=k::PEN_FINE_BASE options=options initial=d.fine_base.clone().unwrap_or_default() />
            <Field state=state name="input[fine_base_amount]" error_name="fine_base_amount" label=k::PEN_FINE_BASE_AMOUNT initial=amount />
        }
    });
    view! {
        <fieldset class="field" id=state.id("sanctions")>
            <legend>{t(k::PEN_SANCTIONS)}</legend>
            <p class="hint">{t(k::PEN_SANCTIONS_HINT)}</p>
            <ul class="checklist">{items}</ul>
            {move || error().map(|e| view! { <p class="field-error">{e}</p> })}
        </fieldset>
        <div class="form-grid">
            {tiers}
            <Select state=state name="input[adjust]" error_name="adjust" label=k::PEN_ADJUST options=adjusts initial=d.adjust.clone() />
            {base}
        </div>
    }
    .into_any()
}

/// The form of one step.
#[component]
fn StepForm(d: CaseDetail, action: &'static str, on_done: Callback<()>) -> impl IntoView {
    let server = ServerAction::<CaseStep>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = server.value().get() {
            on_done.run(());
        }
    });
    let state =
        FormState::new(&format!("step_{action}"), Signal::derive(move || server.value().get().and_then(|r| r.err())))
            .scoped(action);
    let st = State::parse(&d.state).unwrap_or(State::Draft);
    let step = Action::parse(action).unwrap_or(Action::Close);
    let f = steps::fields(st, step);
    let methods = {
        let mut m = vec![(String::new(), t(k::SELECT_PLACEHOLDER).to_string())];
        m.extend(Method::ALL.iter().map(|x| (x.as_str().to_string(), label("method", x.as_str()))));
        m
    };
    let labels = vec![
        ("action", k::PEN_ACTION),
        ("day", k::PEN_DAY),
        ("note", k::PEN_NOTE),
        ("method", k::PEN_METHOD),
        ("sanctions", k::PEN_SANCTIONS),
        ("gravity", k::PEN_GRAVITY),
        ("adjust", k::PEN_ADJUST),
        ("fine_base", k::PEN_FINE_BASE),
        ("fine_base_amount", k::PEN_FINE_BASE_AMOUNT),
        ("hearing_on", k::PEN_HEARING_ON),
        ("extension_days", k::PEN_EXTENSION_DAYS),
        ("demand_served_on", k::PEN_DEMAND_ON),
    ];
    let danger = matches!(step, Action::Annul | Action::Terminate | Action::DeclineOpening);
    let class = if danger { "btn btn-danger" } else { "btn btn-primary" };
    let hint = lookup(use_lang(), &format!("pen_hint_{action}"));
    view! {
        <section class="card" id=format!("step-{action}")>
            <h3>{label("action", action)}</h3>
            {(!hint.starts_with("pen_hint_")).then(|| view! { <p class="hint">{hint.clone()}</p> })}
            <ActionForm action=server attr:class="form" attr:novalidate=true>
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="id" value=d.id />
                <input type="hidden" name="input[action]" value=action />
                <div class="form-grid">
                    <Field state=state name="input[day]" error_name="day" label=k::PEN_DAY hint=k::PEN_DAY_HINT kind="date" initial=d.today.clone() />
                    {f.service.then(|| view! { <Select state=state name="input[method]" error_name="method" label=k::PEN_METHOD options=methods.clone() required=true /> })}
                    {f.hearing_on.then(|| view! { <Field state=state name="input[hearing_on]" error_name="hearing_on" label=k::PEN_HEARING_ON kind="date" required=true /> })}
                    {f.extension_days.then(|| view! { <Field state=state name="input[extension_days]" error_name="extension_days" label=k::PEN_EXTENSION_DAYS required=true /> })}
                    {f.demand.then(|| view! { <Field state=state name="input[demand_served_on]" error_name="demand_served_on" label=k::PEN_DEMAND_ON kind="date" initial=d.demand_served_on.clone().unwrap_or_default() /> })}
                </div>
                {f.service.then(|| view! {
                    <Check state=state name="input[electronic_consent]" error_name="electronic_consent" label=k::PEN_ELECTRONIC_CONSENT checked=false />
                    <Check state=state name="input[receipt_refused]" error_name="receipt_refused" label=k::PEN_RECEIPT_REFUSED checked=false />
                    <Check state=state name="input[other_methods_failed]" error_name="other_methods_failed" label=k::PEN_OTHER_METHODS_FAILED checked=false />
                })}
                {f.sanctions.then(|| view! { <SanctionFields state=state scope=action d=d.clone() prefill=step == Action::DecidePenalty /> })}
                {f.other_heavy.then(|| view! { <Check state=state name="input[other_heavy]" error_name="other_heavy" label=k::PEN_OTHER_HEAVY checked=false /> })}
                {f.legal_review.then(|| view! { <Check state=state name="input[legal_review_done]" error_name="legal_review_done" label=k::PEN_LEGAL_REVIEW_DONE checked=d.legal_review_done /> })}
                {f.fine_paid.then(|| view! { <Check state=state name="input[fine_paid]" error_name="fine_paid" label=k::PEN_FINE_PAID checked=d.fine_paid /> })}
                <TextArea state=state name="input[note]" error_name="note" label=k::PEN_NOTE />
                <div class="form-actions">
                    <button type="submit" class=class id=format!("submit-{action}")>{label("action", action)}</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// A case: facts, deadlines, timeline, evidence and the next steps.
#[component]
pub fn CasePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_case);
    let refresh = Callback::new(move |_| data.refetch());
    view! {
        <p class="breadcrumbs"><a href="/officer/cases">{t(k::PEN_TITLE)}</a></p>
        {loaded(data, move |d: CaseDetail| {
            let title = tf(k::PEN_CASE_TITLE, &[("id", d.id.to_string()), ("party", d.party_name.clone())]);
            let badge = view! { <StateBadge state=d.state.clone() id="case-state" /> }.into_any();
            let forms = d
                .actions
                .iter()
                .filter_map(|a| Action::parse(a))
                .map(|a| view! { <StepForm d=d.clone() action=a.as_str() on_done=refresh /> })
                .collect_view();
            let late = d.late.clone();
            view! {
                <PageHead title=title badge=badge>
                    {d.org_id.map(|org| view! { <a class="btn btn-secondary" href=format!("/officer/credit/orgs/{org}")>{t(k::PEN_CREDIT_RECORD)}</a> })}
                </PageHead>
                {(!late.is_empty()).then(|| view! {
                    <div class="flash flash-error" role="alert" id="case-late"><p>{t(k::PEN_LATE_TITLE)}" "<LateMarks late=late /></p></div>
                })}
                <CaseFacts d=d.clone() />
                <Deadlines d=d.clone() />
                <Timeline d=d.clone() />
                <Evidence d=d.clone() />
                <section aria-labelledby="next-title">
                    <h2 id="next-title">{t(k::PEN_NEXT_STEPS)}</h2>
                    {if d.actions.is_empty() {
                        view! { <p class="empty">{t(k::PEN_NO_STEPS)}</p> }.into_any()
                    } else {
                        view! { <div class="cards" id="next-steps">{forms}</div> }.into_any()
                    }}
                </section>
            }
            .into_any()
        })}
    }
}
