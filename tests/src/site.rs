//! The whole site as its users meet it: every page of the route table, with
//! real ids put into its parameters, for every role that may open it. Used by
//! the tests that walk every page (stored markup, duplicate ids, layout).

use sea_orm::ConnectionTrait;

use crate::TestApp;

/// The roles, as the demo users' names (`anonymous` is signed out).
pub const ROLES: [&str; 7] = ["anonymous", "officer", "admin", "org", "inspector", "expert", "unit"];

pub async fn ids(app: &TestApp, sql: &str) -> Vec<String> {
    let rows = app.db.query_all_raw(app::db::stmt(app.db.get_database_backend(), sql, vec![])).await.unwrap();
    rows.iter().map(|r| r.try_get_by_index::<i64>(0).unwrap().to_string()).collect()
}

/// The ids to put into a route's parameter, by the route.
async fn candidates(app: &TestApp, path: &str, org: i64, inspector_user: i64, unit_user: i64) -> Vec<String> {
    let year = app.state.settings.report_year;
    let sql = match path {
        p if p.starts_with("/public/orgs/") || p.starts_with("/officer/orgs/") || p.starts_with("/officer/credit/orgs/") => {
            format!("SELECT id FROM organization WHERE id IN ({org}, (SELECT MAX(id) FROM organization))")
        }
        p if p.starts_with("/officer/import/") => "SELECT id FROM import_job ORDER BY id LIMIT 2".into(),
        p if p.starts_with("/portal/reports/") => return vec![year.to_string(), (year - 1).to_string()],
        p if p.starts_with("/officer/reports/") => format!(
            "SELECT id FROM annual_report WHERE org_id = {org} OR id IN \
             (SELECT MIN(id) FROM annual_report GROUP BY status) ORDER BY id LIMIT 6"
        ),
        p if p.starts_with("/officer/rating/rounds/") => "SELECT id FROM rating_round ORDER BY id LIMIT 2".into(),
        p if p.starts_with("/officer/rating/apps/") || p.starts_with("/expert/apps/") => {
            "SELECT id FROM rating_application ORDER BY id LIMIT 3".into()
        }
        p if p.starts_with("/officer/rating/grades/") || p.starts_with("/rating/certificates/") => {
            "SELECT id FROM rating_grade ORDER BY id LIMIT 2".into()
        }
        p if p.starts_with("/officer/inspections/") || p.starts_with("/public/inspections/") => {
            "SELECT id FROM inspection_campaign ORDER BY id LIMIT 3".into()
        }
        p if p.starts_with("/officer/inspectors/") => "SELECT id FROM inspector ORDER BY id LIMIT 2".into(),
        p if p.starts_with("/officer/departments/") => "SELECT id FROM partner_department ORDER BY id LIMIT 2".into(),
        p if p.starts_with("/officer/rectifications/") => {
            "SELECT id FROM inspection_rectification ORDER BY id LIMIT 2".into()
        }
        p if p.starts_with("/portal/rectifications/") => format!(
            "SELECT id FROM inspection_rectification WHERE org_id = {org} \
             OR id = (SELECT MIN(id) FROM inspection_rectification)"
        ),
        p if p.starts_with("/inspector/targets/") => format!(
            "SELECT t.id FROM inspection_target t WHERE t.id IN (SELECT MIN(id) FROM inspection_target GROUP BY status) \
             OR t.id IN (SELECT a.target_id FROM inspection_assignment a JOIN inspector i ON i.id = a.inspector_id \
             WHERE i.user_id = {inspector_user}) ORDER BY t.id LIMIT 4"
        ),
        p if p.starts_with("/public/charity/") || p.starts_with("/officer/charity/") => {
            format!("SELECT org_id FROM charity WHERE org_id = {org} OR org_id = (SELECT MIN(org_id) FROM charity)")
        }
        p if p.starts_with("/portal/charity/plans/") => {
            format!("SELECT id FROM charity_plan WHERE org_id = {org} OR id = (SELECT MIN(id) FROM charity_plan)")
        }
        p if p.starts_with("/officer/illegal/") => {
            "SELECT id FROM illegal_org WHERE id IN (SELECT MIN(id) FROM illegal_org GROUP BY state) ORDER BY id".into()
        }
        p if p.starts_with("/public/trusts/") => {
            "SELECT id FROM charitable_trust WHERE state = 'accepted' ORDER BY id LIMIT 2".into()
        }
        p if p.starts_with("/officer/trusts/") => "SELECT id FROM charitable_trust WHERE id IN \
             (SELECT MIN(id) FROM charitable_trust GROUP BY state) ORDER BY id"
            .into(),
        p if p.starts_with("/portal/trusts/") => {
            format!("SELECT id FROM charitable_trust WHERE trustee_org_id = {org} ORDER BY id LIMIT 3")
        }
        p if p.starts_with("/officer/lottery/outlets/") => "SELECT id FROM lottery_outlet ORDER BY id LIMIT 2".into(),
        p if p.starts_with("/officer/units/") => {
            "SELECT id FROM supervisory_unit WHERE merged_into IS NULL ORDER BY id LIMIT 2".into()
        }
        // The demo unit user's organizations and reports (one waiting for its first review).
        p if p.starts_with("/unit/orgs/") => format!(
            "SELECT o.id FROM organization o JOIN supervisory_unit_user m ON m.unit_id = o.supervisory_unit_id \
             WHERE m.user_id = {unit_user} ORDER BY o.id LIMIT 1"
        ),
        p if p.starts_with("/unit/reports/") => format!(
            "SELECT MIN(r.id) FROM annual_report r JOIN organization o ON o.id = r.org_id \
             JOIN supervisory_unit_user m ON m.unit_id = o.supervisory_unit_id WHERE m.user_id = {unit_user} \
             GROUP BY r.status = 'unit_review'"
        ),
        _ => return vec!["1".into()],
    };
    ids(app, &sql).await
}

/// Puts `value` in place of the route's one parameter (`{id}` or `:id`).
fn fill(path: &str, value: &str) -> String {
    path.split('/')
        .map(|seg| if seg.starts_with(':') || seg.starts_with('{') { value } else { seg })
        .collect::<Vec<_>>()
        .join("/")
}

/// Who may open which pages.
pub fn opens(role: &str, path: &str) -> bool {
    let public = path == "/" || path.starts_with("/public") || path.starts_with("/rating/certificates");
    match role {
        "anonymous" => public || path == "/login",
        "officer" | "admin" => public || path.starts_with("/officer"),
        "org" => public || path.starts_with("/portal"),
        "inspector" => path.starts_with("/inspector"),
        "expert" => path.starts_with("/expert"),
        "unit" => path == "/unit" || path.starts_with("/unit/"),
        _ => false,
    }
}

/// Every page `role` may open, with its parameters filled in (the demo data
/// must be loaded).
pub async fn pages_of(app: &TestApp, role: &str) -> Vec<String> {
    routes_of(app, role).await.into_iter().map(|(_, p)| p).collect()
}

/// Every page `role` may open, as (route pattern, filled path).
pub async fn routes_of(app: &TestApp, role: &str) -> Vec<(String, String)> {
    let org: i64 = ids(app, "SELECT org_id FROM app_user WHERE username = 'org'").await[0].parse().unwrap();
    let inspector_user: i64 =
        ids(app, "SELECT id FROM app_user WHERE username = 'inspector'").await[0].parse().unwrap();
    let unit_user: i64 = ids(app, "SELECT id FROM app_user WHERE username = 'unit'").await[0].parse().unwrap();
    let mut out = Vec::new();
    for path in server::web::page_paths().iter().filter(|p| opens(role, p)) {
        if path.contains(':') || path.contains('{') {
            if path.starts_with("/invite/") {
                continue;
            }
            for id in candidates(app, path, org, inspector_user, unit_user).await {
                out.push((path.clone(), fill(path, &id)));
            }
        } else {
            out.push((path.clone(), path.clone()));
        }
    }
    out
}
