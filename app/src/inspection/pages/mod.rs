//! Pages of the double-random inspections: officers' campaigns and inspector
//! directory, the inspector's assignments and result form, the public
//! campaigns with their verifiable draw, and the rectifications results order
//! (officers and the organization's portal).

#[macro_use]
mod macros {
    /// A form of one button with hidden fields, refreshing the page on success.
    macro_rules! button_form {
        ($action:ty, $form:expr, $id:expr, $button:expr, $label:expr, $on_done:expr, { $($hidden:tt)* }) => {{
            let action = ServerAction::<$action>::new();
            let on_done: Callback<()> = $on_done;
            Effect::new(move |_| {
                if let Some(Ok(_)) = action.value().get() {
                    on_done.run(());
                }
            });
            let state = FormState::new($form, Signal::derive(move || action.value().get().and_then(|r| r.err())));
            view! {
                <ActionForm action=action attr:class="inline-form" attr:id=$id>
                    {move || state.summary().map(|s| view! { <p class="field-error" role="alert">{s}</p> })}
                    $($hidden)*
                    <button type="submit" class="btn btn-primary btn-small" id=$button>{$label}</button>
                </ActionForm>
            }
        }};
    }
}

mod answers;
mod campaign;
mod directory;
mod inspector;
mod public;
mod rectification;

pub use campaign::{CampaignPage, CampaignsPage, NewCampaignPage};
pub use directory::{InspectorImportPage, InspectorPage, InspectorsPage};
pub use inspector::{InspectorHomePage, TargetPage};
pub use public::{DrawMethodPage, PublicCampaignPage, PublicCampaignsPage};
pub use rectification::{PortalRectificationPage, PortalRectificationsPage, RectificationPage, RectificationsPage};

use leptos::prelude::*;

use crate::i18n::{k, lookup, t, use_lang};
use crate::inspection::types::{CampaignView, StratumView, TargetView, Verification};
use crate::ui::load::type_label;
use answers::AnswersSummary;

/// A translated value of a small vocabulary (`insp_<group>_<value>`).
pub fn label(group: &str, value: &str) -> String {
    lookup(use_lang(), &format!("insp_{group}_{value}"))
}

/// A stratum's key as people read it.
pub fn stratum_label(strata_by: &str, key: &str) -> String {
    match strata_by {
        "org_type" => type_label(key),
        "none" => t(k::INSP_STRATUM_ALL).to_string(),
        _ => key.to_string(),
    }
}

/// The plan of a campaign as a definition list.
#[component]
pub fn PlanFacts(c: CampaignView) -> impl IntoView {
    let any = || t(k::FILTER_ALL).to_string();
    let filter_type = if c.filter_type.is_empty() { any() } else { type_label(&c.filter_type) };
    let filter_district =
        if c.filter_district.is_empty() { any() } else { crate::domain::seeded::shown(&c.filter_district) };
    let filter_credit = if c.filter_credit.is_empty() { any() } else { label("credit", &c.filter_credit) };
    let filter_rating = if c.filter_rating.is_empty() { any() } else { label("rating", &c.filter_rating) };
    let filter_trade = match c.filter_trade.as_str() {
        "" => any(),
        "yes" => t(k::TRADE_FILTER_ALL).to_string(),
        s => crate::domain::trade::sector_name(s, crate::i18n::use_lang() == crate::i18n::Lang::En),
    };
    let size = if c.size_mode == "percent" { format!("{} %", c.size_value) } else { c.size_value.to_string() };
    let items = c.items.iter().map(|i| view! { <li>{crate::domain::seeded::shown(i)}</li> }).collect_view();
    view! {
        <dl class="kv" id="plan">
            <dt>{t(k::INSP_YEAR)}</dt><dd>{c.year}</dd>
            <dt>{t(k::INSP_KIND)}</dt><dd>{label("kind", &c.kind)}</dd>
            <dt>{t(k::INSP_OBJECT_KIND)}</dt><dd id="object-kind">{label("object", &c.object_kind)}</dd>
            <dt>{t(k::INSP_PERIOD)}</dt><dd>{c.period_from.clone()}" – "{c.period_to.clone()}</dd>
            <dt>{t(k::INSP_POPULATION_FILTERS)}</dt>
            <dd>{t(k::FIELD_ORG_TYPE)}": "{filter_type}" · "{t(k::FIELD_DISTRICT)}": "{filter_district}" · "
                {t(k::INSP_FILTER_CREDIT)}": "{filter_credit}" · "{t(k::INSP_FILTER_RATING)}": "{filter_rating}" · "
                <span id="plan-trade">{t(k::FIELD_TRADE_SECTOR)}": "{filter_trade}</span></dd>
            {(c.population == "charity").then(|| view! {
                <dt>{t(k::JOINT_POPULATION)}</dt><dd id="population">{t(k::JOINT_POPULATION_CHARITY)}</dd>
            })}
            <dt>{t(k::INSP_STRATA_BY)}</dt><dd>{label("strata", &c.strata_by)}</dd>
            <dt>{t(k::INSP_SIZE)}</dt><dd>{size}</dd>
            <dt>{t(k::INSP_RISK_PERCENT)}</dt><dd>{c.risk_percent}" %"</dd>
            <dt>{t(k::INSP_PER_TARGET)}</dt><dd>{c.per_target}</dd>
            <dt>{t(k::INSP_MAX_PER_INSPECTOR)}</dt><dd>{c.max_per_inspector}</dd>
            <dt>{t(k::INSP_ITEMS)}</dt><dd><ul class="plain">{items}</ul></dd>
            <dt>{t(k::INSP_BEACON_SOURCE)}</dt><dd>{c.beacon_source.clone()}</dd>
        </dl>
    }
}

/// The strata table: size, sample and the part drawn by risk weight.
#[component]
pub fn StrataTable(strata_by: String, strata: Vec<StratumView>, minimum: i64) -> impl IntoView {
    let total: i64 = strata.iter().map(|s| s.size).sum();
    let sample: i64 = strata.iter().map(|s| s.sample).sum();
    let rows = strata
        .into_iter()
        .map(|s| {
            view! {
                <tr>
                    <th scope="row">{stratum_label(&strata_by, &s.key)}</th>
                    <td class="num">{crate::domain::money::display_count(s.size)}</td>
                    <td class="num">{crate::domain::money::display_count(s.sample)}</td>
                    <td class="num">{s.weighted}</td>
                </tr>
            }
        })
        .collect_view();
    let below = sample < minimum;
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="strata-table">
                <caption>{t(k::INSP_STRATA)}</caption>
                <thead><tr>
                    <th scope="col">{t(k::INSP_STRATUM)}</th>
                    <th scope="col">{t(k::INSP_STRATUM_SIZE)}</th>
                    <th scope="col">{t(k::INSP_STRATUM_SAMPLE)}</th>
                    <th scope="col">{t(k::INSP_STRATUM_WEIGHTED)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
                <tfoot><tr>
                    <th scope="row">{t(k::INSP_TOTAL)}</th>
                    <td class="num" id="population-total">{crate::domain::money::display_count(total)}</td>
                    <td class="num" id="sample-total">{crate::domain::money::display_count(sample)}</td>
                    <td></td>
                </tr></tfoot>
            </table>
        </div>
        {(minimum > 0).then(|| view! {
            <p class=if below { "field-error" } else { "hint" } id="minimum-sample">
                {t(k::INSP_MINIMUM_SAMPLE)}" "{minimum}
            </p>
        })}
    }
}

/// The draw record: hash, commitment, announced value, nonce, seed, algorithm
/// and the outcome of re-running it.
#[component]
pub fn DrawRecord(c: CampaignView) -> impl IntoView {
    let check = |ok: bool| if ok { t(k::INSP_CHECK_OK) } else { t(k::INSP_CHECK_FAILED) };
    let verification = c.verification.clone().map(|v: Verification| {
        let all = v.ok();
        view! {
            <div class=if all { "notice notice-ok" } else { "error-summary" } role="status" id="verification">
                <p><strong>{if all { t(k::INSP_VERIFIED) } else { t(k::INSP_NOT_VERIFIED) }}</strong></p>
                <ul>
                    <li>{t(k::INSP_POPULATION_HASH)}": "{check(v.population_hash_ok)}</li>
                    <li>{t(k::INSP_SEED)}": "{check(v.seed_ok)}</li>
                    <li>{t(k::INSP_TARGETS)}": "{check(v.targets_ok)}</li>
                    <li>{t(k::INSP_INSPECTORS)}": "{check(v.inspectors_ok)}</li>
                </ul>
            </div>
        }
    });
    view! {
        <dl class="kv draw-record" id="draw-record">
            <dt>{t(k::INSP_ALGORITHM)}</dt><dd class="mono">{c.algorithm.clone().unwrap_or_else(|| crate::domain::sampling::ALGORITHM.to_string())}</dd>
            {c.population_size.map(|n| view! { <dt>{t(k::INSP_POPULATION_SIZE)}</dt><dd>{n}</dd> })}
            {c.population_hash.clone().map(|h| view! { <dt>{t(k::INSP_POPULATION_HASH)}</dt><dd class="mono hash" id="population-hash">{h}</dd> })}
            {c.frozen_at.clone().map(|f| view! { <dt>{t(k::INSP_FROZEN_AT)}</dt><dd>{f}</dd> })}
            {c.nonce_hash.clone().map(|h| view! { <dt>{t(k::INSP_NONCE_HASH)}</dt><dd class="mono hash" id="nonce-hash">{h}</dd> })}
            {c.beacon_value.clone().map(|b| view! { <dt>{t(k::INSP_BEACON_VALUE)}</dt><dd id="beacon-value">{b}</dd> })}
            {c.nonce.clone().map(|n| view! { <dt>{t(k::INSP_NONCE)}</dt><dd class="mono" id="nonce">{n}</dd> })}
            {c.seed.clone().map(|s| view! { <dt>{t(k::INSP_SEED)}</dt><dd class="mono hash" id="seed">{s}</dd> })}
            {c.drawn_at.clone().map(|d| view! { <dt>{t(k::INSP_DRAWN_AT)}</dt><dd>{d}</dd> })}
        </dl>
        <p class="hint">{t(k::INSP_ALGORITHM_HINT)}" "<a href="/public/inspections/method" id="draw-method">{t(k::INSP_METHOD_LINK)}</a></p>
        {verification}
    }
}

/// The targets with inspectors and (when allowed) results, with the checklist
/// answers: the counts and the items not compliant, and for officers every answer.
#[component]
pub fn TargetsTable(targets: Vec<TargetView>, officer: bool) -> impl IntoView {
    if targets.is_empty() {
        return view! { <p class="empty">{t(k::INSP_NO_TARGETS)}</p> }.into_any();
    }
    let rows = targets
        .into_iter()
        .map(|tv| {
            let inspectors = tv
                .inspectors
                .iter()
                .map(|a| {
                    let mark = if a.confirmed { " ✓" } else { "" };
                    let unit = if a.department.is_empty() { &a.unit } else { &a.department };
                    format!("{}（{}）{mark}", a.name, unit)
                })
                .collect::<Vec<_>>()
                .join("、");
            let result = match &tv.outcome {
                Some(o) if officer || tv.status == "published" => label("outcome", o),
                _ => String::new(),
            };
            let late = tv.late.then(|| view! { <span class="badge badge-revoked">{t(k::INSP_LATE)}</span> });
            let name = match (tv.object_kind.as_str(), officer) {
                ("org", true) => view! { <a href=format!("/officer/orgs/{}", tv.object_id)>{tv.org_name.clone()}</a> }.into_any(),
                ("org", false) => view! { <a href=format!("/public/orgs/{}", tv.object_id)>{tv.org_name.clone()}</a> }.into_any(),
                (_, true) => view! { <a href=format!("/officer/lottery/outlets/{}", tv.object_id)>{tv.org_name.clone()}</a> }.into_any(),
                (_, false) => view! { <span>{tv.org_name.clone()}</span> }.into_any(),
            };
            view! {
                <tr id=format!("target-{}", tv.position)>
                    <td class="num">{tv.position}</td>
                    <td>{name}{tv.by_weight.then(|| view! { <span class="badge" title=t(k::INSP_BY_WEIGHT)>" ⚖"</span> })}</td>
                    <td class="mono">{tv.credit_code.clone()}</td>
                    <td>{crate::domain::seeded::shown(&tv.district)}</td>
                    <td>{inspectors}</td>
                    <td>{label("status", &tv.status)}</td>
                    <td>{result}{if tv.findings_by_department.is_empty() {
                        (!tv.findings.is_empty()).then(|| view! { <p class="pre small">{tv.findings.clone()}</p> }).into_any()
                    } else {
                        view! { <crate::inspection::joint::pages::FindingsByDepartment findings=tv.findings_by_department.clone() /> }.into_any()
                    }}<AnswersSummary answers=tv.answers.clone() full=officer /></td>
                    <td>{tv.inspected_on.clone().unwrap_or_default()}</td>
                    <td>{tv.publish_due.clone().unwrap_or_default()}" "{late}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0">
            <table class="data-table" id="targets-table">
                <caption class="visually-hidden">{t(k::INSP_TARGETS)}</caption>
                <thead><tr>
                    <th scope="col">{t(k::INSP_POSITION)}</th>
                    <th scope="col">{t(k::FIELD_NAME)}</th>
                    <th scope="col">{t(k::INSP_CODE)}</th>
                    <th scope="col">{t(k::FIELD_DISTRICT)}</th>
                    <th scope="col">{t(k::INSP_INSPECTORS)}</th>
                    <th scope="col">{t(k::INSP_STATUS)}</th>
                    <th scope="col">{t(k::INSP_OUTCOME)}</th>
                    <th scope="col">{t(k::INSP_INSPECTED_ON)}</th>
                    <th scope="col">{t(k::INSP_PUBLISH_DUE)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}
