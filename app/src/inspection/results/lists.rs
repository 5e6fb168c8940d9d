//! Each inspector's list by e-mail (with its CSV attachment), resending it,
//! and the delivery of every list.

use chrono::Utc;
use entity::{inspection_campaign as campaign, inspector, mail_outbox};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, EntityTrait};
use serde_json::json;

use super::super::mails::InspectionList;
use super::super::types::*;
use super::{target_views, LIST_CSV_HEADER};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::error::AppError;
use crate::kernel::clock::stamp;
use crate::mail::service::{send, Attachment};
use crate::state::Settings;

/// The list of one inspector in a campaign of `targets`: the letter and its CSV attachment.
fn list_mail(
    settings: &Settings,
    c: &campaign::Model,
    i: &inspector::Model,
    targets: &[TargetView],
) -> Result<(InspectionList, Attachment), DbErr> {
    let mine: Vec<&TargetView> =
        targets.iter().filter(|t| t.inspectors.iter().any(|a| a.inspector_id == i.id)).collect();
    let period = format!("{} 至 {}", c.period_from, c.period_to);
    let items = c.items.lines().collect::<Vec<_>>().join("；");
    let mut w = crate::kernel::csv::CsvRows::new();
    w.push(LIST_CSV_HEADER)?;
    let mut lines = String::new();
    for (n, t) in mine.iter().enumerate() {
        let others: Vec<String> = t
            .inspectors
            .iter()
            .filter(|a| a.inspector_id != i.id)
            .map(|a| format!("{}（{}）", a.name, a.unit))
            .collect();
        let others = others.join("、");
        w.push([
            (n + 1).to_string().as_str(),
            &t.org_name,
            &t.credit_code,
            &t.district,
            &t.address,
            &t.contact,
            &others,
            &period,
            &items,
        ])?;
        lines.push_str(&format!(
            "{}. {}（{}）\n   住所：{}（{}）\n   联系人：{}\n   同组检查人员：{}\n",
            n + 1,
            t.org_name,
            t.credit_code,
            t.address,
            t.district,
            t.contact,
            others
        ));
    }
    let csv = String::from_utf8(w.finish()?).map_err(|e| DbErr::Custom(e.to_string()))?;
    let letter = InspectionList {
        name: i.name.clone(),
        campaign: c.name.clone(),
        from: c.period_from.to_string(),
        to: c.period_to.to_string(),
        n: mine.len(),
        lines,
        items,
        url: settings.public_url.trim_end_matches('/').to_string(),
        bureau: settings.bureau_name.clone(),
    };
    let attachment = Attachment {
        name: format!("inspection-{}-{}.csv", c.id, i.id),
        mime: "text/csv; charset=utf-8".into(),
        body: format!("\u{feff}{csv}"),
    };
    Ok((letter, attachment))
}

/// Queues the lists of `inspector_ids` and records them against the
/// campaign (its targets are read once); returns the mail ids.
pub async fn send_lists<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    campaign_id: i64,
    inspector_ids: &[i64],
) -> Result<Vec<i64>, AppError> {
    let c = campaign::Entity::find_by_id(campaign_id).one(db).await?.ok_or(AppError::NotFound)?;
    let targets = target_views(db, campaign_id, crate::kernel::clock::today()).await?;
    let mut mail_ids = Vec::with_capacity(inspector_ids.len());
    for inspector_id in inspector_ids {
        let i = inspector::Entity::find_by_id(*inspector_id).one(db).await?.ok_or(AppError::NotFound)?;
        let (letter, attachment) = list_mail(settings, &c, &i, &targets)?;
        let mail_id = send(db, &i.email, &letter, Some(attachment)).await?;
        db::exec(
            db,
            "INSERT INTO inspection_mail (campaign_id, inspector_id, mail_id, created_at) VALUES (?, ?, ?, ?)",
            vec![campaign_id.into(), (*inspector_id).into(), mail_id.into(), Utc::now().into()],
        )
        .await?;
        mail_ids.push(mail_id);
    }
    Ok(mail_ids)
}

/// Sends an inspector's list again (an officer's decision, recorded).
pub async fn resend(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    campaign_id: i64,
    inspector_id: i64,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let assigned = db::count_from(
        &txn,
        "FROM inspection_assignment WHERE campaign_id = ? AND inspector_id = ?",
        vec![campaign_id.into(), inspector_id.into()],
    )
    .await?;
    if assigned == 0 {
        return Err(AppError::NotFound);
    }
    let mail_id = send_lists(&txn, settings, campaign_id, &[inspector_id]).await?[0];
    audit::record(
        &txn,
        actor,
        Entry {
            action: "campaign_resend_list",
            entity: "inspection_campaign",
            entity_id: campaign_id.to_string(),
            before: None,
            after: Some(json!({ "inspector_id": inspector_id, "mail_id": mail_id })),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Delivery of each inspector's latest list.
pub async fn mail_status<C: ConnectionTrait>(db: &C, campaign_id: i64) -> Result<Vec<MailStatusView>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT i.id, i.name, i.email, COUNT(*) AS n FROM inspection_assignment a \
             JOIN inspector i ON i.id = a.inspector_id WHERE a.campaign_id = ? GROUP BY i.id, i.name, i.email ORDER BY i.id",
            vec![campaign_id.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        let inspector_id: i64 = r.try_get("", "id")?;
        let mails = db
            .query_all_raw(db::stmt(
                db.get_database_backend(),
                "SELECT mail_id FROM inspection_mail WHERE campaign_id = ? AND inspector_id = ? ORDER BY id DESC",
                vec![campaign_id.into(), inspector_id.into()],
            ))
            .await?;
        let latest: Option<i64> = mails.first().map(|m| m.try_get("", "mail_id")).transpose()?;
        let m = match latest {
            Some(id) => mail_outbox::Entity::find_by_id(id).one(db).await?,
            None => None,
        };
        out.push(MailStatusView {
            inspector_id,
            name: r.try_get("", "name")?,
            email: r.try_get("", "email")?,
            targets: r.try_get("", "n")?,
            mails: mails.len() as i64,
            status: m.as_ref().map(|m| m.status.clone()).unwrap_or_else(|| "none".into()),
            attempts: m.as_ref().map(|m| m.attempts).unwrap_or(0),
            last_error: m.as_ref().and_then(|m| m.last_error.clone()).unwrap_or_default(),
            sent_at: m.as_ref().and_then(|m| m.sent_at).map(stamp).unwrap_or_default(),
        });
    }
    Ok(out)
}
