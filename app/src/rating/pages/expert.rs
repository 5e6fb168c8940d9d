//! The expert's pages: the applications assigned to them, and one sheet to
//! score item by item within each item's maximum.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::status_label;
use crate::i18n::{k, t, tf};
use crate::party::types::PartySummary;
use crate::rating::api::{get_assignments, get_sheet, SaveScores};
use crate::rating::types::{ItemView, SheetView};
use crate::ui::form::FormState;
use crate::ui::load::{loaded, type_label};

/// The expert's home: assignments, newest first.
#[component]
pub fn ExpertHomePage() -> impl IntoView {
    let data = Resource::new(|| (), |_| get_assignments());
    view! {
        <h1 class="page-title">{t(k::RATE_EXPERT_HOME)}</h1>
        <p class="hint">{t(k::RATE_EXPERT_HOME_HINT)}</p>
        {loaded(data, |list| {
            if list.is_empty() {
                return view! { <p class="empty">{t(k::RATE_NO_ASSIGNMENTS)}</p> }.into_any();
            }
            let rows = list
                .into_iter()
                .map(|a| {
                    let state = if a.submitted {
                        tf(k::RATE_SUBMITTED_TOTAL, &[("n", a.total.unwrap_or(0).to_string())])
                    } else {
                        t(k::RATE_NOT_SUBMITTED).to_string()
                    };
                    view! {
                        <tr>
                            <td><a href=format!("/expert/apps/{}", a.application_id)>{a.org_name.clone()}</a></td>
                            <td>{type_label(&a.org_type)}</td>
                            <td>{a.year}</td>
                            <td>{status_label(&a.status)}</td>
                            <td>{state}</td>
                        </tr>
                    }
                })
                .collect_view();
            view! {
                <div class="table-wrap" tabindex="0">
                    <table class="data-table" id="assignments">
                        <thead>
                            <tr>
                                <th scope="col">{t(k::FIELD_NAME)}</th>
                                <th scope="col">{t(k::FIELD_ORG_TYPE)}</th>
                                <th scope="col">{t(k::RATE_YEAR)}</th>
                                <th scope="col">{t(k::RATE_STATUS)}</th>
                                <th scope="col">{t(k::RATE_MY_SHEET)}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        })}
    }
}

/// Items grouped by their group, in order: (group name, group maximum, items).
fn groups(items: &[ItemView]) -> Vec<(String, i32, Vec<ItemView>)> {
    let mut out: Vec<(String, i32, Vec<ItemView>)> = Vec::new();
    for it in items {
        match out.last_mut() {
            Some(g) if g.0 == it.group_name => {
                g.1 += it.max_points;
                g.2.push(it.clone());
            }
            _ => out.push((it.group_name.clone(), it.max_points, vec![it.clone()])),
        }
    }
    out
}

#[component]
fn PointsInput(state: FormState, item: ItemView, initial: String) -> impl IntoView {
    let key = format!("p{}", item.id);
    let id = format!("f-{key}");
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let value = state.value(&key, &initial);
    let error = {
        let key = key.clone();
        Signal::derive(move || state.field_error(&key))
    };
    let described = {
        let (hint_id, err_id) = (hint_id.clone(), err_id.clone());
        move || if error.get().is_some() { format!("{hint_id} {err_id}") } else { hint_id.clone() }
    };
    view! {
        <div class="field">
            <label for=id.clone()>{format!("{}.{} {}", item.group_no, item.item_no, crate::domain::seeded::shown(&item.name))}</label>
            <p class="hint" id=hint_id.clone()>{tf(k::RATE_MAX_POINTS, &[("n", item.max_points.to_string())])}</p>
            <input
                id=id.clone()
                name=format!("input[points][{}]", item.id)
                type="number"
                min="0"
                max=item.max_points
                step="1"
                inputmode="numeric"
                value=value
                required=true
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            />
            {move || error.get().map(|e| view! { <p class="field-error" id=err_id.clone()>{e}</p> })}
        </div>
    }
}

/// The organization's party building beside the sheet's party-building item.
fn party_brief(item: &ItemView, party: &Option<PartySummary>) -> Option<impl IntoView> {
    let s = party.clone().filter(|_| item.kind == crate::domain::party::RATING_ITEM_KIND)?;
    Some(view! { <crate::party::pages::PartyBrief s=s /> })
}

#[component]
fn ScoreForm(sheet: SheetView, on_saved: Callback<()>) -> impl IntoView {
    let action = ServerAction::<SaveScores>::new();
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            on_saved.run(());
        }
    });
    let state = FormState::new("rate_score", Signal::derive(move || action.value().get().and_then(|r| r.err())));
    let items = sheet.items.clone();
    let label_of = move |field: &str| -> String {
        field
            .strip_prefix('p')
            .and_then(|id| id.parse::<i64>().ok())
            .and_then(|id| items.iter().find(|i| i.id == id))
            .map(|i| format!("{}.{} {}", i.group_no, i.item_no, crate::domain::seeded::shown(&i.name)))
            .unwrap_or_else(|| field.to_string())
    };
    let label_of = StoredValue::new(label_of);
    let summary = move || {
        state.summary().map(|s| {
            let lang = crate::i18n::use_lang();
            let list = state
                .errors()
                .into_iter()
                .map(|e| {
                    let label = label_of.with_value(|f| f(&e.field));
                    view! { <li><a href=format!("#f-{}", e.field)>{label}": "{crate::i18n::lookup(lang, &e.message)}</a></li> }
                })
                .collect_view();
            view! {
                <div class="error-summary" role="alert" tabindex="-1" id="error-summary">
                    <h2>{s}</h2>
                    <ul>{list}</ul>
                </div>
            }
        })
    };
    let given = sheet.points.clone();
    let party = sheet.party.clone();
    let fieldsets = groups(&sheet.items)
        .into_iter()
        .map(|(name, max, items)| {
            let inputs = items
                .into_iter()
                .map(|it| {
                    let initial =
                        given.iter().find(|(id, _)| *id == it.id).map(|(_, p)| p.to_string()).unwrap_or_default();
                    // The party-building item is scored from the party record, shown beside it.
                    let brief = party_brief(&it, &party);
                    view! { <PointsInput state=state item=it initial=initial />{brief} }
                })
                .collect_view();
            view! {
                <fieldset>
                    <legend>{tf(k::RATE_GROUP_LEGEND, &[("name", crate::domain::seeded::shown(&name)), ("n", max.to_string())])}</legend>
                    <div class="form-grid">{inputs}</div>
                </fieldset>
            }
        })
        .collect_view();
    view! {
        <ActionForm action=action attr:class="form" attr:novalidate=true attr:id="score-form">
            {summary}
            <input type="hidden" name="id" value=sheet.application_id />
            {fieldsets}
            <div class="form-actions">
                <button type="submit" class="btn btn-secondary" name="input[intent]" value="save" id="score-save">{t(k::RATE_SAVE_SCORES)}</button>
                <button type="submit" class="btn btn-primary" name="input[intent]" value="submit" id="score-submit">{t(k::RATE_SUBMIT_SCORES)}</button>
            </div>
            <p class="hint">{t(k::RATE_SUBMIT_SCORES_HINT)}</p>
        </ActionForm>
    }
}

#[component]
fn ScoreReadOnly(sheet: SheetView) -> impl IntoView {
    let rows = sheet
        .items
        .iter()
        .map(|it| {
            let p = sheet.points.iter().find(|(id, _)| *id == it.id).map(|(_, p)| p.to_string()).unwrap_or_default();
            view! {
                <tr>
                    <td>{crate::domain::seeded::shown(&it.group_name)}</td>
                    <td>{format!("{}.{} {}", it.group_no, it.item_no, crate::domain::seeded::shown(&it.name))}</td>
                    <td class="num">{it.max_points}</td>
                    <td class="num">{p}</td>
                </tr>
            }
        })
        .collect_view();
    let brief = sheet.items.iter().find_map(|it| party_brief(it, &sheet.party));
    view! {
        {brief}
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="sheet-table">
                <thead>
                    <tr>
                        <th scope="col">{t(k::RATE_GROUP)}</th>
                        <th scope="col">{t(k::RATE_ITEM)}</th>
                        <th scope="col">{t(k::RATE_MAX)}</th>
                        <th scope="col">{t(k::RATE_POINTS)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// One sheet: the form while it can be scored, else the points given.
#[component]
pub fn ScorePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|s| s.parse::<i64>().ok()).unwrap_or(0));
    let data = Resource::new(id, get_sheet);
    view! {
        <p class="breadcrumbs"><a href="/expert">{t(k::RATE_EXPERT_HOME)}</a></p>
        {loaded(data, move |s: SheetView| {
            view! {
                <h1 class="page-title">{s.org_name.clone()}" · "{s.year}</h1>
                <p>{type_label(&s.org_type)}" · "{crate::domain::seeded::shown(&s.sheet_title)}</p>
                {s.submitted.then(|| view! {
                    <div class="flash flash-success" role="status" id="sheet-submitted">
                        {tf(k::RATE_SUBMITTED_TOTAL, &[("n", s.total.unwrap_or(0).to_string())])}
                    </div>
                })}
                <details>
                    <summary>{t(k::RATE_SELF_ASSESSMENT)}</summary>
                    <p class="pre">{s.self_assessment.clone()}</p>
                </details>
                {if s.open {
                    view! { <ScoreForm sheet=s.clone() on_saved=Callback::new(move |_| data.refetch()) /> }.into_any()
                } else {
                    view! { <ScoreReadOnly sheet=s.clone() /> }.into_any()
                }}
            }
        })}
    }
}
