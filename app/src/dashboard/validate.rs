//! The dashboard forms' checks (pure): a year's target, every field at once,
//! beside the measures and units in `domain::dashboard`.

use crate::dashboard::types::TargetInput;
use crate::domain::dashboard::{self as rules, Measure};
use crate::error::{AppError, Errors};

/// A checked target: year, name, measure, value in the measure's unit.
pub fn check_target(input: &TargetInput) -> Result<(i32, String, Measure, i64), AppError> {
    let mut e = Errors::default();
    let year = match input.year.trim().parse::<i32>() {
        Ok(y) if (2000..=2100).contains(&y) => Some(y),
        _ => {
            e.add("year", "err_dash_year");
            None
        }
    };
    let name = e.take(crate::domain::input::required_line("name", &input.name, 60)).unwrap_or("").to_string();
    let measure = Measure::parse(input.measure.trim());
    if measure.is_none() {
        e.choice("measure", &input.measure);
    }
    let target = measure.and_then(|m| match rules::parse_target(&input.target, m.unit()) {
        Ok(v) => Some(v),
        Err(msg) => {
            e.add("target", msg);
            None
        }
    });
    e.into_result()?;
    match (year, measure, target) {
        (Some(y), Some(m), Some(t)) => Ok((y, name, m, t)),
        _ => Err(AppError::Internal),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(year: &str, name: &str, measure: &str, target: &str) -> TargetInput {
        TargetInput { year: year.into(), name: name.into(), measure: measure.into(), target: target.into() }
    }

    fn fields(r: Result<(i32, String, Measure, i64), AppError>) -> Vec<String> {
        match r {
            Ok(_) => Vec::new(),
            Err(e) => e.fields().iter().map(|f| f.field.clone()).collect(),
        }
    }

    #[test]
    fn a_target_is_read_in_its_measures_unit() {
        // Percentages in tenths of a percent, counts as whole numbers.
        let share = check_target(&input(" 2026 ", " 参检率 ", "participation", "85.5%")).expect("passes");
        assert_eq!(share, (2026, "参检率".to_string(), Measure::Participation, 855));
        assert_eq!(Measure::Participation.unit(), rules::Unit::Percent);
        let count = check_target(&input("2026", "新增网点", "lottery_outlets", "120")).expect("passes");
        assert_eq!((count.2.unit(), count.3), (rules::Unit::Count, 120));
    }

    #[test]
    fn every_bad_field_is_named_at_once() {
        assert_eq!(fields(check_target(&input("1999", "", "nonsense", "x"))), vec!["year", "name", "measure"]);
        assert_eq!(fields(check_target(&input("2101", "a", Measure::ALL[0].as_str(), "x"))), vec!["year", "target"]);
    }
}
