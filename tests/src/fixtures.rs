//! Forms the feature tests fill in again and again: a complete annual report,
//! a fundraising plan, an inspector of the directory, a penalty case decided,
//! a charity recognized.

use chrono::NaiveDate;

use crate::{pairs, Res, TestApp};

/// A complete, balanced 社会团体 report form (yuan), with its party section
/// (an independent party organization of three full members).
pub fn report_form() -> Vec<(String, String)> {
    [
        ("changes", "无"),
        ("board_meetings", "2"),
        ("activities", "举办摄影培训12期，服务会员300人次"),
        ("projects", "3"),
        ("staff_full_time", "4"),
        ("staff_part_time", "1"),
        ("volunteers", "25"),
        ("income_donations", "100000"),
        ("income_grants", "50000"),
        ("income_services", "30000"),
        ("income_dues", "20000"),
        ("income_investment", "0"),
        ("income_other", "0"),
        ("income_total", "200000"),
        ("spend_activities", "150000"),
        ("spend_admin", "30000"),
        ("spend_fundraising", "0"),
        ("spend_other", "0"),
        ("spend_total", "180000"),
        ("assets", "500000"),
        ("liabilities", "100000"),
        ("net_assets", "400000"),
        ("party_kind", "independent"),
        ("party_members", "3"),
        ("party_activities", "6"),
        ("party_charter", "yes"),
        ("party_board", "yes"),
    ]
    .into_iter()
    .map(|(k, v)| (format!("input[form][{k}]"), v.to_string()))
    .collect()
}

/// A fundraising plan's form, public fundraising by `method` (and `platform`).
pub fn plan_fields(start: NaiveDate, end: NaiveDate, method: &str, platform: &str) -> Vec<(String, String)> {
    [
        ("input[title]", "2026年阳光助学募捐"),
        ("input[purpose]", "资助困难家庭学生完成学业"),
        ("input[start_on]", &start.to_string()),
        ("input[end_on]", &end.to_string()),
        ("input[region]", "阳光市"),
        ("input[method]", method),
        ("input[platform]", platform),
        ("input[target]", "1000000"),
        ("input[uses]", "助学金发放和学习用品采购"),
        ("input[beneficiaries]", "本市困难家庭在读学生"),
        ("input[bank_account]", "阳光银行 6222 0000 1111"),
        ("input[person_in_charge]", "李慈"),
        ("input[office_address]", "阳光市南山区公益路8号"),
        ("input[cost_budget]", "30000"),
        ("input[leftover]", "转入下一期助学项目"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

/// Saves a new inspector through the directory's form.
pub async fn save_inspector(
    app: &mut TestApp,
    name: &str,
    unit: &str,
    email: &str,
    cert: &str,
    districts: &str,
) -> Res {
    app.call(
        "/api/inspection/inspector/save",
        &[
            ("id", "0"),
            ("input[name]", name),
            ("input[unit]", unit),
            ("input[email]", email),
            ("input[phone]", "0755-1234567"),
            ("input[cert_no]", cert),
            ("input[cert_valid_until]", "2099-12-31"),
            ("input[districts]", districts),
            ("input[active]", "on"),
        ],
    )
    .await
}

/// A result form's checklist answers for a checklist of `items` items: each
/// item's answer (`input[answers][i<n>]`) and note (`input[notes][i<n>]`), as
/// the form posts them — every item compliant with an empty note but those
/// given in `answers` (index from 0, `yes` | `no` | `na`, note).
pub fn checklist_answers(items: usize, answers: &[(usize, &str, &str)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for n in 0..items {
        let (answer, note) =
            answers.iter().find(|(i, _, _)| *i == n).map(|(_, a, note)| (*a, *note)).unwrap_or(("yes", ""));
        out.push((format!("input[answers][i{n}]"), answer.to_string()));
        out.push((format!("input[notes][i{n}]"), note.to_string()));
    }
    out
}

/// Takes a penalty case opened from zombie case `zombie` (社团条例 §30(3),
/// serious) to a decided revocation today, through the officers' forms
/// (evidence, notice, the party's written waiver, legal review): the
/// decision revokes the registration, as the zombie cleanup's "revoke" needs.
/// The signed-in user is an officer. Returns the case's id.
pub async fn decided_revocation(app: &mut TestApp, zombie: i64) -> i64 {
    let res = app
        .call(
            "/api/penalty/open",
            &[
                ("input[source]", "zombie"),
                ("input[source_id]", &zombie.to_string()),
                ("input[violation_code]", "st30_3"),
                ("input[facts]", "连续三年未接受年度检查，经书面通知逾期未说明情况"),
            ],
        )
        .await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
    let id = res.body.trim().to_string();
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 1, 2, 3];
    let revocation = [("input[sanctions][revocation]", "on"), ("input[gravity]", "serious")];
    let notice = [revocation.as_slice(), &[("input[method]", "in_person")]].concat();
    let decision = [revocation.as_slice(), &[("input[legal_review_done]", "on")]].concat();
    let steps: [(&str, &[(&str, &str)]); 4] =
        [("approve_opening", &[]), ("serve_notice", &notice), ("waive", &[]), ("decide_penalty", &decision)];
    for (i, (action, more)) in steps.into_iter().enumerate() {
        if i == 1 {
            let res = app.upload_fields(&format!("/officer/cases/{id}/evidence"), &[], "退信.png", &png).await;
            assert_eq!(res.status, http::StatusCode::SEE_OTHER, "{}", res.body);
        }
        let mut fields = vec![("id".to_string(), id.clone()), ("input[action]".to_string(), action.to_string())];
        fields.extend(more.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        let res = app.call("/api/penalty/step", &pairs(&fields)).await;
        assert_eq!(res.status, http::StatusCode::OK, "{action}: {}", res.body);
    }
    id.parse().expect("a case id")
}

/// Recognizes the registered organization `code` as a charity today (the
/// officer signed in), its charter checked.
pub async fn recognize(app: &mut TestApp, code: &str) {
    let t = app::kernel::clock::today().to_string();
    let res = app
        .call(
            "/api/charity/recognize",
            &[("input[credit_code]", code), ("input[recognized_on]", &t), ("input[charter_ok]", "on")],
        )
        .await;
    assert_eq!(res.status, http::StatusCode::OK, "{}", res.body);
}

/// Opens a rating round (social groups, applications open today) and has the
/// organization user `user` (password `password`) apply; signs the officer in
/// again; the application's id.
pub async fn rating_application(app: &mut TestApp, user: &str, password: &str) -> i64 {
    use app::kernel::clock::today;
    use chrono::{Datelike, Days};
    use http::StatusCode;
    use sea_orm::EntityTrait;
    let (from, to) = (today() - Days::new(1), today() + Days::new(30));
    let res = app
        .post_form(
            "/api/rating/round/open",
            "/officer/rating",
            &[
                ("input[year]", &today().year().to_string()),
                ("input[title]", "2026年度社会组织等级评估"),
                ("input[org_types][social_group]", "on"),
                ("input[apply_from]", &from.to_string()),
                ("input[apply_to]", &to.to_string()),
                ("input[notice_days]", "7"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FOUND, "{}", res.body);
    let round = res.location().unwrap().rsplit('/').next().unwrap().to_string();
    app.logout().await;
    app.login(user, password).await;
    let res = app
        .call(
            "/api/rating/apply",
            &[
                ("input[round_id]", &round),
                ("input[self_score]", "860"),
                ("input[self_assessment]", "党建引领，规范运作。"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.body);
    app.logout().await;
    app.login("officer1", "Officer#Pass1").await;
    entity::rating_application::Entity::find().one(&app.db).await.unwrap().unwrap().id
}
