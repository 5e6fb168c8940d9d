//! An administrative penalty case (行政处罚案件) as pure rules: its states and
//! the only steps between them, its periods, its penalties, the violations it
//! may punish and the decision's number. The case service reads the stored
//! state through [`next`] and writes `as_str()`; nothing here touches the
//! database.
//!
//! Sources (domain reference §7.4, §5, §8.8): 《行政处罚法》(2021) §36
//! (limitation), §44–45 (notice, statement), §57–58 (decision, legal review),
//! §60 (90 days), §61 (service), §63–65 (hearing), §67 and §72 (payment),
//! §73 (no suspension on appeal), §85 (short periods are working days);
//! 《社会组织登记管理机关行政处罚程序规定》(民政部令第68号) §30–32 (execution
//! of suspension and revocation) and §41–47 (service); 《行政复议法》§20
//! (60 days); 《行政诉讼法》§46 (6 months); 《行政强制法》§53–54, §69 (court
//! enforcement). Numbers the reference marks unsure, or that provinces set,
//! are [`Settings`] with the law's figure as the default.
//!
//! The path of a case (each step checked by [`next`]):
//!
//! ```text
//! draft          ─approve_opening→ investigating;  ─decline_opening→ not_opened;  ─transfer→ transferred
//! investigating  ─add_evidence→ itself;  ─serve_notice→ notified
//! notified       ─state_case, waive, serve_notice (a public notice running)→ itself
//!                ─request_hearing (within 5 days)→ hearing_requested
//! hearing_requested ─schedule_hearing (noticed 7 days ahead)→ hearing_scheduled
//! hearing_scheduled ─hold_hearing, abandon_hearing→ heard;  ─withdraw_hearing→ notified
//! notified, heard   ─decide_penalty (periods over or waived; legal review)→ decided
//! investigating … heard ─decide_no_penalty→ decided;  ─transfer→ transferred;  ─terminate→ terminated;
//!                ─extend→ itself;  after the notice ─reinvestigate→ investigating
//! decided        ─serve_decision→ served
//! served         ─execute→ executed;  ─apply_court→ court_enforcement;  ─end_execution→ execution_ended
//! served … execution_ended ─appeal, appeal_upheld→ itself
//! court_enforcement ─execute→ executed;  ─end_execution→ execution_ended
//! executed, execution_ended ─close (remedies over, no appeal pending)→ closed
//! served (no penalty), transferred, terminated, annulled ─close→ closed
//! decided … closed ─annul→ annulled
//! ```

mod deadlines;
mod number;
mod penalty;
mod settings;
mod state;
pub mod table;
mod violation;

pub use deadlines::*;
pub use number::*;
pub use penalty::*;
pub use settings::*;
pub use state::*;
pub use violation::*;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What the case record knows on `today`, and the step's own input (the
/// fields marked "step"). The service fills it from the case's rows; after a
/// step it stores what the step recorded (the service, the dates, the flags).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// The bureau's day.
    pub today: NaiveDate,
    /// A suspected violation is chosen from the table.
    pub violation_chosen: bool,
    /// The day the case was opened (立案之日).
    pub opened_on: Option<NaiveDate>,
    /// Extension days approved so far.
    pub extension_days: u32,
    /// Step `extend`: the days asked for.
    pub requested_extension_days: u32,
    /// The day the violation ended (or was committed).
    pub violation_ended_on: Option<NaiveDate>,
    /// The day the bureau discovered it.
    pub discovered_on: Option<NaiveDate>,
    /// Evidence items attached.
    pub evidence_count: u32,
    /// Who the case is against.
    pub party: Party,
    /// The penalties the notice proposes.
    pub proposed: Vec<Sanction>,
    /// The officer holds the proposal an "other heavy penalty" (§63(5)).
    pub other_heavy: bool,
    /// The notice's service.
    pub notice: Option<Service>,
    /// The party stated its case (or waived it).
    pub statement_done: bool,
    /// The party waived its hearing in writing or withdrew its request.
    pub hearing_waived: bool,
    /// Step `request_hearing`: the day the request was made (default today).
    pub hearing_requested_on: Option<NaiveDate>,
    /// The day the hearing's notice was served (step `schedule_hearing`).
    pub hearing_notice_on: Option<NaiveDate>,
    /// The hearing's day (step `schedule_hearing`).
    pub hearing_on: Option<NaiveDate>,
    /// The legal review (法制审核, §58) is done.
    pub legal_review_done: bool,
    /// Step `decide_penalty`, then recorded: the penalties decided (empty for
    /// no penalty).
    pub decided: Vec<Sanction>,
    /// The decision's day.
    pub decided_on: Option<NaiveDate>,
    /// Step `serve_notice` / `serve_decision`: the service being recorded.
    pub service: Option<Service>,
    /// The decision's service.
    pub decision_service: Option<Service>,
    /// The party signed its consent to electronic service.
    pub electronic_consent: bool,
    /// The party refused to accept the document (for 留置送达).
    pub receipt_refused: bool,
    /// Service by the other methods failed (for 公告送达).
    pub other_methods_failed: bool,
    /// A reconsideration or a lawsuit is pending.
    pub appeal_pending: bool,
    /// The day a demand to perform (催告书) was served.
    pub demand_served_on: Option<NaiveDate>,
    /// The fine is paid.
    pub fine_paid: bool,
}

impl Facts {
    /// A case's facts on `today`, everything else empty.
    pub fn on(today: NaiveDate) -> Facts {
        Facts { today, ..Facts::default() }
    }

    /// The proposed penalties give the right to a hearing.
    pub fn hearing_right(&self, s: &Settings) -> bool {
        self.other_heavy || hearing_right(&self.proposed, self.party, s)
    }

    /// The decision counts as served on `today`.
    fn decision_served(&self, s: &Settings) -> Option<NaiveDate> {
        self.decision_service.map(|x| x.served_on(s)).filter(|d| *d <= self.today)
    }

    fn time_barred(&self, s: &Settings) -> bool {
        match (self.violation_ended_on, self.discovered_on) {
            (Some(ended), Some(found)) => time_barred(ended, found, s),
            _ => false,
        }
    }
}

/// Whether the notice's periods allow a decision on `f.today`: the statement
/// period is over (or the party stated its case or waived it) and, where the
/// party has a hearing right, the request period is over (or it waived).
/// `Err` is the message key of the period still open.
pub fn notice_periods_over(f: &Facts, s: &Settings) -> Result<(), &'static str> {
    let served = f.notice.ok_or("pen_err_notice_missing")?.served_on(s);
    if !f.statement_done && f.today <= statement_ends(served, s) {
        return Err("pen_err_statement_window_open");
    }
    if f.hearing_right(s) && !f.hearing_waived && f.today <= hearing_request_ends(served, s) {
        return Err("pen_err_hearing_window_open");
    }
    Ok(())
}

/// A service being recorded, no earlier than `not_before`: dated, not in
/// the future, and by a method the facts allow.
fn check_service(f: &Facts, not_before: Option<NaiveDate>) -> Result<Service, &'static str> {
    let x = f.service.ok_or("pen_err_service_missing")?;
    if x.on > f.today {
        return Err("pen_err_date_future");
    }
    if not_before.is_some_and(|d| x.on < d) {
        return Err("pen_err_service_date");
    }
    match x.method {
        Method::Electronic if !f.electronic_consent => Err("pen_err_electronic_consent"),
        Method::LeftAtAddress if !f.receipt_refused => Err("pen_err_left_needs_refusal"),
        Method::PublicNotice if !f.other_methods_failed => Err("pen_err_public_notice_first"),
        _ => Ok(x),
    }
}

/// Serving again is allowed only while a public notice is still running (the
/// party came for the document), and by another method.
fn check_serving_again(done: Option<Service>, f: &Facts, s: &Settings) -> Result<(), &'static str> {
    let running = done.is_some_and(|d| d.pending(f.today, s));
    let by_notice_again = f.service.is_some_and(|x| x.method == Method::PublicNotice);
    if running && !by_notice_again {
        Ok(())
    } else {
        Err("pen_err_already_served")
    }
}

/// The state after `action`, or the message key of why not.
pub fn next(state: State, action: Action, f: &Facts, s: &Settings) -> Result<State, &'static str> {
    use Action as A;
    use State as S;
    let annul_closed = state == S::Closed && action == A::Annul && f.decided_on.is_some();
    if !state.open() && !annul_closed {
        return Err("pen_err_case_closed");
    }
    let investigating_on =
        matches!(state, S::Investigating | S::Notified | S::HearingRequested | S::HearingScheduled | S::Heard);
    let after_service = matches!(state, S::Served | S::CourtEnforcement | S::Executed | S::ExecutionEnded);
    match (state, action) {
        (S::Draft, A::ApproveOpening) if !f.violation_chosen => Err("pen_err_violation_missing"),
        (S::Draft, A::ApproveOpening) => Ok(S::Investigating),
        (S::Draft, A::DeclineOpening) => Ok(S::NotOpened),
        (S::Draft, A::Transfer) => Ok(S::Transferred),
        (S::Investigating, A::AddEvidence) => Ok(S::Investigating),
        (_, A::Extend) if investigating_on => {
            if f.requested_extension_days == 0 {
                Err("pen_err_extension_days")
            } else if f.extension_days + f.requested_extension_days > s.max_extension_days {
                Err("pen_err_extension_exceeded")
            } else {
                Ok(state)
            }
        }
        (S::Investigating, A::ServeNotice) => {
            if f.evidence_count == 0 {
                return Err("pen_err_evidence_missing");
            }
            if f.proposed.is_empty() {
                return Err("pen_err_proposal_missing");
            }
            check_service(f, f.opened_on)?;
            Ok(S::Notified)
        }
        (S::Notified, A::ServeNotice) => {
            check_serving_again(f.notice, f, s)?;
            check_service(f, f.notice.map(|x| x.on))?;
            Ok(S::Notified)
        }
        (S::Notified | S::HearingRequested | S::HearingScheduled, A::StateCase) => Ok(state),
        (S::Notified, A::Waive) => Ok(S::Notified),
        (S::Notified, A::RequestHearing) => {
            if !f.hearing_right(s) {
                return Err("pen_err_no_hearing_right");
            }
            if f.hearing_waived {
                return Err("pen_err_hearing_waived");
            }
            let asked = f.hearing_requested_on.unwrap_or(f.today);
            if asked > f.today {
                return Err("pen_err_date_future");
            }
            let served = f.notice.ok_or("pen_err_notice_missing")?.served_on(s);
            if asked > hearing_request_ends(served, s) {
                return Err("pen_err_hearing_request_late");
            }
            Ok(S::HearingRequested)
        }
        (S::HearingRequested | S::HearingScheduled, A::WithdrawHearing) => Ok(S::Notified),
        (S::HearingRequested | S::HearingScheduled, A::ScheduleHearing) => {
            let (Some(notice_on), Some(day)) = (f.hearing_notice_on, f.hearing_on) else {
                return Err("pen_err_hearing_date_missing");
            };
            if notice_on > f.today {
                return Err("pen_err_date_future");
            }
            if day < earliest_hearing(notice_on, s) {
                return Err("pen_err_hearing_notice_short");
            }
            Ok(S::HearingScheduled)
        }
        (S::HearingScheduled, A::HoldHearing | A::AbandonHearing) => match f.hearing_on {
            Some(day) if day <= f.today => Ok(S::Heard),
            _ => Err("pen_err_hearing_not_yet"),
        },
        (S::Notified | S::HearingRequested | S::HearingScheduled | S::Heard, A::Reinvestigate) => Ok(S::Investigating),
        (S::Notified | S::Heard, A::DecidePenalty) => {
            if f.decided.is_empty() {
                return Err("pen_err_decision_missing");
            }
            if state == S::Notified {
                notice_periods_over(f, s)?;
            }
            if exceeds_notice(&f.proposed, &f.decided) {
                return Err("pen_err_decision_exceeds_notice");
            }
            if f.time_barred(s) {
                return Err("pen_err_time_barred");
            }
            // §58(2): decisions touching the party's major rights, and every
            // decision after a hearing, pass the legal review first.
            if (f.hearing_right(s) || state == S::Heard) && !f.legal_review_done {
                return Err("pen_err_legal_review_missing");
            }
            Ok(S::Decided)
        }
        (S::HearingRequested | S::HearingScheduled, A::DecidePenalty) => Err("pen_err_hearing_pending"),
        (S::Investigating, A::DecidePenalty) => Err("pen_err_notice_missing"),
        (_, A::DecideNoPenalty) if investigating_on => Ok(S::Decided),
        (_, A::Transfer) if investigating_on => Ok(S::Transferred),
        (_, A::Terminate) if investigating_on => Ok(S::Terminated),
        (S::Decided, A::ServeDecision) => {
            check_service(f, f.decided_on)?;
            Ok(S::Served)
        }
        (S::Served, A::ServeDecision) => {
            check_serving_again(f.decision_service, f, s)?;
            check_service(f, f.decision_service.map(|x| x.on))?;
            Ok(S::Served)
        }
        (_, A::Appeal) if after_service => {
            if f.appeal_pending {
                Err("pen_err_appeal_pending")
            } else {
                Ok(state)
            }
        }
        (_, A::AppealUpheld) if after_service => {
            if f.appeal_pending {
                Ok(state)
            } else {
                Err("pen_err_no_appeal")
            }
        }
        (S::Decided, A::Annul) => Ok(S::Annulled),
        (_, A::Annul) if after_service || annul_closed => Ok(S::Annulled),
        (S::Served, A::ApplyCourt) => {
            if f.decided.is_empty() {
                return Err("pen_err_nothing_to_execute");
            }
            let served = f.decision_served(s).ok_or("pen_err_not_yet_served")?;
            if f.appeal_pending {
                return Err("pen_err_appeal_pending");
            }
            if f.today <= remedies_end(served, s) {
                return Err("pen_err_remedy_window_open");
            }
            if f.today > court_application_ends(served, s) {
                return Err("pen_err_court_deadline_passed");
            }
            let demand = f.demand_served_on.ok_or("pen_err_demand_missing")?;
            if f.today < court_application_opens(demand, s) {
                return Err("pen_err_demand_too_recent");
            }
            Ok(S::CourtEnforcement)
        }
        (S::Served | S::CourtEnforcement, A::Execute | A::EndExecution) => {
            if f.decided.is_empty() {
                return Err("pen_err_nothing_to_execute");
            }
            f.decision_served(s).ok_or("pen_err_not_yet_served")?;
            if action == A::EndExecution {
                return Ok(S::ExecutionEnded);
            }
            if f.decided.iter().any(|x| x.penalty == Penalty::Fine) && !f.fine_paid {
                return Err("pen_err_fine_unpaid");
            }
            Ok(S::Executed)
        }
        (S::Served, A::Close) => {
            if !f.decided.is_empty() {
                return Err("pen_err_not_executed");
            }
            f.decision_served(s).ok_or("pen_err_not_yet_served")?;
            Ok(S::Closed)
        }
        (S::Executed | S::ExecutionEnded, A::Close) => {
            if f.appeal_pending {
                return Err("pen_err_appeal_pending");
            }
            let served = f.decision_served(s).ok_or("pen_err_not_yet_served")?;
            if s.close_waits_for_remedies && f.today <= remedies_end(served, s) {
                return Err("pen_err_remedy_window_open");
            }
            Ok(S::Closed)
        }
        (S::Transferred | S::Terminated | S::Annulled, A::Close) => Ok(S::Closed),
        (S::Decided, A::Execute | A::Close | A::ApplyCourt) => Err("pen_err_not_served"),
        (_, A::Close | A::ServeDecision | A::Execute) if state.before_decision() => Err("pen_err_not_decided"),
        (S::CourtEnforcement, A::Close) => Err("pen_err_not_executed"),
        _ => Err("pen_err_step"),
    }
}

/// The case's documents: kinds, templates and their placeholders.
pub mod documents;

#[cfg(test)]
mod tests;
