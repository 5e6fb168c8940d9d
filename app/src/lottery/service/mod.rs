//! Queries and transactions of the outlet registry: checks of an outlet's
//! items, creation, changes and status actions with their history, lists and
//! the CSV export, the outlet's page with its sales trend, the public finder
//! with its plot, and the KPIs. Every write runs in one transaction with its
//! audit record. Gradings live in [`super::grading`], inspections in
//! [`super::inspect`], CSV imports in [`super::import`].
//!
//! Here: the checks and writes of an outlet; `lists` the officers' list and
//! CSV, `outlet` one outlet's page, `finder` the public finder and its plot,
//! `kpi` the KPIs.

mod finder;
mod kpi;
mod lists;
mod outlet;

pub use finder::*;
pub use kpi::*;
pub use lists::*;
pub use outlet::*;

use std::collections::HashMap;

use crate::domain::paging::Paging;
use chrono::{Datelike, NaiveDate, Utc};
use entity::{lottery_outlet, lottery_outlet_event};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QueryResult, Set, Value,
};
use serde_json::json;

use super::types::*;
use crate::audit::service::{self as audit, Actor, Entry};
use crate::db;
use crate::domain::lottery::{self as rules, Action, Status, GAMES};
use crate::error::{AppError, Errors, FieldError};
use crate::state::Settings;

pub use crate::domain::input::MAX_TEXT;

pub(crate) use crate::db::like;

/// A required date not after `today`, typed as the imports accept it
/// (`2026/1/5` too), through the one input layer.
pub(crate) fn parse_date(e: &mut Errors, field: &str, raw: &str, today: NaiveDate) -> Option<NaiveDate> {
    e.past_date(field, &crate::domain::input::normalize_date(raw.trim()), today)
}

/// An outlet's items after the checks.
#[derive(Clone, Debug, PartialEq)]
pub struct ValidOutlet {
    pub outlet_no: String,
    pub name: String,
    pub address: String,
    pub district: String,
    pub lng_e6: i64,
    pub lat_e6: i64,
    pub operator_kind: String,
    pub operator_name: String,
    pub contact_person: String,
    pub contact_phone: String,
    pub terminals: String,
    pub opened_on: NaiveDate,
}

impl ValidOutlet {
    /// Writes these items over an outlet's (its number too; the same number
    /// when the import matched by it) and stamps the change.
    pub(crate) fn apply(&self, am: &mut lottery_outlet::ActiveModel) {
        am.outlet_no = Set(self.outlet_no.clone());
        am.name = Set(self.name.clone());
        am.address = Set(self.address.clone());
        am.district = Set(self.district.clone());
        am.lng_e6 = Set(self.lng_e6);
        am.lat_e6 = Set(self.lat_e6);
        am.operator_kind = Set(self.operator_kind.clone());
        am.operator_name = Set(self.operator_name.clone());
        am.contact_person = Set(self.contact_person.clone());
        am.contact_phone = Set(self.contact_phone.clone());
        am.terminals = Set(self.terminals.clone());
        am.opened_on = Set(self.opened_on);
        am.updated_at = Set(Utc::now());
    }
}

/// Checks every item of an outlet at once (pure).
pub fn validate(input: &OutletInput, districts: &[String], today: NaiveDate) -> Result<ValidOutlet, Vec<FieldError>> {
    let mut e = Errors::default();
    let outlet_no = rules::check_outlet_no(&input.outlet_no).map_err(|k| e.add("outlet_no", k)).ok();
    for (field, value, max) in [
        ("name", &input.name, 100),
        ("address", &input.address, 200),
        ("operator_name", &input.operator_name, 100),
        ("contact_person", &input.contact_person, 50),
        ("contact_phone", &input.contact_phone, 30),
    ] {
        e.required(field, value);
        e.line(field, value, max);
    }
    let phone = input.contact_phone.trim();
    if !phone.is_empty() && !phone.chars().all(|c| c.is_ascii_digit() || c == '-' || c == ' ' || c == '+') {
        e.add("contact_phone", "lot_err_phone");
    }
    let district = input.district.trim();
    if !districts.iter().any(|d| d == district) {
        e.choice("district", district);
    }
    let lng =
        rules::parse_degrees(&input.lng, rules::LNG_RANGE.0, rules::LNG_RANGE.1).map_err(|k| e.add("lng", k)).ok();
    let lat =
        rules::parse_degrees(&input.lat, rules::LAT_RANGE.0, rules::LAT_RANGE.1).map_err(|k| e.add("lat", k)).ok();
    let kind = input.operator_kind.trim();
    let kind = match kind {
        "person" | "个人" => "person",
        "company" | "单位" | "企业" => "company",
        "" => {
            e.add("operator_kind", "err_choose");
            ""
        }
        _ => {
            e.add("operator_kind", "err_invalid_choice");
            ""
        }
    };
    let terminals = rules::parse_terminals(&input.terminals).map_err(|k| e.add("terminals", k)).ok();
    let opened_on = parse_date(&mut e, "opened_on", &input.opened_on, today);
    if !e.0.is_empty() {
        return Err(e.0);
    }
    let (Some(outlet_no), Some(lng_e6), Some(lat_e6), Some(terminals), Some(opened_on)) =
        (outlet_no, lng, lat, terminals, opened_on)
    else {
        return Err(vec![FieldError::new("outlet_no", "err_internal")]);
    };
    Ok(ValidOutlet {
        outlet_no,
        name: input.name.trim().to_string(),
        address: input.address.trim().to_string(),
        district: district.to_string(),
        lng_e6,
        lat_e6,
        operator_kind: kind.to_string(),
        operator_name: input.operator_name.trim().to_string(),
        contact_person: input.contact_person.trim().to_string(),
        contact_phone: phone.to_string(),
        terminals,
        opened_on,
    })
}

fn snapshot(o: &lottery_outlet::Model) -> serde_json::Value {
    json!({
        "outlet_no": o.outlet_no, "name": o.name, "address": o.address, "district": o.district,
        "lng": rules::show_degrees(o.lng_e6), "lat": rules::show_degrees(o.lat_e6),
        "operator_kind": o.operator_kind, "operator_name": o.operator_name,
        "contact_person": o.contact_person, "contact_phone": o.contact_phone,
        "terminals": o.terminals, "opened_on": o.opened_on.to_string(), "status": o.status,
    })
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn add_event<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    outlet_id: i64,
    kind: &str,
    date: NaiveDate,
    from: Option<&str>,
    to: &str,
    note: &str,
    changes: &str,
) -> Result<(), DbErr> {
    lottery_outlet_event::ActiveModel {
        outlet_id: Set(outlet_id),
        kind: Set(kind.into()),
        event_date: Set(date),
        from_status: Set(from.map(str::to_string)),
        to_status: Set(to.into()),
        note: Set(note.into()),
        changes: Set(changes.into()),
        actor_id: Set(actor.id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok(())
}

/// Inserts a checked outlet with its `status`, its first event and audit record.
pub(crate) async fn insert<C: ConnectionTrait>(
    db: &C,
    actor: &Actor,
    v: &ValidOutlet,
    status: Status,
    event: &str,
    today: NaiveDate,
) -> Result<lottery_outlet::Model, DbErr> {
    let now = Utc::now();
    let o = lottery_outlet::ActiveModel {
        outlet_no: Set(v.outlet_no.clone()),
        name: Set(v.name.clone()),
        address: Set(v.address.clone()),
        district: Set(v.district.clone()),
        lng_e6: Set(v.lng_e6),
        lat_e6: Set(v.lat_e6),
        operator_kind: Set(v.operator_kind.clone()),
        operator_name: Set(v.operator_name.clone()),
        contact_person: Set(v.contact_person.clone()),
        contact_phone: Set(v.contact_phone.clone()),
        terminals: Set(v.terminals.clone()),
        opened_on: Set(v.opened_on),
        status: Set(status.as_str().into()),
        status_since: Set(if status == Status::Open { v.opened_on } else { today }),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    add_event(db, actor, o.id, event, v.opened_on, None, status.as_str(), "", "").await?;
    Ok(o)
}

/// Registers a new outlet (open from its opening date).
pub async fn create(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    input: &OutletInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let v = validate(input, &settings.districts, today).map_err(AppError::Validation)?;
    let txn = db::begin_write(db).await?;
    let taken = lottery_outlet::Entity::find()
        .filter(lottery_outlet::Column::OutletNo.eq(v.outlet_no.clone()))
        .one(&txn)
        .await?;
    if taken.is_some() {
        return Err(AppError::field("outlet_no", "lot_err_outlet_no_taken"));
    }
    let o = insert(&txn, actor, &v, Status::Open, "create", today).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_outlet_create",
            entity: "lottery_outlet",
            entity_id: o.id.to_string(),
            before: None,
            after: Some(snapshot(&o)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(o.id)
}

/// Changes an outlet's registered items (not its status); the history keeps
/// the fields changed with their old and new values.
pub async fn change(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &OutletInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let v = validate(input, &settings.districts, today).map_err(AppError::Validation)?;
    let txn = db::begin_write(db).await?;
    let o = lottery_outlet::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if o.status == Status::Closed.as_str() {
        return Err(AppError::Conflict("lot_err_closed".into()));
    }
    if v.outlet_no != o.outlet_no {
        let taken = lottery_outlet::Entity::find()
            .filter(lottery_outlet::Column::OutletNo.eq(v.outlet_no.clone()))
            .one(&txn)
            .await?;
        if taken.is_some() {
            return Err(AppError::field("outlet_no", "lot_err_outlet_no_taken"));
        }
    }
    let before = snapshot(&o);
    let mut am: lottery_outlet::ActiveModel = o.clone().into();
    v.apply(&mut am);
    let new = am.update(&txn).await?;
    let after = snapshot(&new);
    let changed: Vec<String> = after
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, val)| before.get(k.as_str()) != Some(val))
        .map(|(k, val)| {
            format!(
                "{k}: {} → {}",
                before.get(k.as_str()).and_then(|b| b.as_str()).unwrap_or(""),
                val.as_str().unwrap_or("")
            )
        })
        .collect();
    if changed.is_empty() {
        return Err(AppError::Conflict("lot_err_nothing_changed".into()));
    }
    add_event(&txn, actor, id, "change", today, Some(&new.status), &new.status, "", &changed.join("; ")).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_outlet_change",
            entity: "lottery_outlet",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(after),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Suspends, resumes or closes an outlet inside `txn`.
pub(crate) async fn act_in<C: ConnectionTrait>(
    txn: &C,
    actor: &Actor,
    o: lottery_outlet::Model,
    action: Action,
    date: NaiveDate,
    note: &str,
) -> Result<Status, AppError> {
    let from = db::stored_status(Status::parse, &o.status, "lottery_outlet", o.id)?;
    let to = rules::next(from, action).map_err(|k| AppError::Conflict(k.into()))?;
    let id = o.id;
    let mut am: lottery_outlet::ActiveModel = o.into();
    am.status = Set(to.as_str().into());
    am.status_since = Set(date);
    am.updated_at = Set(Utc::now());
    am.update(txn).await?;
    add_event(txn, actor, id, action.as_str(), date, Some(from.as_str()), to.as_str(), note, "").await?;
    Ok(to)
}

/// Suspends, resumes or closes an outlet, with the date and the reason.
pub async fn act(
    db: &DatabaseConnection,
    actor: &Actor,
    id: i64,
    input: &StatusInput,
    today: NaiveDate,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let action = Action::parse(&input.action);
    if action.is_none() {
        e.choice("action", &input.action);
    }
    let date = parse_date(&mut e, "date", &input.date, today);
    let note = input.note.trim();
    e.required("note", note);
    e.max_len("note", note, MAX_TEXT);
    e.into_result()?;
    let (Some(action), Some(date)) = (action, date) else { return Err(AppError::Internal) };
    let txn = db::begin_write(db).await?;
    let o = lottery_outlet::Entity::find_by_id(id).one(&txn).await?.ok_or(AppError::NotFound)?;
    if date < o.status_since {
        return Err(AppError::field("date", "lot_err_date_before_status"));
    }
    let from = o.status.clone();
    let to = act_in(&txn, actor, o, action, date, note).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "lottery_outlet_status",
            entity: "lottery_outlet",
            entity_id: id.to_string(),
            before: Some(json!({"status": from})),
            after: Some(json!({"status": to.as_str(), "action": action.as_str(), "date": date, "note": note})),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_keep_the_last_ones_with_games() {
        let rows = vec![
            ("2026-01".to_string(), "ssq".to_string(), 100),
            ("2026-01".to_string(), "kl8".to_string(), 50),
            ("2026-02".to_string(), "ssq".to_string(), 70),
        ];
        let m = months_of(&rows, 12);
        assert_eq!(m.len(), 2);
        assert_eq!(m[0].total_fen, 150);
        assert_eq!(m[0].by_game[0], 100);
        assert_eq!(m[0].by_game[1], 50);
        assert_eq!(months_of(&rows, 1)[0].month, "2026-02");
    }

    #[test]
    fn plot_keeps_north_up_and_inside() {
        let pts = vec![
            (1, "a".to_string(), 113_900_000, 22_500_000, None),
            (2, "b".to_string(), 114_300_000, 22_700_000, None),
        ];
        let p = plot(&pts);
        assert!(p[0].x < p[1].x, "east is right");
        assert!(p[0].y > p[1].y, "north is up");
        assert!(p.iter().all(|p| p.x <= MAP_W && p.y <= MAP_H));
        assert_eq!(plot(&pts[..1])[0].x, MAP_W / 2);
    }
}
