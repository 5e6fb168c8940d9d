//! The officer's return or conclusion, and the public conclusions.

use super::*;

pub(super) fn conclusion_zh(c: &str) -> &'static str {
    crate::i18n::coded(crate::i18n::Lang::Zh, "rpt_conclusion_", c, "unqualified")
}

/// An officer returns a submitted report for correction (comment required,
/// the organization is e-mailed) or concludes it (合格 / 基本合格 / 不合格;
/// reasons required unless 合格).
pub async fn review(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ReviewInput,
) -> Result<(), AppError> {
    let comment = input.comment.trim();
    let mut e = Errors::default();
    match input.decision.as_str() {
        "return" => e.required("comment", comment),
        "conclude" => {
            if !CONCLUSIONS.contains(&input.conclusion.as_str()) {
                e.choice("conclusion", &input.conclusion);
            } else if input.conclusion != "qualified" {
                e.required("comment", comment);
            }
        }
        _ => e.choice("decision", &input.decision),
    }
    e.max_len("comment", comment, rules::MAX_TEXT);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let r = annual_report::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let action = if input.decision == "return" { ReportAction::Return } else { ReportAction::Conclude };
    let next = rules::report_next(Some(status_of(&r)?), action).map_err(|k| AppError::Conflict(k.into()))?;
    let o = organization::Entity::find_by_id(r.org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let now = Utc::now();
    let year = r.report_year;
    let mut am: annual_report::ActiveModel = r.into();
    let link = format!("{}/portal/reports/{year}", settings.public_url);
    let (bureau, org) = (settings.bureau_name.clone(), o.name.clone());
    if input.decision == "return" {
        am.status = Set(next.as_str().into());
        am.return_comment = Set(Some(comment.to_string()));
        add_event(&txn, id, "returned", comment, actor).await?;
        mail_org(&txn, &o, &ReportReturned { bureau, org, year, comment: comment.to_string(), link }).await?;
    } else {
        am.status = Set(next.as_str().into());
        am.conclusion = Set(Some(input.conclusion.clone()));
        am.conclusion_reason = Set(Some(comment.to_string()));
        am.concluded_at = Set(Some(now));
        am.concluded_by = Set(actor.id);
        add_event(&txn, id, &format!("concluded_{}", input.conclusion), comment, actor).await?;
        let conclusion = conclusion_zh(&input.conclusion).to_string();
        if comment.is_empty() {
            mail_org(&txn, &o, &ReportConcludedBare { bureau, org, year, conclusion, link }).await?;
        } else {
            let letter = ReportConcluded { bureau, org, year, conclusion, comment: comment.to_string(), link };
            mail_org(&txn, &o, &letter).await?;
        }
    }
    am.updated_at = Set(now);
    let version = am.version.clone().unwrap() + 1;
    am.version = Set(version);
    am.update(&txn).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: if input.decision == "return" { "report_return" } else { "report_conclude" },
            entity: "annual_report",
            entity_id: id.to_string(),
            before: Some(json!({"status": ReportStatus::Submitted.as_str()})),
            after: Some(json!({"decision": input.decision, "conclusion": input.conclusion, "comment": comment})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Public conclusions of an organization, with summary figures only.
pub async fn public_conclusions<C: ConnectionTrait>(db: &C, org_id: i64) -> Result<Vec<PublicConclusion>, DbErr> {
    let rows = annual_report::Entity::find()
        .filter(annual_report::Column::OrgId.eq(org_id))
        .filter(annual_report::Column::Status.eq(ReportStatus::Concluded.as_str()))
        .order_by_desc(annual_report::Column::ReportYear)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(PublicConclusion { year: r.report_year, conclusion: r.conclusion.clone()?, figures: figures_of(&r)? })
        })
        .collect())
}
