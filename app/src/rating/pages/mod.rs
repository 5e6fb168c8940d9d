//! Pages of rating: officers' rounds, applications, grades, experts and KPIs;
//! the expert's sheets; the organization's portal card and application; the
//! public list, notices, certificates and the section of an organization's page.

mod expert;
mod grades;
mod officer;
mod public;

pub use expert::{ExpertHomePage, ScorePage};
pub use grades::{ExpertsPage, GradePage, GradesPage, KpiPage};
pub use officer::{ApplicationPage, RoundPage, RoundsPage};
pub use public::{
    CertificatePage, NoticesPage, PortalRatingCard, PortalRatingPage, PublicRatedList, PublicRatingSection,
};

use leptos::prelude::*;

use crate::domain::rating::{self, Grade};
use crate::i18n::{lookup, use_lang};

/// A grade as a badge, e.g. `4A`.
#[component]
pub fn GradeBadge(grade: String) -> impl IntoView {
    let class = match Grade::parse(&grade) {
        Some(g) if g >= Grade::A4 => "badge badge-active grade",
        Some(_) => "badge grade",
        None => "badge badge-revoked grade",
    };
    view! { <span class=class>{grade}</span> }
}

/// An application's status, translated.
pub fn status_label(status: &str) -> String {
    lookup(use_lang(), &format!("rate_status_{status}"))
}

/// A grade's status (active, expired, cancelled, superseded), translated.
pub fn grade_status_label(status: &str) -> String {
    lookup(use_lang(), &format!("rate_grade_status_{status}"))
}

/// A downgrade or cancellation event, translated.
pub fn event_label(event: &str) -> String {
    lookup(use_lang(), &format!("rate_event_{event}"))
}

/// A score in tenths, as points with one decimal.
pub fn score_text(tenths: Option<i32>) -> String {
    tenths.map(|s| rating::show_score(s.max(0) as u32)).unwrap_or_default()
}
