//! Welfare-lottery sales outlets (福利彩票销售网点): the outlet's lifecycle,
//! the checks of its registered items, the grading by a scoring sheet into
//! star grades, and the risk-inspection checklist.
//!
//! There is no national grading standard (domain reference §9.4): practice is
//! set by local 福彩 centres, e.g. 渭南's 5-star, 4-star and 3-star outlets. The
//! sheet is data (table `lottery_sheet_item`, seeded by the migration with the
//! suggested weights: compliance 30, image 20, service 20, sales 20, security
//! 10); the grade bands are a setting ([`Bands`], default 90 / 80 / 70 points
//! of 100). The hard cap of the reference applies: a confirmed prohibited act
//! in the graded year (selling to minors, on credit, over the internet,
//! sub-delegation, lending or renting a terminal) allows at most the lowest
//! star (3-star) and never the standardized-excellent flag.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// An outlet's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    Open,
    Suspended,
    Closed,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Open, Status::Suspended, Status::Closed];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Suspended => "suspended",
            Status::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        match s.trim() {
            "open" | "营业" | "正常" => Some(Status::Open),
            "suspended" | "暂停" | "停机" => Some(Status::Suspended),
            "closed" | "关闭" | "撤销" => Some(Status::Closed),
            _ => None,
        }
    }

    /// The Chinese label used in CSV files.
    pub fn zh(self) -> &'static str {
        match self {
            Status::Open => "营业",
            Status::Suspended => "暂停",
            Status::Closed => "关闭",
        }
    }
}

/// What an officer does to an outlet's status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// Suspend sales (停机), e.g. pending rectification.
    Suspend,
    /// Reopen a suspended outlet.
    Resume,
    /// Close for good: contract terminated, terminals recovered, 代销证 cancelled.
    Close,
}

impl Action {
    pub const ALL: [Action; 3] = [Action::Suspend, Action::Resume, Action::Close];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Suspend => "suspend",
            Action::Resume => "resume",
            Action::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        Self::ALL.into_iter().find(|a| a.as_str() == s.trim())
    }
}

/// The status after `action`, or the message key of why it is not allowed.
/// A closed outlet stays closed: a new contract is a new outlet.
pub fn next(status: Status, action: Action) -> Result<Status, &'static str> {
    match (status, action) {
        (Status::Open, Action::Suspend) => Ok(Status::Suspended),
        (Status::Suspended, Action::Resume) => Ok(Status::Open),
        (Status::Open | Status::Suspended, Action::Close) => Ok(Status::Closed),
        (Status::Closed, _) => Err("lot_err_closed"),
        _ => Err("lot_err_transition"),
    }
}

/// Outlet numbers (网点编号) are 6–12 digits, as the sales centre issues them.
pub fn check_outlet_no(s: &str) -> Result<String, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("err_required");
    }
    if !(6..=12).contains(&s.len()) || !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err("lot_err_outlet_no");
    }
    Ok(s.to_string())
}

/// A coordinate in degrees (up to 6 decimals) as millionths of a degree,
/// within `min..=max` whole degrees.
pub fn parse_degrees(s: &str, min: i64, max: i64) -> Result<i64, &'static str> {
    let s = s.trim();
    if s.is_empty() {
        return Err("err_required");
    }
    let (neg, body) = match s.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, s),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    if int.is_empty()
        || int.len() > 3
        || frac.len() > 6
        || !(int.bytes().chain(frac.bytes())).all(|b| b.is_ascii_digit())
    {
        return Err("lot_err_coordinate");
    }
    let whole: i64 = int.parse().map_err(|_| "lot_err_coordinate")?;
    let micro: i64 = format!("{frac:0<6}").parse().map_err(|_| "lot_err_coordinate")?;
    let v = (whole * 1_000_000 + micro) * if neg { -1 } else { 1 };
    if v < min * 1_000_000 || v > max * 1_000_000 {
        return Err("lot_err_coordinate");
    }
    Ok(v)
}

/// Millionths of a degree as decimal degrees, e.g. `114.057868`.
pub fn show_degrees(v: i64) -> String {
    let sign = if v < 0 { "-" } else { "" };
    let a = v.abs();
    format!("{sign}{}.{:06}", a / 1_000_000, a % 1_000_000)
}

/// Longitudes and latitudes of China (with a margin).
pub const LNG_RANGE: (i64, i64) = (73, 136);
pub const LAT_RANGE: (i64, i64) = (3, 54);

/// Terminal numbers, separated by commas, semicolons or spaces: each 4–20
/// letters or digits, at least one, no repeats. Returned joined by `,`.
pub fn parse_terminals(s: &str) -> Result<String, &'static str> {
    let mut out: Vec<&str> = Vec::new();
    for t in s.split([',', '，', ';', '；', ' ', '、']).map(str::trim).filter(|t| !t.is_empty()) {
        if !(4..=20).contains(&t.len()) || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err("lot_err_terminal");
        }
        if out.contains(&t) {
            return Err("lot_err_terminal_repeat");
        }
        out.push(t);
    }
    if out.is_empty() {
        return Err("err_required");
    }
    Ok(out.join(","))
}

/// A sales month: `2026-01`, `2026/1`, `202601` or `2026年1月` → `2026-01`.
pub fn parse_month(s: &str) -> Option<String> {
    let s = s.trim().trim_end_matches('月');
    let (y, m) = if let Some((y, m)) = s.split_once(['-', '/', '.', '年']) {
        (y, m)
    } else if s.len() == 6 && s.is_ascii() {
        s.split_at(4)
    } else {
        return None;
    };
    let (y, m) = (y.parse::<i32>().ok()?, m.parse::<u32>().ok()?);
    ((2000..=2100).contains(&y) && (1..=12).contains(&m)).then(|| format!("{y:04}-{m:02}"))
}

/// Game types (玩法) of the sales export.
pub const GAMES: [(&str, &str); 5] =
    [("ssq", "双色球"), ("kl8", "快乐8"), ("fc3d", "福彩3D"), ("qlc", "七乐彩"), ("scratch", "即开型")];

/// A game by its code or Chinese name.
pub fn parse_game(s: &str) -> Option<&'static str> {
    let s = s.trim();
    GAMES.iter().find(|(code, zh)| *code == s || *zh == s).map(|(code, _)| *code)
}

// ---- grading ----

/// Star grades, highest first; an outlet below the lowest band is unrated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Grade {
    Unrated,
    Star3,
    Star4,
    Star5,
}

impl Grade {
    pub const ALL: [Grade; 4] = [Grade::Star5, Grade::Star4, Grade::Star3, Grade::Unrated];

    pub fn as_str(self) -> &'static str {
        match self {
            Grade::Star5 => "5star",
            Grade::Star4 => "4star",
            Grade::Star3 => "3star",
            Grade::Unrated => "unrated",
        }
    }

    pub fn parse(s: &str) -> Option<Grade> {
        Self::ALL.into_iter().find(|g| g.as_str() == s.trim())
    }

    /// `★★★★★` and so on; empty when unrated.
    pub fn stars(self) -> &'static str {
        match self {
            Grade::Star5 => "★★★★★",
            Grade::Star4 => "★★★★",
            Grade::Star3 => "★★★",
            Grade::Unrated => "",
        }
    }
}

/// Lowest total (of 100) of 5-star, 4-star and 3-star.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bands {
    pub star5: u32,
    pub star4: u32,
    pub star3: u32,
}

impl Default for Bands {
    fn default() -> Self {
        Bands { star5: 90, star4: 80, star3: 70 }
    }
}

impl Bands {
    /// `"90,80,70"`: falling, each at most 100.
    pub fn parse(s: &str) -> Result<Bands, String> {
        let v: Vec<u32> = s
            .split(',')
            .map(|p| p.trim().parse::<u32>().map_err(|_| format!("{p:?} is not a whole number")))
            .collect::<Result<_, _>>()?;
        match v[..] {
            [a, b, c] if a <= SCALE && a > b && b > c => Ok(Bands { star5: a, star4: b, star3: c }),
            [_, _, _] => Err("bands must fall strictly and be at most 100".into()),
            _ => Err("three numbers: 5-star, 4-star, 3-star".into()),
        }
    }
}

/// The scale of the sheet.
pub const SCALE: u32 = 100;

/// The grade of a total; `capped` (a confirmed prohibited act in the year)
/// allows at most 3-star.
pub fn grade_for(total: u32, bands: &Bands, capped: bool) -> Grade {
    let g = if total >= bands.star5 {
        Grade::Star5
    } else if total >= bands.star4 {
        Grade::Star4
    } else if total >= bands.star3 {
        Grade::Star3
    } else {
        Grade::Unrated
    };
    if capped {
        g.min(Grade::Star3)
    } else {
        g
    }
}

/// Standardized-excellent (规范化优秀): a 5-star outlet without prohibited
/// acts whose standardized image and facilities earned at least
/// `image_percent` of their points.
pub fn excellent(grade: Grade, capped: bool, image_points: u32, image_max: u32, image_percent: u32) -> bool {
    grade == Grade::Star5 && !capped && image_max > 0 && image_points * 100 >= image_max * image_percent
}

/// Points of the sales item: the item's maximum times the outlet's yearly
/// sales over its district's average (outlets with sales), capped at the
/// maximum and rounded half up. Nothing sold, nothing earned.
pub fn sales_points(outlet_fen: i64, district_avg_fen: i64, max: u32) -> u32 {
    if outlet_fen <= 0 || district_avg_fen <= 0 {
        return 0;
    }
    let p = (outlet_fen as i128 * max as i128 * 2 + district_avg_fen as i128) / (district_avg_fen as i128 * 2);
    p.min(max as i128) as u32
}

/// Checks one item's points as typed: a whole number from 0 to `max`.
pub fn check_points(raw: &str, max: u32) -> Result<u32, &'static str> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err("err_required");
    }
    match raw.parse::<u32>() {
        Ok(p) if p <= max => Ok(p),
        Ok(_) => Err("lot_err_points_over"),
        Err(_) => Err("lot_err_points"),
    }
}

// ---- inspections ----

/// The checklist of a risk inspection (风险隐患排查), in order.
pub const CHECKLIST: [&str; 10] =
    ["minors", "credit", "internet", "sub_delegation", "terminal", "prize", "signs", "licence", "premises", "alerts"];

/// Findings that are prohibited acts (条例 §18, §26; internet sales): a fine by
/// the civil-affairs department, and they cap the year's grade.
pub const PROHIBITED: [&str; 5] = ["minors", "credit", "internet", "sub_delegation", "terminal"];

pub fn is_prohibited(item: &str) -> bool {
    PROHIBITED.contains(&item)
}

/// A rectification deadline must fall after the inspection and within a year.
pub fn check_deadline(inspected: NaiveDate, deadline: NaiveDate) -> Result<(), &'static str> {
    if deadline <= inspected {
        return Err("lot_err_deadline_before");
    }
    if deadline > inspected + chrono::Days::new(366) {
        return Err("lot_err_deadline_far");
    }
    Ok(())
}

/// An open finding past its deadline is overdue.
pub fn overdue(deadline: Option<NaiveDate>, rectified: bool, today: NaiveDate) -> bool {
    !rectified && deadline.is_some_and(|d| d < today)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn lifecycle() {
        assert_eq!(next(Status::Open, Action::Suspend), Ok(Status::Suspended));
        assert_eq!(next(Status::Suspended, Action::Resume), Ok(Status::Open));
        assert_eq!(next(Status::Suspended, Action::Close), Ok(Status::Closed));
        assert_eq!(next(Status::Open, Action::Close), Ok(Status::Closed));
        assert_eq!(next(Status::Open, Action::Resume), Err("lot_err_transition"));
        assert_eq!(next(Status::Suspended, Action::Suspend), Err("lot_err_transition"));
        for a in Action::ALL {
            assert_eq!(next(Status::Closed, a), Err("lot_err_closed"));
        }
        assert_eq!(Status::parse("停机"), Some(Status::Suspended));
        assert_eq!(Action::parse("close"), Some(Action::Close));
    }

    #[test]
    fn registered_items() {
        assert_eq!(check_outlet_no(" 44030101 "), Ok("44030101".into()));
        assert_eq!(check_outlet_no("4403"), Err("lot_err_outlet_no"));
        assert_eq!(check_outlet_no("44O30101"), Err("lot_err_outlet_no"));
        assert_eq!(check_outlet_no(""), Err("err_required"));
        assert_eq!(parse_degrees("114.057868", 73, 136), Ok(114_057_868));
        assert_eq!(parse_degrees("22.5", 3, 54), Ok(22_500_000));
        assert_eq!(parse_degrees("22.1234567", 3, 54), Err("lot_err_coordinate"));
        assert_eq!(parse_degrees("200", 73, 136), Err("lot_err_coordinate"));
        assert_eq!(parse_degrees("abc", 73, 136), Err("lot_err_coordinate"));
        assert_eq!(show_degrees(114_057_868), "114.057868");
        assert_eq!(show_degrees(22_500_000), "22.500000");
        assert_eq!(parse_terminals("T0012345， T0012346;"), Ok("T0012345,T0012346".into()));
        assert_eq!(parse_terminals("T001,T001"), Err("lot_err_terminal_repeat"));
        assert_eq!(parse_terminals("T1"), Err("lot_err_terminal"));
        assert_eq!(parse_terminals(" , "), Err("err_required"));
    }

    #[test]
    fn months_and_games() {
        assert_eq!(parse_month("2026-01").as_deref(), Some("2026-01"));
        assert_eq!(parse_month("2026/3").as_deref(), Some("2026-03"));
        assert_eq!(parse_month("202611").as_deref(), Some("2026-11"));
        assert_eq!(parse_month("2026年7月").as_deref(), Some("2026-07"));
        assert_eq!(parse_month("2026-13"), None);
        assert_eq!(parse_month("26-1"), None);
        assert_eq!(parse_game("双色球"), Some("ssq"));
        assert_eq!(parse_game("kl8"), Some("kl8"));
        assert_eq!(parse_game("大乐透"), None, "a sports lottery game is not sold at a welfare outlet");
    }

    #[test]
    fn grade_bands_and_the_cap() {
        let b = Bands::default();
        assert_eq!(grade_for(100, &b, false), Grade::Star5);
        assert_eq!(grade_for(90, &b, false), Grade::Star5);
        assert_eq!(grade_for(89, &b, false), Grade::Star4);
        assert_eq!(grade_for(80, &b, false), Grade::Star4);
        assert_eq!(grade_for(79, &b, false), Grade::Star3);
        assert_eq!(grade_for(70, &b, false), Grade::Star3);
        assert_eq!(grade_for(69, &b, false), Grade::Unrated);
        // A prohibited act in the year: at most the lowest star.
        assert_eq!(grade_for(98, &b, true), Grade::Star3);
        assert_eq!(grade_for(60, &b, true), Grade::Unrated);
        assert_eq!(Bands::parse("95, 85, 75"), Ok(Bands { star5: 95, star4: 85, star3: 75 }));
        assert!(Bands::parse("80,90,70").is_err());
        assert!(Bands::parse("90,80").is_err());
        assert!(Bands::parse("190,80,70").is_err());
    }

    #[test]
    fn standardized_excellent() {
        // Image 18 of 20 is 90 %.
        assert!(excellent(Grade::Star5, false, 18, 20, 90));
        assert!(!excellent(Grade::Star5, false, 17, 20, 90));
        assert!(!excellent(Grade::Star4, false, 20, 20, 90));
        assert!(!excellent(Grade::Star5, true, 20, 20, 90));
    }

    #[test]
    fn sales_points_against_the_district_average() {
        assert_eq!(sales_points(1_000_000, 1_000_000, 20), 20);
        assert_eq!(sales_points(3_000_000, 1_000_000, 20), 20);
        assert_eq!(sales_points(500_000, 1_000_000, 20), 10);
        // 0.525 × 20 = 10.5 → 11 (half up); 0.52 × 20 = 10.4 → 10.
        assert_eq!(sales_points(525_000, 1_000_000, 20), 11);
        assert_eq!(sales_points(520_000, 1_000_000, 20), 10);
        assert_eq!(sales_points(0, 1_000_000, 20), 0);
        assert_eq!(sales_points(100, 0, 20), 0);
    }

    #[test]
    fn points_within_the_item() {
        assert_eq!(check_points("30", 30), Ok(30));
        assert_eq!(check_points("31", 30), Err("lot_err_points_over"));
        assert_eq!(check_points("-1", 30), Err("lot_err_points"));
        assert_eq!(check_points("", 30), Err("err_required"));
    }

    #[test]
    fn checklist_and_deadlines() {
        assert!(is_prohibited("minors") && is_prohibited("internet") && !is_prohibited("signs"));
        assert!(PROHIBITED.iter().all(|p| CHECKLIST.contains(p)));
        assert_eq!(check_deadline(d("2026-11-23"), d("2026-12-08")), Ok(()));
        assert_eq!(check_deadline(d("2026-11-23"), d("2026-11-23")), Err("lot_err_deadline_before"));
        assert_eq!(check_deadline(d("2026-11-23"), d("2028-01-01")), Err("lot_err_deadline_far"));
        assert!(overdue(Some(d("2026-11-01")), false, d("2026-11-23")));
        assert!(!overdue(Some(d("2026-11-01")), true, d("2026-11-23")));
        assert!(!overdue(Some(d("2026-11-23")), false, d("2026-11-23")));
        assert!(!overdue(None, false, d("2026-11-23")));
    }
}
