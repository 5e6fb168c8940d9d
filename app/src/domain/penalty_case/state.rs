//! A case's states and steps, as stored.

use serde::{Deserialize, Serialize};

/// Where a case is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum State {
    /// Registered from a complaint, an inspection, a zombie case or an
    /// officer, awaiting approval to open (立案审批).
    Draft,
    /// 立案 approved: investigating and gathering evidence (调查取证).
    Investigating,
    /// The notice (行政处罚告知书) is served: the party may state its case and,
    /// for the heavier penalties, request a hearing.
    Notified,
    /// The party requested a hearing in time.
    HearingRequested,
    /// The hearing's notice is served with its day.
    HearingScheduled,
    /// The hearing was held (its record made) or ended by the party's absence.
    Heard,
    /// Decided: a penalty, or none (不予行政处罚); not yet served.
    Decided,
    /// The decision is served (or its public notice is running).
    Served,
    /// Applied to the court for enforcement (申请人民法院强制执行).
    CourtEnforcement,
    /// The penalty is executed (fine paid, certificate and seals taken back
    /// or declared void, …).
    Executed,
    /// Execution ended without completion where the law allows (终结执行,
    /// 行政强制法 §40: the party ended with no successor or property, …).
    ExecutionEnded,
    /// Transferred to the competent authority or the judicial organs (移送).
    Transferred,
    /// Investigation terminated before a decision (终止调查: the facts do not
    /// hold, the party has ended, …).
    Terminated,
    /// The decision was annulled by reconsideration, a court or the bureau
    /// itself; a new decision, if any, is a new case.
    Annulled,
    /// Closed (结案).
    Closed,
    /// Not opened (不予立案).
    NotOpened,
}

impl State {
    pub const ALL: [State; 16] = [
        State::Draft,
        State::Investigating,
        State::Notified,
        State::HearingRequested,
        State::HearingScheduled,
        State::Heard,
        State::Decided,
        State::Served,
        State::CourtEnforcement,
        State::Executed,
        State::ExecutionEnded,
        State::Transferred,
        State::Terminated,
        State::Annulled,
        State::Closed,
        State::NotOpened,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            State::Draft => "draft",
            State::Investigating => "investigating",
            State::Notified => "notified",
            State::HearingRequested => "hearing_requested",
            State::HearingScheduled => "hearing_scheduled",
            State::Heard => "heard",
            State::Decided => "decided",
            State::Served => "served",
            State::CourtEnforcement => "court_enforcement",
            State::Executed => "executed",
            State::ExecutionEnded => "execution_ended",
            State::Transferred => "transferred",
            State::Terminated => "terminated",
            State::Annulled => "annulled",
            State::Closed => "closed",
            State::NotOpened => "not_opened",
        }
    }

    pub fn parse(s: &str) -> Option<State> {
        Self::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }

    /// The name in the case file and in CSV files.
    pub fn zh(self) -> &'static str {
        match self {
            State::Draft => "待立案",
            State::Investigating => "调查取证",
            State::Notified => "已告知",
            State::HearingRequested => "已申请听证",
            State::HearingScheduled => "待听证",
            State::Heard => "已听证",
            State::Decided => "已决定",
            State::Served => "已送达",
            State::CourtEnforcement => "申请强制执行",
            State::Executed => "执行完毕",
            State::ExecutionEnded => "终结执行",
            State::Transferred => "已移送",
            State::Terminated => "终止调查",
            State::Annulled => "决定已撤销",
            State::Closed => "已结案",
            State::NotOpened => "不予立案",
        }
    }

    /// Not yet decided (the 90-day clock runs from opening).
    pub fn before_decision(self) -> bool {
        matches!(
            self,
            State::Draft
                | State::Investigating
                | State::Notified
                | State::HearingRequested
                | State::HearingScheduled
                | State::Heard
        )
    }

    /// Still being worked on.
    pub fn open(self) -> bool {
        !matches!(self, State::Closed | State::NotOpened)
    }
}

/// A step of a case. The party's own acts (stating a case, waiving, asking
/// for or withdrawing a hearing, appealing) are recorded by an officer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Action {
    /// 立案: the responsible official approves opening the case.
    ApproveOpening,
    /// 不予立案.
    DeclineOpening,
    /// Evidence attached (调查取证).
    AddEvidence,
    /// An extension of the decision deadline approved.
    Extend,
    /// The notice (告知书) served with the proposed penalty and the rights.
    ServeNotice,
    /// The party stated its case (陈述申辩), heard and recorded; the service
    /// sets `statement_done`.
    StateCase,
    /// The party waived its statement and hearing in writing; the service sets
    /// `statement_done` and `hearing_waived`.
    Waive,
    /// The party requested a hearing.
    RequestHearing,
    /// The party withdrew its request; the service sets `hearing_waived`.
    WithdrawHearing,
    /// The hearing's notice (听证通知书) served with its day.
    ScheduleHearing,
    /// The hearing held, its record (听证笔录) made.
    HoldHearing,
    /// The party did not come or left without leave: the right is deemed
    /// waived and the hearing ends (§64(6)).
    AbandonHearing,
    /// Back to investigation after the notice (the facts changed): the
    /// service clears the notice, statement and hearing facts, and a new
    /// notice must follow.
    Reinvestigate,
    /// 行政处罚决定.
    DecidePenalty,
    /// 不予行政处罚决定 (§57(2)(3)).
    DecideNoPenalty,
    /// 移送 to the competent authority or the judicial organs (§57(4); 68号令 §5).
    Transfer,
    /// 终止调查.
    Terminate,
    /// The decision (决定书) served.
    ServeDecision,
    /// The party applied for reconsideration or sued; the service sets
    /// `appeal_pending`.
    Appeal,
    /// The reconsideration body or the court upheld the decision; the service
    /// clears `appeal_pending`.
    AppealUpheld,
    /// The decision annulled.
    Annul,
    /// Applied to the court for enforcement.
    ApplyCourt,
    /// Executed.
    Execute,
    /// Execution ended without completion (终结执行).
    EndExecution,
    /// 结案.
    Close,
}

impl Action {
    pub const ALL: [Action; 25] = [
        Action::ApproveOpening,
        Action::DeclineOpening,
        Action::AddEvidence,
        Action::Extend,
        Action::ServeNotice,
        Action::StateCase,
        Action::Waive,
        Action::RequestHearing,
        Action::WithdrawHearing,
        Action::ScheduleHearing,
        Action::HoldHearing,
        Action::AbandonHearing,
        Action::Reinvestigate,
        Action::DecidePenalty,
        Action::DecideNoPenalty,
        Action::Transfer,
        Action::Terminate,
        Action::ServeDecision,
        Action::Appeal,
        Action::AppealUpheld,
        Action::Annul,
        Action::ApplyCourt,
        Action::Execute,
        Action::EndExecution,
        Action::Close,
    ];

    /// The stored value (and the form's).
    pub fn as_str(self) -> &'static str {
        match self {
            Action::ApproveOpening => "approve_opening",
            Action::DeclineOpening => "decline_opening",
            Action::AddEvidence => "add_evidence",
            Action::Extend => "extend",
            Action::ServeNotice => "serve_notice",
            Action::StateCase => "state_case",
            Action::Waive => "waive",
            Action::RequestHearing => "request_hearing",
            Action::WithdrawHearing => "withdraw_hearing",
            Action::ScheduleHearing => "schedule_hearing",
            Action::HoldHearing => "hold_hearing",
            Action::AbandonHearing => "abandon_hearing",
            Action::Reinvestigate => "reinvestigate",
            Action::DecidePenalty => "decide_penalty",
            Action::DecideNoPenalty => "decide_no_penalty",
            Action::Transfer => "transfer",
            Action::Terminate => "terminate",
            Action::ServeDecision => "serve_decision",
            Action::Appeal => "appeal",
            Action::AppealUpheld => "appeal_upheld",
            Action::Annul => "annul",
            Action::ApplyCourt => "apply_court",
            Action::Execute => "execute",
            Action::EndExecution => "end_execution",
            Action::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|x| x.as_str() == s.trim())
    }
}
