//! The checks of a report and of its files, every field at once; what needs
//! the register (which organization or outlet is meant) is the service's.

use chrono::NaiveDate;

use crate::complaints::types::{ReportInput, MAX_FILES};
use crate::domain::complaint::Subject;
use crate::domain::input::Lines;
use crate::error::{AppError, Errors};

/// The fewest characters of a description of what happened.
pub const MIN_WHAT_CHARS: usize = 10;

/// A report's fields as checked: trimmed, optional ones `None` when blank.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub subject_kind: Subject,
    pub subject: String,
    pub what: String,
    pub place: String,
    pub happened_on: Option<NaiveDate>,
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

fn opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// Checks every field of a report (not the spam checks, not the files).
pub fn check_report(input: &ReportInput, today: NaiveDate) -> Result<Checked, AppError> {
    let mut e = Errors::default();
    let kind = Subject::parse(&input.subject_kind);
    if kind.is_none() {
        e.choice("subject_kind", &input.subject_kind);
    }
    let subject = e.text("subject", &input.subject, 200, Lines::Single).to_string();
    if kind.is_some() {
        e.required("subject", &subject);
    }
    let what = e.text("what", &input.what, 5000, Lines::Multi).to_string();
    if what.is_empty() {
        e.add("what", "err_required");
    } else if what.chars().count() < MIN_WHAT_CHARS {
        e.add("what", "cpl_err_what_short");
    }
    let place = e.text("place", &input.place, 200, Lines::Single).to_string();
    e.required("place", &place);
    let happened_on =
        if input.happened_on.trim().is_empty() { None } else { e.past_date("happened_on", &input.happened_on, today) };
    let name = e.text("name", &input.name, 50, Lines::Single).to_string();
    let phone = e.text("phone", &input.phone, 30, Lines::Single).to_string();
    let phone_ok = phone.chars().all(|c| c.is_ascii_digit() || "-+ ()".contains(c))
        && (7..=20).contains(&phone.chars().filter(|c| c.is_ascii_digit()).count());
    if !phone.is_empty() && !phone_ok {
        e.add("phone", "err_phone");
    }
    let email = e.text("email", &input.email, crate::domain::input::MAX_EMAIL, Lines::Single).to_string();
    if !email.is_empty() && !crate::domain::input::is_email(&email) {
        e.add("email", "err_email");
    }
    e.into_result()?;
    Ok(Checked {
        subject_kind: kind.ok_or(AppError::Internal)?,
        subject,
        what,
        place,
        happened_on,
        name: opt(&name),
        phone: opt(&phone),
        email: opt(&email),
    })
}

/// A file as received: its name and bytes.
pub struct Upload<'a> {
    pub file_name: &'a str,
    pub bytes: &'a [u8],
}

/// A checked file: its type read from its first bytes.
#[derive(Debug)]
pub struct CheckedFile<'a> {
    pub file_name: String,
    pub content_type: &'static str,
    pub bytes: &'a [u8],
}

/// Checks the files of a report: at most [`MAX_FILES`], each at most
/// `max_bytes`, each a PDF, PNG or JPEG by its content whatever its name says.
pub fn check_files<'a>(files: &[Upload<'a>], max_bytes: usize) -> Result<Vec<CheckedFile<'a>>, AppError> {
    let mut e = Errors::default();
    if files.len() > MAX_FILES {
        e.add("files", "cpl_err_too_many_files");
    }
    let mut out = Vec::new();
    for f in files.iter().take(MAX_FILES) {
        if f.bytes.len() > max_bytes {
            e.add("files", "err_attachment_too_large");
            continue;
        }
        match crate::kernel::files::sniff(f.bytes) {
            Some(content_type) => out.push(CheckedFile {
                file_name: crate::kernel::files::clean_file_name(f.file_name),
                content_type,
                bytes: f.bytes,
            }),
            None => e.add("files", "err_attachment_type"),
        }
    }
    e.0.dedup();
    e.into_result()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()
    }

    fn report() -> ReportInput {
        ReportInput {
            subject_kind: "unregistered".into(),
            subject: "阳光市国学研究会".into(),
            what: "以研究会名义向会员收取高额会费并颁发证书。".into(),
            place: "阳光市南山区科技园".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_report_passes_with_its_optional_fields_blank() {
        let c = check_report(&report(), today()).unwrap();
        assert_eq!((c.subject_kind, c.name, c.email, c.happened_on), (Subject::Unregistered, None, None, None));
    }

    #[test]
    fn every_problem_is_reported_at_once() {
        let bad = ReportInput {
            subject_kind: "person".into(),
            what: "太短".into(),
            place: String::new(),
            happened_on: "2026-12-31".into(),
            phone: "abc".into(),
            email: "not-an-address".into(),
            ..Default::default()
        };
        let err = check_report(&bad, today()).unwrap_err();
        let fields: Vec<(&str, &str)> = err.fields().iter().map(|f| (f.field.as_str(), f.message.as_str())).collect();
        assert_eq!(
            fields,
            vec![
                ("subject_kind", "err_invalid_choice"),
                ("what", "cpl_err_what_short"),
                ("place", "err_required"),
                ("happened_on", "err_date_future"),
                ("phone", "err_phone"),
                ("email", "err_email"),
            ]
        );
        let none = check_report(&ReportInput::default(), today()).unwrap_err();
        assert!(none.fields().iter().any(|f| f.field == "subject_kind" && f.message == "err_choose"));
    }

    #[test]
    fn files_are_judged_by_their_content() {
        let pdf = b"%PDF-1.7 ...".to_vec();
        let fake = b"MZ\x90\x00 not a pdf".to_vec();
        let ok = check_files(&[Upload { file_name: "C:\\证据\\a.pdf", bytes: &pdf }], 100).unwrap();
        assert_eq!((ok[0].file_name.as_str(), ok[0].content_type), ("a.pdf", "application/pdf"));
        let err = check_files(&[Upload { file_name: "photo.jpg", bytes: &fake }], 100).unwrap_err();
        assert_eq!(err.fields()[0].message, "err_attachment_type");
        let err = check_files(&[Upload { file_name: "a.pdf", bytes: &pdf }], 4).unwrap_err();
        assert_eq!(err.fields()[0].message, "err_attachment_too_large");
        let four: Vec<Upload> = (0..4).map(|_| Upload { file_name: "a.pdf", bytes: &pdf }).collect();
        assert_eq!(check_files(&four, 100).unwrap_err().fields()[0].message, "cpl_err_too_many_files");
    }
}
