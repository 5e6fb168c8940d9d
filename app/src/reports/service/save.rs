//! Drafts and submissions (with the group commit of `ReportSaves` on SQLite).

use super::*;

/// Saves a draft, or submits the report when `input.intent` is `submit`.
/// Submission runs every check: an error refuses it and changes nothing;
/// warnings are kept for the reviewing officer. Returns the report's id.
///
/// On SQLite the write goes through `saves`, which commits the saves that
/// arrive together in one transaction (see [`ReportSaves`]); the answer comes
/// only after that commit. PostgreSQL writes in parallel, each save in its own
/// transaction.
pub async fn save(
    db: &DatabaseConnection,
    saves: &ReportSaves,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &SaveInput,
) -> Result<i64, AppError> {
    let prepared = prepare_save(db, settings, actor, org_id, input).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        return saves.write(db, prepared).await;
    }
    let txn = db::begin_write(db).await?;
    let id = write_save(&txn, &prepared).await?;
    if prepared.submit {
        txn.commit().await?;
    } else {
        txn.commit_unseen().await?;
    }
    Ok(id)
}

/// A save whose checks passed and whose JSON is ready: what is left is the
/// write, which needs the database's write lock.
pub struct PreparedSave {
    actor: Actor,
    org_id: i64,
    year: i32,
    /// The version the user edited (0: no report yet).
    version: i32,
    submit: bool,
    form_json: String,
    findings_json: String,
    /// The figures that are filed (a submission's only).
    financials: Option<Financials>,
    /// The organization's name, for the unit's mail.
    org_name: String,
    /// The supervisory unit that reviews a submission first (初审), if any.
    to_unit: Option<super::first_review::UnitMailing>,
}

impl PreparedSave {
    /// A submission (which public figures count), not a draft.
    pub(crate) fn is_submission(&self) -> bool {
        self.submit
    }
}

/// The part of [`save`] that needs no write lock: the intent, the obligation,
/// the checks (last year's figures on file) and the JSON. Writers queue for
/// the lock, so it is held only to write.
pub(super) async fn prepare_save(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    input: &SaveInput,
) -> Result<PreparedSave, AppError> {
    let submit = match input.intent.as_str() {
        "submit" => true,
        "save" | "" => false,
        _ => return Err(AppError::field("intent", "err_invalid_choice")),
    };
    crate::domain::input::year("year", input.year).map_err(|e| AppError::Validation(vec![e]))?;
    // Every value of the form, draft or not (the draft keeps it as typed).
    let texts = rules::check_texts(&input.form);
    if !texts.is_empty() {
        return Err(AppError::Validation(texts));
    }
    let o = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(AppError::NotFound)?;
    if !obliged_for(settings, &o, input.year) {
        return Err(AppError::field("year", "err_report_year"));
    }
    let prior = prior_on_file(db, org_id, input.year).await?;
    let mut checked = check_form(&input.form, org_type_of(&o), prior);
    // The party-building section, required from the current filing year on.
    let party_required = rules::party_section_required(input.year, settings.report_year);
    checked.findings.extend(rules::check_party(&input.form, party_required));
    if submit && checked.has_errors() {
        let mut e = Errors::default();
        for f in checked.findings.iter().filter(|f| f.severity == Severity::Error) {
            e.add(f.field, f.message);
        }
        return Err(e.into_result().err().unwrap_or(AppError::Internal));
    }
    Ok(PreparedSave {
        actor: actor.clone(),
        org_id,
        year: input.year,
        version: input.version,
        submit,
        form_json: serde_json::to_string(&input.form).map_err(|_| AppError::Internal)?,
        findings_json: serde_json::to_string(&findings_view(&checked)).map_err(|_| AppError::Internal)?,
        financials: checked.financials.filter(|_| submit),
        org_name: o.name.clone(),
        to_unit: o.supervisory_unit_id.map(|unit_id| super::first_review::UnitMailing {
            unit_id,
            public_url: settings.public_url.clone(),
            bureau: settings.bureau_name.clone(),
        }),
    })
}

/// Writes a prepared save in `txn` (the report, its history event when it is
/// submitted, its audit record) without committing. A report that was
/// submitted or concluded meanwhile, or saved by someone else since the user
/// loaded it (another version), is refused and nothing is written.
pub(crate) async fn write_save(txn: &DatabaseTransaction, save: &PreparedSave) -> Result<i64, AppError> {
    let existing = find_report(txn, save.org_id, save.year).await?;
    let from = existing.as_ref().map(status_of).transpose()?;
    let action = match (save.submit, &save.to_unit) {
        (false, _) => ReportAction::Save,
        (true, None) => ReportAction::Submit,
        (true, Some(_)) => ReportAction::SubmitToUnit,
    };
    let status = rules::report_next(from, action).map_err(|k| AppError::Conflict(k.into()))?;
    if existing.as_ref().map_or(0, |r| r.version) != save.version {
        return Err(AppError::Conflict("err_report_stale".into()));
    }
    let status = status.as_str();
    let now = Utc::now();
    let was_returned = from == Some(ReportStatus::Returned);
    let fin = save.financials.as_ref();
    let report = match existing {
        Some(r) => {
            let first = r.first_submitted_at;
            let mut am: annual_report::ActiveModel = r.into();
            am.status = Set(status.into());
            am.form_json = Set(save.form_json.clone());
            am.findings_json = Set(save.findings_json.clone());
            am.version = Set(save.version + 1);
            am.updated_at = Set(now);
            if let Some(f) = fin {
                am.income_total = Set(Some(f.income_total));
                am.spend_total = Set(Some(f.spend_total));
                am.assets = Set(Some(f.assets));
                am.liabilities = Set(Some(f.liabilities));
                am.net_assets = Set(Some(f.net_assets));
                am.submitted_at = Set(Some(now));
                am.first_submitted_at = Set(Some(first.unwrap_or(now)));
            }
            am.update(txn).await?
        }
        None => {
            annual_report::ActiveModel {
                org_id: Set(save.org_id),
                report_year: Set(save.year),
                status: Set(status.into()),
                form_json: Set(save.form_json.clone()),
                findings_json: Set(save.findings_json.clone()),
                income_total: Set(fin.map(|f| f.income_total)),
                spend_total: Set(fin.map(|f| f.spend_total)),
                assets: Set(fin.map(|f| f.assets)),
                liabilities: Set(fin.map(|f| f.liabilities)),
                net_assets: Set(fin.map(|f| f.net_assets)),
                source: Set("online".into()),
                version: Set(1),
                first_submitted_at: Set(fin.map(|_| now)),
                submitted_at: Set(fin.map(|_| now)),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(txn)
            .await?
        }
    };
    if save.submit {
        let kind = if was_returned { "resubmitted" } else { "submitted" };
        add_event(txn, report.id, kind, "", &save.actor).await?;
        // A trade association's conduct of the year, as filed at submission.
        crate::trade::service::keep_section_in(txn, report.id, save.org_id, save.year).await?;
        if let Some(unit) = save.to_unit.as_ref().filter(|_| report.status == ReportStatus::UnitReview.as_str()) {
            super::first_review::mail_unit_waiting(txn, unit, &save.org_name, report.id, save.year).await?;
        }
    }
    audit::record(
        txn,
        &save.actor,
        Entry {
            action: if save.submit { "report_submit" } else { "report_save" },
            entity: "annual_report",
            entity_id: report.id.to_string(),
            before: None,
            after: Some(json!({"org_id": save.org_id, "year": save.year, "status": status, "version": report.version})),
        },
    )
    .await?;
    Ok(report.id)
}
