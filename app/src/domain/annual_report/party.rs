//! The report's party-building section (年度报告 党建情况), after the
//! national annual-report forms: whether the organization has a party
//! organization and of which kind (the codes of [`crate::domain::party::Kind`]),
//! its full party members among the staff, the party activities (组织生活、
//! 学习) held in the year, whether the charter contains the party-building
//! clause (章程写入党建内容), whether the party organization's secretary sits
//! on the board (交叉任职), and, without a party organization, the reason and
//! whether an instructor or liaison is assigned.
//!
//! The section is required from the current filing year on
//! ([`party_section_required`]); a report of an earlier year (a draft started
//! before the section existed, returned and resubmitted, or a history import)
//! may leave it out entirely, but a section begun is checked whole.

use super::form::ReportForm;
use super::statements::{error, warning, Finding};
use crate::domain::party::{should_establish, Kind, MIN_FULL_MEMBERS};

/// Largest member count accepted (a typing error guard, as the party record's).
pub const MAX_PARTY_MEMBERS: u32 = 100_000;

/// Largest number of party activities in a year accepted (more than one a day
/// is a typing error).
pub const MAX_PARTY_ACTIVITIES: u32 = 366;

/// The section's fields, in the form's order.
pub const PARTY_FIELDS: [&str; 7] = [
    "party_kind",
    "party_members",
    "party_activities",
    "party_charter",
    "party_board",
    "party_none_reason",
    "party_instructor",
];

/// Whether a report of `year` must have the section: reports of the current
/// filing year (`current_year`, `Settings::report_year`) and later. Earlier
/// years' reports were started without it.
pub fn party_section_required(year: i32, current_year: i32) -> bool {
    year >= current_year
}

/// The section's values, in [`PARTY_FIELDS`]' order.
fn values(f: &ReportForm) -> [&str; 7] {
    [
        &f.party_kind,
        &f.party_members,
        &f.party_activities,
        &f.party_charter,
        &f.party_board,
        &f.party_none_reason,
        &f.party_instructor,
    ]
}

/// Whether nothing of the section was filled in (a report from before it).
pub fn party_section_blank(f: &ReportForm) -> bool {
    values(f).iter().all(|v| v.trim().is_empty())
}

/// The kind of party organization the report declares, if it declares one.
pub fn declared_kind(f: &ReportForm) -> Option<Kind> {
    Kind::parse(f.party_kind.trim())
}

fn yes_no(out: &mut Vec<Finding>, field: &'static str, value: &str) -> Option<bool> {
    match value.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        "" => {
            out.push(error(field, "err_choose"));
            None
        }
        _ => {
            out.push(error(field, "err_invalid_choice"));
            None
        }
    }
}

fn bounded(out: &mut Vec<Finding>, field: &'static str, value: &str, max: u32, too_many: &'static str) -> Option<u32> {
    let v = value.trim();
    if v.is_empty() {
        out.push(error(field, "err_required"));
        return None;
    }
    match v.parse::<u32>() {
        Ok(n) if n <= max => Some(n),
        Ok(_) => {
            out.push(error(field, too_many));
            None
        }
        Err(_) => {
            out.push(error(field, if v.starts_with('-') { "err_count_negative" } else { "err_count_format" }));
            None
        }
    }
}

/// Every check of the section (`required`: [`party_section_required`]):
///
/// - the kind is one of independent, joint, none; the members and the
///   activities are whole numbers from 0 up to [`MAX_PARTY_MEMBERS`] and
///   [`MAX_PARTY_ACTIVITIES`]; the charter clause is yes or no;
/// - with a party organization, whether its secretary is on the board;
///   without one, the reason and whether an instructor or liaison is assigned;
/// - an independent party organization has at least [`MIN_FULL_MEMBERS`]
///   full members (党章 §30 — an error, as for the party record);
/// - party members among the staff are no more than the staff (full- and
///   part-time) the report declares;
/// - warnings: enough members for an independent organization without one
///   (应建未建), a party organization that held no activity, no party
///   organization and nobody covering the work.
///
/// A section left blank in a report that does not require it has no findings.
pub fn check_party(f: &ReportForm, required: bool) -> Vec<Finding> {
    let mut out = Vec::new();
    if !required && party_section_blank(f) {
        return out;
    }
    let kind = match f.party_kind.trim() {
        "" => {
            out.push(error("party_kind", "err_choose"));
            None
        }
        raw => {
            let k = Kind::parse(raw);
            if k.is_none() {
                out.push(error("party_kind", "err_invalid_choice"));
            }
            k
        }
    };
    let members = bounded(&mut out, "party_members", &f.party_members, MAX_PARTY_MEMBERS, "party_err_members");
    let activities =
        bounded(&mut out, "party_activities", &f.party_activities, MAX_PARTY_ACTIVITIES, "rpt_err_party_activities");
    yes_no(&mut out, "party_charter", &f.party_charter);
    let mut covered = None;
    match kind {
        Some(k) if k.organized() => {
            yes_no(&mut out, "party_board", &f.party_board);
        }
        Some(_) => {
            if f.party_none_reason.trim().is_empty() {
                out.push(error("party_none_reason", "err_required"));
            }
            covered = yes_no(&mut out, "party_instructor", &f.party_instructor);
        }
        None => {}
    }
    if let (Some(Kind::Independent), Some(n)) = (kind, members) {
        if n < MIN_FULL_MEMBERS as u32 {
            out.push(error("party_members", "party_err_min_full"));
        }
    }
    let staff = |v: &str| v.trim().parse::<u32>().ok();
    if let (Some(n), Some(full), Some(part)) = (members, staff(&f.staff_full_time), staff(&f.staff_part_time)) {
        if n > full.saturating_add(part) {
            out.push(error("party_members", "rpt_err_party_members_staff"));
        }
    }
    if let (Some(k), Some(n)) = (kind, members) {
        if should_establish(k, n as i32) {
            out.push(warning("party_kind", "party_should_establish"));
        }
    }
    if kind.is_some_and(Kind::organized) && activities == Some(0) {
        out.push(warning("party_activities", "rpt_warn_party_no_activities"));
    }
    if covered == Some(false) {
        out.push(warning("party_instructor", "party_not_covered"));
    }
    out
}

/// The section as a party record suggests it when a draft is started: the
/// kind, the full members and, without a party organization, the reason and
/// whether an instructor or liaison is assigned. What the record does not
/// hold (activities, the charter clause, the secretary on the board) is left
/// for the organization. A section already begun is not touched.
pub fn prefill_party(f: &mut ReportForm, kind: Kind, full_members: i32, none_reason: &str, covered: bool) {
    if !party_section_blank(f) {
        return;
    }
    f.party_kind = kind.as_str().to_string();
    f.party_members = full_members.max(0).to_string();
    if kind == Kind::None {
        f.party_none_reason = none_reason.to_string();
        f.party_instructor = if covered { "yes" } else { "no" }.to_string();
    }
}

impl ReportForm {
    /// The form with the party section of an organization without a party
    /// organization: no party members among the staff, no party activities,
    /// no party-building clause in the charter, `reason` why there is none,
    /// and an instructor or liaison assigned — a complete section
    /// ([`check_party`]).
    pub fn without_party_organization(self, reason: &str) -> ReportForm {
        ReportForm {
            party_kind: Kind::None.as_str().into(),
            party_members: "0".into(),
            party_activities: "0".into(),
            party_charter: "no".into(),
            party_board: String::new(),
            party_none_reason: reason.into(),
            party_instructor: "yes".into(),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::annual_report::Severity;

    fn staffed() -> ReportForm {
        ReportForm { staff_full_time: "8".into(), staff_part_time: "2".into(), ..ReportForm::default() }
    }

    fn independent() -> ReportForm {
        ReportForm {
            party_kind: "independent".into(),
            party_members: "5".into(),
            party_activities: "12".into(),
            party_charter: "yes".into(),
            party_board: "yes".into(),
            ..staffed()
        }
    }

    fn none() -> ReportForm {
        ReportForm { party_members: "1".into(), ..staffed().without_party_organization("正式党员不足3人") }
    }

    fn errors(f: &[Finding]) -> Vec<(&'static str, &'static str)> {
        f.iter().filter(|x| x.severity == Severity::Error).map(|x| (x.field, x.message)).collect()
    }

    fn warnings(f: &[Finding]) -> Vec<(&'static str, &'static str)> {
        f.iter().filter(|x| x.severity == Severity::Warning).map(|x| (x.field, x.message)).collect()
    }

    #[test]
    fn a_complete_section_passes() {
        assert!(check_party(&independent(), true).is_empty());
        assert!(check_party(&none(), true).is_empty());
        assert!(check_party(&staffed().without_party_organization("暂无党员"), true).is_empty());
        let joint = ReportForm { party_kind: "joint".into(), party_members: "2".into(), ..independent() };
        assert!(check_party(&joint, true).is_empty());
    }

    #[test]
    fn required_from_the_current_filing_year() {
        assert!(party_section_required(2025, 2025) && party_section_required(2026, 2025));
        assert!(!party_section_required(2024, 2025));
        // An earlier year's report may leave the section out…
        assert!(check_party(&staffed(), false).is_empty());
        // …the current year's may not: every field is named.
        assert_eq!(
            errors(&check_party(&staffed(), true)),
            vec![
                ("party_kind", "err_choose"),
                ("party_members", "err_required"),
                ("party_activities", "err_required"),
                ("party_charter", "err_choose"),
            ]
        );
        // A section begun is checked whole, even where it is not required.
        let begun = ReportForm { party_kind: "none".into(), ..staffed() };
        let e = errors(&check_party(&begun, false));
        assert!(e.contains(&("party_none_reason", "err_required")) && e.contains(&("party_instructor", "err_choose")));
    }

    #[test]
    fn counts_are_whole_bounded_and_within_the_staff() {
        let bad = ReportForm {
            party_kind: "both".into(),
            party_members: "-1".into(),
            party_activities: "367".into(),
            party_charter: "maybe".into(),
            ..independent()
        };
        assert_eq!(
            errors(&check_party(&bad, true)),
            vec![
                ("party_kind", "err_invalid_choice"),
                ("party_members", "err_count_negative"),
                ("party_activities", "rpt_err_party_activities"),
                ("party_charter", "err_invalid_choice"),
            ]
        );
        let many = ReportForm { party_members: "100001".into(), party_activities: "3.5".into(), ..independent() };
        assert_eq!(
            errors(&check_party(&many, true)),
            vec![("party_members", "party_err_members"), ("party_activities", "err_count_format")]
        );
        assert_eq!(MAX_PARTY_ACTIVITIES, 366);
        // 8 full-time and 2 part-time staff: 10 party members fit, 11 do not.
        let ten = ReportForm { party_members: "10".into(), ..independent() };
        assert!(check_party(&ten, true).is_empty());
        let eleven = ReportForm { party_members: "11".into(), ..independent() };
        assert_eq!(errors(&check_party(&eleven, true)), vec![("party_members", "rpt_err_party_members_staff")]);
    }

    #[test]
    fn an_independent_organization_needs_three_full_members() {
        let two = ReportForm { party_members: "2".into(), ..independent() };
        assert_eq!(errors(&check_party(&two, true)), vec![("party_members", "party_err_min_full")]);
        let three = ReportForm { party_members: "3".into(), ..independent() };
        assert!(check_party(&three, true).is_empty());
        assert_eq!(MIN_FULL_MEMBERS, 3);
    }

    #[test]
    fn each_kind_answers_its_own_questions() {
        // With a party organization: the secretary on the board.
        let no_board = ReportForm { party_board: String::new(), ..independent() };
        assert_eq!(errors(&check_party(&no_board, true)), vec![("party_board", "err_choose")]);
        // Without one: the reason and the instructor; the board is not asked.
        let bare = ReportForm { party_none_reason: " ".into(), party_instructor: String::new(), ..none() };
        assert_eq!(
            errors(&check_party(&bare, true)),
            vec![("party_none_reason", "err_required"), ("party_instructor", "err_choose")]
        );
    }

    #[test]
    fn warnings_do_not_block() {
        // 应建未建: three full members without an independent organization.
        let should = ReportForm { party_members: "3".into(), ..none() };
        assert_eq!(warnings(&check_party(&should, true)), vec![("party_kind", "party_should_establish")]);
        assert!(errors(&check_party(&should, true)).is_empty());
        let idle = ReportForm { party_activities: "0".into(), ..independent() };
        assert_eq!(warnings(&check_party(&idle, true)), vec![("party_activities", "rpt_warn_party_no_activities")]);
        let uncovered = ReportForm { party_instructor: "no".into(), ..none() };
        assert_eq!(warnings(&check_party(&uncovered, true)), vec![("party_instructor", "party_not_covered")]);
    }

    #[test]
    fn a_draft_is_prefilled_from_the_record_once() {
        let mut f = staffed();
        prefill_party(&mut f, Kind::None, 2, "正式党员不足3人", false);
        assert_eq!((f.party_kind.as_str(), f.party_members.as_str(), f.party_instructor.as_str()), ("none", "2", "no"));
        assert_eq!(f.party_none_reason, "正式党员不足3人");
        assert!(f.party_activities.is_empty() && f.party_charter.is_empty());
        // A section begun keeps what was typed.
        prefill_party(&mut f, Kind::Independent, 9, "", true);
        assert_eq!(f.party_kind, "none");
        let mut g = staffed();
        prefill_party(&mut g, Kind::Joint, 4, "ignored", true);
        assert_eq!((g.party_kind.as_str(), g.party_none_reason.as_str()), ("joint", ""));
        assert_eq!(declared_kind(&g), Some(Kind::Joint));
    }
}
