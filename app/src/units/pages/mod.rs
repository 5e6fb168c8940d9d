//! Pages of the supervisory units: the officers' list with the proposed
//! merges and one unit's form (`/officer/units`); a unit's own pages
//! (`/unit`): its organizations and the reports waiting for its first
//! review, one organization with its reports and cases, one report with the
//! review's forms; and the units' notes beside a zombie case or a
//! rectification on the officers' pages.

mod notes;
mod officer;
mod unit;

pub use notes::UnitNotesPanel;
pub use officer::{UnitPage, UnitsPage};
pub use unit::{UnitHomePage, UnitOrgPage, UnitReportPage};

use crate::domain::supervisory_unit::KINDS;
use crate::i18n::{k, lookup, t, use_lang};

/// A unit's kind in words.
pub fn kind_label(kind: &str) -> String {
    lookup(use_lang(), &format!("unit_kind_{kind}"))
}

/// The kinds as a select's options.
pub fn kind_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), t(k::SELECT_PLACEHOLDER).to_string()))
        .chain(KINDS.iter().map(|kd| (kd.to_string(), kind_label(kd))))
        .collect()
}

/// The id of the `<datalist>` of unit names the registry's forms suggest.
pub const UNIT_NAMES_LIST: &str = "unit-names";

/// The units' names (`units::api::get_unit_names`), for [`UnitNames`].
pub fn unit_names() -> leptos::prelude::Resource<Result<Vec<String>, crate::error::AppError>> {
    leptos::prelude::Resource::new(|| (), |_| crate::units::api::get_unit_names())
}

/// The suggestions of the registration and change forms' supervisory unit
/// field: a `<datalist>` of every unit's name, rendered on the server so the
/// browser offers them with JavaScript off too. Nothing shows while loading.
#[leptos::component]
pub fn UnitNames(
    names: leptos::prelude::Resource<Result<Vec<String>, crate::error::AppError>>,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! {
        <Suspense fallback=|| ()>
            {move || names.get().map(|r| {
                let options = r
                    .unwrap_or_default()
                    .into_iter()
                    .map(|n| view! { <option value=n></option> })
                    .collect_view();
                view! { <datalist id=UNIT_NAMES_LIST>{options}</datalist> }
            })}
        </Suspense>
    }
}
