//! An application: the sheet, the eligibility check and decision, the
//! experts' exclusions and panel, and an organization's rating.

use super::*;

/// The active sheet of an organization type.
pub async fn active_sheet<C: ConnectionTrait>(db: &C, org_type: &str) -> Result<rating_sheet::Model, AppError> {
    rating_sheet::Entity::find()
        .filter(rating_sheet::Column::OrgType.eq(org_type))
        .filter(rating_sheet::Column::Active.eq(true))
        .order_by_desc(rating_sheet::Column::Version)
        .one(db)
        .await?
        .ok_or(AppError::Conflict("err_rate_no_sheet".into()))
}

pub async fn items<C: ConnectionTrait>(db: &C, sheet_id: i64) -> Result<Vec<ItemView>, DbErr> {
    Ok(rating_item::Entity::find()
        .filter(rating_item::Column::SheetId.eq(sheet_id))
        .order_by_asc(rating_item::Column::GroupNo)
        .order_by_asc(rating_item::Column::ItemNo)
        .all(db)
        .await?
        .into_iter()
        .map(|i| ItemView {
            id: i.id,
            group_no: i.group_no,
            group_name: i.group_name,
            item_no: i.item_no,
            name: i.name,
            max_points: i.max_points,
            kind: i.kind,
        })
        .collect())
}

/// The grade in force of an organization (granted, not cancelled, superseded or expired).
pub async fn grade_in_force<C: ConnectionTrait>(
    db: &C,
    org_id: i64,
    today: NaiveDate,
) -> Result<Option<rating_grade::Model>, DbErr> {
    rating_grade::Entity::find()
        .filter(rating_grade::Column::OrgId.eq(org_id))
        .filter(rating_grade::Column::Status.eq("active"))
        .filter(rating_grade::Column::ValidTo.gte(today))
        .order_by_desc(rating_grade::Column::Id)
        .one(db)
        .await
}

/// An organization applies in a round with its self-assessment. Checked at
/// once: the round is open to its type today, it is on the register and has
/// been registered for two full years, it has not applied in this round, and
/// a grade in force is still in its first four years (re-rating).
pub async fn apply(
    db: &DatabaseConnection,
    actor: &Actor,
    org_id: i64,
    input: &ApplyInput,
    today: NaiveDate,
) -> Result<i64, AppError> {
    let mut e = Errors::default();
    let self_score = input.self_score.trim().parse::<i32>().ok().filter(|s| (0..=1000).contains(s));
    if self_score.is_none() {
        e.add("self_score", "err_rate_self_score");
    }
    e.required("self_assessment", &input.self_assessment);
    e.max_len("self_assessment", &input.self_assessment, MAX_TEXT);
    let txn = db::begin_write(db).await?;
    let round = rating_round::Entity::find_by_id(input.round_id).one(&txn).await?;
    let o = org(&txn, org_id).await?;
    let mut rerating = "none";
    match &round {
        None => e.add("round_id", "err_rate_round"),
        Some(r) => {
            if !(r.apply_from <= today && today <= r.apply_to) {
                e.add("round_id", "err_rate_round_closed");
            } else if !r.org_types.split(',').any(|t| t == o.org_type) {
                e.add("round_id", "err_rate_round_type");
            } else if o.status != "active" {
                e.add("round_id", "err_rate_not_active");
            } else if !rules::registered_long_enough(o.registration_date, today) {
                e.add("round_id", "err_rate_too_young");
            } else if rating_application::Entity::find()
                .filter(rating_application::Column::RoundId.eq(r.id))
                .filter(rating_application::Column::OrgId.eq(org_id))
                .one(&txn)
                .await?
                .is_some()
            {
                e.add("round_id", "err_rate_applied");
            } else if let Some(g) = grade_in_force(&txn, org_id, today).await? {
                match rules::rerating(g.valid_from, g.valid_to, today) {
                    Rerating::TooLate => e.add("round_id", "err_rate_rerate_late"),
                    Rerating::Simplified => rerating = "simplified",
                    Rerating::Full => rerating = "full",
                    Rerating::None => {}
                }
            }
        }
    }
    e.into_result()?;
    let sheet = active_sheet(&txn, &o.org_type).await?;
    let now = Utc::now();
    let a = rating_application::ActiveModel {
        round_id: Set(input.round_id),
        org_id: Set(org_id),
        sheet_id: Set(sheet.id),
        status: Set("applied".into()),
        self_score: Set(self_score.unwrap_or(0)),
        self_assessment: Set(input.self_assessment.trim().to_string()),
        rerating: Set(rerating.into()),
        decision_note: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "rating_apply",
            entity: "rating_application",
            entity_id: a.id.to_string(),
            before: None,
            after: Some(
                json!({"round": input.round_id, "org_id": org_id, "self_score": a.self_score, "rerating": rerating}),
            ),
        },
    )
    .await?;
    txn.commit().await?;
    Ok(a.id)
}

/// Why `expert_id` may not score `o` (a message key), or `None`.
pub async fn exclusion<C: ConnectionTrait>(
    db: &C,
    expert_id: i64,
    o: &organization::Model,
) -> Result<Option<String>, DbErr> {
    let backend = db.get_database_backend();
    if let Some(r) = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT reason FROM rating_exclusion WHERE expert_id = ? AND org_id = ?",
            vec![expert_id.into(), o.id.into()],
        ))
        .await?
    {
        return Ok(Some(format!("rate_excl_{}", r.try_get::<String>("", "reason")?)));
    }
    let affiliation = db
        .query_one_raw(db::stmt(
            backend,
            "SELECT affiliation FROM rating_expert WHERE user_id = ?",
            vec![expert_id.into()],
        ))
        .await?
        .map(|r| r.try_get::<String>("", "affiliation"))
        .transpose()?
        .unwrap_or_default();
    let affiliation = affiliation.trim();
    if affiliation.is_empty() {
        return Ok(None);
    }
    if affiliation == o.name.trim() {
        return Ok(Some("rate_excl_former_member".into()));
    }
    if o.supervisory_unit.as_deref().map(str::trim) == Some(affiliation) {
        return Ok(Some("rate_excl_supervisory_unit".into()));
    }
    Ok(None)
}

pub(crate) async fn panel<C: ConnectionTrait>(db: &C, app_id: i64) -> Result<Vec<PanelMember>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT p.expert_id AS id, u.display_name AS name, p.submitted_at IS NOT NULL AS done, p.total AS total \
             FROM rating_panel p JOIN app_user u ON u.id = p.expert_id WHERE p.application_id = ? ORDER BY p.expert_id",
            vec![app_id.into()],
        ))
        .await?;
    rows.iter()
        .map(|r| {
            Ok(PanelMember {
                expert_id: r.try_get("", "id")?,
                name: r.try_get("", "name")?,
                submitted: r.try_get::<bool>("", "done")?,
                total: r.try_get("", "total")?,
            })
        })
        .collect()
}

/// Active experts and whether each may score `o`.
pub(crate) async fn expert_choices<C: ConnectionTrait>(
    db: &C,
    o: &organization::Model,
) -> Result<Vec<ExpertChoice>, DbErr> {
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT u.id AS id, u.display_name AS name, COALESCE(x.affiliation, '') AS affiliation FROM app_user u \
             LEFT JOIN rating_expert x ON x.user_id = u.id WHERE u.role = 'expert' AND u.active = ? ORDER BY u.id",
            vec![true.into()],
        ))
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in &rows {
        let id: i64 = r.try_get("", "id")?;
        out.push(ExpertChoice {
            id,
            name: r.try_get("", "name")?,
            affiliation: r.try_get("", "affiliation")?,
            excluded: exclusion(db, id, o).await?.unwrap_or_default(),
        });
    }
    Ok(out)
}

/// One application with its panel, experts to choose from and objections.
pub async fn application<C: ConnectionTrait>(db: &C, id: i64, today: NaiveDate) -> Result<ApplicationView, AppError> {
    let a = rating_application::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let o = org(db, a.org_id).await?;
    let round = round_of(db, a.round_id, today).await?;
    let objections = rating_objection::Entity::find()
        .filter(rating_objection::Column::ApplicationId.eq(id))
        .order_by_asc(rating_objection::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .map(|x| ObjectionView {
            id: x.id,
            name: x.name,
            contact: x.contact,
            body: x.body,
            status: x.status,
            resolution: x.resolution,
            created_at: stamp(x.created_at),
        })
        .collect();
    let grade_id =
        rating_grade::Entity::find().filter(rating_grade::Column::ApplicationId.eq(id)).one(db).await?.map(|g| g.id);
    Ok(ApplicationView {
        id,
        round,
        org_id: o.id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        registration_date: o.registration_date.to_string(),
        supervisory_unit: o.supervisory_unit.clone().unwrap_or_default(),
        status: a.status.clone(),
        self_score: a.self_score,
        self_assessment: a.self_assessment.clone(),
        rerating: a.rerating.clone(),
        decision_note: a.decision_note.clone(),
        final_score: a.final_score,
        grade: a.grade.clone(),
        notice_from: a.notice_from.map(|d| d.to_string()),
        notice_to: a.notice_to.map(|d| d.to_string()),
        panel: panel(db, id).await?,
        experts: expert_choices(db, &o).await?,
        objections,
        notice_over: a.notice_to.is_some_and(|d| today > d),
        grade_id,
    })
}

pub(crate) async fn load_for_update(
    txn: &DatabaseTransaction,
    id: i64,
    allowed: &[&str],
) -> Result<(rating_application::Model, organization::Model), AppError> {
    let a = rating_application::Entity::find_by_id(id).one(txn).await?.ok_or(AppError::NotFound)?;
    if !allowed.contains(&a.status.as_str()) {
        return Err(AppError::Conflict("err_rate_state".into()));
    }
    let o = org(txn, a.org_id).await?;
    Ok((a, o))
}

pub(crate) async fn set_status(
    txn: &DatabaseTransaction,
    a: rating_application::Model,
    status: &str,
    f: impl FnOnce(&mut rating_application::ActiveModel),
) -> Result<rating_application::Model, DbErr> {
    let mut am: rating_application::ActiveModel = a.into();
    am.status = Set(status.into());
    am.updated_at = Set(Utc::now());
    f(&mut am);
    am.update(txn).await
}

pub(crate) async fn log(
    txn: &DatabaseTransaction,
    actor: &Actor,
    action: &str,
    id: i64,
    after: serde_json::Value,
) -> Result<(), DbErr> {
    audit::record(txn, actor, Entry::after(action, "rating_application", id, after)).await
}

/// The officer's eligibility check: eligible, or ineligible with a reason
/// (the organization is told either way).
pub async fn decide_eligibility(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &EligibilityInput,
) -> Result<(), AppError> {
    let mut e = Errors::default();
    let note = input.note.trim();
    match input.decision.as_str() {
        "eligible" => {}
        "ineligible" => e.required("note", note),
        _ => e.choice("decision", &input.decision),
    }
    e.max_len("note", note, MAX_TEXT);
    e.into_result()?;
    let txn = db::begin_write(db).await?;
    let (a, o) = load_for_update(&txn, id, &["applied"]).await?;
    set_status(&txn, a, &input.decision, |am| am.decision_note = Set(note.to_string())).await?;
    let (bureau, org) = (settings.bureau_name.clone(), o.name.clone());
    if input.decision == "eligible" {
        mail_org(&txn, &o, &EligibilityPassed { bureau, org }).await?;
    } else {
        mail_org(&txn, &o, &EligibilityRefused { bureau, org, note: note.to_string() }).await?;
    }
    log(&txn, actor, "rating_eligibility", id, json!({"decision": input.decision, "note": note})).await?;
    txn.commit().await?;
    Ok(())
}

/// The organization's rating for its portal and public page: the grade in
/// force, the latest application and the rounds open to it today.
pub async fn org_rating<C: ConnectionTrait>(db: &C, org_id: i64, today: NaiveDate) -> Result<OrgRating, AppError> {
    let o = org(db, org_id).await?;
    let grade = match grade_in_force(db, org_id, today).await? {
        Some(g) => Some(crate::rating::grades::grade_view(db, &g, &o, today).await?),
        None => None,
    };
    let application = match rating_application::Entity::find()
        .filter(rating_application::Column::OrgId.eq(org_id))
        .order_by_desc(rating_application::Column::Id)
        .one(db)
        .await?
    {
        Some(a) => {
            let year = rating_round::Entity::find_by_id(a.round_id).one(db).await?.map(|r| r.year).unwrap_or_default();
            Some((year, a.status))
        }
        None => None,
    };
    let open_rounds =
        rounds(db, today).await?.into_iter().filter(|r| r.open && r.org_types.contains(&o.org_type)).collect();
    Ok(OrgRating { grade, application, open_rounds })
}
