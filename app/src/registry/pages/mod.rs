//! Registry pages: lists (officer and public), forms, details, terms.

mod detail;
mod form;
mod import;
mod list;
mod terms;

pub use detail::{Facts, OrgDetailPage, PublicOrgPage};
pub use form::{ChangeOrgPage, NewOrgPage};
pub use import::{import_page, ImportForm, ImportJobPage, ImportPage};
pub use list::{HomePage, OfficerOrgList, PublicOrgList};
pub use terms::TermsPage;

use leptos::prelude::*;

use crate::domain::org_status::OrgStatus;
use crate::i18n::{lookup, use_lang};
use crate::ui::load::{loaded, type_label, LoadError};

/// The options of the trade-association field: "not one" first, then the
/// sectors (行业协会商会, `domain::trade::SECTORS`).
pub fn sector_options(lang: crate::i18n::Lang) -> Vec<(String, String)> {
    let en = lang == crate::i18n::Lang::En;
    std::iter::once((String::new(), lookup(lang, "trade_not_association")))
        .chain(
            crate::domain::trade::SECTORS
                .iter()
                .map(|(c, zh, e)| (c.to_string(), format!("{c} {}", if en { e } else { zh }))),
        )
        .collect()
}

/// A sector's name in the page's language.
pub fn sector_label(code: &str) -> String {
    crate::domain::trade::sector_name(code, use_lang() == crate::i18n::Lang::En)
}

/// A status badge.
#[component]
pub fn StatusBadge(status: String) -> impl IntoView {
    let (class, label) = match OrgStatus::parse(&status) {
        Some(OrgStatus::Active) => ("badge badge-active", lookup(use_lang(), OrgStatus::Active.label_key())),
        Some(s @ OrgStatus::Deregistered) => ("badge badge-deregistered", lookup(use_lang(), s.label_key())),
        Some(s @ OrgStatus::Revoked) => ("badge badge-revoked", lookup(use_lang(), s.label_key())),
        None => ("badge", status.clone()),
    };
    view! { <span class=class>{label}</span> }
}
