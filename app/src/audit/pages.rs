use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

use super::api::{list_audit, list_day_heads, VerifyAudit};
use super::labels;
use super::types::{AuditFilter, ChainCheck, DayHeadRow};
use crate::i18n::{k, t, tf, use_lang, Lang};
use crate::ui::head::PageHead;
use crate::ui::load::{loaded, LoadError};
use crate::ui::table::{FilterSelect, FilterSubmit, Pagination, ResultCount};

/// The options of a filter, labelled in the reader's language.
fn options(values: &'static [&'static str], chosen: &str, label: fn(Lang, &str) -> String) -> impl IntoView {
    let lang = use_lang();
    crate::ui::table::filter_options(chosen, values.iter().map(|v| (*v, label(lang, v))))
}

/// The record a line is about: its kind and number, linked to its page.
fn record(lang: Lang, entity: &str, id: &str) -> impl IntoView {
    let text = format!("{} #{id}", labels::entity_label(lang, entity));
    match labels::record_link(entity, id) {
        Some(href) => view! { <a href=href>{text}</a> }.into_any(),
        None => view! { <span>{text}</span> }.into_any(),
    }
}

#[component]
pub fn AuditPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let filter = Memo::new(move |_| {
        query.with(|q| AuditFilter {
            q: q.get("q").unwrap_or_default(),
            entity: q.get("entity").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            page: crate::ui::table::page_param(q),
        })
    });
    let data = Resource::new(move || filter.get(), list_audit);
    let heads = Resource::new(|| (), |_| list_day_heads());
    let verify = ServerAction::<VerifyAudit>::new();
    view! {
        <PageHead title=t(k::AUDIT_TITLE)>
            <crate::ui::table::ExportCsv path="/officer/audit/export.csv" file="audit.csv" />
        </PageHead>
        <ActionForm action=verify attr:class="inline-form">
            <button type="submit" class="btn btn-secondary" id="verify-audit">{t(k::AUDIT_VERIFY)}</button>
        </ActionForm>
        {move || verify.value().get().map(|r| match r {
            Ok(ChainCheck::Intact { records }) => view! { <div class="flash flash-success" role="status">{tf(k::AUDIT_INTACT, &[("n", records.to_string())])}</div> }.into_any(),
            Ok(ChainCheck::Broken { seq, reason }) => view! { <div class="flash flash-error" role="alert">{tf(k::AUDIT_BROKEN, &[("seq", seq.to_string()), ("reason", reason)])}</div> }.into_any(),
            Err(e) => view! { <LoadError error=e /> }.into_any(),
        })}
        {move || {
            let f = filter.get();
            view! {
                <Form method="GET" action="/officer/audit" attr:class="table-tools" attr:role="search">
                    <div class="field">
                        <label for="audit-q">{t(k::AUDIT_FILTER_Q)}</label>
                        <input id="audit-q" name="q" type="search" value=f.q />
                    </div>
                    <FilterSelect id="audit-entity" name="entity" label=k::AUDIT_ENTITY>
                        {options(labels::ENTITIES, &f.entity, labels::entity_label)}
                    </FilterSelect>
                    <FilterSelect id="audit-action" name="action" label=k::AUDIT_ACTION>
                        {options(labels::ACTIONS, &f.action, labels::action_label)}
                    </FilterSelect>
                    <FilterSubmit />
                </Form>
            }
        }}
        {loaded(data, move |p| {
                    let rows = p.rows.iter().map(|r| view! {
                        <tr>
                            <td class="num">{r.seq}</td>
                            <td class="nowrap"><time datetime=r.at.clone()>{labels::local_time(&r.at)}</time></td>
                            <td>{r.actor_name.clone()}" ("{labels::role_label(lang, &r.actor_role)}")"</td>
                            <td title=r.action.clone()>{labels::action_label(lang, &r.action)}</td>
                            <td>{record(lang, &r.entity, &r.entity_id)}</td>
                            <td><details><summary>{t(k::AUDIT_VALUES)}</summary>
                                <p class="mono small">{t(k::AUDIT_BEFORE)}": "{r.before_json.clone().unwrap_or_default()}</p>
                                <p class="mono small">{t(k::AUDIT_AFTER)}": "{r.after_json.clone().unwrap_or_default()}</p>
                            </details></td>
                        </tr>
                    }).collect_view();
                    view! {
                        <ResultCount total=p.total />
                        <p class="hint">{t(k::AUDIT_TIME_ZONE)}</p>
                        <div class="table-wrap" tabindex="0">
                            <table class="data-table">
                                <thead><tr>
                                    <th scope="col">"#"</th>
                                    <th scope="col">{t(k::AUDIT_AT)}</th>
                                    <th scope="col">{t(k::AUDIT_ACTOR)}</th>
                                    <th scope="col">{t(k::AUDIT_ACTION)}</th>
                                    <th scope="col">{t(k::AUDIT_ENTITY)}</th>
                                    <th scope="col">{t(k::AUDIT_VALUES)}</th>
                                </tr></thead>
                                <tbody>{rows}</tbody>
                            </table>
                        </div>
                        <Pagination total=p.total page=p.page per_page=p.per_page />
                    }.into_any()
                })}
        <section aria-labelledby="audit-heads-title">
            <h2 id="audit-heads-title">{t(k::AUDIT_HEADS_TITLE)}</h2>
            <p class="hint">{t(k::AUDIT_HEADS_HINT)}</p>
            {loaded(heads, |rows: Vec<DayHeadRow>| day_heads(&rows))}
        </section>
    }
}

/// The published day heads, newest first, as they were published.
fn day_heads(rows: &[DayHeadRow]) -> AnyView {
    if rows.is_empty() {
        return view! { <p class="muted">{t(k::AUDIT_HEADS_NONE)}</p> }.into_any();
    }
    let rows = rows
        .iter()
        .map(|h| {
            view! {
                <tr>
                    <td class="nowrap"><time datetime=h.day.clone()>{h.day.clone()}</time></td>
                    <td class="num">{h.last_seq}</td>
                    <td class="num">{h.records}</td>
                    <td><code class="hash">{h.last_hash.clone()}</code></td>
                    <td class="nowrap"><time datetime=h.published_at.clone()>{labels::local_time(&h.published_at)}</time></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="audit-heads">
                <thead><tr>
                    <th scope="col">{t(k::AUDIT_HEADS_DAY)}</th>
                    <th scope="col">{t(k::AUDIT_HEADS_LAST)}</th>
                    <th scope="col">{t(k::AUDIT_HEADS_RECORDS)}</th>
                    <th scope="col">{t(k::AUDIT_HEADS_VALUE)}</th>
                    <th scope="col">{t(k::AUDIT_HEADS_PUBLISHED)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
