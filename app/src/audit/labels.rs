//! The audit trail in words: each action, record kind and role in the
//! reader's language (one locale key each: `audit_a_<action>`,
//! `audit_e_<entity>`, `role_<role>`), times in the bureau's time zone
//! (UTC+8), and the page of a record where it has one. An action not listed
//! here shows its raw identifier. The CSV export keeps the identifiers and adds
//! these texts in Chinese.

use crate::i18n::{lookup, Lang};

/// Every action written by `audit::service::record`.
pub const ACTIONS: &[&str] = &[
    "department_create",
    "department_update",
    "report_unit_pass",
    "report_unit_return",
    "unit_create",
    "unit_merge",
    "unit_merge_dismiss",
    "unit_note",
    "unit_update",
    "account_locked",
    "campaign_create",
    "campaign_draw",
    "campaign_freeze",
    "campaign_resend_list",
    "case_abandon_hearing",
    "case_add_evidence",
    "case_annul",
    "case_appeal",
    "case_appeal_upheld",
    "case_apply_court",
    "case_approve_opening",
    "case_close",
    "case_decide_no_penalty",
    "case_decide_penalty",
    "case_decline_opening",
    "case_end_execution",
    "case_execute",
    "case_extend",
    "case_hold_hearing",
    "case_open",
    "case_reinvestigate",
    "case_request_hearing",
    "case_schedule_hearing",
    "case_serve_decision",
    "case_serve_notice",
    "case_state_case",
    "case_terminate",
    "case_transfer",
    "case_waive",
    "case_withdraw_hearing",
    "change",
    "charity_complaint",
    "charity_disclose",
    "charity_plan_change",
    "charity_plan_file",
    "charity_plan_terminate",
    "charity_qualify",
    "charity_recognize",
    "charity_withdraw",
    "charter",
    "complaint_assign",
    "complaint_close",
    "complaint_note",
    "complaint_receive",
    "complaint_reply",
    "create",
    "credit_list",
    "credit_repair_apply",
    "credit_repair_approve",
    "credit_repair_refuse",
    "deregister",
    "disable",
    "enable",
    "illegal_note",
    "illegal_open",
    "illegal_outcome",
    "illegal_publish",
    "import",
    "inspection_attach",
    "inspection_confirm",
    "inspection_publish",
    "inspection_result",
    "inspector_conflict_add",
    "inspector_conflict_remove",
    "inspector_create",
    "inspector_update",
    "login",
    "login_failed",
    "lottery_follow_up",
    "lottery_grade",
    "lottery_inspect",
    "lottery_outlet_change",
    "lottery_outlet_create",
    "lottery_outlet_status",
    "lottery_publish",
    "password_reset_sent",
    "password_set",
    "penalty",
    "penalty_annul",
    "rating_apply",
    "rating_cancel",
    "rating_conclude",
    "rating_downgrade",
    "rating_eligibility",
    "rating_exclusion",
    "rating_expert_affiliation",
    "rating_objection",
    "rating_objection_resolve",
    "rating_panel",
    "rating_publish",
    "rating_restore",
    "rating_round_open",
    "rectification_accept",
    "rectification_order",
    "rectification_report",
    "rectification_return",
    "register",
    "reinstate",
    "report_attach",
    "report_conclude",
    "report_return",
    "report_save",
    "report_submit",
    "returned_letter",
    "revoke",
    "seed",
    "target_add",
    "target_change",
    "target_delete",
    "term_renewal",
    "trade_award_add",
    "trade_branch_add",
    "trade_branch_recheck",
    "trade_fee_add",
    "trade_forum_add",
    "trade_remove",
    "trust_accept",
    "trust_change",
    "trust_file",
    "trust_report",
    "trust_return",
    "zombie_deregister",
    "zombie_dismiss",
    "zombie_notify",
    "zombie_respond",
    "zombie_restore",
    "zombie_revoke",
];

/// Every kind of record the trail refers to.
pub const ENTITIES: &[&str] = &[
    "partner_department",
    "supervisory_unit",
    "annual_report",
    "app_user",
    "charitable_trust",
    "charity_disclosure",
    "charity_plan",
    "complaint",
    "credit_entry",
    "dashboard_target",
    "illegal_org",
    "inspection_campaign",
    "inspection_rectification",
    "inspection_target",
    "inspector",
    "lottery_grading",
    "lottery_inspection",
    "lottery_outlet",
    "lottery_sales",
    "organization",
    "penalty_case",
    "rating_application",
    "rating_grade",
    "rating_objection",
    "rating_round",
    "trade_award",
    "trade_branch",
    "trade_fee",
    "trade_forum",
    "zombie_case",
];

/// Every role an actor can have (`system` for jobs, seed and the CLI).
pub const ROLES: &[&str] = &["admin", "officer", "inspector", "org_user", "expert", "unit", "system"];

/// The text of `prefix` + `raw`, or `raw` itself when there is none.
fn known(lang: Lang, prefix: &str, raw: &str) -> String {
    let key = format!("{prefix}{raw}");
    let text = lookup(lang, &key);
    if text == key {
        raw.to_string()
    } else {
        text
    }
}

pub fn action_label(lang: Lang, action: &str) -> String {
    known(lang, "audit_a_", action)
}

pub fn entity_label(lang: Lang, entity: &str) -> String {
    known(lang, "audit_e_", entity)
}

pub fn role_label(lang: Lang, role: &str) -> String {
    known(lang, "role_", role)
}

/// The officer's page of a record, where there is one.
pub fn record_link(entity: &str, id: &str) -> Option<String> {
    if id.is_empty() || !id.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let base = match entity {
        "organization" => "/officer/orgs",
        "annual_report" => "/officer/reports",
        "rating_application" => "/officer/rating/apps",
        "rating_grade" => "/officer/rating/grades",
        "rating_round" => "/officer/rating/rounds",
        "inspection_campaign" => "/officer/inspections",
        "inspection_rectification" => "/officer/rectifications",
        "inspector" => "/officer/inspectors",
        "lottery_outlet" => "/officer/lottery/outlets",
        "complaint" => "/officer/complaints",
        "penalty_case" => "/officer/cases",
        "illegal_org" => "/officer/illegal",
        "charitable_trust" => "/officer/trusts",
        "supervisory_unit" => "/officer/units",
        "partner_department" => "/officer/departments",
        _ => return None,
    };
    Some(format!("{base}/{id}"))
}

/// A stored UTC instant (RFC 3339) in the bureau's time zone:
/// `2026-12-02T07:04:10Z` → `2026-12-02 15:04:10`; anything else unchanged.
pub fn local_time(iso: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(iso) {
        Ok(t) => t
            .with_timezone(&chrono::FixedOffset::east_opt(8 * 3600).expect("valid offset"))
            .format("%Y-%m-%d %H:%M:%S")
            .to_string(),
        Err(_) => iso.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_entity_and_role_has_both_languages() {
        for (prefix, list) in [("audit_a_", ACTIONS), ("audit_e_", ENTITIES), ("role_", ROLES)] {
            for raw in list {
                let key = format!("{prefix}{raw}");
                for lang in [Lang::Zh, Lang::En] {
                    assert_ne!(lookup(lang, &key), key, "{key} in {lang:?}");
                }
            }
        }
        assert_eq!(action_label(Lang::Zh, "zombie_notify"), "僵尸组织书面通知");
        assert_eq!(entity_label(Lang::En, "annual_report"), "Annual report");
        assert_eq!(role_label(Lang::Zh, "org_user"), "社会组织用户");
    }

    #[test]
    fn unknown_identifiers_fall_back_to_themselves() {
        assert_eq!(action_label(Lang::Zh, "something_new"), "something_new");
        assert_eq!(entity_label(Lang::En, ""), "");
        assert_eq!(role_label(Lang::Zh, "robot"), "robot");
    }

    /// Every `action: "…"` literal in the sources is listed (and so labelled).
    #[test]
    fn every_literal_action_in_the_sources_is_listed() {
        fn walk(dir: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let p = entry.path();
                if p.is_dir() {
                    walk(&p, found);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let text = std::fs::read_to_string(&p).unwrap();
                    for part in text.split("action: \"").skip(1) {
                        let word: String = part.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                        if part[word.len()..].starts_with('"') && !word.is_empty() {
                            found.push(word);
                        }
                    }
                }
            }
        }
        let mut found = Vec::new();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        walk(&root.join("src"), &mut found);
        walk(&root.join("../server/src"), &mut found);
        assert!(found.len() > 40, "{found:?}");
        for a in found {
            assert!(ACTIONS.contains(&a.as_str()), "action {a} has no label");
        }
    }

    #[test]
    fn times_are_shown_in_utc_plus_8_and_records_link_to_their_pages() {
        assert_eq!(local_time("2026-12-02T07:04:10Z"), "2026-12-02 15:04:10");
        assert_eq!(local_time("2026-12-31T16:30:00Z"), "2027-01-01 00:30:00");
        assert_eq!(local_time("garbage"), "garbage");
        assert_eq!(record_link("organization", "12").as_deref(), Some("/officer/orgs/12"));
        assert_eq!(record_link("annual_report", "3").as_deref(), Some("/officer/reports/3"));
        assert_eq!(record_link("zombie_case", "3"), None);
        assert_eq!(record_link("organization", "../x"), None);
    }
}
