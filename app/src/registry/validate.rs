//! Validation of the registry forms: pure functions, used by the server before
//! any write (and the credit-code rule also in the browser as the user types).

use chrono::NaiveDate;

use super::types::{ActInput, ChangeInput, OrgInput};
use crate::domain::{credit_code, money, org_status::OrgAction, org_type::OrgType};
use crate::error::{AppError, Errors};

/// Minimum registered capital by type, in 分. 社会团体 (local): ¥30,000 and
/// 基金会 (local non-public, the lowest founding fund): ¥2,000,000 are set by
/// the regulations; 社会服务机构 follows the sector rule, which many localities
/// set at ¥30,000 (a setting, domain reference §2.1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CapitalRules {
    pub social_group: i64,
    pub social_service: i64,
    pub foundation: i64,
}

impl Default for CapitalRules {
    fn default() -> Self {
        CapitalRules { social_group: 3_000_000, social_service: 3_000_000, foundation: 200_000_000 }
    }
}

impl CapitalRules {
    pub fn minimum(&self, t: OrgType) -> i64 {
        match t {
            OrgType::SocialGroup => self.social_group,
            OrgType::SocialService => self.social_service,
            OrgType::Foundation => self.foundation,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidOrg {
    pub name: String,
    pub credit_code: String,
    pub org_type: OrgType,
    pub domicile: String,
    pub district: String,
    pub legal_rep: String,
    pub capital_fen: i64,
    pub supervisory_unit: Option<String>,
    pub business_scope: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub contact_email: String,
    pub registration_date: NaiveDate,
    /// The sector code of a trade association (`domain::trade`).
    pub trade_sector: Option<String>,
}

/// The message key for a credit code typed into the form for `org_type`
/// (empty `org_type`: only the code's own checks).
pub fn credit_code_error(code: &str, org_type: &str) -> Option<&'static str> {
    let r = match OrgType::parse(org_type) {
        Some(t) => credit_code::validate_for_type(code, t.code_digit()),
        None => credit_code::validate(code),
    };
    r.err().map(|e| e.message_key())
}

fn check_name(e: &mut Errors, field: &str, name: &str, t: Option<OrgType>) {
    e.required(field, name);
    e.line(field, name, 100);
    let name = name.trim();
    if name.is_empty() {
        return;
    }
    if ["中国", "全国", "中华"].iter().any(|p| name.starts_with(p)) {
        e.add(field, "err_name_national");
    } else if t == Some(OrgType::Foundation) && !name.ends_with("基金会") {
        e.add(field, "err_name_foundation");
    } else if t.is_some() && t != Some(OrgType::Foundation) && name.ends_with("基金会") {
        e.add(field, "err_name_not_foundation");
    }
}

fn check_capital(e: &mut Errors, field: &str, raw: &str, t: Option<OrgType>, rules: &CapitalRules) -> i64 {
    match money::parse_yuan(raw) {
        Ok(fen) => {
            if let Some(t) = t {
                if fen < rules.minimum(t) {
                    e.add(
                        field,
                        match t {
                            OrgType::SocialGroup => "err_capital_min_group",
                            OrgType::SocialService => "err_capital_min_service",
                            OrgType::Foundation => "err_capital_min_foundation",
                        },
                    );
                }
            }
            fen
        }
        Err(err) => {
            e.add(field, err.message_key());
            0
        }
    }
}

/// A `YYYY-MM-DD` date that must not be after `today` (`domain::input`;
/// `today` stands in for a refused one).
fn check_date(e: &mut Errors, field: &str, raw: &str, today: NaiveDate) -> NaiveDate {
    e.past_date(field, raw, today).unwrap_or(today)
}

fn check_phone(e: &mut Errors, field: &str, phone: &str) {
    let p = phone.trim();
    if p.is_empty() {
        e.add(field, "err_required");
    } else if !(p.chars().all(|c| c.is_ascii_digit() || "-+ ()".contains(c))
        && (7..=20).contains(&p.chars().filter(|c| c.is_ascii_digit()).count()))
    {
        e.add(field, "err_phone");
    }
}

pub use crate::domain::input::{is_email, MAX_EMAIL};

fn check_email(e: &mut Errors, field: &str, email: &str) {
    if email.trim().is_empty() {
        e.add(field, "err_required");
    } else if !is_email(email) {
        e.add(field, "err_email");
    }
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Checks every field of an establishment registration and reports all
/// problems at once.
pub fn validate_org(
    input: &OrgInput,
    districts: &[String],
    rules: &CapitalRules,
    today: NaiveDate,
) -> Result<ValidOrg, AppError> {
    let mut e = Errors::default();
    let t = OrgType::parse(input.org_type.trim());
    if input.org_type.trim().is_empty() {
        e.add("org_type", "err_required");
    } else if t.is_none() {
        e.add("org_type", "err_type_invalid");
    }
    check_name(&mut e, "name", &input.name, t);
    if let Some(key) = credit_code_error(&input.credit_code, t.map(|t| t.as_str()).unwrap_or("")) {
        e.add("credit_code", key);
    }
    e.required("domicile", &input.domicile);
    e.line("domicile", &input.domicile, 200);
    if input.district.trim().is_empty() {
        e.add("district", "err_required");
    } else if !districts.iter().any(|d| d == input.district.trim()) {
        e.add("district", "err_district_invalid");
    }
    e.required("legal_rep", &input.legal_rep);
    e.line("legal_rep", &input.legal_rep, 50);
    let capital_fen = check_capital(&mut e, "capital", &input.capital, t, rules);
    e.line("supervisory_unit", &input.supervisory_unit, 100);
    e.required("business_scope", &input.business_scope);
    e.max_len("business_scope", &input.business_scope, 1000);
    e.required("contact_person", &input.contact_person);
    e.line("contact_person", &input.contact_person, 50);
    check_phone(&mut e, "contact_phone", &input.contact_phone);
    check_email(&mut e, "contact_email", &input.contact_email);
    let registration_date = check_date(&mut e, "registration_date", &input.registration_date, today);
    let trade_sector = check_trade(&mut e, &input.trade_sector, t);
    e.into_result()?;
    Ok(ValidOrg {
        name: input.name.trim().to_string(),
        credit_code: credit_code::normalize(&input.credit_code),
        org_type: t.ok_or(AppError::Internal)?,
        domicile: input.domicile.trim().to_string(),
        district: input.district.trim().to_string(),
        legal_rep: input.legal_rep.trim().to_string(),
        capital_fen,
        supervisory_unit: opt(&input.supervisory_unit),
        business_scope: input.business_scope.trim().to_string(),
        contact_person: input.contact_person.trim().to_string(),
        contact_phone: input.contact_phone.trim().to_string(),
        contact_email: input.contact_email.trim().to_string(),
        registration_date,
        trade_sector,
    })
}

/// The trade-association sector field (`domain::trade::check_trade_sector`).
fn check_trade(e: &mut Errors, raw: &str, t: Option<OrgType>) -> Option<String> {
    match crate::domain::trade::check_trade_sector(raw, t) {
        Ok(code) => code.map(String::from),
        Err(key) => {
            e.add("trade_sector", key);
            None
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidChange {
    pub name: String,
    pub domicile: String,
    pub legal_rep: String,
    pub business_scope: String,
    pub capital_fen: i64,
    pub supervisory_unit: Option<String>,
    pub change_date: NaiveDate,
    pub note: String,
    pub trade_sector: Option<String>,
}

pub fn validate_change(
    input: &ChangeInput,
    org_type: OrgType,
    rules: &CapitalRules,
    today: NaiveDate,
) -> Result<ValidChange, AppError> {
    let mut e = Errors::default();
    check_name(&mut e, "name", &input.name, Some(org_type));
    e.required("domicile", &input.domicile);
    e.line("domicile", &input.domicile, 200);
    e.required("legal_rep", &input.legal_rep);
    e.line("legal_rep", &input.legal_rep, 50);
    e.required("business_scope", &input.business_scope);
    e.max_len("business_scope", &input.business_scope, 1000);
    let capital_fen = check_capital(&mut e, "capital", &input.capital, Some(org_type), rules);
    e.line("supervisory_unit", &input.supervisory_unit, 100);
    let change_date = check_date(&mut e, "change_date", &input.change_date, today);
    e.max_len("note", &input.note, 500);
    let trade_sector = check_trade(&mut e, &input.trade_sector, Some(org_type));
    e.into_result()?;
    Ok(ValidChange {
        name: input.name.trim().to_string(),
        domicile: input.domicile.trim().to_string(),
        legal_rep: input.legal_rep.trim().to_string(),
        business_scope: input.business_scope.trim().to_string(),
        capital_fen,
        supervisory_unit: opt(&input.supervisory_unit),
        change_date,
        note: input.note.trim().to_string(),
        trade_sector,
    })
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAct {
    pub action: OrgAction,
    pub date: NaiveDate,
    pub reason: String,
}

pub fn validate_act(input: &ActInput, today: NaiveDate) -> Result<ValidAct, AppError> {
    let mut e = Errors::default();
    let action = match input.act.as_str() {
        "charter" => Some(OrgAction::CharterApproval),
        "term_renewal" => Some(OrgAction::TermRenewal),
        "deregister" => Some(OrgAction::Deregister),
        "revoke" => Some(OrgAction::Revoke),
        "reinstate" => Some(OrgAction::Reinstate),
        _ => None,
    };
    if action.is_none() {
        e.add("act", "err_act_invalid");
    }
    let date = check_date(&mut e, "date", &input.date, today);
    if matches!(action, Some(OrgAction::Deregister | OrgAction::Revoke | OrgAction::Reinstate)) {
        e.required("reason", &input.reason);
    }
    e.max_len("reason", &input.reason, 500);
    e.into_result()?;
    Ok(ValidAct { action: action.ok_or(AppError::Internal)?, date, reason: input.reason.trim().to_string() })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldError;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    fn districts() -> Vec<String> {
        vec!["南山区".to_string()]
    }

    fn good() -> OrgInput {
        OrgInput {
            name: "深圳市南山区青少年发展基金会".into(),
            credit_code: credit_code::build("53", "440300", "MJ000001").unwrap(),
            org_type: "foundation".into(),
            domicile: "南山区科技园1号".into(),
            district: "南山区".into(),
            legal_rep: "张伟".into(),
            capital: "2,000,000".into(),
            supervisory_unit: "".into(),
            business_scope: "资助青少年教育".into(),
            contact_person: "李娜".into(),
            contact_phone: "0755-12345678".into(),
            contact_email: "lina@example.org".into(),
            registration_date: "2026-11-20".into(),
            trade_sector: "".into(),
        }
    }

    #[test]
    fn a_complete_form_is_accepted() {
        let v = validate_org(&good(), &districts(), &CapitalRules::default(), today()).unwrap();
        assert_eq!(v.capital_fen, 200_000_000);
        assert_eq!(v.supervisory_unit, None);
        assert_eq!(v.org_type, OrgType::Foundation);
    }

    #[test]
    fn every_problem_is_reported_with_its_field() {
        let mut input = good();
        input.credit_code = "5311000050000012XM".into();
        input.capital = "1999999.99".into();
        input.contact_email = "not-an-email".into();
        input.registration_date = "2026-11-24".into();
        input.district = "火星区".into();
        let err = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap_err();
        assert_eq!(
            err.fields(),
            &[
                FieldError::new("credit_code", "err_code_check"),
                FieldError::new("district", "err_district_invalid"),
                FieldError::new("capital", "err_capital_min_foundation"),
                FieldError::new("contact_email", "err_email"),
                FieldError::new("registration_date", "err_date_future"),
            ]
        );
    }

    #[test]
    fn code_type_digit_must_match_the_type() {
        let mut input = good();
        input.org_type = "social_group".into();
        input.name = "深圳市南山区青少年发展协会".into();
        input.capital = "30000".into();
        let err = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("credit_code", "err_code_type")]);
    }

    #[test]
    fn capital_minimums_at_the_boundary() {
        let rules = CapitalRules::default();
        let mut input = good();
        input.org_type = "social_group".into();
        input.name = "深圳市南山区摄影协会".into();
        input.credit_code = credit_code::build("51", "440300", "MJ000002").unwrap();
        input.capital = "30000".into();
        assert!(validate_org(&input, &districts(), &rules, today()).is_ok());
        input.capital = "29999.99".into();
        let err = validate_org(&input, &districts(), &rules, today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("capital", "err_capital_min_group")]);
    }

    #[test]
    fn names_follow_the_name_rules() {
        let mut input = good();
        input.name = "中华青少年基金会".into();
        let err = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("name", "err_name_national")]);
        input.name = "深圳市南山区青少年发展中心".into();
        let err = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("name", "err_name_foundation")]);
    }

    #[test]
    fn only_a_social_group_is_a_trade_association() {
        let mut input = good();
        input.trade_sector = "C".into();
        let err = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("trade_sector", "err_trade_not_group")]);
        input.org_type = "social_group".into();
        input.name = "深圳市南山区电子商会".into();
        input.credit_code = credit_code::build("51", "440300", "MJ000003").unwrap();
        input.capital = "30000".into();
        input.trade_sector = "制造业".into();
        let v = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap();
        assert_eq!(v.trade_sector.as_deref(), Some("C"));
        input.trade_sector = "Z".into();
        let err = validate_org(&input, &districts(), &CapitalRules::default(), today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("trade_sector", "err_trade_sector")]);
    }

    #[test]
    fn deregistration_needs_a_reason() {
        let input = ActInput { act: "deregister".into(), date: "2026-11-23".into(), reason: " ".into() };
        let err = validate_act(&input, today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("reason", "err_required")]);
        let input = ActInput { act: "charter".into(), date: "2026-11-23".into(), reason: "".into() };
        assert_eq!(validate_act(&input, today()).unwrap().action, OrgAction::CharterApproval);
        let input = ActInput { act: "merge".into(), date: "bad".into(), reason: "".into() };
        let err = validate_act(&input, today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("act", "err_act_invalid"), FieldError::new("date", "err_date")]);
    }

    #[test]
    fn emails() {
        assert!(is_email("a@b.cn"));
        assert!(!is_email("a@b"));
        assert!(!is_email("a b@c.cn"));
        assert!(!is_email("@c.cn"));
        assert!(!is_email("a\0@c.cn"));
        assert!(!is_email(&format!("{}@c.cn", "a".repeat(MAX_EMAIL))));
    }
}
