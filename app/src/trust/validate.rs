//! The trusts' form checks, every field at once.

use chrono::NaiveDate;

use super::types::{ChangeInput, FilingInput, ReportInput};
use crate::domain::input::{is_email, Lines};
use crate::domain::money;
use crate::domain::trust::{Purpose, TrusteeKind, CHANGE_KINDS};
use crate::error::{AppError, Errors};

fn amount(e: &mut Errors, field: &str, raw: &str) -> Option<i64> {
    match money::parse_yuan(raw) {
        Ok(v) => Some(v),
        Err(err) => {
            e.add(field, err.message_key());
            None
        }
    }
}

/// A filing as checked.
pub struct Filing {
    pub name: String,
    pub trustee_name: String,
    pub contact_email: String,
    /// (name, natural person)
    pub settlors: Vec<(String, bool)>,
    pub supervisor: String,
    pub purposes: Vec<Purpose>,
    pub purpose_note: String,
    pub size_fen: i64,
    pub start_on: NaiveDate,
    pub end_on: Option<NaiveDate>,
    pub beneficiaries: String,
    pub signed_on: NaiveDate,
}

fn lines_of(s: &str) -> Vec<String> {
    s.lines().map(str::trim).filter(|l| !l.is_empty()).map(String::from).collect()
}

/// Checks a filing by a trustee of `kind` (a trust company's name and
/// e-mail are typed; a charity's come from the register).
pub fn filing(input: &FilingInput, kind: TrusteeKind, today: NaiveDate) -> Result<Filing, AppError> {
    let mut e = Errors::default();
    let name = e.text("name", &input.name, 200, Lines::Single).to_string();
    e.required("name", &name);
    let trustee_name = e.text("trustee_name", &input.trustee_name, 200, Lines::Single).to_string();
    let contact_email = e.text("contact_email", &input.contact_email, 254, Lines::Single).to_string();
    if kind == TrusteeKind::Company {
        e.required("trustee_name", &trustee_name);
        if contact_email.is_empty() {
            e.add("contact_email", "err_required");
        } else if !is_email(&contact_email) {
            e.add("contact_email", "err_email");
        }
    }
    let persons = e.text("settlor_persons", &input.settlor_persons, 2000, Lines::Multi).to_string();
    let orgs = e.text("settlor_orgs", &input.settlor_orgs, 2000, Lines::Multi).to_string();
    let mut settlors: Vec<(String, bool)> = lines_of(&persons).into_iter().map(|n| (n, true)).collect();
    settlors.extend(lines_of(&orgs).into_iter().map(|n| (n, false)));
    if settlors.is_empty() {
        e.add("settlor_persons", "tr_err_no_settlor");
    }
    if settlors.iter().any(|(n, _)| n.chars().count() > 100) {
        e.add("settlor_persons", "err_too_long");
    }
    let supervisor = e.text("supervisor", &input.supervisor, 200, Lines::Single).to_string();
    let mut purposes = Vec::new();
    for code in input.purposes.split(',').map(str::trim).filter(|c| !c.is_empty()) {
        match Purpose::parse(code) {
            Some(p) if !purposes.contains(&p) => purposes.push(p),
            Some(_) => {}
            None => {
                e.add("purposes", "err_invalid_choice");
                break;
            }
        }
    }
    if purposes.is_empty() && !e.0.iter().any(|f| f.field == "purposes") {
        e.add("purposes", "err_choose");
    }
    let purpose_note = e.text("purpose_note", &input.purpose_note, 2000, Lines::Multi).to_string();
    if purposes.contains(&Purpose::Other) {
        e.required("purpose_note", &purpose_note);
    }
    let size_fen = amount(&mut e, "size", &input.size);
    if size_fen == Some(0) {
        e.add("size", "tr_err_size_zero");
    }
    let start_on = e.date("start_on", &input.start_on);
    let end_on = e.optional_date("end_on", &input.end_on);
    if let (Some(s), Some(end)) = (start_on, end_on) {
        if end <= s {
            e.add("end_on", "tr_err_end_before_start");
        }
    }
    let beneficiaries = e.text("beneficiaries", &input.beneficiaries, 5000, Lines::Multi).to_string();
    e.required("beneficiaries", &beneficiaries);
    let signed_on = e.past_date("signed_on", &input.signed_on, today);
    e.into_result()?;
    let (Some(size_fen), Some(start_on), Some(signed_on)) = (size_fen, start_on, signed_on) else {
        return Err(AppError::Internal);
    };
    Ok(Filing {
        name,
        trustee_name,
        contact_email,
        settlors,
        supervisor,
        purposes,
        purpose_note,
        size_fen,
        start_on,
        end_on,
        beneficiaries,
        signed_on,
    })
}

/// Changes as checked.
pub struct Change {
    pub kinds: Vec<&'static str>,
    pub first_on: NaiveDate,
    pub last_on: NaiveDate,
    pub description: String,
    pub new_size_fen: Option<i64>,
}

pub fn change(input: &ChangeInput, today: NaiveDate) -> Result<Change, AppError> {
    let mut e = Errors::default();
    let checked = [
        &input.kind_trustee,
        &input.kind_supervisor,
        &input.kind_size,
        &input.kind_term,
        &input.kind_purpose,
        &input.kind_beneficiaries,
        &input.kind_other,
    ];
    let kinds: Vec<&'static str> =
        CHANGE_KINDS.iter().zip(checked).filter(|(_, v)| !v.trim().is_empty()).map(|(k, _)| *k).collect();
    if kinds.is_empty() {
        e.add("kinds", "err_choose");
    }
    let first_on = e.past_date("first_on", &input.first_on, today);
    let last_on =
        if input.last_on.trim().is_empty() { first_on } else { e.past_date("last_on", &input.last_on, today) };
    if let (Some(f), Some(l)) = (first_on, last_on) {
        if l < f {
            e.add("last_on", "tr_err_last_before_first");
        }
    }
    let description = e.text("description", &input.description, 5000, Lines::Multi).to_string();
    e.required("description", &description);
    let new_size_fen = if input.new_size.trim().is_empty() {
        if kinds.contains(&"size") {
            e.add("new_size", "err_required");
        }
        None
    } else {
        amount(&mut e, "new_size", &input.new_size)
    };
    e.into_result()?;
    let (Some(first_on), Some(last_on)) = (first_on, last_on) else { return Err(AppError::Internal) };
    Ok(Change { kinds, first_on, last_on, description, new_size_fen })
}

/// A yearly report as checked.
pub struct Report {
    pub year: i32,
    pub income_fen: i64,
    pub spending_fen: i64,
    pub charitable_fen: i64,
    pub assets_fen: i64,
    pub note: String,
}

pub fn report(input: &ReportInput) -> Result<Report, AppError> {
    let mut e = Errors::default();
    let year = e.take(crate::domain::input::parse_year("year", &input.year));
    let income = amount(&mut e, "income", &input.income);
    let spending = amount(&mut e, "spending", &input.spending);
    let charitable = amount(&mut e, "charitable", &input.charitable);
    let assets = amount(&mut e, "assets", &input.assets);
    if let (Some(s), Some(c)) = (spending, charitable) {
        if c > s {
            e.add("charitable", "tr_err_charitable_over_spending");
        }
    }
    let note = e.text("note", &input.note, 5000, Lines::Multi).to_string();
    e.into_result()?;
    let (Some(year), Some(income_fen), Some(spending_fen), Some(charitable_fen), Some(assets_fen)) =
        (year, income, spending, charitable, assets)
    else {
        return Err(AppError::Internal);
    };
    Ok(Report { year, income_fen, spending_fen, charitable_fen, assets_fen, note })
}
