//! Party building in social organizations (社会组织党建): the party
//! organization of an organization and its checks, the two coverages
//! (两个覆盖) and the six synchronisations (六同步).
//!
//! - 党章 §30: 企业、农村、机关、学校、医院、科研院所、街道社区、社会组织……
//!   凡是有正式党员三人以上的，都应当成立党的基层组织 — an independent party
//!   organization (单独组建) needs at least [`MIN_FULL_MEMBERS`] full members;
//!   with fewer, members join a joint branch (联合组建) with other
//!   organizations, or no party organization is set up yet (未建), and then
//!   the work is still covered by a party-building instructor (党建指导员) or a
//!   liaison.
//! - 两个覆盖: organization coverage (a party organization, independent or
//!   joint) and work coverage (a party organization or, without one, an
//!   instructor).
//! - 六同步: the party's work is checked at registration (登记), charter
//!   approval (章程核准), the annual report (年报), rating (等级评估), term
//!   renewal (换届) and inspection (抽查). A missing check never blocks the
//!   step: it is recorded and shown.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::input::Lines;
use crate::error::{AppError, Errors};

/// Full members (正式党员) an independent party organization needs (党章 §30).
pub const MIN_FULL_MEMBERS: i32 = 3;

/// Largest member count accepted (a typing error guard).
const MAX_MEMBERS: i32 = 100_000;

/// How an organization's party members are organized.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Kind {
    /// 单独组建: its own party organization.
    Independent,
    /// 联合组建: a joint branch with other organizations.
    Joint,
    /// 未建: no party organization (with the reason).
    None,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Independent, Kind::Joint, Kind::None];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Independent => "independent",
            Kind::Joint => "joint",
            Kind::None => "none",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// A party organization exists (organization coverage).
    pub fn organized(self) -> bool {
        matches!(self, Kind::Independent | Kind::Joint)
    }
}

/// The steps of the six synchronisations, in the order of an organization's life.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Step {
    /// 登记: party members' information collected with the application.
    Registration,
    /// 章程核准: the charter contains the party-building clause.
    Charter,
    /// 年报: the annual report has a party-building section.
    AnnualReport,
    /// 等级评估: the assessment has a party-building indicator.
    Rating,
    /// 换届: the party organization's opinion on the candidates was sought.
    TermRenewal,
    /// 抽查: the inspection's result has a party-building item.
    Inspection,
}

impl Step {
    pub const ALL: [Step; 6] =
        [Step::Registration, Step::Charter, Step::AnnualReport, Step::Rating, Step::TermRenewal, Step::Inspection];

    pub fn as_str(self) -> &'static str {
        match self {
            Step::Registration => "registration",
            Step::Charter => "charter",
            Step::AnnualReport => "annual_report",
            Step::Rating => "rating",
            Step::TermRenewal => "term_renewal",
            Step::Inspection => "inspection",
        }
    }

    pub fn parse(s: &str) -> Option<Step> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// Whether an organization's party work is covered (work coverage): a party
/// organization, or an instructor where there is none.
pub fn work_covered(kind: Kind, instructor_name: &str) -> bool {
    kind.organized() || !instructor_name.trim().is_empty()
}

/// "Should have set one up" (应建未建): no party organization of its own
/// while it has enough full members for one.
pub fn should_establish(kind: Kind, full_members: i32) -> bool {
    kind != Kind::Independent && full_members >= MIN_FULL_MEMBERS
}

/// A party record as typed (all strings; the form's fields).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct RecordInput {
    /// independent | joint | none
    pub kind: String,
    /// The other organizations of a joint branch, one a line.
    pub joint_with: String,
    pub none_reason: String,
    /// `YYYY-MM-DD`
    pub established_on: String,
    pub full_members: String,
    pub probationary_members: String,
    pub secretary: String,
    pub instructor_name: String,
    pub instructor_unit: String,
    pub instructor_phone: String,
    pub liaison: String,
}

/// A party record as checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    pub kind: Kind,
    pub joint_with: Vec<String>,
    pub none_reason: String,
    pub established_on: Option<NaiveDate>,
    pub full_members: i32,
    pub probationary_members: i32,
    pub secretary: String,
    pub instructor_name: String,
    pub instructor_unit: String,
    pub instructor_phone: String,
    pub liaison: String,
}

fn members(e: &mut Errors, field: &str, raw: &str) -> Option<i32> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Some(0);
    }
    match raw.parse::<i32>() {
        Ok(n) if (0..=MAX_MEMBERS).contains(&n) => Some(n),
        _ => {
            e.add(field, "party_err_members");
            None
        }
    }
}

/// Checks a party record of organization `own_name`, every field at once:
/// an independent organization has at least [`MIN_FULL_MEMBERS`] full
/// members; a joint one names at least one other organization; "none" gives
/// the reason and an instructor or a liaison who covers the work; a party
/// organization has its day of establishment (not in the future) and its
/// secretary.
pub fn check(input: &RecordInput, own_name: &str, today: NaiveDate) -> Result<Record, AppError> {
    let mut e = Errors::default();
    let kind = Kind::parse(input.kind.trim());
    if kind.is_none() {
        e.choice("kind", &input.kind);
    }
    let joint_text = e.text("joint_with", &input.joint_with, 2000, Lines::Multi);
    let joint_with: Vec<String> = joint_text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != own_name.trim())
        .map(str::to_string)
        .collect();
    let none_reason = e.text("none_reason", &input.none_reason, 1000, Lines::Multi).to_string();
    let full = members(&mut e, "full_members", &input.full_members);
    let probationary = members(&mut e, "probationary_members", &input.probationary_members);
    let secretary = e.text("secretary", &input.secretary, 100, Lines::Single).to_string();
    let instructor_name = e.text("instructor_name", &input.instructor_name, 100, Lines::Single).to_string();
    let instructor_unit = e.text("instructor_unit", &input.instructor_unit, 200, Lines::Single).to_string();
    let instructor_phone = e.text("instructor_phone", &input.instructor_phone, 40, Lines::Single).to_string();
    if !instructor_phone.is_empty()
        && !instructor_phone.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '+' | ' ' | '(' | ')'))
    {
        e.add("instructor_phone", "party_err_phone");
    }
    if instructor_name.is_empty() && (!instructor_unit.is_empty() || !instructor_phone.is_empty()) {
        e.add("instructor_name", "err_required");
    }
    let liaison = e.text("liaison", &input.liaison, 200, Lines::Single).to_string();
    let mut established_on = None;
    // Each kind's own requirement (党章 §30 for an independent one).
    if kind == Some(Kind::Independent) && full.is_some_and(|n| n < MIN_FULL_MEMBERS) {
        e.add("full_members", "party_err_min_full");
    }
    if kind == Some(Kind::Joint) && joint_with.is_empty() {
        e.add("joint_with", "party_err_joint_other");
    }
    if kind == Some(Kind::None) {
        e.required("none_reason", &none_reason);
        if instructor_name.is_empty() && liaison.is_empty() {
            e.add("instructor_name", "party_err_cover");
        }
    }
    if kind.is_some_and(Kind::organized) {
        established_on = e.past_date("established_on", &input.established_on, today);
        e.required("secretary", &secretary);
    }
    e.into_result()?;
    let (Some(kind), Some(full_members), Some(probationary_members)) = (kind, full, probationary) else {
        return Err(AppError::Internal);
    };
    Ok(Record {
        kind,
        joint_with: if kind == Kind::Joint { joint_with } else { Vec::new() },
        none_reason: if kind == Kind::None { none_reason } else { String::new() },
        established_on,
        full_members,
        probationary_members,
        secretary: if kind.organized() { secretary } else { String::new() },
        instructor_name,
        instructor_unit,
        instructor_phone,
        liaison,
    })
}

/// `rating_item.kind` of the rating sheets' party-building indicator (党建工作).
pub const RATING_ITEM_KIND: &str = "party";

/// Where an annual report's party section and the party record disagree, as
/// message keys (none when they agree, or when the report declares nothing):
/// a report that declares a kind without a record; a kind other than the
/// record's (e.g. the report says independent, the record says none); without
/// a party organization on both, an instructor or liaison declared assigned
/// that the record does not have, or the other way round. `record` is the
/// record's kind and whether an instructor or liaison is on it.
pub fn report_mismatches(
    declared: Option<Kind>,
    declared_covered: Option<bool>,
    record: Option<(Kind, bool)>,
) -> Vec<&'static str> {
    let Some(declared) = declared else { return Vec::new() };
    let Some((kind, covered)) = record else { return vec!["party_mismatch_no_record"] };
    if declared != kind {
        return vec!["party_mismatch_kind"];
    }
    match declared_covered {
        Some(c) if kind == Kind::None && c != covered => vec!["party_mismatch_instructor"],
        _ => Vec::new(),
    }
}

/// The mean of the panel's points on one item, in tenths of a point (rounded
/// half up), or `None` before any expert has given points.
pub fn mean_tenths(points: &[i32]) -> Option<i64> {
    if points.is_empty() {
        return None;
    }
    let sum: i64 = points.iter().map(|p| i64::from(*p)).sum();
    let n = points.len() as i64;
    Some((sum * 20 + n).div_euclid(2 * n))
}

/// Coverage counts of one group (a type or a district).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Coverage {
    /// Active organizations.
    pub active: u64,
    /// With a party organization (independent or joint).
    pub organized: u64,
    /// With a party organization or an instructor.
    pub worked: u64,
}

impl Coverage {
    /// Counts one active organization.
    pub fn add(&mut self, kind: Option<Kind>, instructor_name: &str) {
        self.active += 1;
        if kind.is_some_and(Kind::organized) {
            self.organized += 1;
        }
        if kind.is_some_and(|k| work_covered(k, instructor_name)) {
            self.worked += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn base(kind: &str) -> RecordInput {
        RecordInput {
            kind: kind.into(),
            established_on: "2020-07-01".into(),
            full_members: "3".into(),
            probationary_members: "1".into(),
            secretary: "张书记".into(),
            ..Default::default()
        }
    }

    fn fields(r: Result<Record, AppError>) -> Vec<(String, String)> {
        match r {
            Err(AppError::Validation(v)) => v.into_iter().map(|f| (f.field, f.message)).collect(),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_independent_organization_needs_three_full_members() {
        let ok = check(&base("independent"), "阳光市摄影协会", today()).unwrap();
        assert_eq!((ok.kind, ok.full_members, ok.probationary_members), (Kind::Independent, 3, 1));
        // Probationary members do not count (党章: 正式党员三人以上).
        let two = RecordInput { full_members: "2".into(), probationary_members: "5".into(), ..base("independent") };
        assert_eq!(
            fields(check(&two, "x", today())),
            vec![("full_members".to_string(), "party_err_min_full".to_string())]
        );
        assert_eq!(MIN_FULL_MEMBERS, 3);
    }

    #[test]
    fn a_joint_branch_names_another_organization() {
        let alone = RecordInput { full_members: "1".into(), ..base("joint") };
        assert_eq!(
            fields(check(&alone, "甲协会", today())),
            vec![("joint_with".into(), "party_err_joint_other".into())]
        );
        // Its own name does not count as another organization.
        let own = RecordInput { joint_with: "甲协会\n  \n".into(), ..alone.clone() };
        assert_eq!(fields(check(&own, "甲协会", today())), vec![("joint_with".into(), "party_err_joint_other".into())]);
        let ok = RecordInput { joint_with: "甲协会\n乙促进会\n丙研究会".into(), ..alone };
        let r = check(&ok, "甲协会", today()).unwrap();
        assert_eq!(r.joint_with, vec!["乙促进会".to_string(), "丙研究会".to_string()]);
    }

    #[test]
    fn none_gives_a_reason_and_an_instructor_or_liaison() {
        let bare = RecordInput { kind: "none".into(), full_members: "1".into(), ..Default::default() };
        assert_eq!(
            fields(check(&bare, "x", today())),
            vec![("none_reason".into(), "err_required".into()), ("instructor_name".into(), "party_err_cover".into())]
        );
        let with_liaison =
            RecordInput { none_reason: "正式党员不足3人".into(), liaison: "李联络".into(), ..bare.clone() };
        let r = check(&with_liaison, "x", today()).unwrap();
        assert_eq!((r.kind, r.established_on, r.secretary.as_str()), (Kind::None, None, ""));
        let with_instructor = RecordInput {
            none_reason: "无党员".into(),
            instructor_name: "王指导".into(),
            instructor_unit: "区社会组织党委".into(),
            instructor_phone: "0755-1234 5678".into(),
            ..bare
        };
        assert!(check(&with_instructor, "x", today()).is_ok());
    }

    #[test]
    fn bad_input_is_refused_field_by_field() {
        let bad = RecordInput {
            kind: "both".into(),
            full_members: "-1".into(),
            probationary_members: "many".into(),
            instructor_unit: "某单位".into(),
            instructor_phone: "call me".into(),
            ..Default::default()
        };
        let f = fields(check(&bad, "x", today()));
        for field in ["kind", "full_members", "probationary_members", "instructor_phone", "instructor_name"] {
            assert!(f.iter().any(|(n, _)| n == field), "{field}: {f:?}");
        }
        let future = RecordInput { established_on: "2027-01-01".into(), secretary: " ".into(), ..base("independent") };
        let f = fields(check(&future, "x", today()));
        assert!(f.iter().any(|(n, _)| n == "established_on"), "{f:?}");
        assert!(f.contains(&("secretary".into(), "err_required".into())), "{f:?}");
        let choose = RecordInput { kind: String::new(), ..Default::default() };
        assert_eq!(fields(check(&choose, "x", today())), vec![("kind".into(), "err_choose".into())]);
    }

    #[test]
    fn the_two_coverages() {
        assert!(work_covered(Kind::Independent, "") && work_covered(Kind::Joint, ""));
        assert!(!work_covered(Kind::None, " ") && work_covered(Kind::None, "王指导"));
        let mut c = Coverage::default();
        c.add(Some(Kind::Independent), "");
        c.add(Some(Kind::Joint), "王");
        c.add(Some(Kind::None), "王");
        c.add(Some(Kind::None), "");
        c.add(None, "");
        assert_eq!(c, Coverage { active: 5, organized: 2, worked: 3 });
        assert!(should_establish(Kind::None, 3) && should_establish(Kind::Joint, 4));
        assert!(!should_establish(Kind::Independent, 9) && !should_establish(Kind::None, 2));
    }

    #[test]
    fn a_report_that_disagrees_with_the_record_is_flagged() {
        use Kind::{Independent, Joint};
        let none = Kind::None;
        // Nothing declared (a report from before the section): nothing to compare.
        assert!(report_mismatches(Option::None, Option::None, Some((Independent, false))).is_empty());
        assert_eq!(report_mismatches(Some(Joint), Option::None, Option::None), vec!["party_mismatch_no_record"]);
        // The report says independent, the record says none.
        assert_eq!(report_mismatches(Some(Independent), Option::None, Some((none, true))), vec!["party_mismatch_kind"]);
        assert!(report_mismatches(Some(Independent), Option::None, Some((Independent, false))).is_empty());
        // Without a party organization, the instructor both ways.
        assert_eq!(report_mismatches(Some(none), Some(true), Some((none, false))), vec!["party_mismatch_instructor"]);
        assert_eq!(report_mismatches(Some(none), Some(false), Some((none, true))), vec!["party_mismatch_instructor"]);
        assert!(report_mismatches(Some(none), Some(true), Some((none, true))).is_empty());
    }

    #[test]
    fn the_panel_mean_in_tenths() {
        assert_eq!(mean_tenths(&[]), None);
        assert_eq!(mean_tenths(&[36, 32, 30]), Some(327)); // 32.67 → 32.7
        assert_eq!(mean_tenths(&[35, 36]), Some(355));
        assert_eq!(mean_tenths(&[40, 40, 39]), Some(397)); // 39.67 → 39.7
        assert_eq!(mean_tenths(&[1, 0, 0, 0]), Some(3)); // 0.25 → 0.3 (half up)
        assert_eq!(RATING_ITEM_KIND, "party");
    }

    #[test]
    fn steps_and_kinds_round_trip() {
        for s in Step::ALL {
            assert_eq!(Step::parse(s.as_str()), Some(s));
        }
        for k in Kind::ALL {
            assert_eq!(Kind::parse(k.as_str()), Some(k));
        }
        assert_eq!(Step::parse("party"), None);
        assert_eq!(Step::ALL.len(), 6);
    }
}
