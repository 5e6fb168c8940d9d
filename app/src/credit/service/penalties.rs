//! Administrative penalties and returned registered letters, with the
//! listings they cause.

use chrono::{NaiveDate, Utc};
use entity::{organization, penalty, returned_letter};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, EntityTrait, Set};
use serde_json::json;

use super::lists::list_in;
use super::scores::rescore;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::credit::types::*;
use crate::db;
use crate::domain::credit::{self as rules, PenaltyKind};
use crate::domain::money;
use crate::error::{AppError, Errors};
use crate::state::Settings;

/// Records an administrative penalty and the listings it causes (the
/// officers' form for a penalty decided outside a case).
pub async fn record_penalty(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &PenaltyInput,
) -> Result<Vec<&'static str>, AppError> {
    let mut e = Errors::default();
    let kind = PenaltyKind::parse(&input.kind);
    if kind.is_none() {
        e.choice("kind", &input.kind);
    }
    let amount = if kind == Some(PenaltyKind::Fine) {
        match money::parse_yuan(&input.amount) {
            Ok(0) => {
                e.add("amount", "err_required");
                0
            }
            Ok(v) => v,
            Err(err) => {
                e.add("amount", err.message_key());
                0
            }
        }
    } else {
        0
    };
    let on = e.date("decided_on", &input.decided_on);
    e.required("facts", &input.facts);
    e.required("basis", &input.basis);
    e.max_len("facts", &input.facts, 2000);
    e.max_len("basis", &input.basis, 500);
    e.into_result()?;
    let (kind, on) = (kind.ok_or(AppError::Internal)?, on.ok_or(AppError::Internal)?);
    let today = crate::kernel::clock::today();
    if on > today {
        return Err(AppError::field("decided_on", "err_date_future"));
    }
    let txn = db::begin_write(db).await?;
    organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    let penalty = NewPenalty {
        kind,
        amount_fen: amount,
        decided_on: on,
        facts: input.facts.trim(),
        basis: input.basis.trim(),
        case_id: None,
    };
    let listings = record_penalties_in(&txn, settings, actor, org_id, &[penalty]).await?;
    rescore(&txn, settings, &[org_id], today).await?;
    txn.commit().await?;
    Ok(listings)
}

/// One penalty of a decision, as the credit record keeps it.
pub struct NewPenalty<'a> {
    pub kind: PenaltyKind,
    /// The fine's amount in 分 (0 for the other kinds).
    pub amount_fen: i64,
    pub decided_on: NaiveDate,
    pub facts: &'a str,
    pub basis: &'a str,
    /// The penalty case whose decision imposes it (its annulment voids it).
    pub case_id: Option<i64>,
}

/// Records the penalties of one decision against an organization inside the
/// caller's transaction: a `penalty` row each, the listings they cause (each
/// list reason once; the decision's penalties are not "earlier" penalties of
/// one another) and an audit record each. The officers' penalty form and a
/// penalty case's decision both come here. The caller rescores.
pub async fn record_penalties_in(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    penalties: &[NewPenalty<'_>],
) -> Result<Vec<&'static str>, AppError> {
    let earlier: Vec<NaiveDate> = txn
        .query_all_raw(db::stmt(
            txn.get_database_backend(),
            "SELECT kind, amount_fen, decided_on FROM penalty WHERE org_id = ? AND annulled_on IS NULL",
            vec![org_id.into()],
        ))
        .await?
        .iter()
        .filter_map(|r| {
            let k = PenaltyKind::parse(&r.try_get::<String>("", "kind").ok()?)?;
            let a: i64 = r.try_get("", "amount_fen").ok()?;
            let d: NaiveDate = r.try_get("", "decided_on").ok()?;
            rules::minor(k, a).then_some(d)
        })
        .collect();
    let mut all: Vec<&'static str> = Vec::new();
    for p in penalties {
        let penalty_id = penalty::ActiveModel {
            org_id: Set(org_id),
            kind: Set(p.kind.as_str().to_string()),
            amount_fen: Set(p.amount_fen),
            decided_on: Set(p.decided_on),
            deciding_office: Set(settings.bureau_name.clone()),
            facts: Set(p.facts.to_string()),
            basis: Set(p.basis.to_string()),
            created_by: Set(actor.id),
            created_at: Set(Utc::now()),
            case_id: Set(p.case_id),
            ..Default::default()
        }
        .insert(txn)
        .await?
        .id;
        let mut listings = Vec::new();
        for reason in rules::penalty_listings(p.kind, p.amount_fen, p.decided_on, &earlier) {
            if all.contains(&reason) {
                continue;
            }
            all.push(reason);
            listings.push(reason);
            let source = format!("penalty-{penalty_id}");
            list_in(txn, org_id, reason, &source, p.decided_on, &settings.bureau_name, p.facts, actor.id).await?;
        }
        audit::record(
            txn,
            actor,
            Entry {
                action: "penalty",
                entity: "organization",
                entity_id: org_id.to_string(),
                before: None,
                after: Some(json!({
                    "kind": p.kind.as_str(), "amount_fen": p.amount_fen,
                    "decided_on": p.decided_on.to_string(), "listings": listings,
                })),
            },
        )
        .await?;
    }
    Ok(all)
}

/// Voids the penalties case `case_id`'s decision recorded, its decision
/// having been annulled on `day`, inside the caller's transaction: each row
/// is kept with its `annulled_on` (the record shows the annulment; lists,
/// scores and repetition counts skip it), the list entries it caused are
/// removed as `annulled`, and each gets an audit record. The caller rescores.
/// Returns the organizations touched.
pub async fn annul_case_penalties_in(
    txn: &DatabaseTransaction,
    actor: &Actor,
    case_id: i64,
    day: NaiveDate,
) -> Result<Vec<i64>, AppError> {
    let rows: Vec<penalty::Model> = {
        use sea_orm::{ColumnTrait, QueryFilter};
        penalty::Entity::find()
            .filter(penalty::Column::CaseId.eq(case_id))
            .filter(penalty::Column::AnnulledOn.is_null())
            .all(txn)
            .await?
    };
    let mut orgs = Vec::new();
    for p in rows {
        db::exec(txn, "UPDATE penalty SET annulled_on = ? WHERE id = ?", vec![day.into(), p.id.into()]).await?;
        let removed = db::exec(
            txn,
            "UPDATE credit_entry SET removed_on = ?, removal_reason = 'annulled' WHERE ref = ? AND removed_on IS NULL",
            vec![day.into(), format!("penalty-{}", p.id).into()],
        )
        .await?;
        audit::record(
            txn,
            actor,
            Entry {
                action: "penalty_annul",
                entity: "organization",
                entity_id: p.org_id.to_string(),
                before: Some(json!({"penalty_id": p.id, "kind": p.kind, "amount_fen": p.amount_fen})),
                after: Some(json!({"annulled_on": day.to_string(), "case_id": case_id, "entries_removed": removed})),
            },
        )
        .await?;
        if !orgs.contains(&p.org_id) {
            orgs.push(p.org_id);
        }
    }
    Ok(orgs)
}

/// Records a registered letter returned unsigned; the second one within the
/// configured window lists the organization as unreachable.
pub async fn record_letter(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &LetterInput,
) -> Result<bool, AppError> {
    let mut e = Errors::default();
    let on = e.date("sent_on", &input.sent_on);
    e.max_len("note", &input.note, 500);
    e.into_result()?;
    let on = on.ok_or(AppError::Internal)?;
    let today = crate::kernel::clock::today();
    if on > today {
        return Err(AppError::field("sent_on", "err_date_future"));
    }
    let txn = db::begin_write(db).await?;
    organization::Entity::find_by_id(org_id).one(&txn).await?.ok_or(AppError::NotFound)?;
    returned_letter::ActiveModel {
        org_id: Set(org_id),
        sent_on: Set(on),
        note: Set(input.note.trim().to_string()),
        created_by: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let dates: Vec<NaiveDate> =
        db::column(&txn, "SELECT sent_on FROM returned_letter WHERE org_id = ?", vec![org_id.into()], "sent_on")
            .await?;
    let listed = if rules::unreachable(&dates, settings.unreachable_min_days, settings.unreachable_max_days) {
        let note = "两次以挂号信寄往登记住所均无人签收";
        list_in(&txn, org_id, "unreachable", "letters", on, &settings.bureau_name, note, actor.id).await?
    } else {
        false
    };
    audit::record(
        &txn,
        actor,
        Entry {
            action: "returned_letter",
            entity: "organization",
            entity_id: org_id.to_string(),
            before: None,
            after: Some(json!({"sent_on": on.to_string(), "listed_unreachable": listed})),
        },
    )
    .await?;
    rescore(&txn, settings, &[org_id], today).await?;
    txn.commit().await?;
    Ok(listed)
}
