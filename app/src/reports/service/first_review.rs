//! The supervisory unit's first review (初审, §3.1) of reports of its
//! organizations: passed on to the registry with the unit's opinion, or
//! returned to the organization with the reason (e-mailed). A report of an
//! organization with a unit reaches the unit on submission (`save`).

use super::*;
use crate::reports::mails::{ReportReturnedByUnit, ReportWaitsForUnit};

/// The unit `unit_id` passes (`pass`) or returns (`return`) report `id` of one
/// of its organizations; a report of another unit's organization is not found.
pub async fn first_review(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    unit_id: i64,
    unit_name: &str,
    id: i64,
    input: &FirstReviewInput,
) -> Result<(), AppError> {
    let comment = input.comment.trim();
    let mut e = Errors::default();
    let action = match input.decision.as_str() {
        "pass" => Some(ReportAction::UnitPass),
        "return" => Some(ReportAction::UnitReturn),
        _ => {
            e.choice("decision", &input.decision);
            None
        }
    };
    e.required("comment", comment);
    e.max_len("comment", comment, rules::MAX_TEXT);
    e.into_result()?;
    let action = action.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let r = annual_report::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let o = organization::Entity::find_by_id(r.org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if o.supervisory_unit_id != Some(unit_id) {
        return Err(AppError::NotFound);
    }
    let next = rules::report_next(Some(status_of(&r)?), action).map_err(|k| AppError::Conflict(k.into()))?;
    let year = r.report_year;
    let version = r.version + 1;
    let mut am: annual_report::ActiveModel = r.into();
    am.status = Set(next.as_str().into());
    if action == ReportAction::UnitReturn {
        am.return_comment = Set(Some(comment.to_string()));
        add_event(&txn, id, "unit_returned", comment, actor).await?;
        let link = format!("{}/portal/reports/{year}", settings.public_url);
        let letter = ReportReturnedByUnit {
            unit: unit_name.to_string(),
            org: o.name.clone(),
            year,
            comment: comment.to_string(),
            link,
            bureau: settings.bureau_name.clone(),
        };
        mail_org(&txn, &o, &letter).await?;
    } else {
        add_event(&txn, id, "unit_passed", comment, actor).await?;
    }
    am.updated_at = Set(Utc::now());
    am.version = Set(version);
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: if action == ReportAction::UnitReturn { "report_unit_return" } else { "report_unit_pass" },
            entity: "annual_report",
            entity_id: id.to_string(),
            before: Some(json!({"status": ReportStatus::UnitReview.as_str()})),
            after: Some(json!({"status": next.as_str(), "unit_id": unit_id, "comment": comment})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Tells the unit `unit_id` that the report `report_id` of organization
/// `org` waits for its first review: one mail to each address of the unit
/// (its contact and its active users), in the submission's transaction.
pub async fn mail_unit_waiting(
    txn: &DatabaseTransaction,
    to_unit: &UnitMailing,
    org: &str,
    report_id: i64,
    year: i32,
) -> Result<(), DbErr> {
    let Some((unit, addresses)) = crate::units::service::addresses(txn, to_unit.unit_id).await? else {
        return Ok(());
    };
    let letter = ReportWaitsForUnit {
        unit,
        org: org.to_string(),
        year,
        link: format!("{}/unit/reports/{report_id}", to_unit.public_url),
        bureau: to_unit.bureau.clone(),
    };
    for to in addresses {
        crate::mail::service::send(txn, &to, &letter, None).await?;
    }
    Ok(())
}

/// Where a submission of an organization with a unit goes: the unit, and
/// what its mail needs of the settings.
#[derive(Clone, Debug)]
pub struct UnitMailing {
    pub unit_id: i64,
    pub public_url: String,
    pub bureau: String,
}
