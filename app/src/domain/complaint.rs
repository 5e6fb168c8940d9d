//! Complaints and tip-offs (投诉举报): what a complaint is about, its
//! statuses and the order of its steps, the reply deadline in working days,
//! the tracking number and the one-time code, the public form's fill-time
//! check, and how complaints weigh in the double-random draw.
//!
//! Sources: the bureau's work plan (阳光信访) and the issue: a reply within a
//! configurable limit, 15 working days by default (`COMPLAINT_REPLY_DAYS`),
//! public holidays (`HOLIDAYS`) skipped; 国办发〔2015〕58号 — larger samples
//! for organizations with many complaints (domain reference §6.1, §6.5.4).

use chrono::NaiveDate;

use crate::domain::inspection::add_working_days;

/// Working days to reply by default (a setting: `COMPLAINT_REPLY_DAYS`).
pub const DEFAULT_REPLY_DAYS: u32 = 15;

/// Seconds a person takes at least to fill the public form by default (a
/// setting: `COMPLAINT_MIN_FILL_SECONDS`); a faster submission is a robot's.
pub const DEFAULT_MIN_FILL_SECONDS: u64 = 5;

/// The public form's start stamp is accepted for this long (a day).
pub const MAX_FORM_AGE_SECONDS: u64 = 24 * 3600;

/// Complaints received within this many days count in the charity risk
/// grade and the draw's weight.
pub const COUNT_DAYS: u64 = 365;

/// The most complaints add to an organization's weight in the draw.
pub const MAX_DRAW_BONUS: u32 = 2;

/// The name of the tracking numbers' sequence (`number_sequence`).
pub const SEQUENCE: &str = "complaint";

/// What a complaint is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Subject {
    /// A registered social organization (its record).
    Org,
    /// A body that is not registered (by the name given).
    Unregistered,
    /// A charity's fundraising (the registered charity).
    Fundraising,
    /// A welfare-lottery outlet (by its outlet number).
    Outlet,
}

impl Subject {
    pub const ALL: [Subject; 4] = [Subject::Org, Subject::Unregistered, Subject::Fundraising, Subject::Outlet];

    pub fn as_str(self) -> &'static str {
        match self {
            Subject::Org => "org",
            Subject::Unregistered => "unregistered",
            Subject::Fundraising => "fundraising",
            Subject::Outlet => "outlet",
        }
    }

    pub fn parse(s: &str) -> Option<Subject> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Whether the subject is a registered organization of the register.
    pub fn is_registered_org(self) -> bool {
        matches!(self, Subject::Org | Subject::Fundraising)
    }
}

/// Where a complaint is in its handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Received (registered), not yet given to an officer.
    Received,
    /// Given to an officer.
    Assigned,
    /// The officer has recorded investigation notes.
    Investigating,
    /// The reporter has been answered.
    Replied,
    /// Closed with an outcome.
    Closed,
}

impl Status {
    pub const ALL: [Status; 5] =
        [Status::Received, Status::Assigned, Status::Investigating, Status::Replied, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "received",
            Status::Assigned => "assigned",
            Status::Investigating => "investigating",
            Status::Replied => "replied",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }

    /// Still waiting for the reply (the reply deadline runs).
    pub fn awaiting_reply(self) -> bool {
        matches!(self, Status::Received | Status::Assigned | Status::Investigating)
    }
}

/// What an officer does with a complaint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// Give it to an officer (again).
    Assign,
    /// Record an investigation note.
    Note,
    /// Answer the reporter.
    Reply,
    /// Close it with an outcome.
    Close,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Assign => "assign",
            Action::Note => "note",
            Action::Reply => "reply",
            Action::Close => "close",
        }
    }
}

/// The status after `action`, or the message key of why not: a complaint is
/// assigned before it is investigated or answered, answered before it is
/// closed, and a closed one is finished. Reassigning keeps an investigation
/// under way; notes may follow the reply (a check of the rectification).
pub fn next(status: Status, action: Action) -> Result<Status, &'static str> {
    use Action as A;
    use Status as S;
    match (status, action) {
        (S::Closed, _) => Err("cpl_err_closed"),
        (S::Received | S::Assigned, A::Assign) => Ok(S::Assigned),
        (S::Investigating, A::Assign) => Ok(S::Investigating),
        (S::Replied, A::Assign) => Err("cpl_err_replied"),
        (S::Received, A::Note | A::Reply) => Err("cpl_err_assign_first"),
        (S::Assigned | S::Investigating, A::Note) => Ok(S::Investigating),
        (S::Replied, A::Note) => Ok(S::Replied),
        (S::Assigned | S::Investigating, A::Reply) => Ok(S::Replied),
        (S::Replied, A::Reply) => Err("cpl_err_replied"),
        (S::Replied, A::Close) => Ok(S::Closed),
        (_, A::Close) => Err("cpl_err_reply_first"),
    }
}

/// How a complaint ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not substantiated (不属实).
    Unfounded,
    /// Substantiated; the subject was ordered to put it right (责令整改).
    RectificationOrdered,
    /// A penalty case was opened (立案查处).
    CaseOpened,
    /// Referred to another department (移送), named.
    Referred,
}

impl Outcome {
    pub const ALL: [Outcome; 4] =
        [Outcome::Unfounded, Outcome::RectificationOrdered, Outcome::CaseOpened, Outcome::Referred];

    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Unfounded => "unfounded",
            Outcome::RectificationOrdered => "rectification_ordered",
            Outcome::CaseOpened => "case_opened",
            Outcome::Referred => "referred",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        Self::ALL.into_iter().find(|k| k.as_str() == s.trim())
    }
}

/// The day the reply is due: `reply_days` working days after the day the
/// complaint was received (weekends and `holidays` skipped).
pub fn due_on(received: NaiveDate, reply_days: u32, holidays: &[NaiveDate]) -> NaiveDate {
    add_working_days(received, reply_days, holidays)
}

/// Whether the reply is late on `today`: not yet answered and past its day.
pub fn overdue(status: Status, due: NaiveDate, today: NaiveDate) -> bool {
    status.awaiting_reply() && today > due
}

/// Whether a complaint counts against its subject on `today` (charity risk
/// grade, draw weight): received within [`COUNT_DAYS`] and not closed as
/// unfounded.
pub fn counts_against(received: NaiveDate, outcome: Option<Outcome>, today: NaiveDate) -> bool {
    received > today - chrono::Days::new(COUNT_DAYS) && received <= today && outcome != Some(Outcome::Unfounded)
}

/// The first day a complaint received on it still counts on `today`
/// (`received_on > since` in SQL).
pub fn count_since(today: NaiveDate) -> NaiveDate {
    today - chrono::Days::new(COUNT_DAYS)
}

/// An organization's (or outlet's) weight in the draw with its complaints
/// that count: the credit record's weight (`inspection::risk_weight`) plus one
/// a complaint, at most [`MAX_DRAW_BONUS`] more (国办发〔2015〕58号: larger
/// samples for those with many complaints).
pub fn draw_weight(base: u32, complaints: i64) -> u32 {
    base + u32::try_from(complaints.max(0)).unwrap_or(u32::MAX).min(MAX_DRAW_BONUS)
}

/// A tracking number: `TS2026-000123`.
pub fn format_number(year: i32, seq: i64) -> String {
    format!("TS{year}-{seq:06}")
}

/// A typed tracking number in its stored form (`ts2026-123`, full-width
/// characters and spaces tolerated), or `None` when it cannot be one.
pub fn parse_number(raw: &str) -> Option<String> {
    let s: String = raw
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '－' | '—' | '–' => '-',
            c if ('！'..='～').contains(&c) => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c.to_ascii_uppercase(),
        })
        .collect();
    let rest = s.strip_prefix("TS")?;
    let (year, seq) = rest.split_once('-')?;
    if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if seq.is_empty() || seq.len() > 9 || !seq.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, seq): (i32, i64) = (year.parse().ok()?, seq.parse().ok()?);
    (seq > 0).then(|| format_number(year, seq))
}

/// The characters of a one-time code: digits and capitals without 0/O and
/// 1/I/L, which are easily mistaken (31 characters).
pub const CODE_ALPHABET: &[u8; 31] = b"23456789ABCDEFGHJKMNPQRSTUVWXYZ";

/// Characters of a one-time code (about 40 bits).
pub const CODE_LEN: usize = 8;

/// A one-time code from random bytes: [`CODE_LEN`] characters of the
/// alphabet, shown as `ABCD-EFGH`. Bytes that would bias the draw (248 and
/// above) are skipped; `None` when too few bytes are left.
pub fn code_from_bytes(bytes: &[u8]) -> Option<String> {
    let n = CODE_ALPHABET.len();
    let limit = 256 - 256 % n;
    let picked: Vec<char> = bytes
        .iter()
        .map(|b| usize::from(*b))
        .filter(|b| *b < limit)
        .take(CODE_LEN)
        .map(|b| char::from(CODE_ALPHABET[b % n]))
        .collect();
    if picked.len() < CODE_LEN {
        return None;
    }
    let (a, b) = picked.split_at(CODE_LEN / 2);
    Some(format!("{}-{}", a.iter().collect::<String>(), b.iter().collect::<String>()))
}

/// A typed code as it is hashed: upper case, no dashes or spaces.
pub fn normalize_code(raw: &str) -> String {
    raw.chars().filter(|c| !c.is_whitespace() && !matches!(c, '-' | '－')).map(|c| c.to_ascii_uppercase()).collect()
}

/// Checks the time between the form's start stamp and its submission: at
/// least `min_seconds` (a person reads and types), at most a day, and not
/// from the future (a clock a minute off is tolerated).
pub fn fill_time(started: i64, now: i64, min_seconds: u64) -> Result<(), &'static str> {
    let elapsed = now - started;
    if elapsed < -60 {
        return Err("cpl_err_form_stamp");
    }
    if elapsed < i64::try_from(min_seconds).unwrap_or(i64::MAX) {
        return Err("cpl_err_too_fast");
    }
    if elapsed > MAX_FORM_AGE_SECONDS as i64 {
        return Err("cpl_err_form_expired");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::inspection::risk_weight;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_reply_is_due_fifteen_working_days_later() {
        // Monday 7 Dec 2026 + 15 working days = Monday 28 Dec (three weeks).
        assert_eq!(due_on(d(2026, 12, 7), DEFAULT_REPLY_DAYS, &[]), d(2026, 12, 28));
        // Received on a Saturday: the count starts on Monday.
        assert_eq!(due_on(d(2026, 12, 5), DEFAULT_REPLY_DAYS, &[]), d(2026, 12, 25));
        // A holiday inside (New Year's Day 2027, a Friday) moves it one working day.
        assert_eq!(due_on(d(2026, 12, 21), DEFAULT_REPLY_DAYS, &[]), d(2027, 1, 11));
        assert_eq!(due_on(d(2026, 12, 21), DEFAULT_REPLY_DAYS, &[d(2027, 1, 1)]), d(2027, 1, 12));
        // Another limit is a setting.
        assert_eq!(due_on(d(2026, 12, 7), 5, &[]), d(2026, 12, 14));
    }

    #[test]
    fn a_reply_is_late_only_while_it_is_awaited() {
        let due = d(2026, 12, 28);
        assert!(!overdue(Status::Investigating, due, due));
        assert!(overdue(Status::Investigating, due, d(2026, 12, 29)));
        assert!(overdue(Status::Received, due, d(2026, 12, 29)));
        assert!(!overdue(Status::Replied, due, d(2027, 3, 1)));
        assert!(!overdue(Status::Closed, due, d(2027, 3, 1)));
    }

    #[test]
    fn steps_follow_the_handling_order() {
        use Action as A;
        use Status as S;
        assert_eq!(next(S::Received, A::Assign), Ok(S::Assigned));
        assert_eq!(next(S::Assigned, A::Assign), Ok(S::Assigned));
        assert_eq!(next(S::Investigating, A::Assign), Ok(S::Investigating));
        assert_eq!(next(S::Received, A::Note), Err("cpl_err_assign_first"));
        assert_eq!(next(S::Received, A::Reply), Err("cpl_err_assign_first"));
        assert_eq!(next(S::Assigned, A::Note), Ok(S::Investigating));
        assert_eq!(next(S::Assigned, A::Reply), Ok(S::Replied));
        assert_eq!(next(S::Investigating, A::Reply), Ok(S::Replied));
        assert_eq!(next(S::Replied, A::Reply), Err("cpl_err_replied"));
        assert_eq!(next(S::Replied, A::Note), Ok(S::Replied));
        assert_eq!(next(S::Investigating, A::Close), Err("cpl_err_reply_first"));
        assert_eq!(next(S::Replied, A::Close), Ok(S::Closed));
        for a in [A::Assign, A::Note, A::Reply, A::Close] {
            assert_eq!(next(S::Closed, a), Err("cpl_err_closed"));
        }
    }

    #[test]
    fn stored_words_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        for o in Outcome::ALL {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
        for k in Subject::ALL {
            assert_eq!(Subject::parse(k.as_str()), Some(k));
        }
        assert_eq!(Status::parse("open"), None);
        assert!(Subject::Fundraising.is_registered_org() && !Subject::Outlet.is_registered_org());
    }

    #[test]
    fn tracking_numbers_are_read_as_typed() {
        assert_eq!(format_number(2026, 123), "TS2026-000123");
        assert_eq!(parse_number(" ts2026-123 ").as_deref(), Some("TS2026-000123"));
        assert_eq!(parse_number("ＴＳ２０２６－０００１２３").as_deref(), Some("TS2026-000123"));
        assert_eq!(parse_number("TS2026-000123").as_deref(), Some("TS2026-000123"));
        for bad in
            ["", "2026-000123", "TS26-1", "TS2026-", "TS2026-0", "TS2026-12a", "XX2026-000001", "TS2026-1234567890"]
        {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn codes_use_unambiguous_characters() {
        let code = code_from_bytes(&[0, 1, 2, 3, 4, 5, 6, 30]).unwrap();
        assert_eq!(code, "2345-678Z");
        // Bytes of the biased tail (248 and above) are skipped.
        assert_eq!(code_from_bytes(&[255, 0, 1, 2, 3, 4, 5, 6, 30]).unwrap(), "2345-678Z");
        assert_eq!(code_from_bytes(&[0; 7]), None);
        for b in 0..=247u8 {
            let c = code_from_bytes(&[b; 8]).unwrap();
            assert!(!c.contains(['0', '1', 'O', 'I', 'L']), "{c}");
        }
        assert_eq!(normalize_code(" 2345-678z "), "2345678Z");
    }

    #[test]
    fn the_public_form_takes_a_person_some_seconds() {
        assert_eq!(fill_time(1000, 1002, 5), Err("cpl_err_too_fast"));
        assert_eq!(fill_time(1000, 1005, 5), Ok(()));
        assert_eq!(fill_time(1000, 1000 + 2 * 24 * 3600, 5), Err("cpl_err_form_expired"));
        assert_eq!(fill_time(10_000, 1000, 5), Err("cpl_err_form_stamp"));
        assert_eq!(fill_time(1000, 1000, 0), Ok(()));
    }

    #[test]
    fn complaints_of_the_last_year_count_unless_unfounded() {
        let today = d(2026, 12, 7);
        assert!(counts_against(d(2026, 12, 1), None, today));
        assert!(counts_against(d(2026, 12, 1), Some(Outcome::RectificationOrdered), today));
        assert!(!counts_against(d(2026, 12, 1), Some(Outcome::Unfounded), today));
        assert!(!counts_against(d(2025, 12, 7), None, today), "a year old");
        assert!(counts_against(d(2025, 12, 8), None, today));
        assert_eq!(count_since(today), d(2025, 12, 7));
    }

    #[test]
    fn the_draw_weight_rises_with_complaints() {
        // An organization with a clean record weighs 1, one complaint 2, two or more 3.
        let clean = risk_weight(0, 0, Some("A"));
        assert_eq!(clean, 1);
        assert_eq!(draw_weight(clean, 0), 1);
        assert_eq!(draw_weight(clean, 1), 2);
        assert_eq!(draw_weight(clean, 2), 3);
        assert_eq!(draw_weight(clean, 40), 3, "capped");
        // On top of the credit record's weight.
        assert_eq!(draw_weight(risk_weight(1, 0, None), 1), 5);
        assert_eq!(draw_weight(3, -1), 3);
    }
}
