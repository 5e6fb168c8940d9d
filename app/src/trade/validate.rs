//! Checks of the trade associations' forms: pure, every field at once. A
//! record that passes is written with the anomalies the rules of
//! `domain::trade` find (an anomaly is not an error: the conduct is filed as
//! it was, and the officers see what is wrong with it).

use chrono::{Datelike, NaiveDate};

use super::types::{AwardInput, BranchInput, FeeInput, ForumInput};
use crate::domain::money;
use crate::domain::org_type::OrgType;
use crate::domain::trade::{self, BranchRules};
use crate::error::{AppError, Errors};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidFee {
    pub year: i32,
    pub item: String,
    pub kind: String,
    pub basis: String,
    pub standard: String,
    pub amount_fen: i64,
    pub compulsory: bool,
    pub published: bool,
    pub anomalies: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidBranch {
    pub kind: String,
    pub name: String,
    pub address: String,
    pub head: String,
    pub established_on: NaiveDate,
    pub status: String,
    pub regional: bool,
    pub under_branch: bool,
    pub anomalies: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidAward {
    pub year: i32,
    pub name: String,
    pub approval_no: String,
    pub approved_by: String,
    pub fee_charged: bool,
    pub anomalies: Vec<&'static str>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidForum {
    pub name: String,
    pub held_on: NaiveDate,
    pub co_organizers: String,
    pub fee_charged: bool,
    pub approval_ref: String,
    pub anomalies: Vec<&'static str>,
}

/// A `yes`/`no` choice.
fn yes_no(e: &mut Errors, field: &str, raw: &str) -> bool {
    match raw.trim() {
        "yes" => true,
        "no" => false,
        other => {
            e.choice(field, other);
            false
        }
    }
}

/// A year not after this one.
fn past_year(e: &mut Errors, field: &str, raw: &str, today: NaiveDate) -> i32 {
    match crate::domain::input::parse_year(field, raw) {
        Ok(y) if y > today.year() => {
            e.add(field, "err_trade_year_future");
            today.year()
        }
        Ok(y) => y,
        Err(err) => {
            e.0.push(err);
            today.year()
        }
    }
}

fn one_of(e: &mut Errors, field: &str, raw: &str, options: &[&str]) -> String {
    let raw = raw.trim();
    if !options.contains(&raw) {
        e.choice(field, raw);
    }
    raw.to_string()
}

fn required_line(e: &mut Errors, field: &str, raw: &str, max: usize) -> String {
    e.required(field, raw);
    e.line(field, raw, max);
    raw.trim().to_string()
}

fn optional_line(e: &mut Errors, field: &str, raw: &str, max: usize) -> String {
    e.line(field, raw, max);
    raw.trim().to_string()
}

pub fn validate_fee(input: &FeeInput, today: NaiveDate) -> Result<ValidFee, AppError> {
    let mut e = Errors::default();
    let year = past_year(&mut e, "year", &input.year, today);
    let item = required_line(&mut e, "item", &input.item, 100);
    let kind = one_of(&mut e, "kind", &input.kind, &trade::FEE_KINDS);
    // The basis may be missing: that is an anomaly, not an error.
    let basis = optional_line(&mut e, "basis", &input.basis, 200);
    let standard = required_line(&mut e, "standard", &input.standard, 200);
    let amount_fen = match money::parse_yuan(&input.amount) {
        Ok(fen) => fen,
        Err(err) => {
            e.add("amount", err.message_key());
            0
        }
    };
    let compulsory = yes_no(&mut e, "compulsory", &input.compulsory);
    let published = yes_no(&mut e, "published", &input.published);
    e.into_result()?;
    let anomalies =
        trade::fee_anomalies(&trade::Fee { kind: kind.clone(), basis: basis.clone(), compulsory, published });
    Ok(ValidFee { year, item, kind, basis, standard, amount_fen, compulsory, published, anomalies })
}

pub fn validate_branch(
    input: &BranchInput,
    org_name: &str,
    org_type: OrgType,
    rules: &BranchRules,
    today: NaiveDate,
) -> Result<ValidBranch, AppError> {
    let mut e = Errors::default();
    let kind = one_of(&mut e, "kind", &input.kind, &trade::BRANCH_KINDS);
    let name = required_line(&mut e, "name", &input.name, 100);
    let address = required_line(&mut e, "address", &input.address, 200);
    let head = required_line(&mut e, "head", &input.head, 50);
    let established_on = e.past_date("established_on", &input.established_on, today).unwrap_or(today);
    let status = one_of(&mut e, "status", &input.status, &["active", "closed"]);
    let regional = yes_no(&mut e, "regional", &input.regional);
    let under_branch = yes_no(&mut e, "under_branch", &input.under_branch);
    e.into_result()?;
    let anomalies = trade::branch_anomalies(
        &trade::Branch { name: name.clone(), regional, under_branch },
        org_name,
        org_type,
        rules,
    );
    Ok(ValidBranch { kind, name, address, head, established_on, status, regional, under_branch, anomalies })
}

pub fn validate_award(input: &AwardInput, today: NaiveDate) -> Result<ValidAward, AppError> {
    let mut e = Errors::default();
    let year = past_year(&mut e, "year", &input.year, today);
    let name = required_line(&mut e, "name", &input.name, 100);
    let approval_no = optional_line(&mut e, "approval_no", &input.approval_no, 100);
    let approved_by = optional_line(&mut e, "approved_by", &input.approved_by, 100);
    let fee_charged = yes_no(&mut e, "fee_charged", &input.fee_charged);
    e.into_result()?;
    let anomalies = trade::award_anomalies(&trade::Award {
        approval_no: approval_no.clone(),
        approved_by: approved_by.clone(),
        fee_charged,
    });
    Ok(ValidAward { year, name, approval_no, approved_by, fee_charged, anomalies })
}

pub fn validate_forum(input: &ForumInput, today: NaiveDate) -> Result<ValidForum, AppError> {
    let mut e = Errors::default();
    let name = required_line(&mut e, "name", &input.name, 100);
    let held_on = e.past_date("held_on", &input.held_on, today).unwrap_or(today);
    let co_organizers = optional_line(&mut e, "co_organizers", &input.co_organizers, 200);
    let fee_charged = yes_no(&mut e, "fee_charged", &input.fee_charged);
    let approval_ref = optional_line(&mut e, "approval_ref", &input.approval_ref, 100);
    e.into_result()?;
    let anomalies = trade::forum_anomalies(&trade::Forum { approval_ref: approval_ref.clone() });
    Ok(ValidForum { name, held_on, co_organizers, fee_charged, approval_ref, anomalies })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::FieldError;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn fee() -> FeeInput {
        FeeInput {
            year: "2026".into(),
            item: "会费".into(),
            kind: "membership".into(),
            basis: "第三届会员大会第二次会议决议".into(),
            standard: "理事单位每年5000元".into(),
            amount: "150000".into(),
            compulsory: "no".into(),
            published: "yes".into(),
        }
    }

    #[test]
    fn a_sound_fee_has_no_anomaly() {
        let v = validate_fee(&fee(), today()).unwrap();
        assert_eq!(v.amount_fen, 15_000_000);
        assert!(v.anomalies.is_empty());
    }

    #[test]
    fn a_compulsory_unpublished_fee_is_filed_with_its_anomalies() {
        let input = FeeInput { compulsory: "yes".into(), published: "no".into(), basis: "".into(), ..fee() };
        let v = validate_fee(&input, today()).unwrap();
        assert_eq!(
            v.anomalies,
            vec!["trade_anom_fee_compulsory", "trade_anom_fee_unpublished", "trade_anom_fee_no_basis"]
        );
    }

    #[test]
    fn every_bad_field_of_a_fee_at_once() {
        let input = FeeInput {
            year: "2027".into(),
            item: " ".into(),
            kind: "bribe".into(),
            amount: "abc".into(),
            compulsory: "".into(),
            ..fee()
        };
        let err = validate_fee(&input, today()).unwrap_err();
        let fields: Vec<&str> = err.fields().iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["year", "item", "kind", "amount", "compulsory"]);
        assert_eq!(err.fields()[0], FieldError::new("year", "err_trade_year_future"));
    }

    #[test]
    fn a_branch_under_a_branch_and_regional() {
        let input = BranchInput {
            kind: "branch".into(),
            name: "南山分会".into(),
            address: "南山区1号".into(),
            head: "王五".into(),
            established_on: "2025-03-01".into(),
            status: "active".into(),
            regional: "yes".into(),
            under_branch: "yes".into(),
        };
        let v =
            validate_branch(&input, "深圳市电子商会", OrgType::SocialGroup, &BranchRules::default(), today()).unwrap();
        assert_eq!(
            v.anomalies,
            vec!["trade_anom_branch_regional", "trade_anom_branch_nested", "trade_anom_branch_name"]
        );
        let err = validate_branch(
            &BranchInput { established_on: "2027-01-01".into(), ..input },
            "深圳市电子商会",
            OrgType::SocialGroup,
            &BranchRules::default(),
            today(),
        )
        .unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("established_on", "err_date_future")]);
    }

    #[test]
    fn awards_and_forums() {
        let a = AwardInput {
            year: "2026".into(),
            name: "优秀会员企业".into(),
            approval_no: "".into(),
            approved_by: "".into(),
            fee_charged: "yes".into(),
        };
        assert_eq!(
            validate_award(&a, today()).unwrap().anomalies,
            vec!["trade_anom_award_unapproved", "trade_anom_award_fee"]
        );
        let f = ForumInput {
            name: "湾区电子产业论坛".into(),
            held_on: "2026-05-20".into(),
            co_organizers: "".into(),
            fee_charged: "no".into(),
            approval_ref: "".into(),
        };
        assert_eq!(validate_forum(&f, today()).unwrap().anomalies, vec!["trade_anom_forum_unfiled"]);
        let err = validate_forum(&ForumInput { fee_charged: "maybe".into(), ..f }, today()).unwrap_err();
        assert_eq!(err.fields(), &[FieldError::new("fee_charged", "err_invalid_choice")]);
    }
}
