//! Credit lists (《社会组织信用信息管理办法》, 民政部令第60号) and the cleanup
//! of "zombie" organizations (民发〔2021〕63号): every listing, removal and
//! step is a pure function of dated facts (domain reference §5 and §7).

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

/// The two lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum List {
    /// 活动异常名录
    Abnormal,
    /// 严重违法失信名单
    Serious,
}

impl List {
    pub fn as_str(self) -> &'static str {
        match self {
            List::Abnormal => "abnormal",
            List::Serious => "serious",
        }
    }

    pub fn parse(s: &str) -> Option<List> {
        match s {
            "abnormal" => Some(List::Abnormal),
            "serious" => Some(List::Serious),
            _ => None,
        }
    }
}

/// Why an organization is listed: (code, list, legal basis, decided by an
/// officer rather than mechanically).
pub const REASONS: [(&str, List, &str, bool); 14] = [
    ("missed_report", List::Abnormal, "《社会组织信用信息管理办法》第十条第（一）项", false),
    ("party", List::Abnormal, "《社会组织信用信息管理办法》第十条第（二）项", true),
    ("rectification_overdue", List::Abnormal, "《社会组织信用信息管理办法》第十条第（三）项", true),
    ("fundraising_idle", List::Abnormal, "《社会组织信用信息管理办法》第十条第（四）项", true),
    ("penalty_minor", List::Abnormal, "《社会组织信用信息管理办法》第十条第（五）项", false),
    ("unreachable", List::Abnormal, "《社会组织信用信息管理办法》第十条第（六）项", false),
    ("abnormal_two_years", List::Serious, "《社会组织信用信息管理办法》第十九条第（一）项", false),
    ("fraud_change", List::Serious, "《社会组织信用信息管理办法》第十九条第（二）项", true),
    ("suspension", List::Serious, "《社会组织信用信息管理办法》第十九条第（三）项", false),
    ("fine_large", List::Serious, "《社会组织信用信息管理办法》第十九条第（四）项", false),
    ("penalties_repeated", List::Serious, "《社会组织信用信息管理办法》第十九条第（五）项", false),
    ("defaulter", List::Serious, "《社会组织信用信息管理办法》第十九条第（六）项", true),
    ("revoked", List::Serious, "《社会组织信用信息管理办法》第十九条第（七）项", false),
    ("other", List::Abnormal, "法律、行政法规规定的其他情形", true),
];

/// The list and legal basis of a reason code.
pub fn reason(code: &str) -> Option<(List, &'static str)> {
    REASONS.iter().find(|r| r.0 == code).map(|r| (r.1, r.2))
}

/// Reasons an officer may list by decision (the others are mechanical).
pub fn officer_reasons() -> impl Iterator<Item = (&'static str, List)> {
    REASONS.iter().filter(|r| r.3).map(|r| (r.0, r.1))
}

/// `date` plus `years` calendar years (29 February → 28 February).
pub fn add_years(date: NaiveDate, years: i32) -> NaiveDate {
    date.with_year(date.year() + years)
        .or_else(|| NaiveDate::from_ymd_opt(date.year() + years, date.month(), 28))
        .expect("valid date")
}

/// `date` plus `months` calendar months (clamped to the month's last day).
pub fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(chrono::Months::new(months)).expect("valid date")
}

/// Two full years on the 活动异常名录 (counted from the last listing event,
/// which restarts the clock) move an organization to the 严重违法失信名单.
pub fn escalates(clock_from: NaiveDate, today: NaiveDate) -> bool {
    today >= add_years(clock_from, 2)
}

/// Entries that need (or allow) no rectification leave the 活动异常名录 by
/// themselves six months after listing (a minor penalty already executed).
pub fn auto_removal_due(reason: &str, listed_on: NaiveDate, today: NaiveDate) -> bool {
    reason == "penalty_minor" && today >= add_months(listed_on, 6)
}

/// Why an application for removal (信用修复) is refused, if it is.
/// 活动异常名录: the organization states its correction; the officer verifies.
/// 严重违法失信名单 ("严进严出"): two full years listed with no new event since,
/// and for a revocation only once deregistration is complete.
pub fn repair_refusal(
    list: List,
    reason: &str,
    clock_from: NaiveDate,
    deregistered: bool,
    today: NaiveDate,
) -> Option<&'static str> {
    match list {
        List::Abnormal => None,
        List::Serious if reason == "revoked" && !deregistered => Some("err_credit_repair_revoked"),
        List::Serious if today < add_years(clock_from, 2) => Some("err_credit_repair_too_early"),
        List::Serious => None,
    }
}

/// An administrative penalty's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum PenaltyKind {
    Warning,
    Fine,
    /// 限期停止活动
    Suspension,
    /// 没收违法所得或非法财产
    Confiscation,
}

impl PenaltyKind {
    pub const ALL: [PenaltyKind; 4] =
        [PenaltyKind::Warning, PenaltyKind::Fine, PenaltyKind::Suspension, PenaltyKind::Confiscation];

    pub fn as_str(self) -> &'static str {
        match self {
            PenaltyKind::Warning => "warning",
            PenaltyKind::Fine => "fine",
            PenaltyKind::Suspension => "suspension",
            PenaltyKind::Confiscation => "confiscation",
        }
    }

    pub fn parse(s: &str) -> Option<PenaltyKind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A fine of ¥50,000 or more is a serious case (第十九条第（四）项).
pub const LARGE_FINE_FEN: i64 = 50_000 * 100;

/// Whether a penalty is "minor": a warning or a fine under ¥50,000.
pub fn minor(kind: PenaltyKind, amount_fen: i64) -> bool {
    matches!(kind, PenaltyKind::Warning) || (kind == PenaltyKind::Fine && amount_fen < LARGE_FINE_FEN)
}

/// The listings a new penalty causes, given the dates of the organization's
/// earlier minor penalties: (list reason codes).
/// - a warning or a fine under ¥50,000 → 活动异常名录 (penalty_minor);
/// - the second such penalty within three years → 严重违法失信名单 (penalties_repeated);
/// - a fine of ¥50,000 or more → 严重违法失信名单 (fine_large);
/// - suspension → 严重违法失信名单 (suspension).
pub fn penalty_listings(
    kind: PenaltyKind,
    amount_fen: i64,
    decided_on: NaiveDate,
    earlier_minor: &[NaiveDate],
) -> Vec<&'static str> {
    let mut out = Vec::new();
    if minor(kind, amount_fen) {
        out.push("penalty_minor");
        let window_start = add_years(decided_on, -3);
        if earlier_minor.iter().any(|d| *d > window_start && *d <= decided_on) {
            out.push("penalties_repeated");
        }
    }
    match kind {
        PenaltyKind::Fine if amount_fen >= LARGE_FINE_FEN => out.push("fine_large"),
        PenaltyKind::Suspension => out.push("suspension"),
        _ => {}
    }
    out
}

/// The unreachable test: two registered letters to the registered domicile,
/// both returned unsigned, the second sent between `min_days` and `max_days`
/// after the first (a setting; default 15–30 days, domain reference §5.2).
pub fn unreachable(returned_letters: &[NaiveDate], min_days: i64, max_days: i64) -> bool {
    let mut dates = returned_letters.to_vec();
    dates.sort();
    dates.iter().enumerate().any(|(i, a)| {
        dates[i + 1..].iter().any(|b| {
            let gap = (*b - *a).num_days();
            gap >= min_days && gap <= max_days
        })
    })
}

/// The weights of the credit score: the formula is data (the
/// `credit_weight` table holds these, documented in docs/FEATURES.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weights {
    pub base: i64,
    pub abnormal_entry: i64,
    pub serious_entry: i64,
    pub penalty_3y: i64,
    pub report_basic: i64,
    pub report_unqualified: i64,
    pub report_missing: i64,
    pub grade_per_a: i64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            base: 100,
            abnormal_entry: -20,
            serious_entry: -50,
            penalty_3y: -10,
            report_basic: -5,
            report_unqualified: -15,
            report_missing: -10,
            grade_per_a: 2,
        }
    }
}

/// The facts a credit score is computed from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreditFacts {
    pub abnormal_entries: i64,
    pub serious_entries: i64,
    pub penalties_3y: i64,
    /// The last concluded report's conclusion, `missing` if the last obliged year was not filed.
    pub last_report: Option<String>,
    /// Rating grade 1–5 (A count), if any.
    pub grade: Option<i64>,
}

/// Score (0–100) and level (A ≥ 90, B ≥ 75, C ≥ 60, D below).
pub fn score(w: &Weights, f: &CreditFacts) -> (i64, &'static str) {
    let report = match f.last_report.as_deref() {
        Some("basic") => w.report_basic,
        Some("unqualified") => w.report_unqualified,
        Some("missing") => w.report_missing,
        _ => 0,
    };
    let s = w.base
        + w.abnormal_entry * f.abnormal_entries
        + w.serious_entry * f.serious_entries
        + w.penalty_3y * f.penalties_3y
        + report
        + w.grade_per_a * f.grade.unwrap_or(0);
    let s = s.clamp(0, 100);
    (s, level(s))
}

pub fn level(score: i64) -> &'static str {
    match score {
        90.. => "A",
        75..=89 => "B",
        60..=74 => "C",
        _ => "D",
    }
}

/// The states of a zombie-organization case.
pub const ZOMBIE_OPEN: [&str; 3] = ["candidate", "notified", "rectifying"];

/// Where a zombie-organization case is (僵尸型社会组织清理).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZombieStatus {
    Candidate,
    Notified,
    Rectifying,
    Restored,
    Deregistered,
    Revoked,
    Dismissed,
}

impl ZombieStatus {
    pub const ALL: [ZombieStatus; 7] = [
        ZombieStatus::Candidate,
        ZombieStatus::Notified,
        ZombieStatus::Rectifying,
        ZombieStatus::Restored,
        ZombieStatus::Deregistered,
        ZombieStatus::Revoked,
        ZombieStatus::Dismissed,
    ];

    /// The stored value.
    pub fn as_str(self) -> &'static str {
        match self {
            ZombieStatus::Candidate => "candidate",
            ZombieStatus::Notified => "notified",
            ZombieStatus::Rectifying => "rectifying",
            ZombieStatus::Restored => "restored",
            ZombieStatus::Deregistered => "deregistered",
            ZombieStatus::Revoked => "revoked",
            ZombieStatus::Dismissed => "dismissed",
        }
    }

    pub fn parse(s: &str) -> Option<ZombieStatus> {
        ZombieStatus::ALL.into_iter().find(|x| x.as_str() == s)
    }

    /// A case still being worked on.
    pub fn open(self) -> bool {
        matches!(self, ZombieStatus::Candidate | ZombieStatus::Notified | ZombieStatus::Rectifying)
    }
}

/// What an officer (or, `Respond`, the organization) does to a case.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZombieAction {
    Notify,
    Dismiss,
    Respond,
    Restore,
    Deregister,
    Revoke,
}

impl ZombieAction {
    /// The actions an officer chooses from (the organization responds itself).
    pub const OFFICER: [ZombieAction; 5] = [
        ZombieAction::Notify,
        ZombieAction::Dismiss,
        ZombieAction::Restore,
        ZombieAction::Deregister,
        ZombieAction::Revoke,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ZombieAction::Notify => "notify",
            ZombieAction::Dismiss => "dismiss",
            ZombieAction::Respond => "respond",
            ZombieAction::Restore => "restore",
            ZombieAction::Deregister => "deregister",
            ZombieAction::Revoke => "revoke",
        }
    }

    /// An officer's action by its form value.
    pub fn parse_officer(s: &str) -> Option<ZombieAction> {
        ZombieAction::OFFICER.into_iter().find(|x| x.as_str() == s)
    }
}

/// The next state of a zombie case, or why the step is not allowed:
/// candidate → notified (letter and public announcement with a deadline) →
/// rectifying (the organization responds) → restored; deregistered or
/// revoked from any open state on an officer's decision; dismissed (not a
/// zombie after checking) from candidate.
pub fn zombie_next(status: ZombieStatus, action: ZombieAction) -> Result<ZombieStatus, &'static str> {
    use ZombieAction as A;
    use ZombieStatus as S;
    match (status, action) {
        (S::Candidate, A::Notify) => Ok(S::Notified),
        (S::Candidate, A::Dismiss) => Ok(S::Dismissed),
        (S::Notified, A::Respond) => Ok(S::Rectifying),
        (S::Rectifying, A::Restore) => Ok(S::Restored),
        (s, A::Deregister) if s.open() => Ok(S::Deregistered),
        (s, A::Revoke) if s.open() => Ok(S::Revoked),
        _ => Err("err_zombie_step"),
    }
}

/// Revocation needs the notice period to have run out without a response
/// (or the organization to have responded and failed to rectify).
pub fn revocable(status: ZombieStatus, respond_by: Option<NaiveDate>, today: NaiveDate) -> bool {
    match status {
        ZombieStatus::Notified => respond_by.is_some_and(|d| today > d),
        ZombieStatus::Rectifying => true,
        _ => false,
    }
}

/// The day a notice's response period ends.
pub fn respond_by(notified_on: NaiveDate, days: i64) -> NaiveDate {
    notified_on + Duration::days(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn two_full_years_on_the_abnormal_list_escalate_to_the_serious_list() {
        assert!(!escalates(d(2024, 6, 1), d(2026, 5, 31)));
        assert!(escalates(d(2024, 6, 1), d(2026, 6, 1)));
        // Listed on 29 February: two years later is 28 February.
        assert!(escalates(d(2024, 2, 29), d(2026, 2, 28)));
        assert!(!escalates(d(2024, 2, 29), d(2026, 2, 27)));
    }

    #[test]
    fn minor_penalty_entries_leave_after_six_months() {
        assert!(!auto_removal_due("penalty_minor", d(2026, 1, 31), d(2026, 7, 30)));
        assert!(auto_removal_due("penalty_minor", d(2026, 1, 31), d(2026, 7, 31)));
        assert!(!auto_removal_due("missed_report", d(2020, 1, 1), d(2026, 7, 31)), "needs the report filed");
    }

    #[test]
    fn serious_list_removal_is_strict() {
        let t = d(2026, 6, 1);
        assert_eq!(repair_refusal(List::Abnormal, "missed_report", d(2026, 5, 1), false, t), None);
        assert_eq!(
            repair_refusal(List::Serious, "fine_large", d(2024, 6, 2), false, t),
            Some("err_credit_repair_too_early")
        );
        assert_eq!(repair_refusal(List::Serious, "fine_large", d(2024, 6, 1), false, t), None);
        assert_eq!(
            repair_refusal(List::Serious, "revoked", d(2020, 1, 1), false, t),
            Some("err_credit_repair_revoked")
        );
        assert_eq!(repair_refusal(List::Serious, "revoked", d(2020, 1, 1), true, t), None);
    }

    #[test]
    fn penalties_list_by_kind_amount_and_repetition() {
        let on = d(2026, 3, 1);
        assert_eq!(penalty_listings(PenaltyKind::Warning, 0, on, &[]), vec!["penalty_minor"]);
        assert_eq!(penalty_listings(PenaltyKind::Fine, 4_999_999, on, &[]), vec!["penalty_minor"]);
        assert_eq!(penalty_listings(PenaltyKind::Fine, 5_000_000, on, &[]), vec!["fine_large"]);
        assert_eq!(penalty_listings(PenaltyKind::Suspension, 0, on, &[]), vec!["suspension"]);
        assert_eq!(penalty_listings(PenaltyKind::Confiscation, 0, on, &[]), Vec::<&str>::new());
        // The second minor penalty within three years: the serious list too.
        assert_eq!(
            penalty_listings(PenaltyKind::Warning, 0, on, &[d(2023, 3, 2)]),
            vec!["penalty_minor", "penalties_repeated"]
        );
        assert_eq!(penalty_listings(PenaltyKind::Warning, 0, on, &[d(2023, 3, 1)]), vec!["penalty_minor"]);
    }

    #[test]
    fn unreachable_needs_two_returned_letters_within_the_window() {
        assert!(!unreachable(&[d(2026, 3, 1)], 15, 30));
        assert!(!unreachable(&[d(2026, 3, 1), d(2026, 3, 15)], 15, 30), "14 days apart");
        assert!(unreachable(&[d(2026, 3, 1), d(2026, 3, 16)], 15, 30));
        assert!(unreachable(&[d(2026, 3, 31), d(2026, 3, 1)], 15, 30), "order does not matter");
        assert!(!unreachable(&[d(2026, 3, 1), d(2026, 4, 1)], 15, 30), "31 days apart");
    }

    #[test]
    fn score_and_level_from_the_weights() {
        let w = Weights::default();
        assert_eq!(score(&w, &CreditFacts::default()), (100, "A"));
        let f = CreditFacts { abnormal_entries: 1, last_report: Some("missing".into()), ..Default::default() };
        assert_eq!(score(&w, &f), (70, "C"));
        let f = CreditFacts { serious_entries: 1, penalties_3y: 1, ..Default::default() };
        assert_eq!(score(&w, &f), (40, "D"));
        assert_eq!(level(90), "A");
        assert_eq!(level(89), "B");
        assert_eq!(level(75), "B");
        assert_eq!(level(74), "C");
        assert_eq!(level(60), "C");
        assert_eq!(level(59), "D");
        let f = CreditFacts { grade: Some(5), last_report: Some("basic".into()), ..Default::default() };
        assert_eq!(score(&w, &f).0, 100, "capped at 100");
    }

    #[test]
    fn zombie_cases_move_only_along_the_workflow() {
        use ZombieAction as A;
        use ZombieStatus as S;
        assert_eq!(zombie_next(S::Candidate, A::Notify), Ok(S::Notified));
        assert_eq!(zombie_next(S::Notified, A::Respond), Ok(S::Rectifying));
        assert_eq!(zombie_next(S::Rectifying, A::Restore), Ok(S::Restored));
        assert_eq!(zombie_next(S::Notified, A::Revoke), Ok(S::Revoked));
        assert_eq!(zombie_next(S::Rectifying, A::Deregister), Ok(S::Deregistered));
        assert_eq!(zombie_next(S::Candidate, A::Restore), Err("err_zombie_step"));
        assert_eq!(zombie_next(S::Revoked, A::Notify), Err("err_zombie_step"));
        assert_eq!(zombie_next(S::Dismissed, A::Revoke), Err("err_zombie_step"), "a closed case stays closed");
        for st in S::ALL {
            assert_eq!(S::parse(st.as_str()), Some(st));
        }
        assert_eq!(A::parse_officer("respond"), None, "the organization responds, not an officer");
        let notified = d(2026, 1, 1);
        let by = respond_by(notified, 60);
        assert_eq!(by, d(2026, 3, 2));
        assert!(!revocable(S::Notified, Some(by), by));
        assert!(revocable(S::Notified, Some(by), by + Duration::days(1)));
        assert!(!revocable(S::Candidate, None, by));
    }
}
