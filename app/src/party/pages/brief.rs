//! An organization's party building in short, where another feature's page
//! needs it: the rating experts' sheet at its party-building item.

use leptos::prelude::*;

use super::{kind_label, step_label};
use crate::i18n::{k, t, tf};
use crate::party::types::PartySummary;

/// The party record in short (kind, members, instructor or liaison, 应建未建)
/// and the year's six checks.
#[component]
pub fn PartyBrief(s: PartySummary) -> impl IntoView {
    let record = match &s.record {
        None => view! { <p class="empty" id="party-brief-kind">{t(k::PARTY_NO_RECORD)}</p> }.into_any(),
        Some(r) => {
            let cover = if !r.instructor_name.is_empty() {
                format!("{} {}", r.instructor_name, r.instructor_unit).trim().to_string()
            } else if !r.liaison.is_empty() {
                format!("{}: {}", t(k::PARTY_LIAISON), r.liaison)
            } else {
                t(k::PARTY_NONE_SHORT).to_string()
            };
            view! {
                <dl class="facts">
                    <div><dt>{t(k::PARTY_KIND)}</dt><dd id="party-brief-kind">{kind_label(Some(r.kind.as_str()))}</dd></div>
                    <div>
                        <dt>{t(k::PARTY_MEMBERS)}</dt>
                        <dd id="party-brief-members">{tf(k::PARTY_MEMBERS_OF, &[("full", r.full_members.to_string()), ("probationary", r.probationary_members.to_string())])}</dd>
                    </div>
                    <div><dt>{t(k::PARTY_INSTRUCTOR)}</dt><dd id="party-brief-instructor">{cover}</dd></div>
                </dl>
            }
            .into_any()
        }
    };
    let steps = s
        .steps
        .iter()
        .map(|(step, done)| {
            let (class, label) = match done {
                Some(true) => ("badge badge-active", t(k::PARTY_DONE_YES)),
                Some(false) => ("badge badge-warning", t(k::PARTY_DONE_NO)),
                None => ("badge", t(k::PARTY_CHECK_NONE)),
            };
            view! { <li>{step_label(step)}" "<span class=class>{label}</span></li> }
        })
        .collect_view();
    view! {
        <div class="card party-brief" id="party-brief">
            <h3>{t(k::PARTY_BRIEF_TITLE)}</h3>
            {record}
            {s.should_establish.then(|| view! {
                <p class="badge badge-warning" id="party-brief-should">{t(k::PARTY_SHOULD_ESTABLISH_SHORT)}</p>
            })}
            <p>{tf(k::PARTY_BRIEF_STEPS, &[("year", s.year.to_string())])}</p>
            <ul class="inline-list" id="party-brief-steps">{steps}</ul>
        </div>
    }
}
