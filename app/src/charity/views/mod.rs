//! What is read about charities: the disclosures a charity owes and their
//! counts, a charity's detail with its timeline and risk grade, the lists,
//! the CSV exports, the transparency ranking and the overdue disclosures.
//!
//! A charity's disclosure duties are not stored: they follow from its plans'
//! dates and its recognition ([`dues_of`]), so a change or an early
//! termination moves them at once.
//!
//! - [`detail`]: a charity's detail, its timeline and risk grade, the portal;
//! - [`lists`]: the officers' and the public list and its CSV export;
//! - [`ranking`]: the transparency ranking and the overdue disclosures;
//! - [`open`]: the plans and disclosures as the open data API and their CSV give them.

use chrono::{Datelike, NaiveDate};
use entity::{charity, charity_disclosure, charity_plan};

use super::service::COMPLETE_USES_CHARS;
use super::types::*;
use crate::domain::charity::{self as rules, Disclosures};

mod detail;
mod lists;
mod open;
mod ranking;

pub use detail::*;
pub use lists::*;
pub use open::*;
pub use ranking::*;

/// The day a plan's campaign ends: its end date, or an earlier termination.
pub fn plan_end(p: &charity_plan::Model) -> NaiveDate {
    p.terminated_on.map(|t| t.min(p.end_on)).unwrap_or(p.end_on)
}

/// Every disclosure a charity owes (its plans' and its annual reports since
/// the year of recognition), with the disclosure that answered each.
pub fn dues_of(
    c: &charity::Model,
    plans: &[charity_plan::Model],
    disclosures: &[charity_disclosure::Model],
    today: NaiveDate,
) -> Vec<DueView> {
    let found = |plan_id: i64, kind: &str, no: i32| {
        disclosures.iter().find(|d| d.plan_id == plan_id && d.kind == kind && d.period_no == no).map(|d| d.disclosed_on)
    };
    let mut out = Vec::new();
    let mut push = |plan_id: i64, filing_no: &str, kind: &str, no: i32, due: NaiveDate| {
        let made = found(plan_id, kind, no);
        out.push(DueView {
            plan_id,
            filing_no: filing_no.to_string(),
            kind: kind.to_string(),
            period_no: no,
            due_on: due.to_string(),
            disclosed_on: made.map(|d| d.to_string()),
            overdue: made.is_none() && today > due,
            key: format!("{plan_id}:{kind}:{no}"),
        });
    };
    for p in plans {
        for d in rules::campaign_dues(p.start_on, plan_end(p)) {
            push(p.id, &p.filing_no, d.kind, d.period_no, d.due_on);
        }
    }
    for y in c.recognized_on.year()..today.year() {
        push(0, "", "annual", y, rules::annual_due(y));
    }
    out.sort_by(|a, b| a.due_on.cmp(&b.due_on).then(a.plan_id.cmp(&b.plan_id)));
    out
}

/// The counts of the transparency index: the disclosures due by today or
/// already made, how many were made, made on time, and complete.
pub fn counts_of(dues: &[DueView], disclosures: &[charity_disclosure::Model], today: NaiveDate) -> Disclosures {
    let mut c = Disclosures::default();
    let today_s = today.to_string();
    for d in dues {
        if d.disclosed_on.is_none() && d.due_on >= today_s {
            continue;
        }
        c.due += 1;
        if let Some(made) = &d.disclosed_on {
            c.made += 1;
            if made <= &d.due_on {
                c.on_time += 1;
            }
            let complete = disclosures
                .iter()
                .find(|x| x.plan_id == d.plan_id && x.kind == d.kind && x.period_no == d.period_no)
                .is_some_and(|x| x.uses.chars().count() >= COMPLETE_USES_CHARS);
            if complete {
                c.complete += 1;
            }
        }
    }
    c
}
