//! An organization's credit record and the officers' forms (list, penalty,
//! returned letter).

use super::*;

#[component]
pub(super) fn RecordBody(r: CreditRecord, staff: bool) -> impl IntoView {
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
                    {p.annulled_on.clone().map(|d| view! { " · "<strong class="badge badge-revoked">{crate::i18n::tf(k::CR_PENALTY_ANNULLED, &[("day", d)])}</strong> })}
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
pub(super) fn ListForm(org: i64) -> impl IntoView {
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
pub(super) fn PenaltyForm(org: i64) -> impl IntoView {
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
pub(super) fn LetterForm(org: i64) -> impl IntoView {
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
