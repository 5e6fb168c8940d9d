//! Pages of complaints: the public report form, its receipt and the status
//! enquiry; the officers' queue, a complaint with its timeline and steps,
//! and the form for a report received by phone, letter or visit.

mod officer;
mod public;

pub use officer::{ComplaintPage, ComplaintsPage, NewComplaintPage};
pub use public::{ReceivedPage, ReportPage, StatusPage};

use leptos::prelude::*;

use crate::domain::complaint::{Outcome, Status, Subject};
use crate::i18n::{k, lookup, t, use_lang};

/// A stored word translated through `cpl_<group>_<value>`.
pub fn label(group: &str, value: &str) -> String {
    lookup(use_lang(), &format!("cpl_{group}_{value}"))
}

/// The kinds of subject as a select's options.
pub fn subject_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), t(k::CPL_CHOOSE).to_string()))
        .chain(Subject::ALL.iter().map(|s| (s.as_str().to_string(), label("subject", s.as_str()))))
        .collect()
}

/// The statuses as a filter's options.
pub fn status_options() -> Vec<(&'static str, String)> {
    Status::ALL.iter().map(|s| (s.as_str(), label("status", s.as_str()))).collect()
}

/// The outcomes as a select's options.
pub fn outcome_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), t(k::CPL_CHOOSE).to_string()))
        .chain(Outcome::ALL.iter().map(|o| (o.as_str().to_string(), label("outcome", o.as_str()))))
        .collect()
}

/// A status as a badge (overdue as a second, red one).
#[component]
pub fn StatusBadge(status: String, #[prop(optional)] overdue: bool) -> impl IntoView {
    let class = match status.as_str() {
        "closed" => "badge badge-deregistered",
        "replied" => "badge badge-active",
        _ => "badge badge-warning",
    };
    view! {
        <span class=class>{label("status", &status)}</span>
        {overdue.then(|| view! { " "<span class="badge badge-revoked">{t(k::CPL_OVERDUE)}</span> })}
    }
}
