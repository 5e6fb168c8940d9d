//! A result's checklist answered item by item (`inspection_item_answer`,
//! migration 31): written in the transaction of the result (a correction
//! replaces them), read with the targets, the open data and the
//! rectifications. The rules are `domain::checklist`.

use std::collections::HashMap;

use sea_orm::{ConnectionTrait, DbErr, Value};

use super::super::types::ItemAnswerView;
use crate::db;
use crate::domain::checklist::{self, Answered};
use crate::i18n::{coded, Lang};

/// Replaces the answers of target `target_id` with `answers`.
pub(super) async fn replace_in<C: ConnectionTrait>(db: &C, target_id: i64, answers: &[Answered]) -> Result<(), DbErr> {
    db::exec(db, "DELETE FROM inspection_item_answer WHERE target_id = ?", vec![target_id.into()]).await?;
    // A checklist is at most 2,000 characters: one statement holds it.
    if answers.is_empty() {
        return Ok(());
    }
    let marks = vec!["(?, ?, ?, ?, ?)"; answers.len()].join(", ");
    let mut vals: Vec<Value> = Vec::with_capacity(answers.len() * 5);
    for a in answers {
        vals.push(target_id.into());
        vals.push((a.position as i32).into());
        vals.push(a.item.clone().into());
        vals.push(a.answer.as_str().into());
        vals.push(a.note.clone().into());
    }
    db::exec(
        db,
        &format!("INSERT INTO inspection_item_answer (target_id, position, item, answer, note) VALUES {marks}"),
        vals,
    )
    .await?;
    Ok(())
}

/// The answers of each of `target_ids`, in checklist order (targets without
/// any are absent).
pub async fn answers_of<C: ConnectionTrait>(
    db: &C,
    target_ids: &[i64],
) -> Result<HashMap<i64, Vec<ItemAnswerView>>, DbErr> {
    let sql = "SELECT target_id, position, item, answer, note FROM inspection_item_answer \
               WHERE target_id IN ({ids}) ORDER BY target_id, position";
    let mut out: HashMap<i64, Vec<ItemAnswerView>> = HashMap::new();
    for r in db::rows_by_ids(db, sql, vec![], target_ids).await? {
        out.entry(r.try_get("", "target_id")?).or_default().push(ItemAnswerView {
            position: r.try_get("", "position")?,
            item: r.try_get("", "item")?,
            answer: r.try_get("", "answer")?,
            note: r.try_get("", "note")?,
        });
    }
    Ok(out)
}

/// The answers of one target.
pub(super) async fn answers_of_target<C: ConnectionTrait>(db: &C, id: i64) -> Result<Vec<ItemAnswerView>, DbErr> {
    Ok(answers_of(db, &[id]).await?.remove(&id).unwrap_or_default())
}

/// What the audit trail keeps of a result's answers.
pub(super) fn answers_json(answers: &[ItemAnswerView]) -> serde_json::Value {
    answers
        .iter()
        .map(|a| serde_json::json!({ "position": a.position, "item": a.item, "answer": a.answer, "note": a.note }))
        .collect()
}

/// The answers as wire views, as `answers_of` would read them back.
pub(super) fn views(answers: &[Answered]) -> Vec<ItemAnswerView> {
    answers
        .iter()
        .map(|a| ItemAnswerView {
            position: a.position as i32,
            item: a.item.clone(),
            answer: a.answer.as_str().into(),
            note: a.note.clone(),
        })
        .collect()
}

/// An answer's text in `lang` (`insp_answer_<code>`), as the pages say it.
pub fn answer_text(lang: Lang, code: &str) -> &'static str {
    coded(lang, "insp_answer_", code, "na")
}

/// Each answer as a line (`2. 财务管理：不合规（凭证不全）`), in `lang`;
/// `only_not_compliant` keeps the items answered "not compliant".
pub fn answer_lines(lang: Lang, answers: &[ItemAnswerView], only_not_compliant: bool) -> Vec<String> {
    answers
        .iter()
        .filter(|a| !only_not_compliant || a.answer == checklist::Answer::NotCompliant.as_str())
        .map(|a| checklist::answer_line(a.position as usize, &a.item, answer_text(lang, &a.answer), &a.note))
        .collect()
}
