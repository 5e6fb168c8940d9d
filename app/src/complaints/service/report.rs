//! Receiving a report: the public form (after its spam checks: the hidden
//! field left empty, a signed start stamp at least some seconds old), an
//! officer recording one received by phone, letter or visit, and a charity's
//! complaint recorded on its page. Each gets a tracking number from the
//! year's sequence; a reporter's one-time code is shown once and stored
//! only as its Argon2 hash.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use entity::{complaint, complaint_attachment, lottery_outlet, organization};
use rand::RngCore;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, QueryFilter, Set};
use serde_json::json;

use super::{event, mac, mac_ok};
use crate::audit::service::{self as audit, Actor, Entry};
use crate::complaints::mails::ComplaintReceived;
use crate::complaints::types::{Receipt, ReportInput};
use crate::complaints::validate::{check_files, check_report, Checked, Upload};
use crate::db::{self, WriteTxn};
use crate::domain::complaint::{self as rules, Status, Subject};
use crate::error::{AppError, FieldError};
use crate::state::Settings;

/// A file as the public form sent it.
pub struct FileUpload {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// The public form's start stamp for `now` (Unix seconds): the time and its
/// MAC under the server's secret, so a robot cannot backdate it.
pub fn form_stamp(secret: &str, now: i64) -> String {
    format!("{now}.{}", mac(secret, &format!("complaint-form:{now}")))
}

/// The time of a genuine start stamp.
fn stamp_time(secret: &str, raw: &str) -> Option<i64> {
    let (time, tag) = raw.trim().split_once('.')?;
    let t: i64 = time.parse().ok()?;
    mac_ok(secret, &format!("complaint-form:{t}"), tag).then_some(t)
}

/// Receives the public form at `now`: refused whole (nothing stored) when
/// the hidden field was filled, the stamp is not ours, or the form came back
/// faster than a person fills it; then as [`record`].
pub async fn submit(
    db: &DatabaseConnection,
    settings: &Settings,
    input: &ReportInput,
    files: &[FileUpload],
    now: DateTime<Utc>,
) -> Result<Receipt, AppError> {
    if !input.website.trim().is_empty() {
        tracing::info!("complaint form refused: the hidden field was filled");
        return Err(AppError::Conflict("cpl_err_refused".into()));
    }
    let started =
        stamp_time(&settings.secret, &input.started).ok_or_else(|| AppError::Conflict("cpl_err_form_stamp".into()))?;
    rules::fill_time(started, now.timestamp(), settings.complaint_min_fill_seconds)
        .map_err(|k| AppError::Conflict(k.into()))?;
    let today = crate::kernel::clock::local_date(now);
    let uploads: Vec<Upload> = files.iter().map(|f| Upload { file_name: &f.file_name, bytes: &f.bytes }).collect();
    create(db, settings, &Actor::system("public"), "online", input, &uploads, today).await.map(|(_, r)| r)
}

/// An officer records a report received another way; the reporter gets the
/// tracking number and code from the officer.
pub async fn record(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    input: &ReportInput,
    today: NaiveDate,
) -> Result<(i64, Receipt), AppError> {
    create(db, settings, actor, "officer", input, &[], today).await
}

/// A new code and its hash (hashed before any transaction: Argon2 is slow on purpose).
fn new_code() -> Result<(String, String), AppError> {
    let mut bytes = [0u8; 32];
    loop {
        rand::thread_rng().fill_bytes(&mut bytes);
        if let Some(code) = rules::code_from_bytes(&bytes) {
            let hash = crate::auth::service::hash_password(&rules::normalize_code(&code))?;
            return Ok((code, hash));
        }
    }
}

/// Every problem of the fields and the files, at once.
fn checked<'a>(
    input: &ReportInput,
    files: &[Upload<'a>],
    settings: &Settings,
    today: NaiveDate,
) -> Result<(Checked, Vec<crate::complaints::validate::CheckedFile<'a>>), AppError> {
    let report = check_report(input, today);
    let files = check_files(files, settings.max_attachment_bytes);
    match (report, files) {
        (Ok(r), Ok(f)) => Ok((r, f)),
        (r, f) => {
            let mut errors: Vec<FieldError> = Vec::new();
            for e in [r.err(), f.err()].into_iter().flatten() {
                errors.extend(e.fields().iter().cloned());
            }
            Err(AppError::Validation(errors))
        }
    }
}

/// The registered organization, the outlet or the name a report is about.
struct Target {
    org_id: Option<i64>,
    outlet_id: Option<i64>,
    name: String,
}

async fn target<C: ConnectionTrait>(db: &C, kind: Subject, subject: &str) -> Result<Target, AppError> {
    match kind {
        Subject::Unregistered => Ok(Target { org_id: None, outlet_id: None, name: subject.to_string() }),
        Subject::Org | Subject::Fundraising => {
            let code = subject.to_uppercase();
            let by_code = code.len() == 18 && code.bytes().all(|b| b.is_ascii_alphanumeric());
            let column = if by_code { organization::Column::CreditCode } else { organization::Column::Name };
            let value = if by_code { code } else { subject.to_string() };
            let o = organization::Entity::find()
                .filter(column.eq(value))
                .one(db)
                .await?
                .ok_or_else(|| AppError::field("subject", "cpl_err_org_unknown"))?;
            Ok(Target { org_id: Some(o.id), outlet_id: None, name: o.name })
        }
        Subject::Outlet => {
            let no = crate::domain::lottery::check_outlet_no(subject).map_err(|k| AppError::field("subject", k))?;
            let o = lottery_outlet::Entity::find()
                .filter(lottery_outlet::Column::OutletNo.eq(no))
                .one(db)
                .await?
                .ok_or_else(|| AppError::field("subject", "cpl_err_outlet_unknown"))?;
            Ok(Target { org_id: None, outlet_id: Some(o.id), name: format!("{}（{}）", o.name, o.outlet_no) })
        }
    }
}

/// The next tracking number of `today`'s year.
async fn next_number(txn: &WriteTxn, today: NaiveDate) -> Result<String, AppError> {
    let seq = db::next_number(txn, rules::SEQUENCE, today.year(), 0).await?;
    Ok(rules::format_number(today.year(), seq))
}

async fn create(
    db: &DatabaseConnection,
    settings: &Settings,
    actor: &Actor,
    channel: &str,
    input: &ReportInput,
    files: &[Upload<'_>],
    today: NaiveDate,
) -> Result<(i64, Receipt), AppError> {
    let (c, files) = checked(input, files, settings, today)?;
    let (code, code_hash) = new_code()?;
    let due = rules::due_on(today, settings.complaint_reply_days, &settings.inspection_holidays);
    let txn = db::begin_write(db).await?;
    let target = target(&*txn, c.subject_kind, &c.subject).await?;
    let number = next_number(&txn, today).await?;
    let now = Utc::now();
    let row = complaint::ActiveModel {
        number: Set(number.clone()),
        code_hash: Set(Some(code_hash)),
        channel: Set(channel.into()),
        subject_kind: Set(c.subject_kind.as_str().into()),
        org_id: Set(target.org_id),
        outlet_id: Set(target.outlet_id),
        subject_name: Set(target.name.clone()),
        what: Set(c.what),
        place: Set(c.place),
        happened_on: Set(c.happened_on),
        reporter_name: Set(c.name),
        reporter_phone: Set(c.phone),
        reporter_email: Set(c.email.clone()),
        status: Set(Status::Received.as_str().into()),
        officer_id: Set(None),
        received_on: Set(today),
        due_on: Set(due),
        reply: Set(None),
        replied_on: Set(None),
        outcome: Set(None),
        referred_to: Set(None),
        closed_on: Set(None),
        case_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    for f in &files {
        let sha = {
            use sha2::Digest;
            hex::encode(sha2::Sha256::digest(f.bytes))
        };
        complaint_attachment::ActiveModel {
            complaint_id: Set(row.id),
            file_name: Set(f.file_name.clone()),
            content_type: Set(f.content_type.into()),
            size_bytes: Set(f.bytes.len() as i64),
            sha256: Set(sha),
            content: Set(f.bytes.to_vec()),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(&*txn)
        .await?;
    }
    event(&*txn, row.id, "received", today, actor, "").await?;
    audit::record(
        &txn,
        actor,
        Entry {
            action: "complaint_receive",
            entity: "complaint",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(json!({
                "number": number, "channel": channel, "subject_kind": c.subject_kind.as_str(),
                "subject": target.name, "org_id": target.org_id, "outlet_id": target.outlet_id,
                "files": files.len(), "due_on": due,
            })),
        },
    )
    .await?;
    if let Some(to) = &c.email {
        let letter = ComplaintReceived {
            bureau: settings.bureau_name.clone(),
            number: number.clone(),
            due: due.to_string(),
            url: settings.public_url.clone(),
        };
        crate::mail::service::send(&*txn, to, &letter, None).await?;
    }
    txn.commit().await?;
    Ok((row.id, Receipt { number, code, due_on: due.to_string() }))
}

/// Records a complaint about registered organization `org_id` received on
/// `received_on`, inside the caller's transaction (a charity's page): by an
/// officer, without a reporter's code.
pub async fn record_for_org(
    txn: &WriteTxn,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    received_on: NaiveDate,
    what: &str,
) -> Result<i64, AppError> {
    let o = organization::Entity::find_by_id(org_id).one(&**txn).await?.ok_or(AppError::NotFound)?;
    let number = next_number(txn, received_on).await?;
    let due = rules::due_on(received_on, settings.complaint_reply_days, &settings.inspection_holidays);
    let now = Utc::now();
    let row = complaint::ActiveModel {
        number: Set(number.clone()),
        code_hash: Set(None),
        channel: Set("officer".into()),
        subject_kind: Set(Subject::Org.as_str().into()),
        org_id: Set(Some(o.id)),
        outlet_id: Set(None),
        subject_name: Set(o.name.clone()),
        what: Set(what.to_string()),
        place: Set(String::new()),
        happened_on: Set(None),
        reporter_name: Set(None),
        reporter_phone: Set(None),
        reporter_email: Set(None),
        status: Set(Status::Received.as_str().into()),
        officer_id: Set(None),
        received_on: Set(received_on),
        due_on: Set(due),
        reply: Set(None),
        replied_on: Set(None),
        outcome: Set(None),
        referred_to: Set(None),
        closed_on: Set(None),
        case_id: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&**txn)
    .await?;
    event(&**txn, row.id, "received", received_on, actor, "").await?;
    audit::record(
        txn,
        actor,
        Entry {
            action: "complaint_receive",
            entity: "complaint",
            entity_id: row.id.to_string(),
            before: None,
            after: Some(json!({
                "number": number, "channel": "officer", "subject_kind": "org", "subject": o.name,
                "org_id": o.id, "due_on": due,
            })),
        },
    )
    .await?;
    Ok(row.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn start_stamps_are_signed() {
        let s = form_stamp("secret", 1_765_000_000);
        assert_eq!(stamp_time("secret", &s), Some(1_765_000_000));
        assert_eq!(stamp_time("another", &s), None);
        let forged = s.replacen("1765000000", "1764000000", 1);
        assert_eq!(stamp_time("secret", &forged), None);
        assert_eq!(stamp_time("secret", "1765000000"), None);
        assert_eq!(stamp_time("", &form_stamp("", 5)), None, "no secret, no stamp");
    }
}
