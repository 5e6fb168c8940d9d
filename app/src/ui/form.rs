//! Accessible form fields: a label, a hint, the field, its error under it, and
//! an error summary at the top of the form that links to each field.

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::error::{AppError, FieldError};
use crate::flash::form_flash;
use crate::i18n::{k, lookup, t, tf, use_lang, Key};

/// Errors and typed values of one form, from the last submission: the action's
/// result with JavaScript on, the flash cookie with JavaScript off.
/// A failure carried by the flash: summary key, field errors, message argument.
type FlashError = (String, Vec<FieldError>, Option<String>);

#[derive(Clone, Copy)]
pub struct FormState {
    pub error: Signal<Option<AppError>>,
    values: StoredValue<BTreeMap<String, String>>,
    flash_error: StoredValue<Option<FlashError>>,
    /// Set on a page with several forms that share field names: the forms'
    /// element ids then carry it (`f-return-comment`), so every id is unique.
    scope: StoredValue<Option<String>>,
}

impl FormState {
    pub fn new(form: &str, error: Signal<Option<AppError>>) -> FormState {
        let flash = form_flash(form);
        let values = flash.as_ref().map(|f| f.values.clone()).unwrap_or_default();
        let flash_error = flash.map(|f| (f.summary.unwrap_or_else(|| "err_validation".into()), f.errors, f.notice_arg));
        FormState {
            error,
            values: StoredValue::new(values),
            flash_error: StoredValue::new(flash_error),
            scope: StoredValue::new(None),
        }
    }

    /// The same form with its element ids scoped by `scope` (see the field).
    pub fn scoped(self, scope: impl Into<String>) -> FormState {
        self.scope.set_value(Some(scope.into()));
        self
    }

    /// The element id of `field` in this form.
    pub fn id(&self, field: &str) -> String {
        match self.scope.get_value() {
            Some(scope) => field_id(&format!("{scope}-{field}")),
            None => field_id(field),
        }
    }

    pub fn errors(&self) -> Vec<FieldError> {
        match self.error.get() {
            Some(e) => e.fields().to_vec(),
            None => self.flash_error.with_value(|f| f.as_ref().map(|f| f.1.clone()).unwrap_or_default()),
        }
    }

    /// The summary message of the last failure, already translated.
    pub fn summary(&self) -> Option<String> {
        let lang = use_lang();
        match self.error.get() {
            Some(AppError::Locked { minutes }) => {
                Some(lookup(lang, "err_locked").replace("{minutes}", &minutes.to_string()))
            }
            Some(e) => Some(lookup(lang, e.message_key())),
            None => self.flash_error.with_value(|f| {
                f.as_ref().map(|(key, _, arg)| lookup(lang, key).replace("{minutes}", arg.as_deref().unwrap_or("")))
            }),
        }
    }

    pub fn field_error(&self, field: &str) -> Option<String> {
        let lang = use_lang();
        self.errors().into_iter().find(|e| e.field == field).map(|e| crate::i18n::message(lang, &e.message))
    }

    /// The value to show: what was typed in a failed plain-form submission,
    /// otherwise `initial`.
    pub fn value(&self, field: &str, initial: &str) -> String {
        self.values.with_value(|v| v.get(field).cloned()).unwrap_or_else(|| initial.to_string())
    }
}

/// Field id used by labels, the summary's links and tests.
pub fn field_id(name: &str) -> String {
    format!("f-{}", name.replace(['[', ']'], "_").trim_end_matches('_'))
}

/// The summary of errors at the top of a form. `labels` maps field names to
/// their label keys, so each entry names the field and links to it; `named`
/// gives fields made from data (a checklist's items) their label as shown.
#[component]
pub fn ErrorSummary(
    state: FormState,
    labels: Vec<(&'static str, Key)>,
    #[prop(optional)] named: Vec<(String, String)>,
) -> impl IntoView {
    let labels = StoredValue::new(labels);
    let named = StoredValue::new(named);
    // After a failed submission focus moves to the summary, so a keyboard or
    // screen-reader user hears what went wrong and can follow its links
    // (GOV.UK's pattern): in the browser when the error arrives, and through
    // `autofocus` when the page comes back from a plain form post.
    let summary_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if state.summary().is_some() {
            if let Some(el) = summary_ref.get() {
                let _ = el.focus();
            }
        }
    });
    move || {
        state.summary().map(|summary| {
            let lang = use_lang();
            let items = state
                .errors()
                .into_iter()
                .map(|e| {
                    let label = labels
                        .with_value(|l| l.iter().find(|(n, _)| *n == e.field).map(|(_, key)| *key))
                        .map(|key| crate::i18n::text(lang, key).to_string())
                        .or_else(|| named.with_value(|l| l.iter().find(|(n, _)| *n == e.field).map(|(_, s)| s.clone())))
                        .unwrap_or_else(|| e.field.clone());
                    let href = format!("#{}", state.id(&e.field));
                    view! { <li><a href=href>{label}": "{crate::i18n::message(lang, &e.message)}</a></li> }
                })
                .collect_view();
            let id = match state.scope.get_value() {
                Some(scope) => format!("error-summary-{scope}"),
                None => "error-summary".to_string(),
            };
            view! {
                <div class="error-summary" role="alert" tabindex="-1" id=id autofocus=true node_ref=summary_ref>
                    <h2>{summary}</h2>
                    <ul>{items}</ul>
                </div>
            }
        })
    }
}

/// A labelled input with hint and error.
#[component]
pub fn Field(
    state: FormState,
    /// The form field name, e.g. `input[name]`; errors use the inner name.
    name: &'static str,
    /// The name errors are reported under (the struct field).
    error_name: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] initial: String,
    #[prop(default = "text")] kind: &'static str,
    #[prop(optional)] autocomplete: Option<&'static str>,
    /// An error computed in the browser as the user types (e.g. the credit code).
    #[prop(optional, into)]
    live_error: Option<Signal<Option<String>>>,
    #[prop(optional)] on_input: Option<Callback<String>>,
    /// The id of a `<datalist>` of suggestions.
    #[prop(optional)]
    list: Option<&'static str>,
) -> impl IntoView {
    let id = state.id(error_name);
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let value = state.value(error_name, &initial);
    let error = Signal::derive(move || live_error.and_then(|s| s.get()).or_else(|| state.field_error(error_name)));
    let described = {
        let hint_id = hint_id.clone();
        let err_id = err_id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(err_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    view! {
        <div class="field">
            <label for=id.clone()>
                {t(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(h)}</p> })}
            <input
                id=id.clone()
                name=name
                type=kind
                value=value
                required=required
                autocomplete=autocomplete
                list=list
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                on:input=move |ev| {
                    if let Some(cb) = on_input {
                        cb.run(event_target_value(&ev));
                    }
                }
            />
            {move || error.get().map(|e| view! { <p class="field-error" id=err_id.clone()>{e}</p> })}
        </div>
    }
}

/// A labelled multi-line text field.
#[component]
pub fn TextArea(
    state: FormState,
    name: &'static str,
    error_name: &'static str,
    label: Key,
    #[prop(optional)] hint: Option<Key>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] initial: String,
) -> impl IntoView {
    let id = state.id(error_name);
    let hint_id = format!("{id}-hint");
    let err_id = format!("{id}-error");
    let value = state.value(error_name, &initial);
    let error = Signal::derive(move || state.field_error(error_name));
    let described = hint.map(|_| hint_id.clone());
    view! {
        <div class="field">
            <label for=id.clone()>
                {t(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            {hint.map(|h| view! { <p class="hint" id=hint_id.clone()>{t(h)}</p> })}
            <textarea
                id=id.clone()
                name=name
                rows="3"
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
            >
                {textarea_text(value)}
            </textarea>
            {move || error.get().map(|e| view! { <p class="field-error" id=err_id.clone()>{e}</p> })}
        </div>
    }
}

/// The text inside a `<textarea>`. Leptos writes a textarea's children to the
/// server's HTML unescaped (the element holds raw text), so a saved
/// `</textarea><script>…` would end the element and run: the server escapes it
/// here, and the browser decodes the entities back into the same text. In the
/// browser the text becomes a DOM text node, which needs no escaping; on
/// hydration the node the server wrote is kept as it is.
pub fn textarea_text(value: String) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&value).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        value
    }
}

/// A labelled select. `options` are (value, label text).
#[component]
pub fn Select(
    state: FormState,
    name: &'static str,
    error_name: &'static str,
    label: Key,
    options: Vec<(String, String)>,
    #[prop(optional)] required: bool,
    #[prop(into, optional)] initial: String,
    #[prop(optional)] on_change: Option<Callback<String>>,
) -> impl IntoView {
    let id = state.id(error_name);
    let err_id = format!("{id}-error");
    let value = state.value(error_name, &initial);
    let error = Signal::derive(move || state.field_error(error_name));
    let opts = options
        .into_iter()
        .map(|(v, l)| {
            let selected = v == value;
            view! { <option value=v selected=selected>{l}</option> }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>
                {t(label)}
                {required.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
            </label>
            <select
                id=id.clone()
                name=name
                required=required
                aria-invalid=move || error.get().is_some().then_some("true")
                on:change=move |ev| {
                    if let Some(cb) = on_change {
                        cb.run(event_target_value(&ev));
                    }
                }
            >
                {opts}
            </select>
            {move || error.get().map(|e| view! { <p class="field-error" id=err_id.clone()>{e}</p> })}
        </div>
    }
}

/// Text shown when a request failed as a whole (not a field).
pub fn error_text(e: &AppError) -> String {
    match e {
        AppError::Locked { minutes } => tf(k::ERR_LOCKED, &[("minutes", minutes.to_string())]),
        e => lookup(use_lang(), e.message_key()),
    }
}
