//! A result's checklist answered item by item: the result form's rows (three
//! radio buttons and a note an item) and the summary shown wherever the
//! result is shown (counts, the items not compliant with their notes, and for
//! officers every answer).

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::label;
use crate::domain::checklist::{self, Answer};
use crate::domain::seeded::shown;
use crate::i18n::{k, t, tf};
use crate::inspection::types::ItemAnswerView;
use crate::ui::form::FormState;

/// The labels the error summary gives the rows' fields: `1. 年度报告`, and
/// the same with "note" for its note.
pub fn checklist_labels(items: &[String]) -> Vec<(String, String)> {
    items
        .iter()
        .enumerate()
        .flat_map(|(n, item)| {
            let name = format!("{}. {}", n + 1, shown(item));
            [
                (checklist::answer_field(n), name.clone()),
                (checklist::note_field(n), format!("{name} · {}", t(k::INSP_ANSWER_NOTE))),
            ]
        })
        .collect()
}

/// A map the flash kept as JSON (`input[answers]`, `input[notes]`), or `None`
/// when the page does not come back from a failed plain-form submission.
fn typed(state: FormState, field: &str) -> Option<BTreeMap<String, String>> {
    const NONE: &str = "\u{0}";
    let raw = state.value(field, NONE);
    (raw != NONE).then(|| serde_json::from_str(&raw).unwrap_or_default())
}

/// One row an item of the checklist: its answer (`input[answers][i<n>]`,
/// compliant / not compliant / not applicable) and its note
/// (`input[notes][i<n>]`). Shows what was typed in a failed plain-form
/// submission, else the answers recorded.
#[component]
pub fn ChecklistFields(state: FormState, items: Vec<String>, current: Vec<ItemAnswerView>) -> impl IntoView {
    let typed_answers = typed(state, "answers");
    let typed_notes = typed(state, "notes");
    let items_error = Signal::derive(move || state.field_error("items"));
    let rows = items
        .into_iter()
        .enumerate()
        .map(|(n, item)| {
            let key = checklist::key(n);
            let saved = current.iter().find(|a| a.position as usize == n + 1);
            let chosen = match &typed_answers {
                Some(m) => m.get(&key).cloned().unwrap_or_default(),
                None => saved.map(|a| a.answer.clone()).unwrap_or_default(),
            };
            let note = match &typed_notes {
                Some(m) => m.get(&key).cloned().unwrap_or_default(),
                None => saved.map(|a| a.note.clone()).unwrap_or_default(),
            };
            let (answer_field, note_field) = (checklist::answer_field(n), checklist::note_field(n));
            let group_id = state.id(&answer_field);
            let note_id = state.id(&note_field);
            let answer_err_id = format!("{group_id}-error");
            let note_err_id = format!("{note_id}-error");
            let answer_error = {
                let f = answer_field.clone();
                Signal::derive(move || state.field_error(&f))
            };
            let note_error = Signal::derive(move || state.field_error(&note_field));
            let radios = Answer::ALL
                .into_iter()
                .map(|a| {
                    let id = format!("{group_id}-{}", a.as_str());
                    let described = answer_err_id.clone();
                    view! {
                        <label class="radio" for=id.clone()>
                            <input type="radio" id=id.clone() name=format!("input[answers][{key}]") value=a.as_str()
                                checked=chosen == a.as_str()
                                aria-describedby=move || answer_error.get().is_some().then(|| described.clone()) />
                            " "{label("answer", a.as_str())}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <fieldset id=group_id.clone()
                    class=move || if answer_error.get().is_some() { "checklist-item invalid" } else { "checklist-item" }>
                    <legend><span class="item-no">{n + 1}". "</span><span>{shown(&item)}</span></legend>
                    <div class="radios">{radios}</div>
                    {move || answer_error.get().map(|e| view! { <p class="field-error" id=answer_err_id.clone()>{e}</p> })}
                    <div class="field checklist-note">
                        <label for=note_id.clone()>{t(k::INSP_ANSWER_NOTE)}</label>
                        <input type="text" id=note_id.clone() name=format!("input[notes][{key}]") value=note
                            maxlength=checklist::NOTE_MAX.to_string()
                            aria-invalid=move || note_error.get().is_some().then_some("true")
                            aria-describedby={
                                let e = note_err_id.clone();
                                move || note_error.get().is_some().then(|| e.clone())
                            } />
                        {move || note_error.get().map(|e| view! { <p class="field-error" id=note_err_id.clone()>{e}</p> })}
                    </div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <fieldset id=state.id("items") class="checklist">
            <legend>{t(k::INSP_ANSWERS)}</legend>
            <p class="hint" id="f-items-hint">{t(k::INSP_ANSWERS_HINT)}</p>
            {move || items_error.get().map(|e| view! { <p class="field-error" id="f-items-error">{e}</p> })}
            {rows}
        </fieldset>
    }
}

/// The checklist as answered: how many items each way and the items not
/// compliant with their notes; with `full`, every answer too (officers, the
/// inspector and the organization itself). Nothing for a result without
/// answers.
#[component]
pub fn AnswersSummary(answers: Vec<ItemAnswerView>, #[prop(optional)] full: bool) -> impl IntoView {
    if answers.is_empty() {
        return ().into_any();
    }
    let n = checklist::tally(answers.iter().map(|a| a.answer.as_str()));
    let tally = tf(
        k::INSP_ANSWERS_TALLY,
        &[("yes", n.compliant.to_string()), ("no", n.not_compliant.to_string()), ("na", n.not_applicable.to_string())],
    );
    let no = Answer::NotCompliant.as_str();
    let failed = answers
        .iter()
        .filter(|a| a.answer == no)
        .map(|a| view! { <li>{a.position}". "{shown(&a.item)}"："{a.note.clone()}</li> })
        .collect_view();
    let every = full.then(|| {
        let rows = answers
            .iter()
            .map(|a| {
                let note = (!a.note.is_empty()).then(|| format!("（{}）", a.note));
                view! {
                    <li class=format!("answer-{}", a.answer)>
                        {a.position}". "{shown(&a.item)}" — "<strong>{label("answer", &a.answer)}</strong>{note}
                    </li>
                }
            })
            .collect_view();
        view! {
            <details class="answers-all">
                <summary>{t(k::INSP_ANSWERS_ALL)}</summary>
                <ul class="plain">{rows}</ul>
            </details>
        }
    });
    view! {
        <div class="answers">
            <p class="answers-tally">{tally}</p>
            {(n.not_compliant > 0).then(|| view! {
                <p class="answers-failed-title">{t(k::INSP_ANSWERS_FAILED)}</p>
                <ul class="plain answers-failed">{failed}</ul>
            })}
            {every}
        </div>
    }
    .into_any()
}
