//! The charity forms' checks (pure): a fundraising plan, every field at once
//! with the filing-time rule of 慈善法 §22–§23, and the field helpers the
//! recognition, qualification, complaint and disclosure forms share.

use chrono::NaiveDate;

use super::types::{PlanInput, METHODS};
use crate::domain::charity as rules;
use crate::domain::money;
use crate::error::{AppError, Errors};
use crate::state::Settings;

pub fn amount(e: &mut Errors, field: &str, raw: &str) -> Option<i64> {
    match money::parse_yuan(raw) {
        Ok(v) => Some(v),
        Err(err) => {
            e.add(field, err.message_key());
            None
        }
    }
}

/// A required multi-line text (line breaks and tabs allowed), trimmed.
pub fn text(e: &mut Errors, field: &str, raw: &str, max: usize) -> String {
    e.required(field, raw);
    e.max_len(field, raw, max);
    raw.trim().to_string()
}

/// A required one-line text, trimmed.
pub fn line(e: &mut Errors, field: &str, raw: &str, max: usize) -> String {
    e.required(field, raw);
    e.line(field, raw, max);
    raw.trim().to_string()
}

pub fn on(v: &str) -> bool {
    matches!(v.trim(), "on" | "true" | "1" | "yes")
}

/// A plan's checked fields.
pub struct Plan {
    pub title: String,
    pub purpose: String,
    pub start_on: NaiveDate,
    pub end_on: NaiveDate,
    pub region: String,
    pub method: String,
    pub platform: String,
    pub target_fen: i64,
    pub uses: String,
    pub beneficiaries: String,
    pub bank_account: String,
    pub person_in_charge: String,
    pub office_address: String,
    pub cost_budget_fen: i64,
    pub leftover: String,
    pub emergency: bool,
}

/// Checks every field of a plan; `filing_on` applies the filing-time rule.
pub fn check_plan(settings: &Settings, input: &PlanInput, filing_on: Option<NaiveDate>) -> Result<Plan, AppError> {
    let mut e = Errors::default();
    let title = line(&mut e, "title", &input.title, 100);
    let purpose = text(&mut e, "purpose", &input.purpose, 2000);
    let start = e.date("start_on", &input.start_on);
    let end = e.date("end_on", &input.end_on);
    let region = line(&mut e, "region", &input.region, 200);
    let method = input.method.trim().to_string();
    if !METHODS.contains(&method.as_str()) {
        e.choice("method", &method);
    }
    let platform = input.platform.trim().to_string();
    e.line("platform", &platform, 100);
    if method == "internet" && platform.is_empty() {
        e.add("platform", "ch_err_platform_required");
    }
    // Collection boxes and events stay in the registering bureau's area (慈善法 §23).
    if (method == "box" || method == "event")
        && !region.is_empty()
        && !region.contains(&settings.region_name)
        && !settings.districts.iter().any(|d| region.contains(d.as_str()))
    {
        e.add("region", "ch_err_region_outside");
    }
    let target = amount(&mut e, "target", &input.target);
    if target == Some(0) {
        e.add("target", "ch_err_target_zero");
    }
    let uses = text(&mut e, "uses", &input.uses, 2000);
    let beneficiaries = line(&mut e, "beneficiaries", &input.beneficiaries, 500);
    let bank_account = line(&mut e, "bank_account", &input.bank_account, 200);
    let person_in_charge = line(&mut e, "person_in_charge", &input.person_in_charge, 50);
    let office_address = line(&mut e, "office_address", &input.office_address, 200);
    let cost_budget = amount(&mut e, "cost_budget", &input.cost_budget);
    let leftover = text(&mut e, "leftover", &input.leftover, 1000);
    let emergency = on(&input.emergency);
    if let (Some(s), Some(en)) = (start, end) {
        let err = match filing_on {
            Some(f) => rules::filing_error(f, s, en, emergency),
            None => (en < s).then_some(("end_on", "ch_err_end_before_start")),
        };
        if let Some((field, key)) = err {
            e.add(field, key);
        }
    }
    e.into_result()?;
    let (Some(start_on), Some(end_on), Some(target_fen), Some(cost_budget_fen)) = (start, end, target, cost_budget)
    else {
        return Err(AppError::Internal);
    };
    Ok(Plan {
        title,
        purpose,
        start_on,
        end_on,
        region,
        method,
        platform,
        target_fen,
        uses,
        beneficiaries,
        bank_account,
        person_in_charge,
        office_address,
        cost_budget_fen,
        leftover,
        emergency,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> PlanInput {
        PlanInput {
            title: "助学募捐".into(),
            purpose: "资助困难学生完成学业".into(),
            start_on: "2026-03-01".into(),
            end_on: "2026-08-31".into(),
            region: "阳光市福田区".into(),
            method: "box".into(),
            target: "100000".into(),
            uses: "学费与生活补助".into(),
            beneficiaries: "本市困难学生".into(),
            bank_account: "6222 0000 0000 0001".into(),
            person_in_charge: "张三".into(),
            office_address: "阳光市福田区一号".into(),
            cost_budget: "1000".into(),
            leftover: "转入同类项目".into(),
            ..PlanInput::default()
        }
    }

    fn fields(r: Result<Plan, AppError>) -> Vec<(String, String)> {
        match r {
            Ok(_) => Vec::new(),
            Err(e) => e.fields().iter().map(|f| (f.field.clone(), f.message.clone())).collect(),
        }
    }

    fn day(s: &str) -> Option<NaiveDate> {
        s.parse().ok()
    }

    #[test]
    fn a_complete_plan_filed_ten_days_before_its_start_passes() {
        let p = check_plan(&Settings::default(), &plan(), day("2026-02-19")).expect("passes");
        assert_eq!((p.target_fen, p.cost_budget_fen), (10_000_000, 100_000));
        assert!(!p.emergency);
    }

    #[test]
    fn filing_less_than_ten_days_before_the_start_is_refused_at_the_start_date() {
        // 慈善法 §22: a plan is filed at least ten days before the campaign starts.
        let late = fields(check_plan(&Settings::default(), &plan(), day("2026-02-20")));
        assert_eq!(late, vec![("start_on".to_string(), "ch_err_file_ten_days".to_string())]);
        // A change is not a filing: only the dates' order is checked.
        assert!(fields(check_plan(&Settings::default(), &plan(), None)).is_empty());
    }

    #[test]
    fn boxes_and_events_stay_in_the_bureaus_area_and_internet_needs_a_platform() {
        let s = Settings::default();
        let outside = PlanInput { region: "邻市".into(), ..plan() };
        assert_eq!(fields(check_plan(&s, &outside, None)), vec![("region".into(), "ch_err_region_outside".into())]);
        let internet = PlanInput { region: "全国".into(), method: "internet".into(), ..plan() };
        assert_eq!(
            fields(check_plan(&s, &internet, None)),
            vec![("platform".into(), "ch_err_platform_required".into())]
        );
        let named = PlanInput { platform: "公益平台".into(), ..internet };
        assert!(fields(check_plan(&s, &named, None)).is_empty());
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        let bad = PlanInput {
            title: String::new(),
            end_on: "2026-01-01".into(),
            method: "door".into(),
            target: "0".into(),
            cost_budget: "abc".into(),
            ..plan()
        };
        let got: Vec<String> = fields(check_plan(&Settings::default(), &bad, None)).into_iter().map(|f| f.0).collect();
        for field in ["title", "method", "target", "cost_budget", "end_on"] {
            assert!(got.iter().any(|g| g == field), "{field} not named in {got:?}");
        }
    }
}
