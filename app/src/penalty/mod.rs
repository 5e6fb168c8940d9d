//! Administrative penalty cases (行政处罚案件): a case opened against an
//! organization (or a person) from an officer, an inspection result or a
//! zombie case, its evidence with their hashes, each dated step checked by
//! the pure rules (`domain::penalty_case`), the decision numbered one
//! sequence a year, its effects on the credit record and the register in the
//! decision's transaction, and the decisions published.
//!
//! `violations` is the table of violations (data kept with the rules in
//! `domain::penalty_case::table`, named here as the features use it) and `steps` what the
//! pages and the service share about steps (both compiled for the browser
//! too); `service/` the queries and transactions; `pages/` the officers'
//! list, form and case page and the public decisions.

pub mod api;
pub mod documents;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod service;
pub mod steps;
pub mod types;
pub use crate::domain::penalty_case::table as violations;

#[cfg(test)]
mod tests {
    use crate::domain::penalty_case::{Action, Adjust, Gravity, Late, Method, Penalty, State};
    use crate::i18n::{named, Lang};

    fn has(name: &str) {
        for lang in [Lang::Zh, Lang::En] {
            assert!(named(lang, name).is_some_and(|t| !t.is_empty()), "no message {name} in {lang:?}");
        }
    }

    /// Every `pen_err_…` key the rules and this feature refuse with, and every
    /// deadline's name, has its message in both languages.
    #[test]
    fn every_refusal_has_its_message() {
        let sources = [
            include_str!("../domain/penalty_case/mod.rs"),
            include_str!("../domain/penalty_case/deadlines.rs"),
            include_str!("../domain/penalty_case/number.rs"),
            include_str!("../domain/penalty_case/penalty.rs"),
            include_str!("../domain/penalty_case/violation.rs"),
            include_str!("steps.rs"),
            include_str!("service/cases.rs"),
            include_str!("service/step.rs"),
            include_str!("service/evidence.rs"),
        ];
        let mut n = 0;
        for src in sources {
            for prefix in ["pen_err_", "pen_dl_"] {
                for part in src.split(&format!("\"{prefix}")).skip(1) {
                    let rest: String = part.chars().take_while(|c| c.is_ascii_lowercase() || *c == '_').collect();
                    if part[rest.len()..].starts_with('"') {
                        has(&format!("{prefix}{rest}"));
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 70, "{n} keys found");
        has("err_revoke_needs_case");
    }

    /// Every stored code the pages name has its text in both languages.
    #[test]
    fn every_stored_code_has_its_name() {
        State::ALL.iter().for_each(|s| has(&format!("pen_state_{}", s.as_str())));
        Action::ALL.iter().for_each(|a| has(&format!("pen_action_{}", a.as_str())));
        Action::ALL.iter().for_each(|a| has(&format!("audit_a_case_{}", a.as_str())));
        Action::ALL.iter().filter_map(|a| super::steps::document_kind(*a)).for_each(|d| has(&format!("pen_doc_{d}")));
        Penalty::ALL.iter().for_each(|p| has(&format!("pen_penalty_{}", p.as_str())));
        Method::ALL.iter().for_each(|m| has(&format!("pen_method_{}", m.as_str())));
        Gravity::ALL.iter().for_each(|g| has(&format!("pen_gravity_{}", g.as_str())));
        Adjust::ALL.iter().for_each(|a| has(&format!("pen_adjust_{}", a.as_str())));
        [Late::Decision, Late::HearingRecord, Late::DecisionService, Late::Payment, Late::Execution]
            .iter()
            .for_each(|l| has(&format!("pen_late_{}", l.as_str())));
        ["officer", "complaint", "inspection", "zombie", "illegal"]
            .iter()
            .for_each(|s| has(&format!("pen_source_{s}")));
        ["organization", "person"].iter().for_each(|p| has(&format!("pen_party_{p}")));
        ["illegal_income", "illegal_turnover"].iter().for_each(|b| has(&format!("pen_base_{b}")));
        ["open", "add_evidence"].iter().for_each(|a| has(&format!("pen_action_{a}")));
    }
}
