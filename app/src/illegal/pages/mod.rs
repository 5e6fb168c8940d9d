//! Pages of the illegal organizations' register: the officers' list, the
//! form of a new entry, one entry with its log and its steps; the public
//! warning list.

mod detail;
mod officer;
mod public;

pub use detail::EntryPage;
pub use officer::{EntriesPage, NewEntryPage};
pub use public::WarningsPage;

use leptos::prelude::*;

use crate::domain::illegal_org::{Source, State};
use crate::i18n::{k, lookup, t, use_lang};

/// A stored word translated through `ill_<group>_<value>`.
pub fn label(group: &str, value: &str) -> String {
    lookup(use_lang(), &format!("ill_{group}_{value}"))
}

fn choose() -> (String, String) {
    (String::new(), t(k::ILL_CHOOSE).to_string())
}

/// The sources an officer chooses from.
pub fn source_options() -> Vec<(String, String)> {
    std::iter::once(choose())
        .chain(Source::typed().iter().map(|s| (s.as_str().to_string(), label("source", s.as_str()))))
        .collect()
}

/// The outcomes as a select's options.
pub fn outcome_options() -> Vec<(String, String)> {
    std::iter::once(choose())
        .chain(State::outcomes().iter().map(|s| (s.as_str().to_string(), label("state", s.as_str()))))
        .collect()
}

/// A state as a badge.
#[component]
pub fn StateBadge(state: String) -> impl IntoView {
    let class = match state.as_str() {
        "banned" => "badge badge-revoked",
        "suspected" | "investigating" => "badge badge-warning",
        "unfounded" | "registered" => "badge badge-active",
        _ => "badge badge-deregistered",
    };
    view! { <span class=class>{label("state", &state)}</span> }
}

/// A text of one item a line, as a list (nothing when empty).
pub fn lines(text: &str) -> String {
    let items: Vec<&str> = text.lines().map(str::trim).filter(|l| !l.is_empty()).collect();
    if items.is_empty() {
        "—".into()
    } else {
        items.join("\n")
    }
}
