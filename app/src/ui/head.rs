//! A page's head: its title, what the record is, and the page's actions.

use leptos::prelude::*;

/// The head of a page: its title (the page's one `h1`), beside it what the
/// record shown is (`badge`: a status or a grade), and the page's actions
/// (`children`: links, buttons, the CSV export) in one `page-actions` group
/// at the end of the row (under the title on a phone).
///
/// The title is a message (`t(k::…)`) or a record's name; the group is left
/// out when there are no actions, and hidden by the style sheet when the
/// actions given render nothing (e.g. an edit link only while editable).
#[component]
pub fn PageHead(
    /// The page's title.
    title: impl IntoView + 'static,
    /// The title's `id`, where a section or a test names it.
    #[prop(optional)]
    id: Option<&'static str>,
    /// What the record is, shown beside the title (a badge).
    #[prop(optional)]
    badge: Option<AnyView>,
    /// The page's actions.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let title = view! { <h1 class="page-title" id=id>{title}</h1> };
    // One branch each, so that nothing absent leaves a placeholder behind.
    match (badge, children) {
        (None, None) => view! { <div class="page-head">{title}</div> }.into_any(),
        (None, Some(actions)) => view! {
            <div class="page-head">{title}<div class="page-actions">{actions()}</div></div>
        }
        .into_any(),
        (Some(badge), None) => view! { <div class="page-head">{title}{badge}</div> }.into_any(),
        (Some(badge), Some(actions)) => view! {
            <div class="page-head">{title}{badge}<div class="page-actions">{actions()}</div></div>
        }
        .into_any(),
    }
}
