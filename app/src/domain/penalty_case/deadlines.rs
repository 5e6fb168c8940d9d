//! The case's periods as functions of dates: service and its deemed date, the
//! windows the party has, the bureau's own deadlines, and what is overdue.
//!
//! Counting: the day an event happens is not counted (the 民事诉讼法's rule on
//! periods, which 行政处罚法 §61 and 行政诉讼法 §101 borrow); the "2, 3, 5 and 7 days" of
//! 行政处罚法 are working days (§85), and the "10 days or fewer" of 行政强制法
//! are working days (§69) — [`Settings::short_periods_in_working_days`].
//! A period in months ends on the same day of the month, or the month's last
//! day when it has none (民法典 §202). A period the *party* has that ends on a
//! weekend or a holiday runs to the next working day (民法典 §203); the
//! bureau's own deadlines are not extended that way, so it never plans on a
//! day it does not have.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::{Facts, Settings, State};
use crate::domain::credit::{add_months, add_years};
use crate::domain::inspection::add_working_days;

/// How a document (告知书, 听证通知书, 决定书) reached the party
/// (行政处罚法 §61 and the 民事诉讼法's methods; 68号令 §41–47).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// 直接送达: handed over, the party signs the receipt (送达回证).
    InPerson,
    /// 留置送达: the party refused it; left at its address before a witness
    /// or with a photo or video record.
    LeftAtAddress,
    /// 邮寄送达: the date is the one on the return receipt (回执).
    Post,
    /// 电子送达: fax or e-mail, only with the party's signed consent
    /// (行政处罚法 §61 para 2); the date it reached the system.
    Electronic,
    /// 公告送达: when no other method works; deemed served after the notice
    /// period ([`Settings::public_notice_days`]).
    PublicNotice,
}

impl Method {
    pub const ALL: [Method; 5] =
        [Method::InPerson, Method::LeftAtAddress, Method::Post, Method::Electronic, Method::PublicNotice];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::InPerson => "in_person",
            Method::LeftAtAddress => "left_at_address",
            Method::Post => "post",
            Method::Electronic => "electronic",
            Method::PublicNotice => "public_notice",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        Self::ALL.into_iter().find(|m| m.as_str() == s.trim())
    }

    /// The name a receipt (送达回证) uses.
    pub fn zh(self) -> &'static str {
        match self {
            Method::InPerson => "直接送达",
            Method::LeftAtAddress => "留置送达",
            Method::Post => "邮寄送达",
            Method::Electronic => "电子送达",
            Method::PublicNotice => "公告送达",
        }
    }
}

/// One service of a document: how, and on what day (the day handed over,
/// left, received by post or electronically, or the day the public notice
/// was published).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Service {
    pub method: Method,
    pub on: NaiveDate,
}

impl Service {
    /// The day the document counts as served: the day itself, or for a
    /// public notice the end of its period (domain reference §7.4: "自公告之日起
    /// 60日内…逾期即视为送达").
    pub fn served_on(self, s: &Settings) -> NaiveDate {
        match self.method {
            Method::PublicNotice => self.on + Duration::days(i64::from(s.public_notice_days)),
            _ => self.on,
        }
    }

    /// A public notice whose period has not run out on `today`.
    pub fn pending(self, today: NaiveDate, s: &Settings) -> bool {
        today < self.served_on(s)
    }
}

fn weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// `d`, or the first working day after it when it is a weekend or a holiday
/// (民法典 §203: the end of a party's period).
pub fn next_working_day(d: NaiveDate, holidays: &[NaiveDate]) -> NaiveDate {
    let mut d = d;
    while weekend(d) || holidays.contains(&d) {
        d = d.succ_opt().expect("date in range");
    }
    d
}

/// `days` after `from` for the law's short periods: working days (weekends and
/// `s.holidays` skipped) unless the setting says calendar days.
pub fn short_period_end(from: NaiveDate, days: u32, s: &Settings) -> NaiveDate {
    if s.short_periods_in_working_days {
        add_working_days(from, days, &s.holidays)
    } else {
        from + Duration::days(i64::from(days))
    }
}

/// The day a decision is due: 90 days after the case was opened (行政处罚法
/// §60), plus the extensions approved (none unless the bureau's rules allow
/// them, [`Settings::max_extension_days`]).
pub fn decision_due(opened_on: NaiveDate, extension_days: u32, s: &Settings) -> NaiveDate {
    opened_on + Duration::days(i64::from(s.decision_days) + i64::from(extension_days))
}

/// The last day the party may state its case (陈述申辩) after the notice was
/// served: the notice's own period, [`Settings::statement_days`].
pub fn statement_ends(notice_served_on: NaiveDate, s: &Settings) -> NaiveDate {
    short_period_end(notice_served_on, s.statement_days, s)
}

/// The last day the party may request a hearing: 5 days after the notice was
/// served (行政处罚法 §64(1)).
pub fn hearing_request_ends(notice_served_on: NaiveDate, s: &Settings) -> NaiveDate {
    short_period_end(notice_served_on, s.hearing_request_days, s)
}

/// The earliest day a hearing may be held when its notice is served on
/// `notice_on`: the party is told at least 7 days before (行政处罚法 §64(2)).
pub fn earliest_hearing(notice_on: NaiveDate, s: &Settings) -> NaiveDate {
    short_period_end(notice_on, s.hearing_notice_days, s)
}

/// The last day to serve a decision not handed over when announced: 7 days
/// (行政处罚法 §61).
pub fn decision_service_due(decided_on: NaiveDate, s: &Settings) -> NaiveDate {
    short_period_end(decided_on, s.decision_service_days, s)
}

/// The last day to apply for administrative reconsideration: 60 days from
/// service of the decision (行政复议法 §20).
pub fn reconsideration_ends(served_on: NaiveDate, s: &Settings) -> NaiveDate {
    next_working_day(served_on + Duration::days(i64::from(s.reconsideration_days)), &s.holidays)
}

/// The last day to sue: 6 months from service of the decision (行政诉讼法 §46).
pub fn lawsuit_ends(served_on: NaiveDate, s: &Settings) -> NaiveDate {
    next_working_day(add_months(served_on, s.lawsuit_months), &s.holidays)
}

/// The day both remedies have run out (the later of the two).
pub fn remedies_end(served_on: NaiveDate, s: &Settings) -> NaiveDate {
    reconsideration_ends(served_on, s).max(lawsuit_ends(served_on, s))
}

/// The last day to pay a fine: 15 days from receipt of the decision
/// (行政处罚法 §67).
pub fn payment_due(served_on: NaiveDate, s: &Settings) -> NaiveDate {
    next_working_day(served_on + Duration::days(i64::from(s.payment_days)), &s.holidays)
}

/// The late-payment surcharge (加处罚款) on `today`: 3 % of the fine for each
/// day after the payment was due, never more than the fine itself
/// (行政处罚法 §72(1)). Whole 分, rounded down.
pub fn surcharge_fen(fine_fen: i64, due: NaiveDate, today: NaiveDate, s: &Settings) -> i64 {
    let days = (today - due).num_days().max(0);
    let fine = fine_fen.max(0);
    let total = i128::from(fine) * i128::from(s.surcharge_permille_per_day) * i128::from(days) / 1000;
    i64::try_from(total.min(i128::from(fine))).unwrap_or(fine)
}

/// The earliest day the bureau may apply to the court for enforcement after
/// serving a demand to perform (催告书): 10 days later (行政强制法 §54, working
/// days by §69).
pub fn court_application_opens(demand_served_on: NaiveDate, s: &Settings) -> NaiveDate {
    short_period_end(demand_served_on, s.demand_days, s)
}

/// The last day to apply to the court for enforcement: 3 months after the
/// party's remedies ran out (行政强制法 §53).
pub fn court_application_ends(decision_served_on: NaiveDate, s: &Settings) -> NaiveDate {
    add_months(remedies_end(decision_served_on, s), s.court_months)
}

/// Whether the violation can no longer be punished: not discovered within 2
/// years of the day it ended (行政处罚法 §36; a continuing violation counts
/// from its end).
pub fn time_barred(violation_ended_on: NaiveDate, discovered_on: NaiveDate, s: &Settings) -> bool {
    discovered_on > add_years(violation_ended_on, s.limitation_years)
}

/// An overdue step of a case, for the dashboard's queues.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Late {
    /// No decision within the 90 days (and extensions) since opening.
    Decision,
    /// The hearing's day has passed without its record.
    HearingRecord,
    /// The decision is not served 7 days after it was made.
    DecisionService,
    /// The fine is not paid 15 days after service.
    Payment,
    /// Not executed, and not appealed, when the party's remedies ran out: the
    /// bureau executes it, or for money demands payment and applies to the
    /// court before [`court_application_ends`].
    Execution,
}

impl Late {
    pub fn as_str(self) -> &'static str {
        match self {
            Late::Decision => "decision",
            Late::HearingRecord => "hearing_record",
            Late::DecisionService => "decision_service",
            Late::Payment => "payment",
            Late::Execution => "execution",
        }
    }

    pub fn parse(s: &str) -> Option<Late> {
        [Late::Decision, Late::HearingRecord, Late::DecisionService, Late::Payment, Late::Execution]
            .into_iter()
            .find(|l| l.as_str() == s.trim())
    }
}

/// One overdue item: what, and the last day it was due.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Overdue {
    pub late: Late,
    pub due: NaiveDate,
}

impl Overdue {
    /// Days past the due day on `today`.
    pub fn days_late(self, today: NaiveDate) -> i64 {
        (today - self.due).num_days()
    }
}

/// What is overdue in a case in `state` on `facts.today`, each with its due day.
pub fn overdue(state: State, f: &Facts, s: &Settings) -> Vec<Overdue> {
    let today = f.today;
    let mut out = Vec::new();
    let mut push = |late: Late, due: NaiveDate| {
        if today > due {
            out.push(Overdue { late, due });
        }
    };
    if state.before_decision() && state != State::Draft {
        if let Some(opened) = f.opened_on {
            push(Late::Decision, decision_due(opened, f.extension_days, s));
        }
    }
    if state == State::HearingScheduled {
        if let Some(day) = f.hearing_on {
            push(Late::HearingRecord, day);
        }
    }
    if state == State::Decided {
        if let Some(decided) = f.decided_on {
            push(Late::DecisionService, decision_service_due(decided, s));
        }
    }
    if state == State::Served && !f.decided.is_empty() {
        if let Some(served) = f.decision_service.map(|x| x.served_on(s)) {
            let fined = f.decided.iter().any(|x| x.penalty == super::Penalty::Fine);
            if fined && !f.fine_paid {
                push(Late::Payment, payment_due(served, s));
            }
            if !f.appeal_pending {
                push(Late::Execution, remedies_end(served, s));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::penalty_case::Sanction;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// 2026's Labour Day holiday, 1–5 May.
    fn may_day() -> Settings {
        Settings { holidays: (1..=5).map(|x| d(2026, 5, x)).collect(), ..Settings::default() }
    }

    #[test]
    fn decisions_are_due_ninety_days_after_opening() {
        let s = Settings::default();
        assert_eq!(decision_due(d(2026, 1, 1), 0, &s), d(2026, 4, 1));
        // Month ends and February: 31 January + 90 days = 1 May.
        assert_eq!(decision_due(d(2026, 1, 31), 0, &s), d(2026, 5, 1));
        // A leap year has one day more in February: 2028-01-01 + 90 = 31 March.
        assert_eq!(decision_due(d(2028, 1, 1), 0, &s), d(2028, 3, 31));
        assert_eq!(decision_due(d(2026, 11, 20), 0, &s), d(2027, 2, 18), "across the year");
        // An approved extension of 30 days.
        assert_eq!(decision_due(d(2026, 1, 1), 30, &s), d(2026, 5, 1));
        // The bureau's deadline is not moved off a weekend: 2026-04-04 is a Saturday.
        assert_eq!(decision_due(d(2026, 1, 4), 0, &s), d(2026, 4, 4));
    }

    #[test]
    fn the_hearing_request_window_is_five_working_days() {
        let s = Settings::default();
        // Served Monday 2 March 2026: the window ends Monday 9 March.
        assert_eq!(hearing_request_ends(d(2026, 3, 2), &s), d(2026, 3, 9));
        // Served Friday 27 February: Mon–Fri of the next week, ends Friday 6 March.
        assert_eq!(hearing_request_ends(d(2026, 2, 27), &s), d(2026, 3, 6));
        // Served on Thursday 30 April, before the 1–5 May holiday: 6, 7, 8, 11, 12 May.
        assert_eq!(hearing_request_ends(d(2026, 4, 30), &may_day()), d(2026, 5, 12));
        assert_eq!(hearing_request_ends(d(2026, 4, 30), &s), d(2026, 5, 7), "no holidays set");
        // Counted in calendar days when the bureau's rules say so.
        let calendar = Settings { short_periods_in_working_days: false, ..Settings::default() };
        assert_eq!(hearing_request_ends(d(2026, 2, 27), &calendar), d(2026, 3, 4));
        // The statement period defaults to the same five days.
        assert_eq!(statement_ends(d(2026, 3, 2), &s), d(2026, 3, 9));
    }

    #[test]
    fn a_hearing_is_noticed_at_least_seven_working_days_ahead() {
        let s = Settings::default();
        // Notice on Monday 2 March 2026 → the hearing on Wednesday 11 March at the earliest.
        assert_eq!(earliest_hearing(d(2026, 3, 2), &s), d(2026, 3, 11));
        // Across the month end and a weekend: Friday 27 February → Tuesday 10 March.
        assert_eq!(earliest_hearing(d(2026, 2, 27), &s), d(2026, 3, 10));
        let calendar = Settings { short_periods_in_working_days: false, ..Settings::default() };
        assert_eq!(earliest_hearing(d(2026, 2, 27), &calendar), d(2026, 3, 6));
    }

    #[test]
    fn a_decision_not_handed_over_is_served_within_seven_working_days() {
        let s = Settings::default();
        // Decided Friday 30 January 2026 → served by Tuesday 10 February.
        assert_eq!(decision_service_due(d(2026, 1, 30), &s), d(2026, 2, 10));
    }

    #[test]
    fn public_notice_is_deemed_served_on_day_sixty() {
        let s = Settings::default();
        let notice = Service { method: Method::PublicNotice, on: d(2026, 1, 1) };
        assert_eq!(notice.served_on(&s), d(2026, 3, 2));
        // In a leap year February has 29 days: 1 January 2028 → 1 March.
        assert_eq!(Service { on: d(2028, 1, 1), ..notice }.served_on(&s), d(2028, 3, 1));
        // From the last day of February 2028 → 29 April.
        assert_eq!(Service { on: d(2028, 2, 29), ..notice }.served_on(&s), d(2028, 4, 29));
        assert!(notice.pending(d(2026, 3, 1), &s));
        assert!(!notice.pending(d(2026, 3, 2), &s));
        // Other methods serve on the day.
        let post = Service { method: Method::Post, on: d(2026, 1, 1) };
        assert_eq!(post.served_on(&s), d(2026, 1, 1));
        assert!(!post.pending(d(2026, 1, 1), &s));
        // A bureau that counts 30 days.
        let thirty = Settings { public_notice_days: 30, ..Settings::default() };
        assert_eq!(notice.served_on(&thirty), d(2026, 1, 31));
        for m in Method::ALL {
            assert_eq!(Method::parse(m.as_str()), Some(m));
        }
    }

    #[test]
    fn reconsideration_is_sixty_days_and_a_lawsuit_six_months_from_service() {
        let s = Settings::default();
        // Served Monday 12 January 2026: 60 days → Friday 13 March; 6 months → Sunday
        // 12 July, so Monday 13 July.
        assert_eq!(reconsideration_ends(d(2026, 1, 12), &s), d(2026, 3, 13));
        assert_eq!(lawsuit_ends(d(2026, 1, 12), &s), d(2026, 7, 13));
        assert_eq!(remedies_end(d(2026, 1, 12), &s), d(2026, 7, 13));
        // Month end into a leap February: 31 August 2027 → 29 February 2028 (a Tuesday).
        assert_eq!(lawsuit_ends(d(2027, 8, 31), &s), d(2028, 2, 29));
        // 31 August 2026 → 28 February 2027, a Sunday → Monday 1 March.
        assert_eq!(lawsuit_ends(d(2026, 8, 31), &s), d(2027, 3, 1));
        // 60 days from Monday 2 March 2026 is Friday 1 May, a holiday → Wednesday 6 May.
        assert_eq!(reconsideration_ends(d(2026, 3, 2), &s), d(2026, 5, 1), "no holidays set");
        assert_eq!(reconsideration_ends(d(2026, 3, 2), &may_day()), d(2026, 5, 6));
    }

    #[test]
    fn fines_are_paid_within_fifteen_days_and_surcharged_three_percent_a_day() {
        let s = Settings::default();
        assert_eq!(payment_due(d(2026, 3, 2), &s), d(2026, 3, 17));
        // Served Friday 16 January 2026: day 15 is Saturday the 31st → Monday 2 February.
        assert_eq!(payment_due(d(2026, 1, 16), &s), d(2026, 2, 2));
        let due = d(2026, 3, 17);
        let fine = 1_000_000; // ¥10,000
        assert_eq!(surcharge_fen(fine, due, due, &s), 0);
        assert_eq!(surcharge_fen(fine, due, d(2026, 3, 18), &s), 30_000, "¥300 a day");
        assert_eq!(surcharge_fen(fine, due, d(2026, 3, 27), &s), 300_000);
        // Capped at the fine: 34 days would be ¥10,200.
        assert_eq!(surcharge_fen(fine, due, d(2026, 4, 20), &s), 1_000_000);
        assert_eq!(surcharge_fen(fine, due, d(2026, 3, 1), &s), 0, "before the due day");
        assert_eq!(surcharge_fen(333, due, d(2026, 3, 18), &s), 9, "rounded down");
    }

    #[test]
    fn court_enforcement_follows_a_demand_and_the_remedies() {
        let s = Settings::default();
        // Demand served Monday 2 March 2026 → the court on Monday 16 March at the earliest.
        assert_eq!(court_application_opens(d(2026, 3, 2), &s), d(2026, 3, 16));
        // Decision served 12 January 2026: remedies end 13 July, the application by 13 October.
        assert_eq!(court_application_ends(d(2026, 1, 12), &s), d(2026, 10, 13));
    }

    #[test]
    fn violations_undiscovered_for_two_years_are_time_barred() {
        let s = Settings::default();
        assert!(!time_barred(d(2024, 3, 1), d(2026, 3, 1), &s));
        assert!(time_barred(d(2024, 3, 1), d(2026, 3, 2), &s));
        // Ended on 29 February 2024: two years end on 28 February 2026.
        assert!(!time_barred(d(2024, 2, 29), d(2026, 2, 28), &s));
        assert!(time_barred(d(2024, 2, 29), d(2026, 3, 1), &s));
    }

    #[test]
    fn the_overdue_queue_names_each_late_step() {
        let s = Settings::default();
        let opened = d(2026, 1, 1);
        let f = Facts { today: d(2026, 4, 1), opened_on: Some(opened), ..Facts::default() };
        assert_eq!(overdue(State::Investigating, &f, &s), vec![], "due on 1 April, not late yet");
        let f = Facts { today: d(2026, 4, 2), ..f };
        let late = overdue(State::Notified, &f, &s);
        assert_eq!(late, vec![Overdue { late: Late::Decision, due: d(2026, 4, 1) }]);
        assert_eq!(late[0].days_late(f.today), 1);
        assert_eq!(overdue(State::Heard, &Facts { extension_days: 30, ..f.clone() }, &s), vec![]);
        assert_eq!(overdue(State::Draft, &f, &s), vec![], "not opened, no clock");

        let f = Facts { today: d(2026, 3, 12), hearing_on: Some(d(2026, 3, 11)), ..Facts::default() };
        assert_eq!(
            overdue(State::HearingScheduled, &f, &s),
            vec![Overdue { late: Late::HearingRecord, due: d(2026, 3, 11) }]
        );

        let f = Facts { today: d(2026, 2, 11), decided_on: Some(d(2026, 1, 30)), ..Facts::default() };
        assert_eq!(overdue(State::Decided, &f, &s), vec![Overdue { late: Late::DecisionService, due: d(2026, 2, 10) }]);

        let served = Service { method: Method::InPerson, on: d(2026, 3, 2) };
        let f = Facts {
            today: d(2026, 3, 18),
            decided: vec![Sanction::fine(1_000_000)],
            decision_service: Some(served),
            ..Facts::default()
        };
        assert_eq!(overdue(State::Served, &f, &s), vec![Overdue { late: Late::Payment, due: d(2026, 3, 17) }]);
        assert_eq!(overdue(State::Served, &Facts { fine_paid: true, ..f.clone() }, &s), vec![]);
        // Six months on, neither paid nor appealed: execution is overdue too.
        let f = Facts { today: d(2026, 9, 3), ..f };
        assert_eq!(
            overdue(State::Served, &f, &s),
            vec![
                Overdue { late: Late::Payment, due: d(2026, 3, 17) },
                Overdue { late: Late::Execution, due: d(2026, 9, 2) },
            ]
        );
        let appealed = Facts { appeal_pending: true, ..f.clone() };
        assert_eq!(overdue(State::Served, &appealed, &s).len(), 1, "not listed while appealed");
        // A public notice still running is not yet served: nothing is due from it.
        let notice = Service { method: Method::PublicNotice, on: d(2026, 3, 2) };
        let f = Facts { today: d(2026, 4, 1), decision_service: Some(notice), ..f };
        assert_eq!(overdue(State::Served, &f, &s), vec![]);
        for l in [Late::Decision, Late::HearingRecord, Late::DecisionService, Late::Payment, Late::Execution] {
            assert_eq!(Late::parse(l.as_str()), Some(l));
        }
    }
}
