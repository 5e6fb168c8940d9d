//! The administrators' page of the documents' templates: each kind's
//! template in use with its placeholders, a form that saves a new version
//! (checked: an unknown placeholder is refused and changes nothing) and one
//! that puts the default text back. Both are plain posts that work without
//! JavaScript.

use leptos::prelude::*;

use super::api::{get_templates, ResetTemplate, SaveTemplate};
use super::types::TemplateView;
use crate::i18n::{k, lookup, t, tf, use_lang};
use crate::ui::form::{ErrorSummary, Field, FormState, TextArea};
use crate::ui::head::PageHead;
use crate::ui::load::loaded;

#[component]
pub fn TemplatesPage() -> impl IntoView {
    let list = Resource::new(|| (), |_| get_templates());
    view! {
        <PageHead title=t(k::DOC_TEMPLATES_TITLE) />
        <p class="muted">{t(k::DOC_TEMPLATES_INTRO)}</p>
        {loaded(list, move |rows| {
            rows.into_iter().map(|row| view! { <TemplateForm row=row /> }).collect_view().into_any()
        })}
    }
}

#[component]
fn TemplateForm(row: TemplateView) -> impl IntoView {
    let save = ServerAction::<SaveTemplate>::new();
    let reset = ServerAction::<ResetTemplate>::new();
    let form = format!("template_{}", row.kind);
    let state =
        FormState::new(&form, Signal::derive(move || save.value().get().and_then(|r| r.err()))).scoped(form.clone());
    let name = lookup(use_lang(), &format!("pen_doc_{}", row.kind));
    let placeholders = row.placeholders.iter().map(|p| format!("{{{{{p}}}}}")).collect::<Vec<_>>().join(" ");
    let labels = vec![("title", k::DOC_TEMPLATE_TITLE), ("body", k::DOC_TEMPLATE_BODY)];
    let version = if row.edited {
        tf(k::DOC_TEMPLATE_EDITED, &[("n", row.version.to_string())])
    } else {
        t(k::DOC_TEMPLATE_DEFAULT).to_string()
    };
    let kind = row.kind.clone();
    let reset_kind = row.kind.clone();
    let section_id = format!("template-{}", row.kind);
    let name_id = format!("template-{}-name", row.kind);
    let labelled_by = name_id.clone();
    view! {
        <section class="card" id=section_id aria-labelledby=labelled_by>
            <h2 id=name_id>{name}</h2>
            <p class="muted">{version}</p>
            <p class="muted">{t(k::DOC_TEMPLATE_PLACEHOLDERS)}" "<span class="mono">{placeholders}</span></p>
            <ActionForm action=save attr:class="form" attr:novalidate=true>
                <ErrorSummary state=state labels=labels />
                <input type="hidden" name="input[kind]" value=kind.clone() />
                <Field state=state name="input[title]" error_name="title" label=k::DOC_TEMPLATE_TITLE initial=row.title.clone() required=true />
                <TextArea state=state name="input[body]" error_name="body" label=k::DOC_TEMPLATE_BODY hint=k::DOC_TEMPLATE_BODY_HINT initial=row.body.clone() required=true />
                <div class="form-actions">
                    <button type="submit" class="btn btn-primary">{t(k::DOC_TEMPLATE_SAVE)}</button>
                </div>
            </ActionForm>
            {row.edited.then(|| view! {
                <ActionForm action=reset attr:class="form-inline">
                    <input type="hidden" name="kind" value=reset_kind.clone() />
                    <button type="submit" class="btn">{t(k::DOC_TEMPLATE_RESET)}</button>
                </ActionForm>
            })}
        </section>
    }
}
