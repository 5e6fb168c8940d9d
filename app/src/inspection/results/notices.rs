//! What a drawn organization is told: the inspection notice (检查通知书) when
//! it is drawn, and at publication its result or, for "rectify", the
//! rectification notice (整改通知书) with the rectification it orders; both
//! list the checklist items answered "not compliant", with their notes.
//!
//! Each mail goes to the organization's contact e-mail (`organization.
//! contact_email`) in the transaction of the draw or of the publication; an
//! organization without one gets none (its portal still shows its
//! rectifications). Outlets have no e-mail address on record: nothing is
//! written for them, and a published outlet result orders no rectification
//! here (the lottery feature follows its outlets' findings).

use chrono::{NaiveDate, Utc};
use entity::{inspection_campaign as campaign, inspection_rectification as rectification, inspection_target as target};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, Set};

use super::super::mails::{InspectionNotice, InspectionResult, RectificationNotice};
use super::rectifications::rectification_json;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::domain::inspection::{self as rules, RectificationStatus};
use crate::error::AppError;
use crate::inspection::types::ItemAnswerView;
use crate::mail::service::send;
use crate::mail::MAIL_LANG;
use crate::state::Settings;

/// A drawn organization as the notice needs it.
pub struct Addressee<'a> {
    pub name: &'a str,
    pub code: &'a str,
    /// The contact e-mail; blank when there is none.
    pub email: &'a str,
}

fn site(settings: &Settings) -> String {
    settings.public_url.trim_end_matches('/').to_string()
}

/// Queues the inspection notice of campaign `c` to each of `orgs` with an
/// e-mail address; returns how many were queued.
pub async fn notify_drawn<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    c: &campaign::Model,
    orgs: &[Addressee<'_>],
    today: NaiveDate,
) -> Result<usize, DbErr> {
    let items: Vec<String> =
        c.items.lines().filter(|l| !l.trim().is_empty()).enumerate().map(|(n, i)| format!("{}. {i}", n + 1)).collect();
    let mut queued = 0;
    for o in orgs {
        let to = o.email.trim();
        if to.is_empty() {
            continue;
        }
        let letter = InspectionNotice {
            org: o.name.to_string(),
            code: o.code.to_string(),
            campaign: c.name.clone(),
            campaign_id: c.id,
            from: c.period_from.to_string(),
            to: c.period_to.to_string(),
            items: items.join("\n"),
            url: site(settings),
            bureau: settings.bureau_name.clone(),
            date: today.to_string(),
        };
        send(db, to, &letter, None).await?;
        queued += 1;
    }
    Ok(queued)
}

/// What a publication set going: the result mails queued and the
/// rectifications ordered.
pub struct Followed {
    pub mails: usize,
    pub rectifications: Vec<i64>,
}

/// The findings a letter states: the result's findings, then the checklist
/// items answered "not compliant" with their notes (in the mail's language;
/// nothing added when there are none).
fn with_failed_items(findings: &str, answers: &[ItemAnswerView]) -> String {
    let lines = super::answer_lines(MAIL_LANG, answers, true);
    if lines.is_empty() {
        return findings.to_string();
    }
    let heading = crate::i18n::lookup(MAIL_LANG, "mail_inspection_failed_items");
    let block = format!("{heading}\n{}", lines.join("\n"));
    if findings.is_empty() {
        block
    } else {
        format!("{findings}\n\n{block}")
    }
}

/// Follows the publication on `today` of `published` (targets of campaign
/// `c`, as they were confirmed): each organization is mailed its result, and
/// a "rectify" result orders a rectification due `INSPECTION_RECTIFY_DAYS`
/// after today, with its rectification notice and its audit record.
pub async fn follow_publication(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    c: &campaign::Model,
    published: &[target::Model],
    today: NaiveDate,
) -> Result<Followed, AppError> {
    let mut out = Followed { mails: 0, rectifications: Vec::new() };
    let mut entries = Vec::new();
    let ids: Vec<i64> = published.iter().map(|t| t.id).collect();
    let mut answered = super::answers_of(txn, &ids).await?;
    for t in published.iter().filter(|t| t.object_kind == "org") {
        let failed = with_failed_items(t.findings.trim(), &answered.remove(&t.id).unwrap_or_default());
        let Some(o) = entity::organization::Entity::find_by_id(t.object_id).one(txn).await? else {
            tracing::error!(target = t.id, org = t.object_id, "an inspected organization is missing");
            return Err(AppError::Internal);
        };
        let to = o.contact_email.trim();
        let inspected_on = t.inspected_on.map(|d| d.to_string()).unwrap_or_default();
        let outcome = t.outcome.as_deref().unwrap_or("none");
        if outcome == "rectify" {
            let due = rules::rectification_due(today, settings.inspection_rectify_days);
            let now = Utc::now();
            let r = rectification::ActiveModel {
                target_id: Set(t.id),
                org_id: Set(o.id),
                findings: Set(t.findings.clone()),
                ordered_on: Set(today),
                due_on: Set(due),
                status: Set(RectificationStatus::Ordered.as_str().into()),
                created_at: Set(now),
                updated_at: Set(now),
                version: Set(0),
                ..Default::default()
            }
            .insert(txn)
            .await?;
            entries.push(Entry {
                action: "rectification_order",
                entity: "inspection_rectification",
                entity_id: r.id.to_string(),
                before: None,
                after: Some(rectification_json(&r)),
            });
            out.rectifications.push(r.id);
            if !to.is_empty() {
                let letter = RectificationNotice {
                    org: o.name.clone(),
                    code: o.credit_code.clone(),
                    campaign: c.name.clone(),
                    campaign_id: c.id,
                    inspected_on,
                    published_on: today.to_string(),
                    findings: failed,
                    due: due.to_string(),
                    days: settings.inspection_rectify_days,
                    url: site(settings),
                    bureau: settings.bureau_name.clone(),
                };
                send(txn, to, &letter, None).await?;
                out.mails += 1;
            }
        } else if !to.is_empty() {
            let findings = failed;
            let letter = InspectionResult {
                org: o.name.clone(),
                campaign: c.name.clone(),
                campaign_id: c.id,
                inspected_on,
                published_on: today.to_string(),
                outcome: crate::i18n::coded(MAIL_LANG, "insp_outcome_", outcome, "none").to_string(),
                findings: if findings.is_empty() { "—".into() } else { findings },
                url: site(settings),
                bureau: settings.bureau_name.clone(),
            };
            send(txn, to, &letter, None).await?;
            out.mails += 1;
        }
    }
    if !entries.is_empty() {
        audit::record_many(txn, actor, entries).await?;
    }
    Ok(out)
}
