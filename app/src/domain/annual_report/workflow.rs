//! When a report is due, who must file it, the reminders and the report's
//! workflow.

use chrono::{Datelike, NaiveDate};

use crate::domain::org_type::OrgType;

/// The filing deadline of a report year: 基金会 31 March, 社会团体 and
/// 社会服务机构 31 May of the next year (§3.1; a setting may override).
pub fn deadline(org_type: OrgType, report_year: i32) -> NaiveDate {
    let (m, d) = match org_type {
        OrgType::Foundation => (3, 31),
        _ => (5, 31),
    };
    NaiveDate::from_ymd_opt(report_year + 1, m, d).expect("valid date")
}

/// Whether an organization registered on `registered` must report for
/// `report_year`: not before it existed; 社会服务机构 registered in the last six
/// months of the year (after 30 June) are exempt (年检办法 §3), and so, in local
/// practice, are 社会团体 established after 30 June.
pub fn obliged(org_type: OrgType, registered: NaiveDate, report_year: i32) -> bool {
    if registered.year() > report_year {
        return false;
    }
    if registered.year() < report_year {
        return true;
    }
    let june_30 = NaiveDate::from_ymd_opt(report_year, 6, 30).expect("valid date");
    match org_type {
        OrgType::Foundation => true,
        _ => registered <= june_30,
    }
}

/// The conclusions of a review (§3.4).
pub const CONCLUSIONS: [&str; 3] = ["qualified", "basic", "unqualified"];

/// Reminders before and after a deadline: (kind, days relative to the deadline).
pub const REMINDERS: [(&str, i64); 3] = [("d30", -30), ("d7", -7), ("overdue", 1)];

/// The reminder due on `today` for a deadline, if any: the latest one whose
/// day has come. Before the deadline only the before-reminders apply; from
/// the day after the deadline only the overdue one does.
pub fn reminder_due(deadline: NaiveDate, today: NaiveDate) -> Option<&'static str> {
    let days = (today - deadline).num_days();
    if days >= 1 {
        return Some("overdue");
    }
    if days > 0 {
        return None;
    }
    REMINDERS.iter().rev().filter(|(_, offset)| *offset <= 0 && days >= *offset).map(|(kind, _)| *kind).next()
}

/// Where an annual report is in its workflow (登记管理机关的年度检查): the
/// organization fills it in (draft), submits it; an organization with a
/// supervisory unit submits it to the unit first (初审, §3.1: the unit passes
/// it on to the registry or returns it); the registry returns it for changes
/// or concludes it (合格、基本合格、不合格).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportStatus {
    Draft,
    /// Waiting for the supervisory unit's first review (初审).
    UnitReview,
    Submitted,
    Returned,
    Concluded,
}

impl ReportStatus {
    pub const ALL: [ReportStatus; 5] = [
        ReportStatus::Draft,
        ReportStatus::UnitReview,
        ReportStatus::Submitted,
        ReportStatus::Returned,
        ReportStatus::Concluded,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportStatus::Draft => "draft",
            ReportStatus::UnitReview => "unit_review",
            ReportStatus::Submitted => "submitted",
            ReportStatus::Returned => "returned",
            ReportStatus::Concluded => "concluded",
        }
    }

    pub fn parse(s: &str) -> Option<ReportStatus> {
        ReportStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// Whether the organization may still change the report: a draft, or one
    /// returned for changes. A submitted or concluded report is locked.
    pub fn editable(self) -> bool {
        matches!(self, ReportStatus::Draft | ReportStatus::Returned)
    }
}

/// What is done to a report.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportAction {
    /// The organization saves its work (or an attachment starts a draft).
    Save,
    /// The organization submits it for review (an organization without a
    /// supervisory unit: straight to the registry).
    Submit,
    /// An organization with a supervisory unit submits it: to the unit first.
    SubmitToUnit,
    /// The unit passes it on to the registry (初审通过).
    UnitPass,
    /// The unit returns it to the organization for changes.
    UnitReturn,
    /// The registry returns it for changes.
    Return,
    /// The registry concludes it.
    Conclude,
}

/// The next status of a report (`None`: not started) after `action`, or the
/// message key of why it may not happen.
pub fn report_next(from: Option<ReportStatus>, action: ReportAction) -> Result<ReportStatus, &'static str> {
    use ReportAction as A;
    use ReportStatus as S;
    match (from, action) {
        (None | Some(S::Draft), A::Save) => Ok(S::Draft),
        (Some(S::Returned), A::Save) => Ok(S::Returned),
        (None | Some(S::Draft | S::Returned), A::Submit) => Ok(S::Submitted),
        (None | Some(S::Draft | S::Returned), A::SubmitToUnit) => Ok(S::UnitReview),
        (Some(S::UnitReview | S::Submitted | S::Concluded), A::Save | A::Submit | A::SubmitToUnit) => {
            Err("err_report_locked")
        }
        (Some(S::UnitReview), A::UnitPass) => Ok(S::Submitted),
        (Some(S::UnitReview), A::UnitReturn) => Ok(S::Returned),
        (_, A::UnitPass | A::UnitReturn) => Err("err_report_not_at_unit"),
        (Some(S::UnitReview), A::Return | A::Conclude) => Err("err_report_at_unit"),
        (Some(S::Submitted), A::Return) => Ok(S::Returned),
        (Some(S::Submitted), A::Conclude) => Ok(S::Concluded),
        (_, A::Return | A::Conclude) => Err("err_report_not_submitted"),
    }
}
