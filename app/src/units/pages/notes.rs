//! What the supervisory units recorded about a zombie case or a
//! rectification (谁主管、谁负责), beside those cases on the officers' pages.

use leptos::prelude::*;

use crate::i18n::{k, t};
use crate::units::api::get_unit_notes;
use crate::units::types::OfficerNote;

/// The units' notes about one case (`id`), or the newest about every case of
/// its kind (`id` 0: the zombie cases' page), with the organization named.
#[component]
pub fn UnitNotesPanel(subject: &'static str, #[prop(into)] id: Signal<i64>) -> impl IntoView {
    let data = Resource::new(move || (subject, id.get()), |(s, id)| get_unit_notes(s.to_string(), id));
    let title_id = format!("unit-notes-{subject}");
    let heading_id = title_id.clone();
    let list_id = format!("unit-notes-{subject}-list");
    view! {
        <section aria-labelledby=title_id class="unit-notes">
            <h2 id=heading_id>{t(k::UNIT_NOTES_OFFICER)}</h2>
            <Suspense fallback=|| ()>
                {move || data.get().map(|r| match r {
                    Ok(list) if list.is_empty() => view! { <p class="empty">{t(k::UNIT_NOTES_NONE)}</p> }.into_any(),
                    Ok(list) => {
                        let items = list
                            .into_iter()
                            .map(|n: OfficerNote| view! {
                                <li>
                                    <time datetime=n.note.acted_on.clone()>{n.note.acted_on.clone()}</time>
                                    " "<strong>{n.note.unit.clone()}</strong>
                                    {(id.get_untracked() == 0).then(|| view! { " · "<a href=format!("/officer/orgs/{}", n.org_id)>{n.org_name.clone()}</a> })}
                                    " "<span class="muted">{n.note.author.clone()}</span>
                                    <p class="pre-line">{n.note.body.clone()}</p>
                                </li>
                            })
                            .collect_view();
                        view! { <ol class="timeline" id=list_id.clone()>{items}</ol> }.into_any()
                    }
                    Err(e) => view! { <p class="field-error" role="alert">{crate::ui::form::error_text(&e)}</p> }.into_any(),
                })}
            </Suspense>
        </section>
    }
}
