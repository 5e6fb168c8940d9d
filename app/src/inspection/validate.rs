//! The inspection forms' checks (pure): an inspector of the directory and a
//! campaign's plan, every field at once, beside the rules in
//! `domain::inspection`.

use chrono::NaiveDate;

use crate::domain::inspection as rules;
use crate::error::{AppError, Errors};
use crate::inspection::types::{CampaignInput, InspectorInput};

/// A checked inspector form.
pub struct ValidInspector {
    pub name: String,
    pub unit: String,
    pub email: String,
    pub phone: String,
    pub cert_no: String,
    pub cert_valid_until: NaiveDate,
    pub districts: String,
    pub active: bool,
    /// The partner department as typed (code or name; blank: the bureau),
    /// resolved when written.
    pub department: String,
}

/// Checks an inspector form, every field at once.
pub fn check_inspector(input: &InspectorInput) -> Result<ValidInspector, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 50);
    e.required("unit", &input.unit);
    e.line("unit", &input.unit, 100);
    let email = input.email.trim();
    if email.is_empty() {
        e.add("email", "err_required");
    } else if !crate::domain::input::is_email(email) {
        e.add("email", "err_email");
    }
    e.line("phone", &input.phone, 30);
    let cert = input.cert_no.trim();
    if cert.is_empty() {
        e.add("cert_no", "err_required");
    } else if cert.chars().count() > 40 || !cert.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
        e.add("cert_no", "err_insp_cert_no");
    }
    let until = e.date("cert_valid_until", &input.cert_valid_until);
    e.line("districts", &input.districts, 200);
    e.line("department", &input.department, 60);
    e.into_result()?;
    Ok(ValidInspector {
        name: input.name.trim().into(),
        unit: input.unit.trim().into(),
        email: email.to_lowercase(),
        phone: input.phone.trim().into(),
        cert_no: cert.to_uppercase(),
        cert_valid_until: until.ok_or(AppError::Internal)?,
        districts: rules::parse_districts(&input.districts).join("、"),
        active: input.active.as_deref().is_some_and(|v| !v.is_empty() && v != "false" && v != "否"),
        department: input.department.trim().into(),
    })
}

fn number(e: &mut Errors, field: &str, value: &str, range: std::ops::RangeInclusive<i32>, key: &str) -> Option<i32> {
    let n = value.trim().parse::<i32>().ok().filter(|n| range.contains(n));
    if n.is_none() {
        e.add(field, key);
    }
    n
}

/// A checked campaign form.
pub struct Plan {
    pub name: String,
    pub year: i32,
    pub kind: String,
    pub object_kind: String,
    pub filter_type: String,
    pub filter_district: String,
    pub filter_credit: String,
    pub filter_rating: String,
    pub filter_trade: String,
    pub strata_by: String,
    pub size_mode: String,
    pub size_value: i32,
    pub risk_percent: i32,
    pub per_target: i32,
    pub max_per_inspector: i32,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub items: String,
    pub beacon_source: String,
    /// '' | charity
    pub population: String,
}

fn one_of(e: &mut Errors, field: &str, value: &str, allowed: &[&str]) -> String {
    let v = value.trim();
    if !allowed.contains(&v) {
        e.choice(field, v);
    }
    v.to_string()
}

/// The trade-association filter (empty, `yes` or a sector code): only social
/// groups are trade associations (`domain::trade`).
fn check_filter_trade(e: &mut Errors, raw: &str, filter_type: &str) -> String {
    let v = raw.trim();
    if v.is_empty() {
        return String::new();
    }
    let Some(value) = (if v == "yes" { Some("yes") } else { crate::domain::trade::sector_code(v) }) else {
        e.choice("filter_trade", v);
        return v.to_string();
    };
    if !filter_type.is_empty() && filter_type != "social_group" {
        e.add("filter_trade", "err_trade_not_group");
    }
    value.to_string()
}

/// Checks a campaign form, every field at once.
pub fn check_plan(input: &CampaignInput) -> Result<Plan, AppError> {
    let mut e = Errors::default();
    e.required("name", &input.name);
    e.line("name", &input.name, 100);
    let year = number(&mut e, "year", &input.year, 2000..=2100, "err_rate_year");
    let kind = one_of(&mut e, "kind", &input.kind, &rules::KINDS);
    let object = if input.object_kind.trim().is_empty() { "org" } else { input.object_kind.as_str() };
    let object_kind = one_of(&mut e, "object_kind", object, &rules::OBJECT_KINDS);
    let filter_type =
        one_of(&mut e, "filter_type", &input.filter_type, &["", "social_group", "social_service", "foundation"]);
    e.line("filter_district", &input.filter_district, 50);
    let filter_credit = one_of(&mut e, "filter_credit", &input.filter_credit, &["", "clean", "abnormal", "serious"]);
    let filter_rating = one_of(&mut e, "filter_rating", &input.filter_rating, &["", "rated", "unrated", "3a"]);
    let filter_trade = check_filter_trade(&mut e, &input.filter_trade, &filter_type);
    let strata_by = one_of(&mut e, "strata_by", &input.strata_by, &rules::STRATA_BY);
    if object_kind == "outlet" {
        // Outlets have no organization type, credit list or rating.
        if strata_by == "org_type" {
            e.add("strata_by", "err_insp_outlet_strata");
        }
        for (field, value) in [
            ("filter_type", &filter_type),
            ("filter_credit", &filter_credit),
            ("filter_rating", &filter_rating),
            ("filter_trade", &filter_trade),
        ] {
            if !value.is_empty() {
                e.add(field, "err_insp_outlet_filter");
            }
        }
    }
    let population = one_of(&mut e, "population", &input.population, &["", "charity"]);
    if object_kind == "outlet" && population == "charity" {
        e.add("population", "err_insp_outlet_filter");
    }
    let size_mode = one_of(&mut e, "size_mode", &input.size_mode, &["percent", "count"]);
    let size_value = if size_mode == "percent" {
        number(&mut e, "size_value", &input.size_value, 1..=100, "err_insp_percent")
    } else {
        number(&mut e, "size_value", &input.size_value, 1..=100_000, "err_insp_count")
    };
    let risk = if input.risk_percent.trim().is_empty() { "0" } else { input.risk_percent.as_str() };
    let risk_percent = number(&mut e, "risk_percent", risk, 0..=100, "err_insp_percent0");
    let per_target =
        number(&mut e, "per_target", &input.per_target, rules::MIN_INSPECTORS as i32..=10, "err_insp_per_target");
    let max_per_inspector =
        number(&mut e, "max_per_inspector", &input.max_per_inspector, 1..=1000, "err_insp_max_per_inspector");
    let from = e.date("period_from", &input.period_from);
    let to = e.date("period_to", &input.period_to);
    if let (Some(f), Some(t)) = (from, to) {
        if t < f {
            e.add("period_to", "err_insp_period");
        }
    }
    let items: Vec<&str> =
        input.items.lines().map(crate::domain::seeded::checklist_stored).filter(|l| !l.is_empty()).collect();
    if items.is_empty() {
        e.add("items", "err_insp_items");
    }
    e.max_len("items", &input.items, 2000);
    e.required("beacon_source", &input.beacon_source);
    e.max_len("beacon_source", &input.beacon_source, 200);
    e.into_result()?;
    let (
        Some(year),
        Some(size_value),
        Some(risk_percent),
        Some(per_target),
        Some(max_per_inspector),
        Some(from),
        Some(to),
    ) = (year, size_value, risk_percent, per_target, max_per_inspector, from, to)
    else {
        return Err(AppError::Internal);
    };
    Ok(Plan {
        name: input.name.trim().into(),
        year,
        kind,
        object_kind,
        filter_type,
        filter_district: input.filter_district.trim().into(),
        filter_credit,
        filter_rating,
        filter_trade,
        strata_by,
        size_mode,
        size_value,
        risk_percent,
        per_target,
        max_per_inspector,
        period_from: from,
        period_to: to,
        items: items.join("\n"),
        beacon_source: input.beacon_source.trim().into(),
        population,
    })
}
