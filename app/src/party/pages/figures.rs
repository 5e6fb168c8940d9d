//! The dashboard's party-building section: the two coverages (两个覆盖) by
//! organization type and by district, and this year's met checks of the six
//! synchronisations.

use leptos::prelude::*;

use super::step_label;
use crate::domain::dashboard::permille;
use crate::domain::party::Coverage;
use crate::i18n::{k, t, tf};
use crate::party::types::PartyFigures;
use crate::ui::chart::percent;
use crate::ui::load::type_label;

fn share(num: u64, den: u64) -> String {
    format!("{}（{}/{}）", percent(permille(num, den).max(0) as u64), num, den)
}

#[component]
fn CoverageTable(id: &'static str, caption: String, head: String, rows: Vec<(String, Coverage)>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|(name, c)| {
            view! {
                <tr>
                    <th scope="row">{name}</th>
                    <td class="num">{c.active}</td>
                    <td class="num">{share(c.organized, c.active)}</td>
                    <td class="num">{share(c.worked, c.active)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap" tabindex="0"><table class="data-table" id=id>
            <caption>{caption}</caption>
            <thead><tr>
                <th scope="col">{head}</th>
                <th scope="col">{t(k::PARTY_ACTIVE)}</th>
                <th scope="col">{t(k::PARTY_ORG_COVERAGE)}</th>
                <th scope="col">{t(k::PARTY_WORK_COVERAGE)}</th>
            </tr></thead>
            <tbody>{body}</tbody>
        </table></div>
    }
}

/// The dashboard's party-building figures of `year`.
#[component]
pub fn PartyFiguresSection(f: PartyFigures, year: i32) -> impl IntoView {
    let by_type = f.by_type.iter().map(|(ty, c)| (type_label(ty), c.clone())).collect();
    let by_district = f.by_district.iter().map(|(d, c)| (crate::domain::seeded::shown(d), c.clone())).collect();
    let steps = f
        .steps
        .iter()
        .map(|(s, n)| view! { <tr id=format!("party-done-{s}")><th scope="row">{step_label(s)}</th><td class="num">{*n}</td></tr> })
        .collect_view();
    view! {
        <section aria-labelledby="dash-party">
            <h2 id="dash-party">{t(k::PARTY_DASH_TITLE)}</h2>
            <p id="party-coverage-total">
                {tf(k::PARTY_DASH_TOTAL, &[
                    ("org", share(f.total.organized, f.total.active)),
                    ("work", share(f.total.worked, f.total.active)),
                ])}
                " "<a href="/officer/party">{t(k::PARTY_LIST_TITLE)}</a>
            </p>
            <CoverageTable id="party-by-type" caption=t(k::PARTY_DASH_BY_TYPE).to_string() head=t(k::FIELD_ORG_TYPE).to_string() rows=by_type />
            <CoverageTable id="party-by-district" caption=t(k::PARTY_DASH_BY_DISTRICT).to_string() head=t(k::FIELD_DISTRICT).to_string() rows=by_district />
            <div class="table-wrap" tabindex="0"><table class="data-table" id="party-steps-done">
                <caption>{tf(k::PARTY_DASH_STEPS, &[("year", year.to_string())])}</caption>
                <thead><tr><th scope="col">{t(k::PARTY_STEP)}</th><th scope="col">{t(k::PARTY_DASH_DONE)}</th></tr></thead>
                <tbody>{steps}</tbody>
            </table></div>
        </section>
    }
}
