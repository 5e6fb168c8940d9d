//! The six synchronisations (六同步) as checks at their steps. A check belongs
//! to the step's record: registration to the organization (ref 0), a charter
//! approval or a term renewal to the registry's newest event of that kind,
//! the annual report to its year, rating to the application, inspection to
//! the inspection target. Officers record every step; the organization the
//! party-building section of its own annual report; an inspector the item of
//! a target assigned to them. A check recorded again is changed in place
//! (the audit log keeps each version). Nothing here blocks the step.

use chrono::{NaiveDate, Utc};
use entity::{annual_report, inspection_target, org_event, organization, party_sync, rating_application};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, Set, TryIntoModel,
};
use serde_json::json;

use super::org;
use super::record::status_of;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::annual_report::{declared_kind, ReportForm};
use crate::domain::input::Lines;
use crate::domain::party::{self as rules, Kind, Step};
use crate::error::{AppError, Errors};
use crate::party::types::{ItemScores, ReportDeclared, SyncInput, SyncView};

/// Who reads or records a check.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    Officer,
    /// An organization's user, of organization `.0`.
    Org(i64),
    /// An inspector's user `.0`.
    Inspector(i64),
}

/// A check's place: the organization, the step's record, whether the step happened.
struct Place {
    step: Step,
    org: organization::Model,
    ref_id: i64,
    applies: bool,
}

async fn latest_event<C: ConnectionTrait>(db: &C, org_id: i64, kind: &str) -> Result<Option<i64>, AppError> {
    Ok(org_event::Entity::find()
        .filter(org_event::Column::OrgId.eq(org_id))
        .filter(org_event::Column::Kind.eq(kind))
        .order_by_desc(org_event::Column::EventDate)
        .order_by_desc(org_event::Column::Id)
        .one(db)
        .await?
        .map(|e| e.id))
}

/// Where the check of `step` at `(org_id, ref_id)` belongs, for `access`:
/// unknown steps, records and organizations, and those of another
/// organization or another inspector's target, are not found.
async fn place<C: ConnectionTrait>(
    db: &C,
    access: Access,
    step: &str,
    org_id: i64,
    ref_id: i64,
) -> Result<Place, AppError> {
    let step = Step::parse(step).ok_or(AppError::NotFound)?;
    let org_id = match access {
        Access::Officer => org_id,
        Access::Org(own) if step == Step::AnnualReport => {
            if org_id != 0 && org_id != own {
                return Err(AppError::NotFound);
            }
            own
        }
        Access::Inspector(user) if step == Step::Inspection => {
            let mine = db::count(
                db,
                "SELECT COUNT(*) AS n FROM inspection_assignment a JOIN inspector i ON i.id = a.inspector_id \
                 WHERE a.target_id = ? AND i.user_id = ?",
                vec![ref_id.into(), user.into()],
            )
            .await?;
            if mine == 0 {
                return Err(AppError::NotFound);
            }
            org_id
        }
        _ => return Err(AppError::Forbidden),
    };
    let (org_id, ref_id, applies) = match step {
        Step::Registration => (org_id, 0, true),
        Step::Charter | Step::TermRenewal => {
            let kind = if step == Step::Charter { "charter" } else { "term_renewal" };
            let event = latest_event(db, org_id, kind).await?;
            (org_id, event.unwrap_or(0), event.is_some())
        }
        // Officers on the report's page name the report; the organization, and
        // officers naming the organization, the report year.
        Step::AnnualReport if access == Access::Officer && org_id == 0 => {
            let r = annual_report::Entity::find_by_id(ref_id).one(db).await?.ok_or(AppError::NotFound)?;
            (r.org_id, i64::from(r.report_year), true)
        }
        Step::AnnualReport => {
            if !crate::domain::input::year_range().contains(&i32::try_from(ref_id).unwrap_or(0)) {
                return Err(AppError::NotFound);
            }
            (org_id, ref_id, true)
        }
        Step::Rating => {
            let app = rating_application::Entity::find_by_id(ref_id).one(db).await?.ok_or(AppError::NotFound)?;
            if org_id != 0 && org_id != app.org_id {
                return Err(AppError::NotFound);
            }
            (app.org_id, ref_id, true)
        }
        Step::Inspection => {
            let t = inspection_target::Entity::find_by_id(ref_id)
                .one(db)
                .await?
                .filter(|t| t.object_kind == "org")
                .ok_or(AppError::NotFound)?;
            if org_id != 0 && org_id != t.object_id {
                return Err(AppError::NotFound);
            }
            (t.object_id, ref_id, true)
        }
    };
    let org = org(db, org_id).await?;
    Ok(Place { step, org, ref_id, applies })
}

async fn check_at<C: ConnectionTrait>(db: &C, p: &Place) -> Result<Option<party_sync::Model>, AppError> {
    Ok(party_sync::Entity::find()
        .filter(party_sync::Column::OrgId.eq(p.org.id))
        .filter(party_sync::Column::Step.eq(p.step.as_str()))
        .filter(party_sync::Column::RefId.eq(p.ref_id))
        .one(db)
        .await?)
}

/// The check of `step` at its record, as the step's page shows it.
pub async fn sync_view<C: ConnectionTrait>(
    db: &C,
    access: Access,
    step: &str,
    org_id: i64,
    ref_id: i64,
) -> Result<SyncView, AppError> {
    let p = place(db, access, step, org_id, ref_id).await?;
    let check = if p.applies { check_at(db, &p).await?.map(status_of) } else { None };
    let declared = if p.step == Step::AnnualReport { declared(db, &p).await? } else { None };
    let item_scores = if p.step == Step::Rating { item_scores(db, p.ref_id).await? } else { None };
    Ok(SyncView {
        step: p.step.as_str().into(),
        org_id: p.org.id,
        org_name: p.org.name.clone(),
        ref_id: p.ref_id,
        applies: p.applies,
        check,
        declared,
        item_scores,
    })
}

/// What the report of the check's year declares in its party section,
/// beside the party record and where they disagree (a read of the
/// `annual_report` row; none before the report is saved).
async fn declared<C: ConnectionTrait>(db: &C, p: &Place) -> Result<Option<ReportDeclared>, AppError> {
    let Ok(year) = i32::try_from(p.ref_id) else { return Ok(None) };
    let Some(r) = annual_report::Entity::find()
        .filter(annual_report::Column::OrgId.eq(p.org.id))
        .filter(annual_report::Column::ReportYear.eq(year))
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let form: ReportForm = serde_json::from_str(&r.form_json).unwrap_or_default();
    let record = super::record_of(db, p.org.id).await?;
    let record_kind = record.as_ref().and_then(|r| Kind::parse(&r.kind));
    let covered = record.as_ref().is_some_and(|r| !r.instructor_name.trim().is_empty() || !r.liaison.trim().is_empty());
    let declared_covered = match form.party_instructor.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    };
    let mismatches =
        rules::report_mismatches(declared_kind(&form), declared_covered, record_kind.map(|k| (k, covered)));
    Ok(Some(ReportDeclared {
        kind: form.party_kind.trim().to_string(),
        members: form.party_members.trim().to_string(),
        activities: form.party_activities.trim().to_string(),
        instructor: form.party_instructor.trim().to_string(),
        record_kind: record_kind.map(|k| k.as_str().to_string()),
        record_members: record.as_ref().map(|r| r.full_members).unwrap_or(0),
        mismatches: mismatches.into_iter().map(str::to_string).collect(),
    }))
}

/// The experts' points on the party-building item (`rating_item.kind`) of the
/// application's sheet, and their mean (a read of the rating rows; none when
/// the sheet has no such item).
async fn item_scores<C: ConnectionTrait>(db: &C, app_id: i64) -> Result<Option<ItemScores>, AppError> {
    let backend = db.get_database_backend();
    let Some(item) = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT i.id AS id, i.name AS name, i.max_points AS max_points FROM rating_application a \
             JOIN rating_item i ON i.sheet_id = a.sheet_id WHERE a.id = ? AND i.kind = ? \
             ORDER BY i.group_no, i.item_no",
            vec![app_id.into(), rules::RATING_ITEM_KIND.into()],
        ))
        .await?
    else {
        return Ok(None);
    };
    let item_id: i64 = item.try_get("", "id")?;
    let rows = db
        .query_all_raw(db::stmt(
            backend,
            "SELECT u.display_name AS name, s.points AS points, p.submitted_at IS NOT NULL AS done \
             FROM rating_score s JOIN rating_panel p ON p.application_id = s.application_id \
             AND p.expert_id = s.expert_id JOIN app_user u ON u.id = s.expert_id \
             WHERE s.application_id = ? AND s.item_id = ? ORDER BY u.display_name, u.id",
            vec![app_id.into(), item_id.into()],
        ))
        .await?;
    let scores = rows
        .iter()
        .map(|r| {
            Ok((r.try_get::<String>("", "name")?, r.try_get::<i32>("", "points")?, r.try_get::<bool>("", "done")?))
        })
        .collect::<Result<Vec<_>, sea_orm::DbErr>>()?;
    let panel_size =
        db::count(db, "SELECT COUNT(*) AS n FROM rating_panel WHERE application_id = ?", vec![app_id.into()]).await?;
    let points: Vec<i32> = scores.iter().map(|s| s.1).collect();
    Ok(Some(ItemScores {
        item_name: item.try_get("", "name")?,
        max_points: item.try_get("", "max_points")?,
        mean_tenths: rules::mean_tenths(&points),
        scores,
        panel_size,
    }))
}

/// Records (or records again) the check of `step` at its record; returns the
/// organization's id.
#[allow(clippy::too_many_arguments)]
pub async fn record_check(
    db: &DatabaseConnection,
    actor: &Actor,
    access: Access,
    step: &str,
    org_id: i64,
    ref_id: i64,
    input: &SyncInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let done = match input.done.trim() {
        "yes" => Some(true),
        "no" => Some(false),
        other => {
            e.choice("done", other);
            None
        }
    };
    let note = e.text("note", &input.note, 2000, Lines::Multi).to_string();
    if done == Some(false) {
        e.required("note", &note);
    }
    e.into_result()?;
    let done = done.ok_or(AppError::Internal)?;
    let txn = db::begin_write(db).await?;
    let p = place(&txn, access, step, org_id, ref_id).await?;
    if !p.applies {
        return Err(AppError::Conflict("party_err_no_step".into()));
    }
    let now = Utc::now();
    let mut a = match check_at(&txn, &p).await? {
        Some(m) => m.into_active_model(),
        None => party_sync::ActiveModel {
            org_id: Set(p.org.id),
            step: Set(p.step.as_str().into()),
            ref_id: Set(p.ref_id),
            ..Default::default()
        },
    };
    a.done = Set(done);
    a.note = Set(note.clone());
    a.day = Set(today);
    a.actor_id = Set(actor.id);
    a.actor = Set(actor.name.clone());
    a.at = Set(now);
    let m = a.save(&txn).await?.try_into_model()?;
    audit::record(
        &txn,
        actor,
        Entry::after(
            "party_sync",
            "party_sync",
            m.id,
            json!({"org_id": p.org.id, "step": p.step.as_str(), "ref_id": p.ref_id, "done": done, "note": note}),
        ),
    )
    .await?;
    txn.commit().await?;
    Ok(p.org.id)
}
