//! The register's form checks, every field at once.

use chrono::NaiveDate;

use super::types::{EntryInput, OutcomeInput};
use crate::domain::illegal_org::{Source, State};
use crate::domain::input::Lines;
use crate::error::{AppError, Errors};

/// A new entry as checked: trimmed texts, the source and the day found.
pub struct Entry {
    pub name: String,
    pub activities: String,
    pub places: String,
    pub websites: String,
    pub accounts: String,
    pub people: String,
    pub source: Source,
    pub source_ref: String,
    pub found_on: NaiveDate,
}

/// A day not after `today`; blank is today.
pub fn day_or_today(e: &mut Errors, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    if raw.trim().is_empty() {
        Some(today)
    } else {
        e.past_date(field, raw, today)
    }
}

/// Checks the officers' form (a complaint's entry comes from the complaint).
pub fn entry(input: &EntryInput, today: NaiveDate) -> Result<Entry, AppError> {
    let mut e = Errors::default();
    let name = e.text("name", &input.name, 200, Lines::Single).to_string();
    e.required("name", &name);
    let activities = e.text("activities", &input.activities, 5000, Lines::Multi).to_string();
    e.required("activities", &activities);
    let places = e.text("places", &input.places, 2000, Lines::Multi).to_string();
    let websites = e.text("websites", &input.websites, 2000, Lines::Multi).to_string();
    let accounts = e.text("accounts", &input.accounts, 2000, Lines::Multi).to_string();
    let people = e.text("people", &input.people, 2000, Lines::Multi).to_string();
    let source = Source::parse(&input.source).filter(|s| Source::typed().contains(s));
    if source.is_none() {
        e.choice("source", &input.source);
    }
    let source_ref = e.text("source_ref", &input.source_ref, 200, Lines::Single).to_string();
    if source.is_some_and(Source::needs_ref) {
        e.required("source_ref", &source_ref);
    }
    let found_on = day_or_today(&mut e, "found_on", &input.found_on, today);
    e.into_result()?;
    let (Some(source), Some(found_on)) = (source, found_on) else { return Err(AppError::Internal) };
    Ok(Entry { name, activities, places, websites, accounts, people, source, source_ref, found_on })
}

/// An outcome as checked: the state it leads to and its particulars.
pub struct Outcome {
    pub to: State,
    pub day: NaiveDate,
    pub referred_to: Option<String>,
    pub credit_code: Option<String>,
    pub note: String,
}

pub fn outcome(input: &OutcomeInput, today: NaiveDate) -> Result<Outcome, AppError> {
    let mut e = Errors::default();
    let to = State::parse(&input.outcome).filter(|s| State::outcomes().contains(s));
    if to.is_none() {
        e.choice("outcome", &input.outcome);
    }
    let day = day_or_today(&mut e, "day", &input.day, today);
    let referred = e.text("referred_to", &input.referred_to, 200, Lines::Single).to_string();
    if to == Some(State::Referred) {
        e.required("referred_to", &referred);
    }
    let code = e.text("credit_code", &input.credit_code, 18, Lines::Single).to_uppercase();
    if to == Some(State::Registered) {
        e.required("credit_code", &code);
    }
    let note = e.text("note", &input.note, 2000, Lines::Multi).to_string();
    e.into_result()?;
    let (Some(to), Some(day)) = (to, day) else { return Err(AppError::Internal) };
    Ok(Outcome {
        to,
        day,
        referred_to: (to == State::Referred).then_some(referred),
        credit_code: (to == State::Registered).then_some(code),
        note,
    })
}
