//! What an organization sees: its obligations, its reports with their
//! attachments and history.

use super::*;

/// The organization's filing obligations, newest first.
pub async fn obligations<C: ConnectionTrait>(
    db: &C,
    settings: &Settings,
    o: &organization::Model,
    today: NaiveDate,
) -> Result<Vec<Obligation>, DbErr> {
    let first = o.registration_date.year().max(settings.report_year - YEARS_SHOWN + 1);
    let reports = annual_report::Entity::find().filter(annual_report::Column::OrgId.eq(o.id)).all(db).await?;
    let mut out = Vec::new();
    for year in (first..=settings.report_year).rev() {
        if !obliged_for(settings, o, year) {
            continue;
        }
        let deadline = settings.report_deadline_for(org_type_of(o), year);
        let r = reports.iter().find(|r| r.report_year == year);
        let status = r.map(|r| r.status.clone()).unwrap_or_else(|| "none".into());
        let filed = r.is_some_and(|r| r.first_submitted_at.is_some());
        out.push(Obligation {
            year,
            deadline: deadline.to_string(),
            days_left: (deadline - today).num_days(),
            overdue: !filed && today > deadline,
            conclusion: r.and_then(|r| r.conclusion.clone()),
            status,
        });
    }
    Ok(out)
}

/// The portal's overview for the organization `org_id`.
pub async fn portal(
    db: &DatabaseConnection,
    settings: &Settings,
    org_id: i64,
    today: NaiveDate,
) -> Result<PortalView, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    let obligations = obligations(db, settings, &o, today).await?;
    let rows = db
        .query_all_raw(db::stmt(
            db.get_database_backend(),
            "SELECT report_year FROM filing_flag WHERE org_id = ? AND kind = 'missed_deadline' ORDER BY report_year DESC",
            vec![org_id.into()],
        ))
        .await?;
    let missed_years = rows.iter().map(|r| r.try_get::<i32>("", "report_year")).collect::<Result<Vec<_>, _>>()?;
    let org = crate::registry::service::public_detail(db, org_id).await?;
    Ok(PortalView { org, obligations, missed_years })
}

pub(super) async fn attachments<C: ConnectionTrait>(db: &C, report_id: i64) -> Result<Vec<AttachmentView>, DbErr> {
    let rows = report_attachment::Entity::find()
        .select_only()
        .column(report_attachment::Column::Id)
        .column(report_attachment::Column::Kind)
        .column(report_attachment::Column::FileName)
        .column(report_attachment::Column::SizeBytes)
        .column(report_attachment::Column::CreatedAt)
        .filter(report_attachment::Column::ReportId.eq(report_id))
        .order_by_asc(report_attachment::Column::Id)
        .into_tuple::<(i64, String, String, i64, chrono::DateTime<Utc>)>()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, kind, file_name, size_bytes, at)| AttachmentView {
            id,
            kind,
            file_name,
            size_bytes,
            created_at: stamp(at),
        })
        .collect())
}

pub(super) async fn history<C: ConnectionTrait>(db: &C, report_id: i64) -> Result<Vec<ReportEventView>, DbErr> {
    let events = report_event::Entity::find()
        .filter(report_event::Column::ReportId.eq(report_id))
        .order_by_asc(report_event::Column::Id)
        .all(db)
        .await?;
    let ids: Vec<i64> = events.iter().filter_map(|e| e.actor_id).collect();
    let users: std::collections::HashMap<i64, String> = app_user::Entity::find()
        .filter(app_user::Column::Id.is_in(ids))
        .all(db)
        .await?
        .into_iter()
        .map(|u| (u.id, u.display_name))
        .collect();
    Ok(events
        .into_iter()
        .map(|e| ReportEventView {
            actor: e.actor_id.and_then(|id| users.get(&id).cloned()).unwrap_or_default(),
            kind: e.kind,
            comment: e.comment,
            at: stamp(e.created_at),
        })
        .collect())
}

/// The report of `org_id` for `year` (an empty form when none is saved yet).
pub async fn report_of(
    db: &DatabaseConnection,
    settings: &Settings,
    org_id: i64,
    year: i32,
) -> Result<ReportView, AppError> {
    if crate::domain::input::year("year", year).is_err() {
        return Err(AppError::NotFound);
    }
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !obliged_for(settings, &o, year) && find_report(db, org_id, year).await?.is_none() {
        return Err(AppError::NotFound);
    }
    let r = find_report(db, org_id, year).await?;
    view(db, settings, &o, year, r).await
}

/// A report by id (officers).
pub async fn report_by_id(db: &DatabaseConnection, settings: &Settings, id: i64) -> Result<ReportView, AppError> {
    let r = annual_report::Entity::find_by_id(id).one(db).await?.ok_or(AppError::NotFound)?;
    let o = organization::Entity::find_by_id(r.org_id).one(db).await?.ok_or(AppError::NotFound)?;
    view(db, settings, &o, r.report_year, Some(r)).await
}

pub(super) async fn view(
    db: &DatabaseConnection,
    settings: &Settings,
    o: &organization::Model,
    year: i32,
    r: Option<annual_report::Model>,
) -> Result<ReportView, AppError> {
    let prior = prior_on_file(db, o.id, year).await?;
    let previous = find_report(db, o.id, year - 1)
        .await?
        .filter(|p| p.first_submitted_at.is_some())
        .map(|p| PreviousYear { year: p.report_year, form: form_of(&p), conclusion: p.conclusion.clone() });
    let deadline = settings.report_deadline_for(org_type_of(o), year).to_string();
    let party_required = rules::party_section_required(year, settings.report_year);
    let editable = r.as_ref().is_none_or(|r| ReportStatus::parse(&r.status).is_some_and(ReportStatus::editable));
    let mut form = r.as_ref().map(form_of).unwrap_or_default();
    // A draft of a year that asks for the party section starts from the
    // organization's party record (what the record holds; the rest is typed).
    let mut party_prefilled = false;
    if editable && party_required && rules::party_section_blank(&form) {
        if let Some(rec) = crate::party::service::record_of(db, o.id).await? {
            if let Some(kind) = crate::domain::party::Kind::parse(&rec.kind) {
                let covered = !rec.instructor_name.trim().is_empty() || !rec.liaison.trim().is_empty();
                rules::prefill_party(&mut form, kind, rec.full_members, &rec.none_reason, covered);
                party_prefilled = true;
            }
        }
    }
    let base = ReportView {
        id: 0,
        org_id: o.id,
        org_name: o.name.clone(),
        credit_code: o.credit_code.clone(),
        org_type: o.org_type.clone(),
        district: o.district.clone(),
        year,
        status: "none".into(),
        editable,
        deadline,
        form,
        party_required,
        party_prefilled,
        findings: Vec::new(),
        prior_on_file: prior.is_some(),
        previous,
        submitted_at: None,
        return_comment: None,
        conclusion: None,
        conclusion_reason: None,
        attachments: Vec::new(),
        history: Vec::new(),
        version: 0,
    };
    let Some(r) = r else { return Ok(base) };
    Ok(ReportView {
        id: r.id,
        status: r.status.clone(),
        findings: serde_json::from_str(&r.findings_json).unwrap_or_default(),
        submitted_at: r.submitted_at.map(stamp),
        return_comment: r.return_comment.clone(),
        conclusion: r.conclusion.clone(),
        conclusion_reason: r.conclusion_reason.clone(),
        attachments: attachments(db, r.id).await?,
        history: history(db, r.id).await?,
        version: r.version,
        ..base
    })
}
