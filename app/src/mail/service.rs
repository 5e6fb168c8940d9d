use chrono::Utc;
use entity::{app_user, mail_outbox, organization};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};

/// One e-mail, with an optional text attachment (e.g. a CSV list).
#[derive(Clone, Debug)]
pub struct Mail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub attachment: Option<Attachment>,
}

#[derive(Clone, Debug)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub body: String,
}

/// Queues `letter` to `to` (rendered in [`super::MAIL_LANG`]) in the outbox,
/// with an optional attachment; like [`enqueue`], inside the transaction of
/// the change that causes it.
pub async fn send<C: ConnectionTrait, L: super::Letter>(
    db: &C,
    to: &str,
    letter: &L,
    attachment: Option<Attachment>,
) -> Result<i64, DbErr> {
    let (subject, body) = super::render(super::MAIL_LANG, letter);
    enqueue(db, Mail { to: to.to_string(), subject, body, attachment }).await
}

/// The addresses that hear about an organization: its contact and its active
/// portal users, each once.
pub async fn org_addresses<C: ConnectionTrait>(db: &C, o: &organization::Model) -> Result<Vec<String>, DbErr> {
    let mut to: Vec<String> = app_user::Entity::find()
        .filter(app_user::Column::OrgId.eq(o.id))
        .filter(app_user::Column::Active.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|u| u.email)
        .collect();
    to.push(o.contact_email.clone());
    to.retain(|a| !a.trim().is_empty());
    to.sort();
    to.dedup();
    Ok(to)
}

/// Sends `letter` to every address of the organization ([`org_addresses`]).
pub async fn mail_org<C: ConnectionTrait, L: super::Letter>(
    db: &C,
    o: &organization::Model,
    letter: &L,
) -> Result<(), DbErr> {
    for to in org_addresses(db, o).await? {
        send(db, &to, letter, None).await?;
    }
    Ok(())
}

/// Queues `mail`, already written, in the outbox: the raw form under
/// [`send`], public only for the tests of the outbox and the mailer (features
/// send letters). Call it inside the transaction of the change that causes
/// the mail, so both are committed or neither.
pub async fn enqueue<C: ConnectionTrait>(db: &C, mail: Mail) -> Result<i64, DbErr> {
    let now = Utc::now();
    let (name, mime, body) = match mail.attachment {
        Some(a) => (Some(a.name), Some(a.mime), Some(a.body)),
        None => (None, None, None),
    };
    let res = mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        to_addr: Set(mail.to),
        subject: Set(mail.subject),
        body_text: Set(mail.body),
        attachment_name: Set(name),
        attachment_mime: Set(mime),
        attachment_body: Set(body),
        status: Set("pending".into()),
        attempts: Set(0),
        next_attempt_at: Set(now),
        claimed_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
        ..Default::default()
    })
    .exec(db)
    .await?;
    Ok(res.last_insert_id)
}
