//! Registration, changes and status acts (成立、变更、注销、撤销登记…).

use super::*;

/// Inserts a validated organization with its establishment event and search
/// tokens (no audit record: callers add theirs).
pub async fn insert_org(
    txn: &DatabaseTransaction,
    settings: &Settings,
    v: &ValidOrg,
    actor: &Actor,
) -> Result<organization::Model, DbErr> {
    let mut am = new_org(settings, v, Utc::now());
    // The unit the typed name means (a new unit for a name not known yet).
    if let Some((unit, name)) = crate::units::service::resolve_in(txn, v.supervisory_unit.as_deref()).await? {
        am.supervisory_unit_id = Set(Some(unit));
        am.supervisory_unit = Set(Some(name));
    }
    let org = am.insert(txn).await?;
    index_org(txn, org.id, &org.name, &org.credit_code).await?;
    add_event(txn, org.id, "establish", v.registration_date, "", &[], actor).await?;
    Ok(org)
}

/// The row of a newly registered organization.
fn new_org(settings: &Settings, v: &ValidOrg, now: chrono::DateTime<Utc>) -> organization::ActiveModel {
    organization::ActiveModel {
        credit_code: Set(v.credit_code.clone()),
        name: Set(v.name.clone()),
        org_type: Set(v.org_type.as_str().to_string()),
        domicile: Set(v.domicile.clone()),
        district: Set(v.district.clone()),
        legal_rep: Set(v.legal_rep.clone()),
        capital_fen: Set(v.capital_fen),
        supervisory_unit: Set(v.supervisory_unit.clone()),
        business_scope: Set(v.business_scope.clone()),
        contact_person: Set(v.contact_person.clone()),
        contact_phone: Set(v.contact_phone.clone()),
        contact_email: Set(v.contact_email.clone()),
        registration_date: Set(v.registration_date),
        status: Set(OrgStatus::Active.as_str().to_string()),
        status_date: Set(None),
        status_reason: Set(None),
        charter_approved_on: Set(Some(v.registration_date)),
        term_start: Set(v.registration_date),
        term_end: Set(term::term_end(v.registration_date, settings.term_years)),
        created_at: Set(now),
        updated_at: Set(now),
        trade_sector: Set(v.trade_sector.clone()),
        ..Default::default()
    }
}

/// Establishment registration (成立登记).
pub async fn register(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    input: &OrgInput,
) -> Result<i64, AppError> {
    let v = validate::validate_org(input, &settings.districts, &CapitalRules::default(), today())?;
    let txn = db::begin_write(db).await?;
    check_unique(&txn, Some(&v.name), Some(&v.credit_code), 0).await?;
    let org = insert_org(&txn, settings, &v, actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "register",
            entity: "organization",
            entity_id: org.id.to_string(),
            before: None,
            after: Some(snapshot(&org)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(org.id)
}

async fn load_for_update(txn: &DatabaseTransaction, id: i64) -> Result<organization::Model, AppError> {
    organization::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)
}

fn transition(o: &organization::Model, action: OrgAction) -> Result<OrgStatus, AppError> {
    let from = db::stored_status(OrgStatus::parse, &o.status, "organization", o.id)?;
    org_status::next(from, action).map_err(|_| AppError::Conflict("err_transition".into()))
}

/// Change registration (变更登记): records each changed item as a dated event.
pub async fn change(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ChangeInput,
) -> Result<(), AppError> {
    let txn = db::begin_write(db).await?;
    let org = load_for_update(&txn, id).await?;
    transition(&org, OrgAction::Change)?;
    let t = OrgType::parse(&org.org_type).ok_or(AppError::Internal)?;
    let v = validate::validate_change(input, t, &CapitalRules::default(), today())?;
    if v.change_date < org.registration_date {
        return Err(AppError::field("change_date", "err_date_before_registration"));
    }
    let mut changes = Vec::new();
    let mut diff = |field: &str, before: String, after: String| {
        if before != after {
            changes.push(ChangeItem { field: field.into(), before, after });
        }
    };
    diff("name", org.name.clone(), v.name.clone());
    diff("domicile", org.domicile.clone(), v.domicile.clone());
    diff("legal_rep", org.legal_rep.clone(), v.legal_rep.clone());
    diff("business_scope", org.business_scope.clone(), v.business_scope.clone());
    diff("capital", money::format_yuan(org.capital_fen), money::format_yuan(v.capital_fen));
    diff(
        "supervisory_unit",
        org.supervisory_unit.clone().unwrap_or_default(),
        v.supervisory_unit.clone().unwrap_or_default(),
    );
    diff("trade_sector", org.trade_sector.clone().unwrap_or_default(), v.trade_sector.clone().unwrap_or_default());
    if changes.is_empty() {
        return Err(AppError::Conflict("err_no_change".into()));
    }
    if v.name != org.name {
        check_unique(&txn, Some(&v.name), None, id).await?;
    }
    let before = snapshot(&org);
    let mut am: organization::ActiveModel = org.clone().into();
    am.name = Set(v.name.clone());
    am.domicile = Set(v.domicile.clone());
    am.legal_rep = Set(v.legal_rep.clone());
    am.business_scope = Set(v.business_scope.clone());
    am.capital_fen = Set(v.capital_fen);
    am.trade_sector = Set(v.trade_sector.clone());
    let unit = crate::units::service::resolve_in(&*txn, v.supervisory_unit.as_deref()).await?;
    am.supervisory_unit_id = Set(unit.as_ref().map(|u| u.0));
    am.supervisory_unit = Set(unit.map(|u| u.1));
    am.updated_at = Set(Utc::now());
    let updated = am.update(&txn).await?;
    if updated.name != org.name {
        reindex_name(&txn, id, &org.name, &updated.name).await?;
        // A trade association's branches are named after it (documented call into trade).
        crate::trade::service::recheck_branches_in(&txn, settings, actor, id, &updated.name, t).await?;
    }
    add_event(&txn, id, "change", v.change_date, &v.note, &changes, actor).await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "change",
            entity: "organization",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(snapshot(&updated)),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Charter approval, term renewal, deregistration or revocation.
pub async fn act(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ActInput,
) -> Result<(), AppError> {
    validate::validate_act(input, today())?;
    let txn = db::begin_write(db).await?;
    act_in(&txn, settings, actor, id, input).await?;
    txn.commit().await?;
    Ok(())
}

/// A registration act inside the caller's transaction. Revocation needs a
/// decided penalty case that revokes (`penalty::service::revocation_decided`)
/// and lists the organization on the 严重违法失信名单 (第十九条第（七）项); deregistration
/// closes its open credit entries (it leaves the register, its history stays).
/// Reinstatement (恢复登记) needs the revoking case's decision annulled
/// (`penalty::service::revoked_by`, `org_status::may_reinstate`) and closes
/// the serious-list entry the revocation opened.
pub async fn act_in(
    txn: &DatabaseTransaction,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ActInput,
) -> Result<(), AppError> {
    let v = validate::validate_act(input, today())?;
    let org = load_for_update(txn, id).await?;
    let next = transition(&org, v.action)?;
    if v.date < org.registration_date {
        return Err(AppError::field("date", "err_date_before_registration"));
    }
    // Revocation is a penalty with hearing rights: only a decided penalty case
    // revokes (its decision runs this act in its own transaction).
    if v.action == OrgAction::Revoke && !crate::penalty::service::revocation_decided(txn, id).await? {
        return Err(AppError::Conflict("err_revoke_needs_case".into()));
    }
    if v.action == OrgAction::Reinstate {
        let (by, _) = crate::penalty::service::revoked_by(txn, id).await?;
        org_status::may_reinstate(OrgStatus::Revoked, by, v.date).map_err(|k| AppError::Conflict(k.into()))?;
    }
    let before = snapshot(&org);
    let mut am: organization::ActiveModel = org.clone().into();
    let mut changes = Vec::new();
    match v.action {
        OrgAction::CharterApproval => {
            am.charter_approved_on = Set(Some(v.date));
        }
        OrgAction::TermRenewal => {
            let end = term::term_end(v.date, settings.term_years);
            changes.push(ChangeItem {
                field: "term_end".into(),
                before: org.term_end.to_string(),
                after: end.to_string(),
            });
            am.term_start = Set(v.date);
            am.term_end = Set(end);
        }
        OrgAction::Deregister | OrgAction::Revoke | OrgAction::Reinstate => {
            changes.push(ChangeItem {
                field: "status".into(),
                before: org.status.clone(),
                after: next.as_str().into(),
            });
            am.status = Set(next.as_str().to_string());
            // Back on the register: no exit date or reason (the history keeps the act's).
            let exit = v.action != OrgAction::Reinstate;
            am.status_date = Set(exit.then_some(v.date));
            am.status_reason = Set(exit.then(|| v.reason.clone()));
        }
        OrgAction::Change => return Err(AppError::Internal),
    }
    am.updated_at = Set(Utc::now());
    let updated = am.update(txn).await?;
    add_event(txn, id, v.action.as_str(), v.date, &v.reason, &changes, actor).await?;
    match v.action {
        OrgAction::Revoke => {
            crate::credit::service::list_in(
                txn,
                id,
                "revoked",
                "registration",
                v.date,
                &settings.bureau_name,
                &v.reason,
                actor.id,
            )
            .await?;
        }
        OrgAction::Deregister => {
            crate::credit::service::close_all_in(txn, id, v.date, "deregistered").await?;
        }
        OrgAction::Reinstate => {
            crate::credit::service::close_in(txn, id, "revoked", "registration", v.date, "reinstated").await?;
            crate::credit::service::rescore(txn, settings, &[id], today()).await?;
        }
        _ => {}
    }
    audit::record(
        txn,
        actor,
        Entry {
            action: v.action.as_str(),
            entity: "organization",
            entity_id: id.to_string(),
            before: Some(before),
            after: Some(snapshot(&updated)),
        },
    )
    .await?;
    Ok(())
}
