//! Demo data of the supervisory units (业务主管单位), deterministic: the
//! units the demo organizations name, with contacts; two spellings of units
//! the free text of the past would have left (`（市）教育局`, `市卫生健康委`),
//! proposed to the officer as likely duplicates; the demo unit user of 市教育局;
//! and reports of its organizations waiting for its first review (初审).
//! Written once: nothing is added when the demo unit user exists (a top-up
//! of organizations only links them to their units).

use app::audit::service::Actor;
use app::auth::service::{create_user, NewUser};
use app::auth::types::Role;
use app::error::AppError;
use app::state::Settings;
use entity::{app_user, supervisory_unit};
use rand::rngs::StdRng;
use rand::SeedableRng;
use sea_orm::{ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder};

/// The unit of the demo unit user (`DEMO_USERS`' `unit`).
pub const DEMO_UNIT: &str = "市教育局";

/// The demo unit user: (username, password, name).
fn demo_unit_user() -> (&'static str, &'static str, &'static str) {
    let (u, p, n, _) =
        crate::seed::DEMO_USERS.into_iter().find(|u| u.3 == Role::Unit).unwrap_or(("unit", "", "", Role::Unit));
    (u, p, n)
}

/// Links the demo organizations to their units, and the first time writes
/// the units' contacts, the variant spellings, the unit user and the reports
/// waiting for the unit.
pub async fn seed_units(db: &DatabaseConnection, settings: &Settings) -> Result<(), AppError> {
    let (username, password, name) = demo_unit_user();
    let done = app_user::Entity::find().filter(app_user::Column::Username.eq(username)).one(db).await?.is_some();
    let txn = app::db::begin_write(db).await?;
    if !done {
        // Two organizations of each unit below spell it another way, as typed
        // over the years (never the portal user's, the first one).
        for (unit, variant) in [(DEMO_UNIT, "（市）教育局"), ("市卫生健康委员会", "市卫生健康委")] {
            let ids: Vec<i64> = app::db::column(
                &txn,
                "SELECT id FROM organization WHERE supervisory_unit = ? AND supervisory_unit_id IS NULL \
                 AND id > (SELECT MIN(id) FROM organization) ORDER BY id LIMIT 2",
                vec![unit.into()],
                "id",
            )
            .await?;
            for id in ids.into_iter().skip(1) {
                app::db::exec(
                    &txn,
                    "UPDATE organization SET supervisory_unit = ? WHERE id = ?",
                    vec![variant.into(), id.into()],
                )
                .await?;
            }
        }
    }
    app::units::service::link_unlinked_in(&txn).await?;
    if done {
        txn.commit().await?;
        return Ok(());
    }
    // The demo unit user's unit exists even when no demo organization names it.
    let (demo_unit, _) = app::units::service::resolve_in(&txn, Some(DEMO_UNIT)).await?.ok_or(AppError::Internal)?;
    let units = supervisory_unit::Entity::find().order_by_asc(supervisory_unit::Column::Id).all(&txn).await?;
    for (n, u) in units.iter().enumerate() {
        let kind = if u.name.ends_with('局') || u.name.ends_with("委员会") { "government" } else { "other" };
        let person = crate::seed::person(&mut StdRng::seed_from_u64(u.id as u64));
        app::db::exec(
            &txn,
            "UPDATE supervisory_unit SET kind = ?, contact_person = ?, contact_phone = ?, contact_email = ? WHERE id = ?",
            vec![
                kind.into(),
                person.into(),
                format!("0755-8{:07}", 1_000_000 + n * 7919).into(),
                format!("unit{}@sunshine.local", u.id).into(),
                u.id.into(),
            ],
        )
        .await?;
    }
    let email = format!("{username}@sunshine.local");
    let new = NewUser {
        username,
        display_name: name,
        email: &email,
        role: Role::Unit,
        org_id: None,
        password: Some(password),
    };
    let user = create_user(&txn, &Actor::system("seed-demo"), new).await?;
    app::units::service::add_member_in(&txn, user, demo_unit).await?;
    // Half of the unit's reports filed this year wait for its first review.
    app::db::exec(
        &txn,
        "UPDATE annual_report SET status = 'unit_review' WHERE status = 'submitted' AND (id % 2) = 0 \
         AND org_id IN (SELECT id FROM organization WHERE supervisory_unit_id = ?)",
        vec![demo_unit.into()],
    )
    .await?;
    // Each of them has its submission in its history, as a real submission writes it.
    app::db::exec(
        &txn,
        "INSERT INTO report_event (report_id, kind, comment, actor_id, created_at) \
         SELECT r.id, 'submitted', '', NULL, COALESCE(r.submitted_at, r.updated_at) FROM annual_report r \
         WHERE r.status = 'unit_review' AND r.org_id IN (SELECT id FROM organization WHERE supervisory_unit_id = ?) \
         AND NOT EXISTS (SELECT 1 FROM report_event e WHERE e.report_id = r.id AND e.kind IN ('submitted', 'resubmitted'))",
        vec![demo_unit.into()],
    )
    .await?;
    // And the unit was told of each, as a real submission tells it (the outbox
    // holds the mails; `scripts/run.sh` delivers them to its mail catcher).
    let to_unit = app::reports::service::UnitMailing {
        unit_id: demo_unit,
        public_url: settings.public_url.clone(),
        bureau: settings.bureau_name.clone(),
    };
    let backend = sea_orm::ConnectionTrait::get_database_backend(&*txn);
    let waiting = sea_orm::ConnectionTrait::query_all_raw(
        &*txn,
        app::db::stmt(
            backend,
            "SELECT r.id AS id, r.report_year AS year, o.name AS name FROM annual_report r \
         JOIN organization o ON o.id = r.org_id WHERE r.status = 'unit_review' AND o.supervisory_unit_id = ? \
         ORDER BY r.id",
            vec![demo_unit.into()],
        ),
    )
    .await?;
    for r in waiting {
        let (id, year, name): (i64, i32, String) =
            (r.try_get("", "id")?, r.try_get("", "year")?, r.try_get("", "name")?);
        app::reports::service::mail_unit_waiting(&txn, &to_unit, &name, id, year).await?;
    }
    txn.commit().await?;
    Ok(())
}
