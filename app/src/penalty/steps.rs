//! What the case pages and the service share about steps, as plain rules:
//! the steps a state offers, the fields a step's form has, the document a
//! step produces, and penalties as stored and as typed. The transitions
//! themselves are `domain::penalty_case::next`; nothing here repeats them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::money;
use crate::domain::penalty_case::{Action, Penalty, Sanction, State};

/// The steps the case page offers in `state`, in the order it shows them
/// (the path of `domain::penalty_case`'s diagram). Which of them the facts
/// allow now is for `next` to say when the form is sent; the page leaves out
/// those it already refuses for the state alone.
pub fn offered(state: State) -> &'static [Action] {
    use Action as A;
    match state {
        State::Draft => &[A::ApproveOpening, A::DeclineOpening, A::Transfer],
        State::Investigating => &[A::ServeNotice, A::DecideNoPenalty, A::Extend, A::Transfer, A::Terminate],
        State::Notified => &[
            A::StateCase,
            A::Waive,
            A::RequestHearing,
            A::DecidePenalty,
            A::ServeNotice,
            A::Reinvestigate,
            A::DecideNoPenalty,
            A::Extend,
            A::Transfer,
            A::Terminate,
        ],
        State::HearingRequested => &[
            A::ScheduleHearing,
            A::WithdrawHearing,
            A::StateCase,
            A::Reinvestigate,
            A::DecideNoPenalty,
            A::Extend,
            A::Transfer,
            A::Terminate,
        ],
        State::HearingScheduled => &[
            A::HoldHearing,
            A::AbandonHearing,
            A::ScheduleHearing,
            A::WithdrawHearing,
            A::StateCase,
            A::Reinvestigate,
            A::Extend,
            A::Transfer,
            A::Terminate,
        ],
        State::Heard => &[A::DecidePenalty, A::DecideNoPenalty, A::Reinvestigate, A::Extend, A::Transfer, A::Terminate],
        State::Decided => &[A::ServeDecision, A::Annul],
        State::Served => &[
            A::Execute,
            A::ApplyCourt,
            A::EndExecution,
            A::ServeDecision,
            A::Appeal,
            A::AppealUpheld,
            A::Close,
            A::Annul,
        ],
        State::CourtEnforcement => &[A::Execute, A::EndExecution, A::Appeal, A::AppealUpheld, A::Annul],
        State::Executed | State::ExecutionEnded => &[A::Close, A::Appeal, A::AppealUpheld, A::Annul],
        State::Transferred | State::Terminated | State::Annulled => &[A::Close],
        State::Closed => &[A::Annul],
        State::NotOpened => &[],
    }
}

/// The fields a step's form has beyond its day and note.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StepFields {
    /// How the document was served, with the conditions of the methods.
    pub service: bool,
    /// The penalties (proposed by the notice, or decided), with the tier,
    /// the adjustment and the base of a fine in multiples.
    pub sanctions: bool,
    /// The proposal may be held an "other heavy penalty" (§63(5)).
    pub other_heavy: bool,
    /// The legal review (法制审核) is done.
    pub legal_review: bool,
    /// The hearing's day.
    pub hearing_on: bool,
    /// Days of extension.
    pub extension_days: bool,
    /// The day the demand to perform (催告书) was served.
    pub demand: bool,
    /// The fine is paid.
    pub fine_paid: bool,
}

/// The fields of `action`'s form in `state`.
pub fn fields(state: State, action: Action) -> StepFields {
    let none = StepFields::default();
    match action {
        Action::ServeNotice if state == State::Investigating => {
            StepFields { service: true, sanctions: true, other_heavy: true, ..none }
        }
        Action::ServeNotice | Action::ServeDecision => StepFields { service: true, ..none },
        Action::DecidePenalty => StepFields { sanctions: true, legal_review: true, ..none },
        Action::ScheduleHearing => StepFields { hearing_on: true, ..none },
        Action::Extend => StepFields { extension_days: true, ..none },
        Action::ApplyCourt => StepFields { demand: true, ..none },
        Action::Execute => StepFields { fine_paid: true, ..none },
        _ => none,
    }
}

/// The kind of document a step produces (its template and number come
/// later; the step row keeps the kind).
pub fn document_kind(action: Action) -> Option<&'static str> {
    match action {
        Action::ApproveOpening => Some("opening_approval"),
        Action::DeclineOpening => Some("not_opened"),
        Action::ServeNotice => Some("notice"),
        Action::ScheduleHearing => Some("hearing_notice"),
        Action::HoldHearing | Action::AbandonHearing => Some("hearing_record"),
        Action::DecidePenalty => Some("decision"),
        Action::DecideNoPenalty => Some("no_penalty_decision"),
        Action::ServeDecision => Some("service_receipt"),
        Action::Transfer => Some("transfer_letter"),
        Action::ApplyCourt => Some("court_application"),
        Action::Close => Some("closing_report"),
        _ => None,
    }
}

/// A stored penalty: `{"penalty": "fine", "amount_fen": 3000000, "months": 0}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Stored {
    penalty: String,
    amount_fen: i64,
    months: u32,
}

/// Penalties as stored in a case's `proposed` and `decided` columns.
pub fn to_json(list: &[Sanction]) -> String {
    let stored: Vec<Stored> = list
        .iter()
        .map(|s| Stored { penalty: s.penalty.as_str().into(), amount_fen: s.amount_fen, months: s.months })
        .collect();
    serde_json::to_string(&stored).unwrap_or_else(|_| "[]".into())
}

/// Penalties read back from a column; `None` when the text is not a list of
/// known penalties.
pub fn from_json(text: &str) -> Option<Vec<Sanction>> {
    let stored: Vec<Stored> = serde_json::from_str(text).ok()?;
    stored
        .into_iter()
        .map(|s| Some(Sanction { penalty: Penalty::parse(&s.penalty)?, amount_fen: s.amount_fen, months: s.months }))
        .collect()
}

/// The penalties a form names: `<penalty>` checked ("on"), with
/// `<penalty>_amount` in yuan and `<penalty>_months`. `Err` is the message
/// key of the first value that is not a number.
pub fn parse_sanctions(form: &BTreeMap<String, String>) -> Result<Vec<Sanction>, &'static str> {
    let mut out = Vec::new();
    for p in Penalty::ALL {
        let checked = form.get(p.as_str()).is_some_and(|v| !v.trim().is_empty());
        if !checked {
            continue;
        }
        let amount = match form.get(&format!("{}_amount", p.as_str())).map(|v| v.trim()) {
            Some(v) if !v.is_empty() && p.has_amount() => money::parse_yuan(v).map_err(|e| e.message_key())?,
            _ => 0,
        };
        let months = match form.get(&format!("{}_months", p.as_str())).map(|v| v.trim()) {
            Some(v) if !v.is_empty() && p.has_term() => v.parse::<u32>().map_err(|_| "pen_err_months")?,
            _ => 0,
        };
        out.push(Sanction { penalty: p, amount_fen: amount, months });
    }
    Ok(out)
}

/// A yes from a checkbox (`on`, `true`, `1`).
pub fn checked(v: &str) -> bool {
    matches!(v.trim(), "on" | "true" | "1" | "yes")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::penalty_case::{next, Facts, Settings};

    #[test]
    fn penalties_round_trip_through_their_column() {
        let list = vec![Sanction::fine(3_000_000), Sanction::months(Penalty::Suspension, 3)];
        let json = to_json(&list);
        assert!(json.contains("\"penalty\":\"fine\""), "{json}");
        assert_eq!(from_json(&json), Some(list));
        assert_eq!(from_json("[]"), Some(vec![]));
        assert_eq!(from_json("[{\"penalty\":\"detention\",\"amount_fen\":0,\"months\":0}]"), None);
        assert_eq!(from_json("nonsense"), None);
    }

    #[test]
    fn the_form_names_penalties_with_their_amounts_and_months() {
        let form: BTreeMap<String, String> = [
            ("fine", "on"),
            ("fine_amount", "30,000"),
            ("suspension", "on"),
            ("suspension_months", "3"),
            ("warning_amount", "5"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        assert_eq!(
            parse_sanctions(&form),
            Ok(vec![Sanction::fine(3_000_000), Sanction::months(Penalty::Suspension, 3)]),
            "an unchecked penalty's amount is ignored"
        );
        let bad: BTreeMap<String, String> =
            [("fine", "on"), ("fine_amount", "三万")].into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        assert_eq!(parse_sanctions(&bad), Err("err_amount_format"));
        let bad: BTreeMap<String, String> =
            [("suspension", "on"), ("suspension_months", "x")].into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        assert_eq!(parse_sanctions(&bad), Err("pen_err_months"));
    }

    /// Every step offered is one the rules know in that state: `next` never
    /// answers "not a step here" for it (it may ask for facts).
    #[test]
    fn every_step_offered_is_a_step_of_its_state() {
        let s = Settings::default();
        let f = Facts { decided_on: chrono::NaiveDate::from_ymd_opt(2026, 3, 1), ..Facts::default() };
        for st in State::ALL {
            for a in offered(st) {
                assert_ne!(next(st, *a, &f, &s), Err("pen_err_step"), "{st:?} {a:?}");
                assert_ne!(next(st, *a, &f, &s), Err("pen_err_case_closed"), "{st:?} {a:?}");
            }
        }
    }
}
